"""Tables the Duplicates and Fidelity pages show: duplicate clusters, copies of real documents,
and how similar each document is to its nearest neighbour."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mixscope.evaluation.index import MixIndex
from mixscope.evaluation.measures.duplication import pairs_within
from mixscope.metrics.duplication import duplicate_clusters
from mixscope.metrics.neighbors import nearest_neighbor_similarity
from mixscope.mixing import Mix

__all__ = [
    "DUPLICATE_KINDS",
    "copies_of_real",
    "duplicate_members",
    "duplicate_summary",
    "most_real_like",
    "nearest_real_table",
    "neighbor_similarity",
]

#: Duplicate kinds the Duplicates page offers -> the index's pair array holding them.
DUPLICATE_KINDS = {
    "lexical (MinHash, includes exact copies)": "near_pairs",
    "semantic (embedding cosine)": "semantic_pairs",
}


def duplicate_members(
    index: MixIndex, ids: np.ndarray, documents: pd.DataFrame, kind: str
) -> pd.DataFrame:
    """Members of the mix's duplicate clusters of one kind (a key of :data:`DUPLICATE_KINDS`).

    ``documents`` is the evaluation's per-document frame (its ``source``, ``role`` and
    ``source_row`` columns). Returns columns ``cluster, size, source, role, source_row, text``;
    clusters numbered by their first member in mix order; texts are the normalised texts.
    """
    if kind not in DUPLICATE_KINDS:
        raise ValueError(
            f"unknown duplicate kind {kind!r}; expected one of {list(DUPLICATE_KINDS)}"
        )
    pairs = pairs_within(index, getattr(index, DUPLICATE_KINDS[kind]), ids)
    members = duplicate_clusters(len(ids), pairs)
    rows = members["member"].to_numpy()
    docs = documents.iloc[rows]
    return pd.DataFrame(
        {
            "cluster": members["cluster"].to_numpy(),
            "size": members.groupby("cluster")["member"].transform("size").to_numpy(),
            "source": docs["source"].to_numpy(),
            "role": docs["role"].to_numpy(),
            "source_row": docs["source_row"].to_numpy(),
            "text": index.texts(ids[rows]),
        }
    )


def duplicate_summary(members: pd.DataFrame) -> pd.DataFrame:
    """One row per duplicate cluster: size, the sources it spans and its first text."""
    grouped = members.groupby("cluster", sort=True)
    return pd.DataFrame(
        {
            "cluster": list(grouped.groups),
            "size": grouped["size"].first().to_numpy(),
            "sources": grouped["source"].agg(lambda s: ", ".join(dict.fromkeys(s))).to_numpy(),
            "first text": grouped["text"].first().to_numpy(),
        }
    )


def copies_of_real(mix: Mix, index: MixIndex, ids: np.ndarray) -> pd.DataFrame:
    """Synthetic documents of the mix that near-duplicate (MinHash) a real document.

    The real document may be anywhere in the real corpus (``real_in_mix`` says whether it was
    also drawn): a synthetic copy of real text is contamination either way.
    """
    pairs = index.near_pairs
    synthetic = np.zeros(len(index.unit), dtype=bool)
    synthetic[ids[index.is_synthetic(ids)]] = True
    real = np.zeros(len(index.unit), dtype=bool)
    real[index.real_ids] = True
    forward = synthetic[pairs[:, 0]] & real[pairs[:, 1]]
    backward = synthetic[pairs[:, 1]] & real[pairs[:, 0]]
    copy = np.concatenate([pairs[forward, 0], pairs[backward, 1]])
    original = np.concatenate([pairs[forward, 1], pairs[backward, 0]])
    rows = {c.name: c.documents["source_row"].to_numpy() for c in mix.corpora}
    source = index.source_of(copy)
    return pd.DataFrame(
        {
            "synthetic source": [index.corpora[c].name for c in source],
            "synthetic row": [
                int(rows[index.corpora[c].name][g - index.offsets[c]])
                for c, g in zip(source, copy, strict=True)
            ],
            "synthetic text": index.texts(copy),
            "real row": rows[index.corpora[0].name][original - index.offsets[0]],
            "real text": index.texts(original),
            "real_in_mix": np.isin(original, ids),
        }
    )


def nearest_real_table(documents: pd.DataFrame) -> pd.DataFrame:
    """``similarity`` to the nearest other real document and ``group`` (role) per mixed doc."""
    return pd.DataFrame(
        {"similarity": documents["nearest_real_similarity"], "group": documents["role"]}
    )


def most_real_like(
    index: MixIndex, ids: np.ndarray, documents: pd.DataFrame, n: int = 10
) -> pd.DataFrame:
    """The ``n`` synthetic documents of the mix closest to a real one (possible copies)."""
    synthetic = documents.index[documents["role"] == "synthetic"].to_numpy()
    similarity = documents["nearest_real_similarity"].to_numpy()
    top = synthetic[np.argsort(-similarity[synthetic])][:n]
    return pd.DataFrame(
        {
            "nearest_real_similarity": similarity[top],
            "source": documents["source"].to_numpy()[top],
            "source_row": documents["source_row"].to_numpy()[top],
            "text": index.texts(ids[top]),
        }
    )


def neighbor_similarity(index: MixIndex, ids: np.ndarray) -> np.ndarray:
    """Cosine of each mixed document to its most similar *other* document of the mix (NaN when
    the mix has a single document)."""
    unit = index.unit[ids]
    if len(unit) < 2:  # no other document to be similar to
        return np.full(len(unit), np.nan)
    return nearest_neighbor_similarity(unit, unit, exclude_self=True)[0]
