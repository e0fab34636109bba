"""Semantic near-duplicates: cosine nearest neighbours of embeddings with faiss.

faiss ``IndexFlatIP`` on L2-normalised float32 rows gives exact cosine k-NN in blocks, so memory
stays O(n * k) however many documents there are: no n x n similarity matrix is ever built. Its
time is O(n * m) for n queries against m rows, which at a million documents is hours on two
cores; ``approximate=True`` searches an inverted-file index instead (``IndexIVFFlat``: the rows
clustered into about ``4 sqrt(m)`` cells by k-means on a seeded sample, each query compared with
the rows of its ``nprobe`` closest cells only), whose recall against the exact search is
measured in benchmarks/results_neighbours.md.
"""

from __future__ import annotations

from typing import Any

import faiss
import numpy as np
import pandas as pd

from mixscope.metrics.checks import check_embeddings, l2_normalize
from mixscope.metrics.minhash import pair_frame

#: Cosine similarity of all-MiniLM-L6-v2 embeddings above which two documents count as semantic
#: duplicates. Calibrated on the demo corpora (benchmarks/calibration.md, written by
#: ``python -m benchmarks.calibrate_semantic``): planted one-word-edit copies have cosine
#: >= 0.985 with their source, the nearest chance neighbour in natural text <= 0.961; 0.97 is
#: the middle of that gap, rounded down.
SEMANTIC_THRESHOLD = 0.97


#: Cells an approximate search visits per query (faiss's ``nprobe``).
NPROBE = 8
_TRAIN_PER_CELL = 64  # k-means sample per cell of an approximate index


def _index(reference: np.ndarray, *, approximate: bool = False, nprobe: int = NPROBE) -> Any:
    d = reference.shape[1]
    n_cells = max(1, min(int(4 * np.sqrt(len(reference))), len(reference) // 39))
    if not approximate or n_cells < 2:
        flat = faiss.IndexFlatIP(d)
        flat.add(reference)
        return flat
    index = faiss.IndexIVFFlat(faiss.IndexFlatIP(d), d, n_cells, faiss.METRIC_INNER_PRODUCT)
    rng = np.random.default_rng(0)
    sample = min(len(reference), _TRAIN_PER_CELL * n_cells)
    train = reference[np.sort(rng.choice(len(reference), size=sample, replace=False))]
    index.train(np.ascontiguousarray(train))
    index.add(reference)
    index.nprobe = min(nprobe, n_cells)
    return index


def _unit_float32(X: object, *, name: str, min_rows: int = 1) -> np.ndarray:
    unit = l2_normalize(check_embeddings(X, name=name, min_rows=min_rows))
    return np.ascontiguousarray(unit, dtype=np.float32)


def nearest_neighbor_similarity(
    query: np.ndarray,
    reference: np.ndarray,
    *,
    exclude_self: bool = False,
    approximate: bool = False,
    nprobe: int = NPROBE,
) -> tuple[np.ndarray, np.ndarray]:
    """Cosine similarity of each query row to its nearest reference row, and that row's index.

    Used for ``nearest_real_similarity``: ``query`` = synthetic embeddings, ``reference`` =
    real ones; a value near 1 means the synthetic document restates a real one.

    Parameters
    ----------
    query : ndarray of shape (n_query, n_dims)
    reference : ndarray of shape (n_reference, n_dims)
    exclude_self : bool, default=False
        ``query`` and ``reference`` are the same rows: row ``i`` may not be its own neighbour
        (an identical copy at another index still counts). Needs at least two rows.
    approximate : bool, default=False
        Search an inverted-file index (module docstring): a row's nearest neighbour may be
        missed, and a lower similarity returned.
    nprobe : int, default=NPROBE
        Cells visited per query when ``approximate``.

    Returns
    -------
    sims : ndarray of float64, shape (n_query,)
        Cosine similarity, clipped to [-1, 1]; rows are L2-normalised first.
    idx : ndarray of int64, shape (n_query,)
        Index into ``reference`` of the nearest row (ties go to the lower index).

    Examples
    --------
    >>> sims, idx = nearest_neighbor_similarity(np.array([[1.0, 0.1]]), np.eye(2))
    >>> idx.tolist(), round(float(sims[0]), 4)
    ([0], 0.995)
    """
    Q = _unit_float32(query, name="query")
    R = _unit_float32(reference, name="reference", min_rows=2 if exclude_self else 1)
    if Q.shape[1] != R.shape[1]:
        raise ValueError(f"query has {Q.shape[1]} dims but reference has {R.shape[1]}")
    if exclude_self and len(Q) != len(R):
        raise ValueError(f"exclude_self needs query == reference, got {len(Q)} and {len(R)} rows")
    sims, idx = _index(R, approximate=approximate, nprobe=nprobe).search(
        Q, 2 if exclude_self else 1
    )
    col = np.zeros(len(Q), dtype=np.int64)
    if exclude_self:
        col[idx[:, 0] == np.arange(len(Q))] = 1
    rows = np.arange(len(Q))
    return np.clip(sims[rows, col].astype(np.float64), -1.0, 1.0), idx[rows, col].astype(np.int64)


def semantic_duplicate_pairs(
    embeddings: np.ndarray,
    *,
    threshold: float = SEMANTIC_THRESHOLD,
    k: int = 10,
    approximate: bool = False,
    nprobe: int = NPROBE,
) -> pd.DataFrame:
    """Pairs of documents whose embeddings have cosine similarity >= ``threshold``.

    Each document's ``k`` nearest neighbours (itself excluded) are searched exactly with faiss;
    a pair is kept if either side finds the other. A document with more than ``k`` duplicates
    keeps only its ``k`` closest pairs, but the cluster still connects through the others' lists.

    Parameters
    ----------
    embeddings : ndarray of shape (n_docs, n_dims)
        Rows are L2-normalised here, so cosine = inner product.
    threshold : float, default=SEMANTIC_THRESHOLD
    k : int, default=10
        Neighbours searched per document.
    approximate : bool, default=False
        Search an inverted-file index (module docstring): pairs may be missed, never invented.
    nprobe : int, default=NPROBE
        Cells visited per query when ``approximate``.

    Returns
    -------
    DataFrame with columns ``i``, ``j`` (int64, ``i < j``) and ``similarity`` (float64),
    sorted by ``i, j``.

    References
    ----------
    A. Abbas et al., "SemDeDup: Data-efficient learning at web-scale through semantic
    deduplication", 2023.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.99, 0.01], [0.0, 1.0]])
    >>> semantic_duplicate_pairs(X, threshold=0.95)[["i", "j"]].to_dict("records")
    [{'i': 0, 'j': 1}]
    """
    if not -1.0 <= threshold <= 1.0:
        raise ValueError(f"threshold must be a cosine in [-1, 1], got {threshold!r}")
    if k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    X = _unit_float32(embeddings, name="embeddings")
    sims, idx = _index(X, approximate=approximate, nprobe=nprobe).search(X, min(k + 1, len(X)))
    rows = np.broadcast_to(np.arange(len(X))[:, None], idx.shape)
    keep = (idx >= 0) & (idx != rows) & (sims >= threshold)
    i, j, s = rows[keep], idx[keep], np.clip(sims[keep], -1.0, 1.0)
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    codes, first = np.unique(lo.astype(np.int64) * len(X) + hi, return_index=True)
    return pair_frame(codes // len(X), codes % len(X), s[first])
