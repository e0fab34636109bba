"""How many documents each source contributes to a mix."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mixscope.plots._columns import require_columns
from mixscope.plots._text import escape_all
from mixscope.plots.palette import ROLE_COLORS

COUNTS_COLUMNS = ("source", "role", "n", "share")


def composition_figure(counts: pd.DataFrame) -> go.Figure:
    """Horizontal bars of how many documents each source contributes to a mix.

    Parameters
    ----------
    counts : DataFrame
        ``Mix.counts()``: one row per source with columns ``source``, ``role``, ``n`` and
        ``share`` (fraction of the mix, 0-1).

    Returns
    -------
    plotly Figure
        One bar per source, coloured by role and labelled ``n (share %)``; sources keep the
        order of ``counts`` from top to bottom, their names HTML-escaped (plotly renders tags).

    Raises
    ------
    ValueError
        If a required column is missing.

    Examples
    --------
    >>> counts = pd.DataFrame({"source": ["human", "gen"], "role": ["real", "synthetic"],
    ...                        "n": [75, 25], "share": [0.75, 0.25]})
    >>> [trace.name for trace in composition_figure(counts).data]
    ['real', 'synthetic']
    """
    require_columns(counts, COUNTS_COLUMNS, "counts")
    figure = go.Figure()
    for role, color in ROLE_COLORS.items():
        rows = counts[counts["role"] == role]
        if rows.empty:
            continue
        figure.add_trace(
            go.Bar(
                x=rows["n"].tolist(),
                y=escape_all(rows["source"]),
                orientation="h",
                name=role,
                marker_color=color,
                text=[_bar_label(n, s) for n, s in zip(rows["n"], rows["share"], strict=True)],
                textposition="auto",
                hovertemplate="%{y}: %{x} documents<extra>" + role + "</extra>",
            )
        )
    if int(counts["n"].sum()) == 0:
        figure.add_annotation(
            text="The mix is empty", showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper"
        )
    return _layout(figure, sources=escape_all(counts["source"]))


def _bar_label(n: int, share: float) -> str:
    return f"{int(n)} ({share:.1%})"


def _layout(figure: go.Figure, *, sources: list[str]) -> go.Figure:
    figure.update_layout(
        xaxis_title="documents in the mix",
        yaxis={"categoryorder": "array", "categoryarray": sources[::-1], "title": None},
        legend_title_text="role",
        bargap=0.35,
        height=max(180, 60 * len(sources) + 100),
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )
    return figure
