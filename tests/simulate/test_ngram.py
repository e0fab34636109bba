"""The n-gram text generator: it never invents a word, MLE never invents a bigram, seeded."""

from collections import Counter
from collections.abc import Callable

import numpy as np
import pytest

from mixscope.metrics.lexical import tokenize
from mixscope.simulate import fit_ngram, sample_ngram
from mixscope.simulate.tail import word_types


def _bigrams(texts: list[str]) -> set[tuple[str, str]]:
    return {pair for t in texts for pair in zip(tokenize(t), tokenize(t)[1:], strict=False)}


def test_samples_use_only_training_words(zipf: Callable[..., list[str]]) -> None:
    train = zipf(100)
    docs = sample_ngram(fit_ngram(train, smoothing=1.0), 500, rng=np.random.default_rng(0))
    assert word_types(docs) <= word_types(train)


def test_mle_reproduces_only_seen_bigrams_and_first_words(zipf: Callable[..., list[str]]) -> None:
    train = zipf(100)
    docs = sample_ngram(fit_ngram(train, smoothing=0.0), 300, rng=np.random.default_rng(1))
    seen = _bigrams(train)
    # A word seen only at the end of documents has no follower: it backs off to the unigram.
    followed = {v for v, _ in seen}
    assert {(v, w) for v, w in _bigrams(docs) if v in followed} <= seen
    assert {d.split()[0] for d in docs} <= {tokenize(t)[0] for t in train}


def test_smoothing_adds_unseen_bigrams_of_known_words(zipf: Callable[..., list[str]]) -> None:
    train = zipf(100)
    docs = sample_ngram(fit_ngram(train, smoothing=1.0), 300, rng=np.random.default_rng(1))
    assert _bigrams(docs) - _bigrams(train)  # new pairs...
    assert word_types(docs) <= word_types(train)  # ...of old words


def test_witten_bell_weight_of_a_planted_context() -> None:
    # "a" is followed by b, b, c: c(a) = 3, T(a) = 2, so lam = 3 / (3 + beta * 2).
    model = fit_ngram(["a b a b a c"], smoothing=1.0)
    a = list(model.vocab).index("a")
    assert model.keep[a] == pytest.approx(3 / 5)
    assert fit_ngram(["a b a b a c"], smoothing=0.5).keep[a] == pytest.approx(3 / 4)


def test_a_deterministic_chain_is_sampled_exactly() -> None:
    model = fit_ngram(["one two three four"], smoothing=0.0)
    docs = sample_ngram(model, 5, rng=np.random.default_rng(0))
    assert docs == ["one two three four"] * 5


def test_bigram_frequencies_follow_the_fitted_probabilities() -> None:
    # After "x": y twice as often as z (MLE). 6,000 draws: the share's sd is about 0.006.
    model = fit_ngram(["x y", "x y", "x z"], smoothing=0.0)
    docs = sample_ngram(model, 6_000, rng=np.random.default_rng(2))
    share = Counter(d.split()[1] for d in docs)["y"] / len(docs)
    assert share == pytest.approx(2 / 3, abs=0.03)


def test_lengths_are_drawn_from_training_lengths(zipf: Callable[..., list[str]]) -> None:
    train = [*zipf(50), "?!"]  # a document without a word never sets a length
    model = fit_ngram(train)
    docs = sample_ngram(model, 400, rng=np.random.default_rng(3))
    assert {len(tokenize(d)) for d in docs} <= {len(tokenize(t)) for t in train} - {0}


def test_same_generator_state_same_documents(zipf: Callable[..., list[str]]) -> None:
    model = fit_ngram(zipf(80))
    a = sample_ngram(model, 50, rng=np.random.default_rng(7))
    b = sample_ngram(model, 50, rng=np.random.default_rng(7))
    c = sample_ngram(model, 50, rng=np.random.default_rng(8))
    assert a == b
    assert a != c


def test_no_words_is_refused() -> None:
    with pytest.raises(ValueError, match="no word tokens"):
        fit_ngram(["!!", "..."])


@pytest.mark.parametrize("smoothing", [-0.1, "1", True])
def test_bad_smoothing_is_refused(smoothing: object) -> None:
    with pytest.raises(ValueError, match="smoothing must be a number >= 0"):
        fit_ngram(["a b"], smoothing=smoothing)  # type: ignore[arg-type]


def test_bad_n_docs_is_refused() -> None:
    with pytest.raises(ValueError, match="n_docs must be a positive integer"):
        sample_ngram(fit_ngram(["a b"]), 0, rng=np.random.default_rng(0))
