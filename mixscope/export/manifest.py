"""The manifest of a mix: its inputs (with content hashes), config, counts and software versions."""

from __future__ import annotations

import json
import math
import os
import platform
from dataclasses import asdict
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from mixscope import __version__
from mixscope.embed import Embedder
from mixscope.evaluation import Evaluation
from mixscope.export.writers import CSV_ESCAPING_NOTE
from mixscope.mixing import Mix

__all__ = ["VERSIONED_PACKAGES", "build_manifest", "package_versions", "write_manifest"]

#: Packages whose versions go into the manifest when installed.
VERSIONED_PACKAGES = ("mixscope", "numpy", "pandas", "sentence-transformers", "torch")


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
    escaped_cells: int | None = None,
    escape_formulas: bool = True,
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
    escaped_cells : int or None
        Cells escaped in the exported CSV (from :func:`escape_formula_cells`), if known.
    escape_formulas : bool, default=True
        Whether the exported CSV escaped formula-like cells.

    Returns
    -------
    dict with keys ``created_utc, inputs, config, counts, n_documents, model, versions, csv``,
    and ``metrics`` and ``evaluation`` when an evaluation is given.
    """
    counts = mix.counts()
    return {
        "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
        "inputs": [
            {
                "name": corpus.name,
                "role": corpus.role,
                "origin": corpus.origin,
                "format": corpus.format,
                "text_column": corpus.text_column,
                "content_hash": corpus.content_hash,
                "n_documents": len(corpus),
                "n_dropped": len(corpus.dropped),
            }
            for corpus in mix.corpora
        ],
        "config": asdict(mix.config),
        "counts": [
            {"source": s, "role": r, "n": int(n), "share": float(share)}
            for s, r, n, share in counts.itertuples(index=False)
        ],
        "n_documents": len(mix),
        "model": _model(model_id, embedder),
        "versions": package_versions(),
        "csv": {
            "encoding": "utf-8",
            "escape_formulas": escape_formulas,
            "escaped_cells": escaped_cells,
            "note": CSV_ESCAPING_NOTE if escape_formulas else "formula-like cells not escaped",
        },
    } | _metrics(metrics)


def _model(model_id: str | None, embedder: Embedder | None) -> dict[str, Any] | str | None:
    if embedder is None:
        return model_id
    backend = type(embedder).__name__.removesuffix("Embedder")
    return {"id": embedder.model_id, "cache_id": embedder.cache_id, "backend": backend}


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
