"""Cached, resumable embedding of texts and corpora: each distinct text is embedded once."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from mixscope.corpus import Corpus
from mixscope.corpus.text import text_key
from mixscope.embed.cache import EmbeddingCache
from mixscope.embed.embedder import Embedder
from mixscope.embed.progress import ProgressCallback

#: Texts embedded (and written to the cache as one shard) per step; bounds lost work on a crash.
CHUNK_SIZE = 1024


def embed_texts(
    texts: Sequence[str],
    embedder: Embedder,
    *,
    cache: EmbeddingCache | None = None,
    progress: ProgressCallback | None = None,
    batch_size: int = 32,
    chunk_size: int = CHUNK_SIZE,
) -> np.ndarray:
    """Embed normalised texts, each distinct text once, reusing and filling a cache.

    Missing texts are embedded longest first in chunks of ``chunk_size``; each chunk is written
    to the cache as soon as it is done, so an interrupted run resumes where it stopped.

    Parameters
    ----------
    texts : sequence of str
        Already normalised (``mixscope.corpus.text.normalize_text``): the cache key is their hash.
    embedder : Embedder
    cache : EmbeddingCache, optional
        Without one nothing is read or written.
    progress : callable(done, total), optional
        Called after the cache lookup and after every chunk; cached documents count as done.
    batch_size : int, default=32
        Passed to ``embedder.encode``.
    chunk_size : int, default=1024

    Returns
    -------
    ndarray of shape (len(texts), embedder.dim), float32, rows in the order of ``texts``.
    """
    if chunk_size < 1 or batch_size < 1:
        raise ValueError(f"chunk_size and batch_size must be >= 1, got {chunk_size}, {batch_size}")
    keys, first, inverse = _distinct(texts)
    counts = np.bincount(inverse, minlength=len(keys))
    vectors, found = _lookup(cache, embedder, keys)
    done = int(counts[found].sum())
    if progress is not None:
        progress(done, len(texts))
    todo = sorted(np.flatnonzero(~found).tolist(), key=lambda u: -len(texts[first[u]]))
    for start in range(0, len(todo), chunk_size):
        chunk = todo[start : start + chunk_size]
        vectors[chunk] = _encode_checked(embedder, [texts[first[u]] for u in chunk], batch_size)
        if cache is not None:
            cache.put(embedder.model_id, [keys[u] for u in chunk], vectors[chunk])
        done += int(counts[chunk].sum())
        if progress is not None:
            progress(done, len(texts))
    return vectors[inverse]


def _distinct(texts: Sequence[str]) -> tuple[list[str], list[int], np.ndarray]:
    """Distinct keys, the first position of each, and each text's index into them."""
    index: dict[str, int] = {}
    first: list[int] = []
    inverse = np.empty(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        key = text_key(text)
        if key not in index:
            index[key] = len(first)
            first.append(i)
        inverse[i] = index[key]
    return list(index), first, inverse


def _lookup(
    cache: EmbeddingCache | None, embedder: Embedder, keys: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    if cache is None:
        return np.zeros((len(keys), embedder.dim), np.float32), np.zeros(len(keys), bool)
    return cache.get(embedder.model_id, keys, dim=embedder.dim)


def _encode_checked(embedder: Embedder, texts: list[str], batch_size: int) -> np.ndarray:
    out = np.asarray(embedder.encode(texts, batch_size=batch_size), dtype=np.float32)
    if out.shape != (len(texts), embedder.dim):
        raise ValueError(
            f"{embedder.model_id} returned shape {out.shape}, "
            f"expected ({len(texts)}, {embedder.dim})"
        )
    if not np.isfinite(out).all():
        raise ValueError(f"{embedder.model_id} returned non-finite values")
    return out


def embed_corpus(
    corpus: Corpus,
    embedder: Embedder,
    *,
    cache: EmbeddingCache | None = None,
    progress: ProgressCallback | None = None,
    batch_size: int = 32,
) -> np.ndarray:
    """Embeddings of a corpus: row ``i`` is ``corpus.documents`` row ``i``.

    Same options as :func:`embed_texts`, applied to ``corpus.texts``.
    """
    return embed_texts(
        corpus.texts, embedder, cache=cache, progress=progress, batch_size=batch_size
    )
