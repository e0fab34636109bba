"""Each registered metric as a function over a :class:`~mixscope.index.MixIndex` and global ids.

Two shapes, matching the two ways of resampling in :mod:`mixscope.metrics.stats`:

- ``SetMeasure(index, ids, ref, options) -> float``: a set metric of the documents ``ids``
  (Vendi, distinct-2, PRDC, ...), resampled by subsampling;
- ``WeightedMeasure(index, ids, ref, weights, options) -> ndarray (n_boot,)``: a metric of weighted
  documents, one value per row of ``weights`` (shape (n_boot, len(ids))); the point value uses a
  single row of ones, a bootstrap uses :func:`mixscope.metrics.stats.bootstrap_weights`.

``ref`` is the real side: the whole real corpus for a mix, real half A for the noise floor.
Every function here only slices precomputed arrays and calls the metric modules.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist
from typing import Any

import numpy as np
import pandas as pd
import xxhash
from scipy.sparse import csr_matrix
from threadpoolctl import ThreadpoolController

from mixscope.index import MixIndex
from mixscope.metrics.bias import MIN_GROUP_DOCS, representation_bounds
from mixscope.metrics.clusters import cluster_coverage as _cluster_coverage
from mixscope.metrics.clusters import cluster_entropy as _cluster_entropy
from mixscope.metrics.diversity import (
    mean_pairwise_distance_from_sum,
    moment_spectrum,
    vendi_from_spectrum,
)
from mixscope.metrics.duplication import near_duplicate_of
from mixscope.metrics.fidelity import (
    RealManifold,
    c2st_auc,
    frechet_from_stats,
    gaussian_stats,
    prdc_from_manifold,
)
from mixscope.metrics.labels import Labels
from mixscope.metrics.lexical import compression_ratio as _compression_ratio
from mixscope.metrics.lexical import mattr_from_codes
from mixscope.metrics.mauve import mauve_from_histogram_rows
from mixscope.metrics.prdc import prdc_from_membership, recall_from_manifold
from mixscope.metrics.shift import jensen_shannon

NAN = math.nan
#: Window of :func:`mattr` in tokens (the default of :func:`mixscope.metrics.lexical.mattr`):
#: shorter than a typical document, so it measures word choice within and across documents.
MATTR_WINDOW = 50
_SPECTRA = 64  # kernel spectra memoised per index: a point value, resamples and noise floor


@dataclass(frozen=True)
class Reference:
    """The real side a mix is compared with: its global ids, k-NN manifold and Gaussian stats.

    ``balls`` (which of the manifold's balls hold each indexed document, see
    :func:`mixscope.metrics.prdc.ball_membership`) and ``sqrt_cov`` (square root of the
    covariance) are precomputed for the whole real corpus; without them (the noise floor's
    real half, scored once per index) PRDC and Fréchet are computed directly.
    """

    ids: np.ndarray
    manifold: RealManifold
    stats: tuple[np.ndarray, np.ndarray]
    balls: csr_matrix | None = None
    sqrt_cov: np.ndarray | None = None


@dataclass(frozen=True)
class Options:
    """Evaluation options the measures read (see :func:`mixscope.metrics.evaluate.evaluate`)."""

    min_group_docs: int = MIN_GROUP_DOCS
    seed: int = 0
    confidence: float = 0.95  # one-sided, of the bias metrics' bounds beyond sampling noise
    labels: Labels | None = None  # the label column of label_tvd (None: not chosen)


SetMeasure = Callable[[MixIndex, np.ndarray, Reference, Options], float]
WeightedMeasure = Callable[[MixIndex, np.ndarray, Reference, np.ndarray, Options], np.ndarray]


# --- diversity (set measures on a fixed-size sample) -----------------------------------------


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def _one_thread() -> Any:
    """Context running BLAS/LAPACK on one thread. The eigen-decompositions here are of d x d
    matrices (d a few hundred): threads gain little there, and on a loaded machine their
    synchronisation turns 20 ms into seconds (measured: benchmarks/bench_metrics.py)."""
    return _blas().limit(limits=1, user_api="blas")


def _spectrum(ix: MixIndex, ids: np.ndarray) -> np.ndarray:
    """Kernel eigenvalues of a sample, memoised per index: the Vendi orders (which share their
    samples, ``Metric.sample_as``) need one eigen-decomposition per sample, not one per order."""
    key = xxhash.xxh3_64_hexdigest(np.ascontiguousarray(ids, dtype=np.int64).tobytes())
    memo: dict[str, np.ndarray] = ix.cache.setdefault("vendi_spectra", {})
    if key not in memo:
        if len(memo) >= _SPECTRA:
            memo.clear()
        U = ix.unit[ids].astype(np.float64)
        # Primal or dual Gram: same non-zero spectrum, so take the smaller matrix.
        with _one_thread():
            memo[key] = moment_spectrum(U @ U.T if len(U) < U.shape[1] else U.T @ U, len(U))
    return memo[key]


def _vendi(ix: MixIndex, ids: np.ndarray, q: float) -> float:
    return vendi_from_spectrum(_spectrum(ix, ids), q=q) if len(ids) else NAN


def vendi(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    return _vendi(ix, ids, 1.0)


def vendi_q0_5(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    return _vendi(ix, ids, 0.5)


def vendi_q2(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    return _vendi(ix, ids, 2.0)


def mean_pairwise_distance(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    if len(ids) < 2:
        return NAN
    return mean_pairwise_distance_from_sum(ix.unit[ids].astype(np.float64).sum(axis=0), len(ids))


def cluster_coverage(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    if len(ids) < 1:
        return NAN
    k = ix.cluster_model.n_clusters
    return _cluster_coverage(ix.clusters[ids], ix.clusters[ref.ids], n_clusters=k)


def cluster_entropy(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    """Pielou evenness of the sample over the real corpus's frozen topic clusters."""
    k = ix.cluster_model.n_clusters
    if len(ids) < 1 or k < 2:
        return NAN
    return _cluster_entropy(ix.clusters[ids], n_clusters=k, normalize=True)


