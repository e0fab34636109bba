"""Index structures kept on disk, so a second process loads them instead of rebuilding.

Building an index spends most of its time on structures that depend only on the texts
(MinHash signatures, sentiment, language, group mentions, token codes) or on the texts, the
embeddings and the settings together (clusters, k-NN balls, MAUVE's quantisation, duplicate
pairs). :class:`IndexStore` keeps both kinds under the embedding cache's root:

``<root>/indexes/corpus/<key>.npz``
    One corpus's text structures. The key hashes the corpus content hash (its normalised
    texts), the settings they use (``num_perm``, ``shingle_size``) and :func:`code_version`.
``<root>/indexes/languages/<key>.npz``
    One corpus's detected languages alone, keyed like its text structures but without
    settings: the Corpora page reads them (and the index takes them) without loading the rest.
``<root>/indexes/pool/<key>.npz``
    The structures that depend on all corpora of a session at once. The key hashes, per corpus
    in order, its name, role, content hash and the exact bytes of its unit embeddings (so a
    different model, backend or precision is a different key whatever its name), then every
    index setting and :func:`code_version`.

``<root>/indexes/pool/<key>.<name>.npy``
    The pool's largest arrays (the unit embeddings, the MinHash signatures), one plain ``.npy``
    each, which the index then reads memory-mapped (:meth:`IndexStore.mapped`): the operating
    system keeps in memory the pages a mix touches, shares them between processes and may drop
    them under pressure, instead of the process holding its own copy. Like every entry they
    are replaced whole, never edited in place: a process mapping the old file keeps reading
    the old bytes (editing a mapped file in place would change what running indexes read).

Equal keys mean equal structures, so sessions of a shared server that load the same corpora
share entries; an entry holds nothing its key's inputs do not determine (no texts: those come
from the corpus). Files are plain ``.npz`` archives read with ``allow_pickle=False`` (never
pickle: a shared cache must not run code it reads), written to a hidden temporary file and
renamed into place, so readers see whole files only and any number of processes can write.
A file that fails to read (a CRC mismatch inside the zip, a missing or misshapen array) is
moved aside to ``<name>.corrupt`` with a ``RuntimeWarning`` and rebuilt.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import os
import uuid
import warnings
import zipfile
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import BinaryIO

import numpy as np
import xxhash

from mixscope.embed import default_cache_root
from mixscope.embed.cache import quarantine, remove_stale_temporaries

__all__ = ["FORMAT", "KINDS", "IndexStore", "code_version", "digest"]

#: The kinds of entry (module docstring), one folder each.
KINDS = ("corpus", "languages", "pool")
#: Bumped when what an entry holds changes shape (code changes are caught by code_version).
FORMAT = 1
_TEMP_GLOB = ".*.np[yz].tmp"
# The packages whose results the stored structures hold.
_PACKAGES = ("numpy", "scipy", "scikit-learn", "faiss-cpu", "datasketch", "vaderSentiment",
             "py3langid", "xxhash")  # fmt: skip


@cache
def code_version() -> str:
    """Hash of the code the stored structures come from: every module of ``mixscope.metrics``,
    the index builders, and the versions of the packages they call.

    Any edit to a metric module invalidates every entry: conservative, never stale.
    """
    here = Path(__file__).resolve().parent
    files = sorted((here.parent / "metrics").glob("*.py"))
    files += [here / "index.py", here / "corpus_index.py", here / "index_store.py"]
    h = xxhash.xxh3_128(f"{FORMAT}\x00".encode())
    for path in files:
        h.update(path.name.encode() + b"\x00" + path.read_bytes())
    for package in _PACKAGES:
        try:
            version = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        h.update(f"{package}={version}\x00".encode())
    return h.hexdigest()


class IndexStore:
    """On-disk store of index structures (module docstring), under ``<root>/indexes``.

    Parameters
    ----------
    root : str or Path, optional
        The embedding cache's root; defaults to :func:`mixscope.embed.default_cache_root`.
        Created on first write.
    """

    def __init__(self, root: str | os.PathLike[str] | None = None) -> None:
        base = Path(root).expanduser() if root is not None else default_cache_root()
        self.root = base / "indexes"

    def __repr__(self) -> str:
        return f"IndexStore({str(self.root)!r})"

    def path(self, kind: str, key: str) -> Path:
        """Where the entry ``key`` of ``kind`` (one of :data:`KINDS`) lives."""
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
        if not key or not key.isalnum():
            raise ValueError(f"key must be a non-empty hex digest, got {key!r}")
        return self.root / kind / f"{key}.npz"

    def load(
        self, kind: str, key: str, expected: Mapping[str, tuple[str, int]]
    ) -> dict[str, np.ndarray] | None:
        """The arrays stored under ``key``, or None when absent or damaged.

        ``expected`` maps each array name to its dtype kind (``"f"``, ``"i"``, ``"u"``,
        ``"b"``, ``"U"``) and number of dimensions; an entry missing one, or holding it with
        another kind or rank, counts as damaged.
        """
        path = self.path(kind, key)
        try:
            f = open(path, "rb")  # noqa: SIM115 (closed below)
        except OSError:  # absent, or a store this process cannot read: rebuild
            return None
        try:
            with f, np.load(f, allow_pickle=False) as archive:
                arrays = {name: archive[name] for name in archive.files}
            _check(arrays, expected)
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as err:
            _quarantine(path, err)
            return None
        return arrays

    def save(self, kind: str, key: str, arrays: Mapping[str, np.ndarray]) -> Path | None:
        """Write ``arrays`` under ``key`` atomically; None (and a warning) if the disk refuses:
        a store that cannot be written only costs a rebuild next time."""
        stored = {name: np.asarray(a) for name, a in arrays.items()}
        path = self.path(kind, key)
        return _write(path, lambda f: np.savez(f, allow_pickle=False, **stored))

    def mapped(self, kind: str, key: str, name: str, array: np.ndarray) -> np.ndarray:
        """``array``, read back memory-mapped (read-only) from ``<key>.<name>.npy``.

        The file is written first if absent; one that differs from ``array`` in dtype, shape or
        any byte (damage: ``.npy`` has no checksum, so the bytes are compared) is moved aside
        and written again. When the store cannot be written, ``array`` itself is returned.
        """
        if not name.isalnum():
            raise ValueError(f"name must be alphanumeric, got {name!r}")
        path = self.path(kind, key).with_suffix(f".{name}.npy")
        found = _read_mapped(path, array)
        if found is not None:
            return found
        if _write(path, lambda f: np.save(f, np.ascontiguousarray(array), allow_pickle=False)):
            with contextlib.suppress(OSError, ValueError):
                return np.asarray(np.load(path, mmap_mode="r", allow_pickle=False))
        return array


def _write(path: Path, write: Callable[[BinaryIO], None]) -> Path | None:
    """``write`` into a hidden temporary file renamed to ``path`` (readers see whole files
    only); None and a warning if the disk refuses."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}{path.suffix}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(path.parent, _TEMP_GLOB)
        with open(temp, "wb") as f:
            write(f)
        os.replace(temp, path)
    except OSError as err:
        with contextlib.suppress(OSError):
            temp.unlink()
        warnings.warn(f"could not store index structures in {path}: {err}", RuntimeWarning,
                      stacklevel=3)  # fmt: skip
        return None
    return path


