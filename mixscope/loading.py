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

import math
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from mixscope.corpus import BASE_COLUMNS, DROPPED_COLUMNS, CorpusError
from mixscope.readers import DEFAULT_CHUNK_ROWS, BadRecord, Chunk

if TYPE_CHECKING:
    import datasets

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
    values = [v for v in column.tolist() if _reason(v) is None or _reason(v) == "non-text"]
    texts = [v for v in values if isinstance(v, str) and any(ch.isalpha() for ch in v)]
    if not texts:
        return 0.0, 0.0
    return len(texts) / len(values), sum(map(len, texts)) / len(texts)


def _reason(value: object) -> str | None:
    """Why a text value is unusable, or None if it is a document."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "missing"
    if isinstance(value, str):
        return None if value.strip() else "empty"
    return "non-text"


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
    columns: list[str] = []
    for chunk in chunks:
        n_records += len(chunk.frame) + len(chunk.bad)
        if max_rows is not None and n_records > max_rows:
            raise CorpusError(
                f"{origin} has more than max_rows={max_rows} records; "
                "pass a larger max_rows (or None for no limit) or sample the file"
            )
        dropped.extend(chunk.bad)
        columns += [str(c) for c in chunk.frame.columns if str(c) not in columns]
        if len(chunk.frame) == 0:
            continue
        column = column or detect_text_column(chunk.frame)
        _check_column(column, columns, origin)
        usable, bad = _split(chunk.frame, column)
        kept.append(usable)
        dropped.extend(bad)
    if n_records == 0:
        shown = f" (only a header/schema: columns {columns})" if columns else ""
        raise CorpusError(f"{origin} contains no records{shown}")
    if not kept or sum(len(k) for k in kept) == 0:
        raise CorpusError(f"{origin} has no usable documents: {_drop_summary(dropped, column)}")
    assert column is not None
    documents = _documents(pd.concat(kept), column, infer_numbers=infer_numbers)
    return documents, _dropped_frame(dropped), column


def _check_column(column: str, columns: list[str], origin: str) -> None:
    if column not in columns:
        raise CorpusError(
            f"text column {column!r} not found in {origin}; available columns: {columns}"
        )


def _split(frame: pd.DataFrame, column: str) -> tuple[pd.DataFrame, list[BadRecord]]:
    """Usable rows, and the rest as dropped records (a record without the column is missing)."""
    values = frame[column].tolist() if column in frame.columns else [None] * len(frame)
    reasons = [_reason(v) for v in values]
    bad = [
        BadRecord(int(row), reason, "" if reason == "missing" else str(value)[:80])
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
    stripped = column.astype(str).str.strip()
    try:
        return pd.to_numeric(stripped.mask(stripped == ""))
    except (ValueError, TypeError):
        return column


def _dropped_frame(dropped: list[BadRecord]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [(d.source_row, d.reason, d.value) for d in dropped], columns=list(DROPPED_COLUMNS)
    )
    frame["source_row"] = frame["source_row"].astype("int64")
    return frame.sort_values("source_row", kind="stable").reset_index(drop=True)


# --- Hugging Face datasets -----------------------------------------------------------------


def open_hf_dataset(
    name_or_path: str, *, split: str = "train", config: str | None = None, offline: bool = True
) -> datasets.Dataset:
    """One split of a Hugging Face dataset: a ``save_to_disk`` folder, a data-files folder, or
    a Hub name (from the local cache unless ``offline=False``)."""
    import datasets

    path = Path(name_or_path)
    local = path.exists()
    try:
        with _hub_mode(offline=offline):
            if local and _is_saved_dataset(path):
                loaded = datasets.load_from_disk(str(path))
            else:
                loaded = datasets.load_dataset(name_or_path, config, split=split)
    except (ConnectionError, FileNotFoundError) as err:
        if offline and not local:
            raise CorpusError(
                f"Hugging Face dataset {name_or_path!r} is not available offline (not in the "
                "local cache); pass offline=False to download it from the Hub, or a local path"
            ) from None
        raise CorpusError(f"could not load {name_or_path!r}: {_first_line(err)}") from None
    except Exception as err:  # datasets raises many types; show the message, not a traceback
        raise CorpusError(f"could not load {name_or_path!r}: {_first_line(err)}") from None
    if isinstance(loaded, datasets.DatasetDict):
        if split not in loaded:
            raise CorpusError(f"split {split!r} not in {name_or_path!r}; found {list(loaded)}")
        loaded = loaded[split]
    assert isinstance(loaded, datasets.Dataset)
    return loaded


def iter_hf_chunks(
    dataset: datasets.Dataset, *, chunk_rows: int = DEFAULT_CHUNK_ROWS
) -> Iterator[Chunk]:
    """A Hugging Face ``Dataset`` as reader chunks (Arrow batches converted one at a time)."""
    start = 0
    for frame in dataset.to_pandas(batch_size=chunk_rows, batched=True):
        frame.index = pd.RangeIndex(start, start + len(frame))
        start += len(frame)
        yield Chunk(frame)
    if start == 0:
        yield Chunk(pd.DataFrame(columns=dataset.column_names))


def _is_saved_dataset(path: Path) -> bool:
    markers = ("dataset_info.json", "state.json", "dataset_dict.json")
    return path.is_dir() and any((path / m).exists() for m in markers)


@contextmanager
def _hub_mode(*, offline: bool) -> Iterator[None]:
    """Force Hub offline mode on or off for one call (both libraries read it at import time)."""
    import datasets.config
    import huggingface_hub.constants

    modules: list[Any] = [datasets.config, huggingface_hub.constants]
    saved = [m.HF_HUB_OFFLINE for m in modules]
    for m in modules:
        m.HF_HUB_OFFLINE = offline
    try:
        yield
    finally:
        for m, value in zip(modules, saved, strict=True):
            m.HF_HUB_OFFLINE = value


def _first_line(err: BaseException) -> str:
    lines = str(err).strip().splitlines()
    return f"{type(err).__name__}: {lines[0] if lines else ''}"
