import numpy as np
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from mixscope.metrics.sentiment import _analyzer, sentiment_scores

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
