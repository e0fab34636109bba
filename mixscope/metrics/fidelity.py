"""Fidelity of synthetic to real embeddings: how far apart the two distributions are.

This module holds the Fréchet distance and the classifier two-sample test, and re-exports the
manifold metrics (:mod:`mixscope.metrics.prdc`) and MAUVE (:mod:`mixscope.metrics.mauve`), so
``mixscope.metrics.fidelity`` is the one import for every fidelity metric.

Per-corpus precomputation: the real side is summarised once, by :func:`gaussian_stats` for the
Fréchet distance and by :func:`real_manifold` for precision/recall/density/coverage.
"""

from __future__ import annotations

import numpy as np

from mixscope.metrics.checks import check_embeddings
from mixscope.metrics.mauve import mauve, mauve_from_labels, quantize
from mixscope.metrics.prdc import RealManifold, prdc, prdc_from_manifold, real_manifold

__all__ = [
    "RealManifold",
    "c2st_auc",
    "frechet_distance",
    "frechet_from_stats",
    "gaussian_stats",
    "mauve",
    "mauve_from_labels",
    "prdc",
    "prdc_from_manifold",
    "psd_sqrt",
    "quantize",
    "real_manifold",
]


def gaussian_stats(
    embeddings: object, *, name: str = "embeddings"
) -> tuple[np.ndarray, np.ndarray]:
    """Mean and sample covariance (ddof=1) of the rows, as used by FID.

    Examples
    --------
    >>> mu, sigma = gaussian_stats([[0.0, 0.0], [2.0, 4.0]])
    >>> mu.tolist(), sigma.tolist()
    ([1.0, 2.0], [[2.0, 4.0], [4.0, 8.0]])
    """
    X = check_embeddings(embeddings, name=name, min_rows=2)
    return X.mean(axis=0), np.atleast_2d(np.cov(X, rowvar=False))


def _rank_clipped(eigenvalues: np.ndarray) -> np.ndarray:
    """Eigenvalues of a PSD matrix with round-off treated as zero: below ``max * d * eps`` (the
    tolerance of ``numpy.linalg.matrix_rank``) a value is noise of the decomposition, and its
    square root (about 1e-8 of the scale) would otherwise enter every trace."""
    tol = max(float(eigenvalues.max(initial=0.0)), 0.0) * len(eigenvalues) * np.finfo(float).eps
    return np.where(eigenvalues > tol, eigenvalues, 0.0)


def _psd_sqrt(S: np.ndarray) -> np.ndarray:
    vals, vecs = np.linalg.eigh(S)
    return (vecs * np.sqrt(_rank_clipped(vals))) @ vecs.T


def psd_sqrt(sigma: object) -> np.ndarray:
    """Square root of a symmetric positive semi-definite matrix (for ``frechet_from_stats``).

    Examples
    --------
    >>> psd_sqrt(np.diag([4.0, 9.0])).tolist()
    [[2.0, 0.0], [0.0, 3.0]]
    """
    S = np.asarray(sigma, dtype=np.float64)
    if S.ndim != 2 or S.shape[0] != S.shape[1]:
        raise ValueError(f"sigma must be a square matrix, got shape {S.shape}")
    return _psd_sqrt((S + S.T) / 2)


