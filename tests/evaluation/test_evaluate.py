"""evaluate() on small planted corpora embedded with the LexicalEmbedder."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mixscope.corpus import Corpus
from mixscope.embed import LexicalEmbedder, axis_directions
from mixscope.evaluation import REGISTRY, TABLE_COLUMNS, MixIndex, build_index, evaluate
from mixscope.metrics.duplication import duplicate_key, exact_duplicate_flags
from mixscope.metrics.lexical import tokenize
from mixscope.metrics.shift import ks_statistic
from mixscope.mixing import MixConfig, mix

TOPICS = (
    "she walked to the market with her mother and sister",
    "he repaired the old car with his father and brother",
    "the council voted on the new budget for the town",
    "heavy rain fell over the hills during the night",
)


def _texts(n: int, seed: int, topics: tuple[str, ...] = TOPICS) -> list[str]:
    rng = np.random.default_rng(seed)
    words = [f"word{i}" for i in range(3000)]
    return [f"{topics[i % len(topics)]} {' '.join(rng.choice(words, 12))}" for i in range(n)]


def _corpus(name: str, role: str, texts: list[str]) -> Corpus:
    frame = pd.DataFrame({"source_row": np.arange(len(texts)), "text": texts})
    return Corpus(name, role, frame, "text")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def planted() -> tuple[list[Corpus], MixIndex]:
    real = _corpus("real", "real", _texts(160, seed=0))
    # synthetic: only the "she" topic, plus 20 verbatim copies of one synthetic text
    skewed = _texts(80, seed=1, topics=TOPICS[:1])
    copies = _corpus("copies", "synthetic", skewed + [skewed[0]] * 20)
    embedder = LexicalEmbedder(dim=64)
    vectors = {c.name: embedder.encode(c.texts) for c in (real, copies)}
    calls: list[tuple[int, int]] = []
    index = build_index(
        [real, copies],
        vectors,
        model_id=embedder.model_id,
        progress=lambda *a: calls.append(a),
        axes=axis_directions(embedder),
    )
    assert calls[-1] == (7, 7) and len(calls) == 7  # one step per corpus + five
    return [real, copies], index


def _row(table: pd.DataFrame, name: str) -> pd.Series:
    return table.set_index("metric").loc[name]


def test_real_only_mix_passes_with_near_zero_shifts(planted: tuple[list[Corpus], MixIndex]) -> None:
    corpora, index = planted
    ev = evaluate(mix(corpora, MixConfig(synthetic_share=0.0, size=100)), index, sample_size=80)
    table = ev.table
    assert list(table.columns) == list(TABLE_COLUMNS)
    assert set(table["status"]) <= {"pass", "n/a"}
    assert (table.loc[table["group"] == "fidelity", "status"] == "n/a").all()
    for name in ("exact_duplicate_rate", "near_duplicate_rate", "cross_source_duplicate_rate"):
        assert _row(table, name)["value"] == 0.0
    for name in ("length_ks", "topic_jsd", "gender_axis_shift"):
        assert abs(_row(table, name)["value"]) < 0.1  # the axis shift is signed
    assert _row(table, "group_representation_ratio_min")["value"] > 0.8


def test_planted_copies_give_the_exact_rate(planted: tuple[list[Corpus], MixIndex]) -> None:
    corpora, index = planted
    m = mix(corpora, MixConfig(synthetic_share=0.5, size=200))  # all 100 synthetic documents
    ev = evaluate(m, index, sample_size=80)
    exact = _row(ev.table, "exact_duplicate_rate")
    assert exact["value"] == pytest.approx(20 / 200)
    keys = [duplicate_key(t) for t in m.documents()["text"]]
    assert exact["value"] == exact_duplicate_flags(keys).mean()
    assert exact["ci_low"] <= exact["value"] <= exact["ci_high"]
    assert exact["status"] == "fail"  # 10 % > 5 %
    docs = ev.documents
    assert int(docs["is_exact_duplicate"].sum()) == 20
    first = docs.index[(docs["source"] == "copies") & (docs["source_row"] == 0)][0]
    copies = docs[(docs["source"] == "copies") & (docs["source_row"] >= 80)]
    assert (copies["near_duplicate_of"] == first).all()
    # the skew towards one topic shows as a topic shift and a gender shift
    assert _row(ev.table, "topic_jsd")["status"] == "fail"
    assert _row(ev.table, "gender_axis_shift")["value"] > 0.1


def test_measures_agree_with_the_metric_modules(planted: tuple[list[Corpus], MixIndex]) -> None:
    corpora, index = planted
    m = mix(corpora, MixConfig(synthetic_share=0.3, size=150))
    ev = evaluate(m, index, sample_size=1000, metrics=["distinct_2", "length_ks"], n_boot=0)
    texts = [t for c in corpora for t in c.texts]
    mixed = [texts[g] for g in index.global_ids(m)]
    tokens = [tokenize(t) for t in mixed]
    bigrams = [tuple(d[i : i + 2]) for d in tokens for i in range(len(d) - 1)]
    assert len(bigrams) < 10_000  # under the budget: every bigram counts, in any order
    assert _row(ev.table, "distinct_2")["value"] == pytest.approx(len(set(bigrams)) / len(bigrams))
    lengths = [len(t.split()) for t in mixed]
    real = [len(t.split()) for t in corpora[0].texts]
    assert _row(ev.table, "length_ks")["value"] == pytest.approx(ks_statistic(lengths, real))
    assert np.isnan(_row(ev.table, "length_ks")["ci_low"])


def test_same_seed_same_table(planted: tuple[list[Corpus], MixIndex]) -> None:
    corpora, index = planted
    m = mix(corpora, MixConfig(synthetic_share=0.4, size=150, seed=3))
    a = evaluate(m, index, sample_size=60, n_boot_expensive=3, seed=5)
    b = evaluate(m, index, sample_size=60, n_boot_expensive=3, seed=5)
    pd.testing.assert_frame_equal(a.table, b.table)
    pd.testing.assert_frame_equal(a.documents, b.documents)
    vendi = _row(a.table, "vendi")
    assert vendi["ci_low"] <= vendi["ci_high"]
    assert a.settings("vendi")["sample_size"] == 60
    assert a.settings("near_duplicate_rate")["shingle_size"] == 5


def test_thresholds_can_be_overridden_and_are_checked(
    planted: tuple[list[Corpus], MixIndex],
) -> None:
    corpora, index = planted
    m = mix(corpora, MixConfig(synthetic_share=0.5, size=200))
    ev = evaluate(
        m, index, metrics=["exact_duplicate_rate"], thresholds={"exact_duplicate_rate": (0.2, 0.3)}
    )
    assert _row(ev.table, "exact_duplicate_rate")["status"] == "pass"
    assert ev.settings("exact_duplicate_rate")["warn"] == 0.2
    with pytest.raises(ValueError, match="0 <= warn <= fail"):
        evaluate(m, index, thresholds={"exact_duplicate_rate": (0.3, 0.2)})
    with pytest.raises(ValueError, match="unknown metrics"):
        evaluate(m, index, thresholds={"nope": (0.1, 0.2)})


def test_document_groups_join_each_documents_mentions(
    planted: tuple[list[Corpus], MixIndex],
) -> None:
    corpora, index = planted
    m = mix(corpora, MixConfig(synthetic_share=0.5, size=200))
    frame = evaluate(m, index, metrics=["exact_duplicate_rate"], n_boot=0).documents
    names = np.array(index.group_columns)
    expected = [";".join(names[row]) for row in index.mentions[index.global_ids(m)]]
    assert frame["groups"].tolist() == expected
    assert len(set(expected)) > 1 and "" in expected  # mentions and none both occur


def test_only_metrics_marked_as_reading_embeddings_change_with_the_embedder(
    planted: tuple[list[Corpus], MixIndex],
) -> None:
    # The preview model's "approximate" mark goes on metrics with reads_embeddings only: every
    # other metric must give the same number whatever the embedder.
    corpora, index = planted
    other = LexicalEmbedder(dim=48, seed=7)
    vectors = {c.name: other.encode(c.texts) for c in corpora}
    index2 = build_index(corpora, vectors, model_id=other.model_id, axes=axis_directions(other))
    chosen = mix(corpora, MixConfig(synthetic_share=0.5, size=120, seed=3))
    options = {"sample_size": 100, "n_boot": 0, "metrics": sorted(REGISTRY)}
    one = evaluate(chosen, index, **options).table.set_index("metric")["value"]
    two = evaluate(chosen, index2, **options).table.set_index("metric")["value"]
    same = {n for n in REGISTRY if np.array_equal(one[n], two[n], equal_nan=True)}
    changed = set(REGISTRY) - same
    reads = {n for n, m in REGISTRY.items() if m.reads_embeddings}
    assert changed <= reads, changed - reads
    assert {"vendi", "mean_pairwise_distance", "frechet_distance", "gender_axis_shift"} <= changed
    assert not reads >= set(REGISTRY)  # text-only metrics exist and stay unmarked
