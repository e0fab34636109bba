"""Reproduce a mix from its manifest: the identical file, or exactly which input differs.

Every input is read again the way the manifest says (path relative to the manifest's folder,
format, text column, encoding, txt mode) and checked against its recorded hashes before
anything is drawn; the mix is drawn with the recorded config and written with the recorded
format and escaping, under a temporary name. Only a file whose SHA-256 equals the recorded one
replaces the target: a different mix is never written silently.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from mixscope.corpus import ROLES, Corpus, CorpusError, load_corpus
from mixscope.export.chunks import CHUNK_ROWS
from mixscope.export.formats import OUTPUT_FORMATS, Written, output_format, write_mix
from mixscope.export.manifest import UNREADABLE_ORIGINS, data_hash, package_versions
from mixscope.mixing import Mix, MixConfig, mix

__all__ = ["Reproduction", "load_inputs", "read_manifest", "recorded_model", "reproduce"]


@dataclass(frozen=True)
class Reproduction:
    """A reproduced mix: what was written and whether it is the recorded file.

    ``identical`` is None when the manifest records no file hash to compare with.
    """

    mix: Mix
    written: Written
    expected_sha256: str | None
    identical: bool | None


def read_manifest(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A manifest written by :func:`~mixscope.export.manifest.write_manifest`, checked."""
    try:
        manifest = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ValueError(f"{path} is not a JSON manifest: {err}") from None
    missing = [
        k for k in ("inputs", "config") if not isinstance(manifest, dict) or k not in manifest
    ]
    if missing:
        raise ValueError(f"{path} is not a mix manifest: it lacks {', '.join(missing)}")
    inputs = manifest["inputs"]
    if not isinstance(inputs, list) or not all(
        isinstance(i, dict) and isinstance(i.get("name"), str) and i.get("role") in ROLES
        for i in inputs
    ):
        raise ValueError(f"{path}: 'inputs' must be a list of objects with a name and a role")
    return dict(manifest)


def load_inputs(
    manifest: Mapping[str, Any], folder: str | os.PathLike[str], **limits: Any
) -> list[Corpus]:
    """Read every input of ``manifest`` again and check it against its recorded hashes.

    Parameters
    ----------
    manifest : mapping
    folder : path
        The manifest's folder: relative input paths start there.
    **limits
        ``max_rows``, ``max_text_bytes``, ``max_columns`` for :func:`load_corpus`.

    Raises
    ------
    ValueError
        Naming every input that is missing, cannot be read again (an upload, a Hugging Face
        dataset) or changed (its content hash, or data hash, expected and found).
    """
    corpora, problems = [], []
    for entry in manifest["inputs"]:
        corpus, problem = _load_input(entry, Path(folder), limits)
        if problem:
            problems.append(problem)
        elif corpus is not None:
            corpora.append(corpus)
    if problems:
        raise ValueError("cannot reproduce the mix: " + "; ".join(problems))
    return corpora


def _load_input(
    entry: Mapping[str, Any], folder: Path, limits: Mapping[str, Any]
) -> tuple[Corpus | None, str | None]:
    name, origin = entry["name"], entry.get("origin") or ""
    if origin.startswith(UNREADABLE_ORIGINS):
        kind = "was uploaded" if origin.startswith("upload:") else "came from the Hugging Face hub"
        return None, f"input {name!r} {kind} ({origin}) and cannot be read again from a path"
    recorded = entry.get("path") or origin
    if not recorded:
        return None, f"input {name!r} has no recorded path"
    path = Path(recorded) if os.path.isabs(recorded) else folder / recorded
    if not path.is_file():
        return None, f"input {name!r} is missing: {path} not found"
    try:
        corpus = load_corpus(
            path, name=name, role=entry["role"], text_column=entry.get("text_column"),
            format=entry.get("format") or None, encoding=entry.get("encoding"),
            txt_mode=entry.get("txt_mode") or "line", **limits,
        )  # fmt: skip
    except CorpusError as err:
        return None, f"input {name!r} ({path}) cannot be read: {err}"
    expected, found = entry.get("content_hash"), corpus.content_hash
    if expected != found:
        return None, (
            f"input {name!r} ({path}) changed: content hash expected {expected}, found {found}"
        )
    expected = entry.get("data_hash")
    if expected is not None and expected != (found := data_hash(corpus)):
        return None, (
            f"input {name!r} ({path}) changed outside its normalised texts (original text, "
            f"metadata or dropped rows): data hash expected {expected}, found {found}"
        )
    return corpus, None


