"""Concept-axis measures on planted vectors: a known direction, known topics, known leanings.

Documents are unit vectors in 12 dimensions: dimension 0 is the planted gender axis (positive =
women), dimensions 1-4 are four well-separated topics. Only the gender component differs between
the corpora, so any shift the metrics report is the planted one.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from mixscope.corpus import Corpus
from mixscope.evaluation import REGISTRY, IndexSettings, MixIndex, build_index, evaluate
from mixscope.evaluation.measures.base import Options, real_reference
from mixscope.metrics.axes import axis_shift, topic_association_shift
from mixscope.mixing import Mix, MixConfig, mix

DIM, N_TOPICS = 12, 4
GENDER = np.eye(DIM)[0]
AXIS_METRICS = ["gender_axis_shift", "topic_group_association_shift"]


def _vectors(gender: np.ndarray, seed: int) -> np.ndarray:
    """One row per document: topic i % 4 (strong), the given gender component, small noise."""
    rng = np.random.default_rng(seed)
    n = len(gender)
    X = 0.05 * rng.standard_normal((n, DIM))
    X[np.arange(n), 1 + np.arange(n) % N_TOPICS] += 1.0
    X[:, 0] = gender
    return X


def _corpus(name: str, role: str, n: int) -> Corpus:
    texts = [f"{name} document number {i} with its own words {i * 7919 % 1000}" for i in range(n)]
    frame = pd.DataFrame({"source_row": np.arange(n), "text": texts})
    return Corpus(name, role, frame, "text")  # type: ignore[arg-type]


def _topics(n: int) -> np.ndarray:
    return np.arange(n) % N_TOPICS


@pytest.fixture(scope="module")
def planted() -> tuple[list[Corpus], MixIndex]:
    rng = np.random.default_rng(0)
    sizes = {"real": 400, "shifted": 200, "tied": 200, "balanced": 200}
    lean = np.where(_topics(200) < 2, 0.4, -0.4)  # topics 0, 1 to women; 2, 3 to men
    gender = {
        "real": 0.3 * rng.standard_normal(400),
        "shifted": 0.6 + 0.3 * rng.standard_normal(200),  # the whole corpus towards women
        "tied": lean + 0.3 * rng.standard_normal(200),  # same overall mean, topics tied
        "balanced": 0.3 * rng.standard_normal(200),  # drawn like real
    }
    corpora = [
        _corpus(name, "real" if name == "real" else "synthetic", n) for name, n in sizes.items()
    ]
    vectors = {name: _vectors(g, seed=i) for i, (name, g) in enumerate(gender.items())}
    index = build_index(
        corpora,
        vectors,
        model_id="planted",
        settings=IndexSettings(n_clusters=N_TOPICS),
        axes={"gender": GENDER},
    )
    return corpora, index


def _evaluate(
    corpora: list[Corpus], index: MixIndex, source: str, *, n_boot: int = 200
) -> tuple[Mix, pd.DataFrame]:
    """Half real, half ``source``: 200 documents of each; the axis metrics' table by name."""
    chosen = [corpora[0], next(c for c in corpora if c.name == source)]
    m = mix(chosen, MixConfig(synthetic_share=0.5, size=400, seed=1))
    return m, evaluate(m, index, metrics=AXIS_METRICS, n_boot=n_boot).table.set_index("metric")


def test_the_frozen_clusters_are_the_planted_topics(planted: tuple[list[Corpus], MixIndex]) -> None:
    _, index = planted
    real = index.clusters[index.real_ids]
    # each planted topic is one cluster (labels may be permuted)
    assert len(set(zip(real.tolist(), _topics(400).tolist(), strict=True))) == N_TOPICS


def test_a_corpus_further_along_the_axis_gives_a_positive_shift(
    planted: tuple[list[Corpus], MixIndex],
) -> None:
    corpora, index = planted
    _, shifted = _evaluate(corpora, index, "shifted")
    _, balanced = _evaluate(corpora, index, "balanced")
    value, floor = shifted.loc["gender_axis_shift", ["value", "noise_floor"]]
    assert value > 0.5  # half the mix moved by about 2 real standard deviations
    # sampling noise is about sqrt(1/200 + 1/200) = 0.1 real standard deviations
    assert value > 5 * abs(floor) and value > 5 * abs(balanced.loc["gender_axis_shift", "value"])
    assert shifted.loc["gender_axis_shift", "status"] == "fail"
    assert balanced.loc["gender_axis_shift", "status"] == "pass"


