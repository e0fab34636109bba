"""Recommended weights for several synthetic sources, and which source costs the most.

The search is small and says what it tried: the current weights, each source alone, each
source left out, and (for up to :data:`GRID_SOURCES` sources) every weight vector on a grid of
step ``step`` over the simplex. Each candidate gets its own sweep over the shares (guardrail
metrics only) and its recommended share; the best candidate allows the largest share, ties
going to the weights closest to the current ones. A source's cost is how much larger a share
the guardrails allow when it is left out.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from mixscope.corpus import Corpus
from mixscope.decide.guardrails import Guardrail, Recommendation, recommend
from mixscope.decide.sweep import DEFAULT_SHARES, sweep
from mixscope.decide.variants import current_weights, normalised, synthetic_names
from mixscope.evaluation.index import MixIndex
from mixscope.mixing import MixConfig

__all__ = ["GRID_SOURCES", "WeightChoice", "recommend_weights"]

#: Up to this many sources, the search also walks a grid over the simplex.
GRID_SOURCES = 3


@dataclass(frozen=True, eq=False)
class WeightChoice:
    """Result of :func:`recommend_weights`.

    Attributes
    ----------
    weights : tuple of float
        The recommended weights (summing to 1), one per synthetic corpus in order.
    recommendation : Recommendation
        The share those weights allow, with its binding guardrail and margin.
    candidates : DataFrame
        Every candidate tried: columns weights (tuple), label, share (NaN when none passes),
        binding, margin, reason; best first.
    costs : DataFrame
        Per source: share_with (current weights), share_without (that source left out) and
        cost = share_without - share_with, costliest first. A candidate no share above 0
        passes counts as share 0 here (the real-only mix is always allowed); with one source
        there is nothing to leave out (NaN).
    """

    weights: tuple[float, ...]
    recommendation: Recommendation
    candidates: pd.DataFrame
    costs: pd.DataFrame

    @property
    def costliest(self) -> str | None:
        """The source whose removal allows the largest gain in share, if any gain."""
        gains = self.costs.dropna(subset=["cost"])
        gains = gains[gains["cost"] > 0]
        return None if gains.empty else str(gains.iloc[0]["source"])


def recommend_weights(
    corpora: Sequence[Corpus],
    index: MixIndex,
    config: MixConfig,
    guardrails: Sequence[Guardrail],
    *,
    shares: Sequence[float] = DEFAULT_SHARES,
    step: float = 0.25,
    progress: Callable[[int, int], None] | None = None,
    **options: Any,
) -> WeightChoice:
    """Search the weights of the synthetic sources for the largest share the guardrails allow.

    Parameters
    ----------
    corpora, index, config
        As for :func:`~mixscope.decide.sweep` (``config``'s share is not used).
    guardrails : sequence of Guardrail
    shares : sequence of float, default=0, 0.1, ..., 1
    step : float, default=0.25
        Grid step over the simplex (1 / step must be a whole number).
    progress : callable (done, total), optional
        Called after each candidate's sweep.
    **options
        Passed to :func:`~mixscope.evaluation.evaluate`; ``metrics`` defaults to the guardrails'.

    Returns
    -------
    WeightChoice
    """
    names = synthetic_names(corpora)
    if not names:
        raise ValueError("recommending weights needs at least one synthetic corpus")
    if not 0 < step <= 1 or abs(round(1 / step) - 1 / step) > 1e-9:
        raise ValueError(f"step must be 1/k for a whole k >= 1, got {step!r}")
    options.setdefault("metrics", [rail.metric for rail in guardrails])
    candidates = _candidates(names, current_weights(corpora, config), step)
    rows = []
    for done, (label, weights) in enumerate(candidates.items(), start=1):
        rows.append(_try(corpora, index, replace(config, weights=weights), label, weights,
                         guardrails, shares, options))  # fmt: skip
        if progress is not None:
            progress(done, len(candidates))
    table = pd.DataFrame(rows)
    now = normalised(current_weights(corpora, config))
    table["distance"] = [sum(abs(a - b) for a, b in zip(w, now, strict=True))
                         for w in table["weights"]]  # fmt: skip
    table = table.sort_values(["share", "distance"], ascending=[False, True],
                              na_position="last", kind="stable")  # fmt: skip
    best = table.iloc[0]
    costs = _costs(names, current_weights(corpora, config), table)
    chosen = Recommendation(
        None if pd.isna(best["share"]) else float(best["share"]), best["binding"],
        None if pd.isna(best["margin"]) else float(best["margin"]), str(best["reason"]),
    )  # fmt: skip
    return WeightChoice(
        tuple(best["weights"]), chosen, table.drop(columns="distance").reset_index(drop=True),
        costs,
    )  # fmt: skip


def _candidates(
    names: list[str], current: tuple[float, ...], step: float
) -> dict[str, tuple[float, ...]]:
    """Labelled weight vectors, normalised and deduplicated (first label wins)."""
    found: dict[tuple[float, ...], str] = {normalised(current): "current"}
    n = len(names)
    for i, name in enumerate(names):
        found.setdefault(normalised([float(j == i) for j in range(n)]), f"{name} alone")
    if n > 1:
        for i, name in enumerate(names):
            rest = [0.0 if j == i else w for j, w in enumerate(current)]
            if sum(rest) > 0:
                found.setdefault(normalised(rest), f"without {name}")
    if 1 < n <= GRID_SOURCES:
        k = round(1 / step)
        for parts in itertools.product(range(k + 1), repeat=n):
            if sum(parts) == k:
                found.setdefault(normalised(parts), "grid")
    return {f"{label}: " + ", ".join(f"{w:g}" for w in weights): weights
            for weights, label in found.items()}  # fmt: skip


def _try(
    corpora: Sequence[Corpus], index: MixIndex, config: MixConfig, label: str,
    weights: tuple[float, ...], guardrails: Sequence[Guardrail], shares: Sequence[float],
    options: dict[str, Any],
) -> dict[str, Any]:  # fmt: skip
    try:
        chosen = recommend(sweep(corpora, index, config, shares=shares, **options), guardrails)
    except ValueError as err:  # no share of the grid can be drawn with these weights
        chosen = Recommendation(None, None, None, str(err))
    return {
        "label": label, "weights": weights,
        "share": float("nan") if chosen.share is None else chosen.share,
        "binding": chosen.binding,
        "margin": float("nan") if chosen.margin is None else chosen.margin,
        "reason": chosen.reason,
    }  # fmt: skip


def _costs(names: list[str], current: tuple[float, ...], table: pd.DataFrame) -> pd.DataFrame:
    by_weights = dict(zip(table["weights"], table["share"].fillna(0.0), strict=True))
    share_with = by_weights[normalised(current)]
    rows = []
    for i, name in enumerate(names):
        rest = [0.0 if j == i else w for j, w in enumerate(current)]
        share_without = by_weights.get(normalised(rest), float("nan")) if sum(rest) else math.nan
        rows.append({"source": name, "share_with": share_with, "share_without": share_without,
                     "cost": share_without - share_with})  # fmt: skip
    return (pd.DataFrame(rows).sort_values("cost", ascending=False, na_position="last")
            .reset_index(drop=True))  # fmt: skip
