"""c-TF-IDF: the published weights on a hand-computed example, and the top terms it gives."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy.sparse import csr_matrix

from mixscope.metrics.ctfidf import TOP_TERMS_COLUMNS, class_tfidf, top_terms


def test_weights_follow_the_published_formula_by_hand() -> None:
    # class "a" = "apple apple banana", class "b" = "banana cherry"
    # A = (3 + 2) / 2 = 2.5 words per class; f = apple 2, banana 2, cherry 1
    texts = ["apple apple", "banana", "banana cherry"]
    table = top_terms(texts, ["a", "a", "b"], k=3, min_df=1, stop_words=None)
    keys = zip(table["term"], table["class"], strict=True)
    got = dict(zip(keys, table["weight"], strict=True))
    assert got == pytest.approx({
        ("apple", "a"): 2 * math.log(1 + 2.5 / 2),
        ("banana", "a"): 1 * math.log(1 + 2.5 / 2),
        ("banana", "b"): 1 * math.log(1 + 2.5 / 2),
        ("cherry", "b"): 1 * math.log(1 + 2.5 / 1),
    })  # fmt: skip
    assert list(table.columns) == list(TOP_TERMS_COLUMNS)
    assert table["term"].tolist() == ["apple", "banana", "cherry", "banana"]
    assert table["rank"].tolist() == [1, 2, 1, 2]
    assert table["count"].tolist() == [2, 1, 1, 1]


def test_class_tfidf_on_counts_dense_and_sparse_agree() -> None:
    counts = np.array([[3, 0, 1, 0], [1, 2, 0, 0], [0, 0, 5, 0]])
    # A = 12 / 3 = 4; f = (4, 2, 6, 0): the unused term weighs 0, not NaN
    idf = np.array([math.log(1 + 4 / 4), math.log(1 + 4 / 2), math.log(1 + 4 / 6), 0.0])
    expected = counts * idf
    np.testing.assert_allclose(class_tfidf(counts).toarray(), expected)
    np.testing.assert_allclose(class_tfidf(csr_matrix(counts)).toarray(), expected)


def test_reduce_frequent_words_lets_a_class_own_words_rise() -> None:
    # each class: "went" 8 times, its own word twice. A = 10, f = went 16, goal 2, soup 2
    counts = np.array([[8, 2, 0], [8, 0, 2]])
    raw = class_tfidf(counts).toarray()
    assert raw[0, 0] == pytest.approx(8 * math.log(1 + 10 / 16))
    assert raw[0, 0] > raw[0, 1]
    reduced = class_tfidf(counts, reduce_frequent_words=True).toarray()
    np.testing.assert_allclose(
        reduced[0], [math.sqrt(0.8) * math.log(1 + 10 / 16), math.sqrt(0.2) * math.log(6), 0]
    )
    assert reduced[0, 1] > reduced[0, 0]
    texts = ["went went went went goal", "went went went went goal"]
    texts += ["went went went went soup", "went went went went soup"]
    top = top_terms(texts, [0, 0, 1, 1], k=1, reduce_frequent_words=True)
    assert top["term"].tolist() == ["goal", "soup"]
    assert top_terms(texts, [0, 0, 1, 1], k=1)["term"].tolist() == ["went", "went"]


def test_top_terms_name_what_sets_each_class_apart() -> None:
    # a word every class uses ("review") weighs less than the class's own words
    sport = [f"the match review: goal and team number {i}" for i in range(6)]
    food = [f"the recipe review: soup with garlic in 2024, number {i}" for i in range(6)]
    table = top_terms(sport + food, ["sport"] * 6 + ["food"] * 6, k=3)
    terms = table.groupby("class")["term"].apply(list).to_dict()
    assert set(terms["sport"]) == {"goal", "match", "team"}
    assert set(terms["food"]) == {"garlic", "recipe", "soup"}
    # stop words ("the", "and", "with") and numbers never appear
    assert not {"the", "and", "with"} & set(table["term"])
    assert not table["term"].str.contains(r"\d").any()


def test_order_of_documents_does_not_matter() -> None:
    rng = np.random.default_rng(0)
    words = np.array(["alpha", "beta", "gamma", "delta", "omega", "sigma"])
    texts = [" ".join(rng.choice(words, size=6)) for _ in range(40)]
    classes = rng.integers(0, 3, size=40)
    order = rng.permutation(40)
    a = top_terms(texts, classes, k=4, stop_words=None)
    b = top_terms([texts[i] for i in order], classes[order], k=4, stop_words=None)
    pd.testing.assert_frame_equal(a, b)


def test_min_df_drops_words_of_a_single_document() -> None:
    texts = ["zebra alpha", "alpha beta", "beta alpha"]
    assert "zebra" in top_terms(texts, [0, 0, 1], min_df=1)["term"].tolist()
    assert "zebra" not in top_terms(texts, [0, 0, 1], min_df=2)["term"].tolist()


def test_nothing_left_to_count_gives_an_empty_table() -> None:
    table = top_terms(["the and of", "it is 42"], [0, 1])
    assert table.empty and list(table.columns) == list(TOP_TERMS_COLUMNS)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"texts": ["a b"], "classes": [0, 1]}, "one class per text"),
        ({"texts": [], "classes": []}, "must not be empty"),
        ({"texts": "abc", "classes": [0, 1, 2]}, "sequence of str"),
        ({"texts": ["ab"], "classes": [0], "k": 0}, "k must be a positive integer"),
        ({"texts": ["ab"], "classes": [0], "min_df": 0.5}, "min_df must be a positive integer"),
        ({"texts": ["ab"], "classes": [0], "stop_words": "french"}, "stop_words must be"),
    ],
)
def test_bad_input_is_refused(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        top_terms(**kwargs)


def test_bad_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        class_tfidf([[1, -1]])
    with pytest.raises(ValueError, match="2-D"):
        class_tfidf([1, 2])
    with pytest.raises(ValueError, match="at least one class"):
        class_tfidf(np.zeros((0, 3)))
