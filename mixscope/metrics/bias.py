"""Bias of a mix against the real corpus: who is mentioned, where texts sit on concept axes, tone.

Three families, all comparing the mix with the real corpus rather than with an ideal:

- **Representation** (lexical): each group's share of documents in the mix over that share in
  real, flagged with the four-fifths rule beyond sampling noise (:func:`representation_ratios`).
- **Concept axes** (embeddings): a direction built from anchor phrases (:class:`ConceptAxis`,
  :func:`build_axis`); documents are projected on it (:func:`project`) and the mix's scores are
  compared with real overall (:func:`axis_shift`, :func:`axis_ks`) and per topic
  (:func:`topic_association_shift`).
- **Sentiment per group** (VADER scores from :mod:`mixscope.metrics.sentiment`): the gap between
  the most and least favourably described groups of an axis (:func:`sentiment_gap`).

Everything is computed per corpus once (mentions, scores, sentiment, topic labels) and a mix is a
row selection of those arrays. Functions return NaN, never 0, when there is too little data to
judge; the tables say why.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

from mixscope.metrics.checks import check_embeddings
from mixscope.metrics.groups import check_mentions, mention_shares, split_column
from mixscope.metrics.shift import ks_statistic

__all__ = [
    "AGE_AXIS",
    "CONCEPT_AXES",
    "FOUR_FIFTHS",
    "GENDER_AXIS",
    "MIN_GROUP_DOCS",
    "SENTIMENT_AXIS",
    "ConceptAxis",
    "axis_ks",
    "axis_shift",
    "build_axis",
    "group_representation_ratio_min",
    "project",
    "representation_bounds",
    "representation_ratios",
    "sentiment_by_group",
    "sentiment_gap",
    "sentiment_gap_shift",
    "topic_association_shift",
    "topic_axis_association",
]

# Uniform Guidelines on Employee Selection Procedures (EEOC et al., 1978), 29 CFR 1607.4(D).
FOUR_FIFTHS = 0.8
# Fewest documents mentioning a group (in the real corpus; for sentiment also in the mix) for the
# group to be judged: the textbook n >= 30 for a normal approximation of a mean or a count's
# log, below which the intervals of the bias metrics are not trustworthy.
MIN_GROUP_DOCS = 30


# --- Representation -------------------------------------------------------------------------


def representation_bounds(
    mix_n: object, mix_total: object, real_n: object, real_total: object, *, confidence: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ratio of two shares of documents and its one-sided confidence bounds (Katz log method).

    ``ratio = (mix_n / mix_total) / (real_n / real_total)``; the bounds are
    ``ratio * exp(∓ z * se)`` with ``se = sqrt(1/mix_n - 1/mix_total + 1/real_n - 1/real_total)``
    and ``z`` the normal quantile at ``confidence`` (so each bound alone holds with that
    confidence; 0.5 gives the ratio itself). A group the mix never mentions has ratio and lower
    bound 0 and an upper bound computed with half a mention (Haldane's correction). Arguments
    broadcast (e.g. counts of shape (n_boot, n_groups) against totals of shape (n_boot, 1)).

    References
    ----------
    Katz, D., Baptista, J., Azen, S. P. & Pike, M. C. (1978). Obtaining confidence intervals for
    the risk ratio in cohort studies. Biometrics 34(3).

    Examples
    --------
    >>> r, lo, hi = representation_bounds(30, 100, 50, 100, confidence=0.5)
    >>> float(r[()]), float(lo[()]), float(hi[()])
    (0.6, 0.6, 0.6)
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence!r}")
    z = NormalDist().inv_cdf(confidence)
    a, n1, c, n2 = (np.asarray(v, dtype=np.float64) for v in (mix_n, mix_total, real_n, real_total))
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = (a / n1) / (c / n2)
        a_pos = np.maximum(a, 0.5)
        se = np.sqrt(np.maximum(1 / a_pos - 1 / n1 + 1 / c - 1 / n2, 0.0))
        high = (a_pos / n1) / (c / n2) * np.exp(z * se)
        low = np.where(a > 0, ratio * np.exp(-z * se), 0.0)
    return ratio, low, high


def representation_ratios(
    mix_mentions: pd.DataFrame,
    real_mentions: pd.DataFrame,
    *,
    min_mentions: int = MIN_GROUP_DOCS,
    low: float = FOUR_FIFTHS,
    high: float = 1 / FOUR_FIFTHS,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Each group's share of documents in the mix relative to real, with a four-fifths flag.

    Parameters
    ----------
    mix_mentions, real_mentions : DataFrame of bool
        :func:`mixscope.metrics.groups.group_mentions` of the mix and of the real corpus, with the
        same columns.
    min_mentions : int, default=MIN_GROUP_DOCS (30)
        A group mentioned by fewer real documents is not judged ("too few mentions"). The mix is
        not held to it: a group that vanishes from the mix is exactly what to flag.
    low, high : float, default=0.8 and 1.25
        Under-represented when the ratio is below ``low`` beyond doubt (its upper bound is below
        ``low``); over-represented when its lower bound is above ``high``.
    confidence : float, default=0.95
        One-sided confidence of the bounds (:func:`representation_bounds`); 0.5 judges the ratio
        itself.

    Returns
    -------
    DataFrame with columns ``axis, group, mix_n, real_n, mix_share, real_share, ratio,
    ratio_low, ratio_high, status``. ``*_n`` are documents mentioning the group, ``*_share``
    its ``share_of_docs`` (see :func:`mixscope.metrics.groups.mention_shares`),
    ``ratio = mix_share / real_share``. ``status`` is ``"too few mentions"`` (ratio NaN, never 0),
    ``"under-represented"``, ``"over-represented"`` or ``"ok"``.

    Notes
    -----
    *Share of all documents*, not share of the axis's mentions: a mix that drops a whole axis
    (every disability group at a fifth of its real share) keeps the within-axis shares equal and
    would pass; per document it fails. This is also the share the Bias page charts. The balance
    *within* an axis (women versus men) is ``share_within_axis`` of
    :func:`~mixscope.metrics.groups.mention_shares`.

    The four-fifths rule calls a selection rate below 0.8 of the reference group's evidence of
    adverse impact; here the rate is the share of documents mentioning the group and the
    reference is the same group in real text ("the mix keeps at least four fifths of the group's
    real share"); ``high = 1 / 0.8`` is its mirror. The Guidelines add that differences "based on
    small numbers" that are not statistically significant need not be adverse impact: hence the
    bounds. With about 100 mentions per group, two halves of one real corpus differ by ±15 % per
    group, and the smallest of 16 raw ratios falls below 0.8 most of the time.

    References
    ----------
    EEOC, Civil Service Commission, Department of Labor & Department of Justice (1978). Uniform
    Guidelines on Employee Selection Procedures, 29 CFR §1607.4(D).

    Examples
    --------
    >>> from mixscope.metrics.groups import group_mentions
    >>> mix = group_mentions(["she"] * 30 + ["he"] * 70 + ["-"] * 100)
    >>> real = group_mentions(["she"] * 100 + ["he"] * 100)
    >>> r = representation_ratios(mix, real).set_index("group")
    >>> r.loc[["women", "men", "non-binary"], ["ratio", "status"]].to_numpy().tolist()
    [[0.3, 'under-represented'], [0.7, 'ok'], [nan, 'too few mentions']]
    """
    mix, real = (
        check_mentions(mix_mentions, name="mix_mentions"),
        check_mentions(real_mentions, name="real_mentions"),
    )
    if list(mix.columns) != list(real.columns):
        raise ValueError(
            f"mix_mentions and real_mentions must have the same group columns, got "
            f"{list(mix.columns)} and {list(real.columns)}"
        )
    _check_positive_int(min_mentions, "min_mentions")
    if not 0 < low <= 1 <= high:
        raise ValueError(f"thresholds must satisfy 0 < low <= 1 <= high, got {low=}, {high=}")
    m, r = mention_shares(mix), mention_shares(real)
    table = m[["axis", "group"]].assign(
        mix_n=m["n_docs"], real_n=r["n_docs"], mix_share=m["share_of_docs"],
        real_share=r["share_of_docs"],
    )  # fmt: skip
    ratio, lo, hi = representation_bounds(
        table["mix_n"], len(mix), table["real_n"], len(real), confidence=confidence
    )
    judged = (table["real_n"] >= min_mentions).to_numpy() & (len(mix) > 0)
    table["ratio"], table["ratio_low"], table["ratio_high"] = (
        np.where(judged, v, np.nan) for v in (ratio, lo, hi)
    )
    table["status"] = np.select(
        [~judged, table["ratio_high"] < low, table["ratio_low"] > high],
        ["too few mentions", "under-represented", "over-represented"],
        default="ok",
    )
    return table


