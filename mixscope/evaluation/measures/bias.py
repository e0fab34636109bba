"""Bias: the whole mix against the real side, by group mentions and on concept axes.

Group metrics read the index's mention matrix and sentiment; axis metrics read its scores on the
concept axes (an index built without an axis gives NaN, status ``n/a``). Every value is one call
of the metric's implementation in :mod:`mixscope.metrics` with bootstrap weights.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from mixscope.evaluation.index import MixIndex
from mixscope.evaluation.measures.base import Options, Reference, WeightedMeasure
from mixscope.evaluation.metric import CALIBRATED, TO_CALIBRATE, Metric
from mixscope.metrics.axes import axis_shift, topic_association_shift
from mixscope.metrics.checks import has_spread
from mixscope.metrics.representation import (
    group_representation_ratio_min,
    topic_group_mention_shift,
)
from mixscope.metrics.sentiment import sentiment_gap_shift

__all__ = ["METRICS"]


def _group_representation_ratio_min(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    return group_representation_ratio_min(
        ix.mentions[ids], ix.mentions[ref.ids], min_mentions=opt.min_group_docs,
        confidence=opt.confidence, weights=W,
    )  # fmt: skip


def _topic_group_mention_shift(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    return topic_group_mention_shift(
        ix.mentions[ids], ix.clusters[ids], ix.mentions[ref.ids], ix.clusters[ref.ids],
        n_topics=ix.cluster_model.n_clusters, min_mentions=opt.min_group_docs, weights=W,
    )  # fmt: skip


def _sentiment_gap_shift(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    return sentiment_gap_shift(
        ix.mentions[ids], ix.sentiment[ids], ix.mentions[ref.ids], ix.sentiment[ref.ids],
        min_mentions=opt.min_group_docs, confidence=opt.confidence, weights=W,
    )  # fmt: skip


def _judgeable_scores(
    ix: MixIndex, ids: np.ndarray, ref: Reference, axis: str
) -> np.ndarray | None:
    """Scores of the whole index on ``axis``, or None when the metric cannot be judged."""
    scores = ix.axis_scores.get(axis)
    if scores is None or len(ids) == 0 or not has_spread(scores[ref.ids]):
        return None
    return scores


def _axis_shift(axis: str) -> WeightedMeasure:
    def measure(
        ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
    ) -> np.ndarray:
        scores = _judgeable_scores(ix, ids, ref, axis)
        if scores is None:
            return np.full(len(W), math.nan)
        return axis_shift(scores[ids], scores[ref.ids], weights=W)

    return measure


def _topic_association_shift(axis: str) -> WeightedMeasure:
    def measure(
        ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
    ) -> np.ndarray:
        scores = _judgeable_scores(ix, ids, ref, axis)
        if scores is None:
            return np.full(len(W), math.nan)
        return topic_association_shift(
            scores[ids], ix.clusters[ids], scores[ref.ids], ix.clusters[ref.ids],
            min_docs=opt.min_group_docs, weights=W,
        )  # fmt: skip

    return measure


_BIAS: dict[str, Any] = {"group": "bias", "resampling": "bootstrap", "uses": ("min_group_docs",)}
_GROUPS_REF = "Term lists of mixscope.metrics.groups (after HolisticBias, Smith et al. 2022)"
_AXIS: dict[str, Any] = {
    "group": "bias",
    "resampling": "bootstrap",
    "unit": "real standard deviations",
}
_AXIS_REF = (
    "Concept axis from the anchor phrases of mixscope.embed.axes, after Bolukbasi et al. "
    "(2016), NeurIPS, and SEAT (May et al., 2019, NAACL)"
)
_SHIFT: dict[str, Any] = _AXIS | {"goal": "target", "target": 0.0, "warn": 0.2, "fail": 0.5}
_SHIFT |= {"threshold_source": "Cohen's (1988) small / medium effect sizes; " + TO_CALIBRATE}
_ASSOC: dict[str, Any] = _AXIS | {
    "goal": "lower",
    "warn": 0.25,
    "fail": 0.5,
    "threshold_source": CALIBRATED,
}
_ASSOC |= {"uses": ("min_group_docs", "n_clusters"), "interval": "basic"}
_ZHAO = "Zhao et al. (2017), Men Also Like Shopping (bias amplification), EMNLP"

METRICS: tuple[Metric, ...] = (
    Metric(
        name="group_representation_ratio_min",
        label="Least represented group",
        why="A group mentioned far less than in real text fails the four-fifths rule: a model "
        "under-learns it.",
        goal="higher", unit="ratio of shares",
        description="Share of documents mentioning a group in the mix divided by that share in "
        "the real corpus, for the least represented group with enough real mentions (lowest "
        "upper end of its 95 % interval); judged at that upper end",
        reference=_GROUPS_REF, warn=0.8, fail=0.5,
        threshold_source="warn: four-fifths rule (29 CFR 1607.4(D)); fail: " + CALIBRATED,
        function=_group_representation_ratio_min, stream=16, interval="analytic",
        english_only=True, **_BIAS,
    ),
    Metric(
        name="gender_axis_shift",
        reads_embeddings=True,
        label="Gender lean",
        why="The mix leaning to women or men more than real text shifts what a model learns.",
        description="Signed shift of the mix's mean position on the women (+) / men (-) "
        "embedding axis, in real standard deviations (Glass's delta); judged on its size",
        reference=_AXIS_REF + "; Glass et al. (1981)",
        function=_axis_shift("gender"), axis="gender", stream=17, **_SHIFT,
    ),
    Metric(
        name="sentiment_axis_shift",
        reads_embeddings=True,
        label="Sentiment lean",
        why="The mix more positive or negative overall than real text.",
        description="Signed shift of the mix's mean position on the positive (+) / negative "
        "(-) sentiment embedding axis, in real standard deviations; judged on its size",
        reference=_AXIS_REF + "; Glass et al. (1981)",
        function=_axis_shift("sentiment"), axis="sentiment", stream=18, **_SHIFT,
    ),
    Metric(
        name="topic_group_association_shift",
        reads_embeddings=True,
        label="Topic-gender ties",
        why="Topics tied to women or men more strongly than in real text: bias amplification.",
        description="Change of how far each real topic cluster leans to women or men on the "
        "gender embedding axis (bias amplification), in real standard deviations",
        reference=_ZHAO + "; " + _AXIS_REF,
        function=_topic_association_shift("gender"), axis="gender", stream=19, **_ASSOC,
    ),
    Metric(
        name="topic_sentiment_association_shift",
        reads_embeddings=True,
        label="Topic-sentiment ties",
        why="Topics described more positively or negatively than in real text.",
        description="Change of how positive or negative each real topic cluster sits on the "
        "sentiment embedding axis, in real standard deviations",
        reference=_ZHAO + "; " + _AXIS_REF,
        function=_topic_association_shift("sentiment"), axis="sentiment", stream=20, **_ASSOC,
    ),
    Metric(
        name="topic_group_mention_shift",
        reads_embeddings=True,
        label="Group-topic shift",
        why="Groups talked about in other topics than in real text.",
        goal="lower", unit="total variation",
        description="Change of the topics that documents mentioning each group (by term "
        "lists) talk about",
        reference=_GROUPS_REF + "; " + _ZHAO, warn=0.15, fail=0.3,
        threshold_source=TO_CALIBRATE, function=_topic_group_mention_shift, default=False,
        interval="basic", stream=21, english_only=True, **_BIAS,
    ),
    Metric(
        name="sentiment_gap_shift",
        label="Group sentiment gap",
        why="A group described more negatively (or positively) than in real text: a learned "
        "prejudice.",
        goal="lower", unit="VADER compound",
        description="Change of a group's sentiment relative to all documents, mix against "
        "real: the group whose change is clearest (largest lower end of its 95 % interval); "
        "judged at that lower end",
        reference="Hutto & Gilbert (2014), VADER, ICWSM; " + _GROUPS_REF,
        warn=0.1, fail=0.2, threshold_source=CALIBRATED,
        function=_sentiment_gap_shift, stream=22, interval="analytic", english_only=True,
        **_BIAS,
    ),
)  # fmt: skip
