"""Diversity: documents per topic cluster, real corpus against the mix."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from mixscope.plots._columns import require_columns
from mixscope.plots.palette import MIX_COLOR, REFERENCE_COLOR, STATUS_COLORS


def cluster_coverage_figure(table: pd.DataFrame) -> go.Figure:
    """Share of documents per topic cluster, real corpus against the mix; missing ones marked.

    Parameters
    ----------
    table : DataFrame
        :func:`mixscope.evaluation.tables.cluster_table`: columns ``cluster, real_share,
        mix_share, missing``.

    Returns
    -------
    plotly Figure with a ``real corpus`` and a ``mix`` bar trace (clusters in table order) and a
    ``missing in the mix`` marker trace at the clusters the mix lacks.
    """
    require_columns(table, ("cluster", "real_share", "mix_share", "missing"), "table")
    x = [f"c{c}" for c in table["cluster"]]
    figure = go.Figure()
    for name, column, color in (("real corpus", "real_share", REFERENCE_COLOR),
                                ("mix", "mix_share", MIX_COLOR)):  # fmt: skip
        figure.add_trace(
            go.Bar(
                x=x,
                y=table[column].tolist(),
                name=name,
                marker_color=color,
                hovertemplate="%{x}: %{y:.1%}<extra>" + name + "</extra>",
            )
        )
    gone = table[table["missing"]]
    figure.add_trace(
        go.Scatter(
            x=[f"c{c}" for c in gone["cluster"]],
            y=gone["real_share"].tolist(),
            mode="markers+text",
            name="missing in the mix",
            marker={"symbol": "x", "size": 11, "color": STATUS_COLORS["fail"]},
            text=["missing"] * len(gone),
            textposition="top center",
        )
    )
    figure.update_layout(
        barmode="group", xaxis_title="topic cluster of the real corpus (largest first)",
        yaxis={"title": "share of documents", "tickformat": ".0%"},
        height=380, margin={"l": 10, "r": 10, "t": 30, "b": 40}, legend_orientation="h",
    )  # fmt: skip
    return figure
