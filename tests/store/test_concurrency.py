"""Several processes writing at once, and a writer killed inside its transaction: the store
stays whole (every committed save, none of the killed one) and usable."""

from __future__ import annotations

import os
import pickle
import select
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from mixscope.store import MixRecord, MixStore, StoreError

MakeRecord = Callable[..., MixRecord]  # the `record` fixture (tests/store/conftest.py)
WORKERS, SAVES = 4, 4

# Each worker waits for the go file, then opens the store anew for every save (so the workers
# also race to create and migrate a new file), saves its own names and a shared one.
WORKER = """
import pickle, sys, time
from pathlib import Path
from mixscope.store import MixStore
path, worker, go, saved = sys.argv[1], sys.argv[2], Path(sys.argv[3]), sys.argv[4]
record = pickle.loads(Path(saved).read_bytes())
while not go.exists():
    time.sleep(0.005)
for i in range(int(sys.argv[5])):
    with MixStore.open(path) as store:
        store.save(f"{worker}-{i}", record, author=worker)
        store.review(f"{worker}-{i}", "approved", comment="ok", author=worker)
        store.save("shared", record, replace=True, author=worker)
        store.get("shared")
"""

# Saves under argv[3], and stops for good inside the transaction, after the metric rows.
STALLED = """
import pickle, sys, time
from pathlib import Path
import mixscope.store.rows as module
from mixscope.store import MixStore
insert = module.insert_metrics
def stalled(conn, mix_id, table):
    insert(conn, mix_id, table)
    print("inside the transaction", flush=True)
    time.sleep(600)
module.insert_metrics = stalled
record = pickle.loads(Path(sys.argv[2]).read_bytes())
with MixStore.open(sys.argv[1]) as store:
    store.save(sys.argv[3], record, replace=True)
"""


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


def test_concurrent_writers_all_land(tmp_path: Path, record: MakeRecord) -> None:
    path, go, saved = tmp_path / "new" / "store.sqlite", tmp_path / "go", tmp_path / "record.pkl"
    saved.write_bytes(pickle.dumps(record()))
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(path), f"w{k}", str(go), str(saved),
                          str(SAVES)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for k in range(WORKERS)
    ]  # fmt: skip
    time.sleep(0.5)  # let them import and wait at the line
    go.touch()
    results = [w.communicate(timeout=240) for w in workers]
    for worker, (_, err) in zip(workers, results, strict=True):
        assert worker.returncode == 0, err
        assert "locked" not in err and "Traceback" not in err, err
    with MixStore.open(path) as store:
        names = store.names()
        assert len(names) == WORKERS * SAVES + 1
        shared = store.history("shared")
        assert sorted(shared["version"]) == list(range(1, WORKERS * SAVES + 1))
        for name in names:
            if name != "shared":
                assert store.history(name)["status"].tolist() == ["draft", "approved"]
    assert _integrity(path) == "ok"


def _start_stalled(path: Path, saved: Path, name: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-c", STALLED, str(path), str(saved), name]
    writer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert writer.stdout is not None
    ready, _, _ = select.select([writer.stdout], [], [], 120)
    line = writer.stdout.readline() if ready else ""
    if line.strip() != "inside the transaction":
        writer.kill()
        pytest.fail(f"the writer did not reach its transaction: {writer.communicate()[1]}")
    return writer


@pytest.mark.parametrize("name", ["new", "before"])
def test_a_writer_killed_mid_save_leaves_no_trace(
    tmp_path: Path, store_path: Path, record: MakeRecord, name: str
) -> None:
    saved = tmp_path / "record.pkl"
    saved.write_bytes(pickle.dumps(record(share=0.9)))
    with MixStore.open(store_path) as store:
        store.save("before", record(share=0.1))
    writer = _start_stalled(store_path, saved, name)
    try:
        with MixStore.open(store_path) as store:  # WAL: reads go on, and see nothing half-done
            assert store.names() == ["before"]
        with (
            MixStore.open(store_path, timeout=0.2) as hurried,
            pytest.raises(StoreError, match="locked by another writer"),
        ):
            hurried.review("before", "approved", comment="x")
    finally:
        os.kill(writer.pid, signal.SIGKILL)
        writer.wait(timeout=60)
    assert writer.returncode == -signal.SIGKILL
    assert _integrity(store_path) == "ok"
    with MixStore.open(store_path, timeout=5) as store:
        assert store.names() == ["before"]
        before = store.get("before")
        assert (before.version, before.record.synthetic_share) == (1, 0.1)
        assert store.history("before")["kind"].tolist() == ["saved"]
        store.save(name, record(share=0.5), replace=True)  # the lock died with the writer
        assert store.get(name).record.synthetic_share == 0.5
    assert _integrity(store_path) == "ok"
