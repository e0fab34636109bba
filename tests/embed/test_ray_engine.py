"""The Ray engine against the local one: same cache, same keys, same vectors, same signatures.

One local Ray (2 CPUs, no dashboard) serves the whole module; the tests that need it skip when
Ray is not installed (it is in requirements-dev.txt), the one-line errors run without it.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from mixscope.cli import main
from mixscope.corpus import load_corpus
from mixscope.corpus.text import text_key
from mixscope.embed import (
    RAY_MISSING,
    EmbeddingCache,
    LexicalEmbedder,
    embed_corpus_with_counts,
    get_embedder,
    ray_fill_cache,
    ray_minhash_signatures,
)
from mixscope.metrics.minhash import minhash_signatures

REPO = Path(__file__).resolve().parents[2]
# Ray Data copies its DataContext through setters that warn about their deprecated fields.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")

WORDS = ["river", "bridge", "bread", "council", "kitchen",
         "spring", "garden", "market", "winter", "harbour"]  # fmt: skip


def _texts(n: int, *, offset: int = 0) -> list[str]:
    """Distinct sentences of a few words each, all different from one ``offset`` to the next."""
    return [
        f"{WORDS[i % 10]} {WORDS[(i * 3) % 10]} number {i} near the {WORDS[(i * 7) % 10]}"
        for i in range(offset, offset + n)
    ]


def _write_csv(path: Path, texts: list[str]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "topic"])
        writer.writerows([t, i % 3] for i, t in enumerate(texts))
    return path


def _shard_keys(cache: EmbeddingCache, cache_id: str) -> list[str]:
    """Every key of every shard, repeats kept: what was written, read around the cache's API."""
    keys: list[str] = []
    for shard in cache.shards(cache_id):
        keys += pq.read_table(shard, columns=["key"]).column("key").to_pylist()
    return keys


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line_error(status: int, err: str, fragment: str) -> None:
    assert status == 2
    assert err.startswith("mixscope: error: ")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert fragment in err


# -- the CLI ----------------------------------------------------------------------------------


