"""Attribution, weights and source verdicts name the source that causes the problem."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from mixscope.decide import default_guardrails, recommend, sweep
from mixscope.decide.attribution import ATTRIBUTION_COLUMNS, attribute
from mixscope.decide.sources import SOURCE_COLUMNS, source_metrics, source_verdicts
from mixscope.decide.variants import alone, normalised, without
from mixscope.decide.weights import recommend_weights
from mixscope.evaluation import evaluate
from mixscope.evaluation.memo import Memo
from mixscope.mixing import MixConfig, mix

METRICS = ["vendi", "exact_duplicate_rate", "cluster_coverage"]


def test_variants_change_only_the_weights(two_sources: tuple) -> None:
    corpora, _ = two_sources
    config = MixConfig(synthetic_share=0.4, size=300, seed=2, weights=(3.0, 1.0))
    assert without(corpora, config, "echo") == MixConfig(synthetic_share=0.4, size=300, seed=2,
                                                         weights=(3.0, 0.0))  # fmt: skip
    assert alone(corpora, config, "echo").weights == (0.0, 1.0)
    one = [corpora[0], corpora[1]]  # leaving out the only source is the real-only mix
    assert without(one, config.__class__(synthetic_share=0.4, size=300), "twin") == MixConfig(
        synthetic_share=0.0, size=300
    )
    with pytest.raises(ValueError, match="'real' is not a synthetic corpus"):
        alone(corpora, config, "real")
    assert normalised((1, 3)) == (0.25, 0.75)


def test_attribution_shows_which_source_brings_the_duplicates(two_sources: tuple) -> None:
    corpora, index = two_sources
    config = MixConfig(synthetic_share=0.4, size=300, seed=2)
    result = attribute(corpora, index, config, metrics=METRICS, n_boot=0, memo=Memo())
    table = result.table
    assert list(table.columns) == list(ATTRIBUTION_COLUMNS) and result.skipped == {}
    assert list(dict.fromkeys(table["variant"])) == ["all", "without twin", "without echo",
                                                     "alone twin", "alone echo"]  # fmt: skip
    # each variant is exactly the evaluation of its own mix
    picked = mix(corpora, without(corpora, config, "echo"))
    expected = evaluate(picked, index, metrics=METRICS, n_boot=0, memo=Memo()).table
    got = table[table["variant"] == "without echo"][list(expected.columns)]
    pd.testing.assert_frame_equal(got.reset_index(drop=True), expected)
    rates = table[table["metric"] == "exact_duplicate_rate"].set_index("variant")
    assert rates.loc["without echo", "value"] == 0.0 < rates.loc["all", "value"]
    assert rates.loc["without echo", "better"] == rates.loc["all", "value"] > 0
    assert rates.loc["alone echo", "better"] < 0
    costliest = result.costliest().set_index("metric")
    assert costliest.loc["exact_duplicate_rate", "source"] == "echo"
    assert costliest.loc["vendi", "source"] == "echo"  # 120 copies of one text: few distinct


def test_a_variant_the_corpora_cannot_supply_is_skipped_with_the_reason(
    two_sources: tuple,
) -> None:
    corpora, index = two_sources
    # 500 synthetic documents: 250 from each source fit, 500 from one alone do not
    config = MixConfig(synthetic_share=1.0, size=500, seed=2)
    result = attribute(corpora, index, config, metrics=METRICS, n_boot=0)
    assert set(result.skipped) == {"without twin", "without echo", "alone twin", "alone echo"}
    assert "has 400 documents" in result.skipped["alone echo"]


def test_the_weight_search_drops_the_costly_source(two_sources: tuple) -> None:
    corpora, index = two_sources
    rails = default_guardrails(["exact_duplicate_rate", "vendi"])
    grid = [0.0, 0.2, 0.4, 0.6]
    calls: list[tuple[int, int]] = []
    choice = recommend_weights(corpora, index, MixConfig(size=300, seed=2), rails, shares=grid,
                               step=0.5, n_boot=50,
                               progress=lambda *a: calls.append(a))  # fmt: skip
    labels = choice.candidates["label"].tolist()
    # current = equal = grid (0.5, 0.5); each alone = each left out; nothing tried twice
    assert sorted(labels) == sorted(["current: 0.5, 0.5", "twin alone: 1, 0", "echo alone: 0, 1"])
    assert calls[-1] == (3, 3)
    assert choice.weights == (1.0, 0.0) and choice.recommendation.share == 0.6
    # each candidate's share is recommend() on its own sweep
    current = recommend(sweep(corpora, index, MixConfig(size=300, seed=2), shares=grid,
                              metrics=[r.metric for r in rails], n_boot=50), rails)  # fmt: skip
    costs = choice.costs.set_index("source")
    assert costs.loc["echo", "share_with"] == (current.share or 0.0)
    assert costs.loc["echo", "cost"] == 0.6 - (current.share or 0.0) > 0
    assert choice.costliest == "echo"


def test_one_source_has_nothing_to_leave_out(two_sources: tuple) -> None:
    corpora, index = two_sources
    rails = default_guardrails(["exact_duplicate_rate"])
    choice = recommend_weights(corpora[:2], index, MixConfig(size=300), rails, shares=[0.0, 0.5],
                               n_boot=0)  # fmt: skip
    assert choice.weights == (1.0,) and len(choice.candidates) == 1
    assert math.isnan(choice.costs.loc[0, "cost"]) and choice.costliest is None
    with pytest.raises(ValueError, match="step must be 1/k"):
        recommend_weights(corpora, index, MixConfig(size=300), rails, step=0.3)


def test_source_verdicts_judge_each_source_alone(two_sources: tuple) -> None:
    corpora, index = two_sources
    names = ["precision", "coverage"]
    table = source_verdicts(corpora, index, MixConfig(size=300, seed=2), metrics=names)
    assert list(table.columns) == list(SOURCE_COLUMNS)
    assert table["source"].tolist() == ["twin", "twin", "echo", "echo"]
    assert (table["n_documents"] == 300).all()
    status = table.set_index(["source", "metric"])["status"]
    assert status["twin", "precision"] == "pass" and status["twin", "coverage"] == "pass"
    assert status["echo", "coverage"] == "fail"  # one point far from the real corpus
    assert set(source_metrics()) >= {"precision", "coverage", "mauve"}
    assert "vendi" not in source_metrics()
