"""A mix's documents in chunks of rows, all with the same columns and dtypes, optionally with
findings.

A writer takes one chunk at a time, so a large mix is never held as a frame of all its
documents next to its corpora (and never twice, as text and as the writer's copy).
"""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd

from mixscope.evaluation import MixIndex, document_columns
from mixscope.mixing import DOCUMENT_COLUMNS, Mix
from mixscope.mixing.mix import metadata_names

__all__ = ["CHUNK_ROWS", "FINDINGS_PREFIX", "document_chunks", "findings_frame"]

#: Rows per chunk (and per Parquet row group).
CHUNK_ROWS = 50_000
#: Put in front of a findings column named like a column of the mix (more while taken).
FINDINGS_PREFIX = "finding_"
# Columns of document_columns() the documents already have.
_PICK_COLUMNS = ("source", "role", "source_row")


def findings_frame(mix: Mix, index: MixIndex) -> pd.DataFrame:
    """Per-document findings of ``mix``, row ``i`` = row ``i`` of ``mix.documents()``.

    The columns of :func:`mixscope.evaluation.document_columns` without ``source``, ``role``
    and ``source_row`` (the documents have them): ``is_exact_duplicate``,
    ``near_duplicate_of`` and ``semantic_duplicate_of`` (a row number of the mix, -1 for none),
    ``cross_source_duplicate``, ``nearest_real_similarity``, ``cluster``, ``groups``,
    ``sentiment``, ``n_words``.
    """
    return document_columns(mix, index).drop(columns=list(_PICK_COLUMNS))


def document_chunks(
    mix: Mix, *, findings: pd.DataFrame | None = None, chunk_rows: int = CHUNK_ROWS
) -> Iterator[pd.DataFrame]:
    """The rows and columns of ``mix.documents()`` in consecutive chunks of ``chunk_rows``.

    Every chunk has the same columns and dtypes, decided by the dtypes of the corpora's columns,
    never by the values in a chunk: a metadata column of integers that another source lacks is
    float in every chunk, not only in those that hold a missing value. So the file does not
    depend on ``chunk_rows``. At least one chunk is yielded (with no rows for an empty mix).

    Parameters
    ----------
    mix : Mix
    findings : DataFrame, optional
        One row per mixed document, in picks order (:func:`findings_frame`): its columns are
        appended, each renamed ``finding_<name>`` when the documents have that name already.
    chunk_rows : int, default=CHUNK_ROWS
    """
    if chunk_rows < 1:
        raise ValueError(f"chunk_rows must be >= 1, got {chunk_rows!r}")
    if findings is not None and len(findings) != len(mix):
        raise ValueError(
            f"findings have {len(findings)} rows, the mix {len(mix)}: expected one per document"
        )
    picks = mix.picks.reset_index(drop=True)
    # One document of every source with picks decides every chunk's dtypes.
    dtypes = _documents(mix, picks.groupby("source_index", sort=False).head(1)).dtypes
    extra = None if findings is None else _renamed(findings, list(dtypes.index))
    for start in range(0, max(len(picks), 1), chunk_rows):
        frame = _documents(mix, picks.iloc[start : start + chunk_rows])
        changed = {c: t for c, t in dtypes.items() if frame[c].dtype != t}
        frame = frame.astype(changed) if changed else frame
        if extra is not None:
            rows = extra.iloc[start : start + chunk_rows].reset_index(drop=True)
            frame = pd.concat([frame, rows], axis=1)
        yield frame


def _documents(mix: Mix, picks: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``mix.documents()`` for ``picks`` (grouped by source, as a mix's picks are),
    each column with its corpus's dtype (``documents()`` infers some again from values)."""
    names = metadata_names([c.metadata_columns for c in mix.corpora])
    columns = [*DOCUMENT_COLUMNS, *names.values()]
    parts = []
    for number, corpus in enumerate(mix.corpora):
        positions = picks["position"].to_numpy()[picks["source_index"].to_numpy() == number]
        if len(positions) == 0:
            continue
        rows = corpus.documents.iloc[positions].reset_index(drop=True)
        part = {"text": rows["text"], "source": corpus.name, "role": corpus.role}
        part |= {"source_row": rows["source_row"]}
        part |= {names[c]: rows[c] for c in corpus.metadata_columns}
        parts.append(pd.DataFrame(part))
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True).reindex(columns=columns)


def _renamed(findings: pd.DataFrame, taken: list[str]) -> pd.DataFrame:
    names, used = [], set(taken)
    for name in findings.columns:
        new = str(name)
        while new in used:
            new = FINDINGS_PREFIX + new
        used.add(new)
        names.append(new)
    out = findings.reset_index(drop=True)
    out.columns = pd.Index(names, dtype=object)
    return out
