"""Format readers: the bytes of a CSV, TSV, JSON, JSONL, Parquet or text file -> chunks of records.

Readers stream: :func:`iter_records` yields :class:`Chunk` objects of at most ``chunk_rows``
records, so a large file is never parsed in one piece (CSV/TSV/JSONL/text are read line by line,
Parquet batch by batch). A JSON array is the exception: it is parsed whole, so guard it with
``max_bytes``. A record a reader cannot parse at all comes back in ``Chunk.bad`` with a reason:

* ``"undecodable"``: a JSONL or text line that is not valid in the encoding (or holds a NUL
  byte). If more than half the lines are undecodable the whole file is taken to be in another
  encoding and rejected.
* ``"malformed"``: a JSONL line (or JSON array element) that is not a JSON object.
* ``"empty"``: a blank JSONL line.

Encoding: UTF-8 unless ``encoding`` is given; a UTF-8, UTF-16 or UTF-32 byte-order mark is
honoured. CSV, TSV and JSON must decode as a whole; the error names the byte offset. A NUL
byte in the first 8 KiB (or anywhere in CSV/TSV/JSON) means a binary file, rejected as such.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from mixscope.corpus import CorpusError

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
DEFAULT_CHUNK_ROWS = 10_000

_BLOCK_BYTES = 1 << 20
_HEAD_BYTES = 8192
_PREVIEW_CHARS = 80
_CSV_FIELD_LIMIT = 2**31 - 1  # the csv module's default (128 KiB) is shorter than some documents
# UTF-32-LE's mark starts with UTF-16-LE's, so it is tested first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


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
    """
    if chunk_rows < 1:
        raise CorpusError(f"chunk_rows must be at least 1, got {chunk_rows!r}")
    if not stream.read(1):
        raise CorpusError(f"{origin} is empty (0 bytes)")
    stream.seek(0)
    if fmt == "parquet":
        return _read_parquet(stream, chunk_rows, origin)
    codec = _text_codec(stream, encoding, fmt, origin)
    if fmt in ("csv", "tsv"):
        delimiter = "," if fmt == "csv" else "\t"
        return _read_delimited(stream, codec, delimiter, chunk_rows, origin)
    if fmt == "json":
        return _read_json(stream, codec, chunk_rows, origin)
    if fmt == "jsonl":
        return _batched(_jsonl_items(_text_lines(stream, codec, origin)), chunk_rows)
    if fmt == "txt":
        if txt_mode not in ("line", "paragraph"):
            raise CorpusError(f"txt_mode must be 'line' or 'paragraph', got {txt_mode!r}")
        lines = _text_lines(stream, codec, origin)
        items = _paragraph_items(lines) if txt_mode == "paragraph" else _line_items(lines)
        return _batched(items, chunk_rows, columns=["text"])
    raise CorpusError(f"unknown format {fmt!r}; expected one of {SUPPORTED_FORMATS}")


# --- encodings -------------------------------------------------------------------------------


def _text_codec(stream: BinaryIO, encoding: str | None, fmt: str, origin: str) -> str:
    """Pick the codec, skip a byte-order mark, reject binary data; leaves ``stream`` at the text."""
    head = stream.read(_HEAD_BYTES)
    bom, bom_codec = next(((b, c) for b, c in _BOMS if head.startswith(b)), (b"", ""))
    codec = encoding or bom_codec or "utf-8"
    try:
        name = codecs.lookup(codec).name
    except LookupError:
        raise CorpusError(
            f"unknown encoding {encoding!r}; expected e.g. 'utf-8' or 'latin-1'"
        ) from None
    skip = bom_codec and name == codecs.lookup(bom_codec).name
    nul = head.find(b"\x00") if _ascii_compatible(codec) else -1
    if nul >= 0:
        raise CorpusError(
            f"{origin} looks binary (NUL byte at offset {nul}), expected a {fmt} "
            "text file; if it is UTF-16 text without a byte-order mark, pass encoding='utf-16-le'"
        )
    stream.seek(len(bom) if skip else 0)
    return codec


