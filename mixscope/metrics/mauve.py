"""MAUVE: area under the divergence frontier of quantised real and synthetic embeddings.

Our own implementation of Pillutla et al. (2021), following the steps of the reference package
``mauve-text`` so the two agree on identical inputs (checked in tests/metrics/test_mauve.py):

1. L2-normalise the joint rows (synthetic first, then real), fit PCA on them and keep the leading
   components that explain ``explained_variance`` of the variance;
2. quantise with k-means (faiss, best of ``kmeans_redo`` runs) into ``num_buckets`` clusters;
3. histograms P (real) and Q (synthetic) over the clusters;
4. divergence curve ``(exp(-c KL(Q|R_w)), exp(-c KL(P|R_w)))`` with ``R_w = w P + (1 - w) Q`` on a
   grid of mixture weights, closed by the two extreme points, and its area.

mauve-text is GPL-3.0, so MixScope never needs it: ``use_reference=True`` calls it only if the
user installed it. Steps 1-2 depend on the mix; a caller can instead quantise the union of all
corpora once (:func:`quantize`) and score any mix from its cluster labels with
:func:`mauve_from_labels`.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from mixscope.metrics.checks import check_embeddings, l2_normalize

__all__ = [
    "auto_buckets",
    "divergence_curve",
    "mauve",
    "mauve_from_histogram_rows",
    "mauve_from_histograms",
    "mauve_from_labels",
    "quantize",
]


def divergence_curve(
    p: object, q: object, *, scaling: float = 5.0, grid_size: int = 25
) -> np.ndarray:
    """Points of the divergence frontier between histograms ``p`` and ``q``.

    Parameters
    ----------
    p, q : array-like of shape (n_buckets,)
        Non-negative weights; each is normalised to sum 1.
    scaling : float, default=5.0
        The constant ``c`` in ``exp(-c KL)``.
    grid_size : int, default=25
        Number of mixture weights, evenly spaced in ``[1e-6, 1 - 1e-6]``.

    Returns
    -------
    ndarray of shape (grid_size + 2, 2)
        Columns ``exp(-c KL(q | r))`` and ``exp(-c KL(p | r))``, first and last rows are the
        extreme points ``(1, 0)`` and ``(0, 1)``.

    Examples
    --------
    >>> divergence_curve([0.5, 0.5], [0.5, 0.5], grid_size=3).tolist()
    [[1.0, 0.0], [1.0, 1.0], [1.0, 1.0], [1.0, 1.0], [0.0, 1.0]]
    """
    P, Q = _histogram(p, name="p"), _histogram(q, name="q")
    if P.shape != Q.shape:
        raise ValueError(f"p and q need the same number of buckets, got {P.size} and {Q.size}")
    x, y = _curves(P, Q[None, :], scaling=scaling, grid_size=grid_size)
    return np.column_stack([x[0], y[0]])


def _histogram(h: object, *, name: str) -> np.ndarray:
    H = np.asarray(h, dtype=np.float64)
    if H.ndim != 1 or H.size == 0 or not np.isfinite(H).all() or (H < 0).any() or H.sum() == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of non-negative weights, got {h!r}")
    return H / H.sum()


def mauve_from_histograms(
    p: object, q: object, *, scaling: float = 5.0, grid_size: int = 25
) -> float:
    """MAUVE of two histograms: area under their divergence curve, averaged over both axes.

    Examples
    --------
    >>> mauve_from_histograms([1, 1], [1, 1])
    1.0
    >>> round(mauve_from_histograms([1, 0], [0, 1]), 4)  # disjoint supports
    0.0041
    """
    return float(mauve_from_histogram_rows(p, [q], scaling=scaling, grid_size=grid_size)[0])


def mauve_from_histogram_rows(
    p: object, q_rows: object, *, scaling: float = 5.0, grid_size: int = 25
) -> np.ndarray:
    """:func:`mauve_from_histograms` of ``p`` against each row of ``q_rows``, in one pass.

    For bootstrap resamples, whose histograms are the rows of a weight matrix times one-hot
    labels; :func:`mauve_from_histograms` is this function on one row.

    Parameters
    ----------
    p : array-like of shape (n_buckets,)
    q_rows : array-like of shape (n_rows, n_buckets)
    scaling, grid_size
        As in :func:`divergence_curve`.

    Returns
    -------
    ndarray of shape (n_rows,)

    Examples
    --------
    >>> mauve_from_histogram_rows([1, 1], [[1, 1], [2, 2]]).tolist()
    [1.0, 1.0]
    """
    P = _histogram(p, name="p")
    rows = np.asarray(q_rows, dtype=np.float64)
    if rows.ndim != 2 or rows.shape[1] != P.size or len(rows) == 0:
        raise ValueError(f"q_rows must have shape (n_rows, {P.size}), got {rows.shape}")
    Q = np.stack([_histogram(row, name=f"q_rows[{i}]") for i, row in enumerate(rows)])
    x, y = _curves(P, Q, scaling=scaling, grid_size=grid_size)
    return 0.5 * (_area_rows(x, y) + _area_rows(y, x))


def _curves(
    P: np.ndarray, Q: np.ndarray, *, scaling: float, grid_size: int
) -> tuple[np.ndarray, np.ndarray]:
    """The divergence frontier of ``P`` against each row of ``Q``, end points included:
    x and y of shape (n_rows, grid_size + 2)."""
    if grid_size < 1:
        raise ValueError(f"grid_size must be at least 1, got {grid_size!r}")
    w = np.linspace(1e-6, 1 - 1e-6, grid_size)[None, :, None]
    x, y = np.empty((len(Q), grid_size)), np.empty((len(Q), grid_size))
    step = max(1, (1 << 16) // (grid_size * P.size))  # cache-sized blocks of rows
    for start in range(0, len(Q), step):
        block = slice(start, start + step)
        x[block], y[block] = _frontier(P, Q[block], w, scaling)
    ends = np.ones((len(Q), 1))
    return np.hstack([ends, x, 0 * ends]), np.hstack([0 * ends, y, ends])


def _frontier(
    P: np.ndarray, Q: np.ndarray, w: np.ndarray, scaling: float
) -> tuple[np.ndarray, np.ndarray]:
    R = w * P + (1 - w) * Q[:, None, :]  # (n_rows, grid, n_buckets)
    # KL(p | r) as sums of p log(p / r) (ratios, not differences of logs): p == q gives exactly 0.
    support = P > 0
    kl_p = (P[support] * np.log(P[support] / R[:, :, support])).sum(axis=2)
    ratio = np.divide(Q[:, None, :], R, out=np.ones_like(R), where=Q[:, None, :] > 0)
    kl_q = np.einsum("bgk,bk->bg", np.log(ratio, out=ratio), Q)
    return np.exp(-scaling * kl_q), np.exp(-scaling * kl_p)


def _area_rows(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    # Ties in x (only when p == q) are walked from high to low y so the frontier stays monotone.
    order = np.lexsort((-y, x), axis=-1)
    xs, ys = np.take_along_axis(x, order, axis=1), np.take_along_axis(y, order, axis=1)
    out: np.ndarray = np.trapezoid(ys, xs, axis=1)
    return out


def mauve_from_labels(
    real_labels: object,
    fake_labels: object,
    *,
    num_buckets: int,
    scaling: float = 5.0,
    grid_size: int = 25,
) -> float:
    """MAUVE from cluster labels of the real and synthetic documents (see :func:`quantize`).

    Examples
    --------
    >>> round(mauve_from_labels([0, 1, 1], [1, 0, 1], num_buckets=2), 12)
    1.0
    """
    counts = []
    for name, labels in (("real_labels", real_labels), ("fake_labels", fake_labels)):
        L = np.asarray(labels)
        if L.ndim != 1 or L.size == 0 or not np.issubdtype(L.dtype, np.integer):
            raise ValueError(f"{name} must be a non-empty 1-D integer array, got {labels!r}")
        if L.min() < 0 or L.max() >= num_buckets:
            raise ValueError(f"{name} must lie in [0, {num_buckets}), got {L.min()}..{L.max()}")
        counts.append(np.bincount(L, minlength=num_buckets))
    return mauve_from_histograms(counts[0], counts[1], scaling=scaling, grid_size=grid_size)


def auto_buckets(n_real: int, n_fake: int) -> int:
    """Default number of clusters: a tenth of the smaller side, at least 2 (as mauve-text)."""
    return max(2, round(min(n_real, n_fake) / 10))


_TRANSFORM_ROWS = 65_536  # rows projected at once by quantize


def quantize(
    real: object,
    fake: object,
    *,
    num_buckets: int,
    explained_variance: float = 0.9,
    kmeans_iter: int = 500,
    kmeans_redo: int = 5,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Cluster labels of real and synthetic rows after joint L2-normalisation, PCA and k-means.

    Returns
    -------
    (real_labels, fake_labels) : tuple of int64 ndarrays with values in ``[0, num_buckets)``.
    """
    import faiss  # local: heavy, and only MAUVE needs it
    from sklearn.decomposition import PCA

    R = check_embeddings(real, name="real")
    F = check_embeddings(fake, name="fake")
    if R.shape[1] != F.shape[1]:
        raise ValueError(f"fake has {F.shape[1]} dims, expected {R.shape[1]} like the real rows")
    if not 0 < explained_variance < 1:
        raise ValueError(f"explained_variance must be in (0, 1), got {explained_variance!r}")
    if not 2 <= num_buckets <= len(R) + len(F):
        raise ValueError(f"num_buckets must be in [2, {len(R) + len(F)}], got {num_buckets!r}")
    n_fake = len(F)
    joint = np.vstack([F, R])  # synthetic first, as mauve-text stacks them
    del R, F  # float64 copies: at a million rows each of these arrays is 3 GiB
    l2_normalize(joint, in_place=True)
    pca = PCA(n_components=None, whiten=False, random_state=seed + 1).fit(joint)
    n_keep = int(np.argmax(np.cumsum(pca.explained_variance_ratio_) >= explained_variance)) + 1
    reduced = np.empty((len(joint), n_keep), dtype=np.float32)
    for start in range(0, len(joint), _TRANSFORM_ROWS):  # not the whole float64 projection
        rows = slice(start, start + _TRANSFORM_ROWS)
        reduced[rows] = pca.transform(joint[rows])[:, :n_keep]
    del joint
    # seed + 2 is mauve-text's k-means seed, so equal seeds give equal clusters in both.
    # min_points_per_centroid only decides when faiss prints "please provide at least N training
    # points" on stderr; MAUVE's default of n/10 buckets always triggers it. Results unchanged.
    km = faiss.Kmeans(
        n_keep, num_buckets, niter=kmeans_iter, nredo=kmeans_redo, seed=seed + 2,
        min_points_per_centroid=1,
    )  # fmt: skip
    km.train(reduced)
    labels = km.index.search(reduced, 1)[1].ravel().astype(np.int64)
    return labels[n_fake:], labels[:n_fake]


