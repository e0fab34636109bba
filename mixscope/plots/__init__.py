"""Tidy DataFrames in, plotly Figures out; nothing is displayed here (the app renders them).

The tables come from :mod:`mixscope.evaluation` (which computes); this package only draws and
imports nothing else of MixScope. One module per thing shown: :mod:`~mixscope.plots.composition`
(what a mix is made of), :mod:`~mixscope.plots.comparison` (saved mixes side by side),
:mod:`~mixscope.plots.clusters` (diversity's topic coverage),
:mod:`~mixscope.plots.similarity` (duplicates and fidelity), :mod:`~mixscope.plots.bias`
(groups, sentiment, concept axes), :mod:`~mixscope.plots.collapse` (a simulation's
generations), :mod:`~mixscope.plots.embedding_map` (the pool on a 2-D map),
:mod:`~mixscope.plots.sweep` (metrics over the synthetic share); the colours they share are in
:mod:`~mixscope.plots.palette`.
Everything public is re-exported here: ``plots.composition_figure(...)``.
"""

from mixscope.plots.bias import axis_distribution_figure, representation_figure, sentiment_figure
from mixscope.plots.clusters import cluster_coverage_figure
from mixscope.plots.collapse import collapse_figure
from mixscope.plots.comparison import mixes_composition_figure, relative_change_figure
from mixscope.plots.composition import COUNTS_COLUMNS, composition_figure
from mixscope.plots.embedding_map import MAP_COLOR_BY, embedding_map_figure
from mixscope.plots.palette import MIX_COLOR, REFERENCE_COLOR, ROLE_COLORS, STATUS_COLORS
from mixscope.plots.similarity import similarity_histogram
from mixscope.plots.sweep import sweep_figure

__all__ = [
    "COUNTS_COLUMNS",
    "MAP_COLOR_BY",
    "MIX_COLOR",
    "REFERENCE_COLOR",
    "ROLE_COLORS",
    "STATUS_COLORS",
    "axis_distribution_figure",
    "cluster_coverage_figure",
    "collapse_figure",
    "composition_figure",
    "embedding_map_figure",
    "mixes_composition_figure",
    "relative_change_figure",
    "representation_figure",
    "sentiment_figure",
    "similarity_histogram",
    "sweep_figure",
]