def group_representation_ratio_min(
    mix_mentions: pd.DataFrame,
    real_mentions: pd.DataFrame,
    *,
    min_mentions: int = MIN_GROUP_DOCS,
    confidence: float = 0.95,
) -> float:
    """Smallest representation ratio the counts support, over the groups real text mentions enough.

    The smallest ``ratio_high`` of :func:`representation_ratios`: below 0.8, some group fails
    the four-fifths rule beyond sampling noise.

    Returns
    -------
    float >= 0; about 1 or more when every judged group keeps its real share; NaN when no group
    has ``min_mentions`` mentions in real.

    Examples
    --------
    >>> from mixscope.metrics.groups import group_mentions
    >>> mix = group_mentions(["she"] * 30 + ["he"] * 70)
    >>> real = group_mentions(["she"] * 50 + ["he"] * 50)
    >>> group_representation_ratio_min(mix, real, confidence=0.5)
    0.6
    """
    table = representation_ratios(
        mix_mentions, real_mentions, min_mentions=min_mentions, confidence=confidence
    )
    ratios = table["ratio_high"].dropna()
    return float(ratios.min()) if len(ratios) else float("nan")


# --- Concept axes in embedding space ---------------------------------------------------------


@dataclass(frozen=True)
class ConceptAxis:
    """A concept direction defined by anchor phrases for its two poles.

    The caller embeds ``positive_phrases`` and ``negative_phrases`` with its own embedder and
    passes the arrays to :func:`build_axis`; positive scores lean to ``positive_pole``.
    """

    name: str
    positive_phrases: tuple[str, ...]
    negative_phrases: tuple[str, ...]
    positive_pole: str = "positive"
    negative_pole: str = "negative"

    def __post_init__(self) -> None:
        for pole in ("positive_phrases", "negative_phrases"):
            phrases = getattr(self, pole)
            if not isinstance(phrases, tuple) or not phrases:
                raise ValueError(f"{pole} must be a non-empty tuple of str, got {phrases!r}")
            if not all(isinstance(p, str) and p.strip() for p in phrases):
                raise ValueError(f"{pole} must contain only non-empty str, got {phrases!r}")


