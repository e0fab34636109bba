"""Writers: the mixed documents as a spreadsheet-safe CSV, and a JSON manifest of the mix."""

from __future__ import annotations

import io
import json
import os
import platform
from dataclasses import asdict
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import IO, Any

import pandas as pd

from mixscope import __version__
from mixscope.mixing import Mix

#: First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: Packages whose versions go into the manifest when installed.
VERSIONED_PACKAGES = ("mixscope", "numpy", "pandas", "sentence-transformers", "torch")

CSV_ESCAPING_NOTE = (
    "Text cells starting with =, +, -, @, tab or carriage return were prefixed with an "
    "apostrophe (') so spreadsheets show them as text instead of running them as formulas "
    "(OWASP CSV injection guidance); strip that one leading apostrophe to recover the original."
)


def escape_formula_cells(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Prefix every text cell that a spreadsheet would run as a formula with ``'``.

    Only string cells are touched; numbers (a negative count) stay numbers.

    Parameters
    ----------
    frame : DataFrame

    Returns
    -------
    (DataFrame, int)
        An escaped copy and the number of cells escaped.

    Examples
    --------
    >>> escaped, n = escape_formula_cells(pd.DataFrame({"a": ["=1+1", "ok"], "b": [-1, 2]}))
    >>> escaped["a"].tolist(), escaped["b"].tolist(), n
    (["'=1+1", 'ok'], [-1, 2], 1)
    """
    escaped = frame.copy()
    total = 0
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            continue
        mask = values.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_PREFIXES))
        mask = mask.astype(bool)
        if mask.any():
            escaped[column] = values.astype(object).where(~mask, "'" + values[mask].astype(str))
            total += int(mask.sum())
    return escaped, total


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
        Prefix text cells starting with =, +, -, @, tab or CR with ``'`` so spreadsheets do not
        run them (see :func:`escape_formula_cells`, which also counts them).

    Returns
    -------
    str or None
        The CSV text when ``path_or_buffer`` is None.
    """
    frame = mix.documents()
    if escape_formulas:
        frame, _ = escape_formula_cells(frame)
    return write_csv(frame, path_or_buffer)


def package_versions() -> dict[str, str | None]:
    """Versions of python and :data:`VERSIONED_PACKAGES`; None for a package not installed."""
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for package in VERSIONED_PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = __version__ if package == "mixscope" else None
    return versions


def build_manifest(
    mix: Mix,
    *,
    model_id: str | None = None,
    escaped_cells: int | None = None,
    escape_formulas: bool = True,
) -> dict[str, Any]:
    """Everything needed to reproduce and audit a mix, as JSON-ready data.

    Parameters
    ----------
    mix : Mix
    model_id : str or None
        Embedding model used for the analysis, if any.
    escaped_cells : int or None
        Cells escaped in the exported CSV (from :func:`escape_formula_cells`), if known.
    escape_formulas : bool, default=True
        Whether the exported CSV escaped formula-like cells.

    Returns
    -------
    dict with keys ``created_utc, inputs, config, counts, n_documents, model, versions, csv``.
    """
    counts = mix.counts()
    return {
        "created_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "inputs": [
            {
                "name": corpus.name,
                "role": corpus.role,
                "origin": corpus.origin,
                "format": corpus.format,
                "text_column": corpus.text_column,
                "content_hash": corpus.content_hash,
                "n_documents": len(corpus),
                "n_dropped": len(corpus.dropped),
            }
            for corpus in mix.corpora
        ],
        "config": asdict(mix.config),
        "counts": [
            {"source": s, "role": r, "n": int(n), "share": float(share)}
            for s, r, n, share in counts.itertuples(index=False)
        ],
        "n_documents": len(mix),
        "model": model_id,
        "versions": package_versions(),
        "csv": {
            "encoding": "utf-8",
            "escape_formulas": escape_formulas,
            "escaped_cells": escaped_cells,
            "note": CSV_ESCAPING_NOTE if escape_formulas else "formula-like cells not escaped",
        },
    }


def write_manifest(manifest: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Write a manifest as indented UTF-8 JSON (tuples become lists)."""
    text = json.dumps(manifest, indent=2, ensure_ascii=False)
    Path(path).write_text(text + "\n", encoding="utf-8")
