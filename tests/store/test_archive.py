"""Archiving a saved mix hides it from the lists and keeps every version; restoring undoes it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from mixscope.store import ARCHIVED_COLUMNS, MixNotFound, MixRecord, MixStore, StoreError

MakeRecord = Callable[..., MixRecord]  # the `record` fixture (tests/store/conftest.py)


def test_an_archived_mix_leaves_the_lists_and_keeps_its_versions(
    store: MixStore, record: MakeRecord
) -> None:
    store.save("old", record(values={"vendi": 10.0}))
    store.save("old", record(values={"vendi": 11.0}), replace=True)
    store.review("old", "rejected", comment="too skewed", author="Lead")
    store.save("kept", record())
    store.archive("old", comment="superseded by kept", author="Lead")
    assert store.list()["name"].tolist() == ["kept"]
    assert store.refs() == ["kept"]
    archived = store.archived()
    assert list(archived.columns) == list(ARCHIVED_COLUMNS)
    row = archived.iloc[0].to_dict()
    assert (row["name"], row["version"], row["status"]) == ("old", 2, "rejected")
    assert (row["comment"], row["author"]) == ("superseded by kept", "Lead")
    # nothing is deleted: both versions still open, by name and NAME@VERSION
    assert store.get("old").version == 2 and store.lookup("old@1").version == 1
    assert len(store.compare(["old@1", "kept"])) > 0
    assert store.history("old")["status"].tolist() == ["draft", "draft", "rejected"]
    # a manifest or report of a version of it says it is archived, and why
    summary = store.review_summary("old", version=1)
    assert summary["archived"]["comment"] == "superseded by kept"
    assert summary["archived"]["author"] == "Lead"
    assert "archived" not in store.review_summary("kept")


def test_an_archived_name_takes_no_new_version_or_review_until_restored(
    store: MixStore, record: MakeRecord
) -> None:
    store.save("m", record())
    store.archive("m")
    with pytest.raises(StoreError, match="'m' is archived and takes no new version"):
        store.save("m", record(), replace=True)
    with pytest.raises(StoreError, match="is archived and takes no review"):
        store.review("m", "approved", comment="fine")
    with pytest.raises(StoreError, match="archived already"):
        store.archive("m")
    store.restore("m", comment="needed again")
    assert store.list()["name"].tolist() == ["m"] and store.archived().empty
    assert store.save("m", record(), replace=True).version == 2
    with pytest.raises(StoreError, match="not archived"):
        store.restore("m")
    with pytest.raises(MixNotFound, match="no saved mix 'nope'"):
        store.archive("nope")
    store.archive("m")  # archived, restored and archived again: the newest event counts
    assert store.archived()["name"].tolist() == ["m"]


def test_a_version_1_store_is_migrated_and_then_archives(
    store_path: Path, record: MakeRecord
) -> None:
    with MixStore.open(store_path) as store:
        store.save("m", record())
    conn = sqlite3.connect(store_path)  # as the MixScope before archiving wrote it: version 1
    conn.execute("DROP TABLE archive_events")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with MixStore.open(store_path) as store:
        assert store.list()["name"].tolist() == ["m"]
        store.archive("m", comment="done")
        assert store.archived()["comment"].tolist() == ["done"]
    conn = sqlite3.connect(store_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()
