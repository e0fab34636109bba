"""The simulation on the bundled demo corpus, with the default (lexical) embedder."""

import time

import numpy as np
import pytest

from mixscope.corpus import load_demo_corpora
from mixscope.simulate import SimulationConfig, simulate


@pytest.fixture(scope="module")
def demo() -> tuple[list[str], list[str]]:
    real, templated, _ = load_demo_corpora()
    return real.texts, templated.texts


def test_demo_corpus_collapses_under_replace_and_not_under_accumulate(
    demo: tuple[list[str], list[str]],
) -> None:
    real, synthetic = demo
    config = SimulationConfig(generations=3, n_docs=300, share=0.3, seed=1)
    start = time.perf_counter()
    sim = simulate(real, config, synthetic=synthetic)
    seconds = time.perf_counter() - start
    rows = sim.rows
    assert rows["regime"].unique().tolist() == ["replace", "accumulate", "fresh", "mix"]
    assert rows["value"].notna().all()
    tail = rows[rows["metric"] == "tail_retention"].pivot(
        index="generation", columns="regime", values="value"
    )
    assert np.all(np.diff(tail["replace"].to_numpy()) <= 0)
    assert tail.loc[3, "accumulate"] > tail.loc[3, "replace"]
    coverage = rows[rows["metric"] == "cluster_coverage"]["value"]
    assert coverage.between(0, 1).all()
    assert sim.settings["embedder"].startswith("lexical-hash")
    assert sim.settings["synthetic_docs"] == len(synthetic)
    assert seconds < 60  # 10 generations of 300 documents: a few seconds on 2 cores
