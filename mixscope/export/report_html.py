"""HTML building blocks of the health report: escaped-by-default markup, tables, figures, the page.

Every string becomes HTML through :func:`escape` unless it is :class:`Html`, which only the
builders here make, from parts they escaped themselves: a corpus name, a column name or a
document's text can never become markup. Figures travel as JSON in ``<script
type="application/json">`` blocks (data, never run) with every ``<``, ``>`` and ``&`` written as a
``\\u`` escape, so no text in them can close the block. The page carries a Content-Security-Policy
that lets only its own two scripts run (by hash) and loads nothing from anywhere.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

__all__ = [
    "Html",
    "Page",
    "details",
    "escape",
    "figure_json",
    "join",
    "json_text",
    "pre",
    "status_badge",
    "table",
    "tag",
    "void",
]

#: Statuses with a colour of their own (anything else is drawn as n/a).
_STATUS_CLASSES = {"pass": "pass", "warn": "warn", "fail": "fail", "n/a": "na"}


class Html(str):
    """Markup built here from escaped parts: inserted as it is (any other string is escaped)."""

    __slots__ = ()


def escape(value: object) -> Html:
    """``value`` as HTML text: :class:`Html` as it is, anything else escaped (quotes too).

    Examples
    --------
    >>> escape('<img src=x onerror="alert(1)">')
    '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;'
    >>> escape(Html("<b>kept</b>"))
    '<b>kept</b>'
    """
    if isinstance(value, Html):
        return value
    return Html(html.escape(str(value), quote=True))


def join(parts: Iterable[object], sep: str = "") -> Html:
    """The parts escaped (unless :class:`Html`) and joined."""
    return Html(escape(sep).join(escape(p) for p in parts))


def tag(element: str, /, *children: object, **attrs: object) -> Html:
    """``<element attrs>children</element>``; attribute values and children are escaped. A trailing
    underscore is dropped from an attribute name (``class_``), other underscores become
    hyphens; attributes whose value is None or False are left out.

    Examples
    --------
    >>> tag("td", "a < b", class_="num", data_x=None)
    '<td class="num">a &lt; b</td>'
    """
    return Html(f"<{element}{_attrs(attrs)}>{join(children)}</{element}>")


def void(element: str, /, **attrs: object) -> Html:
    """An element without content (``<meta ...>``), attributes as for :func:`tag`."""
    return Html(f"<{element}{_attrs(attrs)}>")


def _attrs(attrs: Mapping[str, object]) -> str:
    return "".join(
        f" {key.rstrip('_').replace('_', '-')}" + ("" if value is True else f'="{escape(value)}"')
        for key, value in attrs.items()
        if value is not None and value is not False
    )


def status_badge(status: object) -> Html:
    """A coloured badge with the status word (an unknown status is grey)."""
    css = _STATUS_CLASSES.get(str(status), "na")
    return tag("span", str(status), class_=f"badge {css}")


def pre(text: object) -> Html:
    """Preformatted, escaped text (JSON, a spec, settings)."""
    return tag("pre", text)


def details(summary: object, *children: object, open_: bool = False) -> Html:
    """A collapsed block: ``summary`` shown, ``children`` on a click."""
    return tag("details", tag("summary", summary), *children, open=open_)


def table(
    rows: Sequence[Mapping[Any, Any]],
    columns: Mapping[str, str],
    *,
    numeric: Iterable[str] = (),
    text: Iterable[str] = (),
) -> Html:
    """A table of ``rows`` (mappings) showing ``columns`` (key -> heading), cells escaped unless
    :class:`Html`; ``numeric`` columns are right-aligned, ``text`` columns (documents) wrap.

    Examples
    --------
    >>> markup = table([{"n": 3, "name": "<b>"}], {"name": "corpus", "n": "documents"},
    ...                numeric=["n"])
    >>> markup.split("<tbody>")[1]
    '<tr><td>&lt;b&gt;</td><td class="num">3</td></tr></tbody></table>'
    """
    classes = dict.fromkeys(numeric, "num") | dict.fromkeys(text, "text")
    head = tag("tr", *(tag("th", title) for title in columns.values()))
    body = [
        tag("tr", *(tag("td", row.get(key, ""), class_=classes.get(key)) for key in columns))
        for row in rows
    ]
    return tag("table", tag("thead", head), tag("tbody", *body))


def figure_json(figure: go.Figure) -> str:
    """A figure as JSON safe inside a ``<script>`` block: ``<``, ``>`` and ``&`` (only ever inside
    JSON strings) written as ``\\u`` escapes, so no text can close the block or open a comment.

    Examples
    --------
    >>> text = figure_json(go.Figure(layout={"title": {"text": "</script><b>x</b>"}}))
    >>> "</" in text, json.loads(text)["layout"]["title"]["text"]
    (False, '</script><b>x</b>')
    """
    text = figure.to_json()
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


#: Draws every figure block with plotly.js (when it is there); a chart that cannot be drawn
#: says so in its place. Fixed text: its hash goes into the page's Content-Security-Policy.
_DRAW = """
(function () {
  var config = {displaylogo: false, responsive: true};
  var plots = document.querySelectorAll("div.plot[data-figure]");
  for (var i = 0; i < plots.length; i++) {
    var div = plots[i];
    var block = document.getElementById("figure-" + div.getAttribute("data-figure"));
    if (typeof Plotly === "undefined") {
      div.textContent = "Charts need plotly.js, which this report was written without.";
      continue;
    }
    try {
      var figure = JSON.parse(block.textContent);
      Plotly.newPlot(div, figure.data, figure.layout || {}, config);
    } catch (err) {
      div.textContent = "This chart could not be drawn: " + err;
    }
  }
})();
"""

_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       margin: 0 auto; max-width: 1150px; padding: 0 24px 48px; color: #1f2328; line-height: 1.45; }
h1 { margin: 24px 0 4px; } h2 { margin-top: 36px; border-bottom: 1px solid #d0d7de; }
h3 { margin-top: 24px; }
.sub, .note, figcaption { color: #57606a; font-size: 0.92em; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.92em; width: 100%; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.text { white-space: pre-wrap; overflow-wrap: anywhere; max-width: 420px; }
pre { background: #f6f8fa; padding: 8px; overflow-x: auto; white-space: pre-wrap;
      overflow-wrap: anywhere; font-size: 0.85em; }
code { font-size: 0.88em; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff;
         font-weight: 600; font-size: 0.85em; }
.badge.pass { background: #2e7d32; } .badge.warn { background: #ef8f00; }
.badge.fail { background: #c62828; } .badge.na { background: #9e9e9e; }
.badge.flag { background: #fff; color: #57606a; border: 1px solid #8c959f; }
#verdict { border: 2px solid #d0d7de; border-radius: 8px; padding: 4px 20px 12px;
           margin-top: 16px; }
#verdict.pass { border-color: #2e7d32; } #verdict.warn { border-color: #ef8f00; }
#verdict.fail { border-color: #c62828; }
#verdict h2 { border: 0; margin-top: 12px; } .headline { font-size: 1.15em; font-weight: 600; }
nav ul { columns: 3; padding-left: 18px; } figure { margin: 12px 0 24px; }
div.plot { min-height: 120px; }
details summary { cursor: pointer; color: #0969da; }
@media print { details { display: block; } div.plot { break-inside: avoid; } }
"""


