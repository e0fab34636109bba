"""Cached, resumable embedding of texts and corpora: each distinct text is embedded once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mixscope.corpus import Corpus
from mixscope.corpus.text import text_key
from mixscope.embed.cache import EmbeddingCache, check_unit_vectors
from mixscope.embed.embedder import Embedder
from mixscope.embed.progress import ProgressCallback

#: Texts embedded (and written to the cache as one shard) per step; bounds lost work on a crash.
CHUNK_SIZE = 1024
#: Documents encoded between two progress reports (at least one batch).
PROGRESS_STEP = 128


@dataclass(frozen=True)
class EmbedCounts:
    """Where one embedding call got its vectors from, counted in documents.

    Attributes
    ----------
    documents : int
        N, the texts asked for, repeats included.
    embedded : int
        E, documents whose text was not in the cache (or no cache was given) and was embedded
        by this call; a text repeated k times counts k times, though it is encoded once.
    from_cache : int
        C = N - E, documents whose text's vector was read from the cache.

    Examples
    --------
    >>> counts = EmbedCounts(documents=1200, embedded=200)
    >>> counts.from_cache
    1000
    >>> str(counts)
    '1,200 documents: 200 embedded, 1,000 from cache'
    """

    documents: int
    embedded: int

    def __post_init__(self) -> None:
        if not 0 <= self.embedded <= self.documents:
            raise ValueError(
                f"embedded must be in [0, documents={self.documents}], got {self.embedded}"
            )

    @property
    def from_cache(self) -> int:
        """C = N - E."""
        return self.documents - self.embedded

    def __str__(self) -> str:
        return (
            f"{self.documents:,} documents: {self.embedded:,} embedded, "
            f"{self.from_cache:,} from cache"
        )


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
        Called after the cache lookup and after every ``PROGRESS_STEP`` (128) documents encoded;
        cached documents count as done. An interruption loses at most the chunk in progress.
    batch_size : int, default=32
        Passed to ``embedder.encode``.
    chunk_size : int, default=1024

    Returns
    -------
    ndarray of shape (len(texts), embedder.dim), float32, rows in the order of ``texts``.

    See Also
    --------
    embed_texts_with_counts : the same, also counting documents embedded and read from cache.
    """
    return embed_texts_with_counts(
        texts,
        embedder,
        cache=cache,
        progress=progress,
        batch_size=batch_size,
        chunk_size=chunk_size,
    )[0]


def embed_texts_with_counts(
    texts: Sequence[str],
    embedder: Embedder,
    *,
    cache: EmbeddingCache | None = None,
    progress: ProgressCallback | None = None,
    batch_size: int = 32,
    chunk_size: int = CHUNK_SIZE,
) -> tuple[np.ndarray, EmbedCounts]:
    """:func:`embed_texts`, also saying how many documents were embedded and read from cache.

    Parameters are those of :func:`embed_texts`.

    Returns
    -------
    vectors : ndarray of shape (len(texts), embedder.dim), float32
    counts : EmbedCounts
        N = ``len(texts)``; E = documents whose text was not found in the cache when this call
        looked it up (texts of damaged shards included), each repeat counted; C = N - E.
    """
    if chunk_size < 1 or batch_size < 1:
        raise ValueError(f"chunk_size and batch_size must be >= 1, got {chunk_size}, {batch_size}")
    keys, first, inverse = _distinct(texts)
    counts = np.bincount(inverse, minlength=len(keys))
    vectors, found = _lookup(cache, embedder, keys)
    done = cached = int(counts[found].sum())
    if progress is not None:
        progress(done, len(texts))
    todo = sorted(np.flatnonzero(~found).tolist(), key=lambda u: -len(texts[first[u]]))
    step = max(batch_size, PROGRESS_STEP)
    for start in range(0, len(todo), chunk_size):
        chunk = todo[start : start + chunk_size]
        # encoded a step at a time so progress moves steadily; written to the cache a chunk
        # at a time (fewer, larger shards)
        for offset in range(0, len(chunk), step):
            part = chunk[offset : offset + step]
            vectors[part] = _encode_checked(embedder, [texts[first[u]] for u in part], batch_size)
            done += int(counts[part].sum())
            if progress is not None:
                progress(done, len(texts))
        if cache is not None:
            cache.put(embedder.cache_id, [keys[u] for u in chunk], vectors[chunk])
    return vectors[inverse], EmbedCounts(documents=len(texts), embedded=len(texts) - cached)


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
    return cache.get(embedder.cache_id, keys, dim=embedder.dim)


def _encode_checked(embedder: Embedder, texts: list[str], batch_size: int) -> np.ndarray:
    out = np.asarray(embedder.encode(texts, batch_size=batch_size), dtype=np.float32)
    if out.shape != (len(texts), embedder.dim):
        raise ValueError(
            f"{embedder.model_id} returned shape {out.shape}, "
            f"expected ({len(texts)}, {embedder.dim})"
        )
    if not np.isfinite(out).all():
        raise ValueError(f"{embedder.model_id} returned non-finite values")
    try:  # the cache refuses what the Embedder protocol rules out: fail here, once
        check_unit_vectors(out, dim=embedder.dim)
    except ValueError as err:
        raise ValueError(f"{embedder.model_id} broke the Embedder protocol: {err}") from None
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
    return embed_corpus_with_counts(
        corpus, embedder, cache=cache, progress=progress, batch_size=batch_size
    )[0]


def embed_corpus_with_counts(
    corpus: Corpus,
    embedder: Embedder,
    *,
    cache: EmbeddingCache | None = None,
    progress: ProgressCallback | None = None,
    batch_size: int = 32,
) -> tuple[np.ndarray, EmbedCounts]:
    """:func:`embed_corpus` and its :class:`EmbedCounts` (N = documents of the corpus).

    Examples
    --------
    >>> import pandas as pd
    >>> from mixscope.embed import LexicalEmbedder
    >>> docs = pd.DataFrame({"source_row": [0, 1, 2], "text": ["a cat", "a dog", "a cat"]})
    >>> vectors, counts = embed_corpus_with_counts(
    ...     Corpus("pets", "real", docs, "text"), LexicalEmbedder(dim=8)
    ... )
    >>> vectors.shape, str(counts)
    ((3, 8), '3 documents: 3 embedded, 0 from cache')
    """
    return embed_texts_with_counts(
        corpus.texts, embedder, cache=cache, progress=progress, batch_size=batch_size
    )
