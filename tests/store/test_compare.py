"""Saved mixes side by side: known tables give known deltas, and what differs is said."""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd
import pytest

from mixscope.store import (
    COMPARE_COLUMNS,
    MixNotFound,
    MixRecord,
    MixStore,
    StoreError,
    comparability,
    composition,
    relative_changes,
    side_by_side,
)

MakeRecord = Callable[..., MixRecord]  # the `record` fixture (tests/store/conftest.py)


def test_deltas_are_against_the_first_mix(store: MixStore, record: MakeRecord) -> None:
    store.save("base", record(values={"vendi": 40.0, "topic_tvd": 0.30}))
    store.save("more", record(values={"vendi": 32.5, "topic_tvd": 0.45},
                              statuses={"vendi": "warn"}))  # fmt: skip
    store.save("less", record(values={"vendi": 44.0, "topic_tvd": 0.10}))
    long = store.compare(["base", "more", "less"])
    assert list(long.columns) == list(COMPARE_COLUMNS)
    vendi = long[long["metric"] == "vendi"].set_index("mix")
    assert vendi["delta"].tolist() == [0.0, -7.5, 4.0]
    assert vendi["status"].tolist() == ["pass", "warn", "pass"]
    tvd = long[long["metric"] == "topic_tvd"].set_index("mix")["delta"]
    assert tvd.round(10).tolist() == [0.0, 0.15, -0.2]
    precision = long[long["metric"] == "precision"]
    assert precision["delta"].isna().all()  # NaN values have no delta
    # the first mix's metric order, each metric's mixes in the order asked
    assert long["metric"].drop_duplicates().tolist() == ["vendi", "exact_duplicate_rate",
                                                         "precision", "topic_tvd"]  # fmt: skip
    assert long["mix"].tolist()[:3] == ["base", "more", "less"]


def test_relative_changes_are_percent_of_the_first_mixs_value(
    store: MixStore, record: MakeRecord
) -> None:
    store.save("base", record(values={"vendi": 40.0, "topic_tvd": 0.0}))
    store.save("more", record(values={"vendi": 30.0, "topic_tvd": 0.45}))
    store.save("less", record(values={"vendi": 50.0, "topic_tvd": 0.10}))
    changes = relative_changes(store.compare(["base", "more", "less"]))
    assert list(changes.columns) == ["metric", "mix", "change %"]
    vendi = changes[changes["metric"] == "vendi"]
    assert vendi[["mix", "change %"]].values.tolist() == [["more", -25.0], ["less", 25.0]]
    # a first value of 0 (topic_tvd) or NaN (precision) gives no percentage; an unchanged
    # value (exact_duplicate_rate, 0.01 in all three) gives 0 %
    assert set(changes["metric"]) == {"vendi", "exact_duplicate_rate"}
    unchanged = changes[changes["metric"] == "exact_duplicate_rate"]["change %"]
    assert unchanged.tolist() == [0.0, 0.0]


def test_side_by_side_has_one_row_per_metric(store: MixStore, record: MakeRecord) -> None:
    store.save("a", record(values={"vendi": 10.0}))
    store.save("b", record(values={"vendi": 12.5}))
    wide = side_by_side(store.compare(["a", "b"])).set_index("metric")
    assert list(wide.columns) == ["group", "a value", "a status", "b value", "b status",
                                  "b delta"]  # fmt: skip
    assert wide.loc["vendi", "b delta"] == 2.5 and wide.loc["topic_tvd", "b status"] == "fail"
    assert math.isnan(wide.loc["precision", "b delta"])


def test_a_metric_the_first_mix_lacks_has_no_delta(store: MixStore, record: MakeRecord) -> None:
    store.save("a", record())
    extra = record()
    row = pd.DataFrame([{"metric": "label_tvd", "group": "bias", "value": 0.2, "ci_low": None,
                         "ci_high": None, "noise_floor": None, "status": "pass",
                         "settings": "{}"}])  # fmt: skip
    store.save("b", MixRecord(extra.spec, extra.inputs, pd.concat([extra.table, row]),
                              extra.counts, extra.model_id, extra.evaluation))  # fmt: skip
    wide = side_by_side(store.compare(["a", "b"])).set_index("metric")
    assert wide.index[-1] == "label_tvd"
    assert pd.isna(wide.loc["label_tvd", "a value"]) and pd.isna(wide.loc["label_tvd", "b delta"])
    assert wide.loc["label_tvd", "b value"] == 0.2


