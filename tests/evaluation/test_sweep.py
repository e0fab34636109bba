"""A sweep is the evaluation table at every share of a grid, on one index, same mix otherwise."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mixscope.corpus import Corpus
from mixscope.evaluation import (
    DEFAULT_SHARES,
    SWEEP_COLUMNS,
    IndexSettings,
    MixIndex,
    build_index,
    evaluate,
    sweep,
)
from mixscope.evaluation.memo import Memo
from mixscope.mixing import MixConfig, mix

NAMES = ["vendi", "exact_duplicate_rate", "coverage", "group_representation_ratio_min"]


def _corpus(name: str, role: str, n: int, *, repeat: bool = False) -> Corpus:
    texts = [f"{name} says {'the same thing' if repeat else f'thing {i}'} about her day" for i in
             range(n)]  # fmt: skip
    frame = pd.DataFrame({"source_row": np.arange(n), "text": texts})
    return Corpus(name, role, frame, "text")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def pool() -> tuple[list[Corpus], MixIndex]:
    rng = np.random.default_rng(3)
    corpora = [_corpus("real", "real", 300), _corpus("syn", "synthetic", 120, repeat=True)]
    vectors = {"real": rng.normal(size=(300, 8)), "syn": rng.normal(size=(120, 8)) + 0.5}
    return corpora, build_index(corpora, vectors, model_id="blobs",
                                settings=IndexSettings(n_clusters=3))  # fmt: skip


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


# --- guardrails and the recommendation -------------------------------------------------------


def test_the_recommendation_is_the_largest_share_whose_pessimistic_end_holds(pool: tuple) -> None:
    from mixscope.evaluation import default_guardrails, guardrail_table, recommend

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
    from mixscope.evaluation import REGISTRY, default_guardrails, recommend

    corpora, index = pool
    result = sweep(corpora, index, MixConfig(size=200), shares=[0.0, 0.3], n_boot=50)
    rails = default_guardrails(["exact_duplicate_rate", "vendi"])
    chosen = recommend(result, rails)
    assert chosen.share is None and chosen.binding == "exact_duplicate_rate"
    assert chosen.reason.startswith("at share 0.3, Exact duplicates is past its bound")
    assert REGISTRY["exact_duplicate_rate"].why in chosen.reason


def test_share_independent_checks_are_not_guardrails() -> None:
    from mixscope.evaluation import DEFAULT_GUARDRAILS, REGISTRY, default_guardrails

    assert all(REGISTRY[n].compares == "mix" for n in DEFAULT_GUARDRAILS)
    with pytest.raises(ValueError, match="coverage judges a source, not a share"):
        default_guardrails(["coverage"])
