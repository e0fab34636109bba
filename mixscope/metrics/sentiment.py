"""Document sentiment with VADER, a lexicon- and rule-based scorer that runs offline.

VADER's lexicon ships inside the ``vaderSentiment`` package, so scoring needs no model download.
It was tuned on social-media text; on long or formal documents its scores are coarser, and it is
English only. It is used here to compare groups and corpora, not to label single documents.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from mixscope.metrics.checks import check_texts

__all__ = ["sentiment_scores"]


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    """The analyzer, built once per process (loading the lexicon costs ~0.1 s)."""
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError as err:  # pragma: no cover - listed in requirements.txt
        raise ImportError("sentiment needs vaderSentiment: pip install vaderSentiment") from err
    return SentimentIntensityAnalyzer()


def sentiment_scores(texts: object) -> np.ndarray:
    """VADER compound sentiment of each document.

    Parameters
    ----------
    texts : sequence of str

    Returns
    -------
    ndarray of float64, shape (n_docs,), values in [-1, 1]: -1 most negative, +1 most positive,
    0 neutral (and for an empty text). Exactly
    ``SentimentIntensityAnalyzer().polarity_scores(text)["compound"]`` for each text.

    References
    ----------
    Hutto, C. J. & Gilbert, E. (2014). VADER: A Parsimonious Rule-based Model for Sentiment
    Analysis of Social Media Text. ICWSM.

    Examples
    --------
    >>> s = sentiment_scores(["What a wonderful day!", "This is terrible.", ""])
    >>> bool(s[0] > 0.5), bool(s[1] < -0.4), float(s[2])
    (True, True, 0.0)
    """
    analyzer = _analyzer()
    docs = check_texts(texts, min_docs=0)
    return np.fromiter(
        (analyzer.polarity_scores(t)["compound"] for t in docs), dtype=np.float64, count=len(docs)
    )
