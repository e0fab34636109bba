"""Surface (lexical) diversity of texts: compression ratio, distinct-2 and MATTR.

Scores follow Shaib et al. (2024), "Standardizing the Measurement of Text Diversity: A Tool and a
Comparative Analysis of Scores", who recommend compression ratio as a fast, length-robust score and
warn that n-gram scores depend on how much text is measured (hence distinct-2's fixed ``budget``).

Tokenisation (distinct-2, MATTR): lowercase, then regex word tokens ``\\w+`` (Unicode letters,
digits and underscore); punctuation and whitespace are separators, never tokens. Tokens and
bigrams are hashed to 64-bit codes once per document (:func:`token_codes`,
:func:`bigram_codes`), so any selection of documents is measured without reading texts again.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Sequence

import numpy as np
import xxhash

from mixscope.metrics.checks import check_positive_int, check_texts

__all__ = [
    "bigram_codes",
    "compression_ratio",
    "distinct_2",
    "mattr",
    "mattr_from_codes",
    "token_codes",
    "tokenize",
]

_WORD = re.compile(r"\w+")


def tokenize(text: str) -> list[str]:
    """Lowercased regex word tokens of ``text``.

    Examples
    --------
    >>> tokenize("The cat, the HAT!")
    ['the', 'cat', 'the', 'hat']
    """
    return _WORD.findall(text.lower())


def compression_ratio(texts: object) -> float:
    """gzip compression ratio: original bytes / compressed bytes of the texts joined by newlines.

    Parameters
    ----------
    texts : sequence of str
        At least one document with at least one character.

    Returns
    -------
    float; higher is more repetitive (less diverse), as in Shaib et al. (2024). Values near or
    below 1 mean the text barely compresses (short or very varied input; gzip adds ~20 bytes of
    header, so tiny inputs can score below 1).

    Notes
    -----
    UTF-8 bytes; gzip level 9 with a fixed header time, so the score is deterministic. Shaib et
    al.'s ``diversity`` package joins documents with a space instead of a newline: same byte
    count, and the compressed size differs by at most a few bytes.

    References
    ----------
    Shaib, C., Barrow, J., Sun, J., Siu, A. F., Wallace, B. C. & Nenkova, A. (2024).
    Standardizing the Measurement of Text Diversity: A Tool and a Comparative Analysis of Scores.

    Examples
    --------
    >>> compression_ratio(["ab" * 500]) > 20
    True
    """
    docs = check_texts(texts)
    raw = "\n".join(docs).encode("utf-8")
    if not raw:
        raise ValueError("texts are all empty; compression ratio needs at least one character")
    return len(raw) / len(gzip.compress(raw, compresslevel=9, mtime=0))


def token_codes(text: str) -> np.ndarray:
    """64-bit hash code (xxh3) of each :func:`tokenize` token of ``text``, in order.

    Examples
    --------
    >>> codes = token_codes("a b a")
    >>> codes.dtype.name, bool(codes[0] == codes[2]), bool(codes[0] != codes[1])
    ('uint64', True, True)
    """
    tokens = tokenize(text)
    return np.fromiter(
        (xxhash.xxh3_64_intdigest(t.encode()) for t in tokens), np.uint64, len(tokens)
    )


def bigram_codes(codes: np.ndarray) -> np.ndarray:
    """64-bit code of each word bigram of one document, from its :func:`token_codes`.

    A polynomial code of (first, second): a collision needs two bigrams with equal codes.

    Examples
    --------
    >>> len(bigram_codes(token_codes("a b c")))
    2
    """
    return codes[:-1] * np.uint64(0x100000001B3) + codes[1:] if len(codes) > 1 else codes[:0]


def distinct_2(bigrams: Sequence[np.ndarray], *, budget: int = 10_000, seed: int = 0) -> float:
    """Distinct-2: distinct word bigrams / bigrams, over a fixed budget of bigrams.

    Documents are taken in a seeded random order and their bigrams (taken within each document)
    concatenated; the first ``budget`` count, the last document cut at the budget. Shaib et al.
    (2024) compare lexical diversity at a fixed amount of text: the ratio falls as text grows,
    so without a budget longer documents would look less diverse. With fewer bigrams than the
    budget, all of them count.

    Parameters
    ----------
    bigrams : sequence of ndarray
        :func:`bigram_codes` of each document.
    budget : int, default=10_000
    seed : int, default=0
        Seed of the document order.

    Returns
    -------
    float in (0, 1]; higher is more diverse; NaN when there is no bigram.

    References
    ----------
    Li, J., Galley, M., Brockett, C., Gao, J. & Dolan, B. (2016). A Diversity-Promoting Objective
    Function for Neural Conversation Models. NAACL.

    Examples
    --------
    >>> distinct_2([bigram_codes(token_codes("a b a b"))])
    0.6666666666666666
    """
    check_positive_int(budget, "budget")
    order = np.random.default_rng(seed).permutation(len(bigrams))
    parts = [np.asarray(bigrams[i], dtype=np.uint64) for i in order]
    codes = np.concatenate(parts)[:budget] if parts else np.empty(0, np.uint64)
    return len(np.unique(codes)) / len(codes) if len(codes) else float("nan")


def mattr(texts: object, *, window: int = 50) -> float:
    """Moving-average type-token ratio over the concatenated token stream.

    The type-token ratio of every window of ``window`` consecutive tokens, averaged; unlike the
    plain TTR it does not fall as the text grows. With fewer tokens than ``window`` it is the
    plain TTR of all tokens (as the ``lexical_diversity`` package does).

    Parameters
    ----------
    texts : sequence of str
        Tokenised and concatenated in order (windows span document boundaries).
    window : int, default=50
        Window length in tokens.

    Returns
    -------
    float in (0, 1]; higher is more diverse.

    References
    ----------
    Covington, M. A. & McFall, J. D. (2010). Cutting the Gordian Knot: The Moving-Average
    Type-Token Ratio (MATTR). Journal of Quantitative Linguistics 17(2), 94-100.

    Examples
    --------
    >>> mattr(["a b a c"], window=2)
    1.0
    >>> round(mattr(["a a b"], window=2), 6)
    0.75
    """
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise ValueError(f"window must be a positive integer, got {window!r}")
    tokens = [tok for t in check_texts(texts) for tok in tokenize(t)]
    if not tokens:
        raise ValueError("texts contain no word tokens")
    vocab: dict[str, int] = {}
    ids = np.fromiter((vocab.setdefault(t, len(vocab)) for t in tokens), np.int64, len(tokens))
    return mattr_from_codes(ids, window=window)


def mattr_from_codes(codes: object, *, window: int = 50) -> float:
    """:func:`mattr` of a token stream given as integer codes (equal codes = same type).

    Lets a caller tokenise once (e.g. hash codes per document, concatenated) and measure any
    selection of documents without re-reading the texts.

    Examples
    --------
    >>> round(mattr_from_codes(np.array([7, 7, 9]), window=2), 6)
    0.75
    """
    if isinstance(window, bool) or not isinstance(window, int) or window < 1:
        raise ValueError(f"window must be a positive integer, got {window!r}")
    ids = np.asarray(codes)
    if ids.ndim != 1 or ids.size == 0 or not np.issubdtype(ids.dtype, np.integer):
        raise ValueError(f"codes must be a non-empty 1-D integer array, got shape {ids.shape}")
    if len(ids) < window:
        return len(np.unique(ids)) / len(ids)
    return _mean_window_types(ids, window) / window


def _mean_window_types(ids: np.ndarray, window: int) -> float:
    """Mean number of distinct ids over all windows, in O(N log N) without a Python loop."""
    # Token i is the first of its type in window [j, j + window) iff prev[i] < j <= i, so it adds
    # one type to each window start j in [max(prev[i] + 1, i - window + 1), min(i, N - window)].
    N = len(ids)
    order = np.argsort(ids, kind="stable")
    prev = np.full(N, -1, dtype=np.int64)
    same = ids[order[1:]] == ids[order[:-1]]
    prev[order[1:][same]] = order[:-1][same]
    pos = np.arange(N)
    lo = np.maximum(prev + 1, pos - window + 1)
    hi = np.minimum(pos, N - window)
    return float(np.clip(hi - lo + 1, 0, None).sum() / (N - window + 1))
