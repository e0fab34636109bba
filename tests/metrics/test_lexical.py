import gzip

import pytest

from mixscope.metrics.lexical import compression_ratio, distinct_n, mattr, tokenize


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


# --- distinct-n -----------------------------------------------------------------------------


def test_distinct_n_known_answers() -> None:
    assert distinct_n(["a b a b"], n=2) == pytest.approx(2 / 3)
    assert distinct_n(["a b a b"], n=1) == pytest.approx(2 / 4)
    assert distinct_n(["x y z"], n=3) == 1.0
    # n-grams never span documents: ("b", "c") is not counted.
    assert distinct_n(["a b", "c d"], n=2) == 1.0
    assert distinct_n(["The cat.", "the CAT!"], n=2) == 0.5


def test_distinct_n_budget_makes_sizes_comparable() -> None:
    # Same text repeated: without a budget the bigger corpus looks less diverse.
    small, big = ["one two three four five"] * 2, ["one two three four five"] * 20
    assert distinct_n(big, n=1) < distinct_n(small, n=1)
    assert distinct_n(big, n=1, token_budget=10) == distinct_n(small, n=1, token_budget=10)


def test_distinct_n_budget_truncates_exactly_and_is_seeded() -> None:
    texts = [f"w{i} w{i + 100} w{i + 200}" for i in range(10)]  # 30 distinct unigrams
    assert distinct_n(texts, n=1, token_budget=7) == 1.0
    repeated = ["a a a", "b c d"]
    a = [distinct_n(repeated, n=1, token_budget=4, seed=s) for s in range(6)]
    assert set(a) <= {2 / 4, 4 / 4}  # "a a a" + "b" or "b c d" + "a"
    assert a == [distinct_n(repeated, n=1, token_budget=4, seed=s) for s in range(6)]


def test_distinct_n_is_invariant_to_document_order_without_budget() -> None:
    texts = ["a b c", "a b d", "e f"]
    assert distinct_n(texts) == distinct_n(texts[::-1])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n": 0}, "n must be a positive integer"),
        ({"token_budget": 100}, "token_budget=100 exceeds the 3 tokens"),
        ({"token_budget": 0}, "token_budget must be a positive integer"),
        ({"n": 4}, "no 4-grams"),
    ],
)
def test_distinct_n_refuses_bad_options(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        distinct_n(["a b c"], **kwargs)


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
