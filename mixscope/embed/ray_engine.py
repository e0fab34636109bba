"""Embedding and MinHash signatures as Ray Data pipelines: the optional ``ray`` engine.

``pip install 'ray[data]'`` (the ``ray`` extra). Ray is imported inside the functions only, so
nothing here costs anything without it; :func:`require_ray` turns its absence into one line.

:func:`ray_fill_cache` fills the same :class:`~mixscope.embed.EmbeddingCache` as
:func:`~mixscope.embed.embed_texts` (same ``cache_id``, same keys), so the local engine and the
app read its vectors directly. The driver looks every distinct text up in the cache and sends
only the missing ones, each once, through ``Dataset.map_batches`` with a callable class on an
actor pool (``ray.data.ActorPoolStrategy``): each actor builds the embedder by name with
:func:`~mixscope.embed.get_embedder`, once, and encodes batch after batch. The vectors come
back to the driver, which writes them into the cache in chunks: the cluster's nodes never touch
the cache, so they need no shared file system (only mixscope and the model installed).

:func:`ray_minhash_signatures` computes what :func:`mixscope.metrics.minhash.minhash_signatures`
does, in Ray tasks, and returns the identical array.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from mixscope.corpus.text import text_key
from mixscope.embed.cache import EmbeddingCache
from mixscope.embed.embedder import BACKEND_ENV, Embedder, get_embedder
from mixscope.embed.embedding import (
    CHUNK_SIZE,
    PROGRESS_STEP,
    EmbedCounts,
    _distinct,
    _encode_checked,
)
from mixscope.embed.progress import ProgressCallback
from mixscope.metrics.checks import check_texts
from mixscope.metrics.minhash import minhash_signatures

if TYPE_CHECKING:
    from types import ModuleType

#: The one line shown when the ray engine is asked for without Ray installed.
RAY_MISSING = "the ray engine needs Ray: pip install 'ray[data]'"
#: Texts per MinHash task.
MINHASH_BLOCK = 2048
_QUIET_LOGGERS = {"ray.data": logging.WARNING, "ray.data._internal.progress": logging.ERROR}


def require_ray() -> ModuleType:
    """The ``ray`` module with Ray Data, or ``ImportError`` saying :data:`RAY_MISSING`."""
    try:
        import ray
        import ray.data
    except ImportError:
        raise ImportError(RAY_MISSING) from None
    return ray


@contextmanager
def ray_session(address: str | None = None) -> Iterator[None]:
    """Connect to Ray for the duration of a block, with Ray Data's log chatter turned down.

    Parameters
    ----------
    address : str, optional
        A cluster: ``"ray://host:10001"`` (Ray Client), ``"auto"`` (the cluster this machine
        belongs to) or a GCS address ``"host:6379"``. None: what ``ray.init()`` finds
        (``$RAY_ADDRESS``, a cluster started here with ``ray start``), else a fresh local Ray,
        shut down again at the end. When Ray is already initialised in this process it is used
        as it is, and left running.
    """
    ray = require_ray()
    started = not ray.is_initialized()
    if started:
        options: dict[str, Any] = {}
        if address is None or not address.startswith("ray://"):
            options = {"logging_level": logging.WARNING}
        if address is None:
            options["include_dashboard"] = False
        ray.init(address=address, **options)
    levels = {name: logging.getLogger(name).level for name in _QUIET_LOGGERS}
    for name, level in _QUIET_LOGGERS.items():
        logging.getLogger(name).setLevel(level)
    try:
        yield
    finally:
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        if started:
            ray.shutdown()


class _EmbedBatches:
    """The actor's callable: builds the embedder once, then turns text batches into vectors.

    Each row comes back with the key of the text as it arrived and the embedder's ``cache_id``,
    so the driver can check that nothing was changed in transit and that every actor (on every
    node) has the model the driver keys the cache on.
    """

    def __init__(
        self, model: str | None, cache_root: str, backend: str | None, batch_size: int
    ) -> None:
        self.embedder = get_embedder(model, cache_root=cache_root, backend=backend)
        self.batch_size = batch_size

    def __call__(self, batch: pa.Table) -> dict[str, np.ndarray]:
        texts = batch.column("text").to_pylist()
        vectors = _encode_checked(self.embedder, texts, self.batch_size)
        return {
            "key": np.array([text_key(t) for t in texts], dtype=object),
            "vector": vectors,
            "cache_id": np.full(len(texts), self.embedder.cache_id, dtype=object),
        }


def ray_fill_cache(
    texts: Sequence[str],
    model: str | None,
    *,
    cache: EmbeddingCache,
    embedder: Embedder | None = None,
    actors: int | None = None,
    batch_size: int = 32,
    chunk_size: int = CHUNK_SIZE,
    progress: ProgressCallback | None = None,
    backend: str | None = None,
) -> EmbedCounts:
    """Embed the texts missing from the cache on a Ray actor pool; the driver writes the cache.

    The cache afterwards holds what :func:`~mixscope.embed.embed_texts` with the same embedder
    would have written: one vector per distinct text, under the embedder's ``cache_id`` and the
    text's :func:`~mixscope.corpus.text.text_key`. Only distinct texts not yet cached are sent
    to Ray. The vectors come back to this process (the driver), which ``put``\\ s them in chunks
    of ``chunk_size`` as they arrive: the actors never open the cache, so a cluster needs no
    shared file system, and an interrupted run keeps every chunk already written.

    Parameters
    ----------
    texts : sequence of str
        Already normalised (``mixscope.corpus.text.normalize_text``), as for ``embed_texts``.
    model : str or None
        The name each actor builds its embedder from, with :func:`get_embedder` (None: the
        default model; "lexical"; a model id or path that every node can load).
    cache : EmbeddingCache
        The cache to read and fill, on the driver's disk.
    embedder : Embedder, optional
        The driver's embedder for ``model`` (built here when not given): its ``cache_id`` keys
        the cache, and every batch an actor returns must carry the same one (else
        ``ValueError``, before that batch is written).
    actors : int, optional
        Size of the actor pool, each actor holding one model on one CPU. Default: an
        autoscaling pool from one actor up to what the cluster's CPUs allow.
    batch_size : int, default=32
        Passed to ``embedder.encode`` inside the actors.
    chunk_size : int, default=1024
        Vectors gathered before a cache shard is written (each shard but the last holds at
        least this many, at most a batch more).
    progress : callable(done, total), optional
        Called after the cache lookup and whenever a batch of vectors comes back (documents,
        repeats and cached ones included, as for ``embed_texts``).
    backend : str, optional
        The default model's backend for :func:`get_embedder`; default: this process's
        ``$MIXSCOPE_EMBED_BACKEND``, so the actors choose as the driver did.

    Returns
    -------
    EmbedCounts
        N = ``len(texts)``, E = documents whose text was not in the cache, C = N - E.
    """
    if chunk_size < 1 or batch_size < 1:
        raise ValueError(f"chunk_size and batch_size must be >= 1, got {chunk_size}, {batch_size}")
    if actors is not None and actors < 1:
        raise ValueError(f"actors must be >= 1, got {actors}")
    backend = backend or os.environ.get(BACKEND_ENV)
    if embedder is None:
        embedder = get_embedder(model, cache_root=cache.root, backend=backend)
    keys, first, inverse = _distinct(texts)
    counts = np.bincount(inverse, minlength=len(keys))
    _, found = cache.get(embedder.cache_id, keys, dim=embedder.dim)
    done = cached = int(counts[found].sum())
    if progress is not None:
        progress(done, len(texts))
    todo = sorted(np.flatnonzero(~found).tolist(), key=lambda u: -len(texts[first[u]]))
    if todo:
        weight = {keys[u]: int(counts[u]) for u in todo}
        batches = _embed_on_ray(
            [texts[first[u]] for u in todo],
            model,
            cache_root=str(cache.root),
            backend=backend,
            actors=actors,
            batch_size=batch_size,
        )
        pending_keys: list[str] = []
        pending_vectors: list[np.ndarray] = []
        for batch in batches:
            batch_keys = _checked_batch(batch, embedder, weight)
            pending_keys += batch_keys
            pending_vectors.append(batch["vector"])
            if len(pending_keys) >= chunk_size:
                cache.put(embedder.cache_id, pending_keys, np.concatenate(pending_vectors))
                pending_keys, pending_vectors = [], []
            done += sum(weight.pop(k) for k in batch_keys)
            if progress is not None:
                progress(done, len(texts))
        if pending_keys:
            cache.put(embedder.cache_id, pending_keys, np.concatenate(pending_vectors))
        if weight:
            raise RuntimeError(f"Ray returned no vector for {len(weight)} of {len(todo)} texts")
    return EmbedCounts(documents=len(texts), embedded=len(texts) - cached)


def _embed_on_ray(
    texts: list[str],
    model: str | None,
    *,
    cache_root: str,
    backend: str | None,
    actors: int | None,
    batch_size: int,
) -> Iterator[dict[str, np.ndarray]]:
    """The vectors of ``texts`` from an actor pool, batch by batch, in no particular order."""
    ray = require_ray()
    step = max(batch_size, PROGRESS_STEP)  # texts per actor call: progress moves steadily
    blocks = [pa.table({"text": pa.array(texts[i : i + step], pa.string())})
              for i in range(0, len(texts), step)]  # fmt: skip
    pool = (
        ray.data.ActorPoolStrategy(min_size=1, max_size=None)
        if actors is None
        else ray.data.ActorPoolStrategy(size=actors)
    )
    dataset = ray.data.from_arrow(blocks).map_batches(
        _EmbedBatches,
        fn_constructor_kwargs={
            "model": model,
            "cache_root": cache_root,
            "backend": backend,
            "batch_size": batch_size,
        },
        batch_size=step,
        batch_format="pyarrow",
        compute=pool,
        num_cpus=1,
    )
    dataset.context.enable_progress_bars = False  # the caller shows progress in documents
    yield from dataset.iter_batches(batch_size=None, batch_format="numpy")


def _checked_batch(
    batch: dict[str, np.ndarray], embedder: Embedder, expected: dict[str, int]
) -> list[str]:
    """The batch's keys, after checking its model, its shape and that its keys were asked for."""
    ids = set(batch["cache_id"].tolist())
    if ids != {embedder.cache_id}:
        raise ValueError(
            f"a Ray actor embedded with {sorted(ids)}, but the cache is keyed on "
            f"{embedder.cache_id!r}: give every node the same model files"
        )
    keys: list[str] = batch["key"].tolist()
    vectors = batch["vector"]
    if vectors.shape != (len(keys), embedder.dim):
        raise ValueError(
            f"a Ray actor returned vectors of shape {vectors.shape}, "
            f"expected ({len(keys)}, {embedder.dim})"
        )
    unknown = [k for k in keys if k not in expected]
    if unknown or len(set(keys)) != len(keys):
        raise RuntimeError(
            "a Ray actor returned vectors for texts that were not sent, or twice "
            f"(first unexpected key: {unknown[0] if unknown else 'a repeat'})"
        )
    return keys


