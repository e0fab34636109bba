"""Format readers: the bytes of a CSV, TSV, JSON, JSONL, Parquet or text file -> chunks of records.

Readers stream: :func:`iter_records` yields :class:`Chunk` objects of at most ``chunk_rows``
records, so a large file is never parsed in one piece (CSV/TSV/JSONL/text are read line by line,
Parquet batch by batch). A JSON array is the exception: it is parsed whole, after its text has
been counted against ``max_text_bytes``. A record a reader cannot parse at all comes back in
``Chunk.bad`` with a reason:

* ``"undecodable"``: a JSONL or text line that is not valid in the encoding (or holds a NUL
  byte), a JSON/JSONL record holding a lone surrogate escape (``"\\ud800"``: not text), or a
  Parquet row with a string that is not valid UTF-8. If more than half the lines are
  undecodable the whole file is taken to be in another encoding and rejected.
* ``"malformed"``: a JSONL line (or JSON array element) that is not a JSON object, including
  one nested too deeply to parse (a whole JSON file nested too deeply is a CorpusError).
* ``"empty"``: a blank JSONL line.

Encoding: UTF-8 unless ``encoding`` is given; a UTF-8, UTF-16 or UTF-32 byte-order mark is
honoured; a codec that is not a text encoding (``rot13``, ``base64``, ``zip``...) is refused.
CSV, TSV and JSON must decode as a whole; the error names the byte offset. A NUL byte in the
first 8 KiB (or anywhere in CSV/TSV/JSON) means a binary file, rejected as such. Lines end at
LF or CRLF; in CSV/TSV a lone CR (old Mac files) ends a line too.

Limits (see :mod:`mixscope.corpus.limits`), checked while reading so that a read stops as soon
as one is crossed, with a :class:`CorpusError` naming the limit and how to raise it:

* ``max_rows``: records, counted one by one before they are put in a table.
* ``max_text_bytes``: decoded text in UTF-8 bytes, counted per decoded block or line; no line
  is read past what is left of it, so one huge line is refused without being held whole.
  Parquet counts each batch's decoded size before converting it. Rows x columns may not
  exceed it either (a blank line still costs a cell per column).
* ``max_columns``: columns of a CSV/TSV header, keys over all JSON/JSONL records, fields of a
  Parquet schema; :data:`~mixscope.corpus.limits.MAX_COLUMNS` by default.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Literal

from mixscope.corpus import parsers
from mixscope.corpus.corpus import CorpusError
from mixscope.corpus.encoding import text_codec, text_lines
from mixscope.corpus.limits import MAX_COLUMNS, Budget
from mixscope.corpus.parquet import read_parquet
from mixscope.corpus.records import DEFAULT_CHUNK_ROWS, Chunk, batched

SUPPORTED_FORMATS: tuple[str, ...] = ("csv", "tsv", "json", "jsonl", "parquet", "txt")
#: File extension -> format.
EXTENSIONS: dict[str, str] = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".txt": "txt",
    ".text": "txt",
}
TxtMode = Literal["line", "paragraph"]


def format_for(filename: str | None, format: str | None = None) -> str:
    """The reader to use: ``format`` if given, else the one for ``filename``'s extension.

    Examples
    --------
    >>> format_for("reviews.JSONL")
    'jsonl'
    """
    if format is not None:
        fmt = format.lower().lstrip(".")
        if fmt not in SUPPORTED_FORMATS:
            raise CorpusError(f"unknown format {format!r}; expected one of {SUPPORTED_FORMATS}")
        return fmt
    if not filename:
        raise CorpusError(f"cannot tell the format: pass filename= or format= {SUPPORTED_FORMATS}")
    suffix = Path(filename).suffix.lower()
    if suffix not in EXTENSIONS:
        raise CorpusError(
            f"unsupported file type {suffix or '(no extension)'!r} for {filename!r}; "
            f"expected one of {', '.join(EXTENSIONS)} or pass format="
        )
    return EXTENSIONS[suffix]


def iter_records(
    stream: BinaryIO,
    fmt: str,
    *,
    encoding: str | None = None,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    txt_mode: TxtMode = "line",
    origin: str = "input",
    max_rows: int | None = None,
    max_text_bytes: int | None = None,
    max_columns: int | None = MAX_COLUMNS,
) -> Iterator[Chunk]:
    """Read a seekable binary stream in chunks of at most ``chunk_rows`` records.

    Checks that can be made up front (empty file, binary data, wrong magic bytes, unknown
    encoding) raise :class:`CorpusError` here; parse errors raise it while iterating. The
    iterator always yields at least one chunk, so a header-only file still shows its columns.

    Parameters
    ----------
    stream : binary file object, positioned at the start
    fmt : one of ``SUPPORTED_FORMATS``
    encoding : str, optional
        Text encoding; default UTF-8 (a byte-order mark overrides the default).
    chunk_rows : int, default=10_000
    txt_mode : {"line", "paragraph"}
        Text files: one document per line, or per blank-line-separated paragraph.
    origin : str
        Where the data came from, used in error messages.
    max_rows, max_text_bytes, max_columns : int, optional
        Limits checked while reading (see the module docstring); ``None`` means no limit.
    """
    if chunk_rows < 1:
        raise CorpusError(f"chunk_rows must be at least 1, got {chunk_rows!r}")
    budget = Budget(origin, max_rows, max_text_bytes, max_columns)
    if not stream.read(1):
        raise CorpusError(f"{origin} is empty (0 bytes)")
    stream.seek(0)
    if fmt == "parquet":
        return read_parquet(stream, chunk_rows, origin, budget)
    codec = text_codec(stream, encoding, fmt, origin)
    if fmt in ("csv", "tsv"):
        delimiter = "," if fmt == "csv" else "\t"
        return parsers.read_delimited(stream, codec, delimiter, chunk_rows, origin, budget)
    if fmt == "json":
        return parsers.read_json(stream, codec, chunk_rows, origin, budget)
    lines = text_lines(stream, codec, origin, budget)
    if fmt == "jsonl":
        return batched(parsers.jsonl_items(lines), chunk_rows, budget=budget)
    if fmt == "txt":
        if txt_mode not in ("line", "paragraph"):
            raise CorpusError(f"txt_mode must be 'line' or 'paragraph', got {txt_mode!r}")
        items = (
            parsers.paragraph_items(lines) if txt_mode == "paragraph" else parsers.line_items(lines)
        )
        return batched(items, chunk_rows, columns=["text"], budget=budget)
    raise CorpusError(f"unknown format {fmt!r}; expected one of {SUPPORTED_FORMATS}")
