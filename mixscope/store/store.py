"""The store of saved mixes: one SQLite file that several processes read and write at once.

Every write is one ``BEGIN IMMEDIATE`` transaction (a save: the mix row, its inputs, counts and
metric rows and its first review event), so a process killed mid-save leaves no trace of it,
and writers queue behind SQLite's write lock for up to ``timeout`` seconds instead of failing.
The file is in WAL mode (readers never wait for a writer) with ``synchronous=FULL`` and foreign
keys on. WAL needs a local file system: do not put the store on a network share.

Names and versions: saving under a name that exists is refused unless ``replace=True``, which
records the next version; earlier versions and their reviews are kept (``get(name,
version=1)``, ``history(name)``). A name's status is that of its latest version, and a new
version starts as a draft: an approval applies to the contents that were approved.
"""

from __future__ import annotations

import builtins
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd

from mixscope.mixing import MixConfig
from mixscope.store import rows
from mixscope.store.errors import MixNotFound, StoreError
from mixscope.store.paths import default_store_path
from mixscope.store.record import REVIEW_STATUSES, Input, MixRecord, SavedMix
from mixscope.store.schema import prepare

__all__ = ["ARCHIVED_COLUMNS", "DEFAULT_TIMEOUT", "HISTORY_COLUMNS", "LIST_COLUMNS", "MixStore"]

#: Seconds a writer waits for another writer's transaction before giving up.
DEFAULT_TIMEOUT = 30.0
#: Longest name, author and comment accepted (characters).
MAX_NAME, MAX_AUTHOR, MAX_COMMENT = 200, 200, 10_000
#: Columns of :meth:`MixStore.list`.
LIST_COLUMNS = (
    "name", "version", "status", "synthetic_share", "n_documents", "verdict", "fail", "warn",
    "pass", "headline", "model_id", "author", "created_utc", "updated_utc",
)  # fmt: skip
#: Columns of :meth:`MixStore.history`.
HISTORY_COLUMNS = ("version", "kind", "status", "comment", "author", "created_utc")
#: Columns of :meth:`MixStore.archived`.
ARCHIVED_COLUMNS = ("name", "version", "status", "comment", "author", "archived_utc")


