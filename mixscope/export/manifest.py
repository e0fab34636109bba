"""The manifest of a mix: its inputs (where, how read, content hashes), config, counts, the file
written (format, escaping, SHA-256) and software versions: enough to reproduce it exactly."""

from __future__ import annotations

import json
import math
import os
import platform
from collections.abc import Mapping
from dataclasses import asdict, replace
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from mixscope import __version__
from mixscope.corpus import Corpus
from mixscope.corpus.fingerprint import corpus_fingerprint
from mixscope.embed import Embedder, approximation_note, model_approximation
from mixscope.evaluation import Evaluation
from mixscope.export.formats import Written
from mixscope.export.writers import CSV_ESCAPING_NOTE, CSV_EXACT_NOTE
from mixscope.mixing import Mix

__all__ = [
    "UNREADABLE_ORIGINS",
    "VERSIONED_PACKAGES",
    "build_manifest",
    "data_hash",
    "package_versions",
    "write_manifest",
]

#: Packages whose versions go into the manifest when installed.
VERSIONED_PACKAGES = (
    "mixscope", "numpy", "openvino", "pandas", "pyarrow", "sentence-transformers", "torch",
)  # fmt: skip
#: Origins of inputs that cannot be read again from a path: uploads and Hugging Face datasets.
UNREADABLE_ORIGINS = ("upload:", "hf:")


def package_versions() -> dict[str, str | None]:
    """Versions of python and :data:`VERSIONED_PACKAGES`; None for a package not installed."""
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for package in VERSIONED_PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = __version__ if package == "mixscope" else None
    return versions


