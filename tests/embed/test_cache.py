"""The on-disk embedding cache: round trips, isolation, crashes and concurrent writers."""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from mixscope.corpus.text import text_key
from mixscope.embed import (
    CACHE_ENV,
    EmbeddingCache,
    LexicalEmbedder,
    default_cache_root,
    embed_texts,
    model_slug,
)

MODEL = "test/model"


def vectors(n: int, dim: int = 4, seed: int = 0) -> np.ndarray:
    """Random unit rows, as every embedder returns (the cache refuses others)."""
    raw = np.random.default_rng(seed).standard_normal((n, dim))
    return (raw / np.linalg.norm(raw, axis=1, keepdims=True)).astype(np.float32)


def test_round_trip_with_repeats_and_missing_keys(tmp_path) -> None:
    cache = EmbeddingCache(tmp_path)
    stored = vectors(3)
    cache.put(MODEL, ["a", "b", "c"], stored)
    got, found = cache.get(MODEL, ["c", "zz", "a", "c"], dim=4)
    assert found.tolist() == [True, False, True, True]
    np.testing.assert_array_equal(got[[0, 2, 3]], stored[[2, 0, 2]])
    np.testing.assert_array_equal(got[1], np.zeros(4))
    assert got.dtype == np.float32


def test_survives_a_new_instance_and_separates_models(tmp_path) -> None:
    EmbeddingCache(tmp_path).put(MODEL, ["a"], vectors(1))
    reopened = EmbeddingCache(tmp_path)
    assert reopened.get(MODEL, ["a"], dim=4)[1].tolist() == [True]
    assert reopened.get("other/model", ["a"], dim=4)[1].tolist() == [False]
    assert reopened.count(MODEL) == 1
    assert reopened.count("other/model") == 0


def test_model_slug_is_safe_and_collision_free() -> None:
    assert model_slug("a/b") != model_slug("a_b")
    assert "/" not in model_slug("/abs/path/to/model")
    with pytest.raises(ValueError, match="model_id must be a non-empty string"):
        model_slug("")


def test_default_root_follows_environment(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    assert default_cache_root() == tmp_path
    assert EmbeddingCache().root == tmp_path
    monkeypatch.delenv(CACHE_ENV)
    assert default_cache_root() == Path.home() / ".cache" / "mixscope"


def test_put_rejects_mismatched_shapes_and_vectors_it_would_refuse(tmp_path) -> None:
    cache = EmbeddingCache(tmp_path)
    with pytest.raises(ValueError, match=r"shape \(2, dim\) to match the keys, got \(3, 4\)"):
        cache.put(MODEL, ["a", "b"], vectors(3))
    assert cache.put(MODEL, [], np.zeros((0, 4))) is None
    with pytest.raises(ValueError, match="vectors must be finite"):
        cache.put(MODEL, ["a"], np.full((1, 4), np.nan))
    with pytest.raises(ValueError, match=r"unit L2 norm .* got norm 2 in row 1"):
        cache.put(MODEL, ["a", "b"], np.vstack([vectors(1), 2 * vectors(1)]))
    assert cache.shards(MODEL) == []


def test_truncated_and_garbage_shards_are_quarantined(tmp_path) -> None:
    cache = EmbeddingCache(tmp_path)
    good = cache.put(MODEL, ["a"], vectors(1))
    bad = cache.put(MODEL, ["b"], vectors(1, seed=1))
    assert good is not None and bad is not None
    bad.write_bytes(bad.read_bytes()[:30])
    (cache.model_dir(MODEL) / "shard-0-garbage.parquet").write_bytes(b"not parquet at all")
    with pytest.warns(RuntimeWarning, match="damaged embedding cache shard") as record:
        _, found = cache.get(MODEL, ["a", "b"], dim=4)
    assert len(record) == 2
    assert found.tolist() == [True, False]
    assert not bad.exists()
    assert bad.with_name(bad.name + ".corrupt").exists()
    assert cache.shards(MODEL) == [good]


def test_corrupt_shard_body_is_quarantined(tmp_path) -> None:
    cache = EmbeddingCache(tmp_path)
    cache.put(MODEL, ["a"], vectors(1))
    bad = cache.put(MODEL, [f"k{i}" for i in range(200)], vectors(200, seed=2))
    assert bad is not None
    data = bytearray(bad.read_bytes())
    data[4:1500] = b"\xff" * 1496  # footer intact, pages destroyed
    bad.write_bytes(bytes(data))
    with pytest.warns(RuntimeWarning, match="damaged embedding cache shard"):
        _, found = cache.get(MODEL, ["a", "k0"], dim=4)
    assert found.tolist() == [True, False]


def test_temporary_files_of_unfinished_writes_are_ignored(tmp_path) -> None:
    cache = EmbeddingCache(tmp_path)
    cache.put(MODEL, ["a"], vectors(1))
    (cache.model_dir(MODEL) / ".shard-1-2-3.parquet.tmp").write_bytes(b"half a shard")
    assert cache.get(MODEL, ["a"], dim=4)[1].tolist() == [True]


def test_compact_merges_shards_and_drops_duplicate_keys(tmp_path) -> None:
    cache = EmbeddingCache(tmp_path)
    stored = vectors(4)
    cache.put(MODEL, ["a", "b"], stored[:2])
    cache.put(MODEL, ["b", "c"], stored[1:3])
    cache.put(MODEL, ["d"], stored[3:])
    merged = cache.compact(MODEL)
    assert cache.shards(MODEL) == [merged]
    assert cache.count(MODEL) == 4
    got, found = cache.get(MODEL, ["a", "b", "c", "d"], dim=4)
    assert found.all()
    np.testing.assert_array_equal(got, stored)
    assert cache.compact("nothing/here") is None


def _embed_in_process(root: str, texts: list[str], queue: Any, barrier: Any = None) -> None:
    lexical = LexicalEmbedder(dim=16)
    encoded: list[str] = []

    class Counting:
        model_id, cache_id, dim = lexical.model_id, lexical.cache_id, lexical.dim

        def encode(self, batch: list[str], *, batch_size: int = 32) -> np.ndarray:
            if barrier is not None and not encoded:
                barrier.wait(timeout=60)  # both processes have looked the cache up: they overlap
            encoded.extend(batch)
            return lexical.encode(batch)

    embed_texts(texts, Counting(), cache=EmbeddingCache(root), chunk_size=7)
    queue.put(len(encoded))


def test_concurrent_processes_share_one_cache(tmp_path, monkeypatch) -> None:
    # Spawned children import this module by name: let them find it however pytest was started.
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[2]))
    texts = [f"document number {i} about topic {i % 7}" for i in range(60)]
    ctx = multiprocessing.get_context("spawn")
    queue, barrier = ctx.Queue(), ctx.Barrier(2)
    jobs = [texts[:40], texts[20:]]  # 20 texts in common, embedded and written by both
    procs = [
        ctx.Process(target=_embed_in_process, args=(str(tmp_path), t, queue, barrier)) for t in jobs
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    assert sorted(queue.get(timeout=5) for _ in procs) == [40, 40]
    _embed_in_process(str(tmp_path), texts, queue)  # a third reader, here
    assert queue.get(timeout=5) == 0  # everything was already cached; duplicate keys harmless
    lexical = LexicalEmbedder(dim=16)
    cache = EmbeddingCache(tmp_path)
    got, found = cache.get(lexical.model_id, [text_key(t) for t in texts], dim=16)
    assert found.all()
    assert cache.count(lexical.model_id) == 60
    np.testing.assert_array_equal(got, lexical.encode(texts))