# Definitional pairs in the manner of Bolukbasi et al. (2016), written as short sentences
# (SEAT, May et al. 2019, showed sentence encoders need sentences, not bare words).
GENDER_AXIS = ConceptAxis(
    name="gender",
    positive_phrases=(
        "This is about a woman.", "She is here.", "This is her story.", "Ask the girl.",
        "She is a mother.", "She is a daughter.", "She is my sister.", "She is a wife.",
        "The speaker is female.", "She did it herself.",
    ),
    negative_phrases=(
        "This is about a man.", "He is here.", "This is his story.", "Ask the boy.",
        "He is a father.", "He is a son.", "He is my brother.", "He is a husband.",
        "The speaker is male.", "He did it himself.",
    ),
    positive_pole="women",
    negative_pole="men",
)  # fmt: skip

AGE_AXIS = ConceptAxis(
    name="age",
    positive_phrases=(
        "This is about a young person.", "The teenager is here.", "Ask the young woman.",
        "Ask the young man.", "She is a student in her twenties.", "He is a young adult.",
    ),
    negative_phrases=(
        "This is about an old person.", "The retiree is here.", "Ask the old woman.",
        "Ask the old man.", "She is a grandmother in her eighties.", "He is an elderly man.",
    ),
    positive_pole="young",
    negative_pole="older",
)  # fmt: skip

SENTIMENT_AXIS = ConceptAxis(
    name="sentiment",
    positive_phrases=(
        "This is wonderful.", "I love it.", "What a great day.", "The results were excellent.",
        "They were happy and grateful.", "A delightful, kind and generous act.",
    ),
    negative_phrases=(
        "This is terrible.", "I hate it.", "What an awful day.", "The results were dreadful.",
        "They were sad and angry.", "A cruel, nasty and selfish act.",
    ),
    positive_pole="positive",
    negative_pole="negative",
)  # fmt: skip

CONCEPT_AXES: dict[str, ConceptAxis] = {a.name: a for a in (GENDER_AXIS, AGE_AXIS, SENTIMENT_AXIS)}


