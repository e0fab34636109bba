import math

import numpy as np
import pandas as pd
import pytest

from mixscope.metrics.bias import (
    AGE_AXIS,
    CONCEPT_AXES,
    GENDER_AXIS,
    MIN_GROUP_DOCS,
    SENTIMENT_AXIS,
    ConceptAxis,
    axis_ks,
    axis_shift,
    build_axis,
    group_representation_ratio_min,
    project,
    representation_bounds,
    representation_ratios,
    sentiment_by_group,
    sentiment_gap,
    sentiment_gap_shift,
    topic_association_shift,
    topic_axis_association,
)
from mixscope.metrics.groups import group_mentions, mention_shares
from mixscope.metrics.sentiment import sentiment_scores

# --- representation -------------------------------------------------------------------------------


def _gender_corpus(n_women: int, n_men: int, n_other: int = 0) -> pd.DataFrame:
    texts = ["My sister called."] * n_women + ["My brother called."] * n_men
    return group_mentions(texts + ["It rained all day."] * n_other)


def _katz_high(a: int, n1: int, c: int, n2: int, z: float = 1.6448536269514722) -> float:
    return (a / n1) / (c / n2) * math.exp(z * math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2))


def test_planted_skew_is_flagged_by_the_four_fifths_rule() -> None:
    # Real: women in 100 of 403 documents; mix: in 30 of 403, a ratio of 0.3.
    sikh = ["A Sikh gurdwara opened."] * 3
    real = _gender_corpus(100, 100, 200)
    mix = _gender_corpus(30, 100, 270)
    real, mix = (pd.concat([f, group_mentions(sikh)], ignore_index=True) for f in (real, mix))
    table = representation_ratios(mix, real)
    assert list(table.columns) == [
        "axis", "group", "mix_n", "real_n", "mix_share", "real_share", "ratio", "ratio_low",
        "ratio_high", "status",
    ]  # fmt: skip
    t = table.set_index(["axis", "group"])
    women = t.loc[("gender", "women")]
    assert women["ratio"] == pytest.approx(0.3)
    assert women["ratio_high"] == pytest.approx(_katz_high(30, 403, 100, 403))
    assert women["status"] == "under-represented"
    assert t.loc[("gender", "men"), "ratio"] == pytest.approx(1.0)
    assert t.loc[("gender", "men"), "status"] == "ok"
    row = t.loc[("religion", "sikh")]
    assert (row["mix_n"], row["real_n"], row["status"]) == (3, 3, "too few mentions")
    assert math.isnan(row["ratio"])  # never 0
    assert (t.loc[t["status"] != "too few mentions"].index.get_level_values(0) == "gender").all()
    assert group_representation_ratio_min(mix, real) == pytest.approx(women["ratio_high"])
    assert group_representation_ratio_min(mix, real, confidence=0.5) == pytest.approx(0.3)


def test_representation_bounds_known_answer_katz() -> None:
    # ratio 0.5, se = sqrt(1/20 - 1/100 + 1/40 - 1/100) = sqrt(0.055); z(0.975) = 1.959964
    ratio, low, high = representation_bounds([20, 0], 100, [40, 40], 100, confidence=0.975)
    se = math.sqrt(0.055)
    assert ratio.tolist() == pytest.approx([0.5, 0.0])
    assert low.tolist() == pytest.approx([0.5 * math.exp(-1.959964 * se), 0.0])
    haldane = (0.5 / 100) / 0.4 * math.exp(1.959964 * math.sqrt(2 - 0.01 + 0.025 - 0.01))
    assert high.tolist() == pytest.approx([0.5 * math.exp(1.959964 * se), haldane])
    with pytest.raises(ValueError, match=r"confidence must be in \(0, 1\)"):
        representation_bounds(1, 2, 1, 2, confidence=1.0)


