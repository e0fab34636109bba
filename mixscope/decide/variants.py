"""Variants of a mix that differ only in which synthetic sources they draw from.

Attribution, the weight search and the per-source verdicts all ask the same question of a mix:
what if its synthetic part came from other sources, in other proportions? A variant keeps the
share, size, mode, strategy and seed and changes only the weights (one per synthetic corpus, in
order); leaving out every source is the real-only mix at the same size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from mixscope.corpus import Corpus
from mixscope.mixing import MixConfig

__all__ = ["alone", "current_weights", "normalised", "synthetic_names", "without"]


def synthetic_names(corpora: Sequence[Corpus]) -> list[str]:
    """Names of the synthetic corpora, in the order weights follow."""
    return [c.name for c in corpora if c.role == "synthetic"]


def current_weights(corpora: Sequence[Corpus], config: MixConfig) -> tuple[float, ...]:
    """``config``'s weights, or equal weights when it has none."""
    n = len(synthetic_names(corpora))
    return config.weights if config.weights is not None else (1.0,) * n


def normalised(weights: Sequence[float]) -> tuple[float, ...]:
    """Weights summing to 1, rounded to 1e-9 so equal proportions compare equal.

    Examples
    --------
    >>> normalised((2, 2, 0))
    (0.5, 0.5, 0.0)
    """
    total = sum(weights)
    return tuple(round(w / total, 9) for w in weights)


def without(corpora: Sequence[Corpus], config: MixConfig, source: str) -> MixConfig:
    """``config`` with ``source``'s weight set to 0 (the real-only mix at the same size when no
    other source keeps a weight)."""
    names = synthetic_names(corpora)
    weights = [0.0 if name == source else w for name, w in
               zip(names, current_weights(corpora, config), strict=True)]  # fmt: skip
    if sum(weights) == 0:
        return replace(config, synthetic_share=0.0, weights=None)
    return replace(config, weights=tuple(weights))


def alone(corpora: Sequence[Corpus], config: MixConfig, source: str) -> MixConfig:
    """``config`` drawing its synthetic part from ``source`` only."""
    names = synthetic_names(corpora)
    if source not in names:
        raise ValueError(f"{source!r} is not a synthetic corpus; synthetic: {names}")
    return replace(config, weights=tuple(float(name == source) for name in names))
