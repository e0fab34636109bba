"""Decide: each metric of a group over the synthetic share, with its band, guardrail and the
current and recommended shares marked."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from mixscope.plots._columns import require_columns
from mixscope.plots._text import escape
from mixscope.plots.palette import MIX_COLOR, REFERENCE_COLOR, STATUS_COLORS

CURRENT_COLOR = REFERENCE_COLOR
RECOMMENDED_COLOR = STATUS_COLORS["pass"]


def _markers(
    current: float | None, recommended: float | None
) -> list[tuple[float | None, str, str, str]]:
    return [(current, "current share", CURRENT_COLOR, "dot"),
            (recommended, "recommended share", RECOMMENDED_COLOR, "solid")]  # fmt: skip


_COLUMNS = ("share", "metric", "label", "unit", "value", "low", "high", "status", "bound")


def sweep_figure(
    curves: pd.DataFrame,
    *,
    current: float | None = None,
    recommended: float | None = None,
    columns: int = 2,
) -> go.Figure:
    """One panel per metric of ``curves``: the value over the share, its interval as a band,
    points coloured by status, the guardrail's bound as a dashed line, and vertical lines at
    the ``current`` and ``recommended`` shares.

    Parameters
    ----------
    curves : DataFrame
        :func:`mixscope.decide.curves.sweep_curves` rows of the metrics to draw (typically one
        metric group), metrics in order of first appearance.
    current, recommended : float, optional
        Shares to mark.
    columns : int, default=2
        Panels per row.

    Returns
    -------
    plotly Figure; each metric's traces are named after its label, the marker lines
    ``current share`` and ``recommended share``.
    """
    require_columns(curves, _COLUMNS, "curves")
    metrics = list(dict.fromkeys(curves["metric"]))
    rows = max(1, math.ceil(len(metrics) / columns))
    titles = []
    for name in metrics:
        first = curves[curves["metric"] == name].iloc[0]
        titles.append(f"{escape(first['label'])} <span style='font-size:11px'>"
                      f"({escape(first['unit'])})</span>")  # fmt: skip
    figure = make_subplots(rows=rows, cols=columns, subplot_titles=titles,
                           vertical_spacing=0.5 / rows if rows > 1 else 0.1,
                           horizontal_spacing=0.08)  # fmt: skip
    for k, name in enumerate(metrics):
        row, col = k // columns + 1, k % columns + 1
        _panel(figure, curves[curves["metric"] == name].sort_values("share"), row, col, k == 0)
        for share, _, color, dash in _markers(current, recommended):
            if share is not None:
                figure.add_vline(x=share, line={"color": color, "dash": dash, "width": 2},
                                 row=row, col=col)  # fmt: skip
        figure.update_xaxes(range=[-0.03, 1.03], tickformat=".0%", row=row, col=col)
    for share, label, color, dash in _markers(current, recommended):
        if share is not None:  # a legend entry for the marker lines
            line = {"color": color, "dash": dash, "width": 2}
            figure.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=label, line=line))
    figure.update_layout(
        height=260 * rows + 60, margin={"l": 10, "r": 10, "t": 40, "b": 30},
        legend_orientation="h", showlegend=True, hovermode="x unified",
    )  # fmt: skip
    return figure


def _panel(figure: go.Figure, curve: pd.DataFrame, row: int, col: int, legend: bool) -> None:
    label = escape(curve["label"].iloc[0])
    x = curve["share"].tolist()
    band = curve.dropna(subset=["low", "high"])
    if len(band):
        figure.add_trace(go.Scatter(
            x=band["share"].tolist() + band["share"].tolist()[::-1],
            y=band["high"].tolist() + band["low"].tolist()[::-1],
            fill="toself", fillcolor="rgba(106, 61, 154, 0.15)", line={"width": 0},
            hoverinfo="skip", name="interval", legendgroup="interval", showlegend=legend,
        ), row=row, col=col)  # fmt: skip
    figure.add_trace(go.Scatter(
        x=x, y=curve["value"].tolist(), mode="lines+markers", name=label, showlegend=False,
        line={"color": MIX_COLOR},
        marker={"color": [STATUS_COLORS.get(s, STATUS_COLORS["n/a"]) for s in curve["status"]],
                "size": 8},
        customdata=curve["status"].tolist(),
        hovertemplate=f"{label}: %{{y:.4g}} (%{{customdata}})<extra></extra>",
    ), row=row, col=col)  # fmt: skip
    bound = curve["bound"].dropna()
    if len(bound):
        figure.add_hline(y=float(bound.iloc[0]), row=row, col=col,
                         line={"color": STATUS_COLORS["warn"], "dash": "dash", "width": 1.5},
                         annotation_text="guardrail", annotation_font_size=10)  # fmt: skip
