"""Embedders and cached embedding (fast: the lexical backend; the real model is in test_model)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd
import pytest

from mixscope.corpus import Corpus
from mixscope.embed import (
    EmbedCounts,
    Embedder,
    EmbeddingCache,
    LexicalEmbedder,
    SentenceTransformerEmbedder,
    embed_corpus,
    embed_corpus_with_counts,
    embed_texts,
    embed_texts_with_counts,
    get_embedder,
    tqdm_progress,
)
from mixscope.embed import lexical as lexical_module

TEXTS = [
    "The cat sat on the mat.",
    "A short one.",
    "Stock markets fell sharply on Tuesday after the central bank raised interest rates.",
    "The cat sat on the mat.",
    "Rain is expected over the weekend in the north of the country.",
    "A short one.",
    "The committee will publish its final report on public transport next spring.",
]


class CountingEmbedder:
    """The real lexical embedder, recording every batch it is asked to encode."""

    def __init__(self, inner: Embedder, *, fail_after: int | None = None) -> None:
        self.inner = inner
        self.model_id = inner.model_id
        self.cache_id = inner.cache_id
        self.dim = inner.dim
        self.calls: list[list[str]] = []
        self.fail_after = fail_after

    @property
    def encoded(self) -> list[str]:
        return [t for call in self.calls for t in call]

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        if self.fail_after is not None and len(self.calls) >= self.fail_after:
            raise RuntimeError("simulated crash")
        self.calls.append(list(texts))
        return self.inner.encode(texts, batch_size=batch_size)


def many_texts(n: int) -> list[str]:
    rng = np.random.default_rng(1)
    words = ["alpha", "beta", "gamma", "delta", "river", "stone", "cloud", "paper", "market"]
    return [" ".join(rng.choice(words, size=rng.integers(2, 30))) + f" #{i}" for i in range(n)]


# --- LexicalEmbedder ------------------------------------------------------------------------


def test_lexical_shape_dtype_and_unit_norm() -> None:
    vectors = LexicalEmbedder(dim=64).encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 64)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


def test_lexical_is_corpus_independent_and_deterministic() -> None:
    alone = LexicalEmbedder().encode([TEXTS[2]])
    among = LexicalEmbedder().encode(TEXTS)
    np.testing.assert_array_equal(alone[0], among[2])
    np.testing.assert_array_equal(among[0], among[3])  # same text, same vector


def test_lexical_blocks_give_the_vectors_of_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [f"{t} number {i}" for i, t in enumerate(TEXTS * 5)]
    whole = LexicalEmbedder().encode(texts)
    monkeypatch.setattr(lexical_module, "_BLOCK", 3)  # blocks of 3, the last one shorter
    np.testing.assert_array_equal(LexicalEmbedder().encode(texts), whole)


def test_lexical_similar_wording_is_closer_than_unrelated() -> None:
    a, b, c = LexicalEmbedder().encode(
        [
            "the cat sat on the mat",
            "the cat sat on a mat",
            "interest rates rose in the bond market",
        ]
    )
    assert a @ b > 0.8
    assert a @ b > a @ c + 0.4


def test_lexical_model_id_names_dim_and_seed() -> None:
    assert LexicalEmbedder(dim=32, seed=5).model_id == "lexical-hash-v1-d32-s5"
    v0 = LexicalEmbedder(dim=32, seed=0).encode(["hello world"])
    v5 = LexicalEmbedder(dim=32, seed=5).encode(["hello world"])
    assert not np.allclose(v0, v5)


def test_lexical_rejects_bad_dim_and_handles_empty() -> None:
    with pytest.raises(ValueError, match="dim must be an integer >= 2, got 0"):
        LexicalEmbedder(dim=0)
    assert LexicalEmbedder(dim=8).encode([]).shape == (0, 8)
    assert isinstance(LexicalEmbedder(), Embedder)


def test_get_embedder_lexical() -> None:
    assert isinstance(get_embedder("lexical"), LexicalEmbedder)


def test_missing_model_fails_fast_with_one_line() -> None:
    with pytest.raises(OSError) as info:
        SentenceTransformerEmbedder("no-such-org/no-such-model-mixscope")
    message = str(info.value)
    assert "\n" not in message
    assert "'no-such-org/no-such-model-mixscope'" in message
    assert "allow_download=True" in message


# --- embed_texts ----------------------------------------------------------------------------


def test_embed_texts_matches_direct_encode_in_original_order() -> None:
    lexical = LexicalEmbedder(dim=32)
    got = embed_texts(TEXTS, lexical, chunk_size=2)
    np.testing.assert_array_equal(got, lexical.encode(TEXTS))


def test_duplicates_are_embedded_once_longest_first() -> None:
    counting = CountingEmbedder(LexicalEmbedder(dim=32))
    embed_texts(TEXTS, counting, chunk_size=2)
    assert sorted(counting.encoded) == sorted(set(TEXTS))
    lengths = [len(t) for t in counting.encoded]
    assert lengths == sorted(lengths, reverse=True)
    assert [len(c) for c in counting.calls] == [2, 2, 1]


def test_cached_corpus_is_never_embedded_again(tmp_path) -> None:
    first = CountingEmbedder(LexicalEmbedder(dim=32))
    before = embed_texts(TEXTS, first, cache=EmbeddingCache(tmp_path))
    again = CountingEmbedder(LexicalEmbedder(dim=32))  # a fresh process would build these anew
    after = embed_texts(TEXTS, again, cache=EmbeddingCache(tmp_path))
    assert len(first.encoded) == 5
    assert again.calls == []
    np.testing.assert_array_equal(before, after)


def test_interrupted_run_resumes_with_only_missing_texts(tmp_path) -> None:
    texts = many_texts(50)
    crashing = CountingEmbedder(LexicalEmbedder(dim=16), fail_after=3)
    with pytest.raises(RuntimeError, match="simulated crash"):
        embed_texts(texts, crashing, cache=EmbeddingCache(tmp_path), chunk_size=10)
    resumed = CountingEmbedder(LexicalEmbedder(dim=16))
    got = embed_texts(texts, resumed, cache=EmbeddingCache(tmp_path), chunk_size=10)
    assert len(resumed.encoded) == 20
    assert set(resumed.encoded).isdisjoint(crashing.encoded)
    np.testing.assert_array_equal(got, LexicalEmbedder(dim=16).encode(texts))


def test_corrupt_shard_texts_are_embedded_again(tmp_path) -> None:
    cache = EmbeddingCache(tmp_path)
    embed_texts(TEXTS[:3], LexicalEmbedder(dim=16), cache=cache)
    (shard,) = cache.shards("lexical-hash-v1-d16-s0")
    shard.write_bytes(shard.read_bytes()[:40])  # a crash mid-write without atomic replace
    counting = CountingEmbedder(LexicalEmbedder(dim=16))
    with pytest.warns(RuntimeWarning, match="damaged embedding cache shard"):
        got = embed_texts(TEXTS, counting, cache=cache)
    assert sorted(counting.encoded) == sorted(set(TEXTS))
    np.testing.assert_array_equal(got, LexicalEmbedder(dim=16).encode(TEXTS))


def test_progress_counts_cached_documents(tmp_path) -> None:
    cache = EmbeddingCache(tmp_path)
    embed_texts(TEXTS[:2], LexicalEmbedder(dim=16), cache=cache)
    calls: list[tuple[int, int]] = []
    embed_texts(
        TEXTS,
        LexicalEmbedder(dim=16),
        cache=cache,
        chunk_size=2,
        progress=lambda *a: calls.append(a),
    )
    # cached: "The cat..." twice and "A short one." twice; then chunks of the 3 other texts
    assert calls == [(4, 7), (6, 7), (7, 7)]


def test_empty_input_and_bad_output_shape() -> None:
    assert embed_texts([], LexicalEmbedder(dim=8)).shape == (0, 8)

    class Truncating(CountingEmbedder):
        def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
            return super().encode(texts)[:, :4]

    with pytest.raises(ValueError, match=r"returned shape \(2, 4\), expected \(2, 8\)"):
        embed_texts(["a b", "c d"], Truncating(LexicalEmbedder(dim=8)))
    with pytest.raises(ValueError, match="chunk_size and batch_size must be >= 1"):
        embed_texts(["a"], LexicalEmbedder(dim=8), chunk_size=0)


def test_embedder_breaking_the_protocol_is_refused_before_caching(tmp_path) -> None:
    class Unnormalised(CountingEmbedder):
        def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
            return 2 * super().encode(texts)

    with pytest.raises(ValueError, match=r"broke the Embedder protocol: .* unit L2 norm"):
        embed_texts(["a b"], Unnormalised(LexicalEmbedder(dim=8)), cache=EmbeddingCache(tmp_path))
    assert not tmp_path.joinpath("embeddings").exists()


# --- counts: N documents, E embedded, C from cache -------------------------------------------


def test_counts_say_how_many_documents_were_embedded_and_read_from_cache(tmp_path) -> None:
    cache = EmbeddingCache(tmp_path)
    _, first = embed_texts_with_counts(TEXTS[:2], LexicalEmbedder(dim=16), cache=cache)
    assert (first.documents, first.embedded, first.from_cache) == (2, 2, 0)
    counting = CountingEmbedder(LexicalEmbedder(dim=16))
    vectors, counts = embed_texts_with_counts(TEXTS, counting, cache=cache)
    # cached: "The cat..." twice and "A short one." twice; 3 texts embedded, once each
    assert (counts.documents, counts.embedded, counts.from_cache) == (7, 3, 4)
    assert str(counts) == "7 documents: 3 embedded, 4 from cache"
    assert len(counting.encoded) == 3
    np.testing.assert_array_equal(vectors, embed_texts(TEXTS, LexicalEmbedder(dim=16)))
    _, warm = embed_texts_with_counts(TEXTS, LexicalEmbedder(dim=16), cache=cache)
    assert (warm.embedded, warm.from_cache) == (0, 7)


def test_counts_without_cache_count_repeats_as_embedded() -> None:
    counting = CountingEmbedder(LexicalEmbedder(dim=16))
    _, counts = embed_texts_with_counts(TEXTS, counting)
    assert counts == EmbedCounts(documents=7, embedded=7)
    assert len(counting.encoded) == 5  # each distinct text encoded once all the same
    assert embed_texts_with_counts([], LexicalEmbedder(dim=8))[1] == EmbedCounts(0, 0)


def test_embed_corpus_with_counts_matches_embed_corpus(tmp_path) -> None:
    docs = pd.DataFrame({"source_row": range(4), "text": ["a b", "c d", "a  b", "e"]})
    corpus = Corpus("c", "real", docs, "text")
    cache = EmbeddingCache(tmp_path)
    embed_texts(["a b"], LexicalEmbedder(dim=16), cache=cache)
    vectors, counts = embed_corpus_with_counts(corpus, LexicalEmbedder(dim=16), cache=cache)
    np.testing.assert_array_equal(vectors, embed_corpus(corpus, LexicalEmbedder(dim=16)))
    assert str(counts) == "4 documents: 2 embedded, 2 from cache"


def test_embed_counts_are_checked() -> None:
    with pytest.raises(ValueError, match=r"embedded must be in \[0, documents=3\], got 4"):
        EmbedCounts(documents=3, embedded=4)
    assert str(EmbedCounts(12_345, 0)) == "12,345 documents: 0 embedded, 12,345 from cache"


def test_embed_corpus_rows_align_with_documents() -> None:
    docs = pd.DataFrame(
        {"source_row": range(3), "text": ["  Hello   world ", "Bye", "Hello world"]}
    )
    corpus = Corpus("c", "real", docs, "text")
    vectors = embed_corpus(corpus, LexicalEmbedder(dim=16))
    assert vectors.shape == (3, 16)
    np.testing.assert_array_equal(vectors[0], vectors[2])  # equal after normalisation
    np.testing.assert_array_equal(vectors[1], LexicalEmbedder(dim=16).encode(["Bye"])[0])


def test_tqdm_progress_draws_on_stderr(capsys) -> None:
    with tqdm_progress("embedding demo", disable=False) as progress:
        progress(4, 10)
        progress(10, 10)
    err = capsys.readouterr().err
    assert "embedding demo" in err
    assert "10/10" in err


def test_progress_moves_in_steps_of_documents_not_chunks(tmp_path) -> None:
    # 1,000 new documents in one 1,024-document chunk: reported every PROGRESS_STEP documents,
    # and the chunk still lands in the cache as one shard.
    from mixscope.embed.embedding import PROGRESS_STEP

    texts = [f"document number {i} about things" for i in range(1000)]
    calls: list[tuple[int, int]] = []
    cache = EmbeddingCache(tmp_path)
    embed_texts(texts, LexicalEmbedder(dim=16), cache=cache, progress=lambda *a: calls.append(a))
    done = [d for d, _ in calls]
    assert done[0] == 0 and done[-1] == 1000 and {t for _, t in calls} == {1000}
    assert max(b - a for a, b in itertools.pairwise(done)) == PROGRESS_STEP == 128
    assert len(calls) == 1 + 8  # ceil(1000 / 128)
    calls.clear()
    embed_texts(texts, LexicalEmbedder(dim=16), cache=cache, progress=lambda *a: calls.append(a))
    assert calls == [(1000, 1000)]  # all read back from the cache
