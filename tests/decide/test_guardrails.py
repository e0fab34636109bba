"""Guardrails judge the pessimistic end of each interval; the recommendation walks up the grid."""

from __future__ import annotations

import pandas as pd
import pytest

from mixscope.decide import (
    DEFAULT_GUARDRAILS,
    SWEEP_COLUMNS,
    Sweep,
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


def _sweep_of(points: dict[float, tuple[float, float, float]], metric: str) -> Sweep:
    """A sweep of one metric with hand-set (value, ci_low, ci_high) per share."""
    rows = [{"share": s, "metric": metric, "group": "bias", "value": v, "ci_low": lo,
             "ci_high": hi, "noise_floor": float("nan"), "status": "pass", "settings": "{}"}
            for s, (v, lo, hi) in points.items()]  # fmt: skip
    return Sweep(table=pd.DataFrame(rows, columns=list(SWEEP_COLUMNS)), skipped={},
                 config=MixConfig(size=100))  # fmt: skip


def test_a_guardrail_real_text_cannot_meet_with_confidence_is_judged_on_its_optimistic_end() -> (
    None
):
    rails = default_guardrails(["group_representation_ratio_min"])  # keep above 0.8
    # real text alone: point 0.95, but the interval (0.6, 1.3) crosses 0.8 at this size
    points = {0.0: (0.95, 0.6, 1.3), 0.2: (0.9, 0.55, 1.2), 0.4: (0.7, 0.5, 0.85),
              0.6: (0.5, 0.3, 0.75), 0.8: (0.9, 0.7, 1.1)}  # fmt: skip
    chosen = recommend(_sweep_of(points, "group_representation_ratio_min"), rails)
    # 0.6 is the first share whose whole interval is below 0.8; 0.8 passing again is not taken
    assert chosen.share == 0.4 and chosen.lenient == ("group_representation_ratio_min",)
    assert chosen.margin == pytest.approx(0.85 - 0.8) and chosen.unjudged == ()
    assert "Judged on the optimistic end of its interval: Least represented group" in chosen.reason
    table = guardrail_table(_sweep_of(points, "group_representation_ratio_min"), rails,
                            lenient={"group_representation_ratio_min"})  # fmt: skip
    assert set(table["judged_on"]) == {"optimistic"}
    assert table["holds"].tolist() == [True, True, True, False, True]


def test_a_guardrail_real_text_clearly_fails_is_left_out_and_said() -> None:
    rails = default_guardrails(["exact_duplicate_rate", "group_representation_ratio_min"])
    duplicates = _sweep_of({0.0: (0.05, 0.04, 0.06), 0.5: (0.06, 0.05, 0.07)},
                           "exact_duplicate_rate")  # fmt: skip
    chosen = recommend(duplicates, rails)
    assert chosen.share is None and chosen.unjudged == ("exact_duplicate_rate",)
    assert chosen.reason.startswith("no guardrail can be judged. Not judged: Exact duplicates")
    assert "real text alone is past the bound" in chosen.reason