def test_ray_engine_fills_the_cache_the_local_engine_reads(
    ray_cluster: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    distinct = _texts(300)
    # 300 distinct texts; 40 of them twice: 20 as written, 20 with doubled spaces (folded away
    # by normalisation, so the same key); one empty row (dropped)
    rows = distinct + distinct[:20] + [t.replace(" ", "  ") for t in distinct[20:40]] + [""]
    path = _write_csv(tmp_path / "small.csv", rows)
    cache_dir = tmp_path / "cache"
    embedder = get_embedder("lexical")
    used = f"({embedder.model_id}, dim {embedder.dim}, cache {cache_dir})"

    status, out, err = run(
        capsys, "embed", path, "--engine", "ray", "--actors", "2", "--model", "lexical",
        "--cache-dir", cache_dir, "--batch-size", "16",
    )  # fmt: skip
    assert status == 0, err
    assert out.splitlines() == [
        f"small: 340 documents: 340 embedded, 0 from cache {used}",
        "small: text structures (MinHash signatures, ...) computed on Ray",
    ]
    assert "embedding small" in err and "340/340" in err

    # exactly the keys the local engine uses, each distinct text once (no key twice, none extra)
    cache = EmbeddingCache(cache_dir)
    written = _shard_keys(cache, embedder.cache_id)
    corpus = load_corpus(path)
    assert len(written) == len(set(written)) == 300
    assert set(written) == {text_key(t) for t in corpus.texts}

    # the local engine finds every document, and the vectors are the local engine's
    status, out, _ = run(capsys, "embed", path, "--model", "lexical", "--cache-dir", cache_dir)
    assert status == 0
    assert out.splitlines() == [f"small: 340 documents: 0 embedded, 340 from cache {used}"]
    vectors, counts = embed_corpus_with_counts(corpus, embedder, cache=cache)
    assert (counts.documents, counts.embedded) == (340, 0)
    np.testing.assert_allclose(vectors, embedder.encode(corpus.texts), rtol=0, atol=1e-6)

    # only what the cache lacks goes to Ray: a file half old, half new adds the new half only
    more = _write_csv(tmp_path / "more.csv", distinct[:50] + _texts(50, offset=300))
    status, out, err = run(
        capsys, "embed", more, "--engine", "ray", "--model", "lexical", "--cache-dir", cache_dir
    )
    assert status == 0, err
    assert out.splitlines() == [
        f"more: 100 documents: 50 embedded, 50 from cache {used}",
        "more: text structures (MinHash signatures, ...) computed on Ray",
    ]
    now = _shard_keys(cache, embedder.cache_id)
    assert len(now) == len(set(now)) == 350
    assert set(now) - set(written) == {text_key(t) for t in _texts(50, offset=300)}


def test_ray_engine_with_nothing_to_embed_sends_nothing(
    ray_cluster: None, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = _write_csv(tmp_path / "done.csv", _texts(30))
    cache_dir = tmp_path / "cache"
    assert run(capsys, "embed", path, "--model", "lexical", "--cache-dir", cache_dir)[0] == 0
    shards = EmbeddingCache(cache_dir).shards(LexicalEmbedder().cache_id)
    status, out, _ = run(
        capsys, "embed", path, "--engine", "ray", "--model", "lexical", "--cache-dir", cache_dir
    )
    assert status == 0
    assert "done: 30 documents: 0 embedded, 30 from cache" in out
    assert EmbeddingCache(cache_dir).shards(LexicalEmbedder().cache_id) == shards


def test_an_actor_with_another_model_writes_nothing(ray_cluster: None, tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "cache")
    driver = LexicalEmbedder(dim=64)  # the actors build get_embedder("lexical"): 256 dimensions
    with pytest.raises(ValueError, match="give every node the same model files"):
        ray_fill_cache(_texts(20), "lexical", cache=cache, embedder=driver, actors=1)
    assert cache.shards(driver.cache_id) == []
    assert cache.shards(LexicalEmbedder().cache_id) == []


@pytest.mark.model
def test_real_model_on_ray_matches_local_encode(ray_cluster: None, tmp_path: Path) -> None:
    texts = load_corpus(REPO / "data" / "real.csv").texts[:50]
    cache = EmbeddingCache(tmp_path / "cache")
    embedder = get_embedder(None, cache_root=cache.root)
    counts = ray_fill_cache(texts, None, cache=cache, embedder=embedder, actors=1)
    assert (counts.documents, counts.embedded) == (50, 50)
    vectors, found = cache.get(embedder.cache_id, [text_key(t) for t in texts], dim=embedder.dim)
    assert found.all()
    local = embedder.encode(texts)
    cosines = np.einsum("ij,ij->i", vectors.astype(np.float64), local.astype(np.float64))
    assert cosines.min() >= 0.9999


# -- MinHash ----------------------------------------------------------------------------------


def test_ray_minhash_signatures_equal_the_local_ones(ray_cluster: None) -> None:
    texts = [
        *_texts(40),
        *_texts(5),  # repeats
        "",
        "short",
        "Überraschung: das Café öffnet um 8 Uhr, sagt Zoë.",
        "東京で雨が降っています。",
        "a b c d e f g h i j k l m n o p",
    ]
    for num_perm, ngram, seed in [(128, 5, 1), (64, 2, 7)]:
        local = minhash_signatures(texts, num_perm=num_perm, ngram=ngram, seed=seed)
        on_ray = ray_minhash_signatures(
            texts, num_perm=num_perm, ngram=ngram, seed=seed, block_size=7
        )
        assert on_ray.dtype == local.dtype and on_ray.shape == local.shape
        np.testing.assert_array_equal(on_ray, local)


def test_ray_minhash_signatures_of_nothing_and_bad_options() -> None:
    # no Ray needed: checked before Ray is asked for anything
    empty = ray_minhash_signatures([], num_perm=32, ngram=3)
    assert empty.dtype == np.uint32 and empty.shape == (0, 32)
    with pytest.raises(ValueError, match="ngram"):
        ray_minhash_signatures(["a b"], num_perm=32, ngram=0)
    with pytest.raises(ValueError, match=r"texts\[1\] must be str"):
        ray_minhash_signatures(["a b", 3], num_perm=32, ngram=3)  # type: ignore[list-item]


# -- one-line errors --------------------------------------------------------------------------


def test_ray_engine_without_ray_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` fails as if not installed
    # said before any file is read: the missing file is not what is reported
    status, out, err = run(capsys, "embed", tmp_path / "missing.csv", "--engine", "ray")
    assert_one_line_error(status, err, RAY_MISSING)
    assert err == f"mixscope: error: {RAY_MISSING}\n" and out == ""
    assert RAY_MISSING == "the ray engine needs Ray: pip install 'ray[data]'"


def test_ray_options_need_the_ray_engine(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, cache_dir: Path
) -> None:
    path = _write_csv(tmp_path / "a.csv", _texts(3))
    status, _, err = run(capsys, "embed", path, "--address", "auto", "--model", "lexical")
    assert_one_line_error(status, err, "--address given without --engine ray")
    status, _, err = run(capsys, "embed", path, "--engine", "local", "--actors", "2")
    assert_one_line_error(status, err, "--actors given without --engine ray")
    assert run(capsys, "embed", path, "--engine", "spark")[0] == 2
    assert not cache_dir.exists()  # refused before anything was embedded
