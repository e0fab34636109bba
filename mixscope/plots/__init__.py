"""Tidy DataFrames in, plotly Figures out; nothing is displayed here (the app renders them).

One module per thing shown: :mod:`~mixscope.plots.composition` (what a mix is made of),
:mod:`~mixscope.plots.cards` (metric results), :mod:`~mixscope.plots.clusters` (diversity's topic
coverage), :mod:`~mixscope.plots.similarity` (duplicates and fidelity),
:mod:`~mixscope.plots.bias` (groups, sentiment, concept axes); the colours they share are in
:mod:`~mixscope.plots.palette`. Everything public is re-exported here: ``plots.metric_cards(...)``.
"""

from mixscope.plots.bias import (
    FOUR_FIFTHS_BAND,
    axis_distribution_figure,
    representation_figure,
    representation_table,
    sentiment_figure,
    sentiment_table,
)
from mixscope.plots.cards import (
    DELTA_COLORS,
    TABLE_COLUMNS,
    format_delta,
    format_value,
    metric_cards,
)
from mixscope.plots.clusters import cluster_coverage_figure, cluster_table
from mixscope.plots.composition import COUNTS_COLUMNS, composition_figure
from mixscope.plots.palette import MIX_COLOR, REFERENCE_COLOR, ROLE_COLORS, STATUS_COLORS
from mixscope.plots.similarity import similarity_histogram

__all__ = [
    "COUNTS_COLUMNS",
    "DELTA_COLORS",
    "FOUR_FIFTHS_BAND",
    "MIX_COLOR",
    "REFERENCE_COLOR",
    "ROLE_COLORS",
    "STATUS_COLORS",
    "TABLE_COLUMNS",
    "axis_distribution_figure",
    "cluster_coverage_figure",
    "cluster_table",
    "composition_figure",
    "format_delta",
    "format_value",
    "metric_cards",
    "representation_figure",
    "representation_table",
    "sentiment_figure",
    "sentiment_table",
    "similarity_histogram",
]