def test_composition_gives_each_sources_share(store: MixStore, record: MakeRecord) -> None:
    store.save("a", record(share=0.2))
    store.save("b", record(share=0.7))
    parts = composition([store.get("a"), store.get("b")])
    assert parts.columns.tolist() == ["mix", "source", "role", "n", "share"]
    assert parts["n"].tolist() == [80, 20, 30, 70]
    assert parts["share"].tolist() == pytest.approx([0.8, 0.2, 0.3, 0.7])


def test_one_model_embedded_by_two_backends_is_said(store: MixStore, record: MakeRecord) -> None:
    stock, fast = "MiniLM@0123", "MiniLM@0123+openvino-bf16"
    store.save("stock", record(model_id="MiniLM", embedder_id=stock))
    store.save("fast", record(model_id="MiniLM", embedder_id=fast))
    store.save("again", record(model_id="MiniLM", embedder_id=stock, share=0.6))
    store.save("older", record(model_id="MiniLM"))  # saved before evaluations named it
    notes = comparability([store.get("stock"), store.get("fast")])
    assert len(notes) == 1 and "different builds or backends" in notes[0] and fast in notes[0]
    assert comparability([store.get("stock"), store.get("again")]) == []
    assert comparability([store.get("stock"), store.get("older")]) == []


def test_what_makes_mixes_incomparable_is_said(store: MixStore, record: MakeRecord) -> None:
    store.save("a", record())
    store.save("same", record(share=0.6))
    store.save("other", record(model_id="all-MiniLM-L6-v2", real_hash="c" * 32, sample_size=500))
    assert comparability([store.get("a"), store.get("same")]) == []
    notes = comparability([store.get("a"), store.get("other")])
    assert len(notes) == 3
    assert "different embedding models" in notes[0] and "all-MiniLM-L6-v2" in notes[0]
    assert "(sample_size)" in notes[1]
    assert "real corpora differ" in notes[2]


@pytest.mark.parametrize("names", [["a"], ["a", "a"], []])
def test_compare_needs_two_different_names(
    store: MixStore, record: MakeRecord, names: list[str]
) -> None:
    store.save("a", record())
    with pytest.raises(StoreError, match="two or more different saved mixes"):
        store.compare(names)


def test_versions_of_one_mix_compare_by_name_at_version(
    store: MixStore, record: MakeRecord
) -> None:
    store.save("a", record(values={"vendi": 10.0}))
    store.save("a", record(values={"vendi": 12.5}, sample_size=500), replace=True)
    store.save("a", record(values={"vendi": 11.0}), replace=True)
    store.save("b", record(values={"vendi": 9.0}))
    assert store.refs() == ["a", "a@2", "a@1", "b"]
    assert (store.lookup("a@1").version, store.lookup("a").version) == (1, 3)
    long = store.compare(["a@1", "a", "b"])
    vendi = long[long["metric"] == "vendi"]
    assert vendi["mix"].tolist() == ["a@1", "a@3", "b"]  # versions of one name are told apart
    assert vendi["version"].tolist() == [1, 3, 1]
    assert vendi["delta"].tolist() == [0.0, 1.0, -1.0]
    wide = side_by_side(long)
    assert "a@3 delta" in wide.columns and "b delta" in wide.columns
    assert composition([store.lookup("a@1"), store.lookup("a@2")])["mix"].unique().tolist() == [
        "a@1",
        "a@2",
    ]
    notes = comparability([store.lookup("a@1"), store.lookup("a@2")])
    assert len(notes) == 1 and "(sample_size)" in notes[0]
    # the same version twice, by two references, is not a comparison
    with pytest.raises(StoreError, match="two or more different saved mixes"):
        store.compare(["a", "a@3"])
    with pytest.raises(MixNotFound, match="no saved mix 'a' version 4"):
        store.lookup("a@4")


def test_a_name_with_an_at_sign_is_found_by_its_whole_name_first(
    store: MixStore, record: MakeRecord
) -> None:
    store.save("run@2", record(values={"vendi": 5.0}))
    store.save("run", record(values={"vendi": 6.0}))
    store.save("run", record(values={"vendi": 7.0}), replace=True)
    assert store.lookup("run@2").name == "run@2"  # the mix of that name, not run's version 2
    assert store.lookup("run@1").record.table.set_index("metric").loc["vendi", "value"] == 6.0
    with pytest.raises(MixNotFound, match="no saved mix 'nope@x'"):
        store.lookup("nope@x")
