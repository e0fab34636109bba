"""Diversity of the mix on its own: set measures on a fixed-size sample, judged against real.

Every entry is judged by its ratio to the real corpus's own value at the same sample size
(``basis="ratio_to_real"``): the scale of Vendi, distinct-2 or MATTR depends on the corpus.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from mixscope.evaluation.index import MixIndex
from mixscope.evaluation.measures.base import Options, Reference, SetMeasure, ids_key, one_thread
from mixscope.evaluation.metric import CALIBRATED, TO_CALIBRATE, Metric
from mixscope.metrics.clusters import cluster_coverage, cluster_entropy
from mixscope.metrics.diversity import mean_pairwise_distance, moment_spectrum, vendi_from_spectrum
from mixscope.metrics.lexical import compression_ratio, distinct_2, mattr_from_codes

__all__ = ["MATTR_WINDOW", "METRICS"]

#: Window of MATTR in tokens (the default of :func:`mixscope.metrics.lexical.mattr`): shorter
#: than a typical document, so it measures word choice within and across documents.
MATTR_WINDOW = 50


def _spectrum(ix: MixIndex, ids: np.ndarray, opt: Options) -> np.ndarray:
    """Kernel eigenvalues of a sample, memoised: the Vendi orders (which share their samples,
    ``Metric.sample_as``) need one eigen-decomposition per sample, not one per order."""

    def compute() -> np.ndarray:
        U = ix.rows64(ids)
        # Primal or dual Gram: same non-zero spectrum, so take the smaller matrix.
        with one_thread():
            return moment_spectrum(U @ U.T if len(U) < U.shape[1] else U.T @ U, len(U))

    spectrum: np.ndarray = opt.memo.get((ix.fingerprint, "spectrum", ids_key(ids)), compute)
    return spectrum


def _vendi_of_order(q: float) -> SetMeasure:
    def measure(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
        return vendi_from_spectrum(_spectrum(ix, ids, opt), q=q) if len(ids) else math.nan

    return measure


def _mean_pairwise_distance(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    return mean_pairwise_distance(ix.unit[ids]) if len(ids) >= 2 else math.nan


def _cluster_coverage(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    if len(ids) < 1:
        return math.nan
    k = ix.cluster_model.n_clusters
    return cluster_coverage(ix.clusters[ids], ix.clusters[ref.ids], n_clusters=k)


def _cluster_entropy(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    """Pielou evenness of the sample over the real corpus's frozen topic clusters."""
    k = ix.cluster_model.n_clusters
    if len(ids) < 1 or k < 2:
        return math.nan
    return cluster_entropy(ix.clusters[ids], n_clusters=k, normalize=True)


