"""Distinguishing terms of classes of documents: class-based TF-IDF (c-TF-IDF).

Grootendorst (2022), BERTopic: Neural topic modeling with a class-based TF-IDF procedure,
arXiv:2203.05794, eq. 1. The documents of a class are treated as one document; a term weighs

    W_{t,c} = tf_{t,c} * log(1 + A / f_t)

with ``tf_{t,c}`` the count of term ``t`` in class ``c``, ``f_t`` its count over all classes
and ``A`` the average number of (counted) words per class. A term frequent in one class and
rare elsewhere weighs most, so a class's top terms say what sets it apart.

BERTopic's ``ClassTfidfTransformer`` also L1-normalises each class's counts and truncates ``A``
to an integer; neither changes the order of terms within a class (the first is a positive
factor per class, the second a small shift of every idf), so top terms are the same. Weights
here follow the published formula. Its option ``reduce_frequent_words`` (the square root of the
L1-normalised counts) is offered under the same name: it lets a class's own words rise above
words every class uses often ("went", "took").
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd
from scipy.sparse import csr_matrix, issparse
from sklearn.feature_extraction.text import CountVectorizer

__all__ = ["TOP_TERMS_COLUMNS", "class_tfidf", "top_terms"]

#: Columns of :func:`top_terms`.
TOP_TERMS_COLUMNS = ("class", "rank", "term", "weight", "count")
# Words of two or more characters with at least one letter: numbers ("2024", "15") name no topic.
_TOKEN_PATTERN = r"(?u)\b(?=\w*[^\W\d_])\w\w+\b"


def class_tfidf(counts: object, *, reduce_frequent_words: bool = False) -> csr_matrix:
    """c-TF-IDF weights of a class-by-term count matrix (Grootendorst, 2022, eq. 1).

    Parameters
    ----------
    counts : array-like or sparse matrix of shape (n_classes, n_terms)
        Non-negative counts of each term in each class (the class's documents joined).
    reduce_frequent_words : bool, default=False
        Use ``sqrt(tf_{t,c} / sum_t tf_{t,c})`` for ``tf_{t,c}`` (BERTopic's option of that
        name); ``f_t`` and ``A`` still count words.

    Returns
    -------
    csr_matrix of shape (n_classes, n_terms): ``tf * log(1 + A / f_t)``, 0 where a term is
    absent from a class (and for terms absent from every class).

    Examples
    --------
    >>> W = class_tfidf(np.array([[2, 1, 0], [0, 1, 1]])).toarray()  # A = 2.5, f = (2, 2, 1)
    >>> np.allclose(W, [[2 * np.log(2.25), np.log(2.25), 0], [0, np.log(2.25), np.log(3.5)]])
    True
    """
    C = csr_matrix(counts, dtype=np.float64) if issparse(counts) else _dense_counts(counts)
    if C.shape[0] == 0 or C.shape[1] == 0:
        raise ValueError(f"counts must have at least one class and one term, got shape {C.shape}")
    if C.nnz and (C.data < 0).any():
        raise ValueError("counts must be non-negative")
    f = np.asarray(C.sum(axis=0)).ravel()
    average = C.sum() / C.shape[0]
    idf = np.zeros_like(f)
    present = f > 0
    idf[present] = np.log1p(average / f[present])
    if reduce_frequent_words:
        totals = np.asarray(C.sum(axis=1)).ravel()
        C = csr_matrix(C.multiply(1 / np.maximum(totals, 1)[:, np.newaxis]))
        C.data = np.sqrt(C.data)
    return csr_matrix(C.multiply(idf[np.newaxis, :]))


def _dense_counts(counts: object) -> csr_matrix:
    arr = np.asarray(counts, dtype=np.float64)
    if arr.ndim != 2:
        raise ValueError(f"counts must be 2-D (n_classes, n_terms), got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError("counts must be finite")
    return csr_matrix(arr)


def top_terms(
    texts: Sequence[str],
    classes: Sequence[Hashable] | np.ndarray,
    *,
    k: int = 5,
    min_df: int = 2,
    stop_words: str | None = "english",
    reduce_frequent_words: bool = False,
) -> pd.DataFrame:
    """The ``k`` terms with the highest c-TF-IDF weight in each class.

    Words are counted per document by scikit-learn's ``CountVectorizer`` (lower-cased, words of
    two or more characters with a letter, ``stop_words`` removed, kept if in at least ``min_df``
    documents: a word of one document names no topic), then summed per class.

    Parameters
    ----------
    texts : sequence of str
    classes : sequence of hashable, same length as ``texts``
        Class of each text (e.g. its topic cluster).
    k : int, default=5
        Terms per class.
    min_df : int, default=2
        Documents a word must occur in to be counted at all.
    stop_words : "english" or None, default="english"
        scikit-learn's English stop-word list, or none.
    reduce_frequent_words : bool, default=False
        See :func:`class_tfidf`.

    Returns
    -------
    DataFrame with columns ``class, rank, term, weight, count`` (:data:`TOP_TERMS_COLUMNS`): per
    class (in sorted order) up to ``k`` terms it uses, highest weight first (ties by term), rank
    from 1. Empty when no word is left to count.

    Examples
    --------
    >>> texts = ["red apple pie", "apple cake", "green salad", "salad bowl"]
    >>> table = top_terms(texts, ["fruit", "fruit", "veg", "veg"], k=1, min_df=1)
    >>> table[["class", "term"]].values.tolist()
    [['fruit', 'apple'], ['veg', 'salad']]
    """
    labels = _check_inputs(texts, classes, k, min_df, stop_words)
    vectorizer = CountVectorizer(
        stop_words=stop_words, min_df=min_df, token_pattern=_TOKEN_PATTERN, dtype=np.int64
    )
    try:
        X = vectorizer.fit_transform(texts)
    except ValueError:  # no word left ("empty vocabulary", "no terms remain")
        return pd.DataFrame({c: [] for c in TOP_TERMS_COLUMNS})
    codes, names = pd.factorize(labels, sort=True)
    membership = csr_matrix(
        (np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(len(names), len(codes))
    )
    counts = csr_matrix(membership @ X)
    weights = class_tfidf(counts, reduce_frequent_words=reduce_frequent_words)
    terms = vectorizer.get_feature_names_out()
    rows = []
    for c, name in enumerate(names):
        w, n = weights.getrow(c).toarray().ravel(), counts.getrow(c).toarray().ravel()
        used = np.flatnonzero(n > 0)
        # highest weight first; equal weights in alphabetical order (terms are sorted)
        order = used[np.lexsort((used, -w[used]))][:k]
        rows += [(name, r + 1, str(terms[t]), float(w[t]), int(n[t])) for r, t in enumerate(order)]
    return pd.DataFrame(rows, columns=list(TOP_TERMS_COLUMNS))


def _check_inputs(
    texts: Sequence[str],
    classes: Sequence[Hashable] | np.ndarray,
    k: int,
    min_df: int,
    stop_words: str | None,
) -> np.ndarray:
    if isinstance(texts, str) or not all(isinstance(t, str) for t in texts):
        raise ValueError("texts must be a sequence of str")
    labels = np.asarray(classes, dtype=object) if not isinstance(classes, np.ndarray) else classes
    if labels.ndim != 1 or len(labels) != len(texts):
        raise ValueError(
            f"classes must give one class per text: got {labels.shape} for {len(texts)} texts"
        )
    if len(texts) == 0:
        raise ValueError("texts must not be empty")
    for name, value in (("k", k), ("min_df", min_df)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if stop_words not in ("english", None):
        raise ValueError(f"stop_words must be 'english' or None, got {stop_words!r}")
    return labels