def _read_mapped(path: Path, array: np.ndarray) -> np.ndarray | None:
    """The memory-mapped copy of ``array`` at ``path``; None when absent (or unreadable), or
    damaged (then quarantined)."""
    if not path.exists():
        return None
    try:
        found = np.asarray(np.load(path, mmap_mode="r", allow_pickle=False))
        if found.dtype != array.dtype or found.shape != array.shape:
            raise ValueError(f"holds {found.dtype} {found.shape}, expected {array.dtype} "
                             f"{array.shape}")  # fmt: skip
        if not np.array_equal(found, array):
            raise ValueError("its bytes differ from the array its key stands for")
    except PermissionError:
        return None
    except (OSError, ValueError, EOFError) as err:
        _quarantine(path, err)
        return None
    return found


def digest(*parts: str | bytes | np.ndarray) -> str:
    """xxh3-128 of ``parts`` (strings, bytes or arrays by their bytes), each one separated."""
    h = xxhash.xxh3_128()
    for part in parts:
        if isinstance(part, np.ndarray):
            h.update(json.dumps([part.dtype.str, part.shape]).encode())
            h.update(np.ascontiguousarray(part).data)
        else:
            h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\x00")
    return h.hexdigest()


def _check(arrays: Mapping[str, np.ndarray], expected: Mapping[str, tuple[str, int]]) -> None:
    for name, (kind, ndim) in expected.items():
        if name not in arrays:
            raise KeyError(f"no array {name!r}")
        a = arrays[name]
        if a.dtype.kind != kind or a.ndim != ndim:
            raise ValueError(f"array {name!r} is {a.dtype}/{a.ndim}-d, expected {kind}/{ndim}-d")


def _quarantine(path: Path, err: Exception) -> None:
    quarantine(path, err, what="index structures", then="they will be rebuilt", stacklevel=4)
