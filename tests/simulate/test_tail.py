"""Tail retention: known answers on hand-made texts."""

import math

import pytest

from mixscope.simulate import rare_types, tail_retention
from mixscope.simulate.tail import retained_share, word_types


def test_rare_types_count_over_all_documents_with_the_shared_tokenizer() -> None:
    # "Cat" and "cat," are one token; "b" is seen twice across two documents.
    texts = ["Cat b a a a", "cat, b d"]
    assert rare_types(texts, rare_max=1) == {"d"}
    assert rare_types(texts, rare_max=2) == {"b", "cat", "d"}
    assert rare_types(texts, rare_max=3) == {"a", "b", "cat", "d"}


def test_tail_retention_known_answers() -> None:
    reference = ["the the the the red fox", "the the blue owl"]  # rare (<= 1): red fox blue owl
    assert tail_retention(reference, ["the red owl"], rare_max=1) == 0.5
    assert tail_retention(reference, ["RED fox, blue... owl!"], rare_max=1) == 1.0
    assert tail_retention(reference, ["the the"], rare_max=1) == 0.0
    # a frequent word never counts as tail, present or not
    assert tail_retention(reference, ["the fox"], rare_max=1) == 0.25


def test_the_reference_keeps_its_whole_tail() -> None:
    reference = ["a b c", "a d e e"]
    assert tail_retention(reference, reference) == 1.0


def test_no_rare_type_is_nan_not_zero() -> None:
    assert math.isnan(tail_retention(["a a b b"], ["a"], rare_max=1))
    assert math.isnan(retained_share(set(), {"a"}))


def test_word_types_are_the_tokens() -> None:
    assert word_types(["It's 2 o'clock"]) == {"it", "s", "2", "o", "clock"}


@pytest.mark.parametrize("rare_max", [0, -1, 1.5, True])
def test_bad_rare_max_is_refused(rare_max: object) -> None:
    with pytest.raises(ValueError, match="rare_max must be a positive integer"):
        rare_types(["a"], rare_max=rare_max)  # type: ignore[arg-type]


def test_texts_must_be_strings() -> None:
    with pytest.raises(ValueError, match=r"texts\[1\] must be str"):
        tail_retention(["a"], ["b", 3])
