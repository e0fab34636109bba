"""Persistent embedding cache: Parquet shards per model, verified on every read.

Layout: ``<root>/embeddings/<slug of the cache id>/shard-<time>-<pid>-<random>.parquet``, each
shard a table ``key`` (``mixscope.corpus.text.text_key`` of the normalised text) and ``vector``
(fixed-size list of float32). The directory is named after the embedder's ``cache_id``, its
identity (for sentence-transformers a hash of the model's files, not its name or path), so a
model changed in place gets a fresh cache. Caches written before cache ids existed were keyed
by the model name: for sentence-transformers models they simply miss and are filled anew.

Writers never touch an existing shard: they write a hidden temporary file
``.shard-....parquet.tmp`` in the same directory and ``os.replace`` it into place, so readers
only ever see complete shards and any number of processes can write at once. The same key in
two shards is harmless (the vectors are equal; one is picked).

Damage. Shards are written with Parquet page checksums (a CRC-32 per page) and read with
pyarrow, which verifies them (DuckDB does not: it returned wrong vectors, without an error, for
most single flipped bytes in a shard's pages). Every vector read back must then have the
expected width, be finite, and have unit L2 norm within :func:`unit_tolerance` (or be all
zero: the lexical embedder's vector of a text without features). A shard failing any check is
moved aside to ``<name>.corrupt`` with a ``RuntimeWarning``; its keys read as not found, so
their texts are embedded again. Shards written before checksums existed get the vector checks.

Leftovers. A writer killed mid-write leaves its temporary file. Listing a model's shards deletes
temporary files not modified for :data:`STALE_TEMP_AGE` seconds (one hour). A live writer
modifies its file until it renames it, less than a second later for a chunk of 1024 vectors, so
only a writer suspended for an hour between its last byte and its rename can lose its file, and
then it writes the shard again. Age, unlike the pid in the file name, also means something on a
cache shared by several hosts over a network file system.
"""

from __future__ import annotations

import os
import re
import shutil
import time
import uuid
import warnings
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import xxhash

#: Environment variable that overrides the default cache root.
CACHE_ENV = "MIXSCOPE_CACHE_DIR"
#: Seconds after its last modification when a writer's temporary file counts as abandoned.
STALE_TEMP_AGE = 3600.0
_SHARD_GLOB = "shard-*.parquet"
_TEMP_GLOB = ".shard-*.parquet.tmp"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_FLOAT32_ROUNDOFF = 2.0**-24
_READERS = 8  # shards read in parallel: pyarrow releases the GIL while decoding
_NORM_BLOCK = 4096  # rows per float64 norm computation: bounds the temporary copy


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


def unit_tolerance(dim: int) -> float:
    """Largest ``|norm - 1|`` accepted for a float32 unit vector of ``dim`` components.

    Normalising ``x / ||x||`` in float32 errs in the norm by at most ``(dim/2 + 2) u`` with
    ``u = 2**-24`` (the sum of ``dim`` squares, its square root, one rounding per quotient);
    the tolerance is twice that bound, ``(dim + 4) u``. all-MiniLM-L6-v2's vectors stay within
    1.4e-7 of norm 1 (3,000 texts), far inside 2.3e-5; a flipped exponent bit is far outside.

    Examples
    --------
    >>> f"{unit_tolerance(384):.3g}"
    '2.31e-05'
    """
    return (dim + 4) * _FLOAT32_ROUNDOFF


