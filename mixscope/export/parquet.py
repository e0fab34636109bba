"""Parquet output: one schema for the whole mix, one row group per chunk of documents.

Columns keep their types as loaded (text as strings, numbers as numbers, JSON lists as lists).
A metadata column whose values have no common type (a number in one source, a string in
another) is written as strings and named in :attr:`ParquetSink.stringified`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import BinaryIO

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from mixscope.mixing import DOCUMENT_COLUMNS, Mix
from mixscope.mixing.mix import metadata_names

__all__ = ["write_parquet_chunks"]


def write_parquet_chunks(
    mix: Mix, chunks: Iterable[pd.DataFrame], handle: BinaryIO
) -> tuple[int, tuple[str, ...]]:
    """Write the chunks of ``mix`` (equal columns and dtypes) as one Parquet file.

    Returns the rows written and the columns written as strings because their values had
    no common type.
    """
    writer: pq.ParquetWriter | None = None
    stringified: list[str] = []
    rows = 0
    try:
        for chunk in chunks:
            if writer is None:
                schema, stringified = _schema(mix, chunk)
                writer = pq.ParquetWriter(handle, schema)
            frame = chunk.assign(**{c: _as_strings(chunk[c]) for c in stringified})
            table = pa.Table.from_pandas(frame, schema=writer.schema, preserve_index=False)
            writer.write_table(table.replace_schema_metadata(None), row_group_size=len(frame))
            rows += len(frame)
    finally:
        if writer is not None:
            writer.close()
    return rows, tuple(stringified)


def _schema(mix: Mix, first: pd.DataFrame) -> tuple[pa.Schema, list[str]]:
    """The Arrow schema of every chunk (without pandas metadata: it would describe only the
    first chunk), and the columns that need strings."""
    fields, stringified = [], []
    for name in first.columns:
        column = first[name]
        if name in DOCUMENT_COLUMNS[:3] or isinstance(column.dtype, pd.StringDtype):
            kind: pa.DataType | None = pa.large_string()
        elif column.dtype == object:
            kind = _object_type(mix, str(name), column)
        else:
            kind = pa.Array.from_pandas(column.iloc[:0]).type
        if kind is None:
            stringified.append(str(name))
            kind = pa.large_string()
        fields.append(pa.field(str(name), kind))
    return pa.schema(fields), stringified


def _object_type(mix: Mix, name: str, column: pd.Series) -> pa.DataType | None:
    """The common Arrow type of an object column over every source (None: there is none).

    Inferred from each source's picked values rather than from the first chunk, which may
    hold one source only.
    """
    renamed = metadata_names([c.metadata_columns for c in mix.corpora])
    parts = [column]  # a findings column, or a chunk's own values
    for corpus in mix.corpora:
        inputs = [c for c in corpus.metadata_columns if renamed[c] == name]
        if inputs:
            parts.append(corpus.documents[inputs[0]].iloc[mix.positions(corpus.name)])
    kinds = []
    for part in parts:
        try:
            kind = pa.array(part, from_pandas=True).type
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            return None
        if kind != pa.null():
            kinds.append(pa.large_string() if kind == pa.string() else kind)
    if not kinds:
        return pa.large_string()
    try:
        unified = pa.unify_schemas(
            [pa.schema([("c", kind)]) for kind in kinds], promote_options="permissive"
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    return unified.field("c").type


def _as_strings(values: pd.Series) -> pd.Series:
    def text(value: object) -> object:
        if value is None or (isinstance(value, float) and value != value):
            return None
        if isinstance(value, list | dict):
            return json.dumps(value, ensure_ascii=False, default=str)
        return str(value)

    return values.map(text).astype(object)
