"""The shipped demo vectors: current, complete, copied only under their own model's key."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from mixscope.corpus import load_demo_corpora, text_key
from mixscope.embed import (
    EmbeddingCache,
    LexicalEmbedder,
    default_cache_id,
    get_embedder,
    model_cache_id,
)
from mixscope.embed.demo_vectors import DEMO_VECTORS, seed_demo_vectors, write_demo_vectors
from mixscope.embed.openvino_backend import MIN_COSINE

DIM = 384


def _made_by() -> str:
    """The cache id the shipped file was made under."""
    return pq.read_schema(DEMO_VECTORS).metadata[b"cache_id"].decode()


def _demo_keys() -> list[str]:
    return sorted({text_key(t) for c in load_demo_corpora() for t in c.texts})


def test_the_shipped_file_holds_every_demo_text_from_the_installed_model(tmp_path: Path) -> None:
    table = pq.read_table(DEMO_VECTORS)
    assert table.column("key").to_pylist() == _demo_keys()  # regenerate: make demo-data
    made_by = _made_by()
    # the bundled model as installed, on this machine's default backend (verified by make)
    assert made_by == default_cache_id()
    assert made_by.startswith(model_cache_id(cache_root=tmp_path))


def test_seeding_copies_what_the_cache_lacks_once(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    cache_id = _made_by()
    keys = _demo_keys()
    assert seed_demo_vectors(cache, cache_id, dim=DIM) == len(keys)
    assert seed_demo_vectors(cache, cache_id, dim=DIM) == 0
    vectors, found = cache.get(cache_id, keys, dim=DIM)
    assert found.all()
    shipped = np.stack(pq.read_table(DEMO_VECTORS).column("vector").to_numpy(zero_copy_only=False))
    assert np.array_equal(vectors, shipped.astype(np.float32))


def test_another_model_gets_nothing(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    assert seed_demo_vectors(cache, LexicalEmbedder().cache_id, dim=DIM) == 0
    assert not (tmp_path / "embeddings").exists()


def test_a_damaged_file_is_skipped_with_a_warning(tmp_path: Path) -> None:
    copy = tmp_path / "demo_vectors.parquet"
    data = bytearray(DEMO_VECTORS.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.write_bytes(bytes(data))
    cache = EmbeddingCache(tmp_path / "cache")
    with pytest.warns(RuntimeWarning, match="not using the shipped demo vectors"):
        copied = seed_demo_vectors(cache, _made_by(), dim=DIM, path=copy)
    assert copied == 0


def test_a_missing_file_copies_nothing(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    assert seed_demo_vectors(cache, "x", dim=DIM, path=tmp_path / "absent.parquet") == 0


def test_write_then_seed_round_trips(tmp_path: Path) -> None:
    embedder = LexicalEmbedder(dim=16)
    corpora = load_demo_corpora()
    path = write_demo_vectors(corpora, embedder, path=tmp_path / "v.parquet")
    assert [p.name for p in tmp_path.iterdir()] == ["v.parquet"]  # no scratch left behind
    again = tmp_path / "again.parquet"
    write_demo_vectors(corpora, embedder, path=again)
    assert path.read_bytes() == again.read_bytes()  # deterministic
    cache = EmbeddingCache(tmp_path / "cache")
    assert seed_demo_vectors(cache, embedder.cache_id, dim=16, path=path) == len(_demo_keys())
    texts = corpora[0].texts[:50]
    vectors, found = cache.get(embedder.cache_id, [text_key(t) for t in texts], dim=16)
    assert found.all() and np.array_equal(vectors, embedder.encode(texts))


@pytest.mark.model
def test_shipped_vectors_equal_the_default_embedders_own(tmp_path: Path) -> None:
    table = pq.read_table(DEMO_VECTORS)
    rng = np.random.default_rng(0)
    rows = rng.choice(table.num_rows, size=24, replace=False)
    by_key = {text_key(t): t for c in load_demo_corpora() for t in c.texts}
    keys = table.column("key").to_pylist()
    texts = [by_key[keys[i]] for i in rows]
    shipped = np.stack(table.column("vector").to_numpy(zero_copy_only=False)[rows])
    default = get_embedder(None)  # the backend the file was made with (default cache root)
    assert default.cache_id == _made_by()
    assert np.einsum("ij,ij->i", shipped, default.encode(texts)).min() > 0.99999
    stock = get_embedder(None, cache_root=tmp_path, backend="stock").encode(texts)
    assert np.einsum("ij,ij->i", shipped, stock).min() >= MIN_COSINE  # equivalent if not equal
