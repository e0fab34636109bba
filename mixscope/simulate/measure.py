"""What is measured at each generation, against generation 0 (the real data).

The reference is built once from generation 0: the topic clusters (k-means on its embeddings,
:func:`mixscope.metrics.clusters.fit_clusters`) and its rare word types
(:func:`~mixscope.simulate.tail.rare_types`). Each generation is then measured with the same
functions the rest of MixScope uses, so the numbers read the same as on the metric pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mixscope.metrics.clusters import ClusterModel, assign, cluster_coverage, fit_clusters
from mixscope.metrics.diversity import vendi_score
from mixscope.metrics.lexical import bigram_codes, distinct_2, token_codes
from mixscope.simulate.gaussian import total_variance
from mixscope.simulate.tail import rare_types, retained_share, word_types

__all__ = ["METRICS", "TEXT_METRICS", "Reference", "build_reference", "measure"]

#: Every metric a simulation reports, in table order.
METRICS = ("vendi", "cluster_coverage", "distinct_2", "tail_retention", "embedding_variance")
#: Metrics of the words themselves: not defined for a generator of embeddings.
TEXT_METRICS = ("distinct_2", "tail_retention")


@dataclass(frozen=True, eq=False)
class Reference:
    """Generation 0's clusters and rare word types, and the settings every generation shares."""

    clusters: ClusterModel
    labels: np.ndarray  # cluster of each generation-0 document
    rare: frozenset[str]
    bigram_budget: int
    seed: int


def build_reference(
    embeddings: np.ndarray,
    texts: Sequence[str] | None,
    *,
    rare_max: int,
    bigram_budget: int,
    seed: int,
) -> Reference:
    """Fit the clusters on generation 0's embeddings and collect its rare word types.

    Parameters
    ----------
    embeddings : ndarray of shape (n, n_dims)
        Generation 0's embeddings (the same embedder as every later generation).
    texts : sequence of str, optional
        Generation 0's texts; None for a generator of embeddings (no rare types then).
    rare_max : int
        See :func:`~mixscope.simulate.tail.rare_types`.
    bigram_budget : int
        Bigrams counted by distinct-2 at every generation.
    seed : int
        Seed of the k-means and of distinct-2's document order.
    """
    rows = _nonzero(embeddings)
    clusters = fit_clusters(rows, seed=seed)
    rare = frozenset(rare_types(texts, rare_max=rare_max)) if texts is not None else frozenset()
    return Reference(clusters, assign(clusters, rows), rare, bigram_budget, seed)


def measure(
    reference: Reference, embeddings: np.ndarray, texts: Sequence[str] | None
) -> dict[str, float]:
    """The metrics of one generation, keyed by name in :data:`METRICS` order.

    Parameters
    ----------
    reference : Reference
    embeddings : ndarray of shape (n, n_dims)
        The generation's embeddings (all-zero rows, which have no direction, are skipped).
    texts : sequence of str, optional
        The generation's texts; without them the :data:`TEXT_METRICS` are left out.

    Returns
    -------
    dict metric name -> float (NaN when a metric has nothing to measure, e.g. no bigram)
    """
    rows = _nonzero(embeddings)
    labels = assign(reference.clusters, rows)
    out = {
        "vendi": vendi_score(rows),
        "cluster_coverage": cluster_coverage(
            labels, reference.labels, n_clusters=reference.clusters.n_clusters
        ),
    }
    if texts is not None:
        bigrams = [bigram_codes(token_codes(t)) for t in texts]
        out["distinct_2"] = distinct_2(bigrams, budget=reference.bigram_budget, seed=reference.seed)
        out["tail_retention"] = retained_share(set(reference.rare), word_types(texts))
    out["embedding_variance"] = total_variance(embeddings)
    return {name: float(out[name]) for name in METRICS if name in out}


def _nonzero(embeddings: np.ndarray) -> np.ndarray:
    X = np.asarray(embeddings, dtype=np.float64)
    kept: np.ndarray = X[np.any(X != 0.0, axis=1)]
    if len(kept) < 2:
        raise ValueError(
            f"a generation needs at least two non-zero embeddings to measure, got {len(kept)}"
        )
    return kept
