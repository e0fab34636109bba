"""What readers yield: chunks of parsed records, and the records they could not parse."""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from mixscope.corpus.limits import Budget

DEFAULT_CHUNK_ROWS = 10_000
_PREVIEW_CHARS = 80
# Containers are shown to a bounded depth and length: a deeply nested JSON value must not
# recurse, and a huge one must not be turned into a huge string to show 80 characters of it.
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother = 4, _PREVIEW_CHARS, _PREVIEW_CHARS
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 12


@dataclass(frozen=True, slots=True)
class BadRecord:
    """A record the reader could not parse: its 0-based number, why, and a short preview."""

    source_row: int
    reason: str
    value: str


@dataclass(frozen=True)
class Chunk:
    """Up to ``chunk_rows`` records: parsed in ``frame`` (index = source row), others in ``bad``."""

    frame: pd.DataFrame
    bad: tuple[BadRecord, ...] = ()


Item = tuple[int, dict[str, Any]] | BadRecord


def preview(value: object) -> str:
    """The first characters of a value for error tables (undecodable bytes shown escaped).

    Examples
    --------
    >>> preview(b"caf\\xe9")
    'caf\\\\xe9'
    >>> preview({"nested": [1, 2]})
    "{'nested': [1, 2]}"
    """
    if isinstance(value, bytes | bytearray):
        # 4 bytes per character at most, so this prefix holds the first _PREVIEW_CHARS
        text = bytes(value[: 4 * _PREVIEW_CHARS + 4]).decode("utf-8", "backslashreplace")
    elif isinstance(value, str):
        text = value
    else:
        try:
            is_container = isinstance(value, list | tuple | dict | set | frozenset)
            text = _REPR.repr(value) if is_container else str(value)
        except (ValueError, RecursionError):  # e.g. an int too long to print
            text = f"<{type(value).__name__}>"
    # a lone surrogate (from a JSON "\\ud800" escape) is shown escaped: it cannot be written out
    return text[:_PREVIEW_CHARS].encode("utf-8", "backslashreplace").decode("utf-8")


def unique_names(names: Iterable[str]) -> list[str]:
    """Column names made unique: a repeat gets ``_dup``, further repeats ``_dup2``, ``_dup3``...

    Linear time: a counter per name remembers the next suffix to try.

    Examples
    --------
    >>> unique_names(["a", "b", "a", "a", "a_dup2"])
    ['a', 'b', 'a_dup', 'a_dup2', 'a_dup2_dup']
    """
    taken: set[str] = set()
    next_suffix: dict[str, int] = {}
    out: list[str] = []
    for name in names:
        if name in taken:
            k = next_suffix.get(name, 1)
            candidate = f"{name}_dup" if k == 1 else f"{name}_dup{k}"
            while candidate in taken:
                k += 1
                candidate = f"{name}_dup{k}"
            next_suffix[name] = k + 1
            name = candidate
        taken.add(name)
        out.append(name)
    return out


def batched(
    items: Iterable[Item],
    chunk_rows: int,
    *,
    columns: list[str] | None = None,
    budget: Budget | None = None,
) -> Iterator[Chunk]:
    """Group parsed items and bad records into chunks of at most ``chunk_rows`` records; always
    yields at least one (possibly empty) chunk, so a header-only file still shows its columns.

    Without ``columns`` a chunk's columns are its records' keys. Every record is counted against
    ``budget`` (rows, columns, cells) before it joins a chunk, so a limit stops the read early.
    """
    budget = budget or Budget("input")
    keys: set[str] = set()  # every key seen so far, when records bring their own columns
    rows: list[dict[str, Any]] = []
    index: list[int] = []
    bad: list[BadRecord] = []
    for item in items:
        if isinstance(item, BadRecord):
            bad.append(item)
        else:
            index.append(item[0])
            rows.append(item[1])
            if columns is None:
                keys.update(item[1])
                budget.check_columns(len(keys))
        budget.add_rows(1, len(keys) if columns is None else len(columns))
        if len(rows) + len(bad) >= chunk_rows:
            yield Chunk(pd.DataFrame(rows, index=index, columns=columns), tuple(bad))
            rows, index, bad = [], [], []
    yield Chunk(pd.DataFrame(rows, index=index, columns=columns), tuple(bad))
