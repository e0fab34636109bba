"""Surface (lexical) diversity of texts: compression ratio, distinct-n and MATTR.

Scores follow Shaib et al. (2024), "Standardizing the Measurement of Text Diversity: A Tool and a
Comparative Analysis of Scores", who recommend compression ratio as a fast, length-robust score and
warn that n-gram scores depend on how much text is measured (hence ``token_budget`` below).

Tokenisation (distinct-n, MATTR): lowercase, then regex word tokens ``\\w+`` (Unicode letters,
digits and underscore); punctuation and whitespace are separators, never tokens.
"""

from __future__ import annotations

import gzip
import re

import numpy as np

from mixscope.metrics.checks import check_texts

__all__ = ["compression_ratio", "distinct_n", "mattr", "mattr_from_codes", "tokenize"]

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


def distinct_n(
    texts: object, *, n: int = 2, token_budget: int | None = None, seed: int = 0
) -> float:
    """Distinct-n: unique n-grams / total n-grams, n-grams taken within each document.

    Parameters
    ----------
    texts : sequence of str
    n : int, default=2
        n-gram length.
    token_budget : int, optional
        Measure exactly this many tokens so corpora of different sizes compare fairly: documents
        are taken in a random order (``seed``) and the last one is truncated at the budget. A
        budget larger than the corpus's token count is refused. ``None`` uses every token.
    seed : int, default=0
        Seed of the document order under a budget.

    Returns
    -------
    float in (0, 1]; higher is more diverse.

    References
    ----------
    Li, J., Galley, M., Brockett, C., Gao, J. & Dolan, B. (2016). A Diversity-Promoting Objective
    Function for Neural Conversation Models. NAACL. Budgeting per Shaib et al. (2024).

    Examples
    --------
    >>> round(distinct_n(["a b a b"], n=2), 6)
    0.666667
    """
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n must be a positive integer, got {n!r}")
    docs = [tokenize(t) for t in check_texts(texts)]
    if token_budget is not None:
        docs = _take_budget(docs, token_budget, seed)
    grams = [tuple(d[i : i + n]) for d in docs for i in range(len(d) - n + 1)]
    if not grams:
        raise ValueError(f"texts have no {n}-grams (every document has fewer than {n} tokens)")
    return len(set(grams)) / len(grams)


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


def _take_budget(docs: list[list[str]], budget: int, seed: int) -> list[list[str]]:
    if isinstance(budget, bool) or not isinstance(budget, int) or budget < 1:
        raise ValueError(f"token_budget must be a positive integer or None, got {budget!r}")
    total = sum(len(d) for d in docs)
    if total < budget:
        raise ValueError(
            f"token_budget={budget} exceeds the {total} tokens available; "
            "use a budget no larger than the smallest corpus"
        )
    out, left = [], budget
    for i in np.random.default_rng(seed).permutation(len(docs)):
        if left == 0:
            break
        out.append(docs[i][:left])
        left -= len(out[-1])
    return out
