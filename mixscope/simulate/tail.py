"""Tail retention: how many of the real data's rare words a generation still uses.

Model collapse shows first in the tails (Shumailov et al., 2024): a model fitted on finite
samples of its own output under-samples rare events, and an event sampled zero times is gone
from every later generation. The tail is measured on word types (the tokens of
:func:`mixscope.metrics.lexical.tokenize`), not on n-grams: a smoothed n-gram model can recombine
known words into bigrams it never saw, but it never invents a word, so the set of word types a
``replace`` chain uses can only shrink.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from mixscope.metrics.checks import check_positive_int, check_texts
from mixscope.metrics.lexical import tokenize

__all__ = ["DEFAULT_RARE_MAX", "rare_types", "retained_share", "tail_retention", "word_types"]

#: A word type of the real data is "rare" when it occurs at most this many times. Types seen
#: once or twice are the classic estimate of unseen mass (Good-Turing: singletons and
#: doubletons); they are what a resampled model loses first.
DEFAULT_RARE_MAX = 2


def word_types(texts: Iterable[str]) -> set[str]:
    """The distinct :func:`~mixscope.metrics.lexical.tokenize` tokens of ``texts``.

    Examples
    --------
    >>> sorted(word_types(["The cat", "the dog!"]))
    ['cat', 'dog', 'the']
    """
    return {token for text in texts for token in tokenize(text)}


def rare_types(texts: object, *, rare_max: int = DEFAULT_RARE_MAX) -> set[str]:
    """Word types occurring at most ``rare_max`` times in ``texts`` (all documents together).

    Parameters
    ----------
    texts : sequence of str
        The reference (real) documents.
    rare_max : int, default=2
        Largest count of a rare type (>= 1).

    Returns
    -------
    set of str

    Examples
    --------
    >>> sorted(rare_types(["a a a b", "b c"], rare_max=1))
    ['c']
    >>> sorted(rare_types(["a a a b", "b c"], rare_max=2))
    ['b', 'c']
    """
    check_positive_int(rare_max, "rare_max")
    counts = Counter(token for text in check_texts(texts) for token in tokenize(text))
    return {token for token, count in counts.items() if count <= rare_max}


def tail_retention(reference: object, texts: object, *, rare_max: int = DEFAULT_RARE_MAX) -> float:
    """Share of the reference's rare word types that still occur somewhere in ``texts``.

    Parameters
    ----------
    reference : sequence of str
        The real documents whose tail is tracked (generation 0 of a simulation).
    texts : sequence of str
        The documents of one generation.
    rare_max : int, default=2
        A reference type is rare when it occurs at most ``rare_max`` times in ``reference``.

    Returns
    -------
    float in [0, 1]; 1 when every rare type survives, 0 when all are lost; NaN when the
    reference has no rare type (nothing to lose).

    References
    ----------
    Shumailov, I., Shumaylov, Z., Zhao, Y., Papernot, N., Anderson, R. & Gal, Y. (2024). AI
    models collapse when trained on recursively generated data. Nature 631, 755-759.

    Examples
    --------
    >>> tail_retention(["a a a b c d"], ["a b", "a c"], rare_max=1)
    0.6666666666666666
    >>> tail_retention(["a a a b c d"], ["a a"], rare_max=1)
    0.0
    """
    rare = rare_types(reference, rare_max=rare_max)
    return retained_share(rare, word_types(check_texts(texts)))


def retained_share(rare: set[str], present: set[str]) -> float:
    """``len(rare & present) / len(rare)``; NaN for an empty ``rare``.

    Examples
    --------
    >>> retained_share({"a", "b"}, {"b", "z"})
    0.5
    """
    return len(rare & present) / len(rare) if rare else float("nan")
