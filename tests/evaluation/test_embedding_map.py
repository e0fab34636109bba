"""The embedding map: a bounded, seeded, stratified sample of the pool, projected once, and the
clusters named by their terms and judged real against the mix, on planted topics."""

from __future__ import annotations

import sys
import types

import numpy as np
import pandas as pd
import pytest

from mixscope.corpus import Corpus
from mixscope.evaluation import (
    CLUSTER_STATUSES,
    POINTS_COLUMNS,
    IndexSettings,
    MixIndex,
    build_index,
    cluster_examples,
    cluster_summary,
    embedding_map,
    map_points,
)
from mixscope.evaluation.memo import Memo

D = 8
TOPICS = {
    "sport": "the striker scored a goal and the team won the match",
    "food": "the soup recipe needs garlic onion and fresh basil",
    "travel": "our train journey crossed the mountain border at dawn",
}


def _corpus(name: str, role: str, texts: list[str]) -> Corpus:
    frame = pd.DataFrame({"source_row": np.arange(len(texts)), "text": texts})
    return Corpus(name, role, frame, "text")  # type: ignore[arg-type]


def _docs(topic: str, n: int, *, tag: str) -> list[str]:
    return [f"{TOPICS[topic]} ({tag} {i})" for i in range(n)]


def _vectors(rng: np.random.Generator, axis: int, n: int) -> np.ndarray:
    return np.eye(D)[axis] + rng.normal(scale=0.08, size=(n, D))


@pytest.fixture(scope="module")
def pool() -> MixIndex:
    """Real: 100 documents per topic (ids 0-99 sport, 100-199 food, 200-299 travel); synthetic
    "gen": 60 sport documents, 20 of them one repeated text (ids 300-359); synthetic "tiny": 10
    travel documents (ids 360-369). Each topic has its own words and its own embedding axis."""
    rng = np.random.default_rng(5)
    real = (
        _docs("sport", 100, tag="r") + _docs("food", 100, tag="r") + _docs("travel", 100, tag="r")
    )
    gen = _docs("sport", 40, tag="g") + [TOPICS["sport"]] * 20
    tiny = _docs("travel", 10, tag="t")
    corpora = [_corpus("real", "real", real), _corpus("gen", "synthetic", gen),
               _corpus("tiny", "synthetic", tiny)]  # fmt: skip
    vectors = {
        "real": np.vstack([_vectors(rng, a, 100) for a in range(3)]),
        "gen": _vectors(rng, 0, 60),
        "tiny": _vectors(rng, 2, 10),
    }
    return build_index(corpora, vectors, model_id="topics", settings=IndexSettings(n_clusters=3))


def _cluster_of(index: MixIndex, doc: int) -> int:
    return int(index.clusters[doc])


def test_all_documents_are_mapped_when_the_pool_is_small(pool: MixIndex) -> None:
    emap = embedding_map(pool, memo=Memo())
    assert not emap.sampled and emap.n_shown == emap.n_pool == 370
    assert emap.shown == emap.totals == (300, 60, 10)
    np.testing.assert_array_equal(emap.ids, np.arange(370))
    assert emap.xy.shape == (370, 2) and np.isfinite(emap.xy).all()


def test_pca_separates_two_blobs_on_x() -> None:
    rng = np.random.default_rng(0)
    texts = _docs("sport", 60, tag="r") + _docs("food", 60, tag="r")
    index = build_index(
        [_corpus("real", "real", texts), _corpus("gen", "synthetic", _docs("food", 20, tag="g"))],
        {"real": np.vstack([_vectors(rng, 0, 60), _vectors(rng, 1, 60)]),
         "gen": _vectors(rng, 1, 20)},
        model_id="blobs", settings=IndexSettings(n_clusters=2),
    )  # fmt: skip
    emap = embedding_map(index, memo=Memo())
    x = emap.xy[:, 0]
    sport, food = x[:60], np.concatenate([x[60:120], x[120:]])  # synthetic food with food
    assert sport.max() < food.min() or food.max() < sport.min()
    assert abs(sport.mean() - food.mean()) > 1.0  # the gap is the blobs' distance (sqrt 2)
    assert emap.explained[0] > 0.8 > emap.explained[1]
    points = map_points(emap, index, np.arange(10), memo=Memo())
    labels = dict(zip(points["id"], points["cluster_label"], strict=True))
    assert "goal" in labels[0] and "garlic" not in labels[0]
    assert "garlic" in labels[60] and "goal" not in labels[60]


