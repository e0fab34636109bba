"""Text structures on Ray: identical to the local ones, stored where a local index build looks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mixscope.cli import main
from mixscope.corpus import load_corpus
from mixscope.embed import EmbeddingCache, LexicalEmbedder, embed_corpus
from mixscope.evaluation import IndexStore, build_index, corpus_languages
from mixscope.evaluation import corpus_index as corpus_index_module
from mixscope.evaluation.corpus_index import IndexSettings, text_structures
from mixscope.evaluation.ray_structures import ray_text_structures

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray.data.context")
SENTENCES = [
    "She was happy with the old garden.",
    "He said the young nurse felt sad about the city report.",
    "Le marché du samedi est très animé.",
    "",
    "A Muslim family and a Christian family shared the harvest festival!",
]


def _texts(n: int) -> list[str]:
    return [f"{SENTENCES[i % 5]} Number {i // 5}." for i in range(n)]


def test_ray_gives_exactly_the_local_structures(ray_cluster: None) -> None:
    texts = _texts(53)
    settings = IndexSettings(num_perm=64, shingle_size=3)
    local = text_structures(texts, settings=settings)
    remote = ray_text_structures(texts, settings=settings, block_size=7)  # 8 blocks, last short
    assert local.keys() == remote.keys()
    for name in local:
        assert local[name].dtype == remote[name].dtype, name
        assert np.array_equal(local[name], remote[name]), name
    assert local["mentions"].any() and len(set(local["languages"])) > 1  # not trivially equal


def test_embed_on_ray_stores_what_a_local_build_then_loads(
    ray_cluster: None, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    frames = {"real": _texts(60), "synthetic": _texts(45)[::-1]}
    paths = []
    for name, texts in frames.items():
        path = tmp_path / f"{name}.csv"
        pd.DataFrame({"text": texts}).to_csv(path, index=False)
        paths.append(path)
    cache_dir = tmp_path / "cache"
    argv = ["embed", "--engine", "ray", "--model", "lexical", "--cache-dir", str(cache_dir)]
    assert main([*argv, *map(str, paths)]) == 0
    out = capsys.readouterr().out
    assert out.count("text structures (MinHash signatures, ...) computed on Ray") == 2
    assert main([*argv, *map(str, paths)]) == 0
    assert capsys.readouterr().out.count("already stored") == 2

    def computed_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("text structures computed locally instead of loaded")

    monkeypatch.setattr(corpus_index_module, "text_structures", computed_again)
    corpora = [load_corpus(paths[0], role="real", name="real"),
               load_corpus(paths[1], role="synthetic", name="synthetic")]  # fmt: skip
    embedder = LexicalEmbedder()
    cache = EmbeddingCache(cache_dir)
    vectors = {c.name: embed_corpus(c, embedder, cache=cache) for c in corpora}
    ix = build_index(corpora, vectors, model_id=embedder.model_id, store=IndexStore(cache_dir))
    assert ix.signatures.shape == (105, 128)
    assert np.array_equal(ix.sentiment[:60], text_structures(frames["real"])["sentiment"])
    monkeypatch.setattr(corpus_index_module, "detect_languages", computed_again)
    for corpus, built in zip(corpora, ix.corpora, strict=True):  # the Corpora page's entry too
        languages = corpus_languages(corpus, IndexStore(cache_dir))
        assert languages.tolist() == built.languages.tolist()
