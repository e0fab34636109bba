"""Tables the metric pages chart, on a planted index: known topics, known group counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mixscope.corpus import Corpus
from mixscope.evaluation import (
    FOUR_FIFTHS_BAND,
    IndexSettings,
    MixIndex,
    axis_scores,
    build_index,
    cluster_table,
    copies_of_real,
    duplicate_members,
    duplicate_summary,
    evaluate,
    most_real_like,
    nearest_real_table,
    neighbor_similarity,
    representation_table,
    sentiment_table,
)
from mixscope.mixing import MixConfig, mix

DIM = 6


def _corpus(name: str, role: str, texts: list[str]) -> Corpus:
    frame = pd.DataFrame({"source_row": np.arange(len(texts)), "text": texts})
    return Corpus(name, role, frame, "text")  # type: ignore[arg-type]


def _blobs(topics: np.ndarray, seed: int) -> np.ndarray:
    """One unit direction per topic (dimensions 0-2), a little noise."""
    rng = np.random.default_rng(seed)
    X = 0.02 * rng.standard_normal((len(topics), DIM))
    X[np.arange(len(topics)), topics] += 1.0
    return X


@pytest.fixture(scope="module")
def planted() -> tuple[list[Corpus], MixIndex, np.ndarray]:
    """Real: 300 documents, topics 0/1/2 by thirds, 150 about women (happy) and 150 about men.
    Synthetic: 100 documents of topics 0 and 1 only, 20 about women (sad) and 80 about men,
    and 5 copies of real documents."""
    real_topics = np.arange(300) % 3
    real_texts = [
        f"She was happy and wonderful today, number {i}." if i < 150
        else f"He walked to the market, number {i}."
        for i in range(300)
    ]  # fmt: skip
    syn_topics = np.arange(100) % 2
    syn_texts = [
        f"She was sad and miserable today, case {i}." if i < 20
        else f"He walked to the market, case {i}."
        for i in range(95)
    ] + real_texts[:5]  # fmt: skip
    syn_topics[95:] = real_topics[:5] % 2
    corpora = [_corpus("real", "real", real_texts), _corpus("syn", "synthetic", syn_texts)]
    vectors = {"real": _blobs(real_topics, 0), "syn": _blobs(syn_topics, 1)}
    vectors["syn"][95:] = vectors["real"][:5]
    index = build_index(corpora, vectors, model_id="planted", settings=IndexSettings(n_clusters=3))
    return corpora, index, real_topics


def _all_synthetic(corpora: list[Corpus], index: MixIndex) -> tuple:
    m = mix(corpora, MixConfig(synthetic_share=100 / 101, size=101))  # 1 real, every synthetic
    return m, index.global_ids(m)


def test_cluster_table_marks_the_topic_the_mix_lacks(planted: tuple) -> None:
    corpora, index, _ = planted
    _, ids = _all_synthetic(corpora, index)
    table = cluster_table(index, ids)
    assert table["real_n"].tolist() == [100, 100, 100]
    assert table["mix_n"].sum() == len(ids) == 101
    # the synthetic documents never touch the third topic: at most the one real pick does
    lacking = table.loc[table["mix_n"] <= 1, "cluster"].tolist()
    assert len(lacking) == 1
    assert table["missing"].sum() == (table.loc[table["cluster"] == lacking[0], "mix_n"] == 0).sum()
    assert table["real_share"].sum() == pytest.approx(1.0)


def test_representation_table_is_the_metric_rule_on_the_mix(planted: tuple) -> None:
    corpora, index, _ = planted
    m, ids = _all_synthetic(corpora, index)
    table = representation_table(index, ids, min_docs=30).set_index("label")
    women = table.loc["gender:women"]
    assert women["real_n"] == 150
    # at most 26 of the 101 mixed documents mention women, against half of real
    assert women["ratio"] < 0.6 and women["status"] in ("warn", "fail")
    assert table.loc["gender:non-binary", "status"] == "n/a"
    assert table.loc["gender:non-binary", "note"] == "too few mentions"
    ev = evaluate(m, index, metrics=["group_representation_ratio_min"], n_boot=0)
    card = ev.table.set_index("metric").loc["group_representation_ratio_min"]
    # the card is the chart's bar with the lowest upper end: same value, interval and status
    least = table.loc[table["ratio_high"].idxmin()]
    assert (card["value"], card["ci_low"], card["ci_high"]) == pytest.approx(
        (least["ratio"], least["ratio_low"], least["ratio_high"])
    )
    order = ["fail", "warn", "pass"]
    worst = min((s for s in table["status"] if s in order), key=order.index)
    assert card["status"] == least["status"] == worst
    assert FOUR_FIFTHS_BAND == (0.8, 1.25)


def test_sentiment_table_compares_the_groups_on_both_sides(planted: tuple) -> None:
    corpora, index, _ = planted
    _, ids = _all_synthetic(corpora, index)
    table = sentiment_table(index, ids, min_docs=10).set_index("label")
    women = table.loc["gender:women"]
    assert women["judged"] and women["real_mean"] > 0.5 > 0 > women["mix_mean"]
    assert not table.loc["gender:non-binary", "judged"]


def test_duplicates_and_copies_of_real_find_the_planted_copies(planted: tuple) -> None:
    corpora, index, _ = planted
    m, ids = _all_synthetic(corpora, index)
    ev = evaluate(m, index, metrics=["exact_duplicate_rate"], n_boot=0)
    copies = copies_of_real(m, index, ids)
    assert sorted(copies["synthetic row"]) == [95, 96, 97, 98, 99]
    assert sorted(copies["real row"]) == [0, 1, 2, 3, 4]
    assert (copies["synthetic text"] == copies["real text"]).all()
    members = duplicate_members(index, ids, ev.documents, "semantic (embedding cosine)")
    summary = duplicate_summary(members)
    # every document of a topic points the same way: one semantic cluster per synthetic topic
    assert len(summary) == 2 and summary["size"].sum() in (100, 101)
    assert set(members["source"]) <= {"real", "syn"}
    with pytest.raises(ValueError, match="unknown duplicate kind"):
        duplicate_members(index, ids, ev.documents, "nope")
    near = nearest_real_table(ev.documents)
    assert list(near.columns) == ["similarity", "group"] and len(near) == len(ids)
    top = most_real_like(index, ids, ev.documents, n=5)
    assert (top["nearest_real_similarity"] > 0.999).all()
    assert sorted(top["source_row"]) == [95, 96, 97, 98, 99]


def test_neighbor_similarity_and_axis_scores(planted: tuple) -> None:
    corpora, index, _ = planted
    _, ids = _all_synthetic(corpora, index)
    similarity = neighbor_similarity(index, ids)
    assert similarity.shape == (len(ids),) and np.nanmax(similarity) <= 1.0 + 1e-6
    assert np.isnan(neighbor_similarity(index, ids[:1])).all()
    with pytest.raises(ValueError, match="no 'gender' axis"):
        axis_scores(index, ids, "gender")
