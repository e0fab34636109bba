"""simulate(): the papers' qualitative results on a small Zipfian corpus, and the contract.

- Shumailov et al. (2024): under ``replace`` the tail disappears generation after generation.
- Gerstgrasser et al. (2024): ``accumulate`` (the real data kept) keeps more of it.
- Bertrand et al. (2024), Shumailov et al.: real data in every generation (``fresh``) keeps more
  of it than ``replace`` too.
"""

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from mixscope.embed import Embedder
from mixscope.simulate import ROW_COLUMNS, SimulationConfig, simulate, tail_retention

SEEDS = (0, 1, 2, 3)
GENERATIONS = 6


def _curve(rows: pd.DataFrame, regime: str, metric: str) -> np.ndarray:
    picked = rows[(rows["regime"] == regime) & (rows["metric"] == metric)]
    return picked.sort_values("generation")["value"].to_numpy()


@pytest.fixture(scope="module")
def corpus(zipf: Callable[..., list[str]]) -> list[str]:
    return zipf(200)


@pytest.fixture(scope="module")
def runs(corpus: list[str], fast_embedder: Embedder) -> dict[int, pd.DataFrame]:
    """Replace, accumulate and fresh on the Zipf corpus, one simulation per seed; key -1 is
    a run with the default seed."""
    out = {}
    for seed in SEEDS:
        config = SimulationConfig(generations=GENERATIONS, seed=seed)
        out[seed] = simulate(corpus, config, embedder=fast_embedder).rows
    default = SimulationConfig(generations=GENERATIONS)
    out[-1] = simulate(corpus, default, embedder=fast_embedder).rows
    return out


def test_replace_loses_the_tail_generation_after_generation(runs: dict[int, pd.DataFrame]) -> None:
    curves = np.array([_curve(runs[s], "replace", "tail_retention") for s in SEEDS])
    # By construction, for every seed: the n-gram model never produces a word its training
    # data lacks, so under replace each generation's words are a subset of the previous ones'.
    assert np.all(np.diff(curves, axis=1) <= 0)
    # In expectation strictly: each generation loses the words it happens not to sample.
    assert np.all(np.diff(curves.mean(axis=0)) < 0)
    assert curves[:, 0].tolist() == [1.0] * len(SEEDS)  # generation 0 is the real data
    assert curves.mean(axis=0)[-1] < 0.5


@pytest.mark.parametrize("regime", ["accumulate", "fresh"])
def test_real_data_in_the_loop_keeps_more_of_the_tail(
    runs: dict[int, pd.DataFrame], regime: str
) -> None:
    last = {
        r: np.mean([_curve(runs[s], r, "tail_retention")[-1] for s in SEEDS])
        for r in ("replace", regime)
    }
    assert last[regime] > last["replace"] + 0.05, last  # seen: +0.14 (fresh), +0.34


def test_distinct_2_falls_under_replace(runs: dict[int, pd.DataFrame]) -> None:
    curves = np.array([_curve(runs[s], "replace", "distinct_2") for s in SEEDS])
    assert curves.mean(axis=0)[-1] < curves.mean(axis=0)[0]


def test_rows_are_tidy_and_generation_0_is_shared(runs: dict[int, pd.DataFrame]) -> None:
    rows = runs[0]
    assert tuple(rows.columns) == ROW_COLUMNS
    assert rows["regime"].unique().tolist() == ["replace", "accumulate", "fresh"]
    assert sorted(rows["generation"].unique()) == list(range(GENERATIONS + 1))
    assert rows["metric"].unique().tolist() == [
        "vendi", "cluster_coverage", "distinct_2", "tail_retention", "embedding_variance",
    ]  # fmt: skip
    first = rows[rows["generation"] == 0].pivot(index="metric", columns="regime", values="value")
    assert first.nunique(axis=1).eq(1).all()
    # common random numbers: every regime's first model trains on the real data, same draw
    gen1 = rows[rows["generation"] == 1].pivot(index="metric", columns="regime", values="value")
    assert gen1.nunique(axis=1).eq(1).all()


def test_generation_0_metrics_are_those_of_the_real_sample(corpus: list[str]) -> None:
    rows = simulate(corpus, SimulationConfig(generations=1, regimes=("replace",))).rows
    assert _curve(rows, "replace", "tail_retention")[0] == tail_retention(corpus, corpus)


def test_same_seed_same_rows_other_seed_other_rows(
    runs: dict[int, pd.DataFrame], corpus: list[str], fast_embedder: Embedder
) -> None:
    again = simulate(corpus, SimulationConfig(generations=GENERATIONS), embedder=fast_embedder)
    pd.testing.assert_frame_equal(again.rows, runs[0])
    pd.testing.assert_frame_equal(runs[-1], runs[0])  # seed 0 is the default
    assert not runs[1]["value"].equals(runs[0]["value"])


