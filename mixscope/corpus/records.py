"""What readers yield: chunks of parsed records, and the records they could not parse."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

DEFAULT_CHUNK_ROWS = 10_000
_PREVIEW_CHARS = 80


@dataclass(frozen=True)
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
    """The first characters of a value for error tables (undecodable bytes shown escaped)."""
    text = value.decode("utf-8", "backslashreplace") if isinstance(value, bytes) else str(value)
    return text[:_PREVIEW_CHARS]


def batched(
    items: Iterable[Item], chunk_rows: int, *, columns: list[str] | None = None
) -> Iterator[Chunk]:
    """Group parsed items and bad records into chunks of at most ``chunk_rows`` records; always
    yields at least one (possibly empty) chunk, so a header-only file still shows its columns."""
    rows: list[dict[str, Any]] = []
    index: list[int] = []
    bad: list[BadRecord] = []
    for item in items:
        if isinstance(item, BadRecord):
            bad.append(item)
        else:
            index.append(item[0])
            rows.append(item[1])
        if len(rows) + len(bad) >= chunk_rows:
            yield Chunk(pd.DataFrame(rows, index=index, columns=columns), tuple(bad))
            rows, index, bad = [], [], []
    yield Chunk(pd.DataFrame(rows, index=index, columns=columns), tuple(bad))
