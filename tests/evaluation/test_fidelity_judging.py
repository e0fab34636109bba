"""Fidelity is judged against real text at the same size: a status judges the data, not how many
synthetic documents a share happens to give.

Gaussian blobs in 16 dimensions, normalised to the unit sphere like every embedding: "same" is
drawn from the real distribution; "off" from one whose mean moved by one standard deviation
along every axis, which on the sphere is a cap of the real distribution: realistic documents
(precision and density stay as real's) with little of real's variety (mode collapse).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import t as student_t

from mixscope.corpus import Corpus
from mixscope.evaluation import IndexSettings, MixIndex, build_index, evaluate
from mixscope.evaluation.registry import REGISTRY
from mixscope.evaluation.row import NULL_DRAWS
from mixscope.metrics.fidelity import frechet_distance, prdc
from mixscope.mixing import MixConfig, mix

FIDELITY = ["precision", "recall", "density", "coverage", "mauve", "frechet_distance"]
N_REAL, N_SYN, DIM = 600, 600, 16


def _corpus(name: str, role: str, n: int) -> Corpus:
    texts = [f"{name} document {i}" for i in range(n)]
    frame = pd.DataFrame({"source_row": np.arange(n), "text": texts})
    return Corpus(name, role, frame, "text")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def blobs() -> tuple[list[Corpus], MixIndex]:
    rng = np.random.default_rng(7)
    real, same, off = (_corpus(n, r, k) for n, r, k in (
        ("real", "real", N_REAL), ("same", "synthetic", N_SYN), ("off", "synthetic", N_SYN),
    ))  # fmt: skip
    vectors = {
        "real": rng.normal(size=(N_REAL, DIM)),
        "same": rng.normal(size=(N_SYN, DIM)),
        "off": rng.normal(size=(N_SYN, DIM)) + 1.0,
    }
    settings = IndexSettings(n_clusters=4)
    return [real, same, off], build_index([real, same, off], vectors, model_id="blobs",
                                          settings=settings)  # fmt: skip


def _rows(corpora: list[Corpus], index: MixIndex, source: str, share: float) -> pd.DataFrame:
    chosen = [corpora[0], next(c for c in corpora if c.name == source)]
    picked = mix(chosen, MixConfig(synthetic_share=share, size=N_REAL // 2, seed=1))
    table = evaluate(picked, index, metrics=FIDELITY, n_boot=0).table
    return table.set_index("metric")


@pytest.mark.parametrize("share", [0.1, 0.2, 0.4, 0.7, 1.0])
def test_a_source_like_real_passes_at_every_share(
    blobs: tuple[list[Corpus], MixIndex], share: float
) -> None:
    table = _rows(*blobs, "same", share)
    assert (table["status"] == "pass").all(), table[["value", "noise_floor", "status"]]


@pytest.mark.parametrize("share", [0.1, 0.2, 0.4, 0.7, 1.0])
def test_a_collapsed_source_fails_at_every_share(
    blobs: tuple[list[Corpus], MixIndex], share: float
) -> None:
    table = _rows(*blobs, "off", share)
    for name in ("recall", "coverage", "mauve"):
        assert table.loc[name, "status"] == "fail", table.loc[name]
    assert table.loc["frechet_distance", "status"] != "pass"
    for name in ("precision", "density"):  # each document is realistic: these see no problem
        assert table.loc[name, "status"] == "pass", table.loc[name]


def test_values_compare_with_real_half_a_and_the_floor_with_half_b_at_the_same_size(
    blobs: tuple[list[Corpus], MixIndex],
) -> None:
    # With exactly as many synthetic documents as half B holds, every document is in every
    # sample: the value is the synthetic side against half A, each real-versus-real draw is all
    # of half B against half A, and their spread is zero.
    corpora, index = blobs
    n = len(index.half_b)
    picked = mix(corpora[:2], MixConfig(synthetic_share=1.0, size=n, seed=0))
    table = evaluate(picked, index, metrics=FIDELITY, n_boot=0, sample_size=n).table
    table = table.set_index("metric")
    half_a, half_b = index.unit[index.half_a], index.unit[index.half_b]
    synthetic = index.unit[index.global_ids(picked)]
    expected = prdc(half_a, synthetic, k=index.settings.prdc_k)
    floor = prdc(half_a, half_b, k=index.settings.prdc_k)
    for name in ("precision", "recall", "density", "coverage"):
        assert table.loc[name, "value"] == pytest.approx(expected[name], abs=1e-12), name
        assert table.loc[name, "noise_floor"] == pytest.approx(floor[name], abs=1e-12), name
        interval = (table.loc[name, "ci_low"], table.loc[name, "ci_high"])
        assert interval == pytest.approx((expected[name],) * 2, abs=1e-12), name
    frechet = table.loc["frechet_distance"]
    assert frechet["value"] == pytest.approx(frechet_distance(half_a, synthetic), rel=1e-9)
    assert frechet["noise_floor"] == pytest.approx(frechet_distance(half_a, half_b), rel=1e-9)
    settings = json.loads(str(table.loc["coverage", "settings"]))
    assert settings["ci"]["method"] == "real-versus-real"
    assert settings["ci"]["n_resamples"] == NULL_DRAWS
    assert settings["reference"] == "real half A"
    assert settings["reference_documents"] == len(index.half_a)
    assert settings["judged_value"] == pytest.approx(expected["coverage"] / floor["coverage"])


def test_the_interval_is_the_real_versus_real_prediction_interval(
    blobs: tuple[list[Corpus], MixIndex],
) -> None:
    corpora, index = blobs
    table = _rows(corpora, index, "same", 0.2)  # 60 synthetic documents, samples of half B
    for name in FIDELITY:
        row = table.loc[name]
        settings = json.loads(str(row["settings"]))
        assert settings["sample_size"] == 60
        draws = REGISTRY[name].null_draws or NULL_DRAWS
        assert settings["ci"]["n_resamples"] == draws
        t = student_t.ppf(0.975, df=draws - 1)
        width = t * settings["real_versus_real_sd"] * math.sqrt(1 + 1 / draws)
        bounds = REGISTRY[name].bounds
        expected = (max(row["value"] - width, bounds[0]), min(row["value"] + width, bounds[1]))
        assert (row["ci_low"], row["ci_high"]) == pytest.approx(expected, rel=1e-9), name


def test_too_few_real_documents_for_the_reference_is_not_applicable() -> None:
    rng = np.random.default_rng(0)
    real, syn = _corpus("real", "real", 40), _corpus("syn", "synthetic", 100)
    vectors = {"real": rng.normal(size=(40, 4)), "syn": rng.normal(size=(100, 4))}
    index = build_index([real, syn], vectors, model_id="blobs",
                        settings=IndexSettings(n_clusters=2))  # fmt: skip
    picked = mix([real, syn], MixConfig(synthetic_share=1.0, size=100))
    table = evaluate(picked, index, metrics=["coverage"], n_boot=0).table
    assert table.loc[0, "status"] == "n/a"
    reason = json.loads(table.loc[0, "settings"])["not_applicable"]
    assert reason.startswith("too few documents: 20 < 30 (half of the real corpus")
