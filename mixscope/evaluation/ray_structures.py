"""Each corpus's text structures (MinHash signatures and the rest) as a Ray Data pipeline.

The per-corpus part of an index (:func:`~mixscope.evaluation.corpus_index.text_structures`:
MinHash signatures, exact-duplicate keys, word token codes, group mentions, sentiment,
language) depends on the texts alone, row by row, so it splits into blocks that Ray tasks
compute anywhere. :func:`ray_text_structures` returns exactly what ``text_structures`` of the
whole list returns; :func:`ray_store_text_structures` puts it in the :class:`IndexStore` under
the key a local ``build_index`` looks for, so the next index build on any machine sharing the
cache loads it. As for the embeddings, the driver writes the store: the nodes need no shared
file system. Ray is the optional extra (:func:`mixscope.embed.require_ray`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import numpy as np
import pyarrow as pa

from mixscope.corpus import Corpus
from mixscope.embed import require_ray
from mixscope.evaluation.corpus_index import (
    IndexSettings,
    join_text_structures,
    store_text_structures,
    stored_text_structures,
    text_structures,
)
from mixscope.evaluation.index_store import IndexStore

__all__ = ["ray_store_text_structures", "ray_text_structures"]

#: Texts per Ray task.
BLOCK = 2048


def _block(batch: pa.Table, *, settings: IndexSettings) -> dict[str, Any]:
    """One task: the structures of one block, flattened into one row per block (Ray Data
    batches are columns of equal length; tokens are ragged, so each array travels as bytes)."""
    arrays = text_structures(batch.column("text").to_pylist(), settings=settings)
    first = batch.column("row")[0].as_py()
    return {
        "first": np.array([first], dtype=np.int64),
        "arrays": np.array([_pack(arrays)], dtype=object),
    }


def _pack(arrays: dict[str, np.ndarray]) -> bytes:
    """Arrays as .npz bytes (never pickle), to travel as one binary value."""
    buffer = io.BytesIO()
    np.savez(buffer, allow_pickle=False, **arrays)
    return buffer.getvalue()


def _unpack(data: bytes) -> dict[str, np.ndarray]:
    with np.load(io.BytesIO(data), allow_pickle=False) as archive:
        return {name: archive[name] for name in archive.files}


def ray_text_structures(
    texts: Sequence[str],
    *,
    settings: IndexSettings | None = None,
    block_size: int = BLOCK,
    tasks: int | None = None,
) -> dict[str, np.ndarray]:
    """``text_structures(texts, settings=settings)``, computed in Ray tasks of ``block_size``
    texts (at most ``tasks`` at once; default: as many as the cluster's CPUs allow)."""
    s = settings or IndexSettings()
    if block_size < 1:
        raise ValueError(f"block_size must be >= 1, got {block_size}")
    if tasks is not None and tasks < 1:
        raise ValueError(f"tasks must be >= 1, got {tasks}")
    docs = list(texts)
    if not docs:
        return text_structures([], settings=s)
    ray = require_ray()
    blocks = [
        pa.table({"row": pa.array(np.arange(i, min(i + block_size, len(docs))), pa.int64()),
                  "text": pa.array(docs[i : i + block_size], pa.string())})
        for i in range(0, len(docs), block_size)
    ]  # fmt: skip
    dataset = ray.data.from_arrow(blocks).map_batches(
        _block,
        fn_kwargs={"settings": s},
        batch_size=block_size,
        batch_format="pyarrow",
        compute=ray.data.TaskPoolStrategy(size=tasks),
    )
    dataset.context.enable_progress_bars = False
    parts: dict[int, dict[str, np.ndarray]] = {}
    for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
        for first, data in zip(batch["first"], batch["arrays"], strict=True):
            parts[int(first)] = _unpack(bytes(data))
    expected = list(range(0, len(docs), block_size))
    if sorted(parts) != expected:
        raise RuntimeError(f"Ray returned blocks {sorted(parts)}, expected {expected}")
    return join_text_structures([parts[i] for i in expected])


def ray_store_text_structures(
    corpus: Corpus,
    store: IndexStore,
    *,
    settings: IndexSettings | None = None,
    block_size: int = BLOCK,
    tasks: int | None = None,
) -> bool:
    """Compute ``corpus``'s text structures on Ray and keep them in ``store``, unless they are
    stored already; returns True when they were computed."""
    if stored_text_structures(corpus, store, settings=settings) is not None:
        return False
    arrays = ray_text_structures(corpus.texts, settings=settings, block_size=block_size,
                                 tasks=tasks)  # fmt: skip
    store_text_structures(corpus, store, arrays, settings=settings)
    return True