def _ascii_compatible(codec: str) -> bool:
    """True when newlines and ASCII are single bytes, so the file can be split into lines first."""
    try:
        return "\n,a".encode(codec) == b"\n,a"
    except UnicodeError:
        return False


def _encoding_error(origin: str, codec: str, offset: int, snippet: bytes) -> CorpusError:
    return CorpusError(
        f"{origin} is not valid {codec} text: undecodable bytes {snippet!r} at byte offset "
        f"{offset}; pass encoding=... with the file's encoding (e.g. 'latin-1', 'cp1252')"
    )


def _decoded_lines(stream: BinaryIO, codec: str, origin: str) -> Iterator[str]:
    """Strictly decode the rest of ``stream``; yield lines with their terminators."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    offset, pending = stream.tell(), ""
    while True:
        block = stream.read(_BLOCK_BYTES)
        buffered = len(decoder.getstate()[0])
        try:
            text = decoder.decode(block, final=not block)
        except UnicodeDecodeError as err:
            start = offset - buffered + err.start
            raise _encoding_error(origin, codec, start, err.object[err.start : err.end]) from None
        if "\x00" in text:
            at = offset - buffered + len(text[: text.index("\x00")].encode(codec))
            raise CorpusError(f"{origin} looks binary (NUL character at about byte offset {at})")
        offset += len(block)
        *lines, pending = (pending + text).split("\n")
        yield from (line + "\n" for line in lines)
        if not block:
            break
    if pending:
        yield pending


def _chomp(line: str) -> str:
    return line[:-1].removesuffix("\r") if line.endswith("\n") else line


def _text_lines(stream: BinaryIO, codec: str, origin: str) -> Iterator[str | bytes]:
    """Lines without terminators; the raw ``bytes`` of a line that is not valid in ``codec``."""
    if not _ascii_compatible(codec):  # UTF-16/32: lines cannot be split before decoding
        yield from (_chomp(line) for line in _decoded_lines(stream, codec, origin))
        return
    total = bad = 0
    first_bad: tuple[int, bytes] | None = None
    offset = stream.tell()
    for raw in stream:
        total += 1
        try:
            if b"\x00" in raw:  # binary junk: as unusable as an invalid byte
                raise UnicodeDecodeError(codec, raw, raw.index(0), raw.index(0) + 1, "NUL byte")
            line: str | bytes = _chomp(raw.decode(codec))
        except UnicodeDecodeError as err:
            bad += 1
            first_bad = first_bad or (offset + err.start, raw[err.start : err.end])
            line = raw.rstrip(b"\r\n")
        offset += len(raw)
        yield line
    if first_bad is not None and bad * 2 > total:
        raise _encoding_error(origin, codec, *first_bad)


# --- formats ---------------------------------------------------------------------------------

_Item = tuple[int, dict[str, Any]] | BadRecord


def _preview(value: object) -> str:
    text = value.decode("utf-8", "backslashreplace") if isinstance(value, bytes) else str(value)
    return text[:_PREVIEW_CHARS]


def _batched(
    items: Iterable[_Item], chunk_rows: int, *, columns: list[str] | None = None
) -> Iterator[Chunk]:
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


def _read_delimited(
    stream: BinaryIO, codec: str, delimiter: str, chunk_rows: int, origin: str
) -> Iterator[Chunk]:
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    reader = csv.reader(_decoded_lines(stream, codec, origin), delimiter=delimiter)
    header = next(reader, [])
    if not any(name.strip() for name in header):
        raise CorpusError(f"{origin}: the first line is blank, expected a header of column names")
    columns = _unique_names(header)

    def rows() -> Iterator[_Item]:
        try:
            for i, row in enumerate(reader):
                if not row:  # a blank line is an empty record, not a missing one
                    row = [""] * len(columns)
                elif len(row) != len(columns):
                    raise CorpusError(
                        f"{origin}: line {reader.line_num} has {len(row)} fields, expected "
                        f"{len(columns)} like the header; check the delimiter and quoting"
                    )
                yield i, dict(zip(columns, row, strict=True))
        except csv.Error as err:
            raise CorpusError(f"{origin}: bad CSV at line {reader.line_num}: {err}") from None

    return _batched(rows(), chunk_rows, columns=columns)


def _unique_names(header: list[str]) -> list[str]:
    names: list[str] = []
    for i, raw in enumerate(header):
        name = raw.strip() or f"unnamed_{i}"
        while name in names:
            name += "_dup"
        names.append(name)
    return names


def _read_json(stream: BinaryIO, codec: str, chunk_rows: int, origin: str) -> Iterator[Chunk]:
    try:
        data = json.loads("".join(_decoded_lines(stream, codec, origin)))
    except json.JSONDecodeError as err:
        raise CorpusError(
            f"{origin} is not valid JSON ({err.msg} at line {err.lineno}, column {err.colno}); "
            "expected an array of objects (use .jsonl for one object per line)"
        ) from None
    if isinstance(data, dict):
        arrays = [value for value in data.values() if isinstance(value, list)]
        data = arrays[0] if len(arrays) == 1 else data
    if not isinstance(data, list):
        raise CorpusError(
            f"{origin}: expected a JSON array of objects (or an object holding one array, like "
            f'{{"data": [...]}}), found {type(data).__name__}'
        )
    items = (
        (i, rec) if isinstance(rec, dict) else BadRecord(i, "malformed", _preview(rec))
        for i, rec in enumerate(data)
    )
    return _batched(items, chunk_rows)


def _jsonl_items(lines: Iterable[str | bytes]) -> Iterator[_Item]:
    for i, line in enumerate(lines):
        if isinstance(line, bytes):
            yield BadRecord(i, "undecodable", _preview(line))
        elif not line.strip():
            yield BadRecord(i, "empty", "")
        else:
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            ok = isinstance(record, dict)
            yield (i, record) if ok else BadRecord(i, "malformed", _preview(line))


def _line_items(lines: Iterable[str | bytes]) -> Iterator[_Item]:
    for i, line in enumerate(lines):
        is_bad = isinstance(line, bytes)
        yield BadRecord(i, "undecodable", _preview(line)) if is_bad else (i, {"text": line})


def _paragraph_items(lines: Iterable[str | bytes]) -> Iterator[_Item]:
    """Blank lines separate paragraphs; a paragraph with an undecodable line is undecodable."""
    paragraph: list[str | bytes] = []
    count = 0
    for line in _with_sentinel(lines):
        if isinstance(line, str) and not line.strip():
            if paragraph:
                if any(isinstance(part, bytes) for part in paragraph):
                    raw = b"\n".join(p if isinstance(p, bytes) else p.encode() for p in paragraph)
                    yield BadRecord(count, "undecodable", _preview(raw))
                else:
                    yield count, {"text": "\n".join(str(p) for p in paragraph)}
                count += 1
            paragraph = []
        else:
            paragraph.append(line)


def _with_sentinel(lines: Iterable[str | bytes]) -> Iterator[str | bytes]:
    yield from lines
    yield ""


def _read_parquet(stream: BinaryIO, chunk_rows: int, origin: str) -> Iterator[Chunk]:
    magic = stream.read(4)
    stream.seek(0)
    if magic != b"PAR1":
        raise CorpusError(
            f"{origin} is not a Parquet file: expected magic bytes b'PAR1', found {magic!r}"
        )
    try:
        parquet = pq.ParquetFile(stream)
    except (pa.ArrowException, OSError) as err:
        raise CorpusError(f"{origin} is not a readable Parquet file: {err}") from None
    columns = list(parquet.schema_arrow.names)

    def chunks() -> Iterator[Chunk]:
        start = 0
        try:
            for batch in parquet.iter_batches(batch_size=chunk_rows):
                frame = batch.to_pandas()
                frame.index = pd.RangeIndex(start, start + len(frame))
                start += len(frame)
                yield Chunk(frame)
        except (pa.ArrowException, OSError) as err:
            raise CorpusError(f"{origin}: corrupt Parquet data after row {start}: {err}") from None
        if start == 0:
            yield Chunk(pd.DataFrame(columns=columns))

    return chunks()