def _mattr(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    """MATTR of the sample's tokens, documents concatenated in ``ids`` order."""
    codes = ix.token_codes(ids)
    return mattr_from_codes(codes, window=MATTR_WINDOW) if len(codes) else math.nan


def _compression_ratio(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    texts = ix.texts(ids)
    return compression_ratio(texts) if any(texts) else math.nan


def _distinct_2(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    """Distinct bigrams over the first ``distinct_budget`` bigrams of the sample's documents in
    a seeded random order; a sample with fewer bigrams uses all it has."""
    return distinct_2(ix.bigrams(ids), budget=ix.settings.distinct_budget, seed=opt.seed)


_DIV: dict[str, Any] = {
    "group": "diversity",
    "resampling": "subsample",
    "sampled": True,
    "expensive": True,
}
_DIV |= {"basis": "ratio_to_real"}
_VENDI_Q_REF = (
    "Friedman & Dieng (2023), The Vendi Score, TMLR; Pasarkar & Dieng (2024), Cousins of the "
    "Vendi Score (orders q), AISTATS"
)

METRICS: tuple[Metric, ...] = (
    Metric(
        name="vendi",
        reads_embeddings=True,
        label="Vendi score",
        why="Fewer effectively distinct documents: a model sees less variety, the first sign of "
        "collapse.",
        goal="higher", unit="effective documents",
        description="Effective number of distinct documents (embedding cosine kernel)",
        reference="Friedman & Dieng (2023), The Vendi Score, TMLR",
        warn=0.9, fail=0.75, threshold_source=TO_CALIBRATE,
        function=_vendi_of_order(1.0), stream=0, **_DIV,
    ),
    Metric(
        name="mean_pairwise_distance",
        reads_embeddings=True,
        label="Mean pairwise distance",
        why="Documents closer to each other on average: a narrower training signal.",
        goal="higher", unit="cosine distance",
        description="Mean cosine distance between two documents",
        reference="Tevet & Berant (2021), Evaluating the Evaluation of Diversity in NLG, EACL",
        warn=0.9, fail=0.75, threshold_source=TO_CALIBRATE,
        function=_mean_pairwise_distance, stream=1, **_DIV,
    ),
    Metric(
        name="cluster_coverage",
        reads_embeddings=True,
        label="Topic coverage",
        why="Topics of the real corpus missing from the mix: a model forgets them, and the tails go"
        " first.",
        goal="higher", unit="share of real clusters",
        description="Share of the real corpus's topic clusters the sample still reaches",
        reference="Srivastava et al. (2017), VEEGAN, NeurIPS (mode counting)",
        warn=0.95, fail=0.8, threshold_source=TO_CALIBRATE,
        function=_cluster_coverage, uses=("n_clusters",), stream=2, **_DIV,
    ),
    Metric(
        name="compression_ratio",
        label="Compression ratio",
        why="Text that compresses more repeats itself: templates and stock phrases.",
        goal="lower", unit="bytes / gzip bytes",
        description="How much gzip shrinks the texts; higher means more repetitive",
        reference="Shaib et al. (2024), Standardizing the Measurement of Text Diversity",
        warn=1.1, fail=1.25, threshold_source=TO_CALIBRATE,
        function=_compression_ratio, stream=3, **_DIV,
    ),
    Metric(
        name="distinct_2",
        label="Distinct word pairs",
        why="Fewer distinct word pairs: repetitive wording.",
        goal="higher", unit="unique / total bigrams",
        description="Share of distinct word bigrams in a fixed budget of bigrams",
        reference="Li et al. (2016), A Diversity-Promoting Objective Function, NAACL; "
        "Shaib et al. (2024), Standardizing the Measurement of Text Diversity",
        warn=0.9, fail=0.75, threshold_source=TO_CALIBRATE,
        function=_distinct_2, uses=("distinct_budget",), stream=4, **_DIV,
    ),
    Metric(
        name="vendi_q0_5",
        reads_embeddings=True,
        label="Vendi score, rare kinds",
        why="Weighs rare kinds of document, which disappear first under recursive training.",
        goal="higher", unit="effective documents",
        description="Vendi score of order 0.5: weighs rare modes more than vendi (order 1)",
        reference=_VENDI_Q_REF, warn=0.9, fail=0.75, threshold_source=CALIBRATED,
        function=_vendi_of_order(0.5), sample_as="vendi", stream=25, **_DIV,
    ),
    Metric(
        name="vendi_q2",
        reads_embeddings=True,
        label="Vendi score, common kinds",
        why="Weighs the most common kinds of document: a few dominating modes show here.",
        goal="higher", unit="effective documents",
        description="Vendi score of order 2: weighs dominant modes more than vendi (order 1)",
        reference=_VENDI_Q_REF, warn=0.9, fail=0.75, threshold_source=CALIBRATED,
        function=_vendi_of_order(2.0), sample_as="vendi", stream=26, **_DIV,
    ),
    Metric(
        name="cluster_entropy",
        reads_embeddings=True,
        label="Topic evenness",
        why="An uneven spread over topics over-trains some and under-trains others.",
        goal="higher", unit="Pielou evenness (0-1)",
        description="How evenly the sample spreads over the real corpus's topic clusters "
        "(Shannon entropy of cluster shares / ln k)",
        reference="Shannon (1948); Pielou (1966), J. Theoretical Biology",
        warn=0.95, fail=0.85, threshold_source=CALIBRATED,
        function=_cluster_entropy, uses=("n_clusters",), stream=27, **_DIV,
    ),
    Metric(
        name="mattr",
        label="Word variety (MATTR)",
        why="Less varied word choice within texts, a mark of machine-written sameness.",
        goal="higher", unit="types per token",
        description="Moving-average type-token ratio of the sample's words in 50-word "
        "windows (repetition within texts, not templates across them)",
        reference="Covington & McFall (2010), Journal of Quantitative Linguistics 17(2)",
        warn=0.95, fail=0.85, threshold_source=CALIBRATED,
        function=_mattr, stream=28, **_DIV,
    ),
)  # fmt: skip
