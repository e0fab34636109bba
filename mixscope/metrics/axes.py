"""Concept axes in embedding space: a direction between two poles, and how a mix moves along it.

A direction is built from embedded anchor phrases (:func:`build_axis`; the phrases are in
:mod:`mixscope.embed.axes`), documents are projected on it (:func:`project`), and the mix's
scores are compared with the real corpus's overall (:func:`axis_shift`) and per topic
(:func:`topic_association_shift`). Both comparisons take optional resampling ``weights`` (one
value per row, see :func:`mixscope.metrics.checks.check_weights`), so the evaluation engine
bootstraps them with matrix products.
"""

from __future__ import annotations

from typing import overload

import numpy as np
import pandas as pd

from mixscope.metrics.checks import (
    check_embeddings,
    check_positive_int,
    check_scores,
    check_weights,
    has_spread,
)
from mixscope.metrics.stats import weighted_counts, weighted_mean

__all__ = ["axis_shift", "build_axis", "project", "topic_association_shift"]


def build_axis(positive_embeddings: object, negative_embeddings: object) -> np.ndarray:
    """Unit direction from the negative to the positive pole: the difference of the pole means.

    Parameters
    ----------
    positive_embeddings, negative_embeddings : array-like of shape (n_pos, d), (n_neg, d)
        Embedded anchor phrases of the two poles (e.g. of
        :data:`mixscope.embed.axes.GENDER_AXIS`).

    Returns
    -------
    ndarray of float64, shape (d,), unit length.

    Notes
    -----
    With paired anchors the difference of means equals the mean of the pair differences.
    Bolukbasi et al. (2016) take instead the first principal component of the centred pairs; the
    two agree when the pairs share one direction, but the mean needs no pairing and its sign is
    fixed (positive pole = positive scores) where a principal component's sign is arbitrary.

    References
    ----------
    Bolukbasi, T., Chang, K.-W., Zou, J., Saligrama, V. & Kalai, A. (2016). Man is to Computer
    Programmer as Woman is to Homemaker? Debiasing Word Embeddings. NeurIPS.
    May, C., Wang, A., Bordia, S., Bowman, S. R. & Rudinger, R. (2019). On Measuring Social Biases
    in Sentence Encoders. NAACL.

    Examples
    --------
    >>> build_axis([[3.0, 1.0], [5.0, -1.0]], [[0.0, 0.0]]).tolist()
    [1.0, 0.0]
    """
    pos = check_embeddings(positive_embeddings, name="positive_embeddings")
    neg = check_embeddings(negative_embeddings, name="negative_embeddings")
    if pos.shape[1] != neg.shape[1]:
        raise ValueError(
            f"pole embeddings must have the same dimension, got {pos.shape[1]} and {neg.shape[1]}"
        )
    direction = pos.mean(axis=0) - neg.mean(axis=0)
    norm = float(np.linalg.norm(direction))
    if not norm > 1e-12:
        raise ValueError("the two poles have the same mean embedding: the axis is undefined")
    return direction / norm


def project(embeddings: object, axis: object) -> np.ndarray:
    """Score each document along ``axis``: its dot product with the unit direction.

    Parameters
    ----------
    embeddings : array-like of shape (n_docs, d)
        Unit-length rows (as every :class:`mixscope.embed.Embedder` returns) make the score the
        cosine with the axis.
    axis : array-like of shape (d,)
        Non-zero direction (normalised here), e.g. from :func:`build_axis`.

    Returns
    -------
    ndarray of float64, shape (n_docs,); positive leans to the positive pole.

    Examples
    --------
    >>> project([[0.6, 0.8], [1.0, 0.0]], [0.0, 2.0]).tolist()
    [0.8, 0.0]
    """
    X = check_embeddings(embeddings)
    a = check_scores(axis, "axis")
    if a.shape != (X.shape[1],):
        raise ValueError(f"axis must have shape ({X.shape[1]},) to match embeddings, got {a.shape}")
    norm = float(np.linalg.norm(a))
    if not norm > 0:
        raise ValueError("axis is the zero vector; expected a non-zero direction")
    return X @ (a / norm)


@overload
def axis_shift(mix_scores: object, real_scores: object, *, weights: None = None) -> float: ...
@overload
def axis_shift(mix_scores: object, real_scores: object, *, weights: object) -> np.ndarray: ...
def axis_shift(
    mix_scores: object, real_scores: object, *, weights: object = None
) -> float | np.ndarray:
    """How far the mix's mean axis score moved from real, in real standard deviations.

    ``(mean(mix) - mean(real)) / std(real)`` with the sample standard deviation (ddof=1): a
    standardised mean difference (Glass's delta), signed, positive towards the positive pole.

    Parameters
    ----------
    mix_scores, real_scores : array-like of shape (n_mix,), (n_real,)
        :func:`project` scores; real needs at least two distinct values.
    weights : array-like of shape (n_rows, n_mix), optional
        Resampling weights of the mix's documents: one value per row.

    Returns
    -------
    float (ndarray of shape (n_rows,) with ``weights``); 0 for equal means, about ±0.2 small and
    ±0.8 large by Cohen's conventions.

    References
    ----------
    Glass, G. V., McGaw, B. & Smith, M. L. (1981). Meta-Analysis in Social Research. Sage.

    Examples
    --------
    >>> axis_shift([2.0, 3.0], [0.0, 1.0, 2.0])
    1.5
    """
    mix, real = check_scores(mix_scores, "mix_scores"), _real_scores(real_scores)
    W = check_weights(weights, len(mix))
    out: np.ndarray = (weighted_mean(W, mix) - real.mean()) / real.std(ddof=1)
    return float(out[0]) if weights is None else out


