"""The per-corpus index: aligned per-document arrays, global ids of a mix, refused input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mixscope.corpus import Corpus
from mixscope.embed import LexicalEmbedder
from mixscope.index import build_corpus_index, build_index
from mixscope.metrics.minhash import minhash_signatures
from mixscope.mixing import MixConfig, mix


def _corpus(name: str, role: str, texts: list[str]) -> Corpus:
    frame = pd.DataFrame({"source_row": np.arange(len(texts)), "text": texts})
    return Corpus(name, role, frame, "text")  # type: ignore[arg-type]


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
    real, syn = (
        _corpus("r", "real", _texts(40, "real")),
        _corpus("s", "synthetic", _texts(30, "syn")),
    )
    embedder = LexicalEmbedder(dim=32)
    ix = build_index(
        [real, syn], {c.name: embedder.encode(c.texts) for c in (real, syn)}, model_id="lex"
    )
    assert ix.offsets.tolist() == [0, 40, 70]
    m = mix([real, syn], MixConfig(synthetic_share=0.5, size=20))
    g = ix.global_ids(m)
    assert ix.texts(g) == [normalised for normalised in m.documents()["text"]]
    assert ix.is_synthetic(g).sum() == 10
    assert len(ix.half_a) + len(ix.half_b) == 40 and not set(ix.half_a) & set(ix.half_b)
    assert ix.nearest_real.shape == (70,) and np.isfinite(ix.nearest_real).all()


def test_build_index_refuses_bad_input() -> None:
    real = _corpus("r", "real", _texts(20, "real"))
    vectors = {"r": LexicalEmbedder(dim=8).encode(real.texts)}
    with pytest.raises(ValueError, match="real corpus first"):
        build_index([real.with_role("synthetic")], vectors, model_id="x")
    with pytest.raises(ValueError, match="no embeddings"):
        build_index([real], {}, model_id="x")
    with pytest.raises(ValueError, match="one row per document"):
        build_corpus_index(real, vectors["r"][:5])
