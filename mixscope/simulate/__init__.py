"""Simulation: what recursive training on a chosen mix does over generations.

A what-if stage beside the evaluation of one mix: a cheap stand-in generator is fitted on the
real data, sampled, refitted on what the regime keeps, and so on, and every generation is
measured (Vendi score, topic-cluster coverage, distinct-2, tail retention, embedding variance).
:mod:`~mixscope.simulate.ngram` generates text (a smoothed word bigram model),
:mod:`~mixscope.simulate.gaussian` embeddings (a Gaussian refitted by maximum likelihood);
:mod:`~mixscope.simulate.regimes` says what each generation trains on (replace, accumulate,
fresh real data, the current mix); :mod:`~mixscope.simulate.measure` and
:mod:`~mixscope.simulate.tail` what is measured; :mod:`~mixscope.simulate.config` checks the
request and :mod:`~mixscope.simulate.loop` runs it.

The generators illustrate the dynamics of a mix; they do not predict a real model's quality.

References
----------
Shumailov et al. (2024), AI models collapse when trained on recursively generated data, Nature.
Gerstgrasser et al. (2024), Is Model Collapse Inevitable? Breaking the Curse of Recursion by
Accumulating Real and Synthetic Data, arXiv:2404.01413.
Bertrand et al. (2024), On the Stability of Iterative Retraining of Generative Models on their
own Data, ICLR.
"""

from mixscope.simulate.config import (
    DEFAULT_BIGRAM_BUDGET,
    DEFAULT_GENERATIONS,
    DEFAULT_N_DOCS,
    GENERATORS,
    MIN_DOCS,
    SimulationConfig,
)
from mixscope.simulate.gaussian import GaussianModel, fit_gaussian, sample_gaussian, total_variance
from mixscope.simulate.loop import ROW_COLUMNS, Simulation, simulate
from mixscope.simulate.measure import METRICS, TEXT_METRICS
from mixscope.simulate.ngram import DEFAULT_SMOOTHING, NgramModel, fit_ngram, sample_ngram
from mixscope.simulate.regimes import (
    DEFAULT_FRESH_FRACTION,
    DEFAULT_REGIMES,
    REGIMES,
    regime_label,
    training_data,
)
from mixscope.simulate.tail import DEFAULT_RARE_MAX, rare_types, tail_retention

__all__ = [
    "DEFAULT_BIGRAM_BUDGET",
    "DEFAULT_FRESH_FRACTION",
    "DEFAULT_GENERATIONS",
    "DEFAULT_N_DOCS",
    "DEFAULT_RARE_MAX",
    "DEFAULT_REGIMES",
    "DEFAULT_SMOOTHING",
    "GENERATORS",
    "METRICS",
    "MIN_DOCS",
    "REGIMES",
    "ROW_COLUMNS",
    "TEXT_METRICS",
    "GaussianModel",
    "NgramModel",
    "Simulation",
    "SimulationConfig",
    "fit_gaussian",
    "fit_ngram",
    "rare_types",
    "regime_label",
    "sample_gaussian",
    "sample_ngram",
    "simulate",
    "tail_retention",
    "total_variance",
    "training_data",
]
