"""Model collapse: each metric over the generations of a simulation, one line per regime."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from mixscope.plots._columns import require_columns
from mixscope.plots._text import escape
from mixscope.plots.palette import MIX_COLOR, ROLE_COLORS, STATUS_COLORS

#: Regime -> colour: collapse in the fail colour, real data kept in the pass colour, fresh real
#: data in the real role's colour, the user's own mix in the mix colour.
REGIME_COLORS = {
    "replace": STATUS_COLORS["fail"],
    "accumulate": STATUS_COLORS["pass"],
    "fresh": ROLE_COLORS["real"],
    "mix": MIX_COLOR,
}
#: Metric -> panel title (others are shown by name).
METRIC_TITLES = {
    "vendi": "Vendi score (effective documents)",
    "cluster_coverage": "Topic clusters covered",
    "distinct_2": "Distinct-2 (word bigrams)",
    "tail_retention": "Rare words kept (tail retention)",
    "embedding_variance": "Embedding variance",
}
_PERCENT = {"cluster_coverage", "tail_retention"}
COLUMNS = ("regime", "generation", "metric", "value")


def collapse_figure(
    rows: pd.DataFrame, *, labels: Mapping[str, str] | None = None, columns: int = 3
) -> go.Figure:
    """One small panel per metric, generation on x, one line per regime.

    Parameters
    ----------
    rows : DataFrame
        :attr:`mixscope.simulate.Simulation.rows`: columns ``regime, generation, metric,
        value`` (NaN values leave a gap).
    labels : mapping regime -> str, optional
        Legend text of each regime (e.g. ``"current mix (share 0.25)"``); default its name.
    columns : int, default=3
        Panels per row.

    Returns
    -------
    plotly Figure with one line trace per (metric, regime), metrics and regimes in the order
    they first appear; each regime has one legend entry (clicking it hides all its lines).
    """
    require_columns(rows, COLUMNS, "rows")
    names = dict(labels or {})
    metrics = list(dict.fromkeys(rows["metric"]))
    if not metrics:
        return _empty()
    width = max(1, min(columns, len(metrics)))
    height = math.ceil(len(metrics) / width)
    figure = make_subplots(
        rows=height, cols=width, horizontal_spacing=0.07, vertical_spacing=0.16,
        subplot_titles=[escape(METRIC_TITLES.get(str(m), m)) for m in metrics],
    )  # fmt: skip
    for k, metric in enumerate(metrics):
        panel = rows[rows["metric"] == metric]
        for regime, lines in panel.groupby("regime", sort=False):
            lines = lines.sort_values("generation")
            label = escape(names.get(str(regime), regime))
            figure.add_trace(
                go.Scatter(
                    x=lines["generation"].tolist(), y=lines["value"].tolist(),
                    mode="lines+markers", name=label, legendgroup=str(regime),
                    showlegend=k == 0, line={"color": REGIME_COLORS.get(str(regime))},
                    hovertemplate=f"{label}<br>generation %{{x}}: %{{y:.4g}}<extra></extra>",
                ),
                row=k // width + 1, col=k % width + 1,
            )  # fmt: skip
        # shares on a fixed 0-100 % scale: a flat line at 100 % must not look like noise
        axis = {"tickformat": ".0%", "range": [0, 1.05]} if metric in _PERCENT else {}
        figure.update_yaxes(row=k // width + 1, col=k % width + 1, **axis)
    figure.update_xaxes(dtick=1, title_text="generation")
    # the legend above the panels, a fixed 50 px over them whatever the number of rows
    plot_height = 300 * height - 40
    figure.update_layout(
        height=plot_height + 130, margin={"l": 10, "r": 10, "t": 90, "b": 40},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1 + 50 / plot_height, "x": 0},
    )  # fmt: skip
    return figure


def _empty() -> go.Figure:
    figure = go.Figure()
    figure.add_annotation(text="No generations to show", showarrow=False)
    figure.update_layout(height=200, xaxis_visible=False, yaxis_visible=False)
    return figure