def mattr(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    """MATTR of the sample's tokens, documents concatenated in ``ids`` order."""
    codes = ix.token_codes(ids)
    return mattr_from_codes(codes, window=MATTR_WINDOW) if len(codes) else NAN


def compression_ratio(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    texts = ix.texts(ids)
    return _compression_ratio(texts) if any(texts) else NAN


def distinct_2(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    """Distinct bigrams over the first ``distinct_budget`` bigrams of the sample's documents,
    taken in a seeded random order (the last document cut at the budget); a sample with fewer
    bigrams uses all it has (its count is in the settings' sample size)."""
    order = np.random.default_rng(opt.seed).permutation(len(ids))
    parts = ix.bigrams(ids[order])
    codes = np.concatenate(parts) if parts else np.empty(0, np.uint64)
    codes = codes[: ix.settings.distinct_budget]
    return len(np.unique(codes)) / len(codes) if len(codes) else NAN


# --- fidelity (set measures, synthetic part against the real side) -------------------------


def _prdc(ix: MixIndex, ids: np.ndarray, ref: Reference, name: str) -> float:
    if len(ids) <= ref.manifold.k:
        return NAN
    if name == "recall":  # needs the k-NN radii of the sample itself: a search per sample
        return recall_from_manifold(ref.manifold, ix.unit[ids])
    if ref.balls is not None:  # precision, density, coverage: rows of the precomputed balls
        return prdc_from_membership(ref.balls[ids], k=ref.manifold.k)[name]
    # The four values come from one computation: remember the last one.
    key = (id(ref.manifold), xxhash.xxh3_64_hexdigest(np.ascontiguousarray(ids).tobytes()))
    last = ix.cache.get("prdc")
    if last is None or last[0] != key:
        last = (key, prdc_from_manifold(ref.manifold, ix.unit[ids]))
        ix.cache["prdc"] = last
    result: float = last[1][name]
    return result


def precision(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    return _prdc(ix, ids, ref, "precision")


def recall(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    return _prdc(ix, ids, ref, "recall")


def density(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    return _prdc(ix, ids, ref, "density")


def coverage(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    return _prdc(ix, ids, ref, "coverage")


def frechet_distance(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    if len(ids) < 2:
        return NAN
    mu, sigma = gaussian_stats(ix.unit[ids].astype(np.float64))
    with _one_thread():
        return frechet_from_stats(*ref.stats, mu, sigma, sqrt_sigma1=ref.sqrt_cov)


def c2st(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    folds = 5
    if len(ids) < folds or len(ref.ids) < folds:
        return NAN
    return c2st_auc(ix.unit[ref.ids], ix.unit[ids], folds=folds, seed=opt.seed)


# --- duplication (weighted: per-document flags of the whole set) ----------------------------


def exact_flags(ix: MixIndex, ids: np.ndarray) -> np.ndarray:
    """True for each document repeating an earlier one (in ``ids`` order) exactly."""
    flags = np.ones(len(ids), dtype=bool)
    flags[np.unique(ix.exact_keys[ids], return_index=True)[1]] = False
    return flags


def pairs_within(ix: MixIndex, pairs: np.ndarray, ids: np.ndarray) -> pd.DataFrame:
    """Global-id pairs with both ends in ``ids``, renumbered as positions in ``ids`` (i < j)."""
    rows = np.full(len(ix.unit), -1, dtype=np.int64)
    rows[ids] = np.arange(len(ids))
    i, j = rows[pairs[:, 0]], rows[pairs[:, 1]]
    keep = (i >= 0) & (j >= 0)
    i, j = i[keep], j[keep]
    return pd.DataFrame({"i": np.minimum(i, j), "j": np.maximum(i, j)})


def _mean(weights: np.ndarray, values: np.ndarray) -> np.ndarray:
    if values.size == 0:
        return np.full(len(weights), NAN)
    out: np.ndarray = weights @ values.astype(np.float64) / weights.sum(axis=1)
    return out


def exact_duplicate_rate(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    return _mean(W, exact_flags(ix, ids))


def near_duplicate_rate(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    return _mean(W, near_duplicate_of(len(ids), pairs_within(ix, ix.near_pairs, ids)) >= 0)


def semantic_duplicate_rate(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    return _mean(W, near_duplicate_of(len(ids), pairs_within(ix, ix.semantic_pairs, ids)) >= 0)


def cross_source_flags(ix: MixIndex, ids: np.ndarray) -> np.ndarray:
    """True for each document with a lexical near-duplicate from another corpus in ``ids``."""
    pairs = pairs_within(ix, ix.near_pairs, ids)
    i, j = pairs["i"].to_numpy(), pairs["j"].to_numpy()
    source = ix.source_of(ids)
    cross = source[i] != source[j]
    hit = np.zeros(len(ids), dtype=bool)
    hit[i[cross]] = hit[j[cross]] = True
    return hit


def cross_source_duplicate_rate(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    return _mean(W, cross_source_flags(ix, ids))


# --- distribution shift against the real side (weighted) ------------------------------------


def _weighted_counts(W: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    onehot = csr_matrix((np.ones(len(labels)), (np.arange(len(labels)), labels)), (len(labels), k))
    return np.asarray((onehot.T @ W.T).T)


def mauve(ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options) -> np.ndarray:
    if len(ids) == 0:
        return np.full(len(W), NAN)
    k = ix.mauve_buckets
    real = np.bincount(ix.mauve_labels[ref.ids], minlength=k)
    fake = _weighted_counts(W, ix.mauve_labels[ids], k)
    return mauve_from_histogram_rows(real, fake)


def topic_jsd(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    k = ix.cluster_model.n_clusters
    real = np.bincount(ix.clusters[ref.ids], minlength=k)
    mixed = _weighted_counts(W, ix.clusters[ids], k)
    return np.array([jensen_shannon(row, real) for row in mixed])


def _total_variation_rows(rows: np.ndarray, real: np.ndarray) -> np.ndarray:
    """Total variation between each row of weighted counts and the real counts."""
    p = real / real.sum()
    q = rows / rows.sum(axis=1, keepdims=True)
    out: np.ndarray = 0.5 * np.abs(q - p).sum(axis=1)
    return out


def topic_tvd(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    k = ix.cluster_model.n_clusters
    real = np.bincount(ix.clusters[ref.ids], minlength=k)
    return _total_variation_rows(_weighted_counts(W, ix.clusters[ids], k), real)


def label_tvd(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    """Total variation of the label column's categories ("(missing)" one of them)."""
    labels = opt.labels
    if labels is None or len(ids) == 0:
        return np.full(len(W), NAN)
    k = len(labels.categories)
    real = np.bincount(labels.codes[ref.ids], minlength=k)
    return _total_variation_rows(_weighted_counts(W, labels.codes[ids], k), real)


def length_ks(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    """Weighted two-sample KS statistic of word counts (equals ks_statistic for unit weights)."""
    x, y = ix.lengths[ids], np.sort(ix.lengths[ref.ids])
    grid = np.union1d(x, y)
    # Weight of each distinct length, then cumulated: n_boot x n_lengths, not n_boot x n_docs.
    per_length = _weighted_counts(W, np.searchsorted(grid, x), len(grid))
    cdf_mix = np.cumsum(per_length, axis=1) / W.sum(axis=1, keepdims=True)
    cdf_real = np.searchsorted(y, grid, side="right") / len(y)
    out: np.ndarray = np.abs(cdf_mix - cdf_real).max(axis=1)
    return out


# --- bias: group mentions against the real side (weighted) ----------------------------------


def _eligible(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> np.ndarray:
    """Groups with at least ``min_group_docs`` mentions in the real side and in ``ids``."""
    real = ix.mentions[ref.ids].sum(axis=0)
    mixed = ix.mentions[ids].sum(axis=0)
    return np.asarray((real >= opt.min_group_docs) & (mixed >= opt.min_group_docs))


def group_representation_ratio_min(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    """Weighted :func:`mixscope.metrics.bias.group_representation_ratio_min`: the smallest upper
    confidence bound of a group's share-of-documents ratio, over groups with ``min_group_docs``
    real mentions (judged on the real side only: a vanished group counts)."""
    real = ix.mentions[ref.ids].sum(axis=0)
    keep = real >= opt.min_group_docs
    if not keep.any() or len(ids) == 0:
        return np.full(len(W), NAN)
    mixed = W @ ix.mentions[ids][:, keep].astype(np.float64)
    _, _, high = representation_bounds(
        mixed, W.sum(axis=1, keepdims=True), real[keep], len(ref.ids), confidence=opt.confidence
    )
    out: np.ndarray = high.min(axis=1)
    return out


def topic_group_mention_shift(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    """Mean over groups (weighted by real mentions) of the total variation between the topic
    (cluster) distributions of the documents mentioning the group, mix versus real."""
    keep = np.flatnonzero(_eligible(ix, ids, ref, opt))
    if keep.size == 0:
        return np.full(len(W), NAN)
    k = ix.cluster_model.n_clusters
    real = _group_topic_counts(ix.mentions[ref.ids][:, keep], ix.clusters[ref.ids], k, None)[0]
    mixed = _group_topic_counts(ix.mentions[ids][:, keep], ix.clusters[ids], k, W)
    p = real / real.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        q = mixed / mixed.sum(axis=2, keepdims=True)
    tv = 0.5 * np.abs(q - p).sum(axis=2)  # (n_boot, n_groups)
    weights = real.sum(axis=1)
    out: np.ndarray = tv @ weights / weights.sum()
    return out


def _group_topic_counts(
    M: np.ndarray, labels: np.ndarray, k: int, W: np.ndarray | None
) -> np.ndarray:
    """(n_boot, n_groups, k) weighted counts of (group mentioned, cluster) over documents."""
    rows, groups = np.nonzero(M)
    weights = np.ones((1, M.shape[0])) if W is None else W
    pair = csr_matrix(
        (np.ones(len(rows)), (rows, groups * k + labels[rows])), (M.shape[0], M.shape[1] * k)
    )
    return np.asarray((pair.T @ weights.T).T).reshape(len(weights), M.shape[1], k)


def sentiment_gap_shift(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    """Largest change, over groups, of the group's sentiment gap (mean VADER sentiment of the
    documents mentioning it minus the mean of all documents), mix versus real, counting only
    the part of each change beyond sampling noise: ``max_g max(|d_g| - z * se_g, 0)`` with
    ``se_g = sqrt(var_mix_g / n_mix_g + var_real_g / n_real_g)`` and ``z`` the one-sided normal
    quantile at ``opt.confidence``. The maximum of raw changes over ~16 groups of ~100
    documents is mostly noise (two halves of the real demo corpus: 0.25); the bound keeps a
    group's real shift (a group described 0.3 more negatively) and drops chance ones."""
    keep = _eligible(ix, ids, ref, opt)
    if not keep.any():
        return np.full(len(W), NAN)
    real, real_var, real_n = _sentiment_gaps(
        ix.mentions[ref.ids][:, keep], ix.sentiment[ref.ids], None
    )
    mixed, mixed_var, mixed_n = _sentiment_gaps(ix.mentions[ids][:, keep], ix.sentiment[ids], W)
    z = NormalDist().inv_cdf(opt.confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.sqrt(mixed_var / mixed_n + real_var / real_n)
    beyond = np.maximum(np.abs(mixed - real) - z * se, 0.0)
    out: np.ndarray = np.nanmax(beyond, axis=1)
    return out


def _sentiment_gaps(
    M: np.ndarray, s: np.ndarray, W: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per resample and group: gap to the overall mean, variance of the group's sentiment, and
    weighted document count (each of shape (n_boot, n_groups))."""
    weights = np.ones((1, len(s))) if W is None else W
    Mf = M.astype(np.float64)
    n = weights @ Mf
    with np.errstate(invalid="ignore", divide="ignore"):
        group_mean = (weights @ (Mf * s[:, None])) / n
        variance = (weights @ (Mf * (s * s)[:, None])) / n - group_mean**2
    overall = (weights @ s) / weights.sum(axis=1)
    gaps: np.ndarray = group_mean - overall[:, None]
    return gaps, np.maximum(variance, 0.0), n


# --- bias: concept axes in embedding space against the real side (weighted) -----------------


def _judgeable_scores(
    ix: MixIndex, ids: np.ndarray, ref: Reference, axis: str
) -> np.ndarray | None:
    """Scores of the whole index on ``axis``, or None when the metric cannot be judged."""
    scores = ix.axis_scores.get(axis)
    if scores is None or len(ids) == 0 or len(ref.ids) < 2 or not scores[ref.ids].std() > 0:
        return None
    return scores


def _axis_shift(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, axis: str
) -> np.ndarray:
    """Weighted :func:`mixscope.metrics.bias.axis_shift` (equal to it for unit weights)."""
    scores = _judgeable_scores(ix, ids, ref, axis)
    if scores is None:
        return np.full(len(W), NAN)
    real = scores[ref.ids]
    out: np.ndarray = (_mean(W, scores[ids]) - real.mean()) / real.std(ddof=1)
    return out


def gender_axis_shift(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    return _axis_shift(ix, ids, ref, W, "gender")


def sentiment_axis_shift(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    return _axis_shift(ix, ids, ref, W, "sentiment")


def _topic_association_shift(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options, axis: str
) -> np.ndarray:
    """Weighted :func:`mixscope.metrics.bias.topic_association_shift` over the real corpus's
    frozen topic clusters, topics with ``min_group_docs`` documents on both sides."""
    scores = _judgeable_scores(ix, ids, ref, axis)
    if scores is None:
        return np.full(len(W), NAN)
    k = ix.cluster_model.n_clusters
    real, real_topics = scores[ref.ids], ix.clusters[ref.ids]
    n_real = np.bincount(real_topics, minlength=k)
    with np.errstate(invalid="ignore", divide="ignore"):
        a_real = np.bincount(real_topics, weights=real, minlength=k) / n_real - real.mean()
        n_mix = _weighted_counts(W, ix.clusters[ids], k)
        sums = _weighted_counts(W * scores[ids], ix.clusters[ids], k)
        a_mix = sums / n_mix - (_mean(W, scores[ids]))[:, None]
    shared = (n_mix >= opt.min_group_docs) & (n_real >= opt.min_group_docs)
    weights = np.where(shared, n_mix, 0.0)
    change = np.where(shared, np.abs(a_mix - a_real), 0.0)
    total = weights.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        out: np.ndarray = (weights * change).sum(axis=1) / total / real.std(ddof=1)
    return np.where(total > 0, out, NAN)


def topic_group_association_shift(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    return _topic_association_shift(ix, ids, ref, W, opt, "gender")


def topic_sentiment_association_shift(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    return _topic_association_shift(ix, ids, ref, W, opt, "sentiment")