def recorded_model(manifest: Mapping[str, Any]) -> str | None:
    """The ``--model`` name that gives the manifest's embedder (for the findings columns)."""
    model = manifest.get("model")
    if isinstance(model, dict):
        return "lexical" if model.get("backend") == "Lexical" else model.get("id")
    return model if isinstance(model, str) else None


def reproduce(
    manifest_path: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    format: str | None = None,
    findings: Callable[[Mix], pd.DataFrame] | None = None,
    **limits: Any,
) -> Reproduction:
    """Draw the mix a manifest describes again and write it to ``out`` as recorded.

    Parameters
    ----------
    manifest_path : path
    out : path
        Written only when the file is identical to the recorded one (or nothing is recorded
        to compare with); its extension must not name another format than the recorded one.
    format : str, optional
        Must equal the recorded format when given.
    findings : callable, optional
        ``findings(mix)`` -> the findings columns (:func:`~mixscope.export.chunks.findings_frame`
        over an index of the inputs): needed when the recorded file has them.
    **limits
        Passed to :func:`load_corpus` for every input.

    Raises
    ------
    ValueError
        An input missing or changed (see :func:`load_inputs`), a format that contradicts the
        manifest, or a file that differs from the recorded one although every input matches.
    """
    manifest = read_manifest(manifest_path)
    recorded = manifest.get("output") or {}
    fmt = _recorded_format(recorded, out, format)
    wants_findings = bool(recorded.get("findings"))
    if wants_findings and findings is None:
        raise ValueError("the recorded mix has findings columns: they need an embedding model")
    try:
        config = MixConfig(**manifest["config"])
    except TypeError as err:  # a key MixConfig does not have
        raise ValueError(f"the manifest's config is not a mix config: {err}") from None
    result = mix(load_inputs(manifest, Path(manifest_path).parent, **limits), config)
    csv = manifest.get("csv") or {}
    escape, bom = bool(csv.get("escape_formulas")), csv.get("encoding") == "utf-8-sig"
    columns = findings(result) if wants_findings and findings is not None else None
    target = Path(out)
    trial = target.with_name(f".{target.name}.{os.getpid()}.reproduced")
    try:
        written = write_mix(
            result,
            trial,
            format=fmt,
            escape_formulas=fmt == "csv" and escape,
            bom=fmt == "csv" and bom,
            findings=columns,
            chunk_rows=int(recorded.get("chunk_rows") or CHUNK_ROWS),
        )
        expected = recorded.get("sha256")
        if expected is not None and written.sha256 != expected:
            raise ValueError(_difference(manifest, expected, written.sha256))
        trial.replace(target)
    finally:
        trial.unlink(missing_ok=True)
    return Reproduction(result, written, expected, None if expected is None else True)


def _recorded_format(
    recorded: Mapping[str, Any], out: str | os.PathLike[str], given: str | None
) -> str:
    fmt = recorded.get("format") or "csv"
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"the manifest records output format {fmt!r}; known: {OUTPUT_FORMATS}")
    named = given
    if named is None and Path(out).suffix.lower().removeprefix(".") in OUTPUT_FORMATS:
        named = output_format(out)
    if named is not None and named != fmt:
        raise ValueError(
            f"the manifest records a {fmt} file, but {named} was asked for: reproduce it as "
            f"{fmt} (e.g. --out mix.{fmt})"
        )
    return fmt


def _difference(manifest: Mapping[str, Any], expected: str, found: str) -> str:
    then = manifest.get("versions") or {}
    now = package_versions()
    changed = [f"{k} {then[k]} -> {now.get(k)}" for k in then if then[k] != now.get(k)]
    why = f"; versions differ: {', '.join(changed)}" if changed else ""
    hint = (
        " (the findings columns depend on the embedding model too)"
        if (manifest.get("output") or {}).get("findings")
        else ""
    )
    return (
        f"the reproduced mix differs from the recorded one (sha256 expected {expected}, found "
        f"{found}) although every input matches its recorded hashes{why}{hint}; nothing written"
    )