@functools.cache
def _plotly_js() -> str:
    from plotly.offline import get_plotlyjs

    source = get_plotlyjs()
    if "</script" in source.lower():  # never in plotly's bundle; inlining would end the block
        raise RuntimeError("plotly.js contains '</script': it cannot be inlined")
    return source


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


class Page:
    """Figures collected while a report is built, then the whole page around its body."""

    def __init__(self) -> None:
        self._figures: list[str] = []

    def figure(self, figure: go.Figure, caption: object = "") -> Html:
        """A placeholder drawn by plotly.js once the page is open, its JSON next to it."""
        number = str(len(self._figures))
        self._figures.append(figure_json(figure))
        block = Html(
            f'<script type="application/json" id="figure-{number}">{self._figures[-1]}</script>'
        )
        plot = tag("div", class_="plot", data_figure=number)
        return tag("figure", plot, block, tag("figcaption", caption) if caption else "")

    def render(self, title: str, body: Html, *, plotly_js: bool = True) -> str:
        """The self-contained page: ``body``, then plotly.js (inline, once) and the script that
        draws the figures; a Content-Security-Policy allows those two scripts only."""
        scripts = [_plotly_js()] if plotly_js and self._figures else []
        scripts.append(_DRAW)
        policy = "; ".join([
            "default-src 'none'", "script-src " + " ".join(_hash(s) for s in scripts),
            "style-src 'unsafe-inline'", "img-src data: blob:", "font-src data:",
            "connect-src 'none'", "base-uri 'none'", "form-action 'none'",
        ])  # fmt: skip
        head = join([
            void("meta", charset="utf-8"),
            void("meta", http_equiv="Content-Security-Policy", content=policy),
            void("meta", name="viewport", content="width=device-width, initial-scale=1"),
            void("meta", name="referrer", content="no-referrer"),
            tag("title", title), Html(f"<style>{_STYLE}</style>"),
        ], "\n")  # fmt: skip
        tail = "\n".join(f"<script>{s}</script>" for s in scripts)
        return (
            f'<!DOCTYPE html>\n<html lang="en">\n<head>\n{head}\n</head>\n<body>\n{body}\n'
            f"{tail}\n</body>\n</html>\n"
        )


def json_text(value: object) -> str:
    """Indented JSON of settings or a config, for :func:`pre` (NaN and infinities as null).

    Examples
    --------
    >>> json_text({"a": float("nan"), "b": "NaN"}).split()
    ['{', '"a":', 'null,', '"b":', '"NaN"', '}']
    """
    return json.dumps(_finite(value), indent=2, ensure_ascii=False, default=str)


def _finite(value: object) -> object:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value
