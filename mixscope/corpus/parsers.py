"""One parser per format: a decoded (or Parquet) stream -> chunks of records (see formats.py)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import BinaryIO

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from mixscope.corpus.corpus import CorpusError
from mixscope.corpus.encoding import decoded_lines
from mixscope.corpus.records import BadRecord, Chunk, Item, batched, preview

_CSV_FIELD_LIMIT = 2**31 - 1  # the csv module's default (128 KiB) is shorter than some documents


def read_delimited(
    stream: BinaryIO, codec: str, delimiter: str, chunk_rows: int, origin: str
) -> Iterator[Chunk]:
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    reader = csv.reader(decoded_lines(stream, codec, origin), delimiter=delimiter)
    header = next(reader, [])
    if not any(name.strip() for name in header):
        raise CorpusError(f"{origin}: the first line is blank, expected a header of column names")
    columns = _unique_names(header)

    def rows() -> Iterator[Item]:
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

    return batched(rows(), chunk_rows, columns=columns)


def _unique_names(header: list[str]) -> list[str]:
    names: list[str] = []
    for i, raw in enumerate(header):
        name = raw.strip() or f"unnamed_{i}"
        while name in names:
            name += "_dup"
        names.append(name)
    return names


def read_json(stream: BinaryIO, codec: str, chunk_rows: int, origin: str) -> Iterator[Chunk]:
    try:
        data = json.loads("".join(decoded_lines(stream, codec, origin)))
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
        (i, rec) if isinstance(rec, dict) else BadRecord(i, "malformed", preview(rec))
        for i, rec in enumerate(data)
    )
    return batched(items, chunk_rows)


def jsonl_items(lines: Iterable[str | bytes]) -> Iterator[Item]:
    for i, line in enumerate(lines):
        if isinstance(line, bytes):
            yield BadRecord(i, "undecodable", preview(line))
        elif not line.strip():
            yield BadRecord(i, "empty", "")
        else:
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            ok = isinstance(record, dict)
            yield (i, record) if ok else BadRecord(i, "malformed", preview(line))


def line_items(lines: Iterable[str | bytes]) -> Iterator[Item]:
    for i, line in enumerate(lines):
        is_bad = isinstance(line, bytes)
        yield BadRecord(i, "undecodable", preview(line)) if is_bad else (i, {"text": line})


def paragraph_items(lines: Iterable[str | bytes]) -> Iterator[Item]:
    """Blank lines separate paragraphs; a paragraph with an undecodable line is undecodable."""
    paragraph: list[str | bytes] = []
    count = 0
    for line in _with_sentinel(lines):
        if isinstance(line, str) and not line.strip():
            if paragraph:
                if any(isinstance(part, bytes) for part in paragraph):
                    raw = b"\n".join(p if isinstance(p, bytes) else p.encode() for p in paragraph)
                    yield BadRecord(count, "undecodable", preview(raw))
                else:
                    yield count, {"text": "\n".join(str(p) for p in paragraph)}
                count += 1
            paragraph = []
        else:
            paragraph.append(line)


def _with_sentinel(lines: Iterable[str | bytes]) -> Iterator[str | bytes]:
    yield from lines
    yield ""


def read_parquet(stream: BinaryIO, chunk_rows: int, origin: str) -> Iterator[Chunk]:
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