@overload
def topic_association_shift(
    mix_scores: object,
    mix_topics: object,
    real_scores: object,
    real_topics: object,
    *,
    min_docs: int = 5,
    weights: None = None,
) -> float: ...
@overload
def topic_association_shift(
    mix_scores: object,
    mix_topics: object,
    real_scores: object,
    real_topics: object,
    *,
    min_docs: int = 5,
    weights: object,
) -> np.ndarray: ...
def topic_association_shift(
    mix_scores: object,
    mix_topics: object,
    real_scores: object,
    real_topics: object,
    *,
    min_docs: int = 5,
    weights: object = None,
) -> float | np.ndarray:
    """Mean absolute change of the per-topic association, in real standard deviations.

    The association of topic ``t`` is the mean axis score of its documents minus the corpus's
    overall mean score. The shift is ``sum_t w_t |A_mix(t) - A_real(t)| / std(real_scores)``,
    with ``w_t`` the share of topic ``t`` among the mix's documents in the compared topics:
    topics with at least ``min_docs`` documents in both (weighted counts under ``weights``).

    In the spirit of bias amplification (Zhao et al., 2017): a synthetic source that ties topics
    to one pole more strongly than real text does (cooking to "women", engineering to "men")
    scores high even when its overall mean score is unchanged, since each corpus is centred by
    its own mean (the overall move is :func:`axis_shift`). Unlike Zhao et al.'s signed measure it
    also counts weakened or reversed associations. Sampling noise alone gives a small positive
    value, about ``sqrt(1/n_mix_t + 1/n_real_t)`` standard deviations per topic.

    Parameters
    ----------
    mix_scores, real_scores : array-like of shape (n_mix,), (n_real,)
        :func:`project` scores; real needs at least two distinct values.
    mix_topics, real_topics : array-like of shape (n_mix,), (n_real,)
        Topic label of each document (e.g. the real corpus's frozen clusters), no missing values.
    min_docs : int, default=5
    weights : array-like of shape (n_rows, n_mix), optional
        Resampling weights of the mix's documents: one value per row.

    Returns
    -------
    float (ndarray of shape (n_rows,) with ``weights``) >= 0; 0 when every topic keeps its real
    association; NaN when no topic has ``min_docs`` documents in both corpora.

    References
    ----------
    Zhao, J., Wang, T., Yatskar, M., Ordonez, V. & Chang, K.-W. (2017). Men Also Like Shopping:
    Reducing Gender Bias Amplification using Corpus-level Constraints. EMNLP.

    Examples
    --------
    >>> real = [1.0, 2.0, 3.0, 4.0]
    >>> topic_association_shift([0.0, 1.0, 4.0, 5.0], [0, 0, 1, 1], real, [0, 0, 1, 1], min_docs=2)
    0.7745966692414834
    """
    check_positive_int(min_docs, "min_docs")
    real, mix = _real_scores(real_scores), check_scores(mix_scores, "mix_scores")
    real_labels = _check_topics(real_topics, len(real), "real_topics")
    mix_labels = _check_topics(mix_topics, len(mix), "mix_topics")
    W = check_weights(weights, len(mix))
    real_codes, mix_codes, k = _topic_codes(real_labels, mix_labels)
    n_real, a_real = _associations(None, real, real_codes, k)
    n_mix, a_mix = _associations(None if weights is None else W, mix, mix_codes, k)
    shared = (n_mix >= min_docs) & (n_real >= min_docs)
    share = np.where(shared, n_mix, 0.0)
    change = np.where(shared, np.abs(a_mix - a_real), 0.0)
    total = share.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (share * change).sum(axis=1) / total / real.std(ddof=1)
    out = np.where(total > 0, out, np.nan)
    return float(out[0]) if weights is None else out


def _associations(
    W: np.ndarray | None, scores: np.ndarray, codes: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """Documents per topic and each topic's mean score minus the overall mean, per row of ``W``
    (None: each document once, by the same counting for both sides, so a corpus against itself
    gives exactly 0)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        if W is None:
            n = np.bincount(codes, minlength=k)[None, :].astype(np.float64)
            association = np.bincount(codes, weights=scores, minlength=k)[None, :] / n
            return n, association - scores.mean()
        n = weighted_counts(W, codes, k)
        association = weighted_counts(W * scores, codes, k) / n
    return n, association - weighted_mean(W, scores)[:, None]


def _topic_codes(real: np.ndarray, mix: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Both sides' topics as codes 0..k-1 (non-negative integer topics are their own codes)."""
    if real.dtype.kind in "iu" and mix.dtype.kind in "iu" and min(real.min(), mix.min()) >= 0:
        return real, mix, int(max(real.max(), mix.max())) + 1
    codes, topics = pd.factorize(np.concatenate([real, mix]))
    return codes[: len(real)], codes[len(real) :], len(topics)


def _real_scores(values: object) -> np.ndarray:
    real = check_scores(values, "real_scores")
    if not has_spread(real):
        raise ValueError(
            f"real_scores need at least two distinct values to set the scale, got {len(real)} "
            f"values with spread {float(np.ptp(real)) if len(real) else 0.0!r} (values equal "
            "up to round-off have no spread)"
        )
    return real


def _check_topics(labels: object, n: int, name: str) -> np.ndarray:
    arr = np.asarray(labels)
    if arr.ndim != 1 or len(arr) != n:
        raise ValueError(
            f"{name} must be 1-D with one label per score ({n}), got shape {arr.shape}"
        )
    if arr.dtype.kind in "iub":  # integer topics (cluster labels): nothing can be missing
        return arr
    arr = arr.astype(object)
    missing = int(pd.isna(arr).sum())
    if missing:
        raise ValueError(f"{name} has {missing} missing labels (None/NaN); fill or drop them first")
    return arr
