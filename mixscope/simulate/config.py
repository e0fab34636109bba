"""SimulationConfig: how to simulate (generations, regimes, generator, sizes, seed), checked."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from numbers import Integral, Real
from typing import Any

from mixscope.simulate.ngram import DEFAULT_SMOOTHING
from mixscope.simulate.regimes import (
    DEFAULT_FRESH_FRACTION,
    DEFAULT_REGIMES,
    REGIMES,
    regime_label,
)
from mixscope.simulate.tail import DEFAULT_RARE_MAX

__all__ = [
    "DEFAULT_BIGRAM_BUDGET",
    "DEFAULT_GENERATIONS",
    "DEFAULT_N_DOCS",
    "GENERATORS",
    "MIN_DOCS",
    "SimulationConfig",
]

#: Generator name -> what it is.
GENERATORS = {
    "ngram": "word bigram model, Witten-Bell smoothed over the training vocabulary",
    "gaussian": "full-covariance Gaussian fitted by maximum likelihood on a PCA of embeddings",
}
DEFAULT_GENERATIONS = 5
DEFAULT_N_DOCS = 1_000
DEFAULT_BIGRAM_BUDGET = 10_000
#: Fewest documents a generation may have: the topic clusters need a few per cluster.
MIN_DOCS = 10


@dataclass(frozen=True)
class SimulationConfig:
    """How to simulate; every field is checked when the config is made.

    Attributes
    ----------
    generations : int, default=5
        Generations after generation 0 (>= 1).
    regimes : tuple of str or None
        Any of :data:`~mixscope.simulate.regimes.REGIMES`, in the order shown; None (the
        default) becomes replace, accumulate and fresh, plus ``mix`` when ``share`` is given.
    share : float in [0, 1] or None
        Synthetic share of the current mix: needed by (and only used by) ``mix``.
    n_docs : int or None
        Documents per generation and per training set (but ``accumulate``'s, which grows);
        None: ``min(number of real documents, 1000)``. At least :data:`MIN_DOCS`.
    generator : {"ngram", "gaussian"}, default="ngram"
        ``ngram`` generates text (:mod:`~mixscope.simulate.ngram`); ``gaussian`` generates
        embeddings (:mod:`~mixscope.simulate.gaussian`) and has no text metrics.
    fresh_fraction : float in [0, 1], default=0.2
        Real share of each ``fresh`` training set.
    rare_max : int, default=2
        A word type of generation 0 seen at most this often is in the tail.
    bigram_budget : int, default=10_000
        Bigrams distinct-2 counts at every generation (fewer: all of them).
    smoothing : float, default=0.1
        Scale of the n-gram model's Witten-Bell backoff (:func:`~mixscope.simulate.fit_ngram`).
    n_components : int or None
        PCA components of the ``gaussian`` generator; None: every direction the data spans.
    seed : int, default=0
        Non-negative; equal seeds and inputs give equal results.
    """

    generations: int = DEFAULT_GENERATIONS
    regimes: tuple[str, ...] | None = None
    share: float | None = None
    n_docs: int | None = None
    generator: str = "ngram"
    fresh_fraction: float = DEFAULT_FRESH_FRACTION
    rare_max: int = DEFAULT_RARE_MAX
    bigram_budget: int = DEFAULT_BIGRAM_BUDGET
    smoothing: float = DEFAULT_SMOOTHING
    n_components: int | None = None
    seed: int = 0

    def __post_init__(self) -> None:
        for name in ("generations", "rare_max", "bigram_budget"):
            _set(self, name, _positive_int(getattr(self, name), name))
        if self.n_docs is not None:
            n = _positive_int(self.n_docs, "n_docs")
            if n < MIN_DOCS:
                raise ValueError(f"n_docs must be at least {MIN_DOCS}, got {n}")
            _set(self, "n_docs", n)
        if self.n_components is not None:
            _set(self, "n_components", _positive_int(self.n_components, "n_components"))
        if not isinstance(self.seed, Integral) or isinstance(self.seed, bool) or self.seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {self.seed!r}")
        _set(self, "seed", int(self.seed))
        if self.generator not in GENERATORS:
            raise ValueError(f"unknown generator {self.generator!r}; available: {list(GENERATORS)}")
        _set(self, "fresh_fraction", _fraction(self.fresh_fraction, "fresh_fraction"))
        if self.share is not None:
            _set(self, "share", _fraction(self.share, "share"))
        if not _is_number(self.smoothing) or not self.smoothing >= 0:
            raise ValueError(f"smoothing must be a number >= 0, got {self.smoothing!r}")
        _set(self, "regimes", self._check_regimes())

    def _check_regimes(self) -> tuple[str, ...]:
        if self.regimes is None:
            return DEFAULT_REGIMES + (("mix",) if self.share is not None else ())
        if isinstance(self.regimes, str) or not isinstance(self.regimes, Sequence):
            raise ValueError(f"regimes must be a sequence of names, got {self.regimes!r}")
        chosen = tuple(dict.fromkeys(self.regimes))
        unknown = [r for r in chosen if r not in REGIMES]
        if not chosen or unknown:
            raise ValueError(
                f"regimes must be one or more of {list(REGIMES)}, got {list(self.regimes)!r}"
            )
        if "mix" in chosen and self.share is None:
            raise ValueError("the mix regime needs the synthetic share of the current mix (share)")
        return chosen

    def docs_for(self, n_real: int) -> int:
        """Documents per generation for a real corpus of ``n_real`` documents.

        Raises ValueError when ``n_docs`` asks for more than there are, or the corpus has fewer
        than :data:`MIN_DOCS`.

        Examples
        --------
        >>> SimulationConfig().docs_for(3_600), SimulationConfig(n_docs=50).docs_for(80)
        (1000, 50)
        """
        if n_real < MIN_DOCS:
            raise ValueError(f"the real corpus needs at least {MIN_DOCS} documents, got {n_real}")
        if self.n_docs is None:
            return min(n_real, DEFAULT_N_DOCS)
        if self.n_docs > n_real:
            raise ValueError(
                f"n_docs must be at most the {n_real} real documents, got {self.n_docs}"
            )
        return self.n_docs

    @property
    def chosen(self) -> tuple[str, ...]:
        """The regimes, resolved (never None after checking)."""
        return self.regimes or DEFAULT_REGIMES

    @property
    def labels(self) -> dict[str, str]:
        """Regime name -> label in words, e.g. ``"current mix (share 0.25)"``."""
        return {
            r: regime_label(r, share=self.share, fresh_fraction=self.fresh_fraction)
            for r in self.chosen
        }

    def as_dict(self) -> dict[str, Any]:
        """The fields as plain JSON-serialisable values."""
        out = asdict(self)
        out["regimes"] = list(self.chosen)
        return out


def _set(config: SimulationConfig, name: str, value: object) -> None:
    object.__setattr__(config, name, value)


def _is_number(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool) and math.isfinite(value)


def _positive_int(value: object, name: str) -> int:
    if not isinstance(value, Integral) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _fraction(value: object, name: str) -> float:
    if not _is_number(value) or not 0 <= value <= 1:  # type: ignore[operator]
        raise ValueError(f"{name} must be a number in [0, 1], got {value!r}")
    return float(value)  # type: ignore[arg-type]