def frechet_from_stats(
    mu1: object,
    sigma1: object,
    mu2: object,
    sigma2: object,
    *,
    sqrt_sigma1: np.ndarray | None = None,
) -> float:
    """Fréchet distance between the Gaussians N(mu1, sigma1) and N(mu2, sigma2).

    ``||mu1 - mu2||^2 + Tr(S1 + S2 - 2 (S1 S2)^(1/2))``. The trace of the matrix square root is
    taken as ``sum sqrt(eig(A S2 A))`` with ``A = S1^(1/2)``: ``A S2 A`` is symmetric PSD with
    the same eigenvalues as ``S1 S2``, so the result is real and stable even for the singular
    covariances of corpora with fewer documents than dimensions, with no ``eps`` offset
    (``scipy.linalg.sqrtm(S1 @ S2)`` gives the same value where it converges). Round-off
    negatives are clipped to 0.

    Parameters
    ----------
    mu1, mu2 : array-like of shape (n_dims,)
    sigma1, sigma2 : array-like of shape (n_dims, n_dims), symmetric positive semi-definite
    sqrt_sigma1 : ndarray of shape (n_dims, n_dims), optional
        ``psd_sqrt(sigma1)``, precomputed once when one real side is compared with many mixes
        (the eigen-decomposition is the costly step); computed here when omitted.

    Returns
    -------
    float >= 0, in squared embedding units.

    Examples
    --------
    >>> frechet_from_stats([0, 0], np.diag([1.0, 4.0]), [3, 4], np.diag([4.0, 1.0]))
    27.0
    """
    m1, m2 = np.asarray(mu1, dtype=np.float64), np.asarray(mu2, dtype=np.float64)
    s1, s2 = np.asarray(sigma1, dtype=np.float64), np.asarray(sigma2, dtype=np.float64)
    d = m1.shape[0] if m1.ndim == 1 else -1
    for label, arr, shape in (("mu2", m2, (d,)), ("sigma1", s1, (d, d)), ("sigma2", s2, (d, d))):
        if d < 1 or arr.shape != shape:
            raise ValueError(
                f"{label} must have shape {shape} to match mu1 {m1.shape}, got {arr.shape}"
            )
    A = psd_sqrt(s1) if sqrt_sigma1 is None else np.asarray(sqrt_sigma1, dtype=np.float64)
    if A.shape != (d, d):
        raise ValueError(f"sqrt_sigma1 must have shape {(d, d)}, got {A.shape}")
    M = A @ ((s2 + s2.T) / 2) @ A
    tr_sqrt = np.sqrt(_rank_clipped(np.linalg.eigvalsh((M + M.T) / 2))).sum()
    value = float(np.sum((m1 - m2) ** 2) + np.trace(s1) + np.trace(s2) - 2.0 * tr_sqrt)
    return max(value, 0.0)


def frechet_distance(real: object, fake: object) -> float:
    """Fréchet distance between Gaussians fitted to real and synthetic embeddings.

    FID (Heusel et al., 2017) on image features; on sentence embeddings it is the Fréchet BERT
    distance (Xiang et al., 2021). Rows are used as given (embedders already L2-normalise).
    For many mixes against one real corpus, compute ``gaussian_stats(real)`` once and call
    :func:`frechet_from_stats`.

    Parameters
    ----------
    real, fake : array-like of shape (n, n_dims), n >= 2

    Returns
    -------
    float >= 0; 0 for equal means and covariances, lower is closer.

    References
    ----------
    Heusel, Ramsauer, Unterthiner, Nessler, Hochreiter. "GANs Trained by a Two Time-Scale Update
    Rule Converge to a Local Nash Equilibrium." NeurIPS 2017.
    Xiang, Liu, Liang, Gong, Tu, Mao, Ma, Huang. "Assessing Dialogue Systems with Distribution
    Distances." Findings of ACL 2021.

    Examples
    --------
    >>> frechet_distance([[0.0], [2.0]], [[3.0], [5.0]])
    9.0
    """
    mu1, s1 = gaussian_stats(real, name="real")
    mu2, s2 = gaussian_stats(fake, name="fake")
    return frechet_from_stats(mu1, s1, mu2, s2)


def c2st_auc(real: object, fake: object, *, folds: int = 5, seed: int = 0) -> float:
    """Classifier two-sample test: cross-validated ROC AUC of telling real from synthetic.

    A standardised logistic regression is trained to separate the two sides; the larger side is
    first subsampled (with ``seed``) to the size of the smaller, so chance level is 0.5. The
    score is the mean held-out AUC over stratified folds.

    Parameters
    ----------
    real, fake : array-like of shape (n, n_dims), n >= folds
    folds : int, default=5
    seed : int, default=0
        Seed of the subsampling and of the fold split.

    Returns
    -------
    float in [0, 1]; about 0.5 when indistinguishable, 1 when perfectly separable.

    References
    ----------
    Lopez-Paz, Oquab. "Revisiting Classifier Two-Sample Tests." ICLR 2017.

    Examples
    --------
    >>> X = np.random.default_rng(0).normal(size=(40, 2))
    >>> c2st_auc(X, X + 10.0)
    1.0
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    if isinstance(folds, bool) or not isinstance(folds, int) or folds < 2:
        raise ValueError(f"folds must be an integer >= 2, got {folds!r}")
    R = check_embeddings(real, name="real", min_rows=folds)
    F = check_embeddings(fake, name="fake", min_rows=folds)
    if R.shape[1] != F.shape[1]:
        raise ValueError(f"fake has {F.shape[1]} dims, expected {R.shape[1]} like the real rows")
    rng = np.random.default_rng(seed)
    n = min(len(R), len(F))
    R, F = (X[np.sort(rng.choice(len(X), n, replace=False))] for X in (R, F))
    X, y = np.vstack([R, F]), np.repeat([0, 1], n)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    return float(cross_val_score(model, X, y, cv=cv, scoring="roc_auc").mean())
