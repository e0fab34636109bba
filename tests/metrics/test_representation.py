"""Group representation: the four-fifths rule beyond sampling noise, and the group-topic shift."""

import math

import numpy as np
import pandas as pd
import pytest

from mixscope.metrics.groups import MIN_GROUP_DOCS, group_mentions, mention_shares
from mixscope.metrics.representation import (
    group_representation_ratio_min,
    representation_bounds,
    representation_ratios,
    topic_group_mention_shift,
)
from mixscope.metrics.stats import bootstrap_weights

# --- representation -------------------------------------------------------------------------------


def _gender_corpus(n_women: int, n_men: int, n_other: int = 0) -> pd.DataFrame:
    texts = ["My sister called."] * n_women + ["My brother called."] * n_men
    return group_mentions(texts + ["It rained all day."] * n_other)


def _katz_high(a: int, n1: int, c: int, n2: int, z: float = 1.959963984540054) -> float:
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
        "ratio_high", "status", "note",
    ]  # fmt: skip
    t = table.set_index(["axis", "group"])
    women = t.loc[("gender", "women")]
    assert women["ratio"] == pytest.approx(0.3)
    assert women["ratio_high"] == pytest.approx(_katz_high(30, 403, 100, 403))
    assert women["status"] == "fail"  # its whole interval is below 0.5
    assert t.loc[("gender", "men"), "ratio"] == pytest.approx(1.0)
    assert t.loc[("gender", "men"), "status"] == "pass"
    row = t.loc[("religion", "sikh")]
    assert (row["mix_n"], row["real_n"], row["status"]) == (3, 3, "n/a")
    assert row["note"] == "too few mentions"
    assert math.isnan(row["ratio"])  # never 0
    assert (t.loc[t["status"] != "n/a"].index.get_level_values(0) == "gender").all()
    # the metric is the least represented group's row: the card shows what the chart shows
    least = group_representation_ratio_min(mix, real)
    assert least.tolist() == pytest.approx(women[["ratio", "ratio_low", "ratio_high"]].tolist())
    assert group_representation_ratio_min(mix, real, confidence=0.5).tolist() == pytest.approx(
        [0.3] * 3
    )


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
    assert set(t.loc[["deaf", "blind"], "status"]) == {"fail"}
    within = mention_shares(mix).set_index("group").loc[["deaf", "blind"], "share_within_axis"]
    assert within.tolist() == pytest.approx([0.5, 0.5])  # what a within-axis ratio would see


def test_sampling_noise_is_not_flagged_but_a_large_sample_is() -> None:
    # A ratio of 0.75 from 30 / 40 mentions is within noise; from 3,000 / 4,000 it is not.
    small = representation_ratios(_gender_corpus(30, 0, 170), _gender_corpus(40, 0, 160))
    large = representation_ratios(_gender_corpus(3000, 0, 17000), _gender_corpus(4000, 0, 16000))
    for table, want in ((small, "pass"), (large, "warn")):
        women = table.set_index("group").loc["women"]
        assert women["ratio"] == pytest.approx(0.75)
        assert women["status"] == want


def test_thresholds_are_four_fifths_and_its_mirror() -> None:
    real = _gender_corpus(50, 50)
    raw = {"confidence": 0.5}  # judge the ratio itself
    at_edge = representation_ratios(_gender_corpus(40, 60), real, **raw).set_index("group")
    assert at_edge.loc["women", "ratio"] == pytest.approx(0.8)
    assert at_edge.loc["women", "status"] == "pass"  # 0.8 itself passes the rule
    custom = representation_ratios(
        _gender_corpus(40, 60), real, warn=0.9, fail=0.85, high=1.1, **raw
    ).set_index("group")
    assert custom.loc["women", "status"] == "fail"  # 0.8 < 0.85
    assert (custom.loc["men", "status"], custom.loc["men", "note"]) == ("pass", "over-represented")
    warned = representation_ratios(_gender_corpus(43, 57), real, warn=0.9, fail=0.85, **raw)
    assert warned.set_index("group").loc["women", "status"] == "warn"  # 0.86


def test_min_mentions_applies_to_real_only_so_a_vanished_group_is_judged() -> None:
    t = representation_ratios(_gender_corpus(0, 30), _gender_corpus(30, 30)).set_index("group")
    assert t.loc["women", "ratio"] == 0.0
    # judged, not n/a; with 30 mix documents, none mentioning women is still consistent with
    # a ratio of 0.53 (Haldane's half mention), so the interval's upper end warns
    assert t.loc["women", "ratio_high"] == pytest.approx(0.53, abs=0.01)
    assert t.loc["women", "status"] == "warn"
    few = representation_ratios(_gender_corpus(40, 30), _gender_corpus(10, 30)).set_index("group")
    assert few.loc["women", "note"] == "too few mentions"  # 10 real mentions < 30
    too_few = group_representation_ratio_min(_gender_corpus(5, 5), _gender_corpus(5, 5))
    assert np.isnan(too_few).all()
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
    with pytest.raises(ValueError, match="fail <= warn <= 1 <= high"):
        representation_ratios(real, real, warn=1.2)
    with pytest.raises(ValueError, match="confidence"):
        representation_ratios(real, real, confidence=0.0)


def test_a_weight_row_is_the_ratio_of_its_resample() -> None:
    mix, real = _gender_corpus(45, 60, 95), _gender_corpus(50, 50, 100)
    W = bootstrap_weights(len(mix), n_boot=4, seed=0)
    rows = group_representation_ratio_min(mix, real, weights=W)
    for row, value in zip(W.astype(int), rows, strict=True):
        resample = mix.loc[np.repeat(np.arange(len(mix)), row)].reset_index(drop=True)
        assert value.tolist() == pytest.approx(group_representation_ratio_min(resample, real))
    assert group_representation_ratio_min(mix.to_numpy(), real.to_numpy()).tolist() == (
        pytest.approx(group_representation_ratio_min(mix, real).tolist())
    )  # arrays of bools work like the frames


def test_topic_group_mention_shift_known_answer_and_planted_move() -> None:
    # One group mentioned by all 4 documents: real topics [0, 1, 0, 1], mix [0, 0, 0, 1].
    m = np.ones((4, 1), dtype=bool)
    assert topic_group_mention_shift(
        m, [0, 0, 0, 1], m, [0, 1, 0, 1], n_topics=2, min_mentions=2
    ) == pytest.approx(0.25)
    same = topic_group_mention_shift(m, [0, 1, 0, 1], m, [0, 1, 0, 1], n_topics=2, min_mentions=2)
    assert same == 0.0
    assert math.isnan(
        topic_group_mention_shift(m, [0, 0, 0, 1], m, [0, 1, 0, 1], n_topics=2, min_mentions=5)
    )


def test_topic_group_mention_shift_weights_are_resamples() -> None:
    rng = np.random.default_rng(2)
    real_m, mix_m = rng.random((300, 3)) < 0.4, rng.random((200, 3)) < 0.4
    real_t, mix_t = rng.integers(0, 4, 300), rng.integers(0, 4, 200)
    W = bootstrap_weights(200, n_boot=3, seed=1)
    rows = topic_group_mention_shift(mix_m, mix_t, real_m, real_t, n_topics=4, weights=W)
    for row, value in zip(W.astype(int), rows, strict=True):
        pick = np.repeat(np.arange(200), row)
        expected = topic_group_mention_shift(mix_m[pick], mix_t[pick], real_m, real_t, n_topics=4)
        assert value == pytest.approx(expected)
