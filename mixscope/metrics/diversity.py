"""Embedding diversity of a set of documents: Vendi score and mean pairwise cosine distance.

Both metrics work on L2-normalised rows (cosine geometry) and both have an additive per-corpus
summary, so a mix is evaluated from precomputed pieces instead of the raw rows:

- Vendi: the second moment ``X.T @ X`` (d x d) of the unit rows; a mix's moment is the sum of the
  moments of the rows it picks (repeated picks count once per pick).
- Mean pairwise distance: the sum of the unit rows; a mix's sum is the sum of the picked rows.
"""

from __future__ import annotations

import math

import numpy as np

from mixscope.metrics.checks import check_embeddings, l2_normalize

__all__ = [
    "mean_pairwise_distance",
    "mean_pairwise_distance_from_sum",
    "moment_spectrum",
    "unit_rows",
    "vendi_from_moment",
    "vendi_from_spectrum",
    "vendi_score",
]


def unit_rows(embeddings: object, *, name: str = "embeddings", min_rows: int = 1) -> np.ndarray:
    """Return ``embeddings`` as float64 rows of unit length, refusing all-zero rows.

    A zero row has no direction, so its cosine similarity is undefined; it is refused (with its
    position) rather than silently dropped or counted as a new mode.

    Examples
    --------
    >>> unit_rows([[3.0, 4.0]]).tolist()
    [[0.6, 0.8]]
    """
    X = check_embeddings(embeddings, name=name, min_rows=min_rows)
    zero = np.flatnonzero(~np.any(X != 0.0, axis=1))
    if zero.size:
        raise ValueError(
            f"{name} has {zero.size} all-zero row(s) (first at row {zero[0]}); "
            "expected non-zero vectors, cosine similarity is undefined for them"
        )
    return l2_normalize(X)


def vendi_from_moment(moment: object, n: int, *, q: float = 1.0) -> float:
    """Vendi score from a summed second moment of ``n`` unit rows (Friedman & Dieng, 2023).

    The cosine kernel ``K = X @ X.T / n`` has the same non-zero eigenvalues as the (d x d) dual
    ``X.T @ X / n``, so the score is the Hill number of order ``q`` of those eigenvalues.

    Parameters
    ----------
    moment : array-like of shape (n_dims, n_dims)
        ``X.T @ X`` of the unit rows ``X`` of the documents (with multiplicity): moments add, so
        a mix's moment is the sum of its parts' moments.
    n : int
        Number of documents the moment sums over; must equal the moment's trace.
    q : float, default=1.0
        Order, ``q >= 0`` (``math.inf`` allowed). 0 counts the non-zero eigenvalues (rank),
        1 is ``exp`` of the Shannon entropy, larger ``q`` weighs dominant modes more.

    Returns
    -------
    float between 1 and ``min(n, n_dims)``; higher is more diverse.

    References
    ----------
    Friedman, D. & Dieng, A. B. (2023). The Vendi Score: A Diversity Evaluation Metric for
    Machine Learning. TMLR. Pasarkar & Dieng (2024) for orders ``q != 1``.

    Examples
    --------
    >>> round(vendi_from_moment(np.eye(4), 4), 6)
    4.0
    """
    return vendi_from_spectrum(moment_spectrum(moment, n), q=q)


def moment_spectrum(moment: object, n: int) -> np.ndarray:
    """Non-zero eigenvalues of the cosine kernel ``K / n`` from a summed second moment.

    One eigen-decomposition serves every order ``q``: pass the result to
    :func:`vendi_from_spectrum`.

    Examples
    --------
    >>> moment_spectrum(np.diag([3.0, 1.0, 0.0]), 4).tolist()
    [0.25, 0.75]
    """
    S = _check_moment(moment, n)
    eig = np.linalg.eigvalsh(S / n)
    # eigvalsh leaves round-off of order eps*d*max around zero; treat it as zero (as matrix_rank
    # does) so that q = 0 counts the rank and not the noise.
    tol = eig.max() * S.shape[0] * np.finfo(np.float64).eps
    out: np.ndarray = eig[eig > tol]
    return out


def vendi_from_spectrum(spectrum: object, *, q: float = 1.0) -> float:
    """Vendi score of order ``q`` from the kernel's non-zero eigenvalues (:func:`moment_spectrum`).

    Examples
    --------
    >>> vendi_from_spectrum(np.array([0.5, 0.5]), q=2)
    2.0
    """
    p = np.asarray(spectrum, dtype=np.float64)
    if p.ndim != 1 or p.size == 0 or not np.isfinite(p).all() or (p <= 0).any():
        raise ValueError(
            f"spectrum must be a non-empty 1-D array of positive finite values, got {p.size} "
            f"value(s) of shape {p.shape}"
        )
    return _hill_number(p, q)


