"""Degenerate mixes get honest rows: too few documents is n/a with the reason, values equal up
to round-off have no spread, and an interval that misses its own value says why."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from mixscope.corpus import Corpus
from mixscope.evaluation import MEMO, IndexSettings, MixIndex, build_index, evaluate
from mixscope.evaluation.measures.base import Options
from mixscope.evaluation.metric import Metric
from mixscope.evaluation.row import MIN_DOCUMENTS, Run, metric_row
from mixscope.mixing import MixConfig, mix

DIM = 8


def _corpus(name: str, role: str, texts: list[str]) -> Corpus:
    frame = pd.DataFrame({"source_row": np.arange(len(texts)), "text": texts})
    return Corpus(name, role, frame, "text")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def indexed() -> tuple[list[Corpus], MixIndex]:
    rng = np.random.default_rng(0)
    real = _corpus("real", "real", [f"she said {i} things about {i % 7}" for i in range(120)])
    syn = _corpus("syn", "synthetic", [f"he wrote {i} lines on {i % 5}" for i in range(80)])
    vectors = {"real": rng.normal(size=(120, DIM)), "syn": rng.normal(size=(80, DIM)) + 0.2}
    axes = {"gender": np.eye(DIM)[0], "sentiment": np.eye(DIM)[1]}
    index = build_index(
        [real, syn], vectors, model_id="toy", axes=axes, settings=IndexSettings(n_clusters=3)
    )
    return [real, syn], index


def _settings(table: pd.DataFrame, name: str) -> dict:
    return json.loads(table.set_index("metric").loc[name, "settings"])


def test_a_mix_with_too_few_documents_is_not_judged(indexed: tuple) -> None:
    corpora, index = indexed
    tiny = evaluate(mix(corpora, MixConfig(synthetic_share=0.0, size=1)), index).table
    assert (tiny["status"] == "n/a").all() and tiny["value"].isna().all()
    reason = _settings(tiny, "group_representation_ratio_min")["not_applicable"]
    assert reason == f"too few documents: 1 < {MIN_DOCUMENTS} (mix documents of the mix)"
    # 20 synthetic documents in a mix of 100: the fidelity metrics are n/a, the rest judged
    few = evaluate(mix(corpora, MixConfig(synthetic_share=0.2, size=100)), index).table
    fidelity = few[few["group"] == "fidelity"]
    assert (fidelity["status"] == "n/a").all()
    assert "too few documents: 20 < 30" in _settings(few, "precision")["not_applicable"]
    assert (few.loc[few["group"] == "duplication", "status"] != "n/a").all()


def test_axis_scores_equal_up_to_round_off_have_no_spread() -> None:
    # Every real document is one vector up to float32 round-off (one text embedded in different
    # batches): the axis metrics cannot be scaled by that spread (it gave
    # sentiment_axis_shift = -1.2e13); they are n/a.
    rng = np.random.default_rng(1)
    base = rng.normal(size=DIM)
    real_vectors = base + 1e-8 * rng.normal(size=(60, DIM))
    real = _corpus("real", "real", [f"copy number {i}" for i in range(60)])
    syn = _corpus("syn", "synthetic", [f"other text {i}" for i in range(60)])
    index = build_index(
        [real, syn],
        {"real": real_vectors, "syn": rng.normal(size=(60, DIM))},
        model_id="toy",
        axes={"sentiment": np.eye(DIM)[1]},
    )
    assert np.ptp(index.axis_scores["sentiment"][index.real_ids]) > 0  # round-off is there
    table = evaluate(
        mix([real, syn], MixConfig(synthetic_share=0.5, size=100)), index,
        metrics=["sentiment_axis_shift", "topic_sentiment_association_shift"],
    ).table  # fmt: skip
    assert table["value"].isna().all() and (table["status"] == "n/a").all()


def _fixed(point: float, resamples: list[float]) -> Metric:
    """A weighted measure giving ``point`` for the documents and ``resamples`` for resamples."""

    def measure(ix, ids, ref, W, opt):  # type: ignore[no-untyped-def]
        return np.full(1, point) if len(W) == 1 else np.resize(resamples, len(W))

    return Metric(
        name="fixed", group="bias", goal="lower", unit="u", label="Fixed", why="w",
        description="d", reference="r",
        warn=1.0, fail=2.0, threshold_source="t", function=measure, resampling="bootstrap",
        stream=99,
    )  # fmt: skip


def test_an_interval_that_misses_its_value_says_why(indexed: tuple) -> None:
    corpora, index = indexed
    run = Run(index, Options(memo=MEMO), 1000, 50, 0, 0.95, 0)
    ids = index.global_ids(mix(corpora, MixConfig(synthetic_share=0.5, size=100)))
    row = metric_row(run, _fixed(0.5, [2.0, 3.0, 4.0]), ids, (1.0, 2.0))
    value, low, high = row[2:5]
    assert value == 0.5 and not low <= value <= high
    assert "does not contain the value" in json.loads(row[7])["ci"]["note"]
    inside = metric_row(run, _fixed(3.0, [2.0, 3.0, 4.0]), ids, (1.0, 2.0))
    assert "note" not in json.loads(inside[7])["ci"] and inside[3] <= 3.0 <= inside[4]


def test_min_documents_is_an_option_recorded_in_the_config(indexed: tuple) -> None:
    corpora, index = indexed
    m = mix(corpora, MixConfig(synthetic_share=0.0, size=10))
    ev = evaluate(m, index, metrics=["exact_duplicate_rate"], min_documents=5)
    assert ev.config["min_documents"] == 5 and math.isfinite(ev.table["value"].iloc[0])
    with pytest.raises(ValueError, match="min_documents"):
        evaluate(m, index, min_documents=0)
