"""Saved mixes side by side: what each is made of, and how its metrics moved against the first."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mixscope.plots._columns import require_columns
from mixscope.plots._text import escape, escape_all

PARTS_COLUMNS = ("mix", "source", "n", "share")
CHANGE_COLUMNS = ("metric", "mix", "change %")


def mixes_composition_figure(parts: pd.DataFrame) -> go.Figure:
    """One horizontal bar per mix, stacked by source: how many documents each source gives it.

    Parameters
    ----------
    parts : DataFrame
        ``mixscope.store.composition(mixes)``: one row per mix and source with ``mix``,
        ``source``, ``n`` and ``share`` (fraction of that mix, 0-1).

    Returns
    -------
    plotly Figure
        One trace per source (in order of first appearance), mixes from top to bottom in the
        order of ``parts``; mix and source names HTML-escaped (plotly renders tags).

    Examples
    --------
    >>> parts = pd.DataFrame({"mix": ["a", "a", "b"], "source": ["human", "gen", "human"],
    ...                       "n": [75, 25, 100], "share": [0.75, 0.25, 1.0]})
    >>> [(t.name, list(t.x)) for t in mixes_composition_figure(parts).data]
    [('human', [75, 100]), ('gen', [25, 0])]
    """
    require_columns(parts, PARTS_COLUMNS, "parts")
    mixes = list(dict.fromkeys(parts["mix"]))
    figure = go.Figure()
    for source, rows in parts.groupby("source", sort=False):
        by_mix = rows.set_index("mix")
        n = [int(by_mix["n"].get(m, 0)) for m in mixes]
        share = [float(by_mix["share"].get(m, 0.0)) for m in mixes]
        figure.add_trace(
            go.Bar(
                x=n,
                y=escape_all(mixes),
                orientation="h",
                name=escape(source),
                customdata=share,
                hovertemplate="%{y}: %{x} documents (%{customdata:.1%})<extra>%{fullData.name}"
                "</extra>",
            )
        )
    figure.update_layout(
        barmode="stack",
        xaxis_title="documents",
        yaxis={"categoryorder": "array", "categoryarray": escape_all(mixes[::-1]), "title": None},
        legend={"title": {"text": "source"}, "traceorder": "normal"},  # left to right
        height=max(180, 50 * len(mixes) + 120),
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )
    return figure


def relative_change_figure(changes: pd.DataFrame, *, first: str) -> go.Figure:
    """Grouped horizontal bars: each later mix's change of each metric, in % of ``first``'s.

    Parameters
    ----------
    changes : DataFrame
        ``mixscope.store.relative_changes(long)``: ``metric``, ``mix``, ``change %``.
    first : str
        The mix the changes are against (named in the axis title).

    Returns
    -------
    plotly Figure
        One trace per later mix, metrics from top to bottom in the order of ``changes``, a line
        at 0; names HTML-escaped.

    Examples
    --------
    >>> changes = pd.DataFrame({"metric": ["vendi", "tvd"], "mix": ["b", "b"],
    ...                         "change %": [-25.0, 50.0]})
    >>> [(t.name, list(t.x)) for t in relative_change_figure(changes, first="a").data]
    [('b', [-25.0, 50.0])]
    """
    require_columns(changes, CHANGE_COLUMNS, "changes")
    metrics = list(dict.fromkeys(changes["metric"]))
    figure = go.Figure()
    for mix, rows in changes.groupby("mix", sort=False):
        figure.add_trace(
            go.Bar(
                x=rows["change %"].astype(float).tolist(),
                y=escape_all(rows["metric"]),
                orientation="h",
                name=escape(mix),
                hovertemplate="%{y}: %{x:+.1f} %<extra>%{fullData.name}</extra>",
            )
        )
    figure.add_vline(x=0, line_width=1, line_color="#888")
    figure.update_layout(
        barmode="group",
        xaxis_title=f"change against {escape(first)} (% of its value)",
        yaxis={"categoryorder": "array", "categoryarray": escape_all(metrics[::-1]), "title": None},
        legend_title_text="mix",
        showlegend=True,  # names the mix even when there is only one
        height=max(220, 22 * len(metrics) * max(1, changes["mix"].nunique()) + 120),
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )
    return figure