def check_unit_vectors(vectors: np.ndarray, *, dim: int) -> None:
    """Raise ``ValueError`` unless ``vectors`` holds finite rows of length ``dim`` and unit norm.

    An all-zero row is accepted (the vector of a text with no features). Norms are computed in
    float64 and compared with :func:`unit_tolerance`.

    Examples
    --------
    >>> check_unit_vectors(np.eye(3, dtype=np.float32), dim=3)
    >>> check_unit_vectors(np.full((1, 2), 3.0), dim=2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: vectors must have unit L2 norm (within 3.6e-07) or be zero, got norm 4.24264 ...
    """
    if vectors.ndim != 2 or vectors.shape[1] != dim:
        raise ValueError(f"vectors must have shape (n, {dim}), got {vectors.shape}")
    finite = np.isfinite(vectors).all(axis=1)
    if not finite.all():
        raise ValueError(
            f"vectors must be finite, got NaN or infinity in {int((~finite).sum())} rows "
            f"(first: row {int(np.argmin(finite))})"
        )
    norms = np.concatenate(
        [
            np.sqrt(np.einsum("ij,ij->i", block, block, dtype=np.float64))
            for block in np.split(vectors, range(_NORM_BLOCK, len(vectors), _NORM_BLOCK))
        ]
    )
    tolerance = unit_tolerance(dim)
    off = (np.abs(norms - 1.0) > tolerance) & (norms != 0.0)
    if off.any():
        row, n_off = int(np.argmax(off)), int(off.sum())
        raise ValueError(
            f"vectors must have unit L2 norm (within {tolerance:.2g}) or be zero, got norm "
            f"{norms[row]:.6g} in row {row} ({n_off} row{'s' if n_off > 1 else ''} off)"
        )


def remove_stale_temporaries(
    directory: Path, pattern: str, *, max_age: float = STALE_TEMP_AGE
) -> list[Path]:
    """Delete files matching ``pattern`` in ``directory`` not modified for ``max_age`` seconds.

    Returns the paths removed. Files that vanish meanwhile (renamed by their writer, removed by
    another process) are skipped.
    """
    removed = []
    now = time.time()
    for path in directory.glob(pattern):
        try:
            if now - path.stat().st_mtime <= max_age:
                continue
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    return removed


def remove_stale_folders(parent: Path, pattern: str = ".*.tmp") -> None:
    """Delete folders matching ``pattern`` in ``parent`` (temporary folders of converters or
    distillations killed mid-way) not modified for :data:`STALE_TEMP_AGE` seconds."""
    now = time.time()
    for temp in parent.glob(pattern):
        try:
            if now - temp.stat().st_mtime > STALE_TEMP_AGE:
                shutil.rmtree(temp, ignore_errors=True)
        except FileNotFoundError:
            continue


@dataclass(frozen=True)
class _Shard:
    keys: pa.Array
    vectors: np.ndarray  # (n, width) float32, read-only, checked


