"""Parquet files read batch by batch, each batch measured and checked before it becomes pandas.

A Parquet file can be tiny and still decode to gigabytes (one long string repeated through a
dictionary). So each Arrow batch's decoded size is counted against ``max_text_bytes`` before it
is converted to Python objects; with that limit set, string columns are read as dictionaries, so
a batch of one repeated value is measured from its dictionary without being expanded. A batch
holds about a million cells at most, fewer rows for a wide file. A row with a string that is not
valid UTF-8 becomes a dropped ``"undecodable"`` record; any other corruption pyarrow reports is a
:class:`CorpusError`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from mixscope.corpus.corpus import CorpusError, first_line
from mixscope.corpus.limits import Budget
from mixscope.corpus.records import BadRecord, Chunk, preview, unique_names

_BATCH_CELLS = 1 << 20  # rows x columns of one Arrow batch at most (when chunk_rows allows)


def read_parquet(stream: BinaryIO, chunk_rows: int, origin: str, budget: Budget) -> Iterator[Chunk]:
    """Chunks of a Parquet file (see the module docstring); the footer is checked here."""
    magic = stream.read(4)
    stream.seek(0)
    if magic != b"PAR1":
        raise CorpusError(
            f"{origin} is not a Parquet file: expected magic bytes b'PAR1', found {magic!r}"
        )
    parquet, schema = _open(stream, origin, budget)
    names = unique_names(name or f"unnamed_{i}" for i, name in enumerate(schema.names))
    if names != schema.names:  # renamed columns: the pandas metadata would no longer match
        schema = pa.schema([f.with_name(n) for f, n in zip(schema, names, strict=True)])
    batch_rows = max(1, min(chunk_rows, _BATCH_CELLS // max(1, len(names))))

    def chunks() -> Iterator[Chunk]:
        start = 0
        batches = parquet.iter_batches(batch_size=batch_rows)
        while (batch := _next_batch(batches, origin, start)) is not None:
            if budget.max_text_bytes is not None:
                budget.add_text(_measure(batch, origin, start))
            budget.add_rows(batch.num_rows, batch.num_columns)
            yield _chunk(batch, schema, start, origin)
            start += batch.num_rows
        if start == 0:
            yield Chunk(pd.DataFrame(columns=names))

    return chunks()


def _open(stream: BinaryIO, origin: str, budget: Budget) -> tuple[pq.ParquetFile, pa.Schema]:
    """The file and its Arrow schema, width checked; under a text limit the string columns are
    read as dictionaries (the schema stays the file's, to decode them back to)."""
    try:
        parquet = pq.ParquetFile(stream)
        schema = parquet.schema_arrow
        budget.check_columns(len(schema.names))
        counts = Counter(schema.names)
        strings = [f.name for f in schema if _is_binary(f.type) and counts[f.name] == 1]
        if budget.max_text_bytes is not None and strings:
            stream.seek(0)
            parquet = pq.ParquetFile(stream, read_dictionary=strings)
    except CorpusError:
        raise
    except Exception as err:  # pyarrow and its Thrift parser raise many types on a bad footer
        raise CorpusError(f"{origin} is not a readable Parquet file: {first_line(err)}") from None
    return parquet, schema


def _next_batch(
    batches: Iterator[pa.RecordBatch], origin: str, start: int
) -> pa.RecordBatch | None:
    try:
        return next(batches, None)
    except Exception as err:  # decoding pages: pyarrow raises many types on corrupt data
        raise _corrupt(origin, start, err) from None


def _measure(batch: pa.RecordBatch, origin: str, start: int) -> int:
    try:
        return decoded_size(batch)
    except Exception as err:  # e.g. dictionary indices out of bounds in a damaged file
        raise _corrupt(origin, start, err) from None


def _corrupt(origin: str, start: int, err: BaseException) -> CorpusError:
    return CorpusError(f"{origin}: corrupt Parquet data after row {start}: {first_line(err)}")


def _chunk(batch: pa.RecordBatch, schema: pa.Schema, start: int, origin: str) -> Chunk:
    """One batch as a chunk: dictionaries decoded, rows with invalid UTF-8 set aside."""
    try:
        columns = [
            column.cast(field.type)
            if pa.types.is_dictionary(column.type) and not pa.types.is_dictionary(field.type)
            else column
            for column, field in zip(batch.columns, schema, strict=True)
        ]
        batch = pa.RecordBatch.from_arrays(columns, schema=schema)
        bad = undecodable_rows(batch, start)
        index: pd.Index = pd.RangeIndex(start, start + batch.num_rows)
        if bad:
            index = index.difference([record.source_row for record in bad])
            batch = batch.take(pa.array(index - start, pa.int64()))
        frame = batch.to_pandas()
    except Exception as err:
        raise _corrupt(origin, start, err) from None
    frame.index = index
    return Chunk(frame, tuple(bad))


def _is_binary(t: pa.DataType) -> bool:
    kinds = (pa.types.is_string, pa.types.is_large_string, pa.types.is_binary)
    return any(kind(t) for kind in (*kinds, pa.types.is_large_binary))


def decoded_size(data: pa.RecordBatch | pa.Table) -> int:
    """Bytes the data takes once decoded; a dictionary column is measured as if expanded, without
    expanding it (the lengths of the values its rows point at, plus an offset per row)."""
    total = 0
    for column in data.columns:
        arrays = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
        for array in arrays:
            if isinstance(array, pa.DictionaryArray) and _is_binary(array.dictionary.type):
                lengths = pc.take(pc.binary_length(array.dictionary), array.indices)
                total += int(pc.sum(lengths).as_py() or 0) + 4 * len(array)
            else:
                total += array.nbytes
    return total


def undecodable_rows(batch: pa.RecordBatch, start: int) -> list[BadRecord]:
    """A dropped ``"undecodable"`` record for each row holding a string that is not valid UTF-8
    (rows numbered from ``start``). Raises ``pa.ArrowInvalid`` if the batch is invalid in any
    other way."""
    try:
        batch.validate(full=True)
        return []
    except pa.ArrowInvalid:
        pass
    bad: dict[int, BadRecord] = {}
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        try:
            column.validate(full=True)
            continue
        except pa.ArrowInvalid:
            pass
        for i in range(len(column)):
            try:
                column.slice(i, 1).validate(full=True)
            except pa.ArrowInvalid:
                bad.setdefault(i, BadRecord(start + i, "undecodable", _raw(column, i, name)))
    if not bad:
        batch.validate(full=True)  # invalid as a whole though no single row is: let it raise
    return [bad[i] for i in sorted(bad)]


def _raw(column: pa.Array, i: int, name: str) -> str:
    """A preview of the raw bytes of a string that is not valid UTF-8."""
    if pa.types.is_string(column.type):
        return preview(column.slice(i, 1).view(pa.binary())[0].as_py())
    if pa.types.is_large_string(column.type):
        return preview(column.slice(i, 1).view(pa.large_binary())[0].as_py())
    return f"invalid UTF-8 in column {name!r}"
