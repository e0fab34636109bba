"""A stand-in generator in embedding space: a Gaussian fitted by maximum likelihood.

Shumailov et al. (2024, Nature) show model collapse in its simplest form with a Gaussian refitted
on samples of its predecessor: the maximum-likelihood covariance of ``n`` samples is biased,
``E[Sigma_hat] = (n - 1) / n * Sigma``, so under ``replace`` the expected variance after ``g``
refits is ``((n - 1) / n) ** g`` times the first, and the random walk of the estimates drifts
towards zero variance. This module fits exactly that estimator: a full-covariance Gaussian,
mean and covariance by MLE (divisor ``n``), in the coordinates of a PCA of the training
embeddings.

The PCA (scikit-learn) keeps, by default, every direction the training data spans
(``min(n - 1, n_dims)`` components): an exact rotation of the centred data, so nothing is lost
in it and the theory above holds unchanged; fewer components (``n_components``) make fitting
cheaper but drop the variance outside them at every refit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.decomposition import PCA

from mixscope.metrics.checks import check_embeddings, check_positive_int

__all__ = ["GaussianModel", "fit_gaussian", "sample_gaussian", "total_variance"]


@dataclass(frozen=True, eq=False)
class GaussianModel:
    """A Gaussian in PCA coordinates: ``x = center + components.T @ z``, ``z ~ N(mean, cov)``.

    Attributes
    ----------
    center : ndarray, shape (n_dims,)
        The PCA's centre (training mean).
    components : ndarray, shape (k, n_dims)
        Orthonormal PCA directions.
    mean : ndarray, shape (k,)
        MLE mean of the training data in PCA coordinates (zero up to round-off).
    cov : ndarray, shape (k, k)
        MLE covariance (divisor ``n``) in PCA coordinates.
    n_train : int
        Number of training rows.
    """

    center: np.ndarray
    components: np.ndarray
    mean: np.ndarray
    cov: np.ndarray
    n_train: int


def fit_gaussian(embeddings: object, *, n_components: int | None = None) -> GaussianModel:
    """Fit a full-covariance Gaussian by maximum likelihood on a PCA of ``embeddings``.

    Parameters
    ----------
    embeddings : array-like of shape (n, n_dims)
        At least two finite rows.
    n_components : int, optional
        PCA components kept; default (and at most) ``min(n - 1, n_dims)``, every direction the
        data spans.

    Returns
    -------
    GaussianModel

    Examples
    --------
    >>> X = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 2.0], [2.0, 2.0]])
    >>> round(float(np.trace(fit_gaussian(X).cov)), 6)  # MLE: divisor n, not n - 1
    2.0
    """
    X = check_embeddings(embeddings, min_rows=2)
    most = min(len(X) - 1, X.shape[1])
    k = most if n_components is None else check_positive_int(n_components, "n_components")
    if k > most:
        raise ValueError(
            f"n_components must be at most min(n - 1, n_dims) = {most} for {len(X)} rows of "
            f"{X.shape[1]} dimensions, got {k}"
        )
    pca = PCA(n_components=k, svd_solver="full").fit(X)
    Z = pca.transform(X)
    return GaussianModel(
        center=pca.mean_,
        components=pca.components_,
        mean=Z.mean(axis=0),
        cov=np.atleast_2d(np.cov(Z, rowvar=False, bias=True)),
        n_train=len(X),
    )


def sample_gaussian(model: GaussianModel, n: int, *, rng: np.random.Generator) -> np.ndarray:
    """Draw ``n`` rows from the fitted Gaussian and map them back to embedding space.

    Parameters
    ----------
    model : GaussianModel
    n : int
        Number of rows (>= 1).
    rng : numpy Generator

    Returns
    -------
    ndarray of float64, shape (n, n_dims)

    Examples
    --------
    >>> model = fit_gaussian(np.random.default_rng(0).normal(size=(50, 3)))
    >>> sample_gaussian(model, 4, rng=np.random.default_rng(1)).shape
    (4, 3)
    """
    check_positive_int(n, "n")
    # eigh, not Cholesky: the MLE covariance may be singular (collinear training rows).
    values, vectors = np.linalg.eigh(model.cov)
    scale = vectors * np.sqrt(np.clip(values, 0.0, None))
    Z = model.mean + rng.standard_normal((n, len(model.mean))) @ scale.T
    out: np.ndarray = model.center + Z @ model.components
    return out


def total_variance(embeddings: object) -> float:
    """Total variance: trace of the MLE covariance (divisor ``n``) of the rows.

    Examples
    --------
    >>> total_variance([[0.0, 0.0], [2.0, 0.0], [0.0, 2.0], [2.0, 2.0]])
    2.0
    """
    X = check_embeddings(embeddings)
    return float(((X - X.mean(axis=0)) ** 2).sum() / len(X))
