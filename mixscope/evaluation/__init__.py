"""Evaluation: the per-corpus index, the metric registry, and one honest table for a mix.

Stage four of the pipeline, the engine every decision builds on. :func:`build_index` computes
what every metric needs per document once (:mod:`~mixscope.evaluation.index`); the registry
(:data:`REGISTRY`, one :class:`Metric` per metric, its measure next to it in
:mod:`~mixscope.evaluation.measures`) says what each metric is and how it is judged;
:func:`evaluate` measures a mix with every metric, interval, noise floor and verdict. Values
derived from an index later (noise floors, kernel spectra) are kept in the engine's thread-safe
:data:`MEMO`, never in the shared index. :mod:`~mixscope.evaluation.tables`,
:mod:`~mixscope.evaluation.duplicates` and :mod:`~mixscope.evaluation.cards` give the tables the
pages and :mod:`mixscope.plots` draw; :mod:`~mixscope.evaluation.embedding_map` and
:mod:`~mixscope.evaluation.topic_clusters` the map of the pool and its named topic clusters.
"""

from mixscope.evaluation.cards import format_delta, format_value, metric_cards
from mixscope.evaluation.corpus_index import (
    CorpusIndex,
    IndexSettings,
    build_corpus_index,
    corpus_languages,
)
from mixscope.evaluation.documents import document_columns
from mixscope.evaluation.duplicates import (
    DUPLICATE_KINDS,
    copies_of_real,
    duplicate_members,
    duplicate_summary,
    most_real_like,
    nearest_real_table,
    neighbor_similarity,
)
from mixscope.evaluation.embedding_map import (
    MAX_POINTS,
    POINTS_COLUMNS,
    EmbeddingMap,
    embedding_map,
    map_points,
)
from mixscope.evaluation.evaluate import TABLE_COLUMNS, Evaluation, evaluate
from mixscope.evaluation.index import MixIndex, build_index
from mixscope.evaluation.index_store import IndexStore
from mixscope.evaluation.labels import MISSING, Labels, document_labels
from mixscope.evaluation.memo import MEMO, Memo
from mixscope.evaluation.metric import GROUPS, Metric, check_thresholds
from mixscope.evaluation.registry import REGISTRY, default_metrics, get_metric
from mixscope.evaluation.tables import (
    FOUR_FIFTHS_BAND,
    axis_scores,
    cluster_table,
    mention_frames,
    representation_table,
    sentiment_table,
)
from mixscope.evaluation.topic_clusters import (
    CLUSTER_STATUSES,
    MIN_EXPECTED,
    OVER_FILLED,
    UNDER_COVERED,
    cluster_examples,
    cluster_summary,
)
from mixscope.evaluation.verdict import Verdict, verdict

__all__ = [
    "CLUSTER_STATUSES",
    "DUPLICATE_KINDS",
    "FOUR_FIFTHS_BAND",
    "GROUPS",
    "MAX_POINTS",
    "MEMO",
    "MIN_EXPECTED",
    "MISSING",
    "OVER_FILLED",
    "POINTS_COLUMNS",
    "REGISTRY",
    "TABLE_COLUMNS",
    "UNDER_COVERED",
    "CorpusIndex",
    "EmbeddingMap",
    "Evaluation",
    "IndexSettings",
    "IndexStore",
    "Labels",
    "Memo",
    "Metric",
    "MixIndex",
    "Verdict",
    "axis_scores",
    "build_corpus_index",
    "build_index",
    "check_thresholds",
    "cluster_examples",
    "cluster_summary",
    "cluster_table",
    "copies_of_real",
    "corpus_languages",
    "default_metrics",
    "document_columns",
    "document_labels",
    "duplicate_members",
    "duplicate_summary",
    "embedding_map",
    "evaluate",
    "format_delta",
    "format_value",
    "get_metric",
    "map_points",
    "mention_frames",
    "metric_cards",
    "most_real_like",
    "nearest_real_table",
    "neighbor_similarity",
    "representation_table",
    "sentiment_table",
    "verdict",
]
