"""Damaged caches are never served: flipped bytes, bad vectors, wrong widths, leftover files."""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mixscope.corpus.text import text_key
from mixscope.embed import (
    STALE_TEMP_AGE,
    EmbeddingCache,
    LexicalEmbedder,
    check_unit_vectors,
    embed_texts,
    embed_texts_with_counts,
    unit_tolerance,
)

DIM = 16
TEXTS = [f"document {i} about {topic}" for i, topic in enumerate(["rain", "bonds", "cats"] * 10)]
LEXICAL = LexicalEmbedder(dim=DIM)
CACHE_ID = LEXICAL.cache_id
KEYS = [text_key(t) for t in TEXTS]
EXPECTED = LEXICAL.encode(TEXTS)


class Counting:
    """The lexical embedder, recording the texts it is asked to encode."""

    model_id, cache_id, dim = LEXICAL.model_id, LEXICAL.cache_id, LEXICAL.dim

    def __init__(self) -> None:
        self.encoded: list[str] = []

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        self.encoded.extend(texts)
        return LEXICAL.encode(texts)


def write_raw_shard(cache: EmbeddingCache, vectors: np.ndarray, keys: Sequence[str]) -> Path:
    """A well-formed Parquet shard holding whatever vectors, bypassing ``put``'s checks."""
    vectors = np.asarray(vectors, dtype=np.float32)
    path = cache.model_dir(CACHE_ID) / "shard-0-raw.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.table(
        {
            "key": pa.array(list(keys), pa.string()),
            "vector": pa.FixedSizeListArray.from_arrays(pa.array(vectors.ravel()), DIM),
        }
    )
    pq.write_table(table, path, write_page_checksum=True)
    return path


def get_recording(cache: EmbeddingCache, keys: Sequence[str]) -> tuple[np.ndarray, np.ndarray, int]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got, found = cache.get(CACHE_ID, keys, dim=DIM)
    damaged = [w for w in caught if "damaged embedding cache shard" in str(w.message)]
    return got, found, len(damaged)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, bytes]:
    """Name and bytes of one shard holding TEXTS' vectors, written by ``put``."""
    path = EmbeddingCache(tmp_path_factory.mktemp("pristine")).put(CACHE_ID, KEYS, EXPECTED)
    assert path is not None
    return path.name, path.read_bytes()


