"""Duplication in the mix: the share of documents a deduplication would drop, per kind.

Each rate is the (bootstrap-weighted) mean of one flag per document from
:mod:`mixscope.metrics.duplication`, over the index's precomputed keys and pairs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from mixscope.evaluation.index import MixIndex
from mixscope.evaluation.measures.base import Options, Reference
from mixscope.evaluation.metric import TO_CALIBRATE, Metric
from mixscope.metrics.duplication import (
    cross_source_flags,
    exact_duplicate_flags,
    near_duplicate_of,
)
from mixscope.metrics.stats import weighted_mean

__all__ = ["METRICS", "pairs_within"]


def pairs_within(ix: MixIndex, pairs: np.ndarray, ids: np.ndarray) -> pd.DataFrame:
    """Global-id pairs with both ends in ``ids``, renumbered as positions in ``ids`` (i < j)."""
    rows = np.full(len(ix.unit), -1, dtype=np.int64)
    rows[ids] = np.arange(len(ids))
    i, j = rows[pairs[:, 0]], rows[pairs[:, 1]]
    keep = (i >= 0) & (j >= 0)
    i, j = i[keep], j[keep]
    return pd.DataFrame({"i": np.minimum(i, j), "j": np.maximum(i, j)})


def exact_flags(ix: MixIndex, ids: np.ndarray) -> np.ndarray:
    """True for each document of ``ids`` repeating an earlier one exactly."""
    return exact_duplicate_flags(ix.exact_keys[ids])


def near_flags(ix: MixIndex, pairs: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """True for each document of ``ids`` a deduplication over ``pairs`` would drop."""
    return near_duplicate_of(len(ids), pairs_within(ix, pairs, ids)) >= 0


def cross_flags(ix: MixIndex, ids: np.ndarray) -> np.ndarray:
    """True for each document of ``ids`` with a lexical near-duplicate from another corpus."""
    return cross_source_flags(pairs_within(ix, ix.near_pairs, ids), ix.source_of(ids))


def _exact_duplicate_rate(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    return weighted_mean(W, exact_flags(ix, ids))


def _near_duplicate_rate(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    return weighted_mean(W, near_flags(ix, ix.near_pairs, ids))


def _semantic_duplicate_rate(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    return weighted_mean(W, near_flags(ix, ix.semantic_pairs, ids))


def _cross_source_duplicate_rate(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    return weighted_mean(W, cross_flags(ix, ids))


_DUP: dict[str, Any] = {"group": "duplication", "goal": "lower", "unit": "share of documents"}
_DUP |= {"resampling": "bootstrap", "threshold_source": TO_CALIBRATE}
_MINHASH = ("num_perm", "shingle_size", "jaccard_threshold")

METRICS: tuple[Metric, ...] = (
    Metric(
        name="exact_duplicate_rate",
        label="Exact duplicates",
        why="Repeated documents waste training and encourage memorisation.",
        warn=0.01, fail=0.05,
        description="Share of documents that repeat an earlier one after normalisation",
        reference="Lee et al. (2022), Deduplicating Training Data Makes LMs Better, ACL",
        function=_exact_duplicate_rate, stream=5, **_DUP,
    ),
    Metric(
        name="near_duplicate_rate",
        label="Near duplicates",
        why="Almost identical documents act as repeats: memorisation and wasted training.",
        warn=0.03, fail=0.1,
        description="Share a MinHash near-duplicate removal would drop (5-word shingles)",
        reference="Broder (1997), On the resemblance and containment of documents",
        function=_near_duplicate_rate, uses=_MINHASH, stream=6, **_DUP,
    ),
    Metric(
        name="semantic_duplicate_rate",
        reads_embeddings=True,
        label="Same meaning, other words",
        why="Documents restating each other add little and weigh their content twice.",
        warn=0.05, fail=0.15,
        description="Share an embedding-cosine duplicate removal would drop",
        reference="Abbas et al. (2023), SemDeDup",
        function=_semantic_duplicate_rate,
        uses=("semantic_threshold", "semantic_k", "approximate_search"), stream=7, **_DUP,
    ),
    Metric(
        name="cross_source_duplicate_rate",
        label="Copies across sources",
        why="Text copied between sources (synthetic from real) double-counts and leaks data.",
        warn=0.01, fail=0.05,
        description="Share of documents near-duplicating a document of another corpus",
        reference="Broder (1997); Lee et al. (2022)",
        function=_cross_source_duplicate_rate, uses=_MINHASH, stream=8, **_DUP,
    ),
)  # fmt: skip
