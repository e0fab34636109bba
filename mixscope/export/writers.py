"""CSV writers: the mixed documents exactly as loaded, or escaped for spreadsheets on request."""

from __future__ import annotations

import io
import os
from collections.abc import Iterable
from typing import IO

import pandas as pd

from mixscope.export.chunks import CHUNK_ROWS, document_chunks
from mixscope.mixing import Mix

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Escaped too, so that the escaping can be undone without guessing (see CSV_ESCAPING_NOTE).
ESCAPE_MARK = "'"
#: Line terminator of every CSV written here (RFC 4180; see :func:`write_csv`).
CSV_LINE_END = "\r\n"

CSV_ESCAPING_NOTE = (
    "Text cells and column names starting with =, +, -, @, tab or carriage return were "
    "prefixed with an apostrophe (') so spreadsheets show them as text instead of running them "
    "as formulas (OWASP CSV injection guidance), and so were those that already started with an "
    "apostrophe. To recover the original exactly, remove one leading apostrophe from every "
    "cell and column name that starts with one."
)
#: The manifest's note for a CSV written as loaded.
CSV_EXACT_NOTE = "byte-exact: every cell as loaded, formula-like cells not escaped"


def escape_formula_cells(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Prefix with ``'`` every text cell and column name a spreadsheet would run as a formula,
    and every one that already starts with ``'`` (so the escaping is reversible: strip one
    leading ``'`` from everything that has one).

    Only string cells are touched; numbers (a negative count) stay numbers.

    Parameters
    ----------
    frame : DataFrame

    Returns
    -------
    (DataFrame, int)
        An escaped copy and the number of cells and column names escaped.

    Examples
    --------
    >>> frame = pd.DataFrame({"a": ["=1+1", "ok", "'quoted"], "=b": [-1, 2, 3]})
    >>> escaped, n = escape_formula_cells(frame)
    >>> escaped.columns.tolist(), escaped["a"].tolist(), n
    (['a', "'=b"], ["'=1+1", 'ok', "''quoted"], 3)
    """
    escaped, cells = _escape_cells(frame)
    names, renamed = _escape_names(list(frame.columns))
    escaped.columns = pd.Index(names, dtype=object)
    return escaped, cells + renamed


def _escape_cells(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    escaped = frame.copy()
    total = 0
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            continue
        mask = values.map(_needs_escape).astype(bool)
        if mask.any():
            marked = ESCAPE_MARK + values[mask].astype(str)
            escaped[column] = values.astype(object).where(~mask, marked)
            total += int(mask.sum())
    return escaped, total


def _escape_names(columns: list[object]) -> tuple[list[object], int]:
    names = [ESCAPE_MARK + c if isinstance(c, str) and _needs_escape(c) else c for c in columns]
    return names, sum(new != old for new, old in zip(names, columns, strict=True))


def _needs_escape(value: object) -> bool:
    return isinstance(value, str) and value.startswith((*FORMULA_PREFIXES, ESCAPE_MARK))


def write_csv(
    frame: pd.DataFrame, path_or_buffer: str | os.PathLike[str] | IO[str] | None = None
) -> str | None:
    """Write ``frame`` as UTF-8 CSV without the index; return the text when no target is given.

    Rows end in CRLF (RFC 4180). Python's csv writer quotes a field only for characters of the
    line terminator, so with a bare "\\n" a cell holding a lone carriage return would be
    written unquoted and split the row when read back.
    """
    if path_or_buffer is None:
        buffer = io.StringIO(newline="")
        frame.to_csv(buffer, index=False, lineterminator=CSV_LINE_END)
        return buffer.getvalue()
    frame.to_csv(path_or_buffer, index=False, encoding="utf-8", lineterminator=CSV_LINE_END)
    return None


def write_csv_chunks(
    chunks: Iterable[pd.DataFrame], handle: IO[str], *, escape_formulas: bool = False
) -> int:
    """Write frames with equal columns one after another as one CSV (header once) to a text
    handle opened with ``newline=""``; returns the cells and column names escaped (0 unless
    ``escape_formulas``, see :func:`escape_formula_cells`)."""
    escaped = 0
    for i, chunk in enumerate(chunks):
        frame = chunk
        if escape_formulas:
            frame, cells = _escape_cells(chunk)
            names, renamed = _escape_names(list(chunk.columns))
            frame.columns = pd.Index(names, dtype=object)
            escaped += cells + (renamed if i == 0 else 0)
        frame.to_csv(handle, index=False, header=i == 0, lineterminator=CSV_LINE_END)
    return escaped


def mix_to_csv(
    mix: Mix,
    path_or_buffer: str | os.PathLike[str] | IO[str] | None = None,
    *,
    escape_formulas: bool = False,
    chunk_rows: int = CHUNK_ROWS,
) -> str | None:
    """Every mixed document as one CSV row: text, source, role, source_row, then metadata.

    By default the file holds every value exactly as loaded: a mix is training data. Written
    ``chunk_rows`` documents at a time (see :func:`~mixscope.export.chunks.document_chunks`).

    Parameters
    ----------
    mix : Mix
    path_or_buffer : path, text buffer or None
        Where to write (UTF-8, no byte-order mark). None returns the CSV as a string.
    escape_formulas : bool, default=False
        For a file meant for spreadsheets: prefix text cells and column names starting with
        =, +, -, @, tab or CR (and ``'``) with ``'`` so spreadsheets do not run them (see
        :func:`escape_formula_cells`). This changes the text.
    chunk_rows : int, default=CHUNK_ROWS

    Returns
    -------
    str or None
        The CSV text when ``path_or_buffer`` is None.
    """
    chunks = document_chunks(mix, chunk_rows=chunk_rows)
    if path_or_buffer is None:
        buffer = io.StringIO(newline="")
        write_csv_chunks(chunks, buffer, escape_formulas=escape_formulas)
        return buffer.getvalue()
    if isinstance(path_or_buffer, str | os.PathLike):
        with open(path_or_buffer, "w", encoding="utf-8", newline="") as handle:
            write_csv_chunks(chunks, handle, escape_formulas=escape_formulas)
    else:
        write_csv_chunks(chunks, path_or_buffer, escape_formulas=escape_formulas)
    return None
