"""A corpus summarised in plain JSON-friendly types, for ``mixscope inspect`` and the app."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from mixscope.corpus.corpus import Corpus


def describe(corpus: Corpus) -> dict[str, Any]:
    """Summary of a corpus for ``mixscope inspect`` and the app (plain JSON-friendly types).

    Returns
    -------
    dict
        name, role, format, origin, content_hash, n_documents, n_dropped, dropped_by_reason,
        text_column, columns, metadata_columns, and ``chars`` / ``words``: length statistics
        (mean, median, min, max, p95) of the normalised texts, ``None`` for an empty corpus.
    """
    reasons = corpus.dropped["reason"].value_counts() if len(corpus.dropped) else pd.Series()
    return {
        "name": corpus.name,
        "role": corpus.role,
        "format": corpus.format,
        "origin": corpus.origin,
        "content_hash": corpus.content_hash,
        "n_documents": len(corpus),
        "n_dropped": len(corpus.dropped),
        "dropped_by_reason": {str(k): int(v) for k, v in reasons.items()},
        "text_column": corpus.text_column,
        "columns": [str(c) for c in corpus.documents.columns],
        "metadata_columns": [str(c) for c in corpus.metadata_columns],
        "chars": _length_stats([len(t) for t in corpus.texts]),
        "words": _length_stats([len(t.split()) for t in corpus.texts]),
    }


def _length_stats(lengths: list[int]) -> dict[str, float | None]:
    keys = ("mean", "median", "min", "max", "p95")
    if not lengths:
        return dict.fromkeys(keys)
    a = np.asarray(lengths, dtype=float)
    values = (a.mean(), np.median(a), a.min(), a.max(), np.percentile(a, 95))
    return {k: float(v) for k, v in zip(keys, values, strict=True)}
