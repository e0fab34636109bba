"""Bias: group representation, sentiment per group and concept-axis scores, mix against real."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from mixscope.plots._columns import require_columns
from mixscope.plots._text import escape, escape_all
from mixscope.plots.palette import MIX_COLOR, REFERENCE_COLOR, STATUS_COLORS


def representation_figure(table: pd.DataFrame, *, band: tuple[float, float]) -> go.Figure:
    """Horizontal bars of each group's representation ratio with its interval, coloured by status.

    Parameters
    ----------
    table : DataFrame
        :func:`mixscope.evaluation.tables.representation_table`: columns ``label, ratio,
        ratio_low, ratio_high, status, note, mix_n, real_n``. The bars are the ratios (the
        value a card shows), the error bars the intervals, and the colours the statuses, which
        follow the same rule as the card (read at the interval's upper end).
    band : (low, high)
        Drawn as dashed lines (the four-fifths rule: 0.8 and its mirror 1.25).

    Returns
    -------
    plotly Figure with one bar trace per status present; groups not judged get a grey "too few
    mentions" label at 0 instead of a bar. Lines at ``low``, 1 and ``high``.
    """
    columns = ("label", "ratio", "ratio_low", "ratio_high", "status", "note", "mix_n", "real_n")
    require_columns(table, columns, "table")
    figure = go.Figure()
    for status, color in STATUS_COLORS.items():
        rows = table[table["status"] == status]
        if rows.empty:
            continue
        few = status == "n/a"
        ratio = rows["ratio"].to_numpy(dtype=np.float64)
        figure.add_trace(
            go.Bar(
                x=[0.0] * len(rows) if few else ratio.tolist(), y=escape_all(rows["label"]),
                orientation="h", name="too few mentions" if few else status, marker_color=color,
                error_x=None if few else {
                    "type": "data", "symmetric": False, "color": "#333",
                    "array": (rows["ratio_high"].to_numpy(dtype=np.float64) - ratio).tolist(),
                    "arrayminus": (ratio - rows["ratio_low"].to_numpy(dtype=np.float64)).tolist(),
                },
                text=["too few mentions"] * len(rows) if few else None,
                textposition="outside" if few else "none",
                customdata=np.column_stack([
                    rows["mix_n"], rows["real_n"], rows["ratio_low"], rows["ratio_high"],
                    escape_all(rows["note"]),
                ]),
                hovertemplate="%{y}: ratio %{x:.2f}, 95 % interval %{customdata[2]:.2f} to "
                "%{customdata[3]:.2f} (mix %{customdata[0]} / real %{customdata[1]} documents) "
                "%{customdata[4]}<extra>" + status + "</extra>",
            )
        )  # fmt: skip
    for x, dash in ((band[0], "dash"), (1.0, "dot"), (band[1], "dash")):
        figure.add_vline(x=x, line_dash=dash, line_color="#555", annotation_text=f"{x:g}")
    figure.update_layout(
        xaxis_title="share of documents mentioning the group, mix / real",
        yaxis={"categoryorder": "array", "categoryarray": escape_all(table["label"])[::-1]},
        height=max(260, 22 * len(table) + 120), margin={"l": 10, "r": 10, "t": 40, "b": 40},
        legend_orientation="h",
    )  # fmt: skip
    return figure


def sentiment_figure(table: pd.DataFrame) -> go.Figure:
    """Grouped horizontal bars of mean sentiment per judged group, real corpus against mix.

    Parameters
    ----------
    table : DataFrame
        :func:`mixscope.evaluation.tables.sentiment_table`: columns ``label, real_mean,
        mix_mean, judged``; only ``judged`` rows are drawn.
    """
    require_columns(table, ("label", "real_mean", "mix_mean", "judged"), "table")
    rows = table[table["judged"]]
    figure = go.Figure()
    for name, column, color in (("real corpus", "real_mean", REFERENCE_COLOR),
                                ("mix", "mix_mean", MIX_COLOR)):  # fmt: skip
        figure.add_trace(go.Bar(x=rows[column].tolist(), y=escape_all(rows["label"]), name=name,
                                orientation="h", marker_color=color))  # fmt: skip
    if rows.empty:
        figure.add_annotation(
            text="No group has enough mentions on both sides",
            showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
        )  # fmt: skip
    figure.update_layout(
        barmode="group", xaxis_title="mean VADER compound sentiment (-1 to 1)",
        yaxis={"categoryorder": "array", "categoryarray": escape_all(rows["label"])[::-1]},
        height=max(260, 40 * len(rows) + 120), margin={"l": 10, "r": 10, "t": 30, "b": 40},
        legend_orientation="h",
    )  # fmt: skip
    return figure


def axis_distribution_figure(real: np.ndarray, mix: np.ndarray, *, axis: str) -> go.Figure:
    """Distribution of documents' scores on a concept axis, real corpus against the mix.

    Parameters
    ----------
    real, mix : ndarray of shape (n,)
        Scores (cosine with the axis direction) of the real corpus's and the mix's documents.
    axis : str
        Axis name, for the x-axis title.

    Returns
    -------
    plotly Figure with two overlaid density histograms (``real corpus``, ``mix``) and a dotted
    line at each side's mean.
    """
    figure = go.Figure()
    for name, scores, color in (
        ("real corpus", real, REFERENCE_COLOR),
        ("mix", mix, MIX_COLOR),
    ):
        values = np.asarray(scores, dtype=np.float64)
        figure.add_trace(go.Histogram(x=values.tolist(), name=name, histnorm="probability density",
                                      nbinsx=50, marker_color=color, opacity=0.6))  # fmt: skip
        if len(values):
            figure.add_vline(x=float(values.mean()), line_dash="dot", line_color=color)
    figure.update_layout(
        barmode="overlay",
        xaxis_title=f"score on the {escape(axis)} axis (cosine with its direction)",
        yaxis_title="density", height=340, margin={"l": 10, "r": 10, "t": 30, "b": 40},
        legend_orientation="h",
    )  # fmt: skip
    return figure
