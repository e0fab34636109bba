"""Load a file (a path or the bytes of an upload) as a :class:`~mixscope.corpus.corpus.Corpus`."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import BinaryIO, Literal

from mixscope.corpus.assemble import assemble
from mixscope.corpus.corpus import Corpus, CorpusError, Role
from mixscope.corpus.formats import SUPPORTED_FORMATS, format_for, iter_records
from mixscope.corpus.limits import MAX_COLUMNS, check_limit


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
    max_text_bytes: int | None = None,
    max_columns: int | None = MAX_COLUMNS,
) -> Corpus:
    """Load a CSV, TSV, JSON, JSONL, Parquet or text file as a corpus.

    The file is read in chunks of ``chunk_rows`` records; see :mod:`mixscope.corpus.formats` for
    the formats and :mod:`mixscope.corpus.assemble` for the text-column, drop and metadata rules.

    Limits (``max_rows``, ``max_bytes``, ``max_text_bytes``, ``max_columns``) are checked while
    reading, so a read stops as soon as one is crossed, with a one-line :class:`CorpusError`
    that names the limit, its value and how to raise it. ``None`` means no limit, the default
    for all but ``max_columns``; set them for input you do not trust (an upload, a server).

    Parameters
    ----------
    source : path or bytes
        A file path, or the bytes of an uploaded file (give its ``filename``).
    name : str, optional
        Default: the file stem (``"upload"`` for bytes without a file name).
    role : {"real", "synthetic"}
    text_column : str, optional
        Column holding the documents; default: detected
        (:func:`mixscope.corpus.detect.detect_text_column`).
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
    max_rows : int, optional
        Most records (documents plus dropped rows) to read; counted while streaming, so the
        read stops at record ``max_rows + 1``.
    max_bytes : int, optional
        Largest file size, checked before reading.
    max_text_bytes : int, optional
        Most decoded text, in UTF-8 bytes, counted block by block (line by line for text and
        JSONL; batch by batch, before conversion, for Parquet) as it is decoded: a small file
        that decompresses or decodes to a lot of text, or one huge line, stops here without
        being held in memory. A table's rows x columns may not exceed it either.
    max_columns : int, optional, default=MAX_COLUMNS (10,000)
        Most columns (CSV/TSV header, keys over all JSON records, Parquet schema).

    Returns
    -------
    Corpus
        Every input record is either a row of ``documents`` or of ``dropped``.

    Raises
    ------
    CorpusError
        Unknown format, missing file, empty or binary file, wrong or non-text encoding, ragged
        or malformed CSV, JSON nested too deeply, corrupt Parquet, missing text column, a limit
        crossed, or no usable documents. Nothing else escapes for bad input.
    """
    check_limit("max_bytes", max_bytes)
    if isinstance(source, bytes | bytearray):
        stream: BinaryIO = io.BytesIO(source)
        origin, size = f"upload:{filename or 'upload'}", len(source)
    else:
        path = Path(source)
        if not path.is_file():
            what = "a directory, not a file" if path.is_dir() else "not found"
            raise CorpusError(f"{path} is {what}; expected a {'/'.join(SUPPORTED_FORMATS)} file")
        filename, origin, size = filename or path.name, str(path), path.stat().st_size
        try:
            stream = path.open("rb")
        except OSError as err:
            raise CorpusError(
                f"{path} cannot be read ({err.strerror}); check its permissions"
            ) from None
    with stream:
        fmt = format_for(filename, format)
        if max_bytes is not None and size > max_bytes:
            raise CorpusError(
                f"{origin} is {size} bytes, more than max_bytes={max_bytes}; "
                "pass a larger max_bytes (or None for no limit) or split the file"
            )
        chunks = iter_records(
            stream,
            fmt,
            encoding=encoding,
            chunk_rows=chunk_rows,
            txt_mode=txt_mode,
            origin=origin,
            max_rows=max_rows,
            max_text_bytes=max_text_bytes,
            max_columns=max_columns,
        )
        documents, dropped, column = assemble(
            chunks,
            text_column=text_column,
            origin=origin,
            max_rows=max_rows,
            infer_numbers=fmt in ("csv", "tsv"),
        )
    return Corpus(
        name or Path(filename or "upload").stem, role, documents, column, dropped, origin, fmt
    )
