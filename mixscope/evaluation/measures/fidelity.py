"""Fidelity: the synthetic part of the mix against real half A (does it look real?).

Values are judged against real half B at the same size (:mod:`mixscope.evaluation.row`).
Precision, density and coverage are row selections of half A's precomputed ball membership;
recall needs the sample's own k-NN radii (one search per sample); the Fréchet distance reuses
half A's covariance square root; MAUVE reads the joint quantisation.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from scipy.sparse import csr_matrix

from mixscope.evaluation.index import MixIndex
from mixscope.evaluation.measures.base import Options, Reference, SetMeasure, one_thread
from mixscope.evaluation.metric import RELATIVE, Metric
from mixscope.metrics.fidelity import c2st_auc, frechet_from_stats, gaussian_stats
from mixscope.metrics.mauve import mauve_from_histogram_rows
from mixscope.metrics.prdc import RealManifold, prdc_from_membership, recall_from_manifold
from mixscope.metrics.stats import weighted_counts

__all__ = ["METRICS"]


def _structures(
    ref: Reference,
) -> tuple[RealManifold, csr_matrix, tuple[np.ndarray, np.ndarray], np.ndarray]:
    """The reference's precomputed k-NN and Gaussian pieces (real half A has them)."""
    if ref.manifold is None or ref.balls is None or ref.stats is None or ref.sqrt_cov is None:
        raise ValueError(f"fidelity compares with real half A; reference {ref.name!r} has no "
                         "k-NN manifold or Gaussian statistics")  # fmt: skip
    return ref.manifold, ref.balls, ref.stats, ref.sqrt_cov


def _prdc(name: str) -> SetMeasure:
    def measure(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
        manifold, balls, _, _ = _structures(ref)
        if len(ids) <= manifold.k:
            return math.nan
        if name == "recall":  # needs the k-NN radii of the sample itself: a search per sample
            return recall_from_manifold(manifold, ix.unit[ids])
        return prdc_from_membership(balls[ids], k=manifold.k)[name]

    return measure


def _frechet_distance(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    _, _, stats, sqrt_cov = _structures(ref)
    if len(ids) < 2:
        return math.nan
    mu, sigma = gaussian_stats(ix.rows64(ids))
    with one_thread():
        return frechet_from_stats(*stats, mu, sigma, sqrt_sigma1=sqrt_cov)


def _c2st(ix: MixIndex, ids: np.ndarray, ref: Reference, opt: Options) -> float:
    folds = 5
    if len(ids) < folds or len(ref.ids) < folds:
        return math.nan
    return c2st_auc(ix.unit[ref.ids], ix.unit[ids], folds=folds, seed=opt.seed)


def _mauve(
    ix: MixIndex, ids: np.ndarray, ref: Reference, W: np.ndarray, opt: Options
) -> np.ndarray:
    if len(ids) == 0:
        return np.full(len(W), math.nan)
    k = ix.mauve_buckets
    real = np.bincount(ix.mauve_labels[ref.ids], minlength=k)
    return mauve_from_histogram_rows(real, weighted_counts(W, ix.mauve_labels[ids], k))


_FID: dict[str, Any] = {
    "group": "fidelity",
    "compares": "synthetic",
    "threshold_source": RELATIVE,
}
_SHARE = (0.0, 1.0)
_RATIO: dict[str, Any] = {"basis": "ratio_to_floor", "bounds": _SHARE}
_SAMPLED: dict[str, Any] = {"resampling": "subsample", "sampled": True, "expensive": True}
_PRDC: dict[str, Any] = _FID | _SAMPLED | {"uses": ("prdc_k",)}
_PRDC_REF = (
    "Kynkäänniemi et al. (2019), Improved Precision and Recall Metric for Assessing "
    "Generative Models, NeurIPS; Naeem et al. (2020), Reliable Fidelity and Diversity Metrics "
    "for Generative Models, ICML"
)

METRICS: tuple[Metric, ...] = (
    Metric(
        name="precision",
        reads_embeddings=True,
        label="Realism",
        why="Synthetic documents outside every real neighbourhood look unlike anything real.",
        goal="higher", unit="share of synthetic docs",
        description="Synthetic documents inside the real k-NN manifold (realism)",
        reference=_PRDC_REF, warn=0.9, fail=0.75, function=_prdc("precision"), stream=9,
        **_PRDC, **_RATIO,
    ),
    Metric(
        name="recall",
        reads_embeddings=True,
        label="Real variety reached",
        why="Real documents no synthetic one resembles: variety the synthetic text misses.",
        goal="higher", unit="share of real documents",
        description="Real documents inside the synthetic k-NN manifold",
        reference=_PRDC_REF, warn=0.9, fail=0.75, function=_prdc("recall"), stream=10,
        null_draws=10, **_PRDC, **_RATIO,
    ),
    Metric(
        name="density",
        reads_embeddings=True,
        label="Crowding",
        why="Synthetic text piling onto common real documents over-represents them.",
        goal="target", target=1.0, unit="balls per synthetic / k",
        description="How crowded real neighbourhoods get with synthetic text (1: as real)",
        reference=_PRDC_REF, warn=0.3, fail=0.6, function=_prdc("density"), stream=11,
        basis="ratio_to_floor", bounds=(0.0, math.inf), **_PRDC,
    ),
    Metric(
        name="coverage",
        reads_embeddings=True,
        label="Real neighbourhoods covered",
        why="Parts of the real data with no synthetic document near them are left out.",
        goal="higher", unit="share of real documents",
        description="Real documents with a synthetic document in their k-NN ball",
        reference=_PRDC_REF, warn=0.9, fail=0.75, function=_prdc("coverage"), stream=12,
        **_PRDC, **_RATIO,
    ),
    Metric(
        name="mauve",
        reads_embeddings=True,
        label="Distribution match (MAUVE)",
        why="A gap between the kinds of document real and synthetic text consist of.",
        goal="higher", unit="area under frontier",
        description="Gap between real and synthetic cluster histograms (1 = same)",
        reference="Pillutla et al. (2021), MAUVE, NeurIPS", warn=0.9, fail=0.75,
        function=_mauve, resampling="bootstrap", stream=13, **_FID, **_RATIO,
    ),
    Metric(
        name="frechet_distance",
        reads_embeddings=True,
        label="Fréchet distance",
        why="Synthetic embeddings spread differently from real ones (mean and covariance).",
        goal="lower", unit="squared distance",
        description="Fréchet distance of Gaussians fitted to real and synthetic embeddings",
        reference="Heusel et al. (2017), NeurIPS; Xiang et al. (2021), Findings of ACL",
        warn=2.0, fail=4.0, basis="ratio_to_floor", function=_frechet_distance, stream=14,
        bounds=(0.0, math.inf), null_draws=10,
        **_FID, **_SAMPLED,
    ),
    Metric(
        name="c2st_auc",
        reads_embeddings=True,
        label="Detectability",
        why="A classifier that tells synthetic from real has found a systematic difference.",
        goal="lower", unit="ROC AUC",
        description="How well a classifier tells synthetic from real (0.5 = cannot)",
        reference="Lopez-Paz & Oquab (2017), Revisiting Classifier Two-Sample Tests, ICLR",
        warn=0.65, fail=0.8, function=_c2st, default=False, stream=15, bounds=_SHARE, null_draws=5,
        **_FID, **_SAMPLED,
    ),
)  # fmt: skip
