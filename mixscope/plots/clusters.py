"""Diversity: documents per topic cluster, real corpus against the mix."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from mixscope.plots._columns import require_columns
from mixscope.plots.palette import MIX_COLOR, REFERENCE_COLOR, STATUS_COLORS


def cluster_table(
    real_labels: np.ndarray, mix_labels: np.ndarray, *, n_clusters: int
) -> pd.DataFrame:
    """Documents per topic cluster in the real corpus and in the mix.

    Returns
    -------
    DataFrame with columns ``cluster, real_n, mix_n, real_share, mix_share, missing``, one row
    per cluster, sorted by real share (largest first); ``missing`` marks clusters the real
    corpus has and the mix lacks.

    Examples
    --------
    >>> cluster_table(np.array([0, 0, 1, 2]), np.array([0, 2]), n_clusters=3)["missing"].tolist()
    [False, True, False]
    """
    real = np.bincount(np.asarray(real_labels, dtype=np.int64), minlength=n_clusters)
    mixed = np.bincount(np.asarray(mix_labels, dtype=np.int64), minlength=n_clusters)
    if len(real) != n_clusters or len(mixed) != n_clusters:
        raise ValueError(
            f"labels must be in [0, {n_clusters}), got up to {max(len(real), len(mixed)) - 1}"
        )
    table = pd.DataFrame({"cluster": np.arange(n_clusters), "real_n": real, "mix_n": mixed})
    table["real_share"] = real / max(real.sum(), 1)
    table["mix_share"] = mixed / max(mixed.sum(), 1)
    table["missing"] = (table["real_n"] > 0) & (table["mix_n"] == 0)
    return table.sort_values(["real_share", "cluster"], ascending=[False, True], ignore_index=True)


def cluster_coverage_figure(table: pd.DataFrame) -> go.Figure:
    """Share of documents per topic cluster, real corpus against the mix; missing ones marked.

    Parameters
    ----------
    table : DataFrame
        :func:`cluster_table`.

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
