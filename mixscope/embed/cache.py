"""Persistent embedding cache: Parquet shards per model, queried with DuckDB.

Layout: ``<root>/embeddings/<model slug>/shard-<time>-<pid>-<random>.parquet``, each shard a
table ``key`` (``mixscope.corpus.text.text_key`` of the normalised text) and ``vector``
(fixed-size list of float32). Writers never touch an existing shard: they write a hidden
temporary file in the same directory and ``os.replace`` it into place, so readers only ever see
complete shards, a crash leaves at most an ignored temporary file, and any number of processes
can write at once. The same
key in two shards is harmless (the vectors are equal; one is picked).
"""

from __future__ import annotations

import os
import re
import time
import uuid
import warnings
from collections.abc import Sequence
from pathlib import Path

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import xxhash

#: Environment variable that overrides the default cache root.
CACHE_ENV = "MIXSCOPE_CACHE_DIR"
_SHARD_GLOB = "shard-*.parquet"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_QUERY = """
    SELECT w.pos, s.vector
    FROM wanted AS w
    JOIN (SELECT key, any_value(vector) AS vector FROM read_parquet($files) GROUP BY key) AS s
      ON s.key = w.key
"""


def default_cache_root() -> Path:
    """``$MIXSCOPE_CACHE_DIR`` if set, else ``~/.cache/mixscope``."""
    env = os.environ.get(CACHE_ENV)
    return Path(env).expanduser() if env else Path.home() / ".cache" / "mixscope"


def model_slug(model_id: str) -> str:
    """Directory name for a model id: readable, filesystem-safe, collision-free.

    Examples
    --------
    >>> model_slug("sentence-transformers/all-MiniLM-L6-v2")
    'sentence-transformers_all-MiniLM-L6-v2-48047b20'
    """
    if not model_id:
        raise ValueError("model_id must be a non-empty string, got ''")
    readable = _UNSAFE.sub("_", model_id).strip("._")[:80]
    return f"{readable}-{xxhash.xxh3_64_hexdigest(model_id.encode('utf-8'))[:8]}"


