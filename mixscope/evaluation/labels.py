"""A categorical metadata column of every indexed document, as integer codes (for label_tvd).

Values are read from the corpora's ``documents`` at evaluation time (the index stores texts, not
metadata). They are compared as text, so ``1`` in one file and ``"1"`` in another are one
category (a column of whole numbers that pandas read as floats because of gaps counts ``1.0`` as
``1``). Missing values, and every document of a synthetic corpus without the column, fall in
the category :data:`MISSING`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import xxhash

from mixscope.evaluation.index import MixIndex
from mixscope.mixing import Mix

__all__ = ["MISSING", "Labels", "document_labels"]

MISSING = "(missing)"


@dataclass(frozen=True)
class Labels:
    """Category code of every global id of an index, for one metadata column.

    Equal labels compare (and hash) equal through ``digest``, so evaluation options holding
    them can key the index's memo of noise floors.
    """

    column: str
    categories: tuple[str, ...]
    digest: str  # xxh3-64 of the codes
    codes: np.ndarray = field(compare=False, repr=False)  # int64 (N,) into categories
    lacking: tuple[str, ...] = ()  # synthetic corpora without the column


def document_labels(mix: Mix, index: MixIndex, column: str) -> Labels:
    """Codes of ``column`` for every document of ``index``, read from the corpora of ``mix``.

    Parameters
    ----------
    mix : Mix
        Its corpora supply the metadata; an indexed corpus the mix does not use gets
        :data:`MISSING` (none of its documents is picked).
    index : MixIndex
    column : str
        A metadata column of the real corpus.

    Returns
    -------
    Labels

    Raises
    ------
    ValueError
        The real corpus is not in the mix, or lacks ``column``.
    """
    by_name = {c.name: c for c in mix.corpora}
    real = by_name.get(index.corpora[0].name)
    if real is None:
        raise ValueError(
            f"the mix does not use the indexed real corpus {index.corpora[0].name!r}; "
            f"mix corpora: {sorted(by_name)}"
        )
    if column not in real.metadata_columns:
        raise ValueError(
            f"label column {column!r} is not a metadata column of the real corpus "
            f"{real.name!r}; available: {real.metadata_columns}"
        )
    parts, lacking = [], []
    for part in index.corpora:
        corpus = by_name.get(part.name)
        if corpus is not None and column in corpus.metadata_columns:
            parts.append(_as_text(corpus.documents[column]))
            continue
        parts.append(np.full(len(part), MISSING, dtype=object))
        if corpus is not None:
            lacking.append(part.name)
    codes, categories = pd.factorize(np.concatenate(parts), sort=True)
    codes = codes.astype(np.int64)
    return Labels(
        column=column,
        categories=tuple(str(c) for c in categories),
        digest=xxhash.xxh3_64_hexdigest(codes.tobytes()),
        codes=codes,
        lacking=tuple(lacking),
    )


def _as_text(values: pd.Series) -> np.ndarray:
    """Values as str, :data:`MISSING` where missing; whole floats without their ``.0``."""
    present = values.dropna()
    if pd.api.types.is_float_dtype(values) and bool((present % 1 == 0).all()):
        values = values.astype("Int64")
    out: np.ndarray = np.where(values.isna(), MISSING, values.astype(str)).astype(object)
    return out
