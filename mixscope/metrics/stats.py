"""Uncertainty and verdicts for metric values: bootstrap weights, percentile intervals, status.

Two ways of resampling a mix, chosen per metric (see :mod:`mixscope.metrics.registry`):

- **bootstrap** (Efron, 1979): documents drawn with replacement. Used for metrics that are means
  or distributions of per-document values (duplicate flags, lengths, clusters, group mentions,
  sentiment), where a resample is a weight vector over the documents: :func:`bootstrap_weights`
  draws all of them at once, so hundreds of resamples cost a few matrix products.
- **subsample**: documents drawn *without* replacement at the metric's fixed sample size. Used for
  set metrics (Vendi, distinct-n, PRDC, ...), where drawing a document twice would plant an exact
  duplicate and bias the value; the interval is then the spread over which documents were sampled.

Intervals are percentile intervals (Efron & Tibshirani, 1993, ch. 13) of the resampled values,
except for metrics the registry flags ``interval="basic"``: means of absolute differences
(topic-association shifts), which resampling biases upward (a resample adds its own noise to
every difference, and the absolute value turns noise into a positive shift), so their percentile
interval can sit entirely above the value. They get the basic (reverse-percentile) interval
:func:`basic_interval`, which subtracts the bias to first order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np
from scipy.sparse import csr_matrix
from scipy.stats import t as scipy_t

__all__ = [
    "GOALS",
    "INTERVALS",
    "STATUSES",
    "Goal",
    "Status",
    "basic_interval",
    "bootstrap_weights",
    "interval_status",
    "percentile_interval",
    "prediction_half_width",
    "split_halves",
    "status",
    "weighted_counts",
    "weighted_mean",
]

Goal = Literal["higher", "lower", "target"]
Interval = Literal["percentile", "basic", "analytic", "none"]
INTERVALS: tuple[Interval, ...] = ("percentile", "basic")
Status = Literal["pass", "warn", "fail", "n/a"]
GOALS: tuple[Goal, ...] = ("higher", "lower", "target")
STATUSES: tuple[Status, ...] = ("pass", "warn", "fail", "n/a")


def bootstrap_weights(n: int, *, n_boot: int, seed: int = 0) -> np.ndarray:
    """Multinomial bootstrap weights: row ``b`` counts how often resample ``b`` drew each document.

    A weighted mean ``W @ x / n`` is then the mean of ``x`` over each resample.

    Parameters
    ----------
    n : int
        Number of documents (>= 1).
    n_boot : int
        Number of resamples (>= 0).
    seed : int, default=0

    Returns
    -------
    ndarray of float64, shape (n_boot, n), read-only (one matrix is shared by every metric of
    an evaluation, which need not check it again); every row sums to ``n``.

    Examples
    --------
    >>> W = bootstrap_weights(4, n_boot=3, seed=1)
    >>> W.shape, W.sum(axis=1).tolist()
    ((3, 4), [4.0, 4.0, 4.0])
    """
    if n < 1 or n_boot < 0:
        raise ValueError(f"need n >= 1 documents and n_boot >= 0, got n={n}, n_boot={n_boot}")
    draws = np.random.default_rng(seed).integers(0, n, size=(n_boot, n))
    offsets = (np.arange(n_boot) * n)[:, None]
    counts = np.bincount((draws + offsets).ravel(), minlength=n_boot * n).reshape(n_boot, n)
    weights: np.ndarray = counts * 1.0
    weights.flags.writeable = False
    return weights


def percentile_interval(
    values: Sequence[float] | np.ndarray, *, level: float = 0.95
) -> tuple[float, float]:
    """Percentile interval of resampled values, ignoring NaN resamples.

    Returns ``(nan, nan)`` when there is no finite resample.

    Examples
    --------
    >>> percentile_interval(np.arange(101.0), level=0.5)
    (25.0, 75.0)
    """
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}")
    v = np.asarray(values, dtype=np.float64)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return math.nan, math.nan
    alpha = (1 - level) / 2
    low, high = np.quantile(v, [alpha, 1 - alpha])
    return float(low), float(high)


def basic_interval(
    values: Sequence[float] | np.ndarray, point: float, *, level: float = 0.95
) -> tuple[float, float]:
    """Basic (reverse-percentile) bootstrap interval ``(2 θ - q_high, 2 θ - q_low)``.

    Where the resampled values ``θ*`` sit above the point value ``θ`` by a bias ``b``, the
    interval sits below ``θ`` by about ``b``: it estimates where the value would be without the
    sampling noise the statistic turns into a positive bias. It contains ``θ`` when ``θ`` lies
    between the quantiles, i.e. when the bias is small against the spread (a real effect); when
    it lies entirely below ``θ``, most of ``θ`` is noise. If every resample is >= 0 the interval
    is clipped at 0.

    References
    ----------
    Davison, A. C. & Hinkley, D. V. (1997). Bootstrap Methods and their Application, eq. (5.6).
    Cambridge University Press.

    Examples
    --------
    >>> basic_interval([1.0, 2.0, 3.0, 4.0, 5.0], 2.0, level=0.5)
    (0.0, 2.0)
    """
    low, high = percentile_interval(values, level=level)
    if not math.isfinite(point) or not math.isfinite(low):
        return math.nan, math.nan
    v = np.asarray(values, dtype=np.float64)
    floor = 0.0 if (v[np.isfinite(v)] >= 0).all() else -math.inf
    return max(2 * point - high, floor), max(2 * point - low, floor)


def split_halves(n: int, *, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two disjoint random halves of ``range(n)`` (sorted), for the real-vs-real noise floor.

    Examples
    --------
    >>> a, b = split_halves(5, seed=0)
    >>> len(a), len(b), sorted(np.concatenate([a, b]).tolist())
    (2, 3, [0, 1, 2, 3, 4])
    """
    if n < 2:
        raise ValueError(f"splitting needs at least 2 documents, got {n}")
    order = np.random.default_rng(seed).permutation(n)
    return np.sort(order[: n // 2]), np.sort(order[n // 2 :])


def status(
    value: float, *, goal: Goal, warn: float, fail: float, target: float | None = None
) -> Status:
    """Verdict of a value against warn/fail thresholds.

    ``higher``: pass if ``value >= warn``, warn if ``value >= fail``, else fail. ``lower``: the
    mirror image. ``target``: the thresholds bound ``|value - target|`` like ``lower``. A NaN
    value is ``"n/a"``.

    Examples
    --------
    >>> status(0.85, goal="higher", warn=0.8, fail=0.5)
    'pass'
    >>> status(0.3, goal="lower", warn=0.1, fail=0.2)
    'fail'
    >>> status(1.2, goal="target", warn=0.3, fail=0.6, target=1.0)
    'pass'
    """
    if goal not in GOALS:
        raise ValueError(f"goal must be one of {GOALS}, got {goal!r}")
    if value is None or not math.isfinite(value):
        return "n/a"
    if goal == "target":
        if target is None:
            raise ValueError("goal 'target' needs a target value, got None")
        value, goal = abs(value - target), "lower"
    if goal == "higher":
        return "pass" if value >= warn else "warn" if value >= fail else "fail"
    return "pass" if value <= warn else "warn" if value <= fail else "fail"


def interval_status(
    value: float,
    low: float,
    high: float,
    *,
    goal: Goal,
    warn: float,
    fail: float,
    target: float | None = None,
) -> Status:
    """Verdict of a value with its interval ``[low, high]``: the data must show the problem.

    The status of the interval's end nearest the ideal (the highest value for ``higher``, the
    lowest for ``lower``, the closest to ``target``): a value is failed only when its whole
    interval fails, so a small sample's noise is never read as a defect (its wide interval
    says that the data cannot tell). Without a finite interval this is :func:`status` of the
    value.

    Examples
    --------
    >>> interval_status(0.6, 0.4, 0.85, goal="higher", warn=0.8, fail=0.5)
    'pass'
    >>> interval_status(0.6, 0.55, 0.7, goal="higher", warn=0.8, fail=0.5)
    'warn'
    >>> interval_status(0.3, 0.2, 0.45, goal="higher", warn=0.8, fail=0.5)
    'fail'
    >>> interval_status(1.5, 1.2, 1.8, goal="target", warn=0.3, fail=0.6, target=1.0)
    'pass'
    """
    point = status(value, goal=goal, warn=warn, fail=fail, target=target)
    if point == "n/a" or not (math.isfinite(low) and math.isfinite(high)):
        return point
    if goal == "target":
        best = min(max(float(target), low), high)  # type: ignore[arg-type]
    else:
        best = high if goal == "higher" else low
    return status(best, goal=goal, warn=warn, fail=fail, target=target)


def prediction_half_width(values: Sequence[float] | np.ndarray, *, level: float = 0.95) -> float:
    """Half width of the prediction interval for one more draw of ``values``' distribution.

    ``t · s · sqrt(1 + 1/R)`` for ``R`` draws with sample standard deviation ``s`` and the
    two-sided Student-t quantile at ``level`` with ``R - 1`` degrees of freedom (the normal
    prediction interval, e.g. Hahn & Meeker, 1991, Statistical Intervals, ch. 4). NaN draws are
    ignored; fewer than two finite draws give NaN.

    Examples
    --------
    >>> round(prediction_half_width([1.0, 2.0, 3.0], level=0.95), 3)
    4.968
    """
    x = np.asarray(values, dtype=np.float64)
    x = x[np.isfinite(x)]
    if len(x) < 2:
        return math.nan
    t = float(scipy_t.ppf((1 + level) / 2, df=len(x) - 1))
    return t * float(np.std(x, ddof=1)) * math.sqrt(1 + 1 / len(x))


def weighted_mean(weights: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Mean of ``values`` under each row of ``weights`` (shape (n_rows, n)); NaN if ``n`` is 0.

    Examples
    --------
    >>> weighted_mean(np.array([[1.0, 1.0], [2.0, 0.0]]), np.array([0.0, 1.0])).tolist()
    [0.5, 0.0]
    """
    if values.size == 0:
        return np.full(len(weights), math.nan)
    out: np.ndarray = weights @ values.astype(np.float64) / weights.sum(axis=1)
    return out


def weighted_counts(weights: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    """Weighted count of each label ``0..k-1`` under each row of ``weights``: shape (n_rows, k).

    Examples
    --------
    >>> weighted_counts(np.array([[1.0, 2.0, 1.0]]), np.array([0, 2, 2]), 3).tolist()
    [[1.0, 0.0, 3.0]]
    """
    n = len(labels)
    onehot = csr_matrix((np.ones(n), (np.arange(n), labels)), (n, k))
    return np.asarray((onehot.T @ weights.T).T)