class EmbeddingCache:
    """On-disk store of embedding vectors keyed by (model id, text key).

    Parameters
    ----------
    root : str or Path, optional
        Cache root; defaults to :func:`default_cache_root`. Created on first write.
    """

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = Path(root).expanduser() if root is not None else default_cache_root()

    def __repr__(self) -> str:
        return f"EmbeddingCache({str(self.root)!r})"

    def model_dir(self, model_id: str) -> Path:
        """Directory holding the shards of one model."""
        return self.root / "embeddings" / model_slug(model_id)

    def shards(self, model_id: str) -> list[Path]:
        """Readable shards of a model; unreadable ones are quarantined with a warning."""
        directory = self.model_dir(model_id)
        if not directory.is_dir():
            return []
        return [p for p in sorted(directory.glob(_SHARD_GLOB)) if _check_footer(p)]

    def get(self, model_id: str, keys: Sequence[str], *, dim: int) -> tuple[np.ndarray, np.ndarray]:
        """Look keys up.

        Parameters
        ----------
        model_id : str
        keys : sequence of str
            Text keys (``mixscope.corpus.text.text_key``); repeats are allowed.
        dim : int
            Expected vector length; a shard with another length raises ``ValueError``.

        Returns
        -------
        vectors : ndarray of shape (len(keys), dim), float32
            Cached vectors; rows of keys not found are zero.
        found : ndarray of shape (len(keys),), bool
        """
        vectors = np.zeros((len(keys), dim), dtype=np.float32)
        found = np.zeros(len(keys), dtype=bool)
        if not keys:
            return vectors, found
        wanted = pa.table({"key": pa.array(keys, pa.string()), "pos": np.arange(len(keys))})
        for attempt in range(3):
            files = self.shards(model_id)
            if not files:
                return vectors, found
            try:
                table = _query(files, wanted)
                break
            except duckdb.Error as err:
                # A shard vanished (compaction elsewhere) or has a corrupt body: re-check, retry.
                if attempt == 2:
                    raise OSError(f"embedding cache at {self.model_dir(model_id)}: {err}") from err
                for path in files:
                    _check_body(path)
        pos = table.column("pos").to_numpy()
        flat = table.column("vector").combine_chunks().flatten().to_numpy()
        if flat.size != len(pos) * dim:
            raise ValueError(
                f"cached vectors for model {model_id!r} do not have dim {dim} "
                f"(got {flat.size} values for {len(pos)} keys)"
            )
        vectors[pos] = flat.reshape(len(pos), dim)
        found[pos] = True
        return vectors, found

    def put(self, model_id: str, keys: Sequence[str], vectors: np.ndarray) -> Path | None:
        """Store vectors as one new shard (atomically); returns its path, None if empty.

        Parameters
        ----------
        model_id : str
        keys : sequence of str
            One text key per row of ``vectors``.
        vectors : ndarray of shape (len(keys), dim)
        """
        array = np.ascontiguousarray(vectors, dtype=np.float32)
        if array.ndim != 2 or array.shape[0] != len(keys):
            raise ValueError(
                f"vectors must have shape ({len(keys)}, dim) to match the keys, got {array.shape}"
            )
        if not keys:
            return None
        table = pa.table(
            {
                "key": pa.array(keys, pa.string()),
                "vector": pa.FixedSizeListArray.from_arrays(
                    pa.array(array.ravel()), array.shape[1]
                ),
            }
        ).replace_schema_metadata({"model_id": model_id})
        return _write_atomic(self.model_dir(model_id), table)

    def count(self, model_id: str) -> int:
        """Number of distinct keys cached for a model."""
        files = self.shards(model_id)
        if not files:
            return 0
        sql = "SELECT count(DISTINCT key) FROM read_parquet($files)"
        row = duckdb.connect().execute(sql, {"files": [str(f) for f in files]}).fetchone()
        return int(row[0]) if row else 0

    def compact(self, model_id: str) -> Path | None:
        """Merge a model's shards into one, dropping duplicate keys; returns the new shard."""
        files = self.shards(model_id)
        if len(files) < 2:
            return files[0] if files else None
        sql = "SELECT key, any_value(vector) AS vector FROM read_parquet($files) GROUP BY key"
        merged = duckdb.connect().sql(sql, params={"files": [str(f) for f in files]})
        table = merged.to_arrow_table()
        dim = len(table.column("vector")[0])
        flat = table.column("vector").combine_chunks().flatten().to_numpy()
        written = self.put(model_id, table.column("key").to_pylist(), flat.reshape(-1, dim))
        for path in files:  # only after the merged shard is in place: nothing is ever missing
            path.unlink(missing_ok=True)
        return written


def _query(files: list[Path], wanted: pa.Table) -> pa.Table:
    con = duckdb.connect()
    try:
        con.register("wanted", wanted)
        return con.sql(_QUERY, params={"files": [str(f) for f in files]}).to_arrow_table()
    finally:
        con.close()


def _write_atomic(directory: Path, table: pa.Table) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    name = f"shard-{time.time_ns()}-{os.getpid()}-{uuid.uuid4().hex[:8]}.parquet"
    final = directory / name
    temp = directory / f".{name}.tmp"
    try:
        with open(temp, "wb") as handle:
            pq.write_table(table, handle, compression="zstd")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, final)
    finally:
        temp.unlink(missing_ok=True)
    return final


def _check_footer(path: Path) -> bool:
    try:
        schema = pq.read_schema(path)
    except FileNotFoundError:
        return False
    except (OSError, pa.ArrowException) as err:
        _quarantine(path, err)
        return False
    if schema.names[:2] != ["key", "vector"]:
        _quarantine(path, ValueError(f"columns {schema.names}, expected ['key', 'vector']"))
        return False
    return True


def _check_body(path: Path) -> None:
    try:
        pq.read_table(path)
    except FileNotFoundError:
        return
    except (OSError, pa.ArrowException) as err:
        _quarantine(path, err)


def _quarantine(path: Path, err: Exception) -> None:
    target = path.with_name(f"{path.name}.corrupt")
    try:
        os.replace(path, target)
    except FileNotFoundError:
        return  # another process got there first
    warnings.warn(
        f"skipping unreadable embedding cache shard {path} ({err}); moved to {target.name}, "
        "its texts will be embedded again",
        RuntimeWarning,
        stacklevel=4,
    )
