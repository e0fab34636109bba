"""The Corpus: one real or synthetic collection of documents, with what could not be used."""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, BinaryIO, Literal

import numpy as np
import pandas as pd
import xxhash

from mixscope.text import normalize_text

Role = Literal["real", "synthetic"]
ROLES: tuple[Role, ...] = ("real", "synthetic")

#: Columns every ``Corpus.documents`` frame starts with; metadata columns follow.
BASE_COLUMNS = ("source_row", "text")
#: Columns of ``Corpus.dropped``.
DROPPED_COLUMNS = ("source_row", "reason", "value")


class CorpusError(ValueError):
    """Input that cannot be read as a corpus; the message says what was expected and found."""


@dataclass(frozen=True, eq=False)
class Corpus:
    """A loaded corpus.

    Attributes
    ----------
    name : str
        Unique name within a session (file stem by default); used as ``source`` in a mix.
    role : {"real", "synthetic"}
    documents : DataFrame
        One row per usable document, positional ``RangeIndex`` (row ``i`` is embedding row ``i``).
        Columns: ``source_row`` (0-based record number in the input), ``text`` (original text,
        unmodified), then every other input column as metadata.
    text_column : str
        Name of the input column that held the text.
    dropped : DataFrame
        Every input record that could not be used: ``source_row``, ``reason``, ``value`` (a short
        preview). Nothing is dropped without a row here.
    origin : str
        Where it came from: a path, ``upload:<file name>`` or ``hf:<dataset>[:<split>]``.
    format : str
        Reader used: csv, tsv, json, jsonl, parquet, txt or hf.
    """

    name: str
    role: Role
    documents: pd.DataFrame
    text_column: str
    dropped: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(DROPPED_COLUMNS))
    )
    origin: str = ""
    format: str = ""

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise CorpusError(f"role must be one of {ROLES}, got {self.role!r}")
        if not self.name:
            raise CorpusError("a corpus needs a non-empty name")
        missing = [c for c in BASE_COLUMNS if c not in self.documents.columns]
        if missing:
            raise CorpusError(f"documents frame lacks columns {missing}")

    def __len__(self) -> int:
        return len(self.documents)

    @cached_property
    def texts(self) -> list[str]:
        """Normalised texts (NFC, folded whitespace), aligned with ``documents``."""
        return [normalize_text(t) for t in self.documents["text"]]

    @cached_property
    def content_hash(self) -> str:
        """xxh3-128 over the normalised texts in order: equal hashes mean equal corpora."""
        h = xxhash.xxh3_128()
        for t in self.texts:
            h.update(t.encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()

    @property
    def metadata_columns(self) -> list[str]:
        return [c for c in self.documents.columns if c not in BASE_COLUMNS]

    def with_role(self, role: Role) -> Corpus:
        return Corpus(
            self.name,
            role,
            self.documents,
            self.text_column,
            self.dropped,
            self.origin,
            self.format,
        )

    def with_name(self, name: str) -> Corpus:
        return Corpus(
            name,
            self.role,
            self.documents,
            self.text_column,
            self.dropped,
            self.origin,
            self.format,
        )


# --- loading ---------------------------------------------------------------------------------
# The readers import CorpusError from this module, so they are imported inside the functions.


def load_corpus(
    source: str | os.PathLike[str] | bytes,
    *,
    name: str | None = None,
    role: Role = "real",
    text_column: str | None = None,
    format: str | None = None,
    filename: str | None = None,
    encoding: str | None = None,
    txt_mode: Literal["line", "paragraph"] = "line",
    chunk_rows: int = 10_000,
    max_rows: int | None = None,
    max_bytes: int | None = None,
) -> Corpus:
    """Load a CSV, TSV, JSON, JSONL, Parquet or text file as a corpus.

    The file is read in chunks of ``chunk_rows`` records; see :mod:`mixscope.readers` for the
    formats and :mod:`mixscope.loading` for the text-column, drop and metadata rules.

    Parameters
    ----------
    source : path or bytes
        A file path, or the bytes of an uploaded file (give its ``filename``).
    name : str, optional
        Default: the file stem (``"upload"`` for bytes without a file name).
    role : {"real", "synthetic"}
    text_column : str, optional
        Column holding the documents; default: detected
        (:func:`mixscope.loading.detect_text_column`).
    format : str, optional
        One of ``SUPPORTED_FORMATS``; default: from the file extension.
    filename : str, optional
        Name of an uploaded file; its extension picks the format.
    encoding : str, optional
        Text encoding; default UTF-8, or UTF-16/32 when the file starts with a byte-order mark.
    txt_mode : {"line", "paragraph"}
        Text files: one document per line, or per blank-line-separated paragraph.
    chunk_rows : int, default=10_000
        Records parsed at a time.
    max_rows, max_bytes : int, optional
        Size guard: a file with more records / bytes raises :class:`CorpusError` instead of
        exhausting memory. ``None`` (the default) means no limit.

    Returns
    -------
    Corpus
        Every input record is either a row of ``documents`` or of ``dropped``.

    Raises
    ------
    CorpusError
        Unknown format, missing file, empty or binary file, wrong encoding, ragged CSV, missing
        text column, too large, or no usable documents.
    """
    from mixscope import loading, readers

    if isinstance(source, bytes | bytearray):
        stream: BinaryIO = io.BytesIO(source)
        origin, size = f"upload:{filename or 'upload'}", len(source)
    else:
        path = Path(source)
        if not path.is_file():
            what = "a directory, not a file" if path.is_dir() else "not found"
            raise CorpusError(
                f"{path} is {what}; expected a {'/'.join(readers.SUPPORTED_FORMATS)} file"
            )
        filename, origin, size = filename or path.name, str(path), path.stat().st_size
        stream = path.open("rb")
    with stream:
        fmt = readers.format_for(filename, format)
        if max_bytes is not None and size > max_bytes:
            raise CorpusError(
                f"{origin} is {size} bytes, more than max_bytes={max_bytes}; "
                "pass a larger max_bytes (or None for no limit) or split the file"
            )
        chunks = readers.iter_records(
            stream, fmt, encoding=encoding, chunk_rows=chunk_rows, txt_mode=txt_mode, origin=origin
        )
        documents, dropped, column = loading.assemble(
            chunks,
            text_column=text_column,
            origin=origin,
            max_rows=max_rows,
            infer_numbers=fmt in ("csv", "tsv"),
        )
    return Corpus(
        name or Path(filename or "upload").stem, role, documents, column, dropped, origin, fmt
    )


def load_hf_dataset(
    name_or_path: str,
    *,
    split: str = "train",
    config: str | None = None,
    role: Role = "real",
    text_column: str | None = None,
    name: str | None = None,
    offline: bool = True,
    chunk_rows: int = 10_000,
    max_rows: int | None = None,
) -> Corpus:
    """Load one split of a Hugging Face dataset through the ``datasets`` library.

    Parameters
    ----------
    name_or_path : str
        A folder written by ``Dataset.save_to_disk``, a folder of data files, or a Hub name.
    split : str, default="train"
    config : str, optional
        Dataset configuration (subset) name.
    role, text_column, chunk_rows, max_rows
        As in :func:`load_corpus`.
    name : str, optional
        Default: the last part of ``name_or_path``.
    offline : bool, default=True
        Hub names are looked up in the local cache only; ``offline=False`` allows a download.

    Raises
    ------
    CorpusError
        Dataset not available (offline: says how to opt in), unknown split, or the same
        content errors as :func:`load_corpus`.
    """
    from mixscope import loading

    dataset = loading.open_hf_dataset(name_or_path, split=split, config=config, offline=offline)
    origin = f"hf:{name_or_path}:{split}"
    if max_rows is not None and len(dataset) > max_rows:
        raise CorpusError(
            f"{origin} has {len(dataset)} rows, more than max_rows={max_rows}; "
            "pass a larger max_rows (or None for no limit)"
        )
    documents, dropped, column = loading.assemble(
        loading.iter_hf_chunks(dataset, chunk_rows=chunk_rows),
        text_column=text_column,
        origin=origin,
    )
    label = name or Path(name_or_path.rstrip("/\\")).name or name_or_path
    return Corpus(label, role, documents, column, dropped, origin, "hf")


def describe(corpus: Corpus) -> dict[str, Any]:
    """Summary of a corpus for ``mixscope inspect`` and the app (plain JSON-friendly types).

    Returns
    -------
    dict
        name, role, format, origin, content_hash, n_documents, n_dropped, dropped_by_reason,
        text_column, columns, metadata_columns, and ``chars`` / ``words``: length statistics
        (mean, median, min, max, p95) of the normalised texts, ``None`` for an empty corpus.
    """
    reasons = corpus.dropped["reason"].value_counts() if len(corpus.dropped) else pd.Series()
    return {
        "name": corpus.name,
        "role": corpus.role,
        "format": corpus.format,
        "origin": corpus.origin,
        "content_hash": corpus.content_hash,
        "n_documents": len(corpus),
        "n_dropped": len(corpus.dropped),
        "dropped_by_reason": {str(k): int(v) for k, v in reasons.items()},
        "text_column": corpus.text_column,
        "columns": [str(c) for c in corpus.documents.columns],
        "metadata_columns": [str(c) for c in corpus.metadata_columns],
        "chars": _length_stats([len(t) for t in corpus.texts]),
        "words": _length_stats([len(t.split()) for t in corpus.texts]),
    }


def _length_stats(lengths: list[int]) -> dict[str, float | None]:
    keys = ("mean", "median", "min", "max", "p95")
    if not lengths:
        return dict.fromkeys(keys)
    a = np.asarray(lengths, dtype=float)
    values = (a.mean(), np.median(a), a.min(), a.max(), np.percentile(a, 95))
    return {k: float(v) for k, v in zip(keys, values, strict=True)}
