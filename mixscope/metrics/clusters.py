"""Topic clusters of the real corpus, frozen once, and how a mix spreads over them.

k-means is fitted once on the real corpus's unit-length embeddings and then frozen; every corpus
is labelled once with :func:`assign`, and a mix's labels are slices of those labels. Entropy and
coverage then need only the labels, so moving the mix ratio costs a ``bincount``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans

from mixscope.metrics.diversity import unit_rows

__all__ = [
    "ClusterModel",
    "assign",
    "cluster_counts",
    "cluster_coverage",
    "cluster_entropy",
    "default_n_clusters",
    "fit_clusters",
]


@dataclass(frozen=True, eq=False)
class ClusterModel:
    """Frozen k-means model: unit-length ``centroids`` of shape (n_clusters, n_dims)."""

    centroids: np.ndarray
    seed: int

    def __post_init__(self) -> None:
        self.centroids.setflags(write=False)

    @property
    def n_clusters(self) -> int:
        """Number of clusters (rows of ``centroids``)."""
        return int(self.centroids.shape[0])


def default_n_clusters(n_docs: int) -> int:
    """Rule-of-thumb ``k = sqrt(n/2)`` (Mardia et al., 1979), clipped to [2, 50].

    Examples
    --------
    >>> default_n_clusters(200), default_n_clusters(10), default_n_clusters(10**6)
    (10, 2, 50)
    """
    return min(50, max(2, round(math.sqrt(n_docs / 2))))


def fit_clusters(real_embeddings: object, *, k: int | None = None, seed: int = 0) -> ClusterModel:
    """Fit k-means on the real corpus once and freeze the centroids.

    Rows are L2-normalised first and the centroids are re-normalised after fitting, so
    :func:`assign` is nearest centroid by cosine (spherical k-means in spirit).

    Parameters
    ----------
    real_embeddings : array-like of shape (n_docs, n_dims)
        Embeddings of the real corpus (non-zero rows).
    k : int, optional
        Number of clusters; default :func:`default_n_clusters` of ``n_docs``, capped at the
        number of distinct rows. An explicit ``k`` larger than that is refused.
    seed : int, default=0
        Seed of the k-means++ initialisation.

    Returns
    -------
    ClusterModel

    Examples
    --------
    >>> model = fit_clusters(np.eye(3).repeat(4, axis=0), k=3)
    >>> model.n_clusters
    3
    """
    X = unit_rows(real_embeddings, name="real_embeddings", min_rows=2)
    n_distinct = len(np.unique(X, axis=0))
    if k is None:
        k = min(default_n_clusters(len(X)), n_distinct)
    elif isinstance(k, bool) or not isinstance(k, int | np.integer) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    elif k > n_distinct:
        raise ValueError(
            f"k={k} clusters need at least {k} distinct documents, got {n_distinct} distinct rows"
        )
    km = KMeans(n_clusters=int(k), n_init=4, random_state=seed).fit(X)
    centroids = km.cluster_centers_ / np.linalg.norm(km.cluster_centers_, axis=1, keepdims=True)
    return ClusterModel(centroids=centroids, seed=seed)


def assign(model: ClusterModel, embeddings: object) -> np.ndarray:
    """Label each row with its nearest centroid by cosine similarity.

    Parameters
    ----------
    model : ClusterModel
    embeddings : array-like of shape (n_docs, n_dims)
        Same embedding space as the model (non-zero rows).

    Returns
    -------
    ndarray of int64, shape (n_docs,), values in ``range(model.n_clusters)``.

    Examples
    --------
    >>> m = ClusterModel(centroids=np.eye(2), seed=0)
    >>> assign(m, [[0.1, 2.0], [3.0, 0.0]]).tolist()
    [1, 0]
    """
    X = unit_rows(embeddings)
    if X.shape[1] != model.centroids.shape[1]:
        raise ValueError(
            f"embeddings have {X.shape[1]} dimensions, expected {model.centroids.shape[1]} "
            "(the dimension the clusters were fitted on)"
        )
    return np.argmax(X @ model.centroids.T, axis=1).astype(np.int64)


def cluster_counts(labels: object, *, n_clusters: int) -> np.ndarray:
    """Documents per cluster, shape (n_clusters,), refusing labels outside ``range(n_clusters)``.

    Examples
    --------
    >>> cluster_counts([0, 2, 2], n_clusters=4).tolist()
    [1, 0, 2, 0]
    """
    if isinstance(n_clusters, bool) or not isinstance(n_clusters, int | np.integer):
        raise ValueError(f"n_clusters must be an integer, got {n_clusters!r}")
    if n_clusters < 1:
        raise ValueError(f"n_clusters must be >= 1, got {n_clusters}")
    arr = np.asarray(labels)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"labels must be a non-empty 1-D array, got shape {arr.shape}")
    if not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(f"labels must be integer cluster ids, got dtype {arr.dtype}")
    bad = (arr < 0) | (arr >= n_clusters)
    if bad.any():
        raise ValueError(
            f"labels must be in [0, {n_clusters}), got {int(bad.sum())} outside "
            f"(first: {arr[bad][0]!r})"
        )
    return np.bincount(arr, minlength=n_clusters)


def cluster_entropy(labels: object, *, n_clusters: int, normalize: bool = False) -> float:
    """Shannon entropy (nats) of the cluster shares of a set of documents.

    Parameters
    ----------
    labels : array-like of int, shape (n_docs,)
        Cluster of each document, from :func:`assign`.
    n_clusters : int
        Number of clusters of the model (empty clusters count for normalisation).
    normalize : bool, default=False
        Divide by ``ln(n_clusters)`` (Pielou's evenness), giving a value in [0, 1] where 1 is an
        even spread over all clusters; needs ``n_clusters >= 2``.

    Returns
    -------
    float in [0, ln(n_clusters)] (or [0, 1] when normalised); higher is more even.

    References
    ----------
    Shannon, C. E. (1948). A Mathematical Theory of Communication. Pielou, E. C. (1966). The
    measurement of diversity in different types of biological collections.

    Examples
    --------
    >>> round(cluster_entropy([0, 1, 2, 3], n_clusters=4, normalize=True), 6)
    1.0
    """
    counts = cluster_counts(labels, n_clusters=n_clusters)
    if normalize and n_clusters < 2:
        raise ValueError(f"normalised entropy needs n_clusters >= 2, got {n_clusters}")
    p = counts[counts > 0] / counts.sum()
    h = float(-np.sum(p * np.log(p)))
    return h / math.log(n_clusters) if normalize else h


def cluster_coverage(
    labels: object, reference_labels: object, *, n_clusters: int, min_share: float = 0.0
) -> float:
    """Fraction of the real corpus's clusters that the mix still covers ("coverage of modes").

    A reference cluster is one holding at least one real document. It is *present* in the mix
    when the mix has at least one document in it **and** that cluster's share of the mix is at
    least ``min_share`` (default 0: one document is enough).

    Parameters
    ----------
    labels : array-like of int, shape (n_mix,)
        Cluster of each document of the mix.
    reference_labels : array-like of int, shape (n_real,)
        Cluster of each document of the real corpus.
    n_clusters : int
        Number of clusters of the model.
    min_share : float, default=0.0
        Share of the mix, in [0, 1), a cluster needs to count as present.

    Returns
    -------
    float in [0, 1]; 1 when every real cluster is present, lower means lost modes.

    References
    ----------
    Mode counting as in Srivastava et al. (2017), VEEGAN: Reducing Mode Collapse in GANs using
    Implicit Variational Learning, NeurIPS (a mode is captured if samples land near it).

    Examples
    --------
    >>> cluster_coverage([0, 0, 1], [0, 1, 2, 3], n_clusters=4)
    0.5
    """
    if not (0.0 <= min_share < 1.0):
        raise ValueError(f"min_share must be in [0, 1), got {min_share!r}")
    mix = cluster_counts(labels, n_clusters=n_clusters)
    ref = cluster_counts(reference_labels, n_clusters=n_clusters) > 0
    present = (mix > 0) & (mix / mix.sum() >= min_share)
    return float((present & ref).sum() / ref.sum())
