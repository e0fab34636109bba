"""The store's rows: a record written into its tables, and read back (inside the caller's
transaction; :class:`~mixscope.store.store.MixStore` opens it)."""

from __future__ import annotations

import json
import math
import sqlite3
from datetime import UTC, datetime
from typing import Any

import pandas as pd

from mixscope.store.record import COUNT_COLUMNS, METRIC_COLUMNS, Input, MixRecord, SavedMix

__all__ = ["insert_metrics", "insert_mix", "insert_review", "insert_rows", "latest_version",
           "list_row", "now", "read_saved"]  # fmt: skip


def now() -> str:
    """The time of an event: UTC, ISO 8601, milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def latest_version(conn: sqlite3.Connection, name: str) -> int:
    row = conn.execute("SELECT MAX(version) FROM mixes WHERE name = ?", (name,)).fetchone()
    return int(row[0] or 0)


def insert_mix(
    conn: sqlite3.Connection, name: str, version: int, record: MixRecord, author: str
) -> int:
    cursor = conn.execute(
        "INSERT INTO mixes (name, version, spec, synthetic_share, n_documents, model_id, "
        "evaluation, author, created_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (name, version, record.spec, record.synthetic_share, record.n_documents, record.model_id,
         json.dumps(dict(record.evaluation), allow_nan=False), author, now()),
    )  # fmt: skip
    return int(cursor.lastrowid or 0)


def insert_rows(conn: sqlite3.Connection, mix_id: int, record: MixRecord) -> None:
    conn.executemany(
        "INSERT INTO inputs VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(mix_id, i, c.name, c.role, c.origin, c.content_hash, int(c.n_documents))
         for i, c in enumerate(record.inputs)],
    )  # fmt: skip
    conn.executemany(
        "INSERT INTO counts VALUES (?, ?, ?, ?, ?)",
        [(mix_id, i, str(r["source"]), str(r["role"]), int(r["n"]))
         for i, r in enumerate(record.counts.to_dict("records"))],
    )  # fmt: skip


def insert_metrics(conn: sqlite3.Connection, mix_id: int, table: pd.DataFrame) -> None:
    rows = table.loc[:, list(METRIC_COLUMNS)].itertuples(index=False, name=None)
    conn.executemany(
        "INSERT INTO metrics VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(mix_id, i, str(metric), str(group), *(_real(x) for x in numbers), str(status),
          str(settings))
         for i, (metric, group, *numbers, status, settings) in enumerate(rows)],
    )  # fmt: skip


def insert_review(
    conn: sqlite3.Connection, mix_id: int, kind: str, status: str, comment: str, author: str
) -> None:
    conn.execute(
        "INSERT INTO reviews (mix_id, kind, status, comment, author, created_utc) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (mix_id, kind, status, comment, author, now()),
    )


def _real(x: Any) -> float | None:
    """A metric number for SQLite: NaN (and missing) is NULL."""
    value = float(x) if x is not None else math.nan
    return None if math.isnan(value) else value


def read_saved(conn: sqlite3.Connection, mix_id: int) -> SavedMix:
    name, version, spec, model_id, evaluation, author, created = conn.execute(
        "SELECT name, version, spec, model_id, evaluation, author, created_utc FROM mixes "
        "WHERE id = ?", (mix_id,),
    ).fetchone()  # fmt: skip
    inputs = conn.execute(
        "SELECT name, role, origin, content_hash, n_documents FROM inputs WHERE mix_id = ? "
        "ORDER BY position", (mix_id,),
    ).fetchall()  # fmt: skip
    counts = conn.execute(
        "SELECT source, role, n FROM counts WHERE mix_id = ? ORDER BY position", (mix_id,)
    ).fetchall()
    metrics = conn.execute(
        "SELECT metric, metric_group, value, ci_low, ci_high, noise_floor, status, settings "
        "FROM metrics WHERE mix_id = ? ORDER BY position", (mix_id,),
    ).fetchall()  # fmt: skip
    status, updated = conn.execute(
        "SELECT status, created_utc FROM reviews WHERE mix_id = ? ORDER BY id DESC LIMIT 1",
        (mix_id,),
    ).fetchone()
    table = pd.DataFrame(metrics, columns=list(METRIC_COLUMNS))
    numbers = ["value", "ci_low", "ci_high", "noise_floor"]
    table[numbers] = table[numbers].astype(float)  # NULL is NaN again
    record = MixRecord(
        spec=spec, inputs=tuple(Input(*row) for row in inputs), table=table,
        counts=pd.DataFrame(counts, columns=list(COUNT_COLUMNS)).astype({"n": "int64"}),
        model_id=model_id, evaluation=json.loads(evaluation),
    )  # fmt: skip
    return SavedMix(name, int(version), record, author, created, status, updated)


def list_row(saved: SavedMix) -> dict[str, Any]:
    judged = saved.verdict()
    totals = judged.counts.sum()
    return {
        "name": saved.name, "version": saved.version, "status": saved.status,
        "synthetic_share": saved.record.synthetic_share,
        "n_documents": saved.record.n_documents, "verdict": judged.overall,
        "fail": int(totals.get("fail", 0)), "warn": int(totals.get("warn", 0)),
        "pass": int(totals.get("pass", 0)), "headline": judged.headline,
        "model_id": saved.record.model_id, "author": saved.author,
        "created_utc": saved.created_utc, "updated_utc": saved.updated_utc,
    }  # fmt: skip
