"""Distribution shift of a mix against the real corpus: KS, Jensen-Shannon, total variation.

Numeric features (lengths, scores) use the two-sample Kolmogorov-Smirnov statistic; categorical
features (labels, clusters, metadata) are first aligned into count vectors with
:func:`category_counts`, then compared with Jensen-Shannon divergence or total variation.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Hashable

import numpy as np
import pandas as pd

__all__ = ["category_counts", "jensen_shannon", "ks_statistic", "total_variation"]


def ks_statistic(a: object, b: object) -> float:
    """Two-sample Kolmogorov-Smirnov statistic: largest gap between the two empirical CDFs.

    Parameters
    ----------
    a, b : array-like of shape (n_a,), (n_b,)
        Finite numeric samples, at least one value each.

    Returns
    -------
    float in [0, 1]; 0 for identical empirical distributions, 1 for disjoint ranges.

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
    x = np.sort(_check_sample(a, "a"))
    y = np.sort(_check_sample(b, "b"))
    grid = np.concatenate([x, y])
    cdf_x = np.searchsorted(x, grid, side="right") / len(x)
    cdf_y = np.searchsorted(y, grid, side="right") / len(y)
    return float(np.max(np.abs(cdf_x - cdf_y)))


def jensen_shannon(p_counts: object, q_counts: object, *, base: float = 2.0) -> float:
    """Jensen-Shannon **divergence** between two categorical distributions given as counts.

    ``JS(P, Q) = (KL(P || M) + KL(Q || M)) / 2`` with ``M = (P + Q) / 2``. This is the
    divergence, i.e. the square of ``scipy.spatial.distance.jensenshannon`` (a distance).

    Parameters
    ----------
    p_counts, q_counts : array-like of shape (n_categories,)
        Non-negative counts (or weights) over the same categories, each with a positive total;
        see :func:`category_counts`. They are normalised, so scale does not matter.
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
    p, q = _check_counts(p_counts, q_counts)
    return float(np.abs(p - q).sum() / 2)


def category_counts(a: object, b: object) -> tuple[np.ndarray, np.ndarray, list[Hashable]]:
    """Align two label arrays into count vectors over the union of their categories.

    Parameters
    ----------
    a, b : array-like of shape (n_a,), (n_b,)
        Hashable labels (str, int, ...). Missing values (None, NaN) are refused with their count.

    Returns
    -------
    p, q : ndarray of int64, shape (n_categories,)
        Count of each category in ``a`` and in ``b`` (zero where absent).
    categories : list
        The categories, sorted when they are mutually comparable, else in order of first
        appearance (``a`` then ``b``).

    Examples
    --------
    >>> p, q, cats = category_counts(["x", "y", "x"], ["z", "x"])
    >>> p.tolist(), q.tolist(), cats
    ([2, 1, 0], [1, 0, 1], ['x', 'y', 'z'])
    """
    sa, sb = _check_labels(a, "a"), _check_labels(b, "b")
    categories: list[Hashable] = list(pd.unique(pd.concat([sa, sb], ignore_index=True)))
    with contextlib.suppress(TypeError):  # mixed types (1 and "1") keep first-appearance order
        categories = sorted(categories)  # type: ignore[type-var]
    p = sa.value_counts().reindex(categories, fill_value=0).to_numpy(np.int64)
    q = sb.value_counts().reindex(categories, fill_value=0).to_numpy(np.int64)
    return p, q, categories


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
            f"{out[0].size} and {out[1].size} (align them with category_counts)"
        )
    return out[0], out[1]


def _kl(p: np.ndarray, m: np.ndarray) -> float:
    """KL(p || m) in nats, where m > 0 wherever p > 0."""
    nz = p > 0
    return float(np.sum(p[nz] * np.log(p[nz] / m[nz])))


def _check_labels(labels: object, name: str) -> pd.Series:
    if isinstance(labels, str | bytes):
        raise ValueError(f"{name} must be an array of labels, got a single {type(labels).__name__}")
    arr = np.asarray(labels, dtype=object)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of labels, got shape {arr.shape}")
    s = pd.Series(arr, dtype=object)
    if s.empty:
        raise ValueError(f"{name} must contain at least one label, got none")
    missing = int(s.isna().sum())
    if missing:
        raise ValueError(f"{name} has {missing} missing labels (None/NaN); fill or drop them first")
    return s
