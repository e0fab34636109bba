"""The metric table over a grid of synthetic shares: how a mix's health moves with the share.

Every point is :func:`~mixscope.evaluation.evaluate` of the mix drawn at that share with the
same size, mode, weights, strategy and seed, on one index: no point re-embeds or re-indexes, and
the engine's memo keeps what points share (noise floors, real reference values).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from mixscope.corpus import Corpus
from mixscope.evaluation.evaluate import TABLE_COLUMNS, evaluate
from mixscope.evaluation.index import MixIndex
from mixscope.mixing import MixConfig, mix

__all__ = ["DEFAULT_SHARES", "SWEEP_COLUMNS", "Sweep", "sweep"]

#: 0, 0.1, ..., 1.
DEFAULT_SHARES: tuple[float, ...] = tuple(round(0.1 * k, 1) for k in range(11))
SWEEP_COLUMNS = ("share", *TABLE_COLUMNS)


@dataclass(frozen=True, eq=False)
class Sweep:
    """Result of :func:`sweep`.

    Attributes
    ----------
    table : DataFrame
        One row per share and metric: columns :data:`SWEEP_COLUMNS` (the evaluation table's
        columns after ``share``), shares in grid order, metrics in registry order.
    skipped : dict share -> str
        Shares of the grid the corpora cannot supply at this size and these weights, with the
        reason (the message of :func:`mixscope.mixing.plan_counts`).
    config : MixConfig
        The mix every point shares, as given (its ``synthetic_share`` is not used).
    """

    table: pd.DataFrame
    skipped: dict[float, str]
    config: MixConfig

    @property
    def shares(self) -> list[float]:
        """The shares evaluated, in grid order."""
        return list(dict.fromkeys(self.table["share"].tolist()))


def sweep(
    corpora: Sequence[Corpus],
    index: MixIndex,
    config: MixConfig,
    *,
    shares: Sequence[float] = DEFAULT_SHARES,
    progress: Callable[[int, int], None] | None = None,
    **options: Any,
) -> Sweep:
    """Evaluate the mix of ``config`` at every share of ``shares``.

    Parameters
    ----------
    corpora : sequence of Corpus
        As for :func:`mixscope.mixing.mix` (the real corpus first), all indexed in ``index``.
    index : MixIndex
    config : MixConfig
        Size, mode, weights, strategy and seed of every point; its share is replaced.
    shares : sequence of float, default=0, 0.1, ..., 1
        Each in [0, 1]; evaluated in the order given, duplicates once.
    progress : callable (done, total), optional
        Called after each share.
    **options
        Passed to :func:`~mixscope.evaluation.evaluate` (``sample_size``, ``n_boot``,
        ``thresholds``, ``metrics``, ...): equal options give every point the same metrics.

    Returns
    -------
    Sweep

    Raises
    ------
    ValueError
        A share outside [0, 1], or no share of the grid the corpora can supply.
    """
    grid = list(dict.fromkeys(float(s) for s in shares))
    bad = [s for s in grid if not (np.isfinite(s) and 0.0 <= s <= 1.0)]
    if not grid or bad:
        raise ValueError(f"shares must be numbers in [0, 1], at least one; got {list(shares)!r}")
    frames, skipped = [], {}
    for done, share in enumerate(grid, start=1):
        try:
            point = replace(config, synthetic_share=share)
            picked = mix(corpora, point)
        except ValueError as err:  # this share cannot be drawn: said, not fatal
            skipped[share] = str(err)
        else:
            table = evaluate(picked, index, **options).table
            frames.append(table.assign(share=share)[list(SWEEP_COLUMNS)])
        if progress is not None:
            progress(done, len(grid))
    if not frames:
        reasons = "; ".join(f"{s:g}: {why}" for s, why in skipped.items())
        raise ValueError(f"no share of the grid can be drawn: {reasons}")
    table = pd.concat(frames, ignore_index=True)
    return Sweep(table=table, skipped=skipped, config=config)
