"""Which column of a table holds the documents, and why a value cannot be a document."""

from __future__ import annotations

import math

import pandas as pd

from mixscope.corpus.corpus import CorpusError

#: Column names taken as the text column, in order of preference (matched case-insensitively).
PREFERRED_TEXT_COLUMNS = (
    "text",
    "content",
    "document",
    "body",
    "sentence",
    "review",
    "response",
    "completion",
    "output",
    "prompt",
)
_DETECT_ROWS = 1000


def detect_text_column(frame: pd.DataFrame) -> str:
    """Guess which column holds the documents.

    Only columns where at least half the non-blank values are strings containing a letter
    qualify (ids, numbers and flags do not). Among them a common name
    (:data:`PREFERRED_TEXT_COLUMNS`) wins, else the column with the longest mean length.
    The first 1000 rows are looked at.

    Examples
    --------
    >>> detect_text_column(pd.DataFrame({"id": ["a1", "b2"], "review": ["Great", "Bad"]}))
    'review'
    >>> detect_text_column(pd.DataFrame({"title": ["Hi"], "story": ["Once upon a time"]}))
    'story'
    """
    if len(frame.columns) == 1:
        return str(frame.columns[0])
    sample = frame.head(_DETECT_ROWS)
    stats = {str(c): _text_stats(sample[c]) for c in sample.columns}
    preferred = {c.lower(): c for c, (share, _) in reversed(stats.items()) if share > 0}
    for name in PREFERRED_TEXT_COLUMNS:
        if name in preferred:
            return preferred[name]
    candidates = {c: length for c, (share, length) in stats.items() if share >= 0.5}
    if not candidates:
        found = (
            ", ".join(f"{c} ({stats[str(c)][0]:.0%} text)" for c in frame.columns) or "no columns"
        )
        raise CorpusError(
            "no text column: expected a column whose values are mostly strings with letters, "
            f"found {found}; name the column to use (text_column= / --text-column)"
        )
    return max(candidates, key=lambda c: candidates[c])


def _text_stats(column: pd.Series) -> tuple[float, float]:
    """Share of the non-blank values that are strings with a letter, and their mean length."""
    values = [
        v for v in column.tolist() if unusable_reason(v) is None or unusable_reason(v) == "non-text"
    ]
    texts = [v for v in values if isinstance(v, str) and any(ch.isalpha() for ch in v)]
    if not texts:
        return 0.0, 0.0
    return len(texts) / len(values), sum(map(len, texts)) / len(texts)


def unusable_reason(value: object) -> str | None:
    """Why a text value is unusable (``"missing"``, ``"empty"``, ``"non-text"``), or None if it is
    a document."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "missing"
    if isinstance(value, str):
        return None if value.strip() else "empty"
    return "non-text"