class EmbeddingCache:
    """On-disk store of embedding vectors keyed by (cache id, text key).

    Methods take the embedder's ``cache_id`` (see :class:`~mixscope.embed.Embedder`), which
    names everything the vectors depend on. Damaged shards are quarantined when read (module
    docstring); their keys then read as not found.

    Parameters
    ----------
    root : str or Path, optional
        Cache root; defaults to :func:`default_cache_root`. Created on first write.
    """

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        self.root = Path(root).expanduser() if root is not None else default_cache_root()

    def __repr__(self) -> str:
        return f"EmbeddingCache({str(self.root)!r})"

    def model_dir(self, cache_id: str) -> Path:
        """Directory holding the shards of one model."""
        return self.root / "embeddings" / model_slug(cache_id)

    def shards(self, cache_id: str) -> list[Path]:
        """Shard files of a model, oldest first; deletes abandoned temporary files on the way."""
        directory = self.model_dir(cache_id)
        if not directory.is_dir():
            return []
        remove_stale_temporaries(directory, _TEMP_GLOB)
        return sorted(directory.glob(_SHARD_GLOB))

    def get(self, cache_id: str, keys: Sequence[str], *, dim: int) -> tuple[np.ndarray, np.ndarray]:
        """Look keys up.

        Parameters
        ----------
        cache_id : str
            The embedder's ``cache_id``.
        keys : sequence of str
            Text keys (``mixscope.corpus.text.text_key``); repeats are allowed.
        dim : int
            Expected vector length; a shard with another length is quarantined.

        Returns
        -------
        vectors : ndarray of shape (len(keys), dim), float32
            Cached vectors, each checked (module docstring); rows of keys not found are zero.
        found : ndarray of shape (len(keys),), bool
        """
        vectors = np.zeros((len(keys), dim), dtype=np.float32)
        found = np.zeros(len(keys), dtype=bool)
        if not keys:
            return vectors, found
        shards = list(self._read(cache_id, dim).values())
        if not shards:
            return vectors, found
        stored = pa.chunked_array([s.keys for s in shards], pa.string())
        rows = pc.index_in(pa.array(keys, pa.string()), value_set=stored)
        found = rows.is_valid().to_numpy(zero_copy_only=False)
        vectors[found] = _gather(shards, rows.drop_null().to_numpy(), dim)
        return vectors, found

    def put(self, cache_id: str, keys: Sequence[str], vectors: np.ndarray) -> Path | None:
        """Store vectors as one new shard (atomically); returns its path, None if empty.

        Parameters
        ----------
        cache_id : str
            The embedder's ``cache_id``.
        keys : sequence of str
            One text key per row of ``vectors``.
        vectors : ndarray of shape (len(keys), dim)
            Finite rows of unit L2 norm (or zero), as :func:`check_unit_vectors` requires:
            the cache would refuse anything else when reading it back.
        """
        array = np.ascontiguousarray(vectors, dtype=np.float32)
        if array.ndim != 2 or array.shape[0] != len(keys):
            raise ValueError(
                f"vectors must have shape ({len(keys)}, dim) to match the keys, got {array.shape}"
            )
        if not keys:
            return None
        check_unit_vectors(array, dim=array.shape[1])
        table = pa.table(
            {
                "key": pa.array(keys, pa.string()),
                "vector": pa.FixedSizeListArray.from_arrays(
                    pa.array(array.ravel()), array.shape[1]
                ),
            }
        ).replace_schema_metadata({"cache_id": cache_id})
        return _write_atomic(self.model_dir(cache_id), table)

    def count(self, cache_id: str, *, dim: int | None = None) -> int:
        """Number of distinct keys cached for a model (in intact shards of width ``dim``)."""
        shards = self._read(cache_id, dim)
        if not shards:
            return 0
        keys = pa.chunked_array([s.keys for s in shards.values()], pa.string())
        return int(pc.count_distinct(keys).as_py())

    def compact(self, cache_id: str, *, dim: int | None = None) -> Path | None:
        """Merge a model's intact shards into one, dropping duplicate keys; returns the new shard.

        Damaged shards are quarantined, never merged. Without ``dim``, all shards must hold
        vectors of one width (else ``ValueError``); with it, shards of other widths are
        quarantined.
        """
        shards = self._read(cache_id, dim)
        if len(shards) < 2:
            return next(iter(shards), None)
        widths = sorted({s.vectors.shape[1] for s in shards.values()})
        if len(widths) > 1:
            raise ValueError(
                f"shards of {cache_id!r} hold vectors of widths {widths}; pass dim= to keep one "
                "(shards of the other widths are quarantined)"
            )
        parts = list(shards.values())
        keys = pa.chunked_array([s.keys for s in parts], pa.string())
        unique = pc.unique(keys)
        first = pc.index_in(unique, value_set=keys).to_numpy()  # first row holding each key
        written = self.put(cache_id, unique.to_pylist(), _gather(parts, first, widths[0]))
        for path in shards:  # only after the merged shard is in place: nothing is ever missing
            path.unlink(missing_ok=True)
        return written

    def _read(self, cache_id: str, dim: int | None) -> dict[Path, _Shard]:
        """Every intact shard of a model; damaged ones are quarantined and left out."""
        read: dict[Path, _Shard] = {}
        for _ in range(3):  # a shard vanishes under compaction elsewhere: list again for its merge
            files = [p for p in self.shards(cache_id) if p not in read]
            vanished = False
            for path, outcome in zip(files, _load_all(files, dim), strict=True):
                if isinstance(outcome, _Shard):
                    read[path] = outcome
                elif outcome is None:
                    vanished = True
                else:
                    _quarantine(path, outcome)
            if not vanished:
                break
        return read


