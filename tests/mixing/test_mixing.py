"""Mixing: exact counts, determinism, independence of sources, errors with the numbers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pytest

from mixscope.corpus import Corpus, Role
from mixscope.mixing import PICK_COLUMNS, SAMPLERS, MixConfig, apportion, mix, plan_counts


def make_corpus(name: str, role: Role, n: int, **metadata: Sequence[Any]) -> Corpus:
    # source_row skips odd numbers, as if the reader had dropped those records.
    documents = pd.DataFrame(
        {"source_row": range(0, 2 * n, 2), "text": [f"{name} doc {i}" for i in range(n)]}
    )
    for column, values in metadata.items():
        documents[column] = list(values)
    return Corpus(name, role, documents, "text")


@pytest.fixture
def corpora() -> list[Corpus]:
    return [
        make_corpus("human", "real", 100),
        make_corpus("gpt", "synthetic", 60),
        make_corpus("llama", "synthetic", 40),
    ]


# -- counts -----------------------------------------------------------------------------------


def test_replace_counts_sum_to_size_with_odd_size(corpora: list[Corpus]) -> None:
    # share 0.3 x 37 = 11.1 -> 11 synthetic, split 6/5 (quota 5.5 each, tie to the first).
    config = MixConfig(synthetic_share=0.3, size=37)
    assert plan_counts(corpora, config) == {"human": 26, "gpt": 6, "llama": 5}
    assert mix(corpora, config).counts()["n"].tolist() == [26, 6, 5]


def test_replace_counts_with_weights_use_largest_remainder(corpora: list[Corpus]) -> None:
    # 0.5 x 41 = 20.5 -> 21 (half up); quotas 21 x (0.6, 0.4) = 12.6, 8.4 -> 13, 8.
    config = MixConfig(synthetic_share=0.5, size=41, weights=(3, 2))
    assert plan_counts(corpora, config) == {"human": 20, "gpt": 13, "llama": 8}


def test_accumulate_keeps_every_real_document(corpora: list[Corpus]) -> None:
    # share 0.25: n_syn = 0.25 / 0.75 x 100 = 33.3 -> 33, split 17/16.
    result = mix(corpora, MixConfig(synthetic_share=0.25, mode="accumulate"))
    counts = result.counts().set_index("source")
    assert counts["n"].to_dict() == {"human": 100, "gpt": 17, "llama": 16}
    assert counts.loc["human", "share"] == pytest.approx(100 / 133)
    assert sorted(result.positions("human")) == list(range(100))


def test_share_zero_and_one_in_replace_mode(corpora: list[Corpus]) -> None:
    assert plan_counts(corpora, MixConfig(synthetic_share=0, size=10)) == {
        "human": 10,
        "gpt": 0,
        "llama": 0,
    }
    all_synthetic = mix(corpora, MixConfig(synthetic_share=1, size=10))
    assert all_synthetic.counts()["n"].tolist() == [0, 5, 5]
    assert all_synthetic.counts()["share"].tolist() == [0.0, 0.5, 0.5]


def test_zero_weight_source_gets_nothing(corpora: list[Corpus]) -> None:
    config = MixConfig(synthetic_share=0.5, size=20, weights=(1, 0))
    assert plan_counts(corpora, config) == {"human": 10, "gpt": 10, "llama": 0}


def test_real_only_mix_needs_no_synthetic_corpus() -> None:
    result = mix([make_corpus("human", "real", 5)], MixConfig(size=5))
    assert result.counts()["n"].tolist() == [5]


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        (10, [1, 1, 1], [4, 3, 3]),
        (1, [1, 1], [1, 0]),
        (0, [2, 1], [0, 0]),
        (100, [1, 2, 3, 4], [10, 20, 30, 40]),
        (7, [0.5, 0.25, 0.25], [3, 2, 2]),
        (5, [1, 2, 7], [1, 1, 3]),  # quotas 0.5, 1.0, 3.5: the tie goes to the earlier weight
    ],
)
def test_apportion_known_answers(total: int, weights: list[float], expected: list[int]) -> None:
    assert apportion(total, weights) == expected


def test_apportion_always_sums_to_total() -> None:
    rng = np.random.default_rng(0)
    for _ in range(200):
        weights = rng.random(rng.integers(1, 6)).tolist()
        total = int(rng.integers(0, 1000))
        parts = apportion(total, weights)
        assert sum(parts) == total
        assert all(
            abs(p - total * w / sum(weights)) < 1 for p, w in zip(parts, weights, strict=True)
        )


# -- picks ------------------------------------------------------------------------------------


def test_picks_table_shape_and_no_duplicates(corpora: list[Corpus]) -> None:
    result = mix(corpora, MixConfig(synthetic_share=0.4, size=90, seed=3))
    picks = result.picks
    assert tuple(picks.columns) == PICK_COLUMNS
    assert len(result) == 90
    assert not picks.duplicated(["source", "position"]).any()
    assert picks["source"].tolist() == ["human"] * 54 + ["gpt"] * 18 + ["llama"] * 18
    assert (picks["source_row"] == 2 * picks["position"]).all()
    assert [c.name for c in result.corpora] == ["human", "gpt", "llama"]


def test_real_corpus_is_first_whatever_the_input_order(corpora: list[Corpus]) -> None:
    result = mix(corpora[::-1], MixConfig(synthetic_share=0.5, size=10, weights=(1, 0)))
    assert [c.name for c in result.corpora] == ["human", "llama", "gpt"]
    assert result.counts()["n"].tolist() == [5, 5, 0]


def test_same_config_and_seed_give_identical_mix(corpora: list[Corpus]) -> None:
    config = MixConfig(synthetic_share=0.5, size=80, weights=(2, 1), seed=11)
    pd.testing.assert_frame_equal(mix(corpora, config).picks, mix(corpora, config).picks)
    other_seed = mix(corpora, MixConfig(synthetic_share=0.5, size=80, weights=(2, 1), seed=12))
    assert not other_seed.picks.equals(mix(corpora, config).picks)


def test_one_source_draws_do_not_depend_on_other_weights(corpora: list[Corpus]) -> None:
    extra = make_corpus("mistral", "synthetic", 50)
    every = [*corpora, extra]
    # gpt keeps 2/4 of 20 = 10 documents while llama and mistral trade weight.
    a = mix(every, MixConfig(synthetic_share=0.2, size=100, weights=(2, 1, 1)))
    b = mix(every, MixConfig(synthetic_share=0.2, size=100, weights=(2, 1.5, 0.5)))
    assert a.counts()["n"].tolist() == [80, 10, 5, 5]
    assert b.counts()["n"].tolist() == [80, 10, 8, 2]
    np.testing.assert_array_equal(a.positions("gpt"), b.positions("gpt"))
    np.testing.assert_array_equal(a.positions("human"), b.positions("human"))
    # ... nor on which other corpora are in the mix at all.
    alone = mix([corpora[0], corpora[1]], MixConfig(synthetic_share=0.1, size=100))
    np.testing.assert_array_equal(alone.positions("gpt"), a.positions("gpt"))


def test_uniform_samples_are_nested_as_the_share_grows(corpora: list[Corpus]) -> None:
    small = mix(corpora, MixConfig(synthetic_share=0.1, size=100))
    large = mix(corpora, MixConfig(synthetic_share=0.4, size=100))
    assert set(small.positions("gpt")) <= set(large.positions("gpt"))
    assert set(large.positions("human")) <= set(small.positions("human"))


def test_uniform_is_roughly_uniform() -> None:
    corpus = make_corpus("human", "real", 10)
    hits = np.zeros(10)
    for seed in range(2000):
        hits[SAMPLERS["uniform"](corpus, 3, np.random.default_rng(seed))] += 1
    # Each document is picked with probability 0.3: 600 expected, sd ~20.5.
    assert np.all(np.abs(hits - 600) < 100)


def test_stratified_keeps_topic_proportions() -> None:
    topics = ["a"] * 50 + ["b"] * 30 + [None] * 20
    corpora = [
        make_corpus("human", "real", 100, topic=topics),
        make_corpus("gpt", "synthetic", 100, topic=topics),
    ]
    result = mix(corpora, MixConfig(synthetic_share=0.5, size=20, strategy="stratified:topic"))
    documents = result.documents()
    per_topic = documents.groupby(["source", documents["topic"].fillna("-")]).size()
    assert per_topic.to_dict() == {
        ("gpt", "-"): 2,
        ("gpt", "a"): 5,
        ("gpt", "b"): 3,
        ("human", "-"): 2,
        ("human", "a"): 5,
        ("human", "b"): 3,
    }
    assert not result.picks.duplicated(["source", "position"]).any()


def test_stratified_on_a_missing_column_names_the_columns(corpora: list[Corpus]) -> None:
    with pytest.raises(ValueError, match=r"has no column 'topic'.*available metadata columns"):
        mix(corpora, MixConfig(synthetic_share=0.5, size=10, strategy="stratified:topic"))


# -- documents and embeddings -----------------------------------------------------------------


def test_documents_carry_text_source_and_union_of_metadata() -> None:
    real = make_corpus("human", "real", 4, topic=list("wxyz"), source=["a", "b", "c", "d"])
    syn = make_corpus("gpt", "synthetic", 3, model=["m1", "m2", "m3"])
    result = mix([real, syn], MixConfig(synthetic_share=0.5, size=6))
    documents = result.documents()
    assert list(documents.columns) == [
        "text",
        "source",
        "role",
        "source_row",
        "topic",
        "meta_source",
        "model",
    ]
    assert len(documents) == 6
    assert documents["source"].tolist() == ["human"] * 3 + ["gpt"] * 3
    expected_text = [
        (real if s == "human" else syn).documents["text"].iloc[p]
        for s, p in zip(result.picks["source"], result.picks["position"], strict=True)
    ]
    assert documents["text"].tolist() == expected_text
    assert documents.loc[documents["source"] == "gpt", "topic"].isna().all()
    assert documents.loc[documents["source"] == "human", "model"].isna().all()
    assert documents["source_row"].tolist() == result.picks["source_row"].tolist()


def test_embeddings_are_slices_in_picks_order(corpora: list[Corpus]) -> None:
    per_source = {
        c.name: np.column_stack([np.full(len(c), i), np.arange(len(c))]).astype(np.float32)
        for i, c in enumerate(corpora)
    }
    result = mix(corpora, MixConfig(synthetic_share=0.5, size=30, weights=(1, 2)))
    stacked = result.embeddings(per_source)
    assert stacked.shape == (30, 2)
    assert stacked[:, 0].tolist() == result.picks["source_index"].tolist()
    assert stacked[:, 1].tolist() == result.picks["position"].tolist()


def test_embeddings_errors_name_the_problem(corpora: list[Corpus]) -> None:
    result = mix(corpora, MixConfig(synthetic_share=0.5, size=10))
    arrays = {c.name: np.zeros((len(c), 4)) for c in corpora}
    with pytest.raises(ValueError, match=r"no embeddings for source 'llama'"):
        result.embeddings({k: v for k, v in arrays.items() if k != "llama"})
    with pytest.raises(ValueError, match=r"have shape \(59, 4\), expected \(60, n_dims\)"):
        result.embeddings({**arrays, "gpt": np.zeros((59, 4))})
    with pytest.raises(ValueError, match=r"one width, got widths \[3, 4\]"):
        result.embeddings({**arrays, "gpt": np.zeros((60, 3))})
    # A source without picks needs no embeddings.
    real_only = mix(corpora, MixConfig(size=10))
    assert real_only.embeddings({"human": arrays["human"]}).shape == (10, 4)


# -- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"synthetic_share": 1.5, "size": 10}, r"share must be a number in \[0, 1\], got 1.5"),
        ({"synthetic_share": float("nan"), "size": 10}, r"got nan"),
        ({"synthetic_share": "0.5", "size": 10}, r"got '0.5'"),
        ({"synthetic_share": 0.5}, r"replace mode needs size >= 1 \(an integer\), got None"),
        ({"size": 0}, r"got 0"),
        ({"size": 2.5}, r"got 2.5"),
        ({"size": 10, "mode": "accumulate"}, r"expected size=None, got 10"),
        ({"synthetic_share": 1.0, "mode": "accumulate"}, r"cannot reach synthetic share 1.0"),
        ({"size": 10, "mode": "blend"}, r"mode must be one of .*got 'blend'"),
        ({"size": 10, "weights": (1, -1)}, r"non-negative .*got \(1, -1\)"),
        ({"size": 10, "weights": (0, 0)}, r"positive sum"),
        ({"size": 10, "weights": (float("inf"),)}, r"finite"),
        ({"size": 10, "strategy": "diverse"}, r"unknown strategy 'diverse'; available: \["),
        ({"size": 10, "seed": -1}, r"seed must be a non-negative integer, got -1"),
    ],
)
def test_config_validation(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        MixConfig(**kwargs)  # type: ignore[arg-type]


def test_config_normalises_weights_and_is_hashable() -> None:
    config = MixConfig(synthetic_share=1, size=np.int64(5), weights=[1, 2])  # type: ignore[arg-type]
    assert config.weights == (1.0, 2.0)
    assert config.synthetic_share == 1.0 and type(config.size) is int
    assert hash(config) == hash(MixConfig(synthetic_share=1.0, size=5, weights=(1.0, 2.0)))


def test_too_few_synthetic_documents_names_the_numbers() -> None:
    corpora = [make_corpus("human", "real", 3000), make_corpus("x", "synthetic", 1200)]
    with pytest.raises(ValueError) as err:
        mix(corpora, MixConfig(synthetic_share=0.5, size=3000))
    assert str(err.value) == (
        "synthetic source 'x' has 1,200 documents but the mix needs 1,500 of them "
        "(share 0.5 x size 3,000 x weight 1); lower the size or the share, or add documents"
    )
    # With several synthetic sources, re-weighting is a way out too.
    corpora.append(make_corpus("y", "synthetic", 5000))
    with pytest.raises(ValueError, match=r"1,350 of them .*weight 0.9\); .*change the weights"):
        mix(corpora, MixConfig(synthetic_share=0.5, size=3000, weights=(9, 1)))


def test_too_few_real_documents_names_the_numbers(corpora: list[Corpus]) -> None:
    with pytest.raises(
        ValueError,
        match=r"real source 'human' has 100 documents but the mix "
        r"needs 150 of them \(size 200 x \(1 - share 0.25\)\)",
    ):
        mix(corpora, MixConfig(synthetic_share=0.25, size=200))


def test_too_few_documents_in_accumulate_mode(corpora: list[Corpus]) -> None:
    # share 0.8: 0.8 / 0.2 x 100 = 400 synthetic, 200 from each of gpt (60) and llama (40).
    with pytest.raises(
        ValueError,
        match=r"'gpt' has 60 documents but the mix needs 200 .*"
        r"share 0.8 / \(1 - 0.8\) x 100 real documents x weight 0.5",
    ):
        mix(corpora, MixConfig(synthetic_share=0.8, mode="accumulate"))


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        (["synthetic", "synthetic"], r"exactly one real corpus, got 0: 'a' \(synthetic\)"),
        (["real", "real"], r"exactly one real corpus, got 2"),
        ([], r"exactly one real corpus, got 0: none"),
    ],
)
def test_role_errors(roles: list[Role], message: str) -> None:
    corpora = [make_corpus(name, role, 5) for name, role in zip("ab", roles, strict=False)]
    with pytest.raises(ValueError, match=message):
        mix(corpora, MixConfig(size=5))


def test_duplicate_names_are_named() -> None:
    corpora = [make_corpus("a", "real", 5), make_corpus("a", "synthetic", 5)]
    with pytest.raises(ValueError, match=r"unique, got duplicates \['a'\]"):
        mix(corpora, MixConfig(size=5))


def test_wrong_number_of_weights(corpora: list[Corpus]) -> None:
    with pytest.raises(
        ValueError, match=r"got 3 weights for 2 synthetic corpora \['gpt', 'llama'\]"
    ):
        mix(corpora, MixConfig(synthetic_share=0.5, size=10, weights=(1, 1, 1)))


def test_positive_share_without_synthetic_corpus() -> None:
    with pytest.raises(ValueError, match=r"share is 0.2 but no synthetic corpus was given"):
        mix([make_corpus("human", "real", 10)], MixConfig(synthetic_share=0.2, size=10))


def test_uniform_rejects_an_option(corpora: list[Corpus]) -> None:
    with pytest.raises(ValueError, match=r"'uniform' takes no option, got 'topic'"):
        mix(corpora, MixConfig(size=10, strategy="uniform:topic"))


def test_a_metadata_column_named_like_an_output_column_never_overwrites_another() -> None:
    # The input has text, source and meta_source columns: "source" must not land on top of the
    # existing meta_source values (both survive, under distinct names).
    real = make_corpus("human", "real", 3, source=["a", "b", "c"], meta_source=["x", "y", "z"])
    documents = mix([real], MixConfig(synthetic_share=0.0, size=3)).documents()
    assert list(documents.columns) == [
        "text", "source", "role", "source_row", "meta_meta_source", "meta_source",
    ]  # fmt: skip
    rows = real.documents.set_index("source_row")
    by_row = documents.set_index("source_row")
    assert by_row["meta_meta_source"].to_dict() == rows["source"].to_dict()
    assert by_row["meta_source"].to_dict() == rows["meta_source"].to_dict()
    assert (documents["source"] == "human").all()
