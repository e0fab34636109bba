"""User text in figures: plotly renders a subset of HTML in labels, so escape it first."""

from __future__ import annotations

import html
from collections.abc import Iterable


def escape(text: object) -> str:
    """``text`` with ``&``, ``<`` and ``>`` as entities: a corpus named ``<a href=...>`` is shown
    as written, never as a link (plotly draws entities as the characters they stand for).

    Examples
    --------
    >>> escape('<a href="x">me</a> & co')
    '&lt;a href="x"&gt;me&lt;/a&gt; &amp; co'
    """
    return html.escape(str(text), quote=False)


def escape_all(texts: Iterable[object]) -> list[str]:
    """:func:`escape` of each."""
    return [escape(t) for t in texts]
