"""Duplicates in a mix: exact copies, clusters over duplicate pairs, per-source reports, rates.

Three kinds of duplicate pair share one table shape (``i``, ``j``, ``similarity``, ``i < j``):
exact (:func:`exact_duplicate_pairs`), lexical near-duplicates (MinHash LSH,
:func:`mixscope.metrics.minhash.near_duplicate_pairs`) and semantic near-duplicates (embedding
cosine, :func:`mixscope.metrics.neighbors.semantic_duplicate_pairs`). Clusters are the connected
components of the pairs (what union-find computes), so duplication is transitive.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from mixscope.metrics.checks import check_texts
from mixscope.metrics.minhash import (
    JACCARD_THRESHOLD,
    near_duplicate_pairs,
    pair_frame,
    pairs_sharing_key,
)
from mixscope.metrics.neighbors import SEMANTIC_THRESHOLD, semantic_duplicate_pairs
from mixscope.text import normalize_text, text_key

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


def exact_duplicate_groups(texts: Sequence[str], *, loose: bool = False) -> np.ndarray:
    """Group id of each text: equal ids mean equal :func:`duplicate_key`.

    Returns
    -------
    ndarray of int64, shape (n_texts,)
        Groups are numbered 0, 1, ... in order of their first occurrence.

    Examples
    --------
    >>> exact_duplicate_groups(["b", "a", " b ", "c", "a"]).tolist()
    [0, 1, 0, 2, 1]
    """
    first_seen: dict[str, int] = {}
    docs = check_texts(texts, min_docs=0)
    keys = (duplicate_key(t, loose=loose) for t in docs)
    return np.array([first_seen.setdefault(k, len(first_seen)) for k in keys], dtype=np.int64)


def is_exact_duplicate(texts: Sequence[str], *, loose: bool = False) -> np.ndarray:
    """True for every text that repeats an earlier one (all members of a group but the first).

    Examples
    --------
    >>> is_exact_duplicate(["b", "a", " b ", "c", "a"]).tolist()
    [False, False, True, False, True]
    """
    groups = exact_duplicate_groups(texts, loose=loose)
    first = np.zeros(len(groups), dtype=bool)
    first[np.unique(groups, return_index=True)[1]] = True
    return ~first


def exact_duplicate_pairs(texts: Sequence[str], *, loose: bool = False) -> pd.DataFrame:
    """Every pair ``i < j`` of exact duplicates, ``similarity`` 1.0 (m copies give m(m-1)/2).

    Examples
    --------
    >>> exact_duplicate_pairs(["x", "y", "x"]).to_dict("records")
    [{'i': 0, 'j': 2, 'similarity': 1.0}]
    """
    i, j = pairs_sharing_key(exact_duplicate_groups(texts, loose=loose))
    return pair_frame(i, j, np.ones(len(i)))


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


def duplicate_pairs_report(
    pairs: pd.DataFrame, sources: Sequence[str], roles: Sequence[str]
) -> dict[str, int]:
    """Split duplicate pairs by where their two documents come from.

    Parameters
    ----------
    pairs : DataFrame with columns ``i``, ``j``
    sources : sequence of str, one per document (corpus name)
    roles : sequence of {"real", "synthetic"}, one per document

    Returns
    -------
    dict with ``pairs``, ``within_source`` and ``cross_source`` (pair counts), and
    ``synthetic_copies_of_real``: the number of distinct synthetic documents that duplicate at
    least one real document (contamination or regurgitation of the real data).

    Examples
    --------
    >>> pairs = pd.DataFrame({"i": [0, 0, 1], "j": [1, 2, 2]})
    >>> duplicate_pairs_report(pairs, ["r", "s", "s"], ["real", "synthetic", "synthetic"])
    {'pairs': 3, 'within_source': 1, 'cross_source': 2, 'synthetic_copies_of_real': 2}
    """
    src, role = np.asarray(sources, dtype=object), np.asarray(roles, dtype=object)
    if len(src) != len(role):
        raise ValueError(f"sources and roles must align, got {len(src)} and {len(role)}")
    if bad := set(role.tolist()) - {"real", "synthetic"}:
        raise ValueError(f"roles must be 'real' or 'synthetic', got {sorted(map(str, bad))}")
    i, j = _check_pairs(len(src), pairs)
    cross = src[i] != src[j]
    mixed = role[i] != role[j]
    copies = np.where(role[i[mixed]] == "synthetic", i[mixed], j[mixed])
    return {
        "pairs": len(i),
        "within_source": int((~cross).sum()),
        "cross_source": int(cross.sum()),
        "synthetic_copies_of_real": len(np.unique(copies)),
    }


def duplicate_rate(n: int, pairs: pd.DataFrame) -> float:
    """Fraction of documents a deduplication would remove: ``(n - n_clusters) / n``.

    Every cluster (connected component of the pairs, singletons included) keeps one document.

    Examples
    --------
    >>> duplicate_rate(4, pd.DataFrame({"i": [0, 1], "j": [1, 2]}))
    0.5
    """
    if n < 1:
        raise ValueError(f"n must be a positive number of documents, got {n!r}")
    return float((near_duplicate_of(n, pairs) >= 0).mean())


def exact_duplicate_rate(texts: Sequence[str], *, loose: bool = False) -> float:
    """Fraction of texts that repeat an earlier one (see :func:`duplicate_key`).

    Examples
    --------
    >>> exact_duplicate_rate(["a", "b", "a", "a"])
    0.5
    """
    flags = is_exact_duplicate(check_texts(texts, min_docs=1), loose=loose)
    return float(flags.mean())


def near_duplicate_rate(
    signatures: np.ndarray,
    *,
    texts: Sequence[str] | None = None,
    threshold: float = JACCARD_THRESHOLD,
) -> float:
    """:func:`duplicate_rate` of MinHash near-duplicate pairs (Broder, 1997; Lee et al., 2022).

    ``signatures`` come from :func:`mixscope.metrics.minhash.minhash_signatures` (sliced by a
    mix's picks); with ``texts`` candidates are verified by exact shingle Jaccard.

    Examples
    --------
    >>> from mixscope.metrics.minhash import minhash_signatures
    >>> docs = ["one two three four five six", "one two three four five six", "a b c d e f"]
    >>> round(near_duplicate_rate(minhash_signatures(docs), texts=docs), 4)
    0.3333
    """
    pairs = near_duplicate_pairs(signatures, texts=texts, threshold=threshold)
    return duplicate_rate(len(signatures), pairs)


def semantic_duplicate_rate(
    embeddings: np.ndarray, *, threshold: float = SEMANTIC_THRESHOLD, k: int = 10
) -> float:
    """:func:`duplicate_rate` of embedding-cosine duplicate pairs (SemDeDup, Abbas et al. 2023).

    Examples
    --------
    >>> semantic_duplicate_rate(np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 2.0]]))
    0.5
    """
    pairs = semantic_duplicate_pairs(embeddings, threshold=threshold, k=k)
    return duplicate_rate(len(embeddings), pairs)


def cross_source_duplicate_rate(pairs: pd.DataFrame, sources: Sequence[str]) -> float:
    """Fraction of documents that duplicate at least one document of another source.

    Examples
    --------
    >>> cross_source_duplicate_rate(pd.DataFrame({"i": [0, 2], "j": [1, 3]}), ["a", "b", "a", "a"])
    0.5
    """
    src = np.asarray(sources, dtype=object)
    if len(src) < 1:
        raise ValueError("sources needs at least 1 document, got 0")
    i, j = _check_pairs(len(src), pairs)
    cross = src[i] != src[j]
    hit = np.zeros(len(src), dtype=bool)
    hit[i[cross]] = hit[j[cross]] = True
    return float(hit.mean())
