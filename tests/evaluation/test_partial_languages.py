"""English-only metrics (term lists, VADER) say they are partial when many documents are not."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from mixscope.corpus import Corpus
from mixscope.evaluation import (
    REGISTRY,
    IndexSettings,
    build_index,
    evaluate,
    metric_cards,
    verdict,
)
from mixscope.evaluation.row import PARTIAL_SHARE
from mixscope.mixing import MixConfig, mix

EN = "My sister and her friend cooked a wonderful dinner for {} people yesterday."
DE = "Meine Schwester und ihre Freundin kochten gestern ein Abendessen für {} Leute."
NAMES = ["group_representation_ratio_min", "sentiment_gap_shift", "vendi", "exact_duplicate_rate"]


def _corpus(name: str, role: str, texts: list[str]) -> Corpus:
    frame = pd.DataFrame({"source_row": np.arange(len(texts)), "text": texts})
    return Corpus(name, role, frame, "text")  # type: ignore[arg-type]


def _table(german_share: float) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    real = _corpus("real", "real", [EN.format(i) for i in range(200)])
    n_de = round(200 * german_share)
    syn = _corpus(
        "syn",
        "synthetic",
        [DE.format(i) for i in range(n_de)] + [EN.format(i) for i in range(n_de, 200)],
    )
    vectors = {c.name: rng.normal(size=(200, 8)) for c in (real, syn)}
    index = build_index([real, syn], vectors, model_id="literal",
                        settings=IndexSettings(n_clusters=2))  # fmt: skip
    picked = mix([real, syn], MixConfig(synthetic_share=1.0, size=200))
    return evaluate(picked, index, metrics=NAMES, n_boot=0, min_group_docs=10).table


def _settings(table: pd.DataFrame, name: str) -> dict:
    return json.loads(table.set_index("metric").loc[name, "settings"])


def test_english_only_metrics_are_partial_on_a_mostly_german_source() -> None:
    table = _table(0.6)
    for name in ("group_representation_ratio_min", "sentiment_gap_shift"):
        assert REGISTRY[name].english_only
        settings = _settings(table, name)
        assert settings["non_english_share"] == {"measured": 0.6, "real": 0.0}
        assert settings["partial"].startswith("60% of the documents measured are not in English")
    for name in ("vendi", "exact_duplicate_rate"):  # embeddings and text hashes: any language
        assert "partial" not in _settings(table, name)
    cards = metric_cards(table).set_index("metric")
    assert cards.loc["group_representation_ratio_min", "partial"]
    assert not cards.loc["vendi", "partial"]
    assert "Partial: 60% of the documents measured" in cards.loc["sentiment_gap_shift", "help"]
    judged = verdict(table)
    assert set(judged.partial) <= {REGISTRY[n].label for n in NAMES[:2]}


def test_a_few_other_languages_leave_the_metrics_whole() -> None:
    table = _table(PARTIAL_SHARE / 2)
    settings = _settings(table, "group_representation_ratio_min")
    assert settings["non_english_share"]["measured"] == PARTIAL_SHARE / 2
    assert "partial" not in settings
