"""Thresholds set on one embedder's scale say so under any other: on the row, card and verdict."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from mixscope.corpus import Corpus
from mixscope.evaluation import IndexSettings, MixIndex, build_index, evaluate, metric_cards
from mixscope.evaluation import verdict as verdict_of
from mixscope.evaluation.calibration import CALIBRATED_FOR, LEXICAL, MINILM, calibration_note
from mixscope.mixing import MixConfig, mix

NAMES = ["semantic_duplicate_rate", "exact_duplicate_rate", "vendi"]


def _index(model_id: str) -> tuple[list[Corpus], MixIndex]:
    rng = np.random.default_rng(0)
    frame = {"source_row": np.arange(80)}
    corpora = [
        Corpus(name, role, pd.DataFrame(frame | {"text": [f"{name} text {i}" for i in range(80)]}),
               "text")  # type: ignore[arg-type]
        for name, role in (("real", "real"), ("syn", "synthetic"))
    ]  # fmt: skip
    vectors = {c.name: rng.normal(size=(80, 8)) for c in corpora}
    index = build_index(corpora, vectors, model_id=model_id, settings=IndexSettings(n_clusters=2))
    return corpora, index


def _settings(table: pd.DataFrame, name: str) -> dict:
    return json.loads(table.set_index("metric").loc[name, "settings"])


@pytest.mark.parametrize("model_id", ["my-model", f"{LEXICAL}-d256-s0"])
def test_a_model_without_calibration_is_named_on_the_row_card_and_verdict(model_id: str) -> None:
    corpora, index = _index(model_id)
    table = evaluate(mix(corpora, MixConfig(synthetic_share=0.5, size=80)), index, metrics=NAMES,
                     n_boot=0).table  # fmt: skip
    note = _settings(table, "semantic_duplicate_rate")["uncalibrated"]
    assert note.startswith(f"thresholds not calibrated for {model_id}: set on {MINILM}")
    for name in ("exact_duplicate_rate", "vendi"):  # text, or a ratio to real: any model
        assert "uncalibrated" not in _settings(table, name)
    cards = metric_cards(table).set_index("metric")
    assert cards["uncalibrated"].to_dict() == {
        "semantic_duplicate_rate": True, "exact_duplicate_rate": False, "vendi": False,
    }  # fmt: skip
    assert f"Uncalibrated: {note}." in cards.loc["semantic_duplicate_rate", "help"]
    found = verdict_of(table)
    assert found.uncalibrated == ("Same meaning, other words",)
    assert found.headline.endswith("1 of them uses thresholds not calibrated for this embedding "
                                   "model.")  # fmt: skip


def test_the_calibrated_model_and_user_thresholds_carry_no_note() -> None:
    corpora, index = _index(MINILM)
    picked = mix(corpora, MixConfig(synthetic_share=0.5, size=80))
    table = evaluate(picked, index, metrics=NAMES, n_boot=0).table
    assert "uncalibrated" not in _settings(table, "semantic_duplicate_rate")
    assert verdict_of(table).uncalibrated == ()
    corpora, index = _index("my-model")
    own = evaluate(mix(corpora, MixConfig(synthetic_share=0.5, size=80)), index, metrics=NAMES,
                   n_boot=0, thresholds={"semantic_duplicate_rate": (0.1, 0.2)}).table  # fmt: skip
    assert "uncalibrated" not in _settings(own, "semantic_duplicate_rate")


def test_calibrations_name_registered_metrics_and_match_by_id_or_prefix() -> None:
    from mixscope.evaluation.registry import REGISTRY

    assert set(CALIBRATED_FOR) <= set(REGISTRY)
    assert calibration_note("topic_group_association_shift", f"{LEXICAL}-d384-s7") is None
    assert calibration_note("topic_group_association_shift", f"{LEXICAL}x") is not None
    # measured, not assumed: MiniLM does not separate the planted templated shift from noise
    assert calibration_note("topic_group_association_shift", MINILM) is not None
