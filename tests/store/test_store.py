"""The store: a save reads back exactly, names and versions, reviews and their history, the
list with verdicts, and the file's schema version."""

from __future__ import annotations

import json
import math
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from mixscope.evaluation import TABLE_COLUMNS
from mixscope.store import (
    HISTORY_COLUMNS,
    LIST_COLUMNS,
    METRIC_COLUMNS,
    SCHEMA_VERSION,
    MixNotFound,
    MixRecord,
    MixStore,
    SavedMix,
    StoreError,
)
from mixscope.store.schema import APPLICATION_ID

MakeRecord = Callable[..., MixRecord]  # the `record` fixture (tests/store/conftest.py)


def test_the_stored_metric_columns_are_the_evaluation_tables() -> None:
    # a new column of Evaluation.table needs a schema migration to be kept
    assert METRIC_COLUMNS == TABLE_COLUMNS


def test_a_save_reads_back_exactly(store: MixStore, record: MakeRecord) -> None:
    original = record()
    saved = store.save("baseline", original, author="Ann", comment="first try")
    assert (saved.name, saved.version, saved.status, saved.author) == (
        "baseline",
        1,
        "draft",
        "Ann",
    )
    back = store.get("baseline").record
    pd.testing.assert_frame_equal(back.table, original.table)  # NaN -> NULL -> NaN
    pd.testing.assert_frame_equal(back.counts, original.counts.astype({"n": "int64"}))
    assert back.inputs == original.inputs
    assert back.spec == original.spec and back.model_id == original.model_id
    assert dict(back.evaluation) == dict(original.evaluation)
    assert back.synthetic_share == 0.3 and back.n_documents == 100
    assert math.isnan(back.table.set_index("metric").loc["precision", "value"])


def test_a_taken_name_is_refused_unless_replaced_as_a_new_version(
    store: MixStore, record: MakeRecord
) -> None:
    store.save("m", record(share=0.2))
    store.review("m", "approved", comment="ok", author="lead")
    with pytest.raises(StoreError, match="saved already"):
        store.save("m", record(share=0.4))
    assert store.get("m").record.synthetic_share == 0.2
    second = store.save("m", record(share=0.4), replace=True, author="Bo")
    assert (second.version, second.status) == (2, "draft")  # an approval is of version 1 only
    assert store.get("m").record.synthetic_share == 0.4
    assert store.get("m", version=1).status == "approved"
    assert store.names() == ["m"]
    history = store.history("m")
    assert list(history.columns) == list(HISTORY_COLUMNS)
    assert history[["version", "kind", "status"]].values.tolist() == [
        [1, "saved", "draft"], [1, "review", "approved"], [2, "saved", "draft"],
    ]  # fmt: skip
    assert history["comment"].tolist() == ["saved", "ok", "saved as version 2"]


def test_review_history_is_in_order(store: MixStore, record: MakeRecord) -> None:
    store.save("m", record())
    for status, comment in [("rejected", "too many duplicates"), ("draft", ""),
                            ("approved", "fixed upstream")]:  # fmt: skip
        saved = store.review("m", status, comment=comment, author="lead")
        assert saved.status == status
    history = store.history("m")
    assert history["status"].tolist() == ["draft", "rejected", "draft", "approved"]
    assert history["comment"].tolist() == ["saved", "too many duplicates", "", "fixed upstream"]
    assert history["created_utc"].is_monotonic_increasing
    assert store.get("m").updated_utc == history["created_utc"].iloc[-1]


@pytest.mark.parametrize(
    ("status", "comment", "message"),
    [("approve", "x", "must be one of"), ("approved", "  ", "say why"),
     ("rejected", "", "say why")],
)  # fmt: skip
def test_a_bad_review_is_refused(
    store: MixStore, record: MakeRecord, status: str, comment: str, message: str
) -> None:
    store.save("m", record())
    with pytest.raises(StoreError, match=message):
        store.review("m", status, comment=comment)
    assert store.history("m")["kind"].tolist() == ["saved"]


def test_an_unknown_name_says_which_are_saved(store: MixStore, record: MakeRecord) -> None:
    store.save("alpha", record())
    for call in (lambda: store.get("beta"), lambda: store.review("beta", "draft"),
                 lambda: store.history("beta"), lambda: store.get("alpha", version=2)):  # fmt: skip
        with pytest.raises(MixNotFound, match=r"saved: \['alpha'\]"):
            call()


@pytest.mark.parametrize("name", ["", "   ", "a\nb", "x" * 201])
def test_bad_names_are_refused(store: MixStore, record: MakeRecord, name: str) -> None:
    with pytest.raises(StoreError):
        store.save(name, record())


