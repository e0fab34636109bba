"""MixConfig: how to mix (share, size, weights, mode, sampling strategy, seed), checked once."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Literal

from mixscope.mixing.sampling import SAMPLERS, parse_strategy

__all__ = ["MODES", "MixConfig", "Mode"]

Mode = Literal["replace", "accumulate"]
MODES: tuple[Mode, ...] = ("replace", "accumulate")


@dataclass(frozen=True)
class MixConfig:
    """How to mix: share, size, weights, mode, sampling strategy and seed.

    Attributes
    ----------
    synthetic_share : float in [0, 1]
        Fraction of the mix that is synthetic.
    size : int or None
        ``replace`` mode: total number of documents (required, >= 1); the synthetic share
        replaces real documents. ``accumulate`` mode: must be None, because every real
        document is kept and the size follows from the share.
    weights : tuple of float or None
        One non-negative weight per synthetic corpus, in the order given to :func:`mix`;
        None weighs them equally. Split by largest remainder, so counts sum exactly.
    mode : {"replace", "accumulate"}
        ``replace``: n_syn = round(share * size), n_real = size - n_syn. ``accumulate``:
        n_real = all real documents, n_syn = round(share / (1 - share) * n_real), so share 1 is
        impossible. Rounding is half up.
    strategy : str
        A key of :data:`mixscope.sampling.SAMPLERS`, optionally ``name:option``
        (``"uniform"``, ``"stratified:topic"``).
    seed : int
        Non-negative; each source draws from its own generator seeded by (seed, source name).
    """

    synthetic_share: float = 0.0
    size: int | None = None
    weights: tuple[float, ...] | None = None
    mode: Mode = "replace"
    strategy: str = "uniform"
    seed: int = 0

    def __post_init__(self) -> None:
        share = self.synthetic_share
        if isinstance(share, bool) or not isinstance(share, Real) or not 0 <= share <= 1:
            raise ValueError(f"synthetic share must be a number in [0, 1], got {share!r}")
        object.__setattr__(self, "synthetic_share", float(share))
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {self.mode!r}")
        self._check_size()
        if self.weights is not None:
            object.__setattr__(self, "weights", _check_weights(self.weights))
        name, _ = parse_strategy(self.strategy)
        if name not in SAMPLERS:
            raise ValueError(f"unknown strategy {name!r}; available: {sorted(SAMPLERS)}")
        if not _is_int(self.seed) or self.seed < 0:
            raise ValueError(f"seed must be a non-negative integer, got {self.seed!r}")
        object.__setattr__(self, "seed", int(self.seed))

    def _check_size(self) -> None:
        if self.mode == "accumulate":
            if self.size is not None:
                raise ValueError(
                    "accumulate mode keeps every real document, so the size follows from the "
                    f"share; expected size=None, got {self.size!r}"
                )
            if self.synthetic_share >= 1:
                raise ValueError(
                    "accumulate mode cannot reach synthetic share 1.0 (it keeps every real "
                    "document); use a share below 1 or replace mode"
                )
        else:
            size = self.size if _is_int(self.size) else None
            if size is None or size < 1:
                raise ValueError(f"replace mode needs size >= 1 (an integer), got {self.size!r}")
            object.__setattr__(self, "size", int(size))


def _is_int(value: object) -> bool:
    return isinstance(value, Integral) and not isinstance(value, bool)


def _check_weights(weights: Sequence[float]) -> tuple[float, ...]:
    bad = [w for w in weights if isinstance(w, bool) or not isinstance(w, Real)]
    values = tuple(float(w) for w in weights) if not bad else ()
    if bad or any(not math.isfinite(w) or w < 0 for w in values) or not math.fsum(values) > 0:
        raise ValueError(
            f"weights must be finite non-negative numbers with a positive sum, got {weights!r}"
        )
    return values