def test_sampling_is_bounded_seeded_and_stratified(pool: MixIndex) -> None:
    emap = embedding_map(pool, max_points=100, seed=1, memo=Memo())
    assert emap.sampled and emap.n_shown == 100 and emap.n_pool == 370
    # equal allocation: the tiny corpus keeps all 10, the other two share the rest
    assert emap.shown == (45, 45, 10)
    by_corpus = np.bincount(pool.source_of(emap.ids), minlength=3)
    assert by_corpus.tolist() == [45, 45, 10]
    assert len(np.unique(emap.ids)) == 100 and (np.diff(emap.ids) > 0).all()
    again = embedding_map(pool, max_points=100, seed=1, memo=Memo())  # recomputed, same answer
    np.testing.assert_array_equal(again.ids, emap.ids)
    np.testing.assert_array_equal(again.xy, emap.xy)
    other = embedding_map(pool, max_points=100, seed=2, memo=Memo())
    assert not np.array_equal(other.ids, emap.ids)
    # a larger budget keeps every point of the smaller one
    larger = embedding_map(pool, max_points=200, seed=1, memo=Memo())
    assert larger.shown == (130, 60, 10)  # gen and tiny fit whole: real takes the rest
    assert np.isin(emap.ids, larger.ids).all()
    # one point per corpus at the smallest budget
    assert embedding_map(pool, max_points=3, memo=Memo()).shown == (1, 1, 1)


def test_the_map_is_memoised_and_does_not_move_with_the_mix(pool: MixIndex) -> None:
    memo = Memo()
    emap = embedding_map(pool, max_points=150, memo=memo)
    assert embedding_map(pool, max_points=150, memo=memo) is emap
    assert embedding_map(pool, max_points=151, memo=memo) is not emap
    first = map_points(emap, pool, np.arange(0, 100), memo=memo)
    second = map_points(emap, pool, np.arange(150, 370), memo=memo)
    moving = ["in_mix"]
    pd.testing.assert_frame_equal(first.drop(columns=moving), second.drop(columns=moving))
    assert not first["in_mix"].equals(second["in_mix"])
    with pytest.raises(ValueError, match="read-only"):
        emap.xy[0, 0] = 1.0


def test_points_carry_source_cluster_labels_duplicates_and_the_mix(pool: MixIndex) -> None:
    emap = embedding_map(pool, memo=Memo())
    points = map_points(emap, pool, np.array([0, 1, 1, 365]), text_chars=20, memo=Memo())
    assert list(points.columns) == list(POINTS_COLUMNS)
    assert points["source"].tolist() == ["real"] * 300 + ["gen"] * 60 + ["tiny"] * 10
    assert points["role"].tolist() == ["real"] * 300 + ["synthetic"] * 70
    assert points.index[points["in_mix"]].tolist() == [0, 1, 365]
    # the 20 repeated texts of "gen" are exact duplicates; other documents are not
    kinds = points["duplicate_kinds"]
    assert kinds.iloc[340:360].str.contains("exact").all()
    assert not kinds.iloc[:340].str.contains("exact").any()
    assert points["duplicate"].equals(kinds != "")
    # hover texts are cut, with an ellipsis
    assert points["text"].str.len().max() == 20 and points["text"].iloc[0].endswith("…")
    # each cluster is labelled with its topic's own words
    for topic, doc, word in (("sport", 0, "goal"), ("food", 100, "garlic"),
                             ("travel", 200, "border")):  # fmt: skip
        label = points.loc[doc, "cluster_label"]
        assert label.startswith(f"c{_cluster_of(pool, doc)}: "), label
        words = set(label.split(": ")[1].split(", "))
        assert len(words) == 3 and words <= set(TOPICS[topic].split()), (topic, label)
        assert word in words, (word, label)


def test_cluster_summary_names_the_topics_and_judges_the_mix(pool: MixIndex) -> None:
    # mix of 100: 70 sport, 28 food, 2 travel against a real corpus of a third each
    mix = np.concatenate([np.arange(0, 70), np.arange(100, 128), np.arange(200, 202)])
    table = cluster_summary(pool, mix, memo=Memo()).set_index("cluster")
    sport, food, travel = (_cluster_of(pool, d) for d in (0, 100, 200))
    assert table.loc[sport, "status"] == "over-filled"  # 0.70 > 2 x 1/3
    assert table.loc[food, "status"] == "balanced"  # 0.28: within [1/6, 2/3]
    assert table.loc[travel, "status"] == "under-covered"  # 0.02 < 0.5 x 1/3
    assert table.loc[sport, "mix_n"] == 70 and table.loc[sport, "real_n"] == 100
    assert table.loc[sport, "ratio"] == pytest.approx(0.7 / (1 / 3))
    assert table.loc[travel, "expected_mix_n"] == pytest.approx(100 / 3)
    # what each source holds of a cluster: sport = 100 real + 60 gen
    assert table.loc[sport, "pool_n"] == 160
    assert table.loc[sport, "pool_n[gen]"] == 60 and table.loc[sport, "pool_n[tiny]"] == 0
    assert table.loc[sport, "pool_share[real]"] == pytest.approx(100 / 160)
    assert table.loc[travel, "pool_share[tiny]"] == pytest.approx(10 / 110)
    # labels and examples come from the cluster's topic
    assert "goal" in table.loc[sport, "label"].split(", ")
    assert len(table.loc[food, "label"].split(", ")) == 5
    examples = table.loc[food, "examples"]
    assert len(examples) == 3 and all(e.startswith(TOPICS["food"]) for e in examples)
    assert set(table["status"]) <= set(CLUSTER_STATUSES)


