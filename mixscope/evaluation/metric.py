"""A registered metric: what it measures, how it is resampled and judged, and its thresholds."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from mixscope.metrics.stats import GOALS, Goal, Interval

__all__ = [
    "CALIBRATED", "GROUPS", "RELATIVE", "TO_CALIBRATE", "Basis", "Group", "Metric",
    "check_thresholds",
]  # fmt: skip

Group = Literal["diversity", "duplication", "fidelity", "bias"]
GROUPS: tuple[Group, ...] = ("diversity", "duplication", "fidelity", "bias")
Basis = Literal["absolute", "ratio_to_real", "ratio_to_floor"]

#: Where a default threshold comes from, when no paper or rule sets it.
TO_CALIBRATE = "MixScope default, to be calibrated on the demo corpora"
#: Fidelity thresholds: judged against real-versus-real values at the same size and embedder,
#: so the same numbers hold for any model (docs/thresholds.md).
RELATIVE = (
    "MixScope default, judged against real-versus-real values at the same size, so it holds "
    "for any embedder (docs/thresholds.md)"
)
CALIBRATED = "MixScope default, calibrated on the demo corpora (docs/thresholds.md)"


@dataclass(frozen=True)
class Metric:
    """One registered metric.

    Attributes
    ----------
    name, group, goal, unit, description, reference
        What it is: ``goal`` is "higher", "lower" or "target" (then ``target`` is the ideal).
        ``name`` is the identifier (tables, exports, settings).
    label : str
        What the app shows on a card, in words ("Near duplicates").
    why : str
        One sentence on why it matters for a training mix (the verdict quotes it for failures).
    warn, fail : float
        Default thresholds on the value (or on its ratio, see ``basis``).
    threshold_source : str
    function : callable
        A set measure (``resampling="subsample"``) or a weighted measure
        (``resampling="bootstrap"``), see :mod:`mixscope.evaluation.measures`.
    compares : {"mix", "synthetic"}
        Which documents of the mix are measured.
    sampled : bool
        Size-dependent: measured on a fixed-size random sample of those documents.
    expensive : bool
        Resampled ``n_boot_expensive`` times instead of ``n_boot``.
    uses : tuple of str
        Index settings the value depends on (recorded in its settings).
    default : bool
        Part of the default selection. Not: c2st_auc (seconds per mix: it trains 5 models) and
        topic_group_mention_shift (few documents per group and topic make it noisy: a real-only
        mix of 1,000 demo documents already reaches its warn level; the embedding-axis
        topic_group_association_shift is the default view of bias amplification).
    axis : str, optional
        Concept axis the metric reads from ``MixIndex.axis_scores``; an index built without it
        gives NaN with status ``n/a``.
    interval : {"percentile", "basic", "analytic", "none"}
        How the resamples become an interval (:mod:`mixscope.metrics.stats`): "basic" for means
        of absolute differences, which resampling biases upward; "analytic" where the measure
        itself returns ``[value, low, high]`` per row (a closed-form interval of the group that
        decides the status, the same numbers the Bias page charts); "none" where resampling biases
        the statistic so much that no bootstrap interval would be honest (MAUVE: resampled
        histograms gain multinomial noise, so every resample lies below the point value).
    bounds : (float, float)
        The values the metric can take; intervals are clipped to them.
    null_draws : int, optional
        Fidelity only: real-versus-real draws its value is judged against (default
        :data:`mixscope.evaluation.row.NULL_DRAWS`, 20); fewer where one draw is a k-NN search
        or an eigen-decomposition (the prediction interval's Student-t quantile accounts for it).
    english_only : bool
        Reads English only (the group term lists, VADER): marked partial when many documents
        are in other languages (:data:`mixscope.evaluation.row.PARTIAL_SHARE`).
    reads_embeddings : bool
        Its value depends on the embedder (it reads the unit embeddings, or clusters, MAUVE
        labels, balls, duplicate pairs or axis scores derived from them); text-only metrics
        (compression, distinct word pairs, MinHash duplicates, lengths, lexicon sentiment) do
        not. An approximate embedder (the preview model) marks only the metrics that read it.
    sample_as : str, optional
        Draw the same samples as this metric (the Vendi orders share vendi's samples, so one
        eigen-decomposition per sample serves all three).
    stream : int
        The metric's random stream: its samples and resamples are drawn from a generator seeded
        by (seed, stream), so adding a metric never redraws another metric's samples. Unique;
        the registry lists metrics in stream order.
    """

    name: str
    label: str
    why: str
    group: Group
    goal: Goal
    unit: str
    description: str
    reference: str
    warn: float
    fail: float
    threshold_source: str
    function: Callable[..., Any]
    resampling: Literal["subsample", "bootstrap"]
    stream: int
    compares: Literal["mix", "synthetic"] = "mix"
    sampled: bool = False
    expensive: bool = False
    basis: Basis = "absolute"
    target: float | None = None
    uses: tuple[str, ...] = ()
    default: bool = True  # evaluated unless named explicitly when False
    axis: str | None = None
    interval: Interval = "percentile"
    sample_as: str | None = None
    bounds: tuple[float, float] = (-math.inf, math.inf)
    english_only: bool = False
    null_draws: int | None = None
    reads_embeddings: bool = False

    def __post_init__(self) -> None:
        check_thresholds(self, self.warn, self.fail)

    @property
    def judged_on_interval(self) -> bool:
        """The status is read at the interval's end nearest the ideal
        (:func:`mixscope.metrics.stats.interval_status`): for fidelity (an interval from real
        text at the same size) and for analytic intervals (the group the status is about)."""
        return self.compares == "synthetic" or self.interval == "analytic"


def check_thresholds(metric: Metric, warn: float, fail: float) -> None:
    """Refuse thresholds in the wrong order for the metric's goal."""
    if metric.goal not in GOALS:
        raise ValueError(f"{metric.name}: goal must be one of {GOALS}, got {metric.goal!r}")
    if metric.goal == "target" and metric.target is None:
        raise ValueError(f"{metric.name}: goal 'target' needs a target value")
    ordered = warn >= fail if metric.goal == "higher" else 0 <= warn <= fail
    if not ordered:
        need = "warn >= fail" if metric.goal == "higher" else "0 <= warn <= fail"
        raise ValueError(f"{metric.name}: thresholds need {need}, got warn={warn}, fail={fail}")
