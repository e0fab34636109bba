"""The per-corpus index: aligned per-document arrays, global ids of a mix, refused input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mixscope.corpus import Corpus
from mixscope.embed import LexicalEmbedder
from mixscope.evaluation import (
    REGISTRY,
    IndexSettings,
    build_corpus_index,
    build_index,
    evaluate,
)
from mixscope.evaluation.measures.base import Options, half_reference
from mixscope.metrics.axes import project
from mixscope.metrics.fidelity import frechet_distance, prdc
from mixscope.metrics.minhash import minhash_signatures
from mixscope.mixing import MixConfig, mix


def _corpus(name: str, role: str, texts: list[str]) -> Corpus:
    frame = pd.DataFrame({"source_row": np.arange(len(texts)), "text": texts})
    return Corpus(name, role, frame, "text")  # type: ignore[arg-type]


def _pool(n_real: int, n_syn: int, dim: int = 16) -> tuple[Corpus, Corpus, dict[str, np.ndarray]]:
    """A real and a synthetic corpus of generated texts, with their lexical embeddings."""
    real = _corpus("r", "real", _texts(n_real, "real"))
    syn = _corpus("s", "synthetic", _texts(n_syn, "syn"))
    embedder = LexicalEmbedder(dim=dim)
    return real, syn, {c.name: embedder.encode(c.texts) for c in (real, syn)}


def _texts(n: int, prefix: str) -> list[str]:
    return [f"{prefix} she said document number {i} is about topic {i % 5}" for i in range(n)]


def test_corpus_index_rows_align_with_documents() -> None:
    corpus = _corpus("r", "real", ["The cat sat.", "the  cat sat.", "A woman smiled happily!"])
    vectors = LexicalEmbedder(dim=16).encode(corpus.texts)
    ix = build_corpus_index(corpus, vectors * 3.0)
    assert np.allclose(np.linalg.norm(ix.unit, axis=1), 1.0, atol=1e-6)
    assert ix.exact_keys[0] != ix.exact_keys[1]  # case differs: not an exact duplicate
    assert ix.lengths.tolist() == [3, 3, 4]
    assert [len(b) for b in ix.bigrams] == [2, 2, 3]
    assert np.array_equal(ix.signatures, minhash_signatures(corpus.texts))
    assert ix.mentions["gender:women"].tolist() == [False, False, True]
    assert ix.sentiment[2] > 0.3


def test_mix_index_maps_picks_to_global_rows() -> None:
    real, syn, vectors = _pool(40, 30, dim=32)
    ix = build_index([real, syn], vectors, model_id="lex")
    assert ix.offsets.tolist() == [0, 40, 70]
    m = mix([real, syn], MixConfig(synthetic_share=0.5, size=20))
    g = ix.global_ids(m)
    assert ix.texts(g) == [normalised for normalised in m.documents()["text"]]
    assert ix.is_synthetic(g).sum() == 10
    assert len(ix.half_a) + len(ix.half_b) == 40 and not set(ix.half_a) & set(ix.half_b)
    assert ix.nearest_real.shape == (70,) and np.isfinite(ix.nearest_real).all()


def test_the_embedder_id_is_recorded_and_tells_indexes_apart() -> None:
    real, syn, vectors = _pool(40, 30)
    stock = build_index([real, syn], vectors, model_id="lex", embedder_id="lex@01")
    other = build_index([real, syn], vectors, model_id="lex", embedder_id="lex@01+openvino-bf16")
    assert (stock.embedder_id, other.embedder_id) == ("lex@01", "lex@01+openvino-bf16")
    assert stock.fingerprint != other.fingerprint  # derived caches never mix the two
    drawn = mix([real, syn], MixConfig(synthetic_share=0.5, size=20))
    config = evaluate(drawn, other, sample_size=20, n_boot=0, metrics=["vendi"]).config
    assert config["embedder_id"] == "lex@01+openvino-bf16" and config["model_id"] == "lex"


def test_axis_scores_are_projections_of_every_document() -> None:
    real, syn, vectors = _pool(30, 20)
    direction = np.arange(16.0)
    ix = build_index([real, syn], vectors, model_id="lex", axes={"toy": direction})
    assert list(ix.axis_scores) == ["toy"] and ix.axis_scores["toy"].shape == (50,)
    np.testing.assert_allclose(ix.axis_scores["toy"], project(ix.unit, direction))
    assert build_index([real, syn], vectors, model_id="lex").axis_scores == {}


def test_build_index_refuses_bad_input() -> None:
    real = _corpus("r", "real", _texts(20, "real"))
    vectors = {"r": LexicalEmbedder(dim=8).encode(real.texts)}
    with pytest.raises(ValueError, match="real corpus first"):
        build_index([real.with_role("synthetic")], vectors, model_id="x")
    with pytest.raises(ValueError, match="no embeddings"):
        build_index([real], {}, model_id="x")
    with pytest.raises(ValueError, match="one row per document"):
        build_corpus_index(real, vectors["r"][:5])
    small = _corpus("r", "real", _texts(11, "real"))
    with pytest.raises(ValueError, match="has 11 documents; the metrics need at least 12"):
        build_index([small], {"r": vectors["r"][:11]}, model_id="x")
    lower_k = IndexSettings(prdc_k=4)
    built = build_index([small], {"r": vectors["r"][:11]}, model_id="x", settings=lower_k)
    assert len(built.real_ids) == 11


def test_precomputed_half_structures_equal_direct_metrics_on_a_sample() -> None:
    # Precision/density/coverage of a sample are rows of the index's half_balls and Fréchet
    # reuses half_sqrt_cov, for synthetic samples and real half B samples alike: both must equal
    # the metric functions called on the same rows against real half A.
    real = _corpus("r", "real", _texts(60, "real"))
    syn = _corpus("s", "synthetic", _texts(40, "syn") + real.texts[:15])  # copies: ties
    embedder = LexicalEmbedder(dim=24)
    vectors = {c.name: embedder.encode(c.texts) for c in (real, syn)}
    ix = build_index([real, syn], vectors, model_id="lex")
    rng = np.random.default_rng(0)
    ref = half_reference(ix)
    for pool in (np.arange(60, 115), ix.half_b):
        for size in (8, 20, 28):
            ids = np.sort(rng.choice(pool, min(size, len(pool)), replace=False))
            expected = prdc(ix.unit[ref.ids], ix.unit[ids], k=ix.settings.prdc_k)
            for name, value in expected.items():
                assert REGISTRY[name].function(ix, ids, ref, Options()) == value, name
            direct = frechet_distance(ix.unit[ref.ids], ix.unit[ids])
            value = REGISTRY["frechet_distance"].function(ix, ids, ref, Options())
            assert value == pytest.approx(direct, abs=1e-12)


def test_fidelity_measures_refuse_a_reference_without_knn_structures() -> None:
    from mixscope.evaluation.measures.base import real_reference

    real = _corpus("r", "real", _texts(60, "real"))
    embedder = LexicalEmbedder(dim=24)
    ix = build_index([real], {"r": embedder.encode(real.texts)}, model_id="lex")
    for name in ("coverage", "frechet_distance"):
        with pytest.raises(ValueError, match="fidelity compares with real half A"):
            REGISTRY[name].function(ix, ix.half_b, real_reference(ix), Options())


def test_each_corpus_holds_views_of_the_pools_arrays_not_copies() -> None:
    real, syn, vectors = _pool(40, 30)
    ix = build_index([real, syn], vectors, model_id="lex")
    for c, part in enumerate(ix.corpora):
        rows = slice(ix.offsets[c], ix.offsets[c + 1])
        for name in ("unit", "signatures"):
            assert np.shares_memory(getattr(part, name), getattr(ix, name)), name
            assert np.array_equal(getattr(part, name), getattr(ix, name)[rows]), name
        assert np.shares_memory(part.tokens, ix.tokens)
        assert np.array_equal(part.tokens, ix.token_codes(np.arange(rows.start, rows.stop)))


def test_float16_embeddings_halve_the_memory_and_keep_the_numbers() -> None:
    rng = np.random.default_rng(5)
    words = ["she", "he", "happy", "sad", "garden", "city", "report", "old", "young", "river"]
    real = _corpus("r", "real", [" ".join(rng.choice(words, 9)) + f" {i}" for i in range(120)])
    syn = _corpus("s", "synthetic", [" ".join(rng.choice(words, 9)) + f" {i}" for i in range(90)])
    embedder = LexicalEmbedder(dim=64)
    vectors = {c.name: embedder.encode(c.texts) for c in (real, syn)}
    ix32 = build_index([real, syn], vectors, model_id="lex")
    ix16 = build_index(
        [real, syn], vectors, model_id="lex", settings=IndexSettings(embedding_dtype="float16")
    )
    assert ix16.unit.dtype == np.float16 and ix16.unit.nbytes * 2 == ix32.unit.nbytes
    assert np.allclose(np.linalg.norm(ix16.rows64(np.arange(210)), axis=1), 1.0)
    m = mix([real, syn], MixConfig(synthetic_share=0.4, size=100))
    a = evaluate(m, ix32, n_boot=20).table.set_index("metric")["value"]
    b = evaluate(m, ix16, n_boot=20).table.set_index("metric")["value"]
    for metric in ("vendi", "mean_pairwise_distance", "frechet_distance", "coverage"):
        assert np.isclose(a[metric], b[metric], rtol=1e-3, atol=1e-4), metric
    for metric in ("exact_duplicate_rate", "near_duplicate_rate", "distinct_2", "length_ks"):
        assert a[metric] == b[metric], metric  # text-only metrics do not see the embeddings


def test_an_unknown_embedding_precision_is_refused() -> None:
    with pytest.raises(ValueError, match="embedding_dtype must be one of"):
        IndexSettings(embedding_dtype="int8")


def test_a_pool_above_the_exact_search_limit_searches_approximately() -> None:
    rng = np.random.default_rng(6)
    words = ["she", "he", "happy", "sad", "garden", "city", "report", "old", "young", "river"]
    texts = [" ".join(rng.choice(words, 9)) + f" {i}" for i in range(150)]
    real = _corpus("r", "real", texts)
    syn = _corpus("s", "synthetic", texts[:40] + [t + " again" for t in texts[40:100]])
    embedder = LexicalEmbedder(dim=64)
    vectors = {c.name: embedder.encode(c.texts) for c in (real, syn)}
    exact = build_index([real, syn], vectors, model_id="lex")
    approx = build_index(
        [real, syn], vectors, model_id="lex", settings=IndexSettings(exact_search_limit=100)
    )
    pairs = {tuple(p) for p in approx.semantic_pairs.tolist()}
    assert pairs <= {tuple(p) for p in exact.semantic_pairs.tolist()}
    assert {(i, 150 + i) for i in range(40)} <= pairs  # the synthetic copies of real texts
    assert (approx.nearest_real <= exact.nearest_real + 1e-6).all()
    assert np.allclose(approx.nearest_real[150:190], 1.0, atol=1e-5)
    assert approx.fingerprint != exact.fingerprint  # the setting is part of what it depends on


def test_mauve_buckets_follow_mauve_text_up_to_the_cap() -> None:
    real, syn, vectors = _pool(120, 90)
    assert build_index([real, syn], vectors, model_id="lex").mauve_buckets == 9  # 90 / 10
    capped = build_index(
        [real, syn], vectors, model_id="lex", settings=IndexSettings(mauve_max_buckets=4)
    )
    assert capped.mauve_buckets == 4 and capped.mauve_labels.max() < 4
