"""What every measure receives: the index, the documents measured, the real side, the options.

Two shapes, matching the two ways of resampling (:mod:`mixscope.metrics.stats`):

- ``SetMeasure(index, ids, ref, options) -> float``: a set metric of the documents ``ids``
  (Vendi, distinct-2, PRDC, ...), resampled by subsampling;
- ``WeightedMeasure(index, ids, ref, weights, options) -> ndarray (n_rows,)``: a metric of
  weighted documents, one value per row of ``weights`` (shape (n_rows, len(ids))); the point
  value uses a single row of ones, a bootstrap uses
  :func:`mixscope.metrics.stats.bootstrap_weights`.

``ref`` is the real side: the whole real corpus for a mix, real half A for the noise floor. A
measure only slices the index's precomputed arrays and calls the metric's one implementation in
:mod:`mixscope.metrics`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import xxhash
from scipy.sparse import csr_matrix
from threadpoolctl import ThreadpoolController

from mixscope.evaluation.index import MixIndex
from mixscope.evaluation.labels import Labels
from mixscope.evaluation.memo import MEMO, Memo
from mixscope.metrics.groups import MIN_GROUP_DOCS
from mixscope.metrics.prdc import RealManifold

__all__ = [
    "Options",
    "Reference",
    "SetMeasure",
    "WeightedMeasure",
    "half_reference",
    "ids_key",
    "one_thread",
    "real_reference",
]


@dataclass(frozen=True)
class Reference:
    """The real side a mix is compared with: its global ids and, for real half A (the side
    fidelity compares with), its k-NN manifold and Gaussian stats with the precomputed pieces
    every comparison reuses: ``balls`` (which of the manifold's balls hold each document,
    :func:`mixscope.metrics.prdc.ball_membership`, rows by global id) and ``sqrt_cov`` (square
    root of the covariance). ``name`` tells the sides apart in memo keys ("real" or "half")."""

    name: str
    ids: np.ndarray
    manifold: RealManifold | None = None
    stats: tuple[np.ndarray, np.ndarray] | None = None
    balls: csr_matrix | None = None
    sqrt_cov: np.ndarray | None = None


@dataclass(frozen=True)
class Options:
    """Evaluation options the measures read (see :func:`mixscope.evaluation.evaluate`)."""

    min_group_docs: int = MIN_GROUP_DOCS
    seed: int = 0
    # one-sided confidence of each end of the bias metrics' analytic intervals (0.975: the
    # two-sided 95 % of evaluate's default level)
    confidence: float = 0.975
    labels: Labels | None = None  # the label column of label_tvd (None: not chosen)
    # where values derived from the index are kept (memo.py); not part of the options' identity
    memo: Memo = field(default=MEMO, compare=False, repr=False)


SetMeasure = Callable[[MixIndex, np.ndarray, Reference, Options], float]
WeightedMeasure = Callable[[MixIndex, np.ndarray, Reference, np.ndarray, Options], np.ndarray]


def real_reference(index: MixIndex) -> Reference:
    """The whole real corpus as the reference side (by its ids: the metrics that compare with
    the whole corpus read per-document arrays; fidelity compares with half A)."""
    return Reference("real", index.real_ids)


def half_reference(index: MixIndex) -> Reference:
    """Real half A as the reference side: of fidelity (synthetic and real half B samples of one
    size against it) and of the other metrics' noise floors."""
    return Reference(
        "half",
        index.half_a,
        index.half_manifold,
        index.half_stats,
        index.half_balls,
        index.half_sqrt_cov,
    )


def ids_key(ids: np.ndarray) -> str:
    """A short stable key of a sample of global ids (for memo keys)."""
    return xxhash.xxh3_64_hexdigest(np.ascontiguousarray(ids, dtype=np.int64).tobytes())


@lru_cache(maxsize=1)
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def one_thread() -> Any:
    """Context running BLAS/LAPACK on one thread. The eigen-decompositions here are of d x d
    matrices (d a few hundred): threads gain little there, and on a loaded machine their
    synchronisation turns 20 ms into seconds (measured: benchmarks/bench_metrics.py)."""
    return _blas().limit(limits=1, user_api="blas")
