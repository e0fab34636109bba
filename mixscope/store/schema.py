"""The store's tables, and the migrations that bring any older store file up to date.

The schema version is SQLite's ``PRAGMA user_version`` (0 for a new, empty file) and the file
is marked as a MixScope store by ``PRAGMA application_id``. :data:`MIGRATIONS` ``[i]`` takes a
store from version ``i`` to ``i + 1``; :func:`prepare` applies the missing ones in one
``BEGIN IMMEDIATE`` transaction, so two processes opening a new store at once migrate it once,
and a file written by a newer MixScope (a larger version) is refused, never changed.

Tables (version 1)
------------------
``mixes``
    One row per saved version of a named mix: ``name, version`` (unique), ``spec`` (the mix
    spec's TOML, :func:`mixscope.mixing.dump_spec`), ``synthetic_share``, ``n_documents``,
    ``model_id``, ``evaluation`` (JSON of the evaluation options), ``author``, ``created_utc``.
``inputs``
    The corpora of a version, in spec order: ``name, role, origin, content_hash, n_documents``.
``counts``
    The documents each source gave the mix: ``source, role, n``.
``metrics``
    The evaluation table at save time: ``metric, metric_group, value, ci_low, ci_high,
    noise_floor, status, settings`` (NULL for NaN; settings as JSON text).
``reviews``
    The review history of each version, oldest first (``id`` orders it): ``kind`` ("saved" for
    the event a save records, "review" for a decision), ``status`` (draft, approved, rejected),
    ``comment``, ``author``, ``created_utc``.

Tables (version 2)
------------------
``archive_events``
    Names archived (hidden from the lists, every version kept: manifests and reports cite
    them) and restored, oldest first: ``name, kind`` ("archived", "restored"), ``comment,
    author, created_utc``. A name is archived when its newest event is "archived".
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from mixscope.store.errors import StoreError

__all__ = ["APPLICATION_ID", "MIGRATIONS", "SCHEMA_VERSION", "prepare", "schema_version"]

#: ``PRAGMA application_id`` of a MixScope store ("MXSC").
APPLICATION_ID = 0x4D585343

_V1 = (
    """CREATE TABLE mixes (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        version INTEGER NOT NULL CHECK (version >= 1),
        spec TEXT NOT NULL,
        synthetic_share REAL NOT NULL,
        n_documents INTEGER NOT NULL,
        model_id TEXT,
        evaluation TEXT NOT NULL,
        author TEXT NOT NULL,
        created_utc TEXT NOT NULL,
        UNIQUE (name, version)
    )""",
    """CREATE TABLE inputs (
        mix_id INTEGER NOT NULL REFERENCES mixes (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('real', 'synthetic')),
        origin TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        n_documents INTEGER NOT NULL,
        PRIMARY KEY (mix_id, position)
    ) WITHOUT ROWID""",
    """CREATE TABLE counts (
        mix_id INTEGER NOT NULL REFERENCES mixes (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        source TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('real', 'synthetic')),
        n INTEGER NOT NULL CHECK (n >= 0),
        PRIMARY KEY (mix_id, position)
    ) WITHOUT ROWID""",
    """CREATE TABLE metrics (
        mix_id INTEGER NOT NULL REFERENCES mixes (id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        metric TEXT NOT NULL,
        metric_group TEXT NOT NULL,
        value REAL,
        ci_low REAL,
        ci_high REAL,
        noise_floor REAL,
        status TEXT NOT NULL CHECK (status IN ('pass', 'warn', 'fail', 'n/a')),
        settings TEXT NOT NULL,
        PRIMARY KEY (mix_id, position)
    ) WITHOUT ROWID""",
    """CREATE TABLE reviews (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        mix_id INTEGER NOT NULL REFERENCES mixes (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('saved', 'review')),
        status TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'rejected')),
        comment TEXT NOT NULL,
        author TEXT NOT NULL,
        created_utc TEXT NOT NULL
    )""",
    "CREATE INDEX reviews_of_mix ON reviews (mix_id, id)",
)

_V2 = (
    """CREATE TABLE archive_events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('archived', 'restored')),
        comment TEXT NOT NULL,
        author TEXT NOT NULL,
        created_utc TEXT NOT NULL
    )""",
    "CREATE INDEX archive_events_of_name ON archive_events (name, id)",
)

#: ``MIGRATIONS[i]``: the statements that take a store from schema version ``i`` to ``i + 1``.
MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2)
#: The schema version this MixScope writes (and the newest it reads).
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """The file's schema version (``PRAGMA user_version``)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def prepare(conn: sqlite3.Connection, path: Path) -> None:
    """Check that ``conn`` holds a MixScope store this version can read, and migrate it to
    :data:`SCHEMA_VERSION` if it is older (a new file is version 0). ``conn`` must be in
    autocommit mode (``isolation_level=None``) with a busy timeout."""
    _check_version(schema_version(conn), path)
    if schema_version(conn) == SCHEMA_VERSION:
        _check_application(conn, path)
        return
    conn.execute("BEGIN IMMEDIATE")  # one migrator at a time; the others wait, then see it done
    try:
        version = schema_version(conn)
        _check_version(version, path)
        if version == 0:
            _check_empty(conn, path)
        else:
            _check_application(conn, path)
        for statements in MIGRATIONS[version:]:
            for statement in statements:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _check_version(version: int, path: Path) -> None:
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"the store {path} has schema version {version}, written by a newer MixScope; this "
            f"one reads versions up to {SCHEMA_VERSION}: upgrade MixScope (the file was not "
            "changed)"
        )


def _check_application(conn: sqlite3.Connection, path: Path) -> None:
    found = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if found != APPLICATION_ID:
        raise StoreError(f"{path} is an SQLite database of another program, not a MixScope store")


def _check_empty(conn: sqlite3.Connection, path: Path) -> None:
    tables = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    application = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if tables or application not in (0, APPLICATION_ID):
        raise StoreError(
            f"{path} is an SQLite database of another program (tables "
            f"{sorted(t[0] for t in tables)}), not a MixScope store; choose another file"
        )