class MixStore:
    """Saved mixes with their metric tables and reviews, in one SQLite file.

    Open with :meth:`open` (a context manager closes it). Every method is one transaction.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> with MixStore.open(pathlib.Path(tempfile.mkdtemp()) / "store.sqlite") as store:
    ...     store.list().empty
    True
    """

    def __init__(self, conn: sqlite3.Connection, path: Path, timeout: float) -> None:
        self._conn, self.path, self.timeout = conn, path, timeout

    @classmethod
    def open(cls, path: str | Path | None = None, *, timeout: float = DEFAULT_TIMEOUT) -> MixStore:
        """Open (creating or migrating it if needed) the store at ``path``, default
        :func:`~mixscope.store.paths.default_store_path`."""
        path = default_store_path() if path is None else Path(path).expanduser()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise StoreError(f"cannot create the store's folder {path.parent}: {err}") from None
        if path.is_dir():
            raise StoreError(f"the store {path} is a folder; give a file path")
        store = cls(_connect(path, timeout), path, timeout)
        try:
            with store._errors():
                store._setup()
        except BaseException:
            store.close()
            raise
        return store

    def _setup(self) -> None:
        conn = self._conn
        conn.execute("PRAGMA foreign_keys = ON")
        self._retry_locked(self._wal)
        conn.execute("PRAGMA synchronous = FULL")
        prepare(conn, self.path)

    def _wal(self) -> None:
        if self._conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            self._conn.execute("PRAGMA journal_mode = WAL")  # persistent: once per file

    def _retry_locked(self, step: Callable[[], None]) -> None:
        """Run ``step``, again while the file is locked, for up to ``timeout`` seconds. Switching
        a new file to WAL needs it alone: SQLite answers "locked" at once, without waiting, when
        another process racing to create the same store holds it (the busy timeout only covers
        waits SQLite can resolve)."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                step()
                return
            except sqlite3.OperationalError as err:
                if "locked" not in str(err) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> MixStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -------------------------------------------------------------------------------
    def save(
        self, name: str, record: MixRecord, *, author: str = "", comment: str = "",
        replace: bool = False,
    ) -> SavedMix:  # fmt: skip
        """Save ``record`` as ``name`` (a draft); with ``replace=True`` an existing name gets a
        new version, else it is refused."""
        name, author = _name(name), _text(author, "author", MAX_AUTHOR)
        comment = _text(comment, "comment", MAX_COMMENT)
        with self._write() as conn:
            _refuse_archived(conn, name, "new version")
            latest = rows.latest_version(conn, name)
            if latest and not replace:
                raise StoreError(
                    f"a mix named {name!r} is saved already (version {latest}); choose another "
                    "name, or replace it (a new version; the old one is kept)"
                )
            version = latest + 1
            mix_id = rows.insert_mix(conn, name, version, record, author)
            rows.insert_rows(conn, mix_id, record)
            rows.insert_metrics(conn, mix_id, record.table)
            note = comment or ("saved" if version == 1 else f"saved as version {version}")
            rows.insert_review(conn, mix_id, "saved", "draft", note, author)
            return rows.read_saved(conn, mix_id)

    def archive(self, name: str, *, comment: str = "", author: str = "") -> None:
        """Hide ``name`` (every version) from :meth:`list` and :meth:`refs`; nothing is
        deleted: :meth:`get`, :meth:`lookup` and the manifests that cite it still find it, and
        :meth:`restore` brings it back. An archived name takes no new version or review."""
        self._archive_event(name, "archived", comment, author)

    def restore(self, name: str, *, comment: str = "", author: str = "") -> None:
        """Undo :meth:`archive` of ``name``."""
        self._archive_event(name, "restored", comment, author)

    def archived(self) -> pd.DataFrame:
        """The archived names with their latest version and status, and who archived them,
        when and why; columns :data:`ARCHIVED_COLUMNS`, by name."""
        with self._read() as conn:
            found = conn.execute(
                "SELECT e.name, m.version, (SELECT status FROM reviews WHERE mix_id = m.id "
                "ORDER BY id DESC LIMIT 1), e.comment, e.author, e.created_utc "
                "FROM archive_events e JOIN mixes m ON m.name = e.name "
                f"WHERE {_NEWEST_EVENT} AND e.kind = 'archived' AND {_LATEST} ORDER BY e.name"
            ).fetchall()
        return pd.DataFrame(found, columns=list(ARCHIVED_COLUMNS))

    def _archive_event(self, name: str, kind: str, comment: str, author: str) -> None:
        name, author = _name(name), _text(author, "author", MAX_AUTHOR)
        comment = _text(comment, "comment", MAX_COMMENT)
        with self._write() as conn:
            self._mix_id(conn, name)  # a saved name
            if (kind == "archived") == _is_archived(conn, name):
                state = "archived already" if kind == "archived" else "not archived"
                raise StoreError(f"the saved mix {name!r} is {state}")
            conn.execute(
                "INSERT INTO archive_events (name, kind, comment, author, created_utc) "
                "VALUES (?, ?, ?, ?, ?)",
                (name, kind, comment, author, rows.now()),
            )

    def review(self, name: str, status: str, *, comment: str = "", author: str = "") -> SavedMix:
        """Record a review of ``name``'s latest version: ``status`` (draft, approved, rejected)
        with a comment (required to approve or reject) and its author."""
        name, author = _name(name), _text(author, "author", MAX_AUTHOR)
        comment = _text(comment, "comment", MAX_COMMENT)
        if status not in REVIEW_STATUSES:
            allowed = list(REVIEW_STATUSES)
            raise StoreError(f"review status must be one of {allowed}, got {status!r}")
        if status != "draft" and not comment:
            raise StoreError(f"say why in a comment to mark {name!r} {status}")
        with self._write() as conn:
            mix_id = self._mix_id(conn, name)
            _refuse_archived(conn, name, "review")
            rows.insert_review(conn, mix_id, "review", status, comment, author)
            return rows.read_saved(conn, mix_id)

    # --- reading -------------------------------------------------------------------------------
    def names(self) -> list[str]:
        """The saved names, sorted."""
        with self._read() as conn:
            return [r[0] for r in conn.execute("SELECT DISTINCT name FROM mixes ORDER BY name")]

    def get(self, name: str, *, version: int | None = None) -> SavedMix:
        """The saved mix ``name`` (its latest version, or ``version``)."""
        name = _name(name)
        with self._read() as conn:
            mix_id = self._mix_id(conn, name, version)
            return rows.read_saved(conn, mix_id)

    def history(self, name: str) -> pd.DataFrame:
        """Every save and review of ``name``, oldest first, columns :data:`HISTORY_COLUMNS`."""
        name = _name(name)
        with self._read() as conn:
            self._mix_id(conn, name)
            rows = conn.execute(
                "SELECT m.version, r.kind, r.status, r.comment, r.author, r.created_utc "
                "FROM reviews r JOIN mixes m ON m.id = r.mix_id WHERE m.name = ? ORDER BY r.id",
                (name,),
            ).fetchall()
        return pd.DataFrame(rows, columns=list(HISTORY_COLUMNS))

    def list(self) -> pd.DataFrame:
        """The latest version of every saved mix not archived, with its status and verdict, by
        name; columns :data:`LIST_COLUMNS` (``verdict`` is the worst status, ``fail, warn,
        pass`` count the metrics with each, ``updated_utc`` is the time of the last save or
        review)."""
        with self._read() as conn:
            latest = conn.execute(
                f"SELECT id FROM mixes m WHERE {_LATEST} AND m.name NOT IN ({_ARCHIVED_NAMES}) "
                "ORDER BY name"
            )
            saved = [rows.read_saved(conn, row[0]) for row in latest.fetchall()]
        return pd.DataFrame([rows.list_row(s) for s in saved], columns=list(LIST_COLUMNS))

    def matching(self, config: MixConfig, inputs: Sequence[Input]) -> SavedMix | None:
        """The newest saved version of the same mix: equal config and the same corpora (names,
        roles and content hashes, in order), wherever the files were read from. How a manifest
        or report of the current mix finds its review; None if it was never saved."""
        wanted = [(i.name, i.role, i.content_hash) for i in inputs]
        with self._read() as conn:
            ids = [r[0] for r in conn.execute(
                "SELECT id FROM mixes WHERE synthetic_share = ? ORDER BY id DESC",
                (config.synthetic_share,),
            )]  # fmt: skip
            for mix_id in ids:
                found = rows.read_saved(conn, mix_id)
                same = [(i.name, i.role, i.content_hash) for i in found.record.inputs] == wanted
                if same and found.record.mix_spec().config == config:
                    return found
        return None

    def review_summary(self, name: str, *, version: int | None = None) -> dict[str, Any]:
        """The review of ``name`` (its latest version, or ``version``) as JSON-ready data for a
        manifest or report: name, version, status, and every event of that version (status,
        comment, author, time); an archived mix adds ``archived`` (comment, author, time)."""
        saved = self.get(name, version=version)
        history = self.history(saved.name)
        events = history[history["version"] == saved.version].drop(columns="version")
        summary = {"name": saved.name, "version": saved.version, "status": saved.status,
                   "updated_utc": saved.updated_utc,
                   "history": events.to_dict("records")}  # fmt: skip
        with self._read() as conn:
            event = _newest_event(conn, saved.name)
        if event is not None and event[0] == "archived":
            summary["archived"] = dict(zip(("comment", "author", "archived_utc"), event[1:],
                                           strict=True))  # fmt: skip
        return summary

    def lookup(self, ref: str) -> SavedMix:
        """The saved mix ``ref`` names: ``NAME`` (its latest version) or ``NAME@VERSION``.

        A mix whose own name ends in ``@`` and digits is found by that whole name first."""
        ref = _name(ref)
        try:
            return self.get(ref)
        except MixNotFound:
            versioned = _VERSIONED.fullmatch(ref)
            if versioned is None:
                raise
        return self.get(versioned["name"], version=int(versioned["version"]))

    def refs(self) -> builtins.list[str]:
        """Every saved version as a reference :meth:`lookup` takes, by name (archived names
        left out): the plain name for the latest version, then ``NAME@VERSION`` for the older
        ones, newest first."""
        with self._read() as conn:
            found = conn.execute(
                f"SELECT name, version FROM mixes WHERE name NOT IN ({_ARCHIVED_NAMES}) "
                "ORDER BY name, version DESC"
            )
            out, latest = [], None
            for name, version in found.fetchall():
                out.append(name if name != latest else f"{name}@{version}")
                latest = name
        return out

    def compare(self, refs: Sequence[str]) -> pd.DataFrame:
        """The metric tables of the mixes ``refs`` name (see :meth:`lookup`) side by side in
        long form, with each value's change against the first
        (:func:`mixscope.store.compare.compare_table`)."""
        from mixscope.store.compare import compare_table

        return compare_table(self.lookup_distinct(refs))

    def lookup_distinct(self, refs: Sequence[str]) -> builtins.list[SavedMix]:
        """:meth:`lookup` of each of two or more references that name different versions."""
        cleaned = [_name(r) for r in refs]
        mixes = [self.lookup(r) for r in cleaned]
        if len(mixes) < 2 or len({(m.name, m.version) for m in mixes}) != len(mixes):
            raise StoreError(f"compare needs two or more different saved mixes (a name, or "
                             f"NAME@VERSION for one version), got {cleaned}")  # fmt: skip
        return mixes

    # --- transactions and errors ---------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._errors():
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                if self._conn.in_transaction:  # SQLite may have rolled back already
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._errors():
            self._conn.execute("BEGIN")  # one snapshot for the several tables read
            try:
                yield self._conn
            finally:
                if self._conn.in_transaction:
                    self._conn.execute("COMMIT")

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as err:
            raise StoreError(_explain(err, self.path, self.timeout)) from None

    def _mix_id(self, conn: sqlite3.Connection, name: str, version: int | None = None) -> int:
        if version is None:
            row = conn.execute(
                "SELECT id FROM mixes WHERE name = ? ORDER BY version DESC LIMIT 1", (name,)
            ).fetchone()
        else:
            row = conn.execute(
                "SELECT id FROM mixes WHERE name = ? AND version = ?", (name, version)
            ).fetchone()
        if row is None:
            names = [r[0] for r in conn.execute("SELECT DISTINCT name FROM mixes ORDER BY name")]
            which = f"{name!r}" + ("" if version is None else f" version {version}")
            raise MixNotFound(f"no saved mix {which} in {self.path}; saved: {names or 'none'}")
        return int(row[0])


#: The newest archive event of its name (``e``: a row of archive_events).
_NEWEST_EVENT = "e.id = (SELECT MAX(id) FROM archive_events WHERE name = e.name)"
_ARCHIVED_NAMES = (
    f"SELECT e.name FROM archive_events e WHERE {_NEWEST_EVENT} AND e.kind = 'archived'"
)


def _newest_event(conn: sqlite3.Connection, name: str) -> tuple[str, str, str, str] | None:
    """(kind, comment, author, created_utc) of ``name``'s newest archive event, or None."""
    row = conn.execute(
        "SELECT kind, comment, author, created_utc FROM archive_events WHERE name = ? "
        "ORDER BY id DESC LIMIT 1", (name,),
    ).fetchone()  # fmt: skip
    return None if row is None else (str(row[0]), str(row[1]), str(row[2]), str(row[3]))


