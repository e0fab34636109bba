"""Per-source attribution: how each metric of a mix moves when one synthetic source is left
out, and when it alone supplies the synthetic part, so a lead sees which source causes a
problem. Every variant is evaluated at the same share, size, mode, strategy and seed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from mixscope.corpus import Corpus
from mixscope.decide.variants import alone, synthetic_names, without
from mixscope.evaluation.evaluate import TABLE_COLUMNS, evaluate
from mixscope.evaluation.index import MixIndex
from mixscope.evaluation.registry import REGISTRY
from mixscope.mixing import MixConfig, mix

__all__ = ["ATTRIBUTION_COLUMNS", "Attribution", "attribute"]

ATTRIBUTION_COLUMNS = ("variant", "kind", "source", *TABLE_COLUMNS, "delta", "better")


@dataclass(frozen=True, eq=False)
class Attribution:
    """Result of :func:`attribute`.

    Attributes
    ----------
    table : DataFrame
        Columns :data:`ATTRIBUTION_COLUMNS`: one row per variant and metric. ``kind`` is "all"
        (the mix as configured), "without" or "alone"; ``source`` the synthetic corpus left
        out or kept (empty for "all"); ``delta`` the value minus the whole mix's value, and
        ``better`` that change signed so that positive moves toward the metric's goal.
    skipped : dict variant -> str
        Variants the corpora cannot supply at this size (the mixing error).
    """

    table: pd.DataFrame
    skipped: dict[str, str]

    def costliest(self) -> pd.DataFrame:
        """Per metric, the source whose removal helps it most: columns metric, source,
        better (> 0 only; metrics no removal helps are absent), sorted by metric order."""
        out = self.table[(self.table["kind"] == "without") & (self.table["better"] > 0)]
        if out.empty:
            return pd.DataFrame(columns=["metric", "source", "better"])
        best = out.loc[out.groupby("metric", sort=False)["better"].idxmax()]
        return best[["metric", "source", "better"]].reset_index(drop=True)


def attribute(
    corpora: Sequence[Corpus], index: MixIndex, config: MixConfig, **options: Any
) -> Attribution:
    """Evaluate the mix of ``config``, then each synthetic source left out and kept alone.

    Parameters
    ----------
    corpora : sequence of Corpus
        As for :func:`mixscope.mixing.mix`, all indexed in ``index``.
    index : MixIndex
    config : MixConfig
    **options
        Passed to :func:`~mixscope.evaluation.evaluate` (``metrics``, ``n_boot``, ...).

    Returns
    -------
    Attribution

    Raises
    ------
    ValueError
        No synthetic corpus, or the mix of ``config`` itself cannot be drawn.
    """
    names = synthetic_names(corpora)
    if not names:
        raise ValueError("attribution needs at least one synthetic corpus")
    whole = evaluate(mix(corpora, config), index, **options).table
    frames = [whole.assign(variant="all", kind="all", source="")]
    skipped: dict[str, str] = {}
    variants = [(f"without {n}", "without", n, without(corpora, config, n)) for n in names]
    if len(names) > 1:  # with one source, "alone" is the mix itself
        variants += [(f"alone {n}", "alone", n, alone(corpora, config, n)) for n in names]
    for variant, kind, source, changed in variants:
        try:
            picked = mix(corpora, changed)
        except ValueError as err:
            skipped[variant] = str(err)
            continue
        table = evaluate(picked, index, **options).table
        frames.append(table.assign(variant=variant, kind=kind, source=source))
    table = pd.concat(frames, ignore_index=True)
    base = whole.set_index("metric")["value"]
    table["delta"] = table["value"] - table["metric"].map(base)
    sign = table["metric"].map(lambda m: -1.0 if REGISTRY[m].goal == "lower" else 1.0)
    table["better"] = table["delta"] * sign
    target = table["metric"].map(lambda m: REGISTRY[m].goal == "target")
    if target.any():  # closer to the target is better
        goal = table.loc[target, "metric"].map(lambda m: REGISTRY[m].target)
        now = table.loc[target, "metric"].map(base)
        table.loc[target, "better"] = (now - goal).abs() - (table.loc[target, "value"] - goal).abs()
    return Attribution(table=table[list(ATTRIBUTION_COLUMNS)], skipped=skipped)
