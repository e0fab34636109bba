"""The Corpus: one real or synthetic collection of documents, with what could not be used."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

import pandas as pd
import xxhash

from mixscope.corpus.text import normalize_text

Role = Literal["real", "synthetic"]
ROLES: tuple[Role, ...] = ("real", "synthetic")

#: Columns every ``Corpus.documents`` frame starts with; metadata columns follow.
BASE_COLUMNS = ("source_row", "text")
#: Columns of ``Corpus.dropped``.
DROPPED_COLUMNS = ("source_row", "reason", "value")


class CorpusError(ValueError):
    """Input that cannot be read as a corpus; the message says what was expected and found."""


def first_line(err: BaseException) -> str:
    """An exception from a library as one line for a :class:`CorpusError` message."""
    lines = str(err).strip().splitlines()
    return f"{type(err).__name__}: {lines[0] if lines else ''}"


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
