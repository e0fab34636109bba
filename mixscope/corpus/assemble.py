"""From reader chunks to a corpus's frames: pick the text column, sort usable from dropped rows.

Rules, shared by every format:

* The text column is ``text_column`` if given, else :func:`detect_text_column`.
* A record is dropped as ``"missing"`` (null/NaN text), ``"empty"`` (blank or whitespace-only)
  or ``"non-text"`` (a number, bool, list or dict: a JSON ``3`` in the text column is not a
  document). CSV/TSV have no types, so a purely numeric cell such as ``"42"`` is kept as text.
* Every other column is kept as metadata. A metadata column called ``text`` or ``source_row``
  is renamed ``meta_text`` / ``meta_source_row`` so it cannot collide with the base columns.
* CSV/TSV metadata columns whose non-blank cells are all numbers become numeric (blank -> NaN);
  other cells stay exact strings.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from mixscope.corpus.corpus import BASE_COLUMNS, DROPPED_COLUMNS, CorpusError
from mixscope.corpus.detect import detect_text_column, unusable_reason
from mixscope.corpus.limits import too_many_rows
from mixscope.corpus.records import BadRecord, Chunk, preview


def assemble(
    chunks: Iterable[Chunk],
    *,
    text_column: str | None = None,
    origin: str = "input",
    max_rows: int | None = None,
    infer_numbers: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """Turn reader chunks into ``(documents, dropped, text_column)`` for a :class:`Corpus`.

    Raises :class:`CorpusError` for a missing ``text_column``, more than ``max_rows`` records,
    no records at all, or no usable documents (with the drop counts).
    """
    kept: list[pd.DataFrame] = []
    dropped: list[BadRecord] = []
    column, n_records = text_column, 0
    columns: dict[str, None] = {}  # every column seen, in order (a dict: linear in the width)
    for chunk in chunks:
        n_records += len(chunk.frame) + len(chunk.bad)
        if max_rows is not None and n_records > max_rows:
            raise too_many_rows(origin, max_rows)
        dropped.extend(chunk.bad)
        columns.update(dict.fromkeys(str(c) for c in chunk.frame.columns))
        if len(chunk.frame) == 0:
            continue
        column = column or detect_text_column(chunk.frame)
        _check_column(column, columns, origin)
        usable, bad = _split(chunk.frame, column)
        kept.append(usable)
        dropped.extend(bad)
    if n_records == 0:
        shown = f" (only a header/schema: columns {list(columns)})" if columns else ""
        raise CorpusError(f"{origin} contains no records{shown}")
    if not kept or sum(len(k) for k in kept) == 0:
        raise CorpusError(f"{origin} has no usable documents: {_drop_summary(dropped, column)}")
    assert column is not None
    documents = _documents(pd.concat(kept), column, infer_numbers=infer_numbers)
    return documents, _dropped_frame(dropped), column


def _check_column(column: str, columns: dict[str, None], origin: str) -> None:
    if column not in columns:
        raise CorpusError(
            f"text column {column!r} not found in {origin}; available columns: {list(columns)}"
        )


def _split(frame: pd.DataFrame, column: str) -> tuple[pd.DataFrame, list[BadRecord]]:
    """Usable rows, and the rest as dropped records (a record without the column is missing)."""
    values = frame[column].tolist() if column in frame.columns else [None] * len(frame)
    reasons = [unusable_reason(v) for v in values]
    bad = [
        BadRecord(int(row), reason, "" if reason == "missing" else preview(value))
        for row, value, reason in zip(frame.index, values, reasons, strict=True)
        if reason is not None
    ]
    return frame[[r is None for r in reasons]], bad


def _drop_summary(dropped: list[BadRecord], column: str | None) -> str:
    counts = pd.Series([d.reason for d in dropped], dtype=object).value_counts().to_dict()
    where = f" (text column {column!r})" if column else ""
    return f"all {len(dropped)} records were dropped{where}: {counts}"


def _documents(frame: pd.DataFrame, column: str, *, infer_numbers: bool) -> pd.DataFrame:
    meta = frame.drop(columns=[column])
    renames = {}
    for name in BASE_COLUMNS:
        if name in meta.columns:
            new = f"meta_{name}"
            while new in meta.columns:
                new = f"meta_{new}"
            renames[name] = new
    meta = meta.rename(columns=renames)
    if infer_numbers:
        meta = meta.apply(_numeric_or_same)
    documents = pd.concat(
        [pd.DataFrame({"source_row": frame.index.astype("int64"), "text": frame[column]}), meta],
        axis=1,
    )
    return documents.reset_index(drop=True)


def _numeric_or_same(column: pd.Series) -> pd.Series:
    """A column of numbers (blank cells allowed) as numbers; anything else unchanged."""
    if column.dtype.kind in "iufb":
        return column
    first = next((v for v in column if isinstance(v, str) and v.strip()), None)
    if first is not None and not _is_number(first):  # fast: most text columns fail at once
        return column
    stripped = column.astype(str).str.strip()
    try:
        return pd.to_numeric(stripped.mask(stripped == ""))
    except (ValueError, TypeError):
        return column


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _dropped_frame(dropped: list[BadRecord]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [(d.source_row, d.reason, d.value) for d in dropped], columns=list(DROPPED_COLUMNS)
    )
    frame["source_row"] = frame["source_row"].astype("int64")
    return frame.sort_values("source_row", kind="stable").reset_index(drop=True)