def mauve(
    real: object,
    fake: object,
    *,
    num_buckets: int | Literal["auto"] = "auto",
    explained_variance: float = 0.9,
    scaling: float = 5.0,
    grid_size: int = 25,
    kmeans_iter: int = 500,
    kmeans_redo: int = 5,
    seed: int = 0,
    use_reference: bool = False,
) -> float:
    """MAUVE between real and synthetic embeddings (Pillutla et al., 2021).

    Parameters
    ----------
    real, fake : array-like of shape (n, n_dims)
    num_buckets : int or "auto", default="auto"
        Number of k-means clusters; "auto" is a tenth of the smaller side, at least 2.
    explained_variance : float, default=0.9
        Share of variance kept by PCA before clustering.
    scaling : float, default=5.0
        The constant ``c`` of the paper; it changes the scale, not the ranking, of scores.
    grid_size : int, default=25
        Mixture weights on the divergence curve.
    kmeans_iter, kmeans_redo : int, default=500, 5
        k-means iterations per run and number of runs (the best objective is kept).
    seed : int, default=0
        Seed of the k-means initialisation; the same seed gives the same result as mauve-text.
    use_reference : bool, default=False
        Compute with the GPL-3.0 ``mauve-text`` package instead (must be installed separately).

    Returns
    -------
    float in (0, 1]; 1 when the two quantised distributions are equal, near 0 when disjoint.

    References
    ----------
    Pillutla, Swayamdipta, Zellers, Thickstun, Welleck, Choi, Harchaoui. "MAUVE: Measuring the
    Gap Between Neural Text and Human Text using Divergence Frontiers." NeurIPS 2021.

    Examples
    --------
    >>> X = np.random.default_rng(0).normal(size=(40, 3))
    >>> round(mauve(X, X, num_buckets=4), 12)
    1.0
    """
    n_real = check_embeddings(real, name="real").shape[0]
    n_fake = check_embeddings(fake, name="fake").shape[0]
    k = auto_buckets(n_real, n_fake) if num_buckets == "auto" else num_buckets
    if isinstance(k, bool) or not isinstance(k, int):
        raise ValueError(f'num_buckets must be an integer or "auto", got {num_buckets!r}')
    if use_reference:
        return _reference_mauve(
            real,
            fake,
            num_buckets=k,
            explained_variance=explained_variance,
            scaling=scaling,
            grid_size=grid_size,
            kmeans_iter=kmeans_iter,
            kmeans_redo=kmeans_redo,
            seed=seed,
        )
    real_labels, fake_labels = quantize(
        real,
        fake,
        num_buckets=k,
        explained_variance=explained_variance,
        kmeans_iter=kmeans_iter,
        kmeans_redo=kmeans_redo,
        seed=seed,
    )
    return mauve_from_labels(
        real_labels, fake_labels, num_buckets=k, scaling=scaling, grid_size=grid_size
    )


def _reference_mauve(
    real: object,
    fake: object,
    *,
    num_buckets: int,
    explained_variance: float,
    scaling: float,
    grid_size: int,
    kmeans_iter: int,
    kmeans_redo: int,
    seed: int,
) -> float:
    try:
        from mauve import compute_mauve
    except ImportError as err:
        raise ImportError(
            "use_reference=True needs the optional GPL-3.0 package mauve-text "
            "(pip install mauve-text); MixScope's own mauve() needs nothing extra"
        ) from err
    out = compute_mauve(
        p_features=check_embeddings(real, name="real"),
        q_features=check_embeddings(fake, name="fake"),
        num_buckets=num_buckets,
        kmeans_explained_var=explained_variance,
        kmeans_num_redo=kmeans_redo,
        kmeans_max_iter=kmeans_iter,
        divergence_curve_discretization_size=grid_size,
        mauve_scaling_factor=scaling,
        seed=seed,
    )
    return float(out.mauve)
