"""Guardrails judge the pessimistic end of each interval; the recommendation walks up the grid."""

from __future__ import annotations

import pytest

from mixscope.decide import (
    DEFAULT_GUARDRAILS,
    default_guardrails,
    guardrail_table,
    recommend,
    sweep,
)
from mixscope.evaluation import REGISTRY
from mixscope.mixing import MixConfig


def test_the_recommendation_is_the_largest_share_whose_pessimistic_end_holds(pool: tuple) -> None:

    corpora, index = pool
    grid = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
    result = sweep(corpora, index, MixConfig(size=200, seed=4), shares=grid, n_boot=50)
    rails = default_guardrails(["exact_duplicate_rate"], bounds={"exact_duplicate_rate": 0.2})
    table = guardrail_table(result, rails)
    # the synthetic source repeats one text: its duplicates in the mix grow with the share, and
    # the pessimistic end is the upper end of the interval (a rate must stay below)
    rows = table.set_index("share")
    assert (rows["pessimistic"] >= rows["judged"]).all()
    holding = [s for s in grid if rows.loc[s, "pessimistic"] <= 0.2]
    expected = max(s for s in grid if all(t in holding for t in grid if t <= s))
    chosen = recommend(result, rails)
    assert chosen.share == expected and 0.0 < expected < 0.5
    assert chosen.binding == "exact_duplicate_rate"
    assert chosen.margin == pytest.approx(0.2 - rows.loc[expected, "pessimistic"])
    assert f"share {grid[grid.index(expected) + 1]:g} fails Exact duplicates" in chosen.reason


def test_nothing_above_zero_passes_says_which_guardrail_fails_first_and_why(pool: tuple) -> None:

    corpora, index = pool
    result = sweep(corpora, index, MixConfig(size=200), shares=[0.0, 0.3], n_boot=50)
    rails = default_guardrails(["exact_duplicate_rate", "vendi"])
    chosen = recommend(result, rails)
    assert chosen.share is None and chosen.binding == "exact_duplicate_rate"
    assert chosen.reason.startswith("at share 0.3, Exact duplicates is past its bound")
    assert REGISTRY["exact_duplicate_rate"].why in chosen.reason


def test_share_independent_checks_are_not_guardrails() -> None:

    assert all(REGISTRY[n].compares == "mix" for n in DEFAULT_GUARDRAILS)
    with pytest.raises(ValueError, match="coverage judges a source, not a share"):
        default_guardrails(["coverage"])
