"""Representation of groups: the share of documents mentioning each group, mix against real.

The four-fifths rule of the US Uniform Guidelines (29 CFR 1607.4(D)) applied to the share of
documents that mention a group (:mod:`mixscope.metrics.groups`), beyond sampling noise: each
ratio of shares comes with Katz bounds (:func:`representation_bounds`). The table the Bias
page charts (:func:`representation_ratios`) and the registry metric
(:func:`group_representation_ratio_min`) use the same bounds and the same rule.
:func:`topic_group_mention_shift` asks whether the documents mentioning a group talk about other
topics in the mix than in real.
Functions return NaN, never 0, when there is too little data to judge.
"""

from __future__ import annotations

from statistics import NormalDist
from typing import overload

import numpy as np
import pandas as pd

from mixscope.metrics.checks import check_positive_int, check_weights
from mixscope.metrics.groups import MIN_GROUP_DOCS, check_mentions, mention_matrix, mention_shares
from mixscope.metrics.stats import weighted_counts

__all__ = [
    "FOUR_FIFTHS",
    "group_representation_ratio_min",
    "representation_bounds",
    "representation_ratios",
    "topic_group_mention_shift",
]

# Uniform Guidelines on Employee Selection Procedures (EEOC et al., 1978), 29 CFR 1607.4(D).
FOUR_FIFTHS = 0.8


