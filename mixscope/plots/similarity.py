"""Duplicates and fidelity: how similar each document is to its nearest neighbour."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from mixscope.plots._columns import require_columns
from mixscope.plots._text import escape
from mixscope.plots.palette import ROLE_COLORS, STATUS_COLORS


def similarity_histogram(
    frame: pd.DataFrame, *, threshold: float, title: str, colors: Mapping[str, str] | None = None
) -> go.Figure:
    """Histogram of cosine similarities per group of documents, with the threshold line.

    Parameters
    ----------
    frame : DataFrame
        Columns ``similarity`` (float; NaN rows are left out) and ``group`` (e.g. the role).
    threshold : float
        Drawn as a vertical line, labelled with the number of documents at or above it.
    title : str
        Title of the x axis (what the similarity is to).
    colors : mapping group -> colour, optional
        Default :data:`ROLE_COLORS` (others get plotly's defaults).

    Returns
    -------
    plotly Figure with one histogram trace per group (first-appearance order), percentages of
    the group's documents, 50 bins on [min(0, lowest), 1].
    """
    require_columns(frame, ("similarity", "group"), "frame")
    palette = ROLE_COLORS if colors is None else colors
    valid = frame[frame["similarity"].notna()]
    low = min(0.0, float(valid["similarity"].min())) if len(valid) else 0.0
    figure = go.Figure()
    for group, rows in valid.groupby("group", sort=False):
        figure.add_trace(
            go.Histogram(
                x=rows["similarity"].tolist(), name=escape(group), histnorm="percent",
                xbins={"start": low, "end": 1.0, "size": (1.0 - low) / 50},
                marker_color=palette.get(str(group)), opacity=0.65,
            )
        )  # fmt: skip
    above = int((valid["similarity"] >= threshold).sum())
    figure.add_vline(
        x=threshold, line_dash="dash", line_color=STATUS_COLORS["fail"],
        annotation_text=f"threshold {threshold:g}: {above:,} at or above",
        annotation_position="top left",
    )  # fmt: skip
    figure.update_layout(
        barmode="overlay", xaxis_title=escape(title), yaxis_title="% of the group's documents",
        height=360, margin={"l": 10, "r": 10, "t": 40, "b": 40}, legend_orientation="h",
    )  # fmt: skip
    return figure