def vendi_score(embeddings: object, *, q: float = 1.0) -> float:
    """Effective number of distinct documents under the cosine kernel (Friedman & Dieng, 2023).

    Parameters
    ----------
    embeddings : array-like of shape (n_docs, n_dims)
        Any non-zero rows; they are L2-normalised first, so the score is scale invariant.
    q : float, default=1.0
        Order of the Hill number, ``q >= 0`` including ``math.inf``; see
        :func:`vendi_from_moment`.

    Returns
    -------
    float between 1 and ``min(n_docs, n_dims)``; higher is more diverse.

    References
    ----------
    Friedman, D. & Dieng, A. B. (2023). The Vendi Score: A Diversity Evaluation Metric for
    Machine Learning. TMLR.

    Examples
    --------
    >>> round(vendi_score(np.eye(3)), 6)
    3.0
    >>> round(vendi_score(np.ones((5, 3))), 6)
    1.0
    """
    X = unit_rows(embeddings)
    return vendi_from_moment(X.T @ X, len(X), q=q)


def mean_pairwise_distance(embeddings: object) -> float:
    """Mean cosine distance ``1 - cos`` over all distinct pairs of documents, in O(n d).

    For unit rows the sum of all pairwise similarities is ``||sum of rows||^2 - n`` (the full
    Gram matrix minus its diagonal), so no n x n matrix is built.

    Parameters
    ----------
    embeddings : array-like of shape (n_docs, n_dims)
        At least two non-zero rows; they are L2-normalised first.

    Returns
    -------
    float in [0, 2]; 0 when all documents point the same way, higher is more diverse.

    References
    ----------
    The intra-set "average pairwise distance" of e.g. Tevet & Berant (2021), Evaluating the
    Evaluation of Diversity in Natural Language Generation, EACL.

    Examples
    --------
    >>> mean_pairwise_distance(np.eye(3))
    1.0
    """
    X = unit_rows(embeddings, min_rows=2)
    return mean_pairwise_distance_from_sum(X.sum(axis=0), len(X))


def mean_pairwise_distance_from_sum(total: object, n: int) -> float:
    """Mean pairwise cosine distance from the sum ``total`` of ``n`` unit rows.

    Sums add across corpora, so a mix needs only the per-corpus sums of the picked rows.

    Examples
    --------
    >>> mean_pairwise_distance_from_sum(np.array([2.0, 0.0]), 2)
    0.0
    """
    s = np.asarray(total, dtype=np.float64)
    if s.ndim != 1 or not np.isfinite(s).all():
        raise ValueError(f"total must be a finite 1-D vector, got shape {s.shape}")
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 2:
        raise ValueError(f"n must be an integer >= 2 (pairs need two documents), got {n!r}")
    mean_similarity = (float(s @ s) - n) / (n * (n - 1))
    return min(2.0, max(0.0, 1.0 - mean_similarity))


def _check_moment(moment: object, n: int) -> np.ndarray:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1:
        raise ValueError(f"n must be a positive integer number of documents, got {n!r}")
    S = np.asarray(moment, dtype=np.float64)
    if S.ndim != 2 or S.shape[0] != S.shape[1] or S.shape[0] == 0:
        raise ValueError(f"moment must be a square (n_dims, n_dims) matrix, got shape {S.shape}")
    if not np.isfinite(S).all():
        raise ValueError("moment contains NaN or infinite values")
    # Each unit row adds exactly 1 to the trace, so a mismatch means n or the moment is wrong.
    trace = float(np.trace(S))
    if not math.isclose(trace, n, rel_tol=1e-6, abs_tol=1e-6):
        raise ValueError(
            f"moment trace must equal n (one per unit row), got trace {trace!r} for n={n}"
        )
    return S


def _hill_number(p: np.ndarray, q: float) -> float:
    """``exp`` of the Rényi entropy of order ``q`` of the positive weights ``p`` (summing to 1)."""
    if isinstance(q, bool) or not isinstance(q, int | float) or math.isnan(q) or q < 0:
        raise ValueError(f"q must be a number >= 0 (math.inf allowed), got {q!r}")
    p = p / p.sum()
    if q == 1:
        return float(np.exp(-np.sum(p * np.log(p))))
    if math.isinf(q):
        return float(1.0 / p.max())
    # Factor out the largest weight so p**q cannot underflow to 0 for large q.
    top = p.max()
    log_sum = q * math.log(top) + math.log(float(np.sum((p / top) ** q)))
    return float(math.exp(log_sum / (1.0 - q)))
