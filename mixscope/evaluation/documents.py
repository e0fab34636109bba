"""Per-document findings of a mix, as columns next to its picks (cleanlab's issue columns)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mixscope.evaluation.index import MixIndex
from mixscope.evaluation.measures.duplication import (
    cross_flags,
    exact_flags,
    pairs_within,
)
from mixscope.metrics.duplication import near_duplicate_of
from mixscope.mixing import Mix

__all__ = ["document_columns"]


def document_columns(mix: Mix, index: MixIndex, ids: np.ndarray | None = None) -> pd.DataFrame:
    """Per-document findings, row ``i`` = ``mix.picks`` row ``i``.

    Columns: ``source, role, source_row`` (from the picks), ``is_exact_duplicate`` (repeats an
    earlier document of the mix), ``near_duplicate_of`` / ``semantic_duplicate_of`` (row of the
    first member of its MinHash / embedding duplicate cluster in the mix, -1 if none or if it is
    that first member), ``cross_source_duplicate``, ``nearest_real_similarity`` (cosine to the
    nearest *other* real document), ``cluster`` (real-corpus topic cluster), ``groups``
    (``;``-joined ``axis:group`` mentions), ``sentiment`` (VADER compound), ``n_words``.
    """
    g = index.global_ids(mix) if ids is None else ids
    near = pairs_within(index, index.near_pairs, g)
    semantic = pairs_within(index, index.semantic_pairs, g)
    frame = mix.picks[["source", "role", "source_row"]].reset_index(drop=True).copy()
    frame["is_exact_duplicate"] = exact_flags(index, g)
    frame["near_duplicate_of"] = near_duplicate_of(len(g), near)
    frame["semantic_duplicate_of"] = near_duplicate_of(len(g), semantic)
    frame["cross_source_duplicate"] = cross_flags(index, g)
    frame["nearest_real_similarity"] = index.nearest_real[g]
    frame["cluster"] = index.clusters[g]
    frame["groups"] = pd.Series(index.group_labels[g], dtype="string")
    frame["sentiment"] = index.sentiment[g]
    frame["n_words"] = index.lengths[g]
    return frame
