import math

import numpy as np
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from mixscope.metrics.groups import group_mentions
from mixscope.metrics.sentiment import (
    _analyzer,
    sentiment_by_group,
    sentiment_gap_shift,
    sentiment_scores,
)
from mixscope.metrics.stats import bootstrap_weights

TEXTS = [
    "What a wonderful day!",
    "This is terrible.",
    "The food was not bad at all.",
    "I LOVE this!!! :)",
    "The meeting is at 3 pm.",
    "Kind of meh, but the staff were VERY friendly 😊",
    "",
    "   ",
    "Absolutely horrible, worst service ever... never again.",
]


def test_matches_vader_exactly_on_identical_inputs() -> None:
    reference = SentimentIntensityAnalyzer()
    want = [reference.polarity_scores(t)["compound"] for t in TEXTS]
    got = sentiment_scores(TEXTS)
    assert got.dtype == np.float64
    assert got.shape == (len(TEXTS),)
    assert got.tolist() == want


def test_known_signs_range_and_neutral_empty_text() -> None:
    s = sentiment_scores(TEXTS)
    assert s[0] > 0.5 and s[3] > 0.5
    assert s[1] < -0.4 and s[8] < -0.4
    assert s[6] == s[7] == s[4] == 0.0
    assert ((s >= -1) & (s <= 1)).all()


def test_order_invariance_and_empty_input() -> None:
    s = sentiment_scores(TEXTS)
    assert sentiment_scores(TEXTS[::-1]).tolist() == s[::-1].tolist()
    assert sentiment_scores([]).shape == (0,)


def test_analyzer_is_built_once() -> None:
    assert _analyzer() is _analyzer()


def test_refuses_non_strings() -> None:
    with pytest.raises(ValueError, match=r"texts\[1\] must be str, got int"):
        sentiment_scores(["fine", 3])
    with pytest.raises(ValueError, match="sequence of strings"):
        sentiment_scores("a single string")


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
    assert math.isnan(by_group.loc[("gender", "women"), "mean"])  # nobody mentioned


def test_a_group_described_more_negatively_shifts_its_gap() -> None:
    real = _religion_corpus("The Muslim neighbours were kind and wonderful.", n=40)
    mix = _religion_corpus("The Muslim neighbours were cruel and terrible.", n=40)
    real_s, real_m = sentiment_scores(real), group_mentions(real)
    mix_s, mix_m = sentiment_scores(mix), group_mentions(mix)
    assert sentiment_gap_shift(real_m, real_s, real_m, real_s).tolist() == [0.0, 0.0, 0.0]
    shift, low, high = sentiment_gap_shift(mix_m, mix_s, real_m, real_s)
    # every text of a group is the same, so there is no noise to subtract: the change of the
    # Muslim group's gap (its mean minus the overall mean), mix against real
    muslim = mix_m["religion:muslim"].to_numpy()
    change = (mix_s[muslim].mean() - mix_s.mean()) - (real_s[muslim].mean() - real_s.mean())
    assert shift == pytest.approx(abs(change)) and shift > 1.0
    assert low == pytest.approx(shift) and high == pytest.approx(shift)


def test_sentiment_gap_shift_discounts_noise_and_needs_enough_mentions() -> None:
    m = np.array([[True], [True], [False], [False]] * 20)
    real = np.tile([0.5, 0.4, 0.0, 0.1], 20)
    # gap changes by 0.5; se = sqrt(2 * 0.0025 / 40); z = 1.96 (two-sided 95 %)
    half = 1.959963984540054 * math.sqrt(2 * 0.0025 / 40)
    shift = sentiment_gap_shift(m, real - m[:, 0], m, real, min_mentions=10)
    assert shift.tolist() == pytest.approx([0.5, 0.5 - half, 0.5 + half])
    # a change within the noise keeps its estimate (the group's mean falls 0.01, the overall
    # mean 0.005, so its gap changes by 0.005); only the interval's lower end reaches 0
    noisy = sentiment_gap_shift(m, real - 0.01 * m[:, 0], m, real, min_mentions=10)
    assert noisy.tolist() == pytest.approx([0.005, 0.0, 0.005 + half])
    assert np.isnan(sentiment_gap_shift(m, real - m[:, 0], m, real, min_mentions=41)).all()
    with pytest.raises(ValueError, match="align"):
        sentiment_gap_shift(m, real[:5], m, real)
    with pytest.raises(ValueError, match="6 rows"):
        sentiment_by_group([0.9, 0.6, 0.3, -0.4, -0.2], group_mentions(["she"] * 6))


def test_sentiment_gap_shift_weight_rows_are_resamples() -> None:
    rng = np.random.default_rng(4)
    real_m, mix_m = rng.random((400, 2)) < 0.3, rng.random((300, 2)) < 0.3
    real_s, mix_s = rng.uniform(-1, 1, 400), rng.uniform(-1, 1, 300) - 0.4 * mix_m[:, 0]
    W = bootstrap_weights(300, n_boot=3, seed=5)
    rows = sentiment_gap_shift(mix_m, mix_s, real_m, real_s, weights=W)
    for row, value in zip(W.astype(int), rows, strict=True):
        pick = np.repeat(np.arange(300), row)
        expected = sentiment_gap_shift(mix_m[pick], mix_s[pick], real_m, real_s)
        assert value.tolist() == pytest.approx(expected.tolist())


def test_sentiment_by_group_counts_a_document_for_every_group_it_names() -> None:
    t = sentiment_by_group([1.0, -1.0], group_mentions(["she told him", "he"]))
    t = t.set_index("group")
    assert t.loc["women", "n"] == 1 and t.loc["men", "n"] == 2
    assert t.loc["women", "mean"] == 1.0 and t.loc["men", "mean"] == 0.0
    assert math.isnan(t.loc["non-binary", "mean"])
