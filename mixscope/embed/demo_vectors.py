"""The demo corpora's vectors, made once on install so a first view needs no embedding.

``data/demo_vectors.parquet`` is one embedding-cache shard (the format of
:mod:`mixscope.embed.cache`: ``key``, ``vector``, ``cache_id`` in the schema metadata) holding
every distinct text of the demo corpora embedded by the bundled all-MiniLM-L6-v2 on the
machine's default backend (:func:`~mixscope.embed.get_embedder`: OpenVINO once verified there,
else sentence-transformers; its ``cache_id`` says which). ``make run`` and ``make test`` build
it (``data/generate_demo.py --vectors-only``, :func:`write_demo_vectors`) when it is missing
or older than the corpora or the installed packages; it is not kept in git. A test checks it
covers every demo text and was made by the model and backend in use now.
:func:`seed_demo_vectors` copies the texts a cache lacks into it, only when the shard's
``cache_id`` is the caller's: vectors of another model, version or backend never enter the
cache under the wrong key (their texts are then simply embedded).
"""

from __future__ import annotations

import os
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

from mixscope.corpus import Corpus, text_key
from mixscope.corpus.demo import DEMO_DIR
from mixscope.embed.cache import EmbeddingCache, _load_shard, _Shard
from mixscope.embed.embedder import Embedder
from mixscope.embed.embedding import embed_texts

__all__ = ["DEMO_VECTORS", "seed_demo_vectors", "write_demo_vectors"]

#: The shard ``make`` builds.
DEMO_VECTORS = DEMO_DIR / "demo_vectors.parquet"


def write_demo_vectors(
    corpora: Sequence[Corpus],
    embedder: Embedder,
    *,
    cache: EmbeddingCache | None = None,
    path: str | Path = DEMO_VECTORS,
) -> Path:
    """Write the vectors of every distinct text of ``corpora`` as one shard at ``path``.

    Keys are sorted, so equal vectors give an equal file. Texts already in ``cache`` are read
    from it.
    """
    texts = sorted({t for corpus in corpora for t in corpus.texts}, key=text_key)
    vectors = embed_texts(texts, embedder, cache=cache)
    target = Path(path)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".demo-vectors-") as scratch:
        written = EmbeddingCache(scratch).put(
            embedder.cache_id, [text_key(t) for t in texts], vectors
        )
        if written is None:
            raise ValueError("the demo corpora hold no text")
        os.replace(written, target)
    return target


def seed_demo_vectors(
    cache: EmbeddingCache, cache_id: str, *, dim: int, path: str | Path = DEMO_VECTORS
) -> int:
    """Copy the shipped vectors ``cache`` lacks into it; returns how many were copied.

    Nothing is copied (0) when the file is absent, was made by another model (its ``cache_id``
    differs), or is damaged (a ``RuntimeWarning`` then says so).
    """
    path = Path(path)
    try:
        made_by = (pq.read_schema(path).metadata or {}).get(b"cache_id", b"").decode()
    except FileNotFoundError:
        return 0
    except Exception as err:  # a damaged file can make the reader raise almost anything
        return _skip(path, err)
    if made_by != cache_id:
        return 0
    shard = _load_shard(path, dim)
    if not isinstance(shard, _Shard):
        return _skip(path, shard) if shard is not None else 0
    keys = shard.keys.to_pylist()
    _, found = cache.get(cache_id, keys, dim=dim)
    missing = np.flatnonzero(~found)
    if len(missing):
        cache.put(cache_id, [keys[i] for i in missing], shard.vectors[missing])
    return len(missing)


def _skip(path: Path, err: object) -> int:
    warnings.warn(
        f"not using the shipped demo vectors {path} ({err}); the demo texts will be embedded",
        RuntimeWarning,
        stacklevel=3,
    )
    return 0
