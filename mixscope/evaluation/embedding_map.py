"""A 2-D map of the pool (every indexed document), and its topic clusters real against the mix.

The map is computed once per index: a bounded, seeded sample of the pool, stratified by corpus,
projected to 2-D (PCA, or UMAP when ``umap-learn`` is installed) and kept in the engine's
:data:`~mixscope.evaluation.memo.MEMO` under the index's fingerprint. It depends on nothing
about the mix, so moving the share slider never moves a point: a mix only changes which
points are highlighted (:func:`map_points`).

Each point carries its topic cluster and the cluster's name
(:mod:`~mixscope.evaluation.topic_clusters`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA

from mixscope.evaluation.index import MixIndex
from mixscope.evaluation.memo import MEMO, Memo
from mixscope.evaluation.topic_clusters import (
    check_mix_ids,
    check_positive,
    cluster_label,
    cluster_terms,
)

__all__ = [
    "MAX_POINTS",
    "METHODS",
    "POINTS_COLUMNS",
    "EmbeddingMap",
    "embedding_map",
    "map_points",
]

Method = Literal["pca", "umap"]
METHODS: tuple[str, ...] = ("pca", "umap")
#: Points drawn at most: a WebGL scatter stays smooth in the browser up to tens of thousands.
MAX_POINTS = 20_000
#: Columns of :func:`map_points`.
POINTS_COLUMNS = (
    "id", "x", "y", "source", "role", "cluster", "cluster_label", "duplicate",
    "duplicate_kinds", "groups", "in_mix", "text",
)  # fmt: skip
_KINDS = np.array(
    ["", "exact", "near", "exact;near", "semantic", "exact;semantic", "near;semantic",
     "exact;near;semantic"], dtype=object,
)  # fmt: skip


@dataclass(frozen=True, eq=False)
class EmbeddingMap:
    """2-D coordinates of a seeded sample of an index's documents (from :func:`embedding_map`).

    ``ids`` are sorted global ids, ``xy`` their coordinates (row ``i`` = ``ids[i]``); ``shown``
    and ``totals`` count the plotted and all documents of each corpus, in index order.
    """

    ids: np.ndarray  # int64 (n,)
    xy: np.ndarray  # float64 (n, 2)
    method: str
    seed: int
    max_points: int
    shown: tuple[int, ...]
    totals: tuple[int, ...]
    fingerprint: str  # of the index it was computed from
    explained: tuple[float, ...] = ()  # PCA: share of variance along x and y

    def __post_init__(self) -> None:
        self.ids.flags.writeable = False
        self.xy.flags.writeable = False

    @property
    def n_shown(self) -> int:
        """Documents on the map."""
        return int(sum(self.shown))

    @property
    def n_pool(self) -> int:
        """Documents in the pool (every corpus of the index)."""
        return int(sum(self.totals))

    @property
    def sampled(self) -> bool:
        """True when the map shows a sample, not every document of the pool."""
        return self.n_shown < self.n_pool


def embedding_map(
    index: MixIndex,
    *,
    max_points: int = MAX_POINTS,
    method: Method = "pca",
    seed: int = 0,
    memo: Memo = MEMO,
) -> EmbeddingMap:
    """The pool's 2-D map: computed once per index and options, whatever the mix.

    When the pool holds more than ``max_points`` documents, a seeded sample is drawn,
    stratified by corpus with equal allocation: every corpus gets up to the same number of
    points, and what a small corpus cannot use goes to the larger ones, so a small synthetic
    source is never drowned by a large real corpus. Within a corpus the sample is uniform
    (the first documents of a seeded permutation, so a larger budget keeps the smaller
    sample's points). The projection is fitted on the sample's unit embeddings.

    Parameters
    ----------
    index : MixIndex
    max_points : int, default=20_000
        Documents drawn at most; at least one per corpus and 3 in all.
    method : {"pca", "umap"}, default="pca"
        ``"umap"`` needs the ``umap-learn`` package (not installed by MixScope).
    seed : int, default=0
        Seed of the sample and of the projection.
    memo : Memo, default=MEMO
        Where the map is kept, keyed by the index's fingerprint and the options.

    Returns
    -------
    EmbeddingMap
    """
    n_corpora = len(index.corpora)
    if isinstance(max_points, bool) or not isinstance(max_points, int | np.integer):
        raise ValueError(f"max_points must be an integer, got {max_points!r}")
    if max_points < max(3, n_corpora):
        raise ValueError(
            f"max_points must be at least {max(3, n_corpora)} (3 points, and one per corpus of "
            f"the {n_corpora}), got {max_points}"
        )
    if method not in METHODS:
        raise ValueError(f"method must be one of {list(METHODS)}, got {method!r}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise ValueError(f"seed must be an integer, got {seed!r}")
    key = (index.fingerprint, "embedding_map", method, int(max_points), int(seed))
    return memo.get(key, lambda: _compute_map(index, int(max_points), method, int(seed)))


def _compute_map(index: MixIndex, max_points: int, method: str, seed: int) -> EmbeddingMap:
    totals = np.diff(index.offsets)
    take = _allocate(totals, max_points)
    parts = []
    for c, (n, k) in enumerate(zip(totals, take, strict=True)):
        local = np.random.default_rng([seed, c]).permutation(int(n))[: int(k)]
        parts.append(index.offsets[c] + np.sort(local))
    ids = np.concatenate(parts).astype(np.int64)
    X = index.rows64(ids)
    xy, explained = _umap(X, seed) if method == "umap" else _pca(X, seed)
    return EmbeddingMap(
        ids=ids, xy=xy, method=method, seed=seed, max_points=max_points,
        shown=tuple(int(k) for k in take), totals=tuple(int(n) for n in totals),
        fingerprint=index.fingerprint, explained=explained,
    )  # fmt: skip


def _allocate(sizes: np.ndarray, budget: int) -> np.ndarray:
    """Equal allocation of ``budget`` over strata of ``sizes`` (capped at each size)."""
    sizes = np.asarray(sizes, dtype=np.int64)
    if sizes.sum() <= budget:
        return sizes.copy()
    lo, hi = 0, int(sizes.max())  # the largest level L with sum(min(sizes, L)) <= budget
    while lo < hi:
        mid = (lo + hi + 1) // 2
        lo, hi = (mid, hi) if np.minimum(sizes, mid).sum() <= budget else (lo, mid - 1)
    take = np.minimum(sizes, lo)
    room = np.flatnonzero(sizes > lo)[: budget - int(take.sum())]
    take[room] += 1
    return take


def _pca(X: np.ndarray, seed: int) -> tuple[np.ndarray, tuple[float, ...]]:
    n = min(2, X.shape[1], len(X))
    model = PCA(n_components=n, random_state=seed).fit(X)
    xy = np.zeros((len(X), 2))
    xy[:, :n] = model.transform(X)
    return xy, tuple(float(v) for v in model.explained_variance_ratio_)


def _umap(X: np.ndarray, seed: int) -> tuple[np.ndarray, tuple[float, ...]]:
    try:
        import umap  # optional, heavy (numba): imported only when asked for
    except ImportError as err:
        raise ImportError(
            "method='umap' needs the umap-learn package, which MixScope does not install: "
            "pip install umap-learn (or use method='pca')"
        ) from err
    reducer = umap.UMAP(
        n_components=2, metric="cosine", random_state=seed, n_neighbors=min(15, len(X) - 1)
    )
    return np.asarray(reducer.fit_transform(X), dtype=np.float64), ()


def map_points(
    emap: EmbeddingMap,
    index: MixIndex,
    mix_ids: np.ndarray,
    *,
    label_terms: int = 3,
    text_chars: int = 300,
    memo: Memo = MEMO,
) -> pd.DataFrame:
    """The map's points for one mix: one row per plotted document.

    Parameters
    ----------
    emap : EmbeddingMap
        From :func:`embedding_map` of the same ``index``.
    index : MixIndex
    mix_ids : ndarray of int
        Global ids of the mix's documents (``index.global_ids(mix)``).
    label_terms : int, default=3
        Top c-TF-IDF terms in ``cluster_label``.
    text_chars : int, default=300
        Texts longer than this are cut (with "…") for the hover.

    Returns
    -------
    DataFrame with columns :data:`POINTS_COLUMNS`: ``id`` (global id), ``x, y``, ``source``
    (corpus name), ``role``, ``cluster`` (real-corpus topic cluster), ``cluster_label``
    (``c3: term, term, term``), ``duplicate`` (the document is in an exact, near or semantic
    duplicate pair of the pool), ``duplicate_kinds`` (which, ``;``-joined), ``groups``
    (``;``-joined ``axis:group`` mentions), ``in_mix`` (the mix picked it), ``text``.
    """
    if emap.fingerprint != index.fingerprint:
        raise ValueError("the map was computed for another index; compute it for this one")
    picked = check_mix_ids(index, mix_ids)
    check_positive(label_terms=label_terms, text_chars=text_chars)
    ids = emap.ids
    names = np.array([c.name for c in index.corpora], dtype=object)
    roles = np.array([c.role for c in index.corpora], dtype=object)
    corpus = index.source_of(ids)
    kinds = _KINDS[_duplicate_codes(index, memo)[ids]]
    terms = cluster_terms(index, label_terms, memo)
    labels = np.array(
        [cluster_label(c, t[:label_terms]) for c, t in enumerate(terms)], dtype=object
    )
    groups = index.group_labels[ids] if len(index.group_labels) == len(index.unit) else ""
    texts = [t if len(t) <= text_chars else t[: text_chars - 1].rstrip() + "…"
             for t in index.texts(ids)]  # fmt: skip
    return pd.DataFrame({
        "id": ids, "x": emap.xy[:, 0], "y": emap.xy[:, 1], "source": names[corpus],
        "role": roles[corpus], "cluster": index.clusters[ids],
        "cluster_label": labels[index.clusters[ids]], "duplicate": kinds != "",
        "duplicate_kinds": kinds, "groups": groups, "in_mix": np.isin(ids, picked),
        "text": texts,
    })  # fmt: skip


def _duplicate_codes(index: MixIndex, memo: Memo) -> np.ndarray:
    """Per pool document, 1 + 2 + 4 for being in an exact, a near (MinHash) and a semantic
    duplicate pair (an index into ``_KINDS``)."""

    def compute() -> np.ndarray:
        _, inverse, counts = np.unique(index.exact_keys, return_inverse=True, return_counts=True)
        codes = (counts[inverse.ravel()] > 1).astype(np.int64)
        for bit, pairs in ((2, index.near_pairs), (4, index.semantic_pairs)):
            flag = np.zeros(len(index.unit), dtype=bool)
            flag[pairs.ravel()] = True
            codes += bit * flag
        codes.flags.writeable = False
        return codes

    return memo.get((index.fingerprint, "duplicate_codes"), compute)