def test_examples_take_each_corpus_in_turn_nearest_the_centre_first(pool: MixIndex) -> None:
    examples = cluster_examples(pool, per_cluster=5, memo=Memo())
    assert list(examples.columns) == ["cluster", "id", "source", "role", "text"]
    assert examples.groupby("cluster").size().tolist() == [5, 5, 5]
    sport = examples[examples["cluster"] == _cluster_of(pool, 0)]
    # real and gen in turn; gen's 20 copies of one text count once
    assert sport["source"].tolist() == ["real", "gen", "real", "gen", "real"]
    assert sport["text"].is_unique
    travel = examples[examples["cluster"] == _cluster_of(pool, 200)]
    assert travel["source"].tolist() == ["real", "tiny", "real", "tiny", "real"]
    # within a corpus, the nearest the cluster's centroid comes first
    for (cluster, source), rows in examples.groupby(["cluster", "source"]):
        corpus = [c.name for c in pool.corpora].index(source)
        members = np.flatnonzero((pool.clusters == cluster) & (pool.source_of(np.arange(370))
                                                               == corpus))  # fmt: skip
        similarity = pool.unit[members] @ pool.cluster_model.centroids[cluster]
        first = pool.unit[rows["id"].iloc[0]] @ pool.cluster_model.centroids[cluster]
        assert first == pytest.approx(similarity.max())


def test_the_rule_is_an_option(pool: MixIndex) -> None:
    mix = np.concatenate([np.arange(0, 70), np.arange(100, 128), np.arange(200, 202)])
    table = cluster_summary(pool, mix, under=0.01, over=3.0, examples=0, memo=Memo())
    assert set(table["status"]) == {"balanced"}
    assert all(e == () for e in table["examples"])
    # with 50 documents needed, food (33 expected, 28 drawn) is too few to judge
    strict = cluster_summary(pool, mix, min_expected=50, memo=Memo()).set_index("cluster")
    assert strict.loc[_cluster_of(pool, 100), "status"] == "too few to judge"
    assert strict.loc[_cluster_of(pool, 0), "status"] == "over-filled"  # 70 drawn


def test_umap_needs_its_package(pool: MixIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "umap", None)  # import umap raises ImportError
    with pytest.raises(ImportError, match="pip install umap-learn"):
        embedding_map(pool, method="umap", memo=Memo())


def test_umap_is_used_when_installed(pool: MixIndex, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[dict] = []

    class FakeUMAP:
        def __init__(self, **kwargs: object) -> None:
            calls.append(kwargs)

        def fit_transform(self, X: np.ndarray) -> np.ndarray:
            return X[:, :2] * 10

    monkeypatch.setitem(sys.modules, "umap", types.SimpleNamespace(UMAP=FakeUMAP))
    emap = embedding_map(pool, method="umap", seed=3, memo=Memo())
    assert emap.method == "umap" and calls[0]["random_state"] == 3
    assert calls[0]["n_components"] == 2
    np.testing.assert_allclose(emap.xy, pool.unit[:, :2] * 10, rtol=1e-6)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_points": 2}, "max_points must be at least 3"),
        ({"max_points": 10.0}, "max_points must be an integer"),
        ({"method": "tsne"}, "method must be one of"),
        ({"seed": None}, "seed must be an integer"),
    ],
)
def test_bad_map_options_are_refused(pool: MixIndex, kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        embedding_map(pool, memo=Memo(), **kwargs)


@pytest.mark.parametrize(
    ("ids", "kwargs", "message"),
    [
        (np.array([], dtype=np.int64), {}, "non-empty 1-D array"),
        (np.array([0.5]), {}, "integer global ids"),
        (np.array([0, 370]), {}, r"global ids in \[0, 370\)"),
        (np.arange(5), {"under": 1.0}, "0 < under < 1 < over"),
        (np.arange(5), {"over": 0.9}, "0 < under < 1 < over"),
        (np.arange(5), {"top_terms": 0}, "top_terms must be a positive integer"),
        (np.arange(5), {"examples": -1}, "examples must be a non-negative integer"),
        (np.arange(5), {"min_expected": float("nan")}, "min_expected must be >= 0"),
    ],
)
def test_bad_summary_input_is_refused(pool: MixIndex, ids: np.ndarray, kwargs: dict,
                                      message: str) -> None:  # fmt: skip
    with pytest.raises(ValueError, match=message):
        cluster_summary(pool, ids, memo=Memo(), **kwargs)


def test_a_map_of_another_index_is_refused(pool: MixIndex) -> None:
    other = build_index(
        [_corpus("real", "real", _docs("food", 40, tag="x"))],
        {"real": np.random.default_rng(0).normal(size=(40, D))},
        model_id="other",
        settings=IndexSettings(n_clusters=2),
    )
    with pytest.raises(ValueError, match="another index"):
        map_points(embedding_map(other, memo=Memo()), pool, np.arange(3))
    with pytest.raises(ValueError, match="text_chars must be a positive integer"):
        map_points(embedding_map(pool, memo=Memo()), pool, np.arange(3), text_chars=0)
