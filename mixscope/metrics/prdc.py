"""Precision, recall, density and coverage of synthetic embeddings against a real k-NN manifold.

Each real document gets a ball whose radius is the distance to its k-th nearest real neighbour;
the union of the balls approximates the support of the real distribution (Kynkäänniemi et al.,
2019). Density and coverage (Naeem et al., 2020) count the balls instead of only testing the
union, which makes them robust to real outliers.

Geometry: Euclidean distance, by default on L2-normalised rows. On unit vectors
``||x - y||^2 = 2 - 2 cos(x, y)``, so neighbour rankings equal cosine rankings while the numbers
stay comparable with the ``prdc`` reference package, which is Euclidean. Pass
``normalize=False`` to use the raw rows (then results equal ``prdc.compute_prdc``, except on
exact ties such as copied rows, which the reference leaves to rounding and this module settles).

The real side is a :class:`RealManifold` computed once per real corpus by
:func:`real_manifold`; every mix is then scored with :func:`prdc_from_manifold`. Distances are
computed in row blocks, so memory stays bounded (no n x n matrix) while the arithmetic is BLAS.
When the candidates are known in advance (every indexed document), :func:`ball_membership`
records once which real balls hold each of them; precision, density and coverage of any sample
are then row selections (:func:`prdc_from_membership`) and only recall, which depends on the
sample's own k-NN radii, needs a search (:func:`recall_from_manifold`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix

from mixscope.metrics.checks import check_embeddings
from mixscope.metrics.diversity import unit_rows

__all__ = [
    "RealManifold",
    "ball_membership",
    "prdc",
    "prdc_from_manifold",
    "prdc_from_membership",
    "real_manifold",
    "recall_from_manifold",
]

_BLOCK_CELLS = 1 << 22  # ~32 MB of float64 distances per block
# Squared distances come from |a|^2 + |b|^2 - 2 a.b (fast, BLAS) whose rounding error is ~1e-15
# of |a|^2 + |b|^2; entries closer than this band to a radius are recomputed as sum((a - b)^2),
# which is symmetric and exact enough that copied rows tie exactly instead of by rounding luck.
_TIE_BAND = 1e-9
# In single precision a dot product over d dims is off by at most ~d * eps32 * |a| |b| (Higham,
# Accuracy and Stability of Numerical Algorithms, 3.1); entries within 4x that bound of a radius
# are recomputed in float64, so decisions match the float64 blocks.
_SINGLE_EPS = float(np.finfo(np.float32).eps)


@dataclass(frozen=True, eq=False)
class RealManifold:
    """k-NN balls around the real documents, computed once and reused for many mixes.

    Attributes
    ----------
    features : ndarray of shape (n_real, n_dims)
        The real rows as used for distances (L2-normalised if ``normalize``).
    sq_radii : ndarray of shape (n_real,)
        Squared distance from each real row to its k-th nearest other real row.
    k : int
        Neighbourhood size.
    normalize : bool
        Whether rows (real and, later, synthetic) are L2-normalised before distances.
    """

    features: np.ndarray
    sq_radii: np.ndarray
    k: int
    normalize: bool

    @property
    def radii(self) -> np.ndarray:
        """Distance from each real row to its k-th nearest other real row."""
        return np.sqrt(self.sq_radii)


def _check_k(k: object) -> int:
    if isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    return int(k)


def _prepare(X: object, *, name: str, k: int, normalize: bool) -> np.ndarray:
    # k + 1 rows at least: a k-th neighbour other than the row itself must exist.
    rows = unit_rows if normalize else check_embeddings
    return rows(X, name=name, min_rows=k + 1)


def _sq_norms(X: np.ndarray) -> np.ndarray:
    return np.einsum("ij,ij->i", X, X)


def _sq_distance_blocks(
    A: np.ndarray, B: np.ndarray, *, single: bool = False
) -> Iterator[tuple[slice, np.ndarray, float]]:
    """Yield (rows of A, their squared distances to every row of B, the tie band).

    ``single``: float32 products (twice as fast) with a band wide enough for their rounding;
    callers settle the entries inside the band in float64 (:func:`_exact_sq`).
    """
    a_sq, b_sq = _sq_norms(A), _sq_norms(B)
    band = 4 * A.shape[1] * _SINGLE_EPS if single else _TIE_BAND
    dtype = np.float32 if single else np.float64
    A, B = A.astype(dtype, copy=False), B.astype(dtype, copy=False)
    step = max(1, _BLOCK_CELLS // len(B))
    for start in range(0, len(A), step):
        rows = slice(start, min(start + step, len(A)))
        sq = A[rows] @ B.T  # in place from here on: these blocks dominate time and memory
        sq *= -2.0
        sq += a_sq[rows, None].astype(dtype)
        sq += b_sq.astype(dtype)
        np.maximum(sq, 0.0, out=sq)
        yield rows, sq, band * float(a_sq[rows].max() + b_sq.max())


def _exact_sq(A: np.ndarray, B: np.ndarray, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    diff = A[i] - B[j]
    return _sq_norms(diff)


def _knn_sq_radii(X: np.ndarray, k: int) -> np.ndarray:
    out = np.empty(len(X))
    for rows, sq, band in _sq_distance_blocks(X, X, single=True):
        local = np.arange(sq.shape[0])
        sq[local, local + rows.start] = 0.0  # the row itself, exactly
        kth = np.partition(sq, k, axis=1)[:, k : k + 1]  # k+1-th smallest, the self included
        n_below = np.count_nonzero(sq < kth - band, axis=1)
        # The exact k+1-th smallest lies in the band around the approximate one: recompute it.
        i, j = np.nonzero(np.abs(sq - kth) <= band)
        exact = _exact_sq(X[rows], X, i, j)
        order = np.lexsort((exact, i))
        out[rows] = exact[order][np.searchsorted(i[order], local) + k - n_below]
    return out


def real_manifold(real: object, *, k: int = 5, normalize: bool = True) -> RealManifold:
    """Precompute the k-NN balls of a real corpus for :func:`prdc_from_manifold`.

    Parameters
    ----------
    real : array-like of shape (n_real, n_dims), with n_real > k
    k : int, default=5
        Neighbourhood size; Naeem et al. (2020) recommend 5.
    normalize : bool, default=True
        L2-normalise rows first (cosine geometry); all-zero rows are then refused.

    Returns
    -------
    RealManifold

    Examples
    --------
    >>> real_manifold([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], k=1).radii.round(4).tolist()
    [0.7654, 0.7654, 0.7654]
    """
    k = _check_k(k)
    X = _prepare(real, name="real", k=k, normalize=normalize)
    return RealManifold(features=X, sq_radii=_knn_sq_radii(X, k), k=k, normalize=normalize)


def prdc_from_manifold(manifold: RealManifold, fake: object) -> dict[str, float]:
    """Precision, recall, density and coverage of ``fake`` against a precomputed real manifold.

    See :func:`prdc` for definitions; this is the same computation with the real side cached:
    precision, density and coverage from :func:`ball_membership`, recall from
    :func:`recall_from_manifold` (the evaluation engine calls those two on precomputed rows).

    Examples
    --------
    >>> m = real_manifold([[0.0], [1.0], [2.0]], k=1, normalize=False)
    >>> prdc_from_manifold(m, [[0.1], [1.1], [9.0]])["precision"]
    0.6666666666666666
    """
    recall = recall_from_manifold(manifold, fake)  # checks: k + 1 rows, dimensions
    # the raw rows to both: normalising twice would move copies of real rows off their ties
    values = prdc_from_membership(ball_membership(manifold, fake), k=manifold.k)
    return {
        "precision": values["precision"],
        "recall": recall,
        "density": values["density"],
        "coverage": values["coverage"],
    }


def _prepare_fake(manifold: RealManifold, fake: object, *, min_rows: int) -> np.ndarray:
    rows = unit_rows if manifold.normalize else check_embeddings
    F = rows(fake, name="fake", min_rows=min_rows)
    if F.shape[1] != manifold.features.shape[1]:
        raise ValueError(
            f"fake has {F.shape[1]} dims, expected {manifold.features.shape[1]} like the real rows"
        )
    return F


def ball_membership(manifold: RealManifold, points: object) -> csr_matrix:
    """Which real k-NN balls contain each point, for scoring many samples by index.

    Computed once for every indexed document, it turns precision, density and coverage of any
    sample of them into row selections (:func:`prdc_from_membership`), with the same decisions
    (strict inequality, exactly recomputed near-ties) as :func:`prdc_from_manifold`.

    Parameters
    ----------
    manifold : RealManifold
    points : array-like of shape (n_points, n_dims)

    Returns
    -------
    csr_matrix of bool, shape (n_points, n_real)
        Entry (i, j) is True when point i lies inside real ball j.

    Examples
    --------
    >>> m = real_manifold([[0.0], [1.0], [2.0]], k=1, normalize=False)
    >>> ball_membership(m, [[0.1], [9.0]]).toarray().tolist()
    [[True, True, False], [False, False, False]]
    """
    R, F = manifold.features, _prepare_fake(manifold, points, min_rows=1)
    # |f - r|^2 < r_k^2  <=>  f.r - (|r|^2 - r_k^2) / 2 > |f|^2 / 2: one float32 product, one
    # subtraction and one comparison per entry (the distance blocks' four passes cost twice
    # the product itself at a million documents); entries within the float32 rounding band of
    # the boundary are settled with exactly recomputed distances, as everywhere here.
    f_half, r_sq = _sq_norms(F) / 2, _sq_norms(R)
    shift = ((r_sq - manifold.sq_radii) / 2).astype(np.float32)
    band = np.float32(4 * F.shape[1] * _SINGLE_EPS * (2 * f_half.max() + r_sq.max()))
    F32, R32 = F.astype(np.float32), R.astype(np.float32)
    step = max(1, _BLOCK_CELLS // len(R))
    hits_i, hits_j = [], []
    for start in range(0, len(F), step):
        stop = min(start + step, len(F))
        margin = F32[start:stop] @ R32.T
        margin -= shift
        half = f_half[start:stop].astype(np.float32)
        i, j = np.nonzero(margin > (half - band)[:, None])  # inside, or too close to call
        sure = margin[i, j] > half[i] + band
        unsure = np.flatnonzero(~sure)
        exact = _exact_sq(F[start:stop], R, i[unsure], j[unsure])
        sure[unsure] = exact < manifold.sq_radii[j[unsure]]
        hits_i.append(i[sure] + start)
        hits_j.append(j[sure])
    i, j = np.concatenate(hits_i), np.concatenate(hits_j)
    return csr_matrix((np.ones(len(i), dtype=bool), (i, j)), shape=(len(F), len(R)))


def prdc_from_membership(members: csr_matrix, *, k: int) -> dict[str, float]:
    """Precision, density and coverage of a sample from its rows of :func:`ball_membership`.

    Equal to the same keys of :func:`prdc_from_manifold` on the sample's rows (recall needs the
    sample's own k-NN radii: :func:`recall_from_manifold`).

    Examples
    --------
    >>> m = real_manifold([[0.0], [1.0], [2.0]], k=1, normalize=False)
    >>> prdc_from_membership(ball_membership(m, [[0.1], [1.1], [9.0]]), k=1)["precision"]
    0.6666666666666666
    """
    n_fake, n_real = members.shape
    if n_fake < 1:
        raise ValueError("prdc_from_membership needs at least one row, got 0")
    hits = np.diff(members.indptr)  # real balls containing each fake
    return {
        "precision": float(np.count_nonzero(hits)) / n_fake,
        "density": float(hits.sum()) / (_check_k(k) * n_fake),
        "coverage": float(np.unique(members.indices).size) / n_real,
    }


def recall_from_manifold(manifold: RealManifold, fake: object) -> float:
    """Recall of ``fake`` against a precomputed real manifold: :func:`prdc_from_manifold`'s
    ``recall`` without the three other values.

    Examples
    --------
    >>> m = real_manifold([[0.0], [1.0], [2.0]], k=1, normalize=False)
    >>> recall_from_manifold(m, [[0.0], [0.5], [0.9]])
    0.6666666666666666
    """
    R, k = manifold.features, manifold.k
    F = _prepare_fake(manifold, fake, min_rows=k + 1)
    fake_sq_radii = _knn_sq_radii(F, k)
    recalled = np.zeros(len(R), dtype=bool)
    for rows, sq, band in _sq_distance_blocks(F, R, single=True):
        sq -= fake_sq_radii[rows, None].astype(sq.dtype)  # < 0: real inside that fake's ball
        low = sq.min(axis=0)
        recalled |= low < -band
        # Columns whose smallest margin is a near-tie: settle their near-tie entries exactly.
        near = np.flatnonzero((np.abs(low) <= band) & ~recalled)
        i, j = np.nonzero(np.abs(sq[:, near]) <= band)
        inside = _exact_sq(F[rows], R, i, near[j]) < fake_sq_radii[rows][i]
        recalled[near[j[inside]]] = True
    return float(recalled.mean())


def prdc(real: object, fake: object, *, k: int = 5, normalize: bool = True) -> dict[str, float]:
    """Precision, recall, density and coverage of synthetic against real embeddings.

    - precision: share of fakes inside the union of real k-NN balls (Kynkäänniemi et al., 2019);
    - recall: share of reals inside the union of fake k-NN balls (same paper);
    - density: mean number of real balls containing a fake, divided by k; about 1 when the two
      distributions match, above 1 when fakes crowd dense real regions (Naeem et al., 2020);
    - coverage: share of reals whose own ball contains at least one fake (Naeem et al., 2020).

    A point is inside a ball when its distance is strictly less than the radius, as in the
    reference implementation; near-ties (e.g. synthetic rows copied from real rows, which sit
    exactly on their neighbours' radii) are settled with exactly recomputed distances, not by
    rounding.

    Parameters
    ----------
    real : array-like of shape (n_real, n_dims), with n_real > k
    fake : array-like of shape (n_fake, n_dims), with n_fake > k
    k : int, default=5
        Neighbourhood size for both manifolds.
    normalize : bool, default=True
        L2-normalise rows first: Euclidean on unit rows ranks neighbours like cosine.

    Returns
    -------
    dict with float keys ``precision``, ``recall``, ``coverage`` (in [0, 1]) and ``density``
    (in [0, n_real / k]).

    References
    ----------
    Kynkäänniemi, Karras, Laine, Lehtinen, Aila. "Improved Precision and Recall Metric for
    Assessing Generative Models." NeurIPS 2019.
    Naeem, Oh, Uh, Choi, Yoo. "Reliable Fidelity and Diversity Metrics for Generative Models."
    ICML 2020.

    Examples
    --------
    >>> X = [[0.0], [1.0], [2.0], [3.0]]
    >>> prdc(X, X, k=1, normalize=False)
    {'precision': 1.0, 'recall': 1.0, 'density': 1.0, 'coverage': 1.0}
    """
    return prdc_from_manifold(real_manifold(real, k=k, normalize=normalize), fake)
