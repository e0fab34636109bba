"""A sweep is the evaluation table at every share of a grid, on one index, same mix otherwise."""

from __future__ import annotations

import pandas as pd
import pytest

from mixscope.decide import DEFAULT_SHARES, SWEEP_COLUMNS, sweep
from mixscope.evaluation import evaluate
from mixscope.evaluation.memo import Memo
from mixscope.mixing import MixConfig, mix

NAMES = ["vendi", "exact_duplicate_rate", "coverage", "group_representation_ratio_min"]


def test_each_point_is_the_evaluation_of_the_mix_at_that_share(pool: tuple) -> None:
    corpora, index = pool
    config = MixConfig(size=200, seed=4)
    calls: list[tuple[int, int]] = []
    result = sweep(corpora, index, config, shares=[0.0, 0.25, 0.5], metrics=NAMES, n_boot=20,
                   memo=Memo(), progress=lambda *a: calls.append(a))  # fmt: skip
    assert list(result.table.columns) == list(SWEEP_COLUMNS)
    assert result.shares == [0.0, 0.25, 0.5] and result.skipped == {}
    assert calls == [(1, 3), (2, 3), (3, 3)]
    for share in result.shares:
        picked = mix(corpora, MixConfig(size=200, seed=4, synthetic_share=share))
        alone = evaluate(picked, index, metrics=NAMES, n_boot=20, memo=Memo()).table
        point = result.table[result.table["share"] == share].drop(columns="share")
        pd.testing.assert_frame_equal(point.reset_index(drop=True), alone)
    # the synthetic source repeats itself: exact duplicates grow with the share
    rates = result.table[result.table["metric"] == "exact_duplicate_rate"]["value"].tolist()
    assert rates[0] == 0.0 < rates[1] < rates[2]


def test_shares_the_corpora_cannot_supply_are_skipped_with_the_reason(pool: tuple) -> None:
    corpora, index = pool
    # 120 synthetic documents: at size 200 a share of 0.75 needs 150
    result = sweep(corpora, index, MixConfig(size=200), shares=[0.5, 0.75, 0.5], metrics=NAMES,
                   n_boot=0)  # fmt: skip
    assert result.shares == [0.5]
    assert set(result.skipped) == {0.75} and "has 120 documents" in result.skipped[0.75]
    # accumulate cannot reach 1: skipped too, never a crash
    accumulate = sweep(corpora, index, MixConfig(mode="accumulate", size=None),
                       shares=[0.2, 1.0], metrics=NAMES, n_boot=0)  # fmt: skip
    assert accumulate.shares == [0.2] and 1.0 in accumulate.skipped


def test_bad_grids_are_refused(pool: tuple) -> None:
    corpora, index = pool
    assert DEFAULT_SHARES == (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
    for shares in ([], [1.5], [float("nan")]):
        with pytest.raises(ValueError, match=r"shares must be numbers in \[0, 1\]"):
            sweep(corpora, index, MixConfig(size=200), shares=shares, metrics=NAMES)
    with pytest.raises(ValueError, match="no share of the grid can be drawn"):
        sweep(corpora, index, MixConfig(size=200), shares=[0.9, 1.0], metrics=NAMES)
