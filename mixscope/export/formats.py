"""Write a mix as CSV, Parquet or JSONL, chunk by chunk, and say exactly what was written.

Every format holds the text exactly as loaded. Only a CSV meant for spreadsheets changes it
(``escape_formulas``, usually with ``bom``); :class:`Written` records that, the rows, the
columns and the SHA-256 of the bytes, which is what a manifest needs to check a reproduction.
"""

from __future__ import annotations

import hashlib
import io
import json
import math
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from mixscope.export.chunks import CHUNK_ROWS, document_chunks
from mixscope.export.parquet import write_parquet_chunks
from mixscope.export.writers import write_csv_chunks
from mixscope.mixing import Mix

__all__ = ["OUTPUT_FORMATS", "Written", "file_sha256", "mix_bytes", "output_format", "write_mix"]

#: Formats a mix can be written in; a file's extension names one.
OUTPUT_FORMATS = ("csv", "parquet", "jsonl")
# Line breaks for str.splitlines() that JSON leaves raw: escaped so a line is a record for
# every reader.
_JSONL_ESCAPES = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


@dataclass(frozen=True)
class Written:
    """What a writer wrote.

    Attributes
    ----------
    format : {"csv", "parquet", "jsonl"}
    n_rows : int
    columns : tuple of str
        Column names as in the mix (before any escaping).
    sha256 : str
        Hex digest of the bytes written.
    escape_formulas : bool
        CSV only: formula-like cells were prefixed with ``'``.
    escaped_cells : int
        Cells and column names escaped.
    bom : bool
        CSV only: the file starts with a UTF-8 byte-order mark.
    findings : bool
        The per-document findings columns were written too.
    stringified : tuple of str
        Parquet only: columns written as strings because their values had no common type.
    chunk_rows : int
        Documents written at a time: a Parquet file's row groups, so its bytes, depend on it.
    """

    format: str
    n_rows: int
    columns: tuple[str, ...]
    sha256: str
    escape_formulas: bool = False
    escaped_cells: int = 0
    bom: bool = False
    findings: bool = False
    stringified: tuple[str, ...] = ()
    chunk_rows: int = CHUNK_ROWS


def output_format(path: str | os.PathLike[str], format: str | None = None) -> str:
    """``format`` if given (checked), else the one ``path``'s extension names.

    Examples
    --------
    >>> output_format("out/mix.Parquet"), output_format("mix.txt", "jsonl")
    ('parquet', 'jsonl')
    """
    if format is not None:
        if format not in OUTPUT_FORMATS:
            raise ValueError(f"output format must be one of {OUTPUT_FORMATS}, got {format!r}")
        return format
    suffix = Path(path).suffix.lower().removeprefix(".")
    if suffix not in OUTPUT_FORMATS:
        raise ValueError(
            f"cannot tell the output format of {str(path)!r} from its extension: name it "
            f".csv, .parquet or .jsonl, or give the format ({', '.join(OUTPUT_FORMATS)})"
        )
    return suffix


