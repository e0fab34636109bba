"""Duplicates in a mix: exact repeats, clusters over duplicate pairs, copies across sources.

Exact duplicates share a :func:`duplicate_key`; lexical near-duplicates (MinHash LSH,
:func:`mixscope.metrics.minhash.near_duplicate_pairs`) and semantic near-duplicates (embedding
cosine, :func:`mixscope.metrics.neighbors.semantic_duplicate_pairs`) come as pair tables (``i``,
``j``, ``similarity``, ``i < j``). Clusters are the connected components of the pairs (what
union-find computes), so duplication is transitive. Each function returns one flag or label per
document, so a duplicate *rate* is the mean of the flags (weighted by a bootstrap resample in
:mod:`mixscope.evaluation`): the share of documents a deduplication would drop.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from mixscope.corpus.text import normalize_text, text_key

__all__ = [
    "cross_source_flags",
    "duplicate_clusters",
    "duplicate_key",
    "exact_duplicate_flags",
    "near_duplicate_of",
]

_WHITESPACE = re.compile(r"\s+")


def duplicate_key(text: str, *, loose: bool = False) -> str:
    """Key under which two texts are exact duplicates.

    Strict (default): ``text_key(normalize_text(text))``, so only Unicode form and whitespace are
    forgiven. ``loose=True`` also case-folds and deletes Unicode punctuation (categories ``P*``)
    before folding whitespace again, so ``"Hello, World!"`` equals ``"hello world"``.

    Examples
    --------
    >>> duplicate_key("Hello,  World!") == duplicate_key("hello world")
    False
    >>> duplicate_key("Hello,  World!", loose=True) == duplicate_key("hello world", loose=True)
    True
    """
    text = normalize_text(text)
    if loose:
        kept = (c for c in text.casefold() if not unicodedata.category(c).startswith("P"))
        text = _WHITESPACE.sub(" ", "".join(kept)).strip()
    return text_key(text)


def exact_duplicate_flags(keys: object) -> np.ndarray:
    """True for every document whose key repeats an earlier one (a group's members but the
    first): the documents an exact deduplication drops.

    Parameters
    ----------
    keys : array-like of shape (n_docs,)
        One key per document, e.g. :func:`duplicate_key` of each text (or any hashable id of it).

    Examples
    --------
    >>> exact_duplicate_flags([duplicate_key(t) for t in ["b", "a", " b ", "c", "a"]]).tolist()
    [False, False, True, False, True]
    """
    k = np.asarray(keys)
    if k.ndim != 1:
        raise ValueError(f"keys must be 1-D, one per document, got shape {k.shape}")
    flags = np.ones(len(k), dtype=bool)
    flags[np.unique(k, return_index=True)[1]] = False
    return flags


def _check_pairs(n: int, pairs: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(pairs, pd.DataFrame) or not {"i", "j"} <= set(pairs.columns):
        raise ValueError(f"pairs must be a DataFrame with columns i, j, got {type(pairs).__name__}")
    i, j = pairs["i"].to_numpy(dtype=np.int64), pairs["j"].to_numpy(dtype=np.int64)
    if len(i) and (min(i.min(), j.min()) < 0 or max(i.max(), j.max()) >= n):
        raise ValueError(
            f"pair indices must be in [0, {n}), got {i.min()}..{max(i.max(), j.max())}"
        )
    return i, j


def _roots(n: int, pairs: pd.DataFrame) -> np.ndarray:
    """Index of the first (lowest-index) member of each document's cluster."""
    i, j = _check_pairs(n, pairs)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    graph = coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    first = np.full(labels.max() + 1, n, dtype=np.int64)
    np.minimum.at(first, labels, np.arange(n))
    return first[labels]


def near_duplicate_of(n: int, pairs: pd.DataFrame) -> np.ndarray:
    """Per document: index of the first member of its duplicate cluster, or -1.

    -1 for documents in no pair and for the first member itself (the one a deduplication keeps).

    Examples
    --------
    >>> near_duplicate_of(5, pd.DataFrame({"i": [1, 3], "j": [3, 4]})).tolist()
    [-1, -1, -1, 1, 1]
    """
    roots = _roots(n, pairs)
    return np.where(roots == np.arange(n), -1, roots)


def duplicate_clusters(n: int, pairs: pd.DataFrame) -> pd.DataFrame:
    """Clusters of two or more documents linked by duplicate pairs, with their members.

    Returns
    -------
    DataFrame with columns ``cluster`` (0, 1, ... by first member) and ``member`` (document
    index), sorted by cluster then member. Documents in no pair are not listed.

    Examples
    --------
    >>> duplicate_clusters(6, pd.DataFrame({"i": [4, 0], "j": [5, 2]})).to_dict("list")
    {'cluster': [0, 0, 1, 1], 'member': [0, 2, 4, 5]}
    """
    roots = _roots(n, pairs)
    sizes = np.bincount(roots, minlength=n)
    members = np.flatnonzero(sizes[roots] > 1)
    cluster = np.unique(roots[members], return_inverse=True)[1]
    order = np.lexsort((members, cluster))
    return pd.DataFrame(
        {"cluster": cluster[order].astype(np.int64), "member": members[order].astype(np.int64)}
    )


def cross_source_flags(pairs: pd.DataFrame, sources: object) -> np.ndarray:
    """True for each document in a duplicate pair with a document of another source.

    Parameters
    ----------
    pairs : DataFrame with columns ``i``, ``j``
    sources : array-like of shape (n_docs,)
        Source (corpus name or number) of each document.

    Examples
    --------
    >>> cross_source_flags(pd.DataFrame({"i": [0, 2], "j": [1, 3]}), ["a", "b", "a", "a"]).tolist()
    [True, True, False, False]
    """
    src = np.asarray(sources)
    i, j = _check_pairs(len(src), pairs)
    cross = src[i] != src[j]
    hit = np.zeros(len(src), dtype=bool)
    hit[i[cross]] = hit[j[cross]] = True
    return hit