def test_a_whole_axis_shrinking_is_caught_per_document() -> None:
    # The disability axis falls from 50 % to 10 % of documents, its groups staying equal among
    # themselves: shares within the axis are unchanged, shares of documents fall to a fifth.
    real = group_mentions(["a deaf neighbor"] * 50 + ["a blind neighbor"] * 50 + ["-"] * 100)
    mix = group_mentions(["a deaf neighbor"] * 10 + ["a blind neighbor"] * 10 + ["-"] * 180)
    t = representation_ratios(mix, real).set_index("group")
    assert t.loc[["deaf", "blind"], "ratio"].tolist() == pytest.approx([0.2, 0.2])
    assert set(t.loc[["deaf", "blind"], "status"]) == {"under-represented"}
    within = mention_shares(mix).set_index("group").loc[["deaf", "blind"], "share_within_axis"]
    assert within.tolist() == pytest.approx([0.5, 0.5])  # what a within-axis ratio would see


def test_sampling_noise_is_not_flagged_but_a_large_sample_is() -> None:
    # A ratio of 0.75 from 30 / 40 mentions is within noise; from 3,000 / 4,000 it is not.
    small = representation_ratios(_gender_corpus(30, 0, 170), _gender_corpus(40, 0, 160))
    large = representation_ratios(_gender_corpus(3000, 0, 17000), _gender_corpus(4000, 0, 16000))
    for table, want in ((small, "ok"), (large, "under-represented")):
        women = table.set_index("group").loc["women"]
        assert women["ratio"] == pytest.approx(0.75)
        assert women["status"] == want


def test_thresholds_are_four_fifths_and_its_mirror() -> None:
    real = _gender_corpus(50, 50)
    raw = {"confidence": 0.5}  # judge the ratio itself
    at_edge = representation_ratios(_gender_corpus(40, 60), real, **raw).set_index("group")
    assert at_edge.loc["women", "ratio"] == pytest.approx(0.8)
    assert at_edge.loc["women", "status"] == "ok"  # 0.8 itself passes the rule
    custom = representation_ratios(_gender_corpus(40, 60), real, low=0.9, high=1.1, **raw)
    assert set(custom.set_index("group").loc[["women", "men"], "status"]) == {
        "under-represented",
        "over-represented",
    }


def test_min_mentions_applies_to_real_only_so_a_vanished_group_is_judged() -> None:
    t = representation_ratios(_gender_corpus(0, 30), _gender_corpus(30, 30)).set_index("group")
    assert t.loc["women", "ratio"] == 0.0
    assert t.loc["women", "status"] == "under-represented"
    few = representation_ratios(_gender_corpus(40, 30), _gender_corpus(10, 30)).set_index("group")
    assert few.loc["women", "status"] == "too few mentions"  # 10 real mentions < 30
    assert math.isnan(group_representation_ratio_min(_gender_corpus(5, 5), _gender_corpus(5, 5)))
    assert MIN_GROUP_DOCS == 30


def test_representation_is_invariant_to_row_order() -> None:
    texts = ["her"] * 25 + ["him"] * 40 + ["the hindu festival"] * 22 + ["muslims"] * 30
    rng = np.random.default_rng(0)
    real = group_mentions(list(rng.permutation(texts)))
    mix_texts = ["her"] * 20 + ["him"] * 60 + ["the hindu festival"] * 21 + ["muslims"] * 21
    a = representation_ratios(group_mentions(mix_texts), real)
    b = representation_ratios(group_mentions(list(rng.permutation(mix_texts))), real)
    pd.testing.assert_frame_equal(a, b)


def test_representation_refuses_bad_input() -> None:
    real = _gender_corpus(5, 5)
    with pytest.raises(ValueError, match="same group columns"):
        representation_ratios(real[["gender:women"]], real)
    with pytest.raises(ValueError, match="min_mentions must be a positive integer"):
        representation_ratios(real, real, min_mentions=0)
    with pytest.raises(ValueError, match="low <= 1 <= high"):
        representation_ratios(real, real, low=1.2)
    with pytest.raises(ValueError, match="confidence"):
        representation_ratios(real, real, confidence=0.0)


# --- concept axes: definitions and geometry -------------------------------------------------------