def test_list_shows_the_latest_version_status_and_verdict(
    store: MixStore, record: MakeRecord
) -> None:
    assert list(store.list().columns) == list(LIST_COLUMNS)
    store.save("b", record(share=0.5), author="Bo")
    store.save("a", record(statuses={"topic_tvd": "pass"}))
    store.save("b", record(share=0.6), replace=True, author="Cy")
    store.review("a", "approved", comment="fine")
    listed = store.list().set_index("name")
    assert listed.index.tolist() == ["a", "b"]
    assert listed.loc["a", "status"] == "approved" and listed.loc["a", "verdict"] == "warn"
    assert listed.loc["b", "version"] == 2 and listed.loc["b", "synthetic_share"] == 0.6
    assert listed.loc["b", "author"] == "Cy" and listed.loc["b", "verdict"] == "fail"
    assert listed.loc["b", ["fail", "warn", "pass"]].tolist() == [1, 1, 1]
    assert listed.loc["b", "headline"] == "1 of 3 judged metrics fail, 1 warn."
    assert (listed["n_documents"] == 100).all()


def test_a_store_persists_across_a_restart(
    store_path: Path, record: MakeRecord, tmp_path: Path
) -> None:
    with MixStore.open(store_path) as store:
        store.save("kept", record(), author="Ann")
        store.review("kept", "rejected", comment="bias", author="lead")
    code = (
        "import json, sys; from mixscope.store import MixStore\n"
        "with MixStore.open(sys.argv[1]) as s:\n"
        "    m = s.get('kept'); print(json.dumps([m.status, m.author, len(m.record.table)]))\n"
        "    s.review('kept', 'approved', comment='fixed', author='lead')\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(store_path)], capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == ["rejected", "Ann", 4]
    with MixStore.open(store_path) as store:  # a new connection sees the other process's write
        assert store.history("kept")["status"].tolist() == ["draft", "rejected", "approved"]


def test_the_schema_version_and_owner_are_recorded(store: MixStore, store_path: Path) -> None:
    with sqlite3.connect(store_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_a_newer_schema_is_refused_and_left_alone(store_path: Path, record: MakeRecord) -> None:
    with MixStore.open(store_path) as store:
        store.save("m", record())
    conn = sqlite3.connect(store_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer MixScope"):
        MixStore.open(store_path)
    conn = sqlite3.connect(store_path)
    assert conn.execute("SELECT name FROM mixes").fetchall() == [("m",)]
    conn.close()


def test_another_programs_database_is_refused(store_path: Path) -> None:
    store_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(store_path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="another program"):
        MixStore.open(store_path)
    conn = sqlite3.connect(store_path)
    tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    conn.close()
    assert tables == [("invoices",)]  # not migrated into


def test_a_damaged_file_or_unusable_path_is_a_store_error(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"this is not a database file at all" * 100)
    with pytest.raises(StoreError, match="not a readable MixScope store"):
        MixStore.open(garbage)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the store's folder"):
        MixStore.open(blocker / "store.sqlite")
    with pytest.raises(StoreError, match="is a folder"):
        MixStore.open(tmp_path)


def test_the_default_path_comes_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, record: MakeRecord
) -> None:
    monkeypatch.setenv("MIXSCOPE_STORE", str(tmp_path / "env" / "team.sqlite"))
    with MixStore.open() as store:
        store.save("m", record())
        assert store.path == tmp_path / "env" / "team.sqlite"
    assert (tmp_path / "env" / "team.sqlite").is_file()


def test_the_saved_mix_of_a_record_and_its_review_for_a_manifest(
    store: MixStore, record: MakeRecord
) -> None:
    def matching(saved: MixRecord) -> SavedMix | None:
        return store.matching(saved.mix_spec().config, saved.inputs)

    first = record(share=0.2)
    assert matching(first) is None
    store.save("m", first)
    store.save("m", record(share=0.4), replace=True)
    store.review("m", "approved", comment="good", author="lead")
    assert matching(record(share=0.2)).version == 1  # type: ignore[union-attr]
    assert matching(record(share=0.4)).status == "approved"  # type: ignore[union-attr]
    assert matching(record(share=0.4, real_hash="f" * 32)) is None  # other texts
    moved = record(share=0.4)  # the same files read from elsewhere: the same mix
    moved = MixRecord(moved.spec.replace("/data/", "/mnt/copy/"), moved.inputs, moved.table,
                      moved.counts)  # fmt: skip
    assert matching(moved).version == 2  # type: ignore[union-attr]
    assert matching(record(share=0.4, sample_size=999)).version == 2  # type: ignore[union-attr]
    summary = store.review_summary("m")
    assert (summary["version"], summary["status"]) == (2, "approved")
    assert [e["status"] for e in summary["history"]] == ["draft", "approved"]
    older = store.review_summary("m", version=1)
    assert (older["status"], [e["comment"] for e in older["history"]]) == ("draft", ["saved"])
    json.dumps(summary)


def test_an_older_store_is_migrated_in_place_keeping_its_mixes(
    store_path: Path, record: MakeRecord, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mixscope.store import schema

    with MixStore.open(store_path) as store:
        store.save("m", record())
    # a future version that adds a column: the older file is brought up to date on open
    future = ("ALTER TABLE mixes ADD COLUMN note TEXT NOT NULL DEFAULT ''",)
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, future))
    monkeypatch.setattr(schema, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    with MixStore.open(store_path) as store:
        assert store.get("m").record.synthetic_share == 0.3
    conn = sqlite3.connect(store_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    assert conn.execute("SELECT note FROM mixes").fetchall() == [("",)]
    conn.close()