def test_tying_topics_to_the_axis_raises_the_association_shift(
    planted: tuple[list[Corpus], MixIndex],
) -> None:
    corpora, index = planted
    _, tied = _evaluate(corpora, index, "tied")
    _, balanced = _evaluate(corpora, index, "balanced")
    tied_value = tied.loc["topic_group_association_shift", "value"]
    balanced_value = balanced.loc["topic_group_association_shift", "value"]
    assert tied_value > 3 * balanced_value and tied_value > 0.5
    assert abs(tied.loc["gender_axis_shift", "value"]) < 0.2  # the overall mean did not move
    assert tied.loc["topic_group_association_shift", "status"] == "fail"


def test_unit_weights_match_the_bias_functions(planted: tuple[list[Corpus], MixIndex]) -> None:
    corpora, index = planted
    m, table = _evaluate(corpora, index, "tied", n_boot=0)
    ids, real = index.global_ids(m), index.real_ids
    scores, topics = index.axis_scores["gender"], index.clusters
    assert table.loc["gender_axis_shift", "value"] == pytest.approx(
        axis_shift(scores[ids], scores[real])
    )
    assert table.loc["topic_group_association_shift", "value"] == pytest.approx(
        topic_association_shift(scores[ids], topics[ids], scores[real], topics[real], min_docs=5)
    )


@pytest.mark.parametrize("name", ["gender_axis_shift", "topic_group_association_shift"])
def test_a_weight_row_is_the_metric_of_its_resample(
    planted: tuple[list[Corpus], MixIndex], name: str
) -> None:
    corpora, index = planted
    m, _ = _evaluate(corpora, index, "tied", n_boot=0)
    ids = index.global_ids(m)
    rng = np.random.default_rng(3)
    W = np.stack(
        [np.bincount(rng.integers(0, len(ids), len(ids)), minlength=len(ids)) for _ in range(3)]
    )
    ref = real_reference(index)
    function = REGISTRY[name].function
    weighted = function(index, ids, ref, W.astype(np.float64), Options())
    for row, value in zip(W, weighted, strict=True):
        resample = np.repeat(ids, row)
        expected = function(index, resample, ref, np.ones((1, len(resample))), Options())[0]
        assert value == pytest.approx(expected)


def test_without_axes_the_axis_metrics_are_not_applicable(
    planted: tuple[list[Corpus], MixIndex],
) -> None:
    corpora, _ = planted
    vectors = {c.name: _vectors(np.zeros(len(c)), seed=0) for c in corpora[:2]}
    index = build_index(corpora[:2], vectors, model_id="planted")
    assert index.axis_scores == {}
    m = mix(corpora[:2], MixConfig(synthetic_share=0.5, size=200))
    ev = evaluate(m, index, metrics=[*AXIS_METRICS, "sentiment_axis_shift"])
    assert ev.table["value"].isna().all() and (ev.table["status"] == "n/a").all()
    for name in ev.table["metric"]:
        settings = json.loads(ev.table.set_index("metric").loc[name, "settings"])
        assert "axes=" in settings["not_applicable"] and settings["axes_indexed"] == []


def test_bad_axes_are_refused(planted: tuple[list[Corpus], MixIndex]) -> None:
    corpora, _ = planted
    vectors = {c.name: _vectors(np.zeros(len(c)), seed=0) for c in corpora[:2]}
    with pytest.raises(ValueError, match=r"axes\['gender'\]: axis must have shape \(12,\)"):
        build_index(corpora[:2], vectors, model_id="planted", axes={"gender": np.ones(3)})
    with pytest.raises(ValueError, match="zero vector"):
        build_index(corpora[:2], vectors, model_id="planted", axes={"gender": np.zeros(DIM)})