def _minhash_batch(batch: pa.Table, *, num_perm: int, ngram: int, seed: int) -> dict[str, Any]:
    """One task's share of :func:`ray_minhash_signatures`: its rows and their signatures."""
    signatures = minhash_signatures(
        batch.column("text").to_pylist(), num_perm=num_perm, ngram=ngram, seed=seed
    )
    return {"row": batch.column("row").to_numpy(), "signature": signatures}


def ray_minhash_signatures(
    texts: Sequence[str],
    *,
    num_perm: int = 128,
    ngram: int = 5,
    seed: int = 1,
    block_size: int = MINHASH_BLOCK,
    tasks: int | None = None,
) -> np.ndarray:
    """:func:`~mixscope.metrics.minhash.minhash_signatures`, computed in Ray tasks.

    The texts go to Ray in blocks of ``block_size``; each task (``Dataset.map_batches`` with a
    function) signs its block with ``minhash_signatures`` itself, and the driver puts the rows
    back in order. The result is identical to ``minhash_signatures(texts, num_perm=num_perm,
    ngram=ngram, seed=seed)``: same dtype (uint32), same shape, same rows in the same order.

    Parameters
    ----------
    texts : sequence of str
    num_perm, ngram, seed : int
        As for ``minhash_signatures`` (checked here, before Ray is asked for anything).
    block_size : int, default=2048
        Texts per task.
    tasks : int, optional
        At most this many tasks at once; default: as many as the cluster's CPUs allow.

    Returns
    -------
    ndarray of uint32, shape (len(texts), num_perm)
    """
    docs = check_texts(texts, name="texts", min_docs=0)
    empty = minhash_signatures([], num_perm=num_perm, ngram=ngram, seed=seed)  # checks options
    if block_size < 1:
        raise ValueError(f"block_size must be >= 1, got {block_size}")
    if tasks is not None and tasks < 1:
        raise ValueError(f"tasks must be >= 1, got {tasks}")
    if not docs:
        return empty
    ray = require_ray()
    blocks = [
        pa.table(
            {
                "row": pa.array(np.arange(i, min(i + block_size, len(docs))), pa.int64()),
                "text": pa.array(docs[i : i + block_size], pa.string()),
            }
        )
        for i in range(0, len(docs), block_size)
    ]
    dataset = ray.data.from_arrow(blocks).map_batches(
        _minhash_batch,
        fn_kwargs={"num_perm": num_perm, "ngram": ngram, "seed": seed},
        batch_size=block_size,
        batch_format="pyarrow",
        compute=ray.data.TaskPoolStrategy(size=tasks),
    )
    dataset.context.enable_progress_bars = False
    out = np.empty((len(docs), num_perm), dtype=np.uint32)
    filled = np.zeros(len(docs), dtype=bool)
    for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
        rows = batch["row"]
        if filled[rows].any():
            raise RuntimeError("Ray returned a MinHash signature twice")
        out[rows] = batch["signature"]
        filled[rows] = True
    if not filled.all():
        raise RuntimeError(f"Ray returned no MinHash signature for {int((~filled).sum())} texts")
    return out
