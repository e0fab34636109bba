"""Sentiment: VADER scores of documents, and how groups are described, mix against real.

:func:`sentiment_scores` scores each document; :func:`sentiment_by_group` averages them over the
documents mentioning each group; :func:`sentiment_gap_shift` (the registry metric) asks whether
any group is described more positively or negatively, relative to all documents, in the mix than
in real text, beyond sampling noise.

VADER's lexicon ships inside the ``vaderSentiment`` package, so scoring needs no model download.
It was tuned on social-media text; on long or formal documents its scores are coarser, and it is
English only. It is used here to compare groups and corpora, not to label single documents.
"""

from __future__ import annotations

from functools import lru_cache
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd

from mixscope.metrics.checks import check_positive_int, check_scores, check_texts, check_weights
from mixscope.metrics.groups import MIN_GROUP_DOCS, check_mentions, mention_matrix, split_column

__all__ = ["sentiment_by_group", "sentiment_gap_shift", "sentiment_scores"]


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


def sentiment_by_group(sentiment: object, mentions: pd.DataFrame) -> pd.DataFrame:
    """Mean sentiment of the documents mentioning each group.

    Parameters
    ----------
    sentiment : array-like of shape (n_docs,)
        e.g. :func:`mixscope.metrics.sentiment.sentiment_scores`.
    mentions : DataFrame of bool, shape (n_docs, n_groups)
        :func:`mixscope.metrics.groups.group_mentions` of the same documents, in the same order.

    Returns
    -------
    DataFrame with columns ``axis, group, n, mean``; ``mean`` is NaN for a group nobody
    mentions. A document that mentions two groups counts for both.

    Examples
    --------
    >>> from mixscope.metrics.groups import group_mentions
    >>> t = sentiment_by_group([0.5, -0.5, 0.1], group_mentions(["she", "he", "she"]))
    >>> t.loc[t["axis"] == "gender", ["group", "n", "mean"]].to_numpy().tolist()
    [['women', 2, 0.3], ['men', 1, -0.5], ['non-binary', 0, nan]]
    """
    m = check_mentions(mentions)
    s = check_scores(sentiment, "sentiment", allow_empty=True)
    if len(s) != len(m):
        raise ValueError(f"sentiment has {len(s)} values but mentions has {len(m)} rows")
    hits = m.to_numpy(dtype=np.float64)
    n = hits.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = (s @ hits) / n
    axes, groups = zip(*(split_column(c) for c in m.columns), strict=True)
    return pd.DataFrame(
        {
            "axis": axes,
            "group": groups,
            "n": n.astype(np.int64),
            "mean": np.where(n > 0, mean, np.nan),
        }
    )


def sentiment_gap_shift(
    mix_mentions: object,
    mix_sentiment: object,
    real_mentions: object,
    real_sentiment: object,
    *,
    min_mentions: int = MIN_GROUP_DOCS,
    confidence: float = 0.975,
    weights: object = None,
) -> np.ndarray:
    """The clearest change of a group's sentiment gap, mix against real, with its interval.

    A group's gap is the mean sentiment of the documents mentioning it minus the mean of all
    documents; ``d_g`` is the change of the gap, mix against real, with standard error
    ``se_g = sqrt(var_mix_g / n_mix_g + var_real_g / n_real_g)`` and interval
    ``|d_g| -/+ z * se_g`` (``z`` the normal quantile at ``confidence``; the lower end clipped at
    0). Over the groups mentioned by ``min_mentions`` documents on both sides, the result is the
    group whose lower end is largest: the change the data show most clearly. The maximum of raw
    changes over ~16 groups of ~100 documents is mostly noise (two halves of the real demo
    corpus: 0.25), so judging the lower end keeps a group's real shift (a group described 0.3
    more negatively) and drops chance ones, while the value stays the estimated change, never
    a number clipped to 0.

    Parameters
    ----------
    mix_mentions, real_mentions : DataFrame or array-like of bool, shape (n_docs, n_groups)
    mix_sentiment, real_sentiment : array-like of shape (n_docs,)
        :func:`sentiment_scores` of the same documents.
    min_mentions : int, default=MIN_GROUP_DOCS (30)
    confidence : float, default=0.95
    weights : array-like of shape (n_rows, n_mix), optional
        Resampling weights of the mix's documents: one value per row.

    Returns
    -------
    ndarray ``[|d|, low, high]`` on VADER's scale (shape (n_rows, 3) with ``weights``); NaN
    when no group is mentioned enough on both sides.

    Examples
    --------
    >>> m = np.array([[True], [True], [False], [False]] * 20)
    >>> real = np.tile([0.5, 0.4, 0.0, 0.1], 20)
    >>> sentiment_gap_shift(m, real - m[:, 0], m, real, min_mentions=10).round(3).tolist()
    [0.5, 0.478, 0.522]
    """
    check_positive_int(min_mentions, "min_mentions")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence!r}")
    mix_m, real_m = (mention_matrix(mix_mentions, name="mix_mentions"),
                     mention_matrix(real_mentions, name="real_mentions"))  # fmt: skip
    mix_s = check_scores(mix_sentiment, "mix_sentiment", allow_empty=True)
    real_s = check_scores(real_sentiment, "real_sentiment", allow_empty=True)
    if len(mix_s) != len(mix_m) or len(real_s) != len(real_m) or mix_m.shape[1] != real_m.shape[1]:
        raise ValueError("mentions and sentiment must align: one row and one score per document")
    W = check_weights(weights, len(mix_s))
    keep = (real_m.sum(axis=0) >= min_mentions) & (mix_m.sum(axis=0) >= min_mentions)
    if not keep.any():
        out = np.full((len(W), 3), np.nan)
    else:
        real, real_var, real_n = _gaps(real_m[:, keep], real_s, None)
        mixed, mixed_var, mixed_n = _gaps(mix_m[:, keep], mix_s, W)
        z = NormalDist().inv_cdf(confidence)
        with np.errstate(invalid="ignore", divide="ignore"):
            se = np.sqrt(mixed_var / mixed_n + real_var / real_n)
        change = np.abs(mixed - real)
        low = change - z * se
        rows = np.arange(len(W))
        j = np.argmax(np.where(np.isnan(low), -np.inf, low), axis=1)
        out = np.column_stack([change[rows, j], np.maximum(low[rows, j], 0.0),
                               change[rows, j] + z * se[rows, j]])  # fmt: skip
    return out[0] if weights is None else out


def _gaps(
    M: np.ndarray, s: np.ndarray, W: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per row and group: gap to the overall mean, variance of the group's sentiment, and
    weighted document count (each of shape (n_rows, n_groups))."""
    weights = np.ones((1, len(s))) if W is None else W
    Mf = M.astype(np.float64)
    n = weights @ Mf
    with np.errstate(invalid="ignore", divide="ignore"):
        group_mean = (weights @ (Mf * s[:, None])) / n
        variance = (weights @ (Mf * (s * s)[:, None])) / n - group_mean**2
    overall = (weights @ s) / weights.sum(axis=1)
    gaps: np.ndarray = group_mean - overall[:, None]
    return gaps, np.maximum(variance, 0.0), n
