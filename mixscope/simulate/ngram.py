"""A stand-in text generator: a word bigram model with Witten-Bell smoothing.

Fitted on one generation's training documents, it samples the next generation's documents.
It is a cheap stand-in for a language model (fitting and sampling a thousand documents takes
milliseconds), enough to show the dynamics of recursive training, not a real model's quality.

Smoothing: Witten-Bell interpolation with the unigram (Witten & Bell, 1991; Chen & Goodman,
1999), its backoff weight scaled by ``smoothing`` (``beta``):
``P(w | v) = lam_v * c(v, w) / c(v) + (1 - lam_v) * c(w) / N``, ``lam_v = c(v) / (c(v) +
beta * T(v))``, where ``c(v)`` counts the bigrams starting with ``v``, ``T(v)`` the distinct
words seen after ``v`` and ``c(w) / N`` is the maximum-likelihood unigram of the training data.
``beta = 1`` is Witten-Bell's estimate, ``beta = 0`` the maximum-likelihood bigram. The default,
:data:`DEFAULT_SMOOTHING` = 0.1, keeps some mass for unseen bigrams while samples stay mostly
made of seen bigrams, as a fluent language model's are: full Witten-Bell gives half the mass
after a once-seen word to random words, so each generation adds word salad and distinct-2
*rises*, an artifact of the stand-in (under recursive training of real language models lexical
diversity falls: Guo et al., 2024, "The Curious Decline of Linguistic Diversity", NAACL
Findings). The unigram backed off to is *not* smoothed: mass goes to unseen bigrams of known
words only, never to words absent from the training data. So, as in a real model fitted on
finite data, a word one generation never samples is gone for good when the next generation
trains on that output alone (the tail loss of Shumailov et al., 2024).

Documents start from a begin-of-document context (its followers are the training documents'
first words, smoothed the same way); lengths in words are drawn from the training documents'
lengths (documents without a word token are skipped), so no end symbol is needed; a word seen
only at the end of documents has no follower, and what follows it comes from the unigram.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mixscope.metrics.checks import check_positive_int, check_texts
from mixscope.metrics.lexical import tokenize

__all__ = ["DEFAULT_SMOOTHING", "NgramModel", "fit_ngram", "sample_ngram"]

#: Scale of Witten-Bell's backoff weight (see the module docstring): 1 is Witten-Bell, 0 MLE.
DEFAULT_SMOOTHING = 0.1


@dataclass(frozen=True, eq=False)
class NgramModel:
    """A fitted smoothed bigram model (see the module docstring).

    Attributes
    ----------
    vocab : ndarray of object, shape (V,)
        The training data's word types; id ``V`` is the begin-of-document context.
    unigram_cum : ndarray of float64, shape (V,)
        Cumulative unigram counts (the backoff distribution).
    row_start : ndarray of int64, shape (V + 2,)
        Followers of context ``v`` are ``follower[row_start[v]:row_start[v + 1]]``.
    follower : ndarray of int64
        Word id of each distinct bigram, grouped by context.
    follower_cum : ndarray of float64
        Cumulative counts of those bigrams, over all contexts.
    context_count : ndarray of float64, shape (V + 1,)
        ``c(v)``: bigrams starting with ``v``.
    keep : ndarray of float64, shape (V + 1,)
        Witten-Bell weight ``lam_v`` of the bigram estimate (0 for a context never followed).
    lengths : ndarray of int64
        Word counts of the training documents that have words.
    """

    vocab: np.ndarray
    unigram_cum: np.ndarray
    row_start: np.ndarray
    follower: np.ndarray
    follower_cum: np.ndarray
    context_count: np.ndarray
    keep: np.ndarray
    lengths: np.ndarray

    @property
    def n_types(self) -> int:
        """Number of word types the model can produce."""
        return len(self.vocab)


def fit_ngram(texts: Sequence[str], *, smoothing: float = DEFAULT_SMOOTHING) -> NgramModel:
    """Fit the smoothed bigram model on training documents.

    Parameters
    ----------
    texts : sequence of str
        Training documents, tokenised with :func:`mixscope.metrics.lexical.tokenize`.
    smoothing : float, default=0.1
        ``beta >= 0``, the scale of Witten-Bell's backoff weight (module docstring).

    Returns
    -------
    NgramModel

    Raises
    ------
    ValueError
        No document has a word token, or ``smoothing`` is negative.

    Examples
    --------
    >>> model = fit_ngram(["the cat sat", "the dog sat"])
    >>> model.n_types, model.lengths.tolist()
    (4, [3, 3])
    """
    if isinstance(smoothing, bool) or not isinstance(smoothing, int | float) or smoothing < 0:
        raise ValueError(f"smoothing must be a number >= 0, got {smoothing!r}")
    docs = [tokenize(t) for t in check_texts(texts)]
    docs = [d for d in docs if d]
    if not docs:
        raise ValueError("texts contain no word tokens; the n-gram model needs some words")
    index: dict[str, int] = {}
    ids = [
        np.fromiter((index.setdefault(w, len(index)) for w in d), np.int64, len(d)) for d in docs
    ]
    V = len(index)
    tokens = np.concatenate(ids)
    lengths = np.array([len(d) for d in ids], dtype=np.int64)
    # The context of each token: the previous word, or V (begin of document) for the first one.
    previous = np.concatenate([np.concatenate([[V], d[:-1]]) for d in ids])
    pairs, counts = np.unique(previous * V + tokens, return_counts=True)
    context, follower = pairs // V, pairs % V
    context_count = np.bincount(context, weights=counts, minlength=V + 1)
    distinct = np.bincount(context, minlength=V + 1)
    keep = np.divide(
        context_count,
        context_count + smoothing * distinct,
        out=np.zeros(V + 1),
        where=context_count > 0,
    )
    return NgramModel(
        vocab=np.array(list(index), dtype=object),
        unigram_cum=np.cumsum(np.bincount(tokens, minlength=V)).astype(np.float64),
        row_start=np.searchsorted(context, np.arange(V + 2)).astype(np.int64),
        follower=follower.astype(np.int64),
        follower_cum=np.cumsum(counts).astype(np.float64),
        context_count=context_count,
        keep=keep,
        lengths=lengths,
    )


def sample_ngram(model: NgramModel, n_docs: int, *, rng: np.random.Generator) -> list[str]:
    """Sample ``n_docs`` documents from a fitted model.

    Each document's length is drawn from the training lengths; its words are drawn one at a
    time from ``P(w | previous word)``, all documents advancing together (vectorised over
    documents, a loop over positions only).

    Parameters
    ----------
    model : NgramModel
    n_docs : int
        Number of documents (>= 1).
    rng : numpy Generator
        The only source of randomness: equal generators give equal documents.

    Returns
    -------
    list of str
        Documents as lowercase words joined by single spaces (tokenising one gives back its
        words).

    Examples
    --------
    >>> model = fit_ngram(["a b a b"])
    >>> docs = sample_ngram(model, 3, rng=np.random.default_rng(0))
    >>> len(docs), all(len(d.split()) == 4 for d in docs)
    (3, True)
    """
    n = check_positive_int(n_docs, "n_docs")
    lengths = rng.choice(model.lengths, size=n)
    out = np.empty((n, int(lengths.max())), dtype=np.int64)
    previous = np.full(n, model.n_types, dtype=np.int64)
    for t in range(out.shape[1]):
        active = np.flatnonzero(lengths > t)
        words = _next_words(model, previous[active], rng)
        out[active, t] = words
        previous[active] = words
    return [" ".join(model.vocab[row[:k]]) for row, k in zip(out, lengths, strict=True)]


def _next_words(model: NgramModel, previous: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One word per context: from the bigram estimate with weight ``keep``, else the unigram."""
    bigram = rng.random(len(previous)) < model.keep[previous]
    words = np.empty(len(previous), dtype=np.int64)
    ctx = previous[bigram]
    # Inverse-CDF sampling inside each context's row of the global cumulative counts.
    start, stop = model.row_start[ctx], model.row_start[ctx + 1]
    before = np.where(start > 0, model.follower_cum[np.maximum(start - 1, 0)], 0.0)
    target = before + rng.random(len(ctx)) * model.context_count[ctx]
    pick = np.searchsorted(model.follower_cum, target, side="right")
    words[bigram] = model.follower[np.clip(pick, start, stop - 1)]
    target = rng.random(int((~bigram).sum())) * model.unigram_cum[-1]
    pick = np.searchsorted(model.unigram_cum, target, side="right")
    words[~bigram] = np.minimum(pick, model.n_types - 1)
    return words
