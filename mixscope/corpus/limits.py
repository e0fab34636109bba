"""Read limits: what stops an oversized or hostile input before it exhausts memory.

Every reader counts what it produces against one :class:`Budget` while it streams, so a limit
stops the read as soon as it is crossed, not after the whole file is in memory:

* ``max_rows``: records (documents plus dropped rows).
* ``max_text_bytes``: decoded text, as UTF-8 bytes, counted block by block or line by line as it
  is decoded (Parquet and Hugging Face data: each batch's decoded size, before it becomes Python
  objects). A table cell also counts as at least one byte: rows x columns may not exceed it
  either, so blank CSV lines or JSON records that lack most keys cannot blow a small file up
  into a huge table.
* ``max_columns``: columns (a CSV header, the union of JSON keys, a Parquet schema); on by
  default (:data:`MAX_COLUMNS`), because a wide table costs memory per row.

``None`` means no limit. Crossing a limit raises a one-line :class:`CorpusError` that names the
limit, its value and how to raise it.
"""

from __future__ import annotations

from dataclasses import dataclass

from mixscope.corpus.corpus import CorpusError

#: Default ``max_columns``: more columns than this is a wrong delimiter or a hostile file.
MAX_COLUMNS = 10_000


def check_limit(name: str, value: int | None) -> None:
    """Raise unless ``value`` is None or a positive integer."""
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise CorpusError(f"{name} must be a positive integer or None (no limit), got {value!r}")


def too_many_rows(origin: str, max_rows: int) -> CorpusError:
    """The error for a read that passed ``max_rows`` (shared by the readers and assemble)."""
    return CorpusError(
        f"{origin} has more than max_rows={max_rows} records; "
        "pass a larger max_rows (or None for no limit) or sample the file"
    )


@dataclass
class Budget:
    """What one read has produced so far, checked against its limits as it grows."""

    origin: str
    max_rows: int | None = None
    max_text_bytes: int | None = None
    max_columns: int | None = MAX_COLUMNS
    rows: int = 0
    text_bytes: int = 0

    def __post_init__(self) -> None:
        check_limit("max_rows", self.max_rows)
        check_limit("max_text_bytes", self.max_text_bytes)
        check_limit("max_columns", self.max_columns)

    def add_text(self, n_bytes: int) -> None:
        """Count ``n_bytes`` of decoded text; raise once the total passes ``max_text_bytes``."""
        self.text_bytes += n_bytes
        if self.max_text_bytes is not None and self.text_bytes > self.max_text_bytes:
            raise CorpusError(
                f"{self.origin} holds more than max_text_bytes={self.max_text_bytes} bytes of "
                "decoded text; pass a larger max_text_bytes (or None for no limit) or split "
                "the file"
            )

    def add_rows(self, n_rows: int, n_columns: int) -> None:
        """Count ``n_rows`` records of a table that now has ``n_columns`` columns."""
        self.rows += n_rows
        if self.max_rows is not None and self.rows > self.max_rows:
            raise too_many_rows(self.origin, self.max_rows)
        cells = self.rows * n_columns
        if self.max_text_bytes is not None and cells > self.max_text_bytes:
            raise CorpusError(
                f"{self.origin} makes a table of {self.rows} rows x {n_columns} columns, more "
                f"than max_text_bytes={self.max_text_bytes} cells (a blank line or a record "
                "without most keys still takes a cell per column); pass a larger max_text_bytes "
                "(or None for no limit)"
            )

    def check_columns(self, n_columns: int) -> None:
        if self.max_columns is not None and n_columns > self.max_columns:
            raise CorpusError(
                f"{self.origin} has {n_columns} columns, more than max_columns="
                f"{self.max_columns}; check the delimiter (or that records share their keys), "
                "or pass a larger max_columns (or None for no limit)"
            )

    def line_limit(self) -> int:
        """Bytes to read at most for the next line (-1: no limit): enough to tell that the line
        alone would pass ``max_text_bytes``, since no ASCII-compatible encoding takes more than
        3 bytes per UTF-8 byte (ISO-2022-JP takes 8 for a 3-byte kanji, UTF-7 5 for a 2-byte é)."""
        if self.max_text_bytes is None:
            return -1
        return 3 * (max(0, self.max_text_bytes - self.text_bytes) + 1)