def representation_bounds(
    mix_n: object, mix_total: object, real_n: object, real_total: object, *, confidence: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ratio of two shares of documents and its one-sided confidence bounds (Katz log method).

    ``ratio = (mix_n / mix_total) / (real_n / real_total)``; the bounds are
    ``ratio * exp(∓ z * se)`` with ``se = sqrt(1/mix_n - 1/mix_total + 1/real_n - 1/real_total)``
    and ``z`` the normal quantile at ``confidence`` (so each bound alone holds with that
    confidence; 0.5 gives the ratio itself). A group the mix never mentions has ratio and lower
    bound 0 and an upper bound computed with half a mention (Haldane's correction). Arguments
    broadcast (e.g. counts of shape (n_boot, n_groups) against totals of shape (n_boot, 1)).

    References
    ----------
    Katz, D., Baptista, J., Azen, S. P. & Pike, M. C. (1978). Obtaining confidence intervals for
    the risk ratio in cohort studies. Biometrics 34(3).

    Examples
    --------
    >>> r, lo, hi = representation_bounds(30, 100, 50, 100, confidence=0.5)
    >>> float(r[()]), float(lo[()]), float(hi[()])
    (0.6, 0.6, 0.6)
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence!r}")
    z = NormalDist().inv_cdf(confidence)
    a, n1, c, n2 = (np.asarray(v, dtype=np.float64) for v in (mix_n, mix_total, real_n, real_total))
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = (a / n1) / (c / n2)
        a_pos = np.maximum(a, 0.5)
        se = np.sqrt(np.maximum(1 / a_pos - 1 / n1 + 1 / c - 1 / n2, 0.0))
        high = (a_pos / n1) / (c / n2) * np.exp(z * se)
        low = np.where(a > 0, ratio * np.exp(-z * se), 0.0)
    return ratio, low, high


def representation_ratios(
    mix_mentions: pd.DataFrame,
    real_mentions: pd.DataFrame,
    *,
    min_mentions: int = MIN_GROUP_DOCS,
    warn: float = FOUR_FIFTHS,
    fail: float = 0.5,
    high: float = 1 / FOUR_FIFTHS,
    confidence: float = 0.975,
) -> pd.DataFrame:
    """Each group's share of documents in the mix relative to real, judged like the metric.

    Parameters
    ----------
    mix_mentions, real_mentions : DataFrame of bool
        :func:`mixscope.metrics.groups.group_mentions` of the mix and of the real corpus, with the
        same columns.
    min_mentions : int, default=MIN_GROUP_DOCS (30)
        A group mentioned by fewer real documents is not judged (status ``n/a``, note "too few
        mentions"). The mix is not held to it: a group that vanishes from the mix is exactly
        what to flag.
    warn, fail : float, default=0.8 and 0.5
        A group's status is read at the upper end of its interval: ``pass`` when it reaches
        ``warn``, ``fail`` when it stays below ``fail``, ``warn`` between (the rule of
        :func:`mixscope.metrics.stats.interval_status`, which the metric
        ``group_representation_ratio_min`` follows for its least represented group).
    high : float, default=1.25
        Noted "over-represented" when the interval's lower end is above it (the mirror of the
        four-fifths rule; not a failure of this metric).
    confidence : float, default=0.975
        One-sided confidence of each bound (:func:`representation_bounds`): 0.975 makes
        ``[ratio_low, ratio_high]`` a two-sided 95 % interval; 0.5 judges the ratio itself.

    Returns
    -------
    DataFrame with columns ``axis, group, mix_n, real_n, mix_share, real_share, ratio,
    ratio_low, ratio_high, status, note``. ``*_n`` are documents mentioning the group,
    ``*_share`` its ``share_of_docs`` (see :func:`mixscope.metrics.groups.mention_shares`),
    ``ratio = mix_share / real_share`` (NaN, never 0, when not judged). ``status`` is ``pass``,
    ``warn``, ``fail`` or ``n/a``; ``note`` is ``"too few mentions"``, ``"over-represented"`` or
    empty.

    Notes
    -----
    *Share of all documents*, not share of the axis's mentions: a mix that drops a whole axis
    (every disability group at a fifth of its real share) keeps the within-axis shares equal and
    would pass; per document it fails. This is also the share the Bias page charts. The balance
    *within* an axis (women versus men) is ``share_within_axis`` of
    :func:`~mixscope.metrics.groups.mention_shares`.

    The four-fifths rule calls a selection rate below 0.8 of the reference group's evidence of
    adverse impact; here the rate is the share of documents mentioning the group and the
    reference is the same group in real text ("the mix keeps at least four fifths of the group's
    real share"). The Guidelines add that differences "based on small numbers" that are not
    statistically significant need not be adverse impact: hence the status from the interval.
    With about 100 mentions per group, two halves of one real corpus differ by ±15 % per group,
    and the smallest of 16 raw ratios falls below 0.8 most of the time.

    References
    ----------
    EEOC, Civil Service Commission, Department of Labor & Department of Justice (1978). Uniform
    Guidelines on Employee Selection Procedures, 29 CFR §1607.4(D).

    Examples
    --------
    >>> from mixscope.metrics.groups import group_mentions
    >>> mix = group_mentions(["she"] * 30 + ["he"] * 70 + ["-"] * 100)
    >>> real = group_mentions(["she"] * 100 + ["he"] * 100)
    >>> r = representation_ratios(mix, real).set_index("group")
    >>> r.loc[["women", "men", "non-binary"], ["ratio", "status", "note"]].to_numpy().tolist()
    [[0.3, 'fail', ''], [0.7, 'pass', ''], [nan, 'n/a', 'too few mentions']]
    """
    mix, real = (
        check_mentions(mix_mentions, name="mix_mentions"),
        check_mentions(real_mentions, name="real_mentions"),
    )
    if list(mix.columns) != list(real.columns):
        raise ValueError(
            f"mix_mentions and real_mentions must have the same group columns, got "
            f"{list(mix.columns)} and {list(real.columns)}"
        )
    check_positive_int(min_mentions, "min_mentions")
    if not 0 < fail <= warn <= 1 <= high:
        raise ValueError(
            f"thresholds must satisfy 0 < fail <= warn <= 1 <= high, got {warn=}, {fail=}, {high=}"
        )
    m, r = mention_shares(mix), mention_shares(real)
    table = m[["axis", "group"]].assign(
        mix_n=m["n_docs"], real_n=r["n_docs"], mix_share=m["share_of_docs"],
        real_share=r["share_of_docs"],
    )  # fmt: skip
    ratio, lo, hi = representation_bounds(
        table["mix_n"], len(mix), table["real_n"], len(real), confidence=confidence
    )
    judged = (table["real_n"] >= min_mentions).to_numpy() & (len(mix) > 0)
    table["ratio"], table["ratio_low"], table["ratio_high"] = (
        np.where(judged, v, np.nan) for v in (ratio, lo, hi)
    )
    upper = table["ratio_high"]
    table["status"] = np.select(
        [~judged, upper < fail, upper < warn], ["n/a", "fail", "warn"], default="pass"
    )
    table["note"] = np.select(
        [~judged, table["ratio_low"] > high], ["too few mentions", "over-represented"], default=""
    )
    return table


def group_representation_ratio_min(
    mix_mentions: object,
    real_mentions: object,
    *,
    min_mentions: int = MIN_GROUP_DOCS,
    confidence: float = 0.975,
    weights: object = None,
) -> np.ndarray:
    """The least represented group the counts show: its ratio and the ends of its interval.

    Over the groups real text mentions in at least ``min_mentions`` documents, the group whose
    interval (:func:`representation_bounds`) has the lowest upper end: the one that decides
    whether some group fails the four-fifths rule beyond sampling noise. Its row of
    :func:`representation_ratios` gives the same three numbers. The mix is not held to
    ``min_mentions`` (a group that vanishes from the mix is what to flag).

    Parameters
    ----------
    mix_mentions, real_mentions : DataFrame or array-like of bool, shape (n_docs, n_groups)
        :func:`mixscope.metrics.groups.group_mentions` of the mix and of the real corpus (same
        group columns, same order).
    min_mentions : int, default=MIN_GROUP_DOCS (30)
    confidence : float, default=0.975
        One-sided confidence of each bound (two-sided 95 %); 0.5 gives the ratio three times.
    weights : array-like of shape (n_rows, n_mix), optional
        Resampling weights of the mix's documents: one result per row.

    Returns
    -------
    ndarray ``[ratio, low, high]`` (shape (n_rows, 3) with ``weights``); the ratio is about 1
    when every judged group keeps its real share; NaN when no group has ``min_mentions`` real
    mentions or the mix is empty.

    Examples
    --------
    >>> from mixscope.metrics.groups import group_mentions
    >>> mix = group_mentions(["she"] * 30 + ["he"] * 70)
    >>> real = group_mentions(["she"] * 50 + ["he"] * 50)
    >>> group_representation_ratio_min(mix, real, confidence=0.5).tolist()
    [0.6, 0.6, 0.6]
    """
    check_positive_int(min_mentions, "min_mentions")
    mix, real = _aligned(mix_mentions, real_mentions)
    W = check_weights(weights, len(mix))
    real_n = real.sum(axis=0)
    keep = real_n >= min_mentions
    if not keep.any() or len(mix) == 0:
        out = np.full((len(W), 3), np.nan)
    else:
        mixed = W @ mix[:, keep].astype(np.float64)
        ratio, low, high = representation_bounds(
            mixed, W.sum(axis=1, keepdims=True), real_n[keep], len(real), confidence=confidence
        )
        rows, j = np.arange(len(W)), np.argmin(high, axis=1)
        out = np.column_stack([ratio[rows, j], low[rows, j], high[rows, j]])
    return out[0] if weights is None else out


@overload
def topic_group_mention_shift(
    mix_mentions: object,
    mix_topics: object,
    real_mentions: object,
    real_topics: object,
    *,
    n_topics: int,
    min_mentions: int = MIN_GROUP_DOCS,
    weights: None = None,
) -> float: ...
@overload
def topic_group_mention_shift(
    mix_mentions: object,
    mix_topics: object,
    real_mentions: object,
    real_topics: object,
    *,
    n_topics: int,
    min_mentions: int = MIN_GROUP_DOCS,
    weights: object,
) -> np.ndarray: ...
def topic_group_mention_shift(
    mix_mentions: object,
    mix_topics: object,
    real_mentions: object,
    real_topics: object,
    *,
    n_topics: int,
    min_mentions: int = MIN_GROUP_DOCS,
    weights: object = None,
) -> float | np.ndarray:
    """How much the topics of the documents mentioning each group change, mix against real.

    For each group mentioned by at least ``min_mentions`` documents on both sides: the total
    variation between the topic distributions of the documents mentioning it, mix versus real;
    averaged over groups weighted by their real mentions (Zhao et al., 2017, count the same kind
    of group-topic co-occurrence).

    Parameters
    ----------
    mix_mentions, real_mentions : DataFrame or array-like of bool, shape (n_docs, n_groups)
    mix_topics, real_topics : array-like of int in [0, n_topics), shape (n_docs,)
        Topic of each document, e.g. the real corpus's frozen clusters.
    n_topics : int
    min_mentions : int, default=MIN_GROUP_DOCS (30)
    weights : array-like of shape (n_rows, n_mix), optional
        Resampling weights of the mix's documents: one value per row.

    Returns
    -------
    float (ndarray of shape (n_rows,) with ``weights``) in [0, 1]; NaN when no group is
    mentioned enough on both sides.

    Examples
    --------
    >>> m = np.array([[True]] * 4)
    >>> topic_group_mention_shift(m, [0, 0, 0, 1], m, [0, 1, 0, 1], n_topics=2, min_mentions=2)
    0.25
    """
    check_positive_int(min_mentions, "min_mentions")
    k = check_positive_int(n_topics, "n_topics")
    mix, real = _aligned(mix_mentions, real_mentions)
    mix_t, real_t = _topic_codes(mix_topics, len(mix), k), _topic_codes(real_topics, len(real), k)
    W = check_weights(weights, len(mix))
    keep = np.flatnonzero((real.sum(axis=0) >= min_mentions) & (mix.sum(axis=0) >= min_mentions))
    if keep.size == 0:
        out = np.full(len(W), np.nan)
    else:
        real_counts = _group_topic_counts(real[:, keep], real_t, k, None)[0]
        mix_counts = _group_topic_counts(mix[:, keep], mix_t, k, W)
        p = real_counts / real_counts.sum(axis=1, keepdims=True)
        with np.errstate(invalid="ignore", divide="ignore"):
            q = mix_counts / mix_counts.sum(axis=2, keepdims=True)
        tv = 0.5 * np.abs(q - p).sum(axis=2)  # (n_rows, n_groups)
        group_weights = real_counts.sum(axis=1)
        out = tv @ group_weights / group_weights.sum()
    return float(out[0]) if weights is None else out


def _group_topic_counts(
    M: np.ndarray, labels: np.ndarray, k: int, W: np.ndarray | None
) -> np.ndarray:
    """(n_rows, n_groups, k) weighted counts of (group mentioned, topic) over documents."""
    rows, groups = np.nonzero(M)
    weights = np.ones((1, M.shape[0])) if W is None else W
    pair_labels = groups * k + labels[rows]
    counts = weighted_counts(weights[:, rows], pair_labels, M.shape[1] * k)
    return counts.reshape(len(weights), M.shape[1], k)


def _aligned(mix_mentions: object, real_mentions: object) -> tuple[np.ndarray, np.ndarray]:
    mix = mention_matrix(mix_mentions, name="mix_mentions")
    real = mention_matrix(real_mentions, name="real_mentions")
    if mix.shape[1] != real.shape[1]:
        raise ValueError(
            f"mix_mentions and real_mentions must have the same groups, got {mix.shape[1]} and "
            f"{real.shape[1]} columns"
        )
    return mix, real


def _topic_codes(topics: object, n: int, k: int) -> np.ndarray:
    t = np.asarray(topics)
    if t.shape != (n,) or (
        n and (not np.issubdtype(t.dtype, np.integer) or t.min() < 0 or t.max() >= k)
    ):
        raise ValueError(f"topics must be {n} integers in [0, {k}), got shape {t.shape}")
    return t.astype(np.int64)