def _is_archived(conn: sqlite3.Connection, name: str) -> bool:
    event = _newest_event(conn, name)
    return event is not None and event[0] == "archived"


def _refuse_archived(conn: sqlite3.Connection, name: str, what: str) -> None:
    if _is_archived(conn, name):
        raise StoreError(f"the saved mix {name!r} is archived and takes no {what}; restore it "
                         "first (mixscope archive --restore NAME, or the Review page)")  # fmt: skip


#: ``NAME@VERSION``: one version of a saved mix (:meth:`MixStore.lookup`).
_VERSIONED = re.compile(r"(?P<name>.+)@(?P<version>[1-9][0-9]{0,8})")
_LATEST = "m.version = (SELECT MAX(version) FROM mixes WHERE name = m.name)"


def _connect(path: Path, timeout: float) -> sqlite3.Connection:
    try:
        # isolation_level=None: no implicit transactions, each method opens its own
        return sqlite3.connect(path, timeout=timeout, isolation_level=None)
    except sqlite3.Error as err:
        raise StoreError(_explain(err, path, timeout)) from None


def _explain(err: sqlite3.Error, path: Path, timeout: float) -> str:
    text = str(err)
    if "locked" in text or "busy" in text:
        return (f"the store {path} stayed locked by another writer for more than {timeout:g} s; "
                "try again")  # fmt: skip
    if "readonly" in text:
        return f"the store {path} is read-only for this user; choose a writable file"
    if "unable to open" in text:
        return f"cannot open the store {path}: is its folder writable? ({text})"
    if isinstance(err, sqlite3.OperationalError | sqlite3.IntegrityError):
        return f"the store {path} refused the request: {text}"
    return f"{path} is not a readable MixScope store (damaged, or not SQLite): {text}"


def _name(name: str) -> str:
    cleaned = _text(name, "name", MAX_NAME)
    if not cleaned:
        raise StoreError("a saved mix needs a name")
    return cleaned


def _text(value: str, what: str, limit: int) -> str:
    if not isinstance(value, str):
        raise StoreError(f"{what} must be text, got {type(value).__name__}")
    cleaned = value.strip()
    if len(cleaned) > limit:
        raise StoreError(f"{what} has {len(cleaned):,} characters; at most {limit:,} are kept")
    if what != "comment" and any(not ch.isprintable() for ch in cleaned):
        raise StoreError(f"{what} {cleaned!r} holds control characters")
    return cleaned
