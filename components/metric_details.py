"""Tables behind the metric pages, sliced from the index and the evaluation of the current mix.

Only index operations and calls into the core: the per-corpus work was done by ``build_index``.
Texts are the normalised texts the metrics saw.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from components.metric_session import Evaluated
from mixscope import plots
from mixscope.metrics.bias import sentiment_by_group
from mixscope.metrics.duplication import duplicate_clusters
from mixscope.metrics.measures import pairs_within

#: Duplicate kinds the Duplicates page offers -> the index's pair array holding them.
DUPLICATE_KINDS = {
    "lexical (MinHash, includes exact copies)": "near_pairs",
    "semantic (embedding cosine)": "semantic_pairs",
}


def clusters(current: Evaluated) -> pd.DataFrame:
    """:func:`mixscope.plots.cluster_table` of the real corpus against the mix."""
    index = current.index
    return plots.cluster_table(
        index.clusters[index.real_ids],
        current.evaluation.documents["cluster"].to_numpy(),
        n_clusters=index.cluster_model.n_clusters,
    )


def duplicate_members(current: Evaluated, kind: str) -> pd.DataFrame:
    """Members of the mix's duplicate clusters of one kind (a key of :data:`DUPLICATE_KINDS`).

    Columns ``cluster, size, source, role, source_row, text``; clusters numbered by their first
    member in mix order.
    """
    index = current.index
    pairs = pairs_within(index, getattr(index, DUPLICATE_KINDS[kind]), current.ids)
    members = duplicate_clusters(len(current.ids), pairs)
    rows = members["member"].to_numpy()
    docs = current.evaluation.documents.iloc[rows]
    return pd.DataFrame(
        {
            "cluster": members["cluster"].to_numpy(),
            "size": members.groupby("cluster")["member"].transform("size").to_numpy(),
            "source": docs["source"].to_numpy(),
            "role": docs["role"].to_numpy(),
            "source_row": docs["source_row"].to_numpy(),
            "text": index.texts(current.ids[rows]),
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


def copies_of_real(current: Evaluated) -> pd.DataFrame:
    """Synthetic documents of the mix that near-duplicate (MinHash) a real document.

    The real document may be anywhere in the real corpus (``real_in_mix`` says whether it was
    also drawn): a synthetic copy of real text is contamination either way.
    """
    index = current.index
    pairs = index.near_pairs
    synthetic = np.zeros(len(index.unit), dtype=bool)
    synthetic[current.ids[index.is_synthetic(current.ids)]] = True
    real = np.zeros(len(index.unit), dtype=bool)
    real[index.real_ids] = True
    forward = synthetic[pairs[:, 0]] & real[pairs[:, 1]]
    backward = synthetic[pairs[:, 1]] & real[pairs[:, 0]]
    copy = np.concatenate([pairs[forward, 0], pairs[backward, 1]])
    original = np.concatenate([pairs[forward, 1], pairs[backward, 0]])
    real_rows = current.mix.corpora[0].documents["source_row"].to_numpy()
    return pd.DataFrame(
        {
            "synthetic source": [index.corpora[c].name for c in index.source_of(copy)],
            "synthetic row": [_source_row(current, int(g)) for g in copy],
            "synthetic text": index.texts(copy),
            "real row": real_rows[original - index.offsets[0]],
            "real text": index.texts(original),
            "real_in_mix": np.isin(original, current.ids),
        }
    )


def _source_row(current: Evaluated, g: int) -> int:
    index = current.index
    c = int(index.source_of(np.array([g]))[0])
    corpus = next(k for k in current.mix.corpora if k.name == index.corpora[c].name)
    return int(corpus.documents["source_row"].iloc[g - int(index.offsets[c])])


def nearest_real(current: Evaluated) -> pd.DataFrame:
    """``similarity`` to the nearest other real document and ``group`` (role) per mixed doc."""
    docs = current.evaluation.documents
    return pd.DataFrame({"similarity": docs["nearest_real_similarity"], "group": docs["role"]})


def most_real_like(current: Evaluated, n: int = 10) -> pd.DataFrame:
    """The ``n`` synthetic documents of the mix closest to a real one (possible copies)."""
    docs = current.evaluation.documents
    synthetic = docs.index[docs["role"] == "synthetic"].to_numpy()
    top = synthetic[np.argsort(-docs["nearest_real_similarity"].to_numpy()[synthetic])][:n]
    return pd.DataFrame(
        {
            "nearest_real_similarity": docs["nearest_real_similarity"].to_numpy()[top],
            "source": docs["source"].to_numpy()[top],
            "source_row": docs["source_row"].to_numpy()[top],
            "text": current.index.texts(current.ids[top]),
        }
    )


def mentions(current: Evaluated) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Group mentions (bool, ``axis:group`` columns) of the mix and of the real corpus."""
    index = current.index
    columns = list(index.group_columns)
    return (
        pd.DataFrame(index.mentions[current.ids], columns=columns),
        pd.DataFrame(index.mentions[index.real_ids], columns=columns),
    )


def sentiment(current: Evaluated, *, min_docs: int) -> pd.DataFrame:
    """:func:`mixscope.plots.sentiment_table` of the real corpus against the mix."""
    index = current.index
    mix_mentions, real_mentions = mentions(current)
    real = sentiment_by_group(index.sentiment[index.real_ids], real_mentions)
    mixed = sentiment_by_group(index.sentiment[current.ids], mix_mentions)
    return plots.sentiment_table(real, mixed, min_docs=min_docs)


def axis_scores(current: Evaluated, axis: str) -> tuple[np.ndarray, np.ndarray]:
    """Scores on ``axis`` of the real corpus and of the mix (the index must have the axis)."""
    scores = current.index.axis_scores[axis]
    return scores[current.index.real_ids], scores[current.ids]
