import gzip
import math

import numpy as np
import pytest

from mixscope.metrics.lexical import (
    bigram_codes,
    compression_ratio,
    distinct_2,
    mattr,
    token_codes,
    tokenize,
)


def test_tokenize_lowercases_and_drops_punctuation() -> None:
    assert tokenize("Don't STOP—now, café 42!") == ["don", "t", "stop", "now", "café", "42"]


# --- compression ratio ----------------------------------------------------------------------


def test_compression_ratio_is_raw_over_gzip_bytes_of_newline_joined_texts() -> None:
    texts = ["the cat sat", "the cat sat", "on the mat"]
    raw = b"the cat sat\nthe cat sat\non the mat"
    assert compression_ratio(texts) == len(raw) / len(gzip.compress(raw, 9, mtime=0))


def test_compression_ratio_rises_with_planted_repetition() -> None:
    varied = [
        f"document {i} talks about topic {i * 7919 % 1000} and item {i**2}" for i in range(200)
    ]
    templated = ["document talks about the same topic and the same item"] * 200
    assert compression_ratio(templated) > 2 * compression_ratio(varied)


def test_compression_ratio_is_deterministic_and_refuses_empty_text() -> None:
    assert compression_ratio(["abc abc"]) == compression_ratio(["abc abc"])
    with pytest.raises(ValueError, match="all empty"):
        compression_ratio([""])


# --- distinct-2 -----------------------------------------------------------------------------


def bigrams(texts: list[str]) -> list[np.ndarray]:
    return [bigram_codes(token_codes(t)) for t in texts]


def test_distinct_2_known_answers() -> None:
    assert distinct_2(bigrams(["a b a b"])) == pytest.approx(2 / 3)
    assert distinct_2(bigrams(["x y z"])) == 1.0
    # bigrams never span documents: ("b", "c") is not counted.
    assert distinct_2(bigrams(["a b", "c d"])) == 1.0
    assert distinct_2(bigrams(["The cat.", "the CAT!"])) == 0.5
    assert math.isnan(distinct_2(bigrams(["one", "two"])))  # no bigram at all


def test_token_and_bigram_codes_follow_tokenize() -> None:
    codes = token_codes("The cat, the HAT!")
    assert len(codes) == len(tokenize("The cat, the HAT!")) == 4
    assert codes[0] == codes[2] and codes[1] != codes[3]
    assert len(bigram_codes(codes)) == 3 and len(bigram_codes(codes[:1])) == 0


def test_distinct_2_budget_makes_sizes_comparable() -> None:
    # Same text repeated: without a budget the bigger corpus looks less diverse.
    small, big = bigrams(["one two three four five"] * 2), bigrams(["one two three four five"] * 20)
    assert distinct_2(big, budget=10_000) < distinct_2(small, budget=10_000)
    assert distinct_2(big, budget=8) == distinct_2(small, budget=8)


def test_distinct_2_budget_truncates_exactly_and_is_seeded() -> None:
    texts = [f"w{i} w{i + 100} w{i + 200}" for i in range(10)]  # 20 distinct bigrams
    assert distinct_2(bigrams(texts), budget=7) == 1.0
    repeated = bigrams(["a b a b a", "c d e"])  # 4 bigrams (2 distinct), then 2 distinct
    a = [distinct_2(repeated, budget=5, seed=s) for s in range(6)]
    assert set(a) <= {3 / 5, 4 / 5}  # all of the first + "c d", or all of the second + 3
    assert a == [distinct_2(repeated, budget=5, seed=s) for s in range(6)]


def test_distinct_2_is_invariant_to_document_order_without_budget() -> None:
    texts = bigrams(["a b c", "a b d", "e f"])
    assert distinct_2(texts) == distinct_2(texts[::-1])


def test_distinct_2_refuses_a_bad_budget() -> None:
    with pytest.raises(ValueError, match="budget must be a positive integer"):
        distinct_2(bigrams(["a b c"]), budget=0)


# --- MATTR ----------------------------------------------------------------------------------


def _mattr_by_definition(tokens: list[str], window: int) -> float:
    spans = [tokens[i : i + window] for i in range(len(tokens) - window + 1)]
    return sum(len(set(s)) / window for s in spans) / len(spans)


def test_mattr_known_answers() -> None:
    assert mattr(["a a b"], window=2) == pytest.approx(0.75)
    assert mattr(["a b c d"], window=3) == 1.0
    assert mattr(["x x x x x"], window=2) == 0.5
    # Shorter than the window: plain type-token ratio.
    assert mattr(["a a b"], window=50) == pytest.approx(2 / 3)


@pytest.mark.parametrize("window", [1, 3, 7, 25])
def test_mattr_matches_the_sliding_window_definition(window: int) -> None:
    sentence = "the quick brown fox jumps over the lazy dog and the dog sleeps by the fox"
    words = sentence.split()
    texts = [" ".join(words[i : i + 5]) for i in range(0, len(words), 5)] * 3
    tokens = [t for text in texts for t in tokenize(text)]
    assert mattr(texts, window=window) == pytest.approx(_mattr_by_definition(tokens, window))


def test_mattr_spans_documents_and_falls_with_planted_repetition() -> None:
    assert mattr(["a b", "c d"], window=4) == 1.0
    varied = [" ".join(f"w{i}_{j}" for j in range(10)) for i in range(20)]
    templated = ["the same ten words appear in every single line"] * 20
    assert mattr(templated, window=20) < mattr(varied, window=20)


def test_mattr_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="window must be a positive integer"):
        mattr(["a"], window=0)
    with pytest.raises(ValueError, match="no word tokens"):
        mattr(["!!", "..."])
    with pytest.raises(ValueError, match=r"texts\[1\] must be str"):
        mattr(["a", 3])