def build_manifest(
    mix: Mix,
    *,
    model_id: str | None = None,
    embedder: Embedder | None = None,
    metrics: Evaluation | None = None,
    output: Written | None = None,
    spreadsheet: Written | None = None,
    reading: Mapping[str, Mapping[str, Any]] | None = None,
    manifest_dir: str | os.PathLike[str] | None = None,
    review: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything needed to reproduce and audit a mix, as JSON-ready data.

    Parameters
    ----------
    mix : Mix
    model_id : str or None
        Embedding model used for the analysis, if any (without ``embedder``).
    embedder : Embedder, optional
        The embedder actually used: its id, cache key (a hash of its files) and backend.
    metrics : Evaluation, optional
        The mix's evaluation: every metric with its value, interval, noise floor, status and
        thresholds, and the evaluation's settings.
    output : Written, optional
        The file the mix was written to (:func:`~mixscope.export.formats.write_mix`): its
        format, escaping, columns and SHA-256, which a reproduction must match.
    spreadsheet : Written, optional
        A second, spreadsheet-safe CSV of the same mix (escaped, with a byte-order mark).
    reading : mapping of corpus name to mapping, optional
        How each input was read: ``encoding`` (None: UTF-8 or the byte-order mark) and
        ``txt_mode``; for an input not named here, the defaults of
        :func:`~mixscope.corpus.load_corpus` (which the app uses).
    manifest_dir : path, optional
        Folder the manifest is written to: input paths are recorded relative to it (so the
        folder can move with its data); absolute without it.
    review : mapping, optional
        The review of the saved mix this mix is (``MixStore.review_summary``: name, version,
        status, history), recorded as ``review``; null when the mix was never saved.

    Returns
    -------
    dict with keys ``created_utc, inputs, config, counts, n_documents, model, approximation,
    versions, csv, output`` (``approximation``: how far the model's numbers are from the real
    model's, for the approximate preview embedder; null otherwise), ``spreadsheet_csv`` with
    ``spreadsheet``, and ``metrics`` and ``evaluation`` when an evaluation is given. Each
    input has ``name, role, origin, path, format, text_column, encoding, txt_mode,
    content_hash, data_hash, n_documents, n_dropped``.
    """
    counts = mix.counts()
    manifest = {
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "inputs": [_input(c, (reading or {}).get(c.name, {}), manifest_dir) for c in mix.corpora],
        "config": asdict(mix.config),
        "counts": [
            {"source": s, "role": r, "n": int(n), "share": float(share)}
            for s, r, n, share in counts.itertuples(index=False)
        ],
        "n_documents": len(mix),
        "model": _model(model_id, embedder),
        "approximation": _approximation(model_id, embedder),
        "versions": package_versions(),
        "csv": _csv(output),
        "output": None if output is None else _output(output),
        "review": None if review is None else dict(review),
    }
    return manifest | _spreadsheet(spreadsheet) | _metrics(metrics)


def _input(
    corpus: Corpus, reading: Mapping[str, Any], manifest_dir: str | os.PathLike[str] | None
) -> dict[str, Any]:
    return {
        "name": corpus.name,
        "role": corpus.role,
        "origin": corpus.origin,
        "path": _input_path(corpus.origin, manifest_dir),
        "format": corpus.format,
        "text_column": corpus.text_column,
        "encoding": reading.get("encoding"),
        "txt_mode": reading.get("txt_mode") or "line",
        "content_hash": corpus.content_hash,
        "data_hash": data_hash(corpus),
        "n_documents": len(corpus),
        "n_dropped": len(corpus.dropped),
    }


def data_hash(corpus: Corpus) -> str:
    """xxh3-128 over every value of a corpus but its origin: original texts, metadata, source
    rows, dropped rows, name, role, text column and format. ``content_hash`` covers the
    normalised texts only; this catches a changed metadata cell or whitespace too."""
    return corpus_fingerprint(replace(corpus, origin=""))


def _input_path(origin: str, manifest_dir: str | os.PathLike[str] | None) -> str | None:
    """Absolute, or relative to the manifest's folder when they share more than the root (so a
    project folder can move with its data)."""
    if not origin or origin.startswith(UNREADABLE_ORIGINS):
        return None
    path = os.path.abspath(origin)
    if manifest_dir is None:
        return path
    folder = os.path.abspath(manifest_dir)
    try:
        shared = os.path.commonpath([path, folder])
    except ValueError:  # another drive (Windows)
        return path
    return path if shared == os.path.dirname(shared) else os.path.relpath(path, folder)


def _csv(output: Written | None) -> dict[str, Any]:
    """How the CSV was escaped (``escaped_cells`` None: nothing was written yet)."""
    if output is None or output.format != "csv":
        escaped = None if output is None else 0
        note = CSV_EXACT_NOTE if output is None else f"no CSV written ({output.format})"
        return {"encoding": "utf-8", "escape_formulas": False, "escaped_cells": escaped,
                "note": note}  # fmt: skip
    return {
        "encoding": "utf-8-sig" if output.bom else "utf-8",
        "escape_formulas": output.escape_formulas,
        "escaped_cells": output.escaped_cells,
        "note": CSV_ESCAPING_NOTE if output.escape_formulas else CSV_EXACT_NOTE,
    }


def _output(output: Written) -> dict[str, Any]:
    return {
        "format": output.format,
        "sha256": output.sha256,
        "n_rows": output.n_rows,
        "columns": list(output.columns),
        "findings": output.findings,
        "stringified_columns": list(output.stringified),
        "chunk_rows": output.chunk_rows,
    }


def _spreadsheet(spreadsheet: Written | None) -> dict[str, Any]:
    if spreadsheet is None:
        return {}
    return {"spreadsheet_csv": _csv(spreadsheet) | {"sha256": spreadsheet.sha256}}


def _model(model_id: str | None, embedder: Embedder | None) -> dict[str, Any] | str | None:
    if embedder is None:
        return model_id
    backend = type(embedder).__name__.removesuffix("Embedder")
    out = {"id": embedder.model_id, "cache_id": embedder.cache_id, "backend": backend}
    verification = getattr(embedder, "verification", None)  # the OpenVINO backend's check
    return out if verification is None else out | {"verification": verification}


def _approximation(model_id: str | None, embedder: Embedder | None) -> str | None:
    """The approximate embedder's note (:func:`~mixscope.embed.approximation_note`), or None."""
    if embedder is not None:
        return approximation_note(embedder)
    return model_approximation(model_id)


def _metrics(evaluation: Evaluation | None) -> dict[str, Any]:
    """The metric table (NaN as null; each metric's warn / fail thresholds and their source)."""
    if evaluation is None:
        return {}
    rows = []
    for row in evaluation.table.to_dict("records"):
        settings = json.loads(row["settings"])
        rows.append(
            {
                "metric": row["metric"],
                "group": row["group"],
                "value": _number(row["value"]),
                "ci_low": _number(row["ci_low"]),
                "ci_high": _number(row["ci_high"]),
                "noise_floor": _number(row["noise_floor"]),
                "status": row["status"],
                "warn": settings.get("warn"),
                "fail": settings.get("fail"),
                "basis": settings.get("basis"),
                "threshold_source": settings.get("threshold_source"),
            }
        )
    return {"metrics": rows, "evaluation": evaluation.config}


def _number(x: Any) -> float | None:
    x = float(x)
    return x if math.isfinite(x) else None


def write_manifest(manifest: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Write a manifest as indented UTF-8 JSON (tuples become lists)."""
    text = json.dumps(manifest, indent=2, ensure_ascii=False, allow_nan=False)
    Path(path).write_text(text + "\n", encoding="utf-8")
