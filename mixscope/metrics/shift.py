"""Distribution shift of a mix against the real corpus: KS, Jensen-Shannon, total variation.

Numeric features (lengths, scores) use the two-sample Kolmogorov-Smirnov statistic; categorical
features (topic clusters, metadata labels) are compared as count vectors over the same categories
with Jensen-Shannon divergence or total variation. The KS statistic and total variation also
take resampling weights (one value per row), so the evaluation engine bootstraps them with
matrix products.
"""

from __future__ import annotations

import math
from typing import overload

import numpy as np

from mixscope.metrics.checks import check_weights
from mixscope.metrics.stats import weighted_counts

__all__ = ["jensen_shannon", "ks_statistic", "total_variation", "total_variations"]


@overload
def ks_statistic(a: object, b: object, *, weights: None = None) -> float: ...
@overload
def ks_statistic(a: object, b: object, *, weights: object) -> np.ndarray: ...
def ks_statistic(a: object, b: object, *, weights: object = None) -> float | np.ndarray:
    """Two-sample Kolmogorov-Smirnov statistic: largest gap between the two empirical CDFs.

    Parameters
    ----------
    a, b : array-like of shape (n_a,), (n_b,)
        Finite numeric samples, at least one value each.
    weights : array-like of shape (n_rows, n_a), optional
        Resampling weights of ``a``'s values: one statistic per row (weighted CDF of ``a``).

    Returns
    -------
    float (ndarray of shape (n_rows,) with ``weights``) in [0, 1]; 0 for identical empirical
    distributions, 1 for disjoint ranges.

    References
    ----------
    Smirnov, N. (1948). Table for Estimating the Goodness of Fit of Empirical Distributions.
    Annals of Mathematical Statistics 19(2), 279-281. Same value as
    ``scipy.stats.ks_2samp(a, b).statistic``.

    Examples
    --------
    >>> ks_statistic([1, 2, 3], [4, 5])
    1.0
    >>> ks_statistic([1, 2], [2, 1])
    0.0
    """
    x, y = _check_sample(a, "a"), np.sort(_check_sample(b, "b"))
    W = check_weights(weights, len(x))
    grid = np.union1d(x, y)
    # Weight of each distinct value, then cumulated: n_rows x n_values, not n_rows x n_a.
    per_value = weighted_counts(W, np.searchsorted(grid, x), len(grid))
    cdf_a = np.cumsum(per_value, axis=1) / W.sum(axis=1, keepdims=True)
    cdf_b = np.searchsorted(y, grid, side="right") / len(y)
    out: np.ndarray = np.abs(cdf_a - cdf_b).max(axis=1)
    return float(out[0]) if weights is None else out


def jensen_shannon(p_counts: object, q_counts: object, *, base: float = 2.0) -> float:
    """Jensen-Shannon **divergence** between two categorical distributions given as counts.

    ``JS(P, Q) = (KL(P || M) + KL(Q || M)) / 2`` with ``M = (P + Q) / 2``. This is the
    divergence, i.e. the square of ``scipy.spatial.distance.jensenshannon`` (a distance).

    Parameters
    ----------
    p_counts, q_counts : array-like of shape (n_categories,)
        Non-negative counts (or weights) over the same categories, each with a positive total.
        They are normalised, so scale does not matter.
    base : float, default=2.0
        Logarithm base; with base 2 the value is in bits and bounded by [0, 1].

    Returns
    -------
    float in [0, log_base(2)]; 0 for identical distributions, 1 bit for disjoint supports.

    References
    ----------
    Lin, J. (1991). Divergence Measures Based on the Shannon Entropy. IEEE Transactions on
    Information Theory 37(1), 145-151.

    Examples
    --------
    >>> jensen_shannon([1, 0], [0, 1])
    1.0
    >>> jensen_shannon([2, 2], [5, 5])
    0.0
    """
    if isinstance(base, bool) or not isinstance(base, int | float) or not base > 1:
        raise ValueError(f"base must be a number > 1, got {base!r}")
    p, q = _check_counts(p_counts, q_counts)
    m = (p + q) / 2
    js = (_kl(p, m) + _kl(q, m)) / 2 / math.log(base)
    return float(min(max(js, 0.0), 1.0 / math.log2(base)))


def total_variation(p_counts: object, q_counts: object) -> float:
    """Total variation distance: half the L1 gap between the two normalised distributions.

    Parameters
    ----------
    p_counts, q_counts : array-like of shape (n_categories,)
        Non-negative counts over the same categories, each with a positive total.

    Returns
    -------
    float in [0, 1]; the largest difference in probability the two assign to any set of
    categories.

    References
    ----------
    Levin, D. A., Peres, Y. & Wilmer, E. L. (2009). Markov Chains and Mixing Times, §4.1.

    Examples
    --------
    >>> total_variation([3, 1], [1, 3])
    0.5
    """
    _check_counts(p_counts, q_counts)
    p, q = np.asarray(p_counts, dtype=np.float64), np.asarray(q_counts, dtype=np.float64)
    return float(total_variations(p[None, :], q)[0])


def total_variations(rows: object, reference: object) -> np.ndarray:
    """:func:`total_variation` of each row of counts against one reference count vector.

    Parameters
    ----------
    rows : array-like of shape (n_rows, n_categories)
        e.g. weighted category counts of bootstrap resamples
        (:func:`mixscope.metrics.stats.weighted_counts`); each row with a positive total.
    reference : array-like of shape (n_categories,)

    Returns
    -------
    ndarray of shape (n_rows,), values in [0, 1].

    Examples
    --------
    >>> total_variations([[3, 1], [1, 3]], [1, 3]).tolist()
    [0.5, 0.0]
    """
    R = np.asarray(rows, dtype=np.float64)
    ref = np.asarray(reference, dtype=np.float64)
    if R.ndim != 2 or ref.shape != (R.shape[1],):
        raise ValueError(f"rows must be (n_rows, {ref.shape[-1]}) like reference, got {R.shape}")
    p = ref / ref.sum()
    q = R / R.sum(axis=1, keepdims=True)
    out: np.ndarray = 0.5 * np.abs(q - p).sum(axis=1)
    return out


def _check_sample(values: object, name: str) -> np.ndarray:
    try:
        x = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be numeric, got {type(values).__name__}: {err}") from err
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D sample, got shape {x.shape}")
    if not np.isfinite(x).all():
        raise ValueError(f"{name} contains {int((~np.isfinite(x)).sum())} NaN or infinite values")
    return x


def _check_counts(p_counts: object, q_counts: object) -> tuple[np.ndarray, np.ndarray]:
    out = []
    for name, counts in (("p_counts", p_counts), ("q_counts", q_counts)):
        c = _check_sample(counts, name)
        if (c < 0).any():
            raise ValueError(f"{name} must be non-negative, got min {c.min()!r}")
        if c.sum() <= 0:
            raise ValueError(f"{name} must have a positive total, got {c.sum()!r}")
        out.append(c / c.sum())
    if out[0].shape != out[1].shape:
        raise ValueError(
            f"p_counts and q_counts must cover the same categories, got lengths "
            f"{out[0].size} and {out[1].size} "
        )
    return out[0], out[1]


def _kl(p: np.ndarray, m: np.ndarray) -> float:
    """KL(p || m) in nats, where m > 0 wherever p > 0."""
    nz = p > 0
    return float(np.sum(p[nz] * np.log(p[nz] / m[nz])))