def write_mix(
    mix: Mix,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    escape_formulas: bool = False,
    bom: bool = False,
    findings: pd.DataFrame | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> Written:
    """Write ``mix.documents()`` (and ``findings`` columns) to ``path``, chunk by chunk.

    The file appears whole or not at all: it is written next to ``path`` under a temporary
    name and renamed when complete.

    Parameters
    ----------
    mix : Mix
    path : path
    format : {"csv", "parquet", "jsonl"}, optional
        Default: from the extension of ``path`` (:func:`output_format`).
    escape_formulas : bool, default=False
        CSV only: escape formula-like cells for spreadsheets
        (:func:`~mixscope.export.writers.escape_formula_cells`). This changes the text.
    bom : bool, default=False
        CSV only: start with a UTF-8 byte-order mark (Excel then reads the file as UTF-8).
    findings : DataFrame, optional
        One row per document (:func:`~mixscope.export.chunks.findings_frame`), appended.
    chunk_rows : int, default=CHUNK_ROWS
        Documents held at a time (one Parquet row group each).

    Returns
    -------
    Written
    """
    target = Path(path)
    fmt = output_format(target, format)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        with partial.open("wb") as handle:
            written = _write(mix, handle, fmt, escape_formulas, bom, findings, chunk_rows)
        digest = file_sha256(partial)
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return _with_digest(written, digest)


def mix_bytes(
    mix: Mix,
    *,
    format: str = "csv",
    escape_formulas: bool = False,
    bom: bool = False,
    findings: pd.DataFrame | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> tuple[bytes, Written]:
    """:func:`write_mix` into memory: the file's bytes and what was written."""
    buffer = io.BytesIO()
    fmt = output_format("", format)
    written = _write(mix, buffer, fmt, escape_formulas, bom, findings, chunk_rows)
    content = buffer.getvalue()
    return content, _with_digest(written, hashlib.sha256(content).hexdigest())


def file_sha256(path: str | os.PathLike[str]) -> str:
    """SHA-256 hex digest of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _with_digest(written: Written, digest: str) -> Written:
    return replace(written, sha256=digest)


def _write(
    mix: Mix,
    handle: BinaryIO,
    fmt: str,
    escape_formulas: bool,
    bom: bool,
    findings: pd.DataFrame | None,
    chunk_rows: int,
) -> Written:
    if fmt != "csv" and (escape_formulas or bom):
        raise ValueError(
            f"formula escaping and a byte-order mark are for CSV files opened in spreadsheets, "
            f"not {fmt}: drop them or write a .csv"
        )
    columns: list[str] = []

    def chunks() -> Iterator[pd.DataFrame]:
        for chunk in document_chunks(mix, findings=findings, chunk_rows=chunk_rows):
            columns[:] = [str(c) for c in chunk.columns]
            yield chunk

    escaped = 0
    stringified: tuple[str, ...] = ()
    if fmt == "csv":
        text = io.TextIOWrapper(handle, encoding="utf-8-sig" if bom else "utf-8", newline="")
        escaped = write_csv_chunks(chunks(), text, escape_formulas=escape_formulas)
        text.flush()
        text.detach()  # leave the binary handle open for the caller
    elif fmt == "parquet":
        _, stringified = write_parquet_chunks(mix, chunks(), handle)
    else:
        write_jsonl_chunks(chunks(), handle)
    return Written(fmt, len(mix), tuple(columns), "", escape_formulas, escaped, bom,
                   findings is not None, stringified, chunk_rows)  # fmt: skip


def write_jsonl_chunks(chunks: Iterable[pd.DataFrame], handle: BinaryIO) -> None:
    """One UTF-8 JSON object per line and document; missing values (NaN) are null."""
    for chunk in chunks:
        names = [str(c) for c in chunk.columns]
        columns = [_json_column(chunk[c]) for c in chunk.columns]
        lines = []
        for row in zip(*columns, strict=True):
            line = json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False,
                              allow_nan=False, default=str)  # fmt: skip
            for raw, escaped in _JSONL_ESCAPES.items():
                line = line.replace(raw, escaped)
            lines.append(line + "\n")
        handle.write("".join(lines).encode("utf-8"))


def _json_column(values: pd.Series) -> list[object]:
    """A column's cells as JSON-ready Python values (whole columns at once where typed)."""
    if pd.api.types.is_float_dtype(values.dtype):
        return [x if math.isfinite(x) else None for x in values.to_numpy(dtype=float).tolist()]
    if isinstance(values.dtype, np.dtype) and values.dtype.kind in "iub":  # never missing
        return values.to_numpy().tolist()
    if isinstance(values.dtype, pd.StringDtype):
        return values.astype(object).where(values.notna(), None).tolist()
    return [_json_value(v) for v in values.tolist()]


def _json_value(value: object) -> object:
    if isinstance(value, np.ndarray):  # a list read from Parquet
        return [_json_value(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None  # NaN is a missing value; JSON has no infinity either
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    return value