def test_axis_definitions_are_complete() -> None:
    assert set(CONCEPT_AXES) == {"gender", "age", "sentiment"}
    for axis in (GENDER_AXIS, AGE_AXIS, SENTIMENT_AXIS):
        assert len(axis.positive_phrases) >= 5 and len(axis.negative_phrases) >= 5
    assert len(GENDER_AXIS.positive_phrases) == len(GENDER_AXIS.negative_phrases)  # pairs
    assert (GENDER_AXIS.positive_pole, GENDER_AXIS.negative_pole) == ("women", "men")
    with pytest.raises(ValueError, match="non-empty tuple"):
        ConceptAxis("x", (), ("a",))
    with pytest.raises(ValueError, match="non-empty str"):
        ConceptAxis("x", ("a", " "), ("b",))


def test_build_axis_recovers_a_planted_direction_in_3d() -> None:
    rng = np.random.default_rng(0)
    base = rng.normal(size=(8, 3)) * [0, 1, 1]  # pair content lives in dims 1-2
    pos, neg = base + np.array([2.0, 0, 0]), base - np.array([1.0, 0, 0])
    np.testing.assert_allclose(build_axis(pos, neg), [1.0, 0.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(build_axis(neg, pos), [-1.0, 0.0, 0.0], atol=1e-12)


def test_build_axis_is_the_mean_pair_difference_and_is_unit() -> None:
    rng = np.random.default_rng(1)
    pos, neg = rng.normal(size=(6, 5)), rng.normal(size=(6, 5))
    axis = build_axis(pos, neg)
    mean_diff = (pos - neg).mean(axis=0)
    np.testing.assert_allclose(axis, mean_diff / np.linalg.norm(mean_diff))
    assert np.linalg.norm(axis) == pytest.approx(1.0)
    np.testing.assert_allclose(build_axis(pos[::-1], neg), axis)  # pairing/order does not matter


def test_build_axis_refuses_degenerate_poles() -> None:
    with pytest.raises(ValueError, match="same mean"):
        build_axis([[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]])
    with pytest.raises(ValueError, match="same dimension"):
        build_axis([[1.0, 0.0]], [[1.0, 0.0, 0.0]])


def test_project_known_scores_and_axis_scale_invariance() -> None:
    X = np.array([[0.6, 0.8, 0.0], [0.0, 0.0, 1.0], [-1.0, 0.0, 0.0]])
    assert project(X, [1.0, 0.0, 0.0]).tolist() == [0.6, 0.0, -1.0]
    np.testing.assert_allclose(project(X, [5.0, 0.0, 0.0]), project(X, [1.0, 0.0, 0.0]))
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        project(X, [1.0, 0.0])
    with pytest.raises(ValueError, match="zero vector"):
        project(X, [0.0, 0.0, 0.0])


# --- axis shift: model-free planted truths --------------------------------------------------------


def _scores_with_skew(
    skew: float, *, n: int = 4000, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Real and mix documents in 8-D; the mix is moved by ``skew`` along the anchor direction."""
    rng = np.random.default_rng(seed)
    direction = np.zeros(8)
    direction[2] = 1.0
    pos = rng.normal(size=(10, 8)) * 0.1 + direction
    neg = rng.normal(size=(10, 8)) * 0.1 - direction
    axis = build_axis(pos, neg)
    real = rng.normal(size=(n, 8))
    mix = rng.normal(size=(n, 8)) + skew * direction
    return project(mix, axis), project(real, axis)


def test_axis_shift_finds_a_planted_skew_in_real_std_units() -> None:
    mix, real = _scores_with_skew(0.5)
    assert axis_shift(mix, real) == pytest.approx(0.5, abs=0.08)
    same_mix, same_real = _scores_with_skew(0.0)
    assert abs(axis_shift(same_mix, same_real)) < 0.08
    assert axis_ks(mix, real) > 0.15 > 0.05 > axis_ks(same_mix, same_real)
    assert axis_shift(-mix, -real) == pytest.approx(-axis_shift(mix, real))  # sign follows pole


def test_axis_shift_known_answer_and_invariances() -> None:
    assert axis_shift([2.0, 3.0], [0.0, 1.0, 2.0]) == 1.5
    rng = np.random.default_rng(3)
    mix, real = rng.normal(1, 2, size=50), rng.normal(0, 2, size=70)
    d = axis_shift(mix, real)
    assert axis_shift(mix[::-1], rng.permutation(real)) == pytest.approx(d)
    assert axis_shift(10 * mix + 4, 10 * real + 4) == pytest.approx(d)  # affine invariant
    with pytest.raises(ValueError, match="two distinct values"):
        axis_shift([1.0], [2.0, 2.0])
    with pytest.raises(ValueError, match="NaN"):
        axis_shift([np.nan], [1.0, 2.0])


def test_axis_ks_catches_a_squeeze_that_keeps_the_mean() -> None:
    rng = np.random.default_rng(4)
    real = rng.normal(size=3000)
    squeezed = rng.normal(size=3000) * 0.2  # same mean, far less spread
    assert abs(axis_shift(squeezed, real)) < 0.1
    assert axis_ks(squeezed, real) > 0.25


# --- topic association ----------------------------------------------------------------------------


def test_topic_axis_association_known_answer_and_weighted_centring() -> None:
    a = topic_axis_association([1.0, 3.0, 5.0, 7.0, 10.0], ["a", "a", "b", "b", "c"])
    assert a.name == "association"
    assert a.to_dict() == pytest.approx({"a": -3.2, "b": 0.8, "c": 4.8})
    assert float((a * pd.Series({"a": 2, "b": 2, "c": 1})).sum()) == pytest.approx(0.0)
    with pytest.raises(ValueError, match="one label per score"):
        topic_axis_association([1.0, 2.0], [0])
    with pytest.raises(ValueError, match="missing labels"):
        topic_axis_association([1.0, 2.0], [0, None])


def test_amplified_topic_association_is_found_while_the_mean_stays() -> None:
    # Real: scores independent of topic. Mix: topic 0 pushed +1 std, topic 1 -1 std (same mean).
    rng = np.random.default_rng(5)
    n = 3000
    real_topics, mix_topics = rng.integers(0, 2, size=n), np.repeat([0, 1], n // 2)
    real = rng.normal(size=n)
    mix = rng.normal(size=n) + np.where(mix_topics == 0, 1.0, -1.0)
    assert abs(axis_shift(mix, real)) < 0.1
    assert topic_association_shift(mix, mix_topics, real, real_topics) == pytest.approx(1, abs=0.1)
    same = rng.normal(size=n)
    assert topic_association_shift(same, real_topics, real, real_topics) < 0.08
    assert topic_association_shift(real, real_topics, real, real_topics) == 0.0


def test_topic_association_shift_ignores_an_overall_move_and_thin_topics() -> None:
    rng = np.random.default_rng(6)
    topics = np.repeat([0, 1, 2], 100)
    real = rng.normal(size=300) + topics
    assert topic_association_shift(real + 3.0, topics, real, topics) == pytest.approx(0, abs=1e-12)
    # Topic 2 has 4 mix documents: below min_docs, it is not compared.
    keep = np.r_[np.arange(200), np.arange(200, 204)]
    mix = real[keep] + np.where(topics[keep] == 2, 50.0, 0.0)
    shifted = topic_association_shift(mix, topics[keep], real, topics)
    assert shifted < 3.0
    assert topic_association_shift(mix, topics[keep], real, topics, min_docs=4) > shifted
    assert math.isnan(topic_association_shift(mix, topics[keep], real, topics, min_docs=500))


def test_topic_association_shift_is_invariant_to_row_order() -> None:
    rng = np.random.default_rng(7)
    real, real_t = rng.normal(size=200), rng.integers(0, 4, size=200)
    mix, mix_t = rng.normal(size=150) + (rng.integers(0, 4, size=150) == 1), rng.integers(0, 4, 150)
    perm = rng.permutation(150)
    assert topic_association_shift(mix[perm], mix_t[perm], real, real_t) == pytest.approx(
        topic_association_shift(mix, mix_t, real, real_t)
    )


# --- sentiment per group --------------------------------------------------------------------------


def _religion_corpus(muslim_text: str, n: int = 25) -> list[str]:
    return [
        *([muslim_text] * n),
        *(["The Christian neighbours were kind and wonderful."] * n),
        *(["The Jewish neighbours were kind and wonderful."] * n),
        *(["It rained."] * 5),
    ]


def test_planted_negative_group_is_detected_end_to_end() -> None:
    texts = _religion_corpus("The Muslim neighbours were cruel and terrible.")
    sentiment, mentions = sentiment_scores(texts), group_mentions(texts)
    by_group = sentiment_by_group(sentiment, mentions).set_index(["axis", "group"])
    assert list(by_group.columns) == ["n", "mean"]
    assert by_group.loc[("religion", "muslim"), "n"] == 25
    assert by_group.loc[("religion", "muslim"), "mean"] < -0.5
    assert by_group.loc[("religion", "christian"), "mean"] > 0.5
    assert sentiment_gap(sentiment, mentions, axis="religion") > 1.0
    assert math.isnan(sentiment_gap(sentiment, mentions, axis="gender"))  # nobody mentioned


def test_balanced_corpus_has_no_gap_and_gap_shift_reports_the_change() -> None:
    real = _religion_corpus("The Muslim neighbours were kind and wonderful.")
    mix = _religion_corpus("The Muslim neighbours were cruel and terrible.")
    real_s, real_m = sentiment_scores(real), group_mentions(real)
    mix_s, mix_m = sentiment_scores(mix), group_mentions(mix)
    assert sentiment_gap(real_s, real_m, axis="religion") == pytest.approx(0.0, abs=1e-12)
    shift = sentiment_gap_shift(mix_s, mix_m, real_s, real_m, axis="religion")
    assert shift == pytest.approx(sentiment_gap(mix_s, mix_m, axis="religion"))
    assert shift > 1.0


def test_sentiment_gap_known_answer_and_min_docs() -> None:
    mentions = group_mentions(["she"] * 3 + ["he"] * 2 + ["a nonbinary poet"])
    sentiment = [0.9, 0.6, 0.3, -0.4, -0.2, -1.0]
    assert sentiment_gap(sentiment, mentions, axis="gender", min_docs=2) == pytest.approx(0.9)
    assert sentiment_gap(sentiment, mentions, axis="gender", min_docs=1) == pytest.approx(1.6)
    assert math.isnan(sentiment_gap(sentiment, mentions, axis="gender", min_docs=3))
    with pytest.raises(ValueError, match="axis 'colour' not in mentions; available"):
        sentiment_gap(sentiment, mentions, axis="colour")
    with pytest.raises(ValueError, match="6 rows"):
        sentiment_by_group(sentiment[:5], mentions)


def test_sentiment_by_group_counts_a_document_for_every_group_it_names() -> None:
    t = sentiment_by_group([1.0, -1.0], group_mentions(["she told him", "he"]))
    t = t.set_index("group")
    assert t.loc["women", "n"] == 1 and t.loc["men", "n"] == 2
    assert t.loc["women", "mean"] == 1.0 and t.loc["men", "mean"] == 0.0
    assert math.isnan(t.loc["non-binary", "mean"])


# --- with the real model --------------------------------------------------------------------------


@pytest.mark.model
def test_minilm_axes_order_held_out_sentences() -> None:
    from mixscope.embed import SentenceTransformerEmbedder

    model = SentenceTransformerEmbedder()
    held_out = {
        "gender": ("My grandmother baked bread.", "My grandfather baked bread."),
        "age": ("A college freshman.", "A nursing home resident."),
        "sentiment": ("I adore this film.", "I loathe this film."),
    }
    for name, (positive, negative) in held_out.items():
        concept = CONCEPT_AXES[name]
        axis = build_axis(
            model.encode(concept.positive_phrases), model.encode(concept.negative_phrases)
        )
        pos_score, neg_score = project(model.encode([positive, negative]), axis)
        assert pos_score > 0 > neg_score, name