def test_mix_starts_from_the_given_synthetic_documents(
    corpus: list[str], fast_embedder: Embedder
) -> None:
    synthetic = ["w0 w1 w2 w3 w0 w1"] * 50  # a degenerate synthetic corpus of frequent words
    config = SimulationConfig(generations=2, regimes=("replace", "mix"), share=0.5)
    sim = simulate(corpus, config, synthetic=synthetic, embedder=fast_embedder)
    gen1 = sim.rows[sim.rows["generation"] == 1].pivot(
        index="metric", columns="regime", values="value"
    )
    # half the first training set is the degenerate corpus: fewer rare words survive
    assert gen1.loc["tail_retention", "mix"] < gen1.loc["tail_retention", "replace"]
    assert sim.settings["synthetic_docs"] == 50
    assert sim.labels["mix"] == "current mix (share 0.5)"


def test_share_0_keeps_the_tail_like_real_data(corpus: list[str], fast_embedder: Embedder) -> None:
    config = SimulationConfig(generations=4, regimes=("replace", "mix"), share=0.0)
    rows = simulate(corpus, config, embedder=fast_embedder).rows
    assert _curve(rows, "mix", "tail_retention")[-1] > _curve(rows, "replace", "tail_retention")[-1]


def test_gaussian_rows_have_no_text_metrics_and_say_why(
    corpus: list[str], fast_embedder: Embedder
) -> None:
    config = SimulationConfig(generations=2, generator="gaussian")
    sim = simulate(corpus, config, embedder=fast_embedder)
    assert sim.rows["metric"].unique().tolist() == [
        "vendi",
        "cluster_coverage",
        "embedding_variance",
    ]
    assert set(sim.settings["omitted"]) == {"distinct_2", "tail_retention"}
    assert "embeddings, not words" in sim.settings["omitted"]["tail_retention"]
    assert sim.rows["value"].notna().all()


def test_settings_record_what_the_numbers_depend_on(
    corpus: list[str], fast_embedder: Embedder
) -> None:
    sim = simulate(corpus, SimulationConfig(generations=1, n_docs=50), embedder=fast_embedder)
    s = sim.settings
    assert s["embedder"] == "test-word-count"
    assert s["n_docs"] == 50
    assert s["generation_0"] == "a seeded sample of 50 of the 200 real documents"
    assert s["rare_max"] == 2 and s["rare_types"] > 0
    assert s["fresh_fraction"] == 0.2 and s["smoothing"] == 0.1
    assert s["regime_labels"]["fresh"] == "fresh (20% real)"


def test_default_embedder_is_the_lexical_one(corpus: list[str]) -> None:
    sim = simulate(corpus, SimulationConfig(generations=1, regimes=("replace",), n_docs=50))
    assert sim.settings["embedder"].startswith("lexical-hash")


def test_progress_counts_generation_0_then_every_generation_of_every_regime(
    corpus: list[str], fast_embedder: Embedder
) -> None:
    calls: list[tuple[int, int]] = []
    config = SimulationConfig(generations=2, n_docs=30)
    simulate(corpus, config, embedder=fast_embedder, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(k, 7) for k in range(1, 8)]


def test_bad_inputs_are_refused(corpus: list[str]) -> None:
    with pytest.raises(ValueError, match="the real corpus needs at least 10 documents, got 3"):
        simulate(["a", "b", "c"])
    with pytest.raises(ValueError, match="n_docs must be at most the 200 real documents, got 500"):
        simulate(corpus, SimulationConfig(n_docs=500))
    with pytest.raises(ValueError, match=r"synthetic\[0\] must be str"):
        simulate(corpus, synthetic=[1])  # type: ignore[list-item]


def test_summary_sets_generation_0_against_the_last(
    corpus: list[str], fast_embedder: Embedder
) -> None:
    config = SimulationConfig(generations=3, share=0.5, n_docs=60)
    sim = simulate(corpus, config, embedder=fast_embedder)
    summary = sim.summary()
    assert list(summary.columns) == ["regime", "metric", "start", "end", "change"]
    assert len(summary) == 4 * 5
    assert summary["regime"].unique().tolist() == [
        "replace", "accumulate", "fresh (20% real)", "current mix (share 0.5)",
    ]  # fmt: skip
    row = summary[(summary["regime"] == "replace") & (summary["metric"] == "tail_retention")]
    curve = _curve(sim.rows, "replace", "tail_retention")
    assert row[["start", "end"]].to_numpy().tolist() == [[curve[0], curve[-1]]]
    assert (summary["change"] == summary["end"] - summary["start"]).all()