def _load_all(files: list[Path], dim: int | None) -> list[_Shard | Exception | None]:
    if len(files) < 2:
        return [_load_shard(path, dim) for path in files]
    with ThreadPoolExecutor(max_workers=min(_READERS, len(files))) as pool:
        return list(pool.map(partial(_load_shard, dim=dim), files))


def _load_shard(path: Path, dim: int | None) -> _Shard | Exception | None:
    """The checked shard; the reason it is damaged; or None if it vanished."""
    try:
        with pq.ParquetFile(path, page_checksum_verification=True) as shard:
            table = shard.read(columns=["key", "vector"])
    except FileNotFoundError:
        return None
    except Exception as err:  # a damaged file can make the decoder raise almost anything
        return err
    try:
        return _checked(table, dim)
    except ValueError as err:
        return err


def _checked(table: pa.Table, dim: int | None) -> _Shard:
    if table.column_names != ["key", "vector"]:
        raise ValueError(f"columns {table.column_names}, expected ['key', 'vector']")
    key_type, vector_type = table.schema.field("key").type, table.schema.field("vector").type
    if not (pa.types.is_string(key_type) or pa.types.is_large_string(key_type)):
        raise ValueError(f"key column has type {key_type}, expected string")
    if not pa.types.is_fixed_size_list(vector_type) or vector_type.value_type != pa.float32():
        raise ValueError(f"vector column has type {vector_type}, expected fixed_size_list<float>")
    width = vector_type.list_size
    if dim is not None and width != dim:
        raise ValueError(f"vectors have {width} dimensions, expected {dim}")
    column = table.column("vector").combine_chunks()
    values = column.flatten()
    if table.column("key").null_count or column.null_count or values.null_count:
        raise ValueError("null keys or vectors")
    vectors = values.to_numpy().reshape(len(table), width)
    check_unit_vectors(vectors, dim=width)
    return _Shard(table.column("key").combine_chunks().cast(pa.string()), vectors)


def _gather(shards: Sequence[_Shard], rows: np.ndarray, dim: int) -> np.ndarray:
    """Vectors at row numbers of the shards' concatenation."""
    starts = np.cumsum([0] + [len(s.vectors) for s in shards])
    which = np.searchsorted(starts, rows, side="right") - 1
    out = np.empty((len(rows), dim), dtype=np.float32)
    for i in np.unique(which):
        here = which == i
        out[here] = shards[i].vectors[rows[here] - starts[i]]
    return out


def _write_atomic(directory: Path, table: pa.Table) -> Path:
    try:
        return _write_once(directory, table)
    except FileNotFoundError:
        # Removed as abandoned while this writer was suspended for an hour: write it again.
        return _write_once(directory, table)


def _write_once(directory: Path, table: pa.Table) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    name = f"shard-{time.time_ns()}-{os.getpid()}-{uuid.uuid4().hex[:8]}.parquet"
    final = directory / name
    temp = directory / f".{name}.tmp"
    try:
        with open(temp, "wb") as handle:
            pq.write_table(table, handle, compression="zstd", write_page_checksum=True)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, final)
    finally:
        temp.unlink(missing_ok=True)
    return final


def _quarantine(path: Path, err: Exception) -> None:
    quarantine(path, err, what="embedding cache shard", then="its texts will be embedded again")


def quarantine(path: Path, err: object, *, what: str, then: str, stacklevel: int = 5) -> None:
    """Move a damaged file aside to ``<name>.corrupt`` and warn (``RuntimeWarning``) that the
    ``what`` at ``path`` was skipped because of ``err``, and what happens ``then``."""
    target = path.with_name(f"{path.name}.corrupt")
    try:
        os.replace(path, target)
        fate = f"moved to {target.name}"
    except FileNotFoundError:
        return  # another process got there first
    except OSError as move_err:  # e.g. a read-only cache: skip the file all the same
        fate = f"could not move it aside: {move_err}"
    warnings.warn(
        f"skipping damaged {what} {path} ({err}); {fate}; {then}",
        RuntimeWarning,
        stacklevel=stacklevel,
    )
