"""A corpus's fingerprint: equal fingerprints mean equal corpora in every value they hold.

``Corpus.content_hash`` covers the normalised texts only (what embeddings and the index depend
on). Anything built from the rest of a corpus (its original text, metadata, source rows, dropped
rows, name, role, origin) must be keyed on more than that, or two users whose files normalise to
the same texts would share it: :func:`corpus_fingerprint` hashes every value.
"""

from __future__ import annotations

import weakref

import numpy as np
import pandas as pd
import xxhash

from mixscope.corpus.corpus import Corpus

__all__ = ["corpus_fingerprint"]

# Corpora are immutable; a fingerprint is computed once per object (hashing a million rows
# takes about a second) and forgotten with it.
_MEMO: weakref.WeakKeyDictionary[Corpus, str] = weakref.WeakKeyDictionary()


def corpus_fingerprint(corpus: Corpus) -> str:
    """xxh3-128 over a corpus's name, role, text column, origin, format and every value of its
    ``documents`` and ``dropped`` frames (column names, dtypes and cells, in order).

    Examples
    --------
    >>> docs = pd.DataFrame({"source_row": [0], "text": ["Hi  there"], "lang": ["en"]})
    >>> a = Corpus("c", "real", docs, "text")
    >>> b = Corpus("c", "real", docs.assign(lang=["de"]), "text")
    >>> a.content_hash == b.content_hash, corpus_fingerprint(a) == corpus_fingerprint(b)
    (True, False)
    >>> c = Corpus("c", "real", docs.assign(text=["Hi there"]), "text")  # same normalised text
    >>> a.content_hash == c.content_hash, corpus_fingerprint(a) == corpus_fingerprint(c)
    (True, False)
    """
    found = _MEMO.get(corpus)
    if found is None:
        h = xxhash.xxh3_128()
        for part in (corpus.name, corpus.role, corpus.text_column, corpus.origin, corpus.format):
            h.update(part.encode("utf-8", "surrogatepass") + b"\x00")
        for frame in (corpus.documents, corpus.dropped):
            _update(h, frame)
        found = _MEMO[corpus] = h.hexdigest()
    return found


def _update(h: xxhash.xxh3_128, frame: pd.DataFrame) -> None:
    h.update(repr([(str(c), str(t)) for c, t in frame.dtypes.items()]).encode() + b"\x00")
    h.update(len(frame).to_bytes(8, "little"))
    for column in frame.columns:  # one 64-bit hash per cell, column by column
        h.update(_cell_hashes(frame[column]).tobytes())


def _cell_hashes(column: pd.Series) -> np.ndarray:
    # Strings and numbers hash natively; other objects (lists and dicts from JSON, a mix of 1
    # and "1") by their type and repr, so equal hashes mean equal values of equal types.
    if column.dtype != object or pd.api.types.infer_dtype(column, skipna=False) == "string":
        return pd.util.hash_pandas_object(column, index=False).to_numpy()
    tagged = pd.Series([f"{type(v).__name__}:{v!r}" for v in column], dtype=object)
    return pd.util.hash_pandas_object(tagged, index=False).to_numpy()