def build_axis(positive_embeddings: object, negative_embeddings: object) -> np.ndarray:
    """Unit direction from the negative to the positive pole: the difference of the pole means.

    Parameters
    ----------
    positive_embeddings, negative_embeddings : array-like of shape (n_pos, d), (n_neg, d)
        Embedded anchor phrases of the two poles (e.g. of :data:`GENDER_AXIS`).

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
    a = _check_scores(axis, "axis")
    if a.shape != (X.shape[1],):
        raise ValueError(f"axis must have shape ({X.shape[1]},) to match embeddings, got {a.shape}")
    norm = float(np.linalg.norm(a))
    if not norm > 0:
        raise ValueError("axis is the zero vector; expected a non-zero direction")
    return X @ (a / norm)


def axis_shift(mix_scores: object, real_scores: object) -> float:
    """How far the mix's mean axis score moved from real, in real standard deviations.

    ``(mean(mix) - mean(real)) / std(real)`` with the sample standard deviation (ddof=1): a
    standardised mean difference (Glass's delta), signed, positive towards the positive pole.

    Parameters
    ----------
    mix_scores, real_scores : array-like of shape (n_mix,), (n_real,)
        :func:`project` scores; real needs at least two distinct values.

    Returns
    -------
    float; 0 for equal means, about ±0.2 small and ±0.8 large by Cohen's conventions.

    References
    ----------
    Glass, G. V., McGaw, B. & Smith, M. L. (1981). Meta-Analysis in Social Research. Sage.

    Examples
    --------
    >>> axis_shift([2.0, 3.0], [0.0, 1.0, 2.0])
    1.5
    """
    mix, real = _check_scores(mix_scores, "mix_scores"), _real_scores(real_scores)
    return float((mix.mean() - real.mean()) / real.std(ddof=1))


def axis_ks(mix_scores: object, real_scores: object) -> float:
    """Kolmogorov-Smirnov statistic between the mix's and real's axis scores.

    Catches changes :func:`axis_shift` misses (a mix squeezed to the middle of the axis, or split
    between the poles with the same mean); see :func:`mixscope.metrics.shift.ks_statistic`.

    Examples
    --------
    >>> axis_ks([-1.0, 1.0], [0.0, 0.0])
    0.5
    """
    return ks_statistic(
        _check_scores(mix_scores, "mix_scores"), _check_scores(real_scores, "real_scores")
    )


def topic_axis_association(scores: object, topic_labels: object) -> pd.Series:
    """Mean axis score of each topic, centred by the corpus's overall mean score.

    Parameters
    ----------
    scores : array-like of shape (n_docs,)
        :func:`project` scores.
    topic_labels : array-like of shape (n_docs,)
        Topic of each document, e.g. :func:`mixscope.metrics.clusters.assign` labels.

    Returns
    -------
    Series indexed by topic (sorted), named ``"association"``: positive when the topic's documents
    lean to the positive pole more than the corpus does on average.

    Examples
    --------
    >>> topic_axis_association([1.0, 3.0, 5.0, 7.0], ["a", "a", "b", "b"]).to_dict()
    {'a': -2.0, 'b': 2.0}
    """
    s = _check_scores(scores, "scores")
    labels = _check_topics(topic_labels, len(s), "topic_labels")
    means = pd.Series(s).groupby(labels, sort=True).mean()
    return (means - s.mean()).rename("association")


def topic_association_shift(
    mix_scores: object,
    mix_topics: object,
    real_scores: object,
    real_topics: object,
    *,
    min_docs: int = 5,
) -> float:
    """Mean absolute change of the per-topic association, in real standard deviations.

    ``sum_t w_t |A_mix(t) - A_real(t)| / std(real_scores)``, where ``A`` is
    :func:`topic_axis_association` of each corpus and ``w_t`` the share of topic ``t`` among the
    mix's documents in the compared topics: topics with at least ``min_docs`` documents in both.

    In the spirit of bias amplification (Zhao et al., 2017): a synthetic source that ties topics
    to one pole more strongly than real text does (cooking to "women", engineering to "men")
    scores high even when its overall mean score is unchanged, since each corpus is centred by
    its own mean (the overall move is :func:`axis_shift`). Unlike Zhao et al.'s signed measure it
    also counts weakened or reversed associations. Sampling noise alone gives a small positive
    value, about ``sqrt(1/n_mix_t + 1/n_real_t)`` standard deviations per topic.

    Returns
    -------
    float >= 0; 0 when every topic keeps its real association; NaN when no topic has
    ``min_docs`` documents in both corpora.

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
    _check_positive_int(min_docs, "min_docs")
    real, mix = _real_scores(real_scores), _check_scores(mix_scores, "mix_scores")
    real_labels = _check_topics(real_topics, len(real), "real_topics")
    mix_labels = _check_topics(mix_topics, len(mix), "mix_topics")
    a_mix, a_real = (
        topic_axis_association(mix, mix_labels),
        topic_axis_association(real, real_labels),
    )
    n_mix, n_real = pd.Series(mix_labels).value_counts(), pd.Series(real_labels).value_counts()
    shared = [t for t in a_mix.index if n_mix[t] >= min_docs and n_real.get(t, 0) >= min_docs]
    if not shared:
        return float("nan")
    weights = n_mix[shared].to_numpy(np.float64)
    change = np.abs(a_mix[shared].to_numpy() - a_real[shared].to_numpy())
    return float(np.average(change, weights=weights) / real.std(ddof=1))


# --- Sentiment per group --------------------------------------------------------------------


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
    s = _check_scores(sentiment, "sentiment", allow_empty=True)
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


def sentiment_gap(
    sentiment: object, mentions: pd.DataFrame, *, axis: str, min_docs: int = 20
) -> float:
    """Highest minus lowest group mean sentiment within one axis.

    Parameters
    ----------
    sentiment, mentions
        As in :func:`sentiment_by_group`.
    axis : str
        e.g. ``"gender"``; must be an axis of ``mentions``.
    min_docs : int, default=20
        Groups mentioned in fewer documents are left out.

    Returns
    -------
    float >= 0 on VADER's [-1, 1] scale; 0 when all groups are described alike; NaN when fewer
    than two groups of the axis have ``min_docs`` documents.

    Examples
    --------
    >>> from mixscope.metrics.groups import group_mentions
    >>> m = group_mentions(["she"] * 2 + ["he"] * 2)
    >>> sentiment_gap([0.5, 0.3, -0.2, 0.0], m, axis="gender", min_docs=2)
    0.5
    """
    _check_positive_int(min_docs, "min_docs")
    table = sentiment_by_group(sentiment, mentions)
    if axis not in set(table["axis"]):
        raise ValueError(f"axis {axis!r} not in mentions; available: {sorted(set(table['axis']))}")
    means = table.loc[(table["axis"] == axis) & (table["n"] >= min_docs), "mean"]
    return float(means.max() - means.min()) if len(means) >= 2 else float("nan")


def sentiment_gap_shift(
    mix_sentiment: object,
    mix_mentions: pd.DataFrame,
    real_sentiment: object,
    real_mentions: pd.DataFrame,
    *,
    axis: str,
    min_docs: int = 20,
) -> float:
    """Mix sentiment gap minus real sentiment gap on one axis (see :func:`sentiment_gap`).

    Returns
    -------
    float; positive when the mix describes the groups of the axis more unequally than real text
    does; NaN when either gap is NaN.

    Examples
    --------
    >>> from mixscope.metrics.groups import group_mentions
    >>> m = group_mentions(["she", "he"])
    >>> sentiment_gap_shift([0.8, -0.2], m, [0.3, 0.1], m, axis="gender", min_docs=1)
    0.8
    """
    mix = sentiment_gap(mix_sentiment, mix_mentions, axis=axis, min_docs=min_docs)
    real = sentiment_gap(real_sentiment, real_mentions, axis=axis, min_docs=min_docs)
    return mix - real


# --- Input checks ---------------------------------------------------------------------------


def _check_scores(values: object, name: str, *, allow_empty: bool = False) -> np.ndarray:
    try:
        x = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be numeric, got {type(values).__name__}: {err}") from err
    if x.ndim != 1 or (x.size == 0 and not allow_empty):
        raise ValueError(f"{name} must be a non-empty 1-D array, got shape {x.shape}")
    if not np.isfinite(x).all():
        raise ValueError(f"{name} contains {int((~np.isfinite(x)).sum())} NaN or infinite values")
    return x


def _real_scores(values: object) -> np.ndarray:
    real = _check_scores(values, "real_scores")
    if len(real) < 2 or not real.std() > 0:
        raise ValueError(
            f"real_scores need at least two distinct values to set the scale, got {len(real)} "
            f"values with spread {float(np.ptp(real))!r}"
        )
    return real


def _check_topics(labels: object, n: int, name: str) -> np.ndarray:
    arr = np.asarray(labels, dtype=object)
    if arr.ndim != 1 or len(arr) != n:
        raise ValueError(
            f"{name} must be 1-D with one label per score ({n}), got shape {arr.shape}"
        )
    missing = int(pd.isna(arr).sum())
    if missing:
        raise ValueError(f"{name} has {missing} missing labels (None/NaN); fill or drop them first")
    return arr


def _check_positive_int(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