@pytest.fixture(scope="module")
def pages(pristine: tuple[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> range:
    """Offsets of the pristine shard's page bytes (column chunks), footer excluded."""
    path = tmp_path_factory.mktemp("pages") / pristine[0]
    path.write_bytes(pristine[1])
    meta = pq.ParquetFile(path).metadata
    chunks = [meta.row_group(g).column(c) for g in range(meta.num_row_groups) for c in range(2)]
    starts = [min(filter(None, [c.dictionary_page_offset, c.data_page_offset])) for c in chunks]
    ends = [s + c.total_compressed_size for s, c in zip(starts, chunks, strict=True)]
    assert max(ends) < len(pristine[1]) - 8  # the footer follows
    return range(min(starts), max(ends))


def flipped_cache(root: Path, pristine: tuple[str, bytes], positions: np.ndarray) -> Path:
    name, data = pristine
    damaged = bytearray(data)
    for pos in positions:
        damaged[pos] ^= 0x5A
    path = EmbeddingCache(root).model_dir(CACHE_ID) / name
    path.parent.mkdir(parents=True)
    path.write_bytes(bytes(damaged))
    return path


def assert_never_wrong(root: Path, shard: Path) -> bool:
    """get() gives the right vector or not-found; embed_texts repairs; True if quarantined."""
    cache = EmbeddingCache(root)
    got, found, warned = get_recording(cache, KEYS)
    np.testing.assert_array_equal(got[found], EXPECTED[found])
    np.testing.assert_array_equal(got[~found], 0)
    quarantined = not shard.exists()
    assert found.all() != quarantined  # one page of one shard: all or nothing
    assert warned == quarantined
    assert shard.with_name(shard.name + ".corrupt").exists() == quarantined
    counting = Counting()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        repaired, counts = embed_texts_with_counts(TEXTS, counting, cache=cache)
    np.testing.assert_array_equal(repaired, EXPECTED)
    assert len(counting.encoded) == counts.embedded == (len(TEXTS) if quarantined else 0)
    return quarantined


def test_single_flipped_bytes_in_pages_are_never_served(tmp_path, pristine, pages) -> None:
    quarantined = 0
    for pos in np.linspace(pages.start, pages.stop - 1, 40).round().astype(int):
        root = tmp_path / f"at-{pos}"
        quarantined += assert_never_wrong(root, flipped_cache(root, pristine, [pos]))
    assert quarantined >= 30  # the others hit bytes no reader uses (e.g. unused statistics)


def test_sixteen_flipped_bytes_are_never_served(tmp_path, pristine, pages) -> None:
    rng = np.random.default_rng(7)
    quarantined = 0
    for trial in range(20):  # the experiment: 16 bytes, footer intact
        root = tmp_path / f"trial-{trial}"
        positions = rng.choice(np.asarray(pages), size=16, replace=False)
        quarantined += assert_never_wrong(root, flipped_cache(root, pristine, positions))
    assert quarantined == 20


@pytest.mark.parametrize(
    ("kind", "damage"),
    [
        ("nan", lambda v: np.where(np.arange(DIM) == 3, np.nan, v)),
        ("infinity", lambda v: np.where(np.arange(DIM) == 0, np.inf, v)),
        ("huge", lambda v: v * 1e12),
        ("half", lambda v: v * 0.5),
        ("just off", lambda v: v * (1 + 3 * unit_tolerance(DIM))),
    ],
)
def test_bad_vectors_in_a_valid_shard_are_refused_and_embedded_again(
    tmp_path, kind, damage
) -> None:
    cache = EmbeddingCache(tmp_path)
    cache.put(CACHE_ID, KEYS[:10], EXPECTED[:10])  # a good shard stays in service
    bad = EXPECTED[10:].copy()
    bad[5] = damage(bad[5])  # one bad row condemns its shard
    raw = write_raw_shard(cache, bad, KEYS[10:])
    got, found, warned = get_recording(cache, KEYS)
    assert found.tolist() == [True] * 10 + [False] * 20, kind
    np.testing.assert_array_equal(got[:10], EXPECTED[:10])
    assert warned == 1 and not raw.exists()
    assert raw.with_name(raw.name + ".corrupt").exists()
    counting = Counting()
    vectors, counts = embed_texts_with_counts(TEXTS, counting, cache=cache)
    np.testing.assert_array_equal(vectors, EXPECTED)
    assert sorted(counting.encoded) == sorted(TEXTS[10:])
    assert (counts.embedded, counts.from_cache) == (20, 10)


def test_vectors_within_round_off_and_zero_vectors_are_accepted(tmp_path) -> None:
    cache = EmbeddingCache(tmp_path)
    vectors = EXPECTED[:3].copy()
    vectors[0] *= 1 + unit_tolerance(DIM) / 3
    vectors[1] = 0.0  # the lexical embedder's vector of a text without features
    write_raw_shard(cache, vectors, KEYS[:3])
    got, found, warned = get_recording(cache, KEYS[:3])
    assert found.all() and warned == 0
    np.testing.assert_array_equal(got, vectors)
    assert LEXICAL.encode([""])[0].tolist() == [0.0] * DIM


def test_wrong_width_is_quarantined_not_raised(tmp_path) -> None:
    cache = EmbeddingCache(tmp_path)
    narrow = LexicalEmbedder(dim=8).encode(TEXTS[:5])
    shard = cache.put(CACHE_ID, KEYS[:5], narrow)  # same cache id, another width
    assert shard is not None
    _, found, warned = get_recording(cache, KEYS[:5])
    assert not found.any() and warned == 1 and not shard.exists()
    counting = Counting()
    np.testing.assert_array_equal(embed_texts(TEXTS, counting, cache=cache), EXPECTED)
    assert len(counting.encoded) == len(TEXTS)


@pytest.mark.parametrize(
    "table",
    [
        pa.table({"key": ["k"], "vector": pa.array([[1.0] + [0.0] * (DIM - 1)])}),  # list<double>
        pa.table({"key": [1], "vector": [[1.0]]}),
        pa.table({"text": ["k"]}),
    ],
    ids=["variable-length-double", "integer-keys", "no-vector-column"],
)
def test_foreign_shards_are_quarantined(tmp_path, table: pa.Table) -> None:
    cache = EmbeddingCache(tmp_path)
    path = cache.model_dir(CACHE_ID) / "shard-0-foreign.parquet"
    path.parent.mkdir(parents=True)
    pq.write_table(table, path)
    _, found, warned = get_recording(cache, ["k"])
    assert not found.any() and warned == 1 and not path.exists()


def test_shards_written_without_checksums_are_still_read(tmp_path) -> None:
    cache = EmbeddingCache(tmp_path)  # as written before checksums existed
    path = cache.model_dir(CACHE_ID) / "shard-1-old.parquet"
    path.parent.mkdir(parents=True)
    table = pa.table(
        {"key": KEYS, "vector": pa.FixedSizeListArray.from_arrays(pa.array(EXPECTED.ravel()), DIM)}
    )
    pq.write_table(table, path, compression="zstd")
    got, found, warned = get_recording(cache, KEYS)
    assert found.all() and warned == 0
    np.testing.assert_array_equal(got, EXPECTED)


def test_compact_and_count_never_take_in_a_damaged_shard(tmp_path) -> None:
    cache = EmbeddingCache(tmp_path)
    cache.put(CACHE_ID, KEYS[:10], EXPECTED[:10])
    cache.put(CACHE_ID, KEYS[5:15], EXPECTED[5:15])
    bad = EXPECTED[15:].copy()
    bad[0] = np.nan
    raw = write_raw_shard(cache, bad, KEYS[15:])
    with pytest.warns(RuntimeWarning, match="damaged embedding cache shard"):
        assert cache.count(CACHE_ID) == 15
    write_raw_shard(cache, bad, KEYS[15:])
    with pytest.warns(RuntimeWarning, match="damaged embedding cache shard"):
        merged = cache.compact(CACHE_ID)
    assert cache.shards(CACHE_ID) == [merged]
    assert raw.with_name(raw.name + ".corrupt").exists()  # kept aside, not deleted
    got, found = cache.get(CACHE_ID, KEYS, dim=DIM)
    assert found.tolist() == [True] * 15 + [False] * 15
    np.testing.assert_array_equal(got[:15], EXPECTED[:15])


def test_compact_needs_dim_when_shards_disagree(tmp_path) -> None:
    cache = EmbeddingCache(tmp_path)
    cache.put(CACHE_ID, KEYS[:2], EXPECTED[:2])
    cache.put(CACHE_ID, KEYS[2:4], LexicalEmbedder(dim=8).encode(TEXTS[2:4]))
    with pytest.raises(ValueError, match=r"widths \[8, 16\]; pass dim="):
        cache.compact(CACHE_ID)
    with pytest.warns(RuntimeWarning, match="8 dimensions, expected 16"):
        merged = cache.compact(CACHE_ID, dim=DIM)
    assert cache.shards(CACHE_ID) == [merged]
    assert cache.count(CACHE_ID) == 2


def test_check_unit_vectors_messages() -> None:
    check_unit_vectors(np.zeros((0, 4), np.float32), dim=4)
    with pytest.raises(ValueError, match=r"shape \(n, 4\), got \(2, 3\)"):
        check_unit_vectors(np.zeros((2, 3)), dim=4)
    with pytest.raises(ValueError, match=r"NaN or infinity in 1 rows \(first: row 1\)"):
        check_unit_vectors(np.array([[1.0, 0.0], [np.nan, 0.0]]), dim=2)
    assert unit_tolerance(16) == 20 * 2.0**-24


# --- leftovers of killed writers --------------------------------------------------------------


def test_abandoned_temporary_files_are_removed_live_ones_kept(tmp_path) -> None:
    cache = EmbeddingCache(tmp_path)
    cache.put(CACHE_ID, KEYS[:1], EXPECTED[:1])
    directory = cache.model_dir(CACHE_ID)
    now = time.time()
    ages = {"abandoned": STALE_TEMP_AGE + 60, "live": STALE_TEMP_AGE - 60, "fresh": 0.0}
    temps = {}
    for label, age in ages.items():
        temps[label] = directory / f".shard-{label}-123-abc.parquet.tmp"
        temps[label].write_bytes(b"half a shard")
        os.utime(temps[label], (now - age, now - age))
    corrupt = directory / "shard-9-x.parquet.corrupt"
    corrupt.write_bytes(b"kept for inspection")
    assert cache.get(CACHE_ID, KEYS[:1], dim=DIM)[1].tolist() == [True]
    assert not temps["abandoned"].exists()
    assert temps["live"].exists() and temps["fresh"].exists() and corrupt.exists()


def test_a_writer_whose_temporary_file_was_removed_writes_again(tmp_path, monkeypatch) -> None:
    real_replace, calls = os.replace, []

    def replace_after_cleanup(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(src)
        if len(calls) == 1:  # another process judged it abandoned just before the rename
            Path(src).unlink()
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace_after_cleanup)
    cache = EmbeddingCache(tmp_path)
    shard = cache.put(CACHE_ID, KEYS[:3], EXPECTED[:3])
    monkeypatch.undo()
    assert len(calls) == 2 and shard is not None and shard.exists()
    assert cache.get(CACHE_ID, KEYS[:3], dim=DIM)[1].all()
    assert list(cache.model_dir(CACHE_ID).glob(".*.tmp")) == []
