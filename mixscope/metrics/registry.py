"""The metric registry: one small frozen entry per metric, so pages and reports list metrics
without knowing them (cleanlab's issue-manager registry, SDMetrics' goal/min/max).

Thresholds
----------
Only ``group_representation_ratio_min``'s warn level has an outside source: the four-fifths
(80 %) rule of the US Uniform Guidelines on Employee Selection Procedures (29 CFR 1607.4(D)),
used here for the share of documents mentioning a group relative to the real corpus. Every other
threshold is a **MixScope default**, either calibrated on the demo corpora (the bias metrics
below) or still to be; each entry's ``threshold_source`` says which. The concept-axis shifts
are standardised mean differences, so their defaults borrow Cohen's (1988) conventions (0.2
small, 0.5 medium) as a starting point. Users override them per metric
(``evaluate(thresholds=...)``).

Calibration (demo corpora, lexical embedder, seed 0, mixes of 2,000 documents)
--------------------------------------------------------------------------------
``tests/test_demo_metrics.py`` evaluates real half B as a 100 % synthetic mix against real half A
(every default metric must pass or be n/a: the noise floor itself passes) and checks the
defects below. Values (warn / fail):

=================================== ============ ========= ============ ==============
metric                              half B vs A  real-only skewed 90 %  templated 90 %
=================================== ============ ========= ============ ==============
group_representation_ratio_min       0.88        1.08      **0.38**     **0.16**       (0.8 / 0.5)
sentiment_gap_shift                  0.045       0.0       **0.29**     0.0            (0.1 / 0.2)
topic_group_association_shift        0.10        0.07      0.10         **0.35**       (0.25 / 0.5)
topic_sentiment_association_shift    0.12        0.06      0.15         **0.27**       (0.25 / 0.5)
=================================== ============ ========= ============ ==============

The two group metrics were too noisy by construction before they judged only what the counts
support: the smallest raw share ratio and the largest raw sentiment change over 16 groups of
about 100 documents each were 0.70 and 0.25 between two halves of the *same* corpus (fail). Both
now take each group at the end of its one-sided 95 % interval (the ratio's upper bound; the
change minus 1.645 standard errors), following the Uniform Guidelines' own caveat that
differences based on small numbers need statistical significance, and only groups with
``MIN_GROUP_DOCS`` (30) real mentions are judged. The thresholds did not move.

The metrics added for the rest of the issue's list, same mixes (diversity: ratio to real at
1,000 sampled documents; ``label_tvd`` on the demo's ``group`` / ``topic`` / ``sentiment``
columns, 17 / 24 / 3 categories):

============================= ========== ========== ============= ============= ===========
metric                        B vs A     real-only  skewed 90 %   templ. 90 %   warn / fail
============================= ========== ========== ============= ============= ===========
vendi_q0_5 (ratio)            1.00       1.01       1.01          **0.67**      0.9 / 0.75
vendi_q2 (ratio)              1.03       1.04       1.05          **0.42**      0.9 / 0.75
cluster_entropy (ratio)       0.98       1.00       0.98          **0.60**      0.95 / 0.85
mattr (ratio)                 1.00       1.00       1.00          1.05          0.95 / 0.85
topic_tvd                     0.072      0.038      0.10          **0.63**      0.15 / 0.3
label_tvd (group)             0.063      0.026      **0.31**      **0.56**      0.1 / 0.2
label_tvd (topic)             0.050      0.030      0.018         **0.76**      0.1 / 0.2
label_tvd (sentiment)         0.016      0.006      0.020         **0.34**      0.1 / 0.2
============================= ========== ========== ============= ============= ===========

Total variation between two samples has a noise floor of about ``0.4 * sqrt(k / n)`` for ``k``
evenly filled categories and ``1 / n = 1 / n_mix + 1 / n_real``, so ``topic_tvd`` (up to 50
clusters; the skewed corpus, which keeps all 24 topics, reaches 0.10 by chance with 42
clusters) gets looser thresholds than ``label_tvd``; a label column with many categories needs
its own (see its ``noise_floor``). MATTR's 50-token windows mostly fall inside one document, so
it measures word repetition within texts and does not see templates repeated across documents:
the templated corpus scores *above* real (at a window of 500 tokens it would score 0.47
against 0.53).

Bases
-----
``absolute``: the value itself is compared with the thresholds. ``ratio_to_real``: single-set
metrics whose scale depends on the corpus (Vendi, distinct-2, ...) are judged by their ratio to
the real corpus's own value at the same sample size. ``ratio_to_floor``: judged by the ratio to
the real-vs-real noise floor (Fréchet distance, whose scale depends on the embedder).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from mixscope.metrics import measures as m
from mixscope.metrics.stats import GOALS, Goal, Interval

__all__ = ["GROUPS", "REGISTRY", "Metric", "check_thresholds", "default_metrics", "get_metric"]

Group = Literal["diversity", "duplication", "fidelity", "bias"]
GROUPS: tuple[Group, ...] = ("diversity", "duplication", "fidelity", "bias")
Basis = Literal["absolute", "ratio_to_real", "ratio_to_floor"]

_CALIBRATE = "MixScope default, to be calibrated on the demo corpora"
_CALIBRATED = "MixScope default, calibrated on the demo corpora (registry docstring)"


@dataclass(frozen=True)
class Metric:
    """One registered metric.

    Attributes
    ----------
    name, group, goal, unit, description, reference
        What it is: ``goal`` is "higher", "lower" or "target" (then ``target`` is the ideal).
    warn, fail : float
        Default thresholds on the value (or on its ratio, see ``basis``).
    threshold_source : str
    function : callable
        A set measure (``resampling="subsample"``) or a weighted measure
        (``resampling="bootstrap"``) of :mod:`mixscope.metrics.measures`.
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
    interval : {"percentile", "basic", "none"}
        How the resamples become an interval (:mod:`mixscope.metrics.stats`): "basic" for means
        of absolute differences, which resampling biases upward; "none" where resampling biases
        the statistic so much that no bootstrap interval would be honest (MAUVE: resampled
        histograms gain multinomial noise, so every resample lies below the point value).
    sample_as : str, optional
        Draw the same samples as this metric (the Vendi orders share vendi's samples, so one
        eigen-decomposition per sample serves all three).
    """

    name: str
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

    def __post_init__(self) -> None:
        check_thresholds(self, self.warn, self.fail)


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


def _entry(**kw: Any) -> tuple[str, Metric]:
    metric = Metric(**kw)
    return metric.name, metric


_DIV = {"group": "diversity", "resampling": "subsample", "sampled": True, "expensive": True}
_DUP = {"group": "duplication", "goal": "lower", "unit": "share of documents"}
_DUP |= {"resampling": "bootstrap", "threshold_source": _CALIBRATE}
_FID = {"group": "fidelity", "compares": "synthetic", "threshold_source": _CALIBRATE}
_PRDC = _FID | {"resampling": "subsample", "sampled": True, "expensive": True, "uses": ("prdc_k",)}
_PRDC_REF = (
    "Kynkäänniemi et al. (2019), Improved Precision and Recall Metric for Assessing "
    "Generative Models, NeurIPS; Naeem et al. (2020), Reliable Fidelity and Diversity Metrics "
    "for Generative Models, ICML"
)
_BIAS = {"group": "bias", "resampling": "bootstrap", "uses": ("min_group_docs",)}
_GROUPS_REF = "Term lists of mixscope.metrics.groups (after HolisticBias, Smith et al. 2022)"
_AXIS = {"group": "bias", "resampling": "bootstrap", "unit": "real standard deviations"}
_AXIS_REF = (
    "Concept axis from the anchor phrases of mixscope.metrics.bias, after Bolukbasi et al. "
    "(2016), NeurIPS, and SEAT (May et al., 2019, NAACL)"
)
_SHIFT = _AXIS | {"goal": "target", "target": 0.0, "warn": 0.2, "fail": 0.5}
_SHIFT |= {"threshold_source": "Cohen's (1988) small / medium effect sizes; " + _CALIBRATE}
_ASSOC = _AXIS | {"goal": "lower", "warn": 0.25, "fail": 0.5, "threshold_source": _CALIBRATED}
_ASSOC |= {"uses": ("min_group_docs", "n_clusters"), "interval": "basic"}
_ZHAO = "Zhao et al. (2017), Men Also Like Shopping (bias amplification), EMNLP"
_VENDI_Q_REF = (
    "Friedman & Dieng (2023), The Vendi Score, TMLR; Pasarkar & Dieng (2024), Cousins of the "
    "Vendi Score (orders q), AISTATS"
)
_TV_REF = "Levin, Peres & Wilmer (2009), Markov Chains and Mixing Times, §4.1"

REGISTRY: dict[str, Metric] = dict(
    [
        _entry(
            name="vendi", goal="higher", unit="effective documents",
            description="Effective number of distinct documents (embedding cosine kernel)",
            reference="Friedman & Dieng (2023), The Vendi Score, TMLR",
            warn=0.9, fail=0.75, basis="ratio_to_real", threshold_source=_CALIBRATE,
            function=m.vendi, **_DIV,
        ),
        _entry(
            name="mean_pairwise_distance", goal="higher", unit="cosine distance",
            description="Mean cosine distance between two documents",
            reference="Tevet & Berant (2021), Evaluating the Evaluation of Diversity in NLG, EACL",
            warn=0.9, fail=0.75, basis="ratio_to_real", threshold_source=_CALIBRATE,
            function=m.mean_pairwise_distance, **_DIV,
        ),
        _entry(
            name="cluster_coverage", goal="higher", unit="share of real clusters",
            description="Share of the real corpus's topic clusters the sample still reaches",
            reference="Srivastava et al. (2017), VEEGAN, NeurIPS (mode counting)",
            warn=0.95, fail=0.8, basis="ratio_to_real", threshold_source=_CALIBRATE,
            function=m.cluster_coverage, uses=("n_clusters",), **_DIV,
        ),
        _entry(
            name="compression_ratio", goal="lower", unit="bytes / gzip bytes",
            description="How much gzip shrinks the texts; higher means more repetitive",
            reference="Shaib et al. (2024), Standardizing the Measurement of Text Diversity",
            warn=1.1, fail=1.25, basis="ratio_to_real", threshold_source=_CALIBRATE,
            function=m.compression_ratio, **_DIV,
        ),
        _entry(
            name="distinct_2", goal="higher", unit="unique / total bigrams",
            description="Share of distinct word bigrams in a fixed budget of bigrams",
            reference="Li et al. (2016), A Diversity-Promoting Objective Function, NAACL; "
            "Shaib et al. (2024), Standardizing the Measurement of Text Diversity",
            warn=0.9, fail=0.75, basis="ratio_to_real", threshold_source=_CALIBRATE,
            function=m.distinct_2, uses=("distinct_budget",), **_DIV,
        ),
        _entry(
            name="exact_duplicate_rate", warn=0.01, fail=0.05,
            description="Share of documents that repeat an earlier one after normalisation",
            reference="Lee et al. (2022), Deduplicating Training Data Makes LMs Better, ACL",
            function=m.exact_duplicate_rate, **_DUP,
        ),
        _entry(
            name="near_duplicate_rate", warn=0.03, fail=0.1,
            description="Share a MinHash near-duplicate removal would drop (5-word shingles)",
            reference="Broder (1997), On the resemblance and containment of documents",
            function=m.near_duplicate_rate,
            uses=("num_perm", "shingle_size", "jaccard_threshold"), **_DUP,
        ),
        _entry(
            name="semantic_duplicate_rate", warn=0.05, fail=0.15,
            description="Share an embedding-cosine duplicate removal would drop",
            reference="Abbas et al. (2023), SemDeDup",
            function=m.semantic_duplicate_rate,
            uses=("semantic_threshold", "semantic_k"), **_DUP,
        ),
        _entry(
            name="cross_source_duplicate_rate", warn=0.01, fail=0.05,
            description="Share of documents near-duplicating a document of another corpus",
            reference="Broder (1997); Lee et al. (2022)",
            function=m.cross_source_duplicate_rate,
            uses=("num_perm", "shingle_size", "jaccard_threshold"), **_DUP,
        ),
        _entry(
            name="precision", goal="higher", unit="share of synthetic documents",
            description="Synthetic documents inside the real k-NN manifold (realism)",
            reference=_PRDC_REF, warn=0.7, fail=0.5, function=m.precision, **_PRDC,
        ),
        _entry(
            name="recall", goal="higher", unit="share of real documents",
            description="Real documents inside the synthetic k-NN manifold",
            reference=_PRDC_REF, warn=0.5, fail=0.3, function=m.recall, **_PRDC,
        ),
        _entry(
            name="density", goal="target", target=1.0, unit="real balls per synthetic / k",
            description="How crowded real neighbourhoods get with synthetic text (1: as real)",
            reference=_PRDC_REF, warn=0.3, fail=0.6, function=m.density, **_PRDC,
        ),
        _entry(
            name="coverage", goal="higher", unit="share of real documents",
            description="Real documents with a synthetic document in their k-NN ball",
            reference=_PRDC_REF, warn=0.7, fail=0.5, function=m.coverage, **_PRDC,
        ),
        _entry(
            name="mauve", goal="higher", unit="area under divergence frontier",
            description="Gap between real and synthetic cluster histograms (1 = same)",
            reference="Pillutla et al. (2021), MAUVE, NeurIPS", warn=0.8, fail=0.5,
            function=m.mauve, resampling="bootstrap", interval="none", **_FID,
        ),
        _entry(
            name="frechet_distance", goal="lower", unit="squared embedding distance",
            description="Fréchet distance of Gaussians fitted to real and synthetic embeddings",
            reference="Heusel et al. (2017), NeurIPS; Xiang et al. (2021), Findings of ACL",
            warn=2.0, fail=4.0, basis="ratio_to_floor", function=m.frechet_distance,
            resampling="subsample", sampled=True, expensive=True, **_FID,
        ),
        _entry(
            name="c2st_auc", goal="lower", unit="ROC AUC",
            description="How well a classifier tells synthetic from real (0.5 = cannot)",
            reference="Lopez-Paz & Oquab (2017), Revisiting Classifier Two-Sample Tests, ICLR",
            warn=0.65, fail=0.8, function=m.c2st, resampling="subsample", sampled=True,
            expensive=True, default=False, **_FID,
        ),
        _entry(
            name="group_representation_ratio_min", goal="higher", unit="ratio of shares",
            description="Lowest ratio, over groups with enough real mentions, of the share of "
            "documents mentioning the group in the mix to that in the real corpus (upper end of "
            "its one-sided 95 % interval: only what the counts show)",
            reference=_GROUPS_REF, warn=0.8, fail=0.5,
            threshold_source="warn: four-fifths rule (29 CFR 1607.4(D)); fail: MixScope "
            "default, calibrated on the demo corpora (registry docstring)",
            function=m.group_representation_ratio_min, **_BIAS,
        ),
        _entry(
            name="gender_axis_shift",
            description="Signed shift of the mix's mean position on the women (+) / men (-) "
            "embedding axis, in real standard deviations (Glass's delta); judged on its size",
            reference=_AXIS_REF + "; Glass et al. (1981)",
            function=m.gender_axis_shift, axis="gender", **_SHIFT,
        ),
        _entry(
            name="sentiment_axis_shift",
            description="Signed shift of the mix's mean position on the positive (+) / negative "
            "(-) sentiment embedding axis, in real standard deviations; judged on its size",
            reference=_AXIS_REF + "; Glass et al. (1981)",
            function=m.sentiment_axis_shift, axis="sentiment", **_SHIFT,
        ),
        _entry(
            name="topic_group_association_shift",
            description="Change of how far each real topic cluster leans to women or men on the "
            "gender embedding axis (bias amplification), in real standard deviations",
            reference=_ZHAO + "; " + _AXIS_REF,
            function=m.topic_group_association_shift, axis="gender", **_ASSOC,
        ),
        _entry(
            name="topic_sentiment_association_shift",
            description="Change of how positive or negative each real topic cluster sits on the "
            "sentiment embedding axis, in real standard deviations",
            reference=_ZHAO + "; " + _AXIS_REF,
            function=m.topic_sentiment_association_shift, axis="sentiment", **_ASSOC,
        ),
        _entry(
            name="topic_group_mention_shift", goal="lower", unit="total variation",
            description="Change of the topics that documents mentioning each group (by term "
            "lists) talk about",
            reference=_GROUPS_REF + "; " + _ZHAO, warn=0.15, fail=0.3,
            threshold_source=_CALIBRATE, function=m.topic_group_mention_shift, default=False,
            interval="basic",
            **_BIAS,
        ),
        _entry(
            name="sentiment_gap_shift", goal="lower", unit="VADER compound",
            description="Largest change of a group's sentiment relative to all documents, "
            "beyond sampling noise (minus 1.645 standard errors)",
            reference="Hutto & Gilbert (2014), VADER, ICWSM; " + _GROUPS_REF,
            warn=0.1, fail=0.2, threshold_source=_CALIBRATED,
            function=m.sentiment_gap_shift, **_BIAS,
        ),
        _entry(
            name="length_ks", group="bias", goal="lower", unit="KS statistic",
            description="Largest gap between the word-count distributions of mix and real",
            reference="Smirnov (1948), Annals of Mathematical Statistics", warn=0.1, fail=0.2,
            threshold_source=_CALIBRATE, function=m.length_ks, resampling="bootstrap",
        ),
        _entry(
            name="topic_jsd", group="bias", goal="lower", unit="bits",
            description="Jensen-Shannon divergence of topic-cluster shares, mix versus real",
            reference="Lin (1991), IEEE Trans. Information Theory", warn=0.02, fail=0.05,
            threshold_source=_CALIBRATE, function=m.topic_jsd, resampling="bootstrap",
            uses=("n_clusters",),
        ),
        # New entries go here, at the end: a metric's random stream is its position in the
        # registry (evaluate._rng), so an entry inserted above would redraw the samples of every
        # metric after it. Tables still list metrics by group (default_metrics).
        _entry(
            name="vendi_q0_5", goal="higher", unit="effective documents",
            description="Vendi score of order 0.5: weighs rare modes more than vendi (order 1)",
            reference=_VENDI_Q_REF, warn=0.9, fail=0.75, basis="ratio_to_real",
            threshold_source=_CALIBRATED, function=m.vendi_q0_5, sample_as="vendi", **_DIV,
        ),
        _entry(
            name="vendi_q2", goal="higher", unit="effective documents",
            description="Vendi score of order 2: weighs dominant modes more than vendi (order 1)",
            reference=_VENDI_Q_REF, warn=0.9, fail=0.75, basis="ratio_to_real",
            threshold_source=_CALIBRATED, function=m.vendi_q2, sample_as="vendi", **_DIV,
        ),
        _entry(
            name="cluster_entropy", goal="higher", unit="Pielou evenness (0-1)",
            description="How evenly the sample spreads over the real corpus's topic clusters "
            "(Shannon entropy of cluster shares / ln k)",
            reference="Shannon (1948); Pielou (1966), J. Theoretical Biology",
            warn=0.95, fail=0.85, basis="ratio_to_real", threshold_source=_CALIBRATED,
            function=m.cluster_entropy, uses=("n_clusters",), **_DIV,
        ),
        _entry(
            name="mattr", goal="higher", unit="types / tokens per 50-token window",
            description="Moving-average type-token ratio of the sample's words in 50-word "
            "windows (repetition within texts, not templates across them)",
            reference="Covington & McFall (2010), Journal of Quantitative Linguistics 17(2)",
            warn=0.95, fail=0.85, basis="ratio_to_real", threshold_source=_CALIBRATED,
            function=m.mattr, **_DIV,
        ),
        _entry(
            name="topic_tvd", group="bias", goal="lower", unit="total variation",
            description="Total variation distance of topic-cluster shares, mix versus real",
            reference=_TV_REF, warn=0.15, fail=0.3, threshold_source=_CALIBRATED,
            function=m.topic_tvd, resampling="bootstrap", uses=("n_clusters",),
        ),
        _entry(
            name="label_tvd", group="bias", goal="lower", unit="total variation",
            description="Total variation distance of a chosen metadata column's categories "
            "(missing values one of them), mix versus real",
            reference=_TV_REF, warn=0.1, fail=0.2, threshold_source=_CALIBRATED,
            function=m.label_tvd, resampling="bootstrap", uses=("label_column",),
        ),
    ]
)  # fmt: skip


def get_metric(name: str) -> Metric:
    """The registry entry called ``name``, or a ValueError listing the available names."""
    if name not in REGISTRY:
        raise ValueError(f"unknown metric {name!r}; available: {sorted(REGISTRY)}")
    return REGISTRY[name]


def default_metrics() -> list[str]:
    """Names evaluated when none are given: every entry with ``default=True``, by group
    (:data:`GROUPS` order), then registry order."""
    chosen = [metric for metric in REGISTRY.values() if metric.default]
    return [metric.name for metric in sorted(chosen, key=lambda m: GROUPS.index(m.group))]
