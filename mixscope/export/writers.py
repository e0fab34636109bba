"""Writers: the mixed documents as CSV, with spreadsheet formulas escaped and counted."""

from __future__ import annotations

import io
import os
from typing import IO

import pandas as pd

from mixscope.mixing import Mix

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Escaped too, so that the escaping can be undone without guessing (see CSV_ESCAPING_NOTE).
ESCAPE_MARK = "'"

CSV_ESCAPING_NOTE = (
    "Text cells and column names starting with =, +, -, @, tab or carriage return were "
    "prefixed with an apostrophe (') so spreadsheets show them as text instead of running them "
    "as formulas (OWASP CSV injection guidance), and so were those that already started with an "
    "apostrophe. To recover the original exactly, remove one leading apostrophe from every "
    "cell and column name that starts with one."
)


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
    names = [ESCAPE_MARK + c if _needs_escape(c) else c for c in escaped.columns]
    total += sum(new != old for new, old in zip(names, escaped.columns, strict=True))
    escaped.columns = pd.Index(names, dtype=object)
    return escaped, total


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
        frame.to_csv(buffer, index=False, lineterminator="\r\n")
        return buffer.getvalue()
    frame.to_csv(path_or_buffer, index=False, encoding="utf-8", lineterminator="\r\n")
    return None


def mix_to_csv(
    mix: Mix,
    path_or_buffer: str | os.PathLike[str] | IO[str] | None = None,
    *,
    escape_formulas: bool = True,
) -> str | None:
    """Every mixed document as one CSV row: text, source, role, source_row, then metadata.

    Parameters
    ----------
    mix : Mix
    path_or_buffer : path, text buffer or None
        Where to write (UTF-8). None returns the CSV as a string.
    escape_formulas : bool, default=True
        Prefix text cells and column names starting with =, +, -, @, tab or CR (and ``'``)
        with ``'`` so spreadsheets do not run them (see :func:`escape_formula_cells`, which
        also counts them).

    Returns
    -------
    str or None
        The CSV text when ``path_or_buffer`` is None.
    """
    frame = mix.documents()
    if escape_formulas:
        frame, _ = escape_formula_cells(frame)
    return write_csv(frame, path_or_buffer)
