"""Topic clusters of the pool: what each source holds, what the mix takes, and their names.

The clusters are the index's k-means clusters of the real corpus; each is named by its top
c-TF-IDF terms over the whole pool's texts (:func:`mixscope.metrics.ctfidf.top_terms`, once per
index), and :func:`cluster_summary` says, per cluster, what each source holds and whether the
mix under-covers or over-fills it compared with the real corpus.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mixscope.evaluation.index import MixIndex
from mixscope.evaluation.memo import MEMO, Memo
from mixscope.metrics.ctfidf import top_terms as ctfidf_top_terms

__all__ = [
    "CLUSTER_STATUSES",
    "MIN_EXPECTED",
    "OVER_FILLED",
    "UNDER_COVERED",
    "check_mix_ids",
    "cluster_examples",
    "cluster_label",
    "cluster_summary",
    "cluster_terms",
]

#: Status of a cluster in :func:`cluster_summary`, in the order of the rule.
CLUSTER_STATUSES = ("too few to judge", "under-covered", "over-filled", "balanced")
#: Defaults of the rule of :func:`cluster_summary`: under-covered below ``UNDER_COVERED`` times
#: the real share, over-filled above ``OVER_FILLED`` times, judged from ``MIN_EXPECTED``
#: documents on either side (a cluster's count in a mix is roughly Poisson: at 5 expected, 0
#: drawn happens by chance less than 1 % of the time).
UNDER_COVERED, OVER_FILLED, MIN_EXPECTED = 0.5, 2.0, 5.0
_NO_TERMS = "(no distinguishing terms)"
_MIN_DF = 2  # a word of a single document names no cluster


def cluster_summary(
    index: MixIndex,
    mix_ids: np.ndarray,
    *,
    top_terms: int = 5,
    examples: int = 3,
    under: float = UNDER_COVERED,
    over: float = OVER_FILLED,
    min_expected: float = MIN_EXPECTED,
    memo: Memo = MEMO,
) -> pd.DataFrame:
    """Per topic cluster: its distinguishing terms, what each source holds, and the mix's share
    against the real corpus's.

    The rule, with ``real_share`` and ``mix_share`` the shares of the real corpus's and of the
    mix's documents in the cluster, checked in this order:

    - ``too few to judge``: neither the mix at the real share (``real_share * len(mix)``) nor
      the mix itself would hold ``min_expected`` documents of the cluster;
    - ``under-covered``: ``mix_share < under * real_share``;
    - ``over-filled``: ``mix_share > over * real_share``;
    - ``balanced`` otherwise.

    Parameters
    ----------
    index : MixIndex
    mix_ids : ndarray of int
        Global ids of the mix's documents (``index.global_ids(mix)``).
    top_terms : int, default=5
        c-TF-IDF terms per cluster (computed once per index over the whole pool's texts, words
        in at least 2 documents, English stop words removed, ``reduce_frequent_words``: words
        every cluster uses often, "went", "took", name none).
    examples : int, default=3
        Texts of the cluster's first examples (:func:`cluster_examples`: nearest its centroid,
        each corpus in turn, real first).
    under, over : float, default=0.5 and 2.0
        Factors of the rule; ``0 < under < 1 < over``.
    min_expected : float, default=5.0
        Documents needed on either side for a judgement.

    Returns
    -------
    DataFrame, one row per cluster, largest real share first, with columns ``cluster, label,
    status, real_n, real_share, mix_n, mix_share, ratio`` (mix share / real share, ``inf``
    when the real corpus has none), ``expected_mix_n``, ``pool_n``, then ``pool_n[name]`` and
    ``pool_share[name]`` (share of the cluster's pool documents) for each corpus in index
    order, and ``examples`` (tuple of texts).
    """
    picked = check_mix_ids(index, mix_ids)
    check_positive(top_terms=top_terms)
    if isinstance(examples, bool) or not isinstance(examples, int | np.integer) or examples < 0:
        raise ValueError(f"examples must be a non-negative integer, got {examples!r}")
    if not 0 < under < 1 < over:
        raise ValueError(f"expected 0 < under < 1 < over, got under={under!r}, over={over!r}")
    if not min_expected >= 0:
        raise ValueError(f"min_expected must be >= 0, got {min_expected!r}")
    k = index.cluster_model.n_clusters
    real = np.bincount(index.clusters[index.real_ids], minlength=k)
    mixed = np.bincount(index.clusters[picked], minlength=k)
    table = pd.DataFrame({"cluster": np.arange(k)})
    terms = cluster_terms(index, top_terms, memo)
    table["label"] = [", ".join(t[:top_terms]) or _NO_TERMS for t in terms]
    table["real_n"], table["real_share"] = real, real / real.sum()
    table["mix_n"], table["mix_share"] = mixed, mixed / len(picked)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["ratio"] = np.where(mixed > 0, table["mix_share"] / table["real_share"], 0.0)
    table["expected_mix_n"] = table["real_share"] * len(picked)
    table.insert(2, "status", _status(table, under, over, min_expected))
    per_corpus = [np.bincount(index.clusters[index.offsets[c] : index.offsets[c + 1]],
                              minlength=k) for c in range(len(index.corpora))]  # fmt: skip
    table["pool_n"] = np.sum(per_corpus, axis=0)
    for part, counts in zip(index.corpora, per_corpus, strict=True):
        table[f"pool_n[{part.name}]"] = counts
    for part, counts in zip(index.corpora, per_corpus, strict=True):
        table[f"pool_share[{part.name}]"] = counts / np.maximum(table["pool_n"], 1)
    found = cluster_examples(index, per_cluster=max(examples, 3), memo=memo)
    by_cluster = found.groupby("cluster")["text"].apply(lambda t: tuple(t)[:examples])
    table["examples"] = [by_cluster.get(c, ()) for c in range(k)]
    return table.sort_values(["real_share", "cluster"], ascending=[False, True], ignore_index=True)


def _status(table: pd.DataFrame, under: float, over: float, min_expected: float) -> np.ndarray:
    mix, real = table["mix_share"], table["real_share"]
    judged = np.maximum(table["expected_mix_n"], table["mix_n"]) >= min_expected
    found: np.ndarray = np.select(
        [~judged, mix < under * real, mix > over * real],
        list(CLUSTER_STATUSES[:3]),
        default=CLUSTER_STATUSES[3],
    ).astype(object)
    return found


def cluster_label(cluster: int, terms: tuple[str, ...]) -> str:
    return f"c{cluster}: " + (", ".join(terms) or _NO_TERMS)


def cluster_terms(index: MixIndex, n: int, memo: Memo) -> tuple[tuple[str, ...], ...]:
    """Top c-TF-IDF terms of each cluster (at least 10 kept: one memo entry serves all pages)."""
    kept = max(n, 10)

    def compute() -> tuple[tuple[str, ...], ...]:
        texts = [t for part in index.corpora for t in part.texts]
        table = ctfidf_top_terms(
            texts, index.clusters, k=kept, min_df=_MIN_DF, reduce_frequent_words=True
        )
        by_cluster = table.groupby("class")["term"].apply(tuple).to_dict()
        return tuple(by_cluster.get(c, ()) for c in range(index.cluster_model.n_clusters))

    return memo.get((index.fingerprint, "cluster_terms", kept), compute)


def cluster_examples(index: MixIndex, *, per_cluster: int = 3, memo: Memo = MEMO) -> pd.DataFrame:
    """Example documents of each topic cluster, from every corpus that has some.

    Each corpus's documents of the cluster are ranked by cosine to the cluster's centroid
    (distinct texts only); the examples take them in turn, real corpus first: the nearest of
    each corpus, then the second nearest of each, and so on, so an over-filled cluster shows
    what the synthetic sources put there next to what the real corpus has.

    Parameters
    ----------
    index : MixIndex
    per_cluster : int, default=3

    Returns
    -------
    DataFrame with columns ``cluster, id, source, role, text``, clusters in order.
    """
    check_positive(per_cluster=per_cluster)
    ids = _example_ids(index, per_cluster, memo)
    cluster = np.repeat(np.arange(len(ids)), [len(i) for i in ids])
    flat = np.concatenate([np.asarray(i, dtype=np.int64) for i in ids])
    corpus = index.source_of(flat)
    return pd.DataFrame({
        "cluster": cluster, "id": flat,
        "source": [index.corpora[c].name for c in corpus],
        "role": [index.corpora[c].role for c in corpus], "text": index.texts(flat),
    })  # fmt: skip


def _example_ids(index: MixIndex, n: int, memo: Memo) -> tuple[tuple[int, ...], ...]:
    """Global ids of each cluster's examples (see :func:`cluster_examples`)."""

    def compute() -> tuple[tuple[int, ...], ...]:
        centroids = index.cluster_model.centroids
        similarity = np.einsum("ij,ij->i", index.unit, centroids[index.clusters])
        out = []
        for c in range(len(centroids)):
            ranked = []
            for j in range(len(index.corpora)):
                members = np.flatnonzero(index.clusters[index.offsets[j] : index.offsets[j + 1]]
                                         == c) + index.offsets[j]  # fmt: skip
                order = members[np.argsort(-similarity[members], kind="stable")]
                _, first = np.unique(index.exact_keys[order], return_index=True)
                ranked.append(order[np.sort(first)][:n].tolist())
            turns = [r[t] for t in range(n) for r in ranked if t < len(r)]
            out.append(tuple(int(g) for g in turns[:n]))
        return tuple(out)

    return memo.get((index.fingerprint, "cluster_examples", n), compute)


def check_mix_ids(index: MixIndex, mix_ids: np.ndarray) -> np.ndarray:
    ids = np.asarray(mix_ids)
    if ids.ndim != 1 or ids.size == 0 or not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(
            f"mix_ids must be a non-empty 1-D array of integer global ids, got shape "
            f"{ids.shape} of {ids.dtype}"
        )
    n = len(index.unit)
    if ids.min() < 0 or ids.max() >= n:
        raise ValueError(f"mix_ids must be global ids in [0, {n}), got {ids.min()}..{ids.max()}")
    return ids


def check_positive(**values: int) -> None:
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
