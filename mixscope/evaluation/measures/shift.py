"""Distribution shift of the whole mix against the real side: lengths, topics, a label column."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from mixscope.evaluation.index import MixIndex
from mixscope.evaluation.measures.base import Options, Reference
from mixscope.evaluation.metric import CALIBRATED, TO_CALIBRATE, Metric
from mixscope.metrics.shift import jensen_shannon, ks_statistic, total_variations
from mixscope.metrics.stats import weighted_counts

__all__ = ["METRICS"]


def _length_ks(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    """KS statistic of word counts, weighted on the mix's side."""
    return ks_statistic(ix.lengths[ids], ix.lengths[ref.ids], weights=W)


def _topic_jsd(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    k = ix.cluster_model.n_clusters
    real = np.bincount(ix.clusters[ref.ids], minlength=k)
    mixed = weighted_counts(W, ix.clusters[ids], k)
    return np.array([jensen_shannon(row, real) for row in mixed])


def _topic_tvd(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    k = ix.cluster_model.n_clusters
    real = np.bincount(ix.clusters[ref.ids], minlength=k)
    return total_variations(weighted_counts(W, ix.clusters[ids], k), real)


def _label_tvd(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    """Total variation of the label column's categories ("(missing)" one of them)."""
    labels = opt.labels
    if labels is None or len(ids) == 0:
        return np.full(len(W), math.nan)
    k = len(labels.categories)
    real = np.bincount(labels.codes[ref.ids], minlength=k)
    return total_variations(weighted_counts(W, labels.codes[ids], k), real)


_SHIFT: dict[str, Any] = {"group": "bias", "goal": "lower", "resampling": "bootstrap"}
_TV_REF = "Levin, Peres & Wilmer (2009), Markov Chains and Mixing Times, §4.1"

METRICS: tuple[Metric, ...] = (
    Metric(
        name="length_ks",
        label="Length shift",
        why="Documents of other lengths than real ones change what a model learns to write.",
        unit="KS statistic",
        description="Largest gap between the word-count distributions of mix and real",
        reference="Smirnov (1948), Annals of Mathematical Statistics", warn=0.1, fail=0.2,
        threshold_source=TO_CALIBRATE, function=_length_ks, stream=23, **_SHIFT,
    ),
    Metric(
        name="topic_jsd",
        reads_embeddings=True,
        label="Topic shift (JSD)",
        why="Topic shares unlike the real ones skew what a model knows.",
        unit="bits",
        description="Jensen-Shannon divergence of topic-cluster shares, mix versus real",
        reference="Lin (1991), IEEE Trans. Information Theory", warn=0.02, fail=0.05,
        threshold_source=TO_CALIBRATE, function=_topic_jsd, uses=("n_clusters",), stream=24,
        **_SHIFT,
    ),
    Metric(
        name="topic_tvd",
        reads_embeddings=True,
        label="Topic shift (TV)",
        why="Topic shares unlike the real ones skew what a model knows.",
        unit="total variation",
        description="Total variation distance of topic-cluster shares, mix versus real",
        reference=_TV_REF, warn=0.15, fail=0.3, threshold_source=CALIBRATED,
        function=_topic_tvd, uses=("n_clusters",), stream=29, **_SHIFT,
    ),
    Metric(
        name="label_tvd",
        label="Label shift",
        why="The chosen metadata column's categories in other proportions than in real data.",
        unit="total variation",
        description="Total variation distance of a chosen metadata column's categories "
        "(missing values one of them), mix versus real",
        reference=_TV_REF, warn=0.1, fail=0.2, threshold_source=CALIBRATED,
        function=_label_tvd, uses=("label_column",), stream=30, **_SHIFT,
    ),
)  # fmt: skip
