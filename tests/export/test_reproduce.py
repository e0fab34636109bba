"""A manifest reproduces its mix byte for byte, or names exactly the input that changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from mixscope.corpus import load_corpus
from mixscope.export import (
    build_manifest,
    file_sha256,
    read_manifest,
    recorded_model,
    reproduce,
    write_manifest,
    write_mix,
)
from mixscope.mixing import MixConfig, mix

REAL = [
    "- (IT) Mr President, thank you.",
    "=1+1",
    'quotes "inside", commas',
    "line\nbreak and crlf\r\n inside",
    "emoji 🎉, RTL שלום, e\u0301",
    *[f"ordinary real document number {i}" for i in range(15)],
]
SYNTHETIC = ["@synthetic one", "+synthetic two", *[f"synthetic {i}" for i in range(8)]]


def _project(root: Path) -> tuple[Path, Path]:
    """A real CSV (with metadata) and a synthetic JSONL under ``root/data``."""
    data = root / "data"
    data.mkdir(parents=True)
    real = data / "real.csv"
    frame = pd.DataFrame({"text": REAL, "topic": [f"t{i % 3}" for i in range(len(REAL))]})
    frame.to_csv(real, index=False)
    syn = data / "syn.jsonl"
    syn.write_text(
        "".join(json.dumps({"text": t, "score": i / 3}) + "\n" for i, t in enumerate(SYNTHETIC)),
        encoding="utf-8",
    )
    return real, syn


def _write(root: Path, fmt: str, *, escape: bool = False) -> tuple[Path, Path]:
    """Mix the project's files, write the mix and its manifest under ``root/out``."""
    real, syn = _project(root) if not (root / "data").exists() else (
        root / "data" / "real.csv", root / "data" / "syn.jsonl"
    )  # fmt: skip
    corpora = [load_corpus(real, role="real"), load_corpus(syn, role="synthetic")]
    result = mix(corpora, MixConfig(synthetic_share=0.3, size=20, seed=3))
    out = root / "out"
    out.mkdir(exist_ok=True)
    target, manifest = out / f"mix.{fmt}", out / "manifest.json"
    written = write_mix(result, target, escape_formulas=escape, chunk_rows=6)
    write_manifest(build_manifest(result, output=written, manifest_dir=out), manifest)
    return target, manifest


@pytest.mark.parametrize(("fmt", "escape"), [("csv", False), ("csv", True), ("parquet", False),
                                             ("jsonl", False)])  # fmt: skip
def test_reproduces_the_identical_file(tmp_path: Path, fmt: str, escape: bool) -> None:
    target, manifest = _write(tmp_path, fmt, escape=escape)
    again = tmp_path / f"again.{fmt}"
    done = reproduce(manifest, again)
    assert done.identical is True
    assert again.read_bytes() == target.read_bytes()
    assert done.written.sha256 == done.expected_sha256 == file_sha256(target)
    assert done.written.escape_formulas is escape
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again." + fmt, "data", "out"]


def test_paths_are_relative_to_the_manifest_so_the_folder_can_move(tmp_path: Path) -> None:
    _, manifest = _write(tmp_path / "project", "csv")
    inputs = read_manifest(manifest)["inputs"]
    assert [i["path"] for i in inputs] == ["../data/real.csv", "../data/syn.jsonl"]
    assert [(i["encoding"], i["txt_mode"]) for i in inputs] == [(None, "line")] * 2
    moved = shutil.move(tmp_path / "project", tmp_path / "elsewhere")
    done = reproduce(Path(moved) / "out" / "manifest.json", tmp_path / "again.csv")
    assert (
        done.identical
        and (tmp_path / "again.csv").read_bytes() == (Path(moved) / "out" / "mix.csv").read_bytes()
    )


def test_a_changed_input_is_named_with_both_hashes(tmp_path: Path) -> None:
    _, manifest = _write(tmp_path, "csv")
    syn = tmp_path / "data" / "syn.jsonl"
    recorded = read_manifest(manifest)["inputs"][1]["content_hash"]
    syn.write_text(syn.read_text(encoding="utf-8").replace("synthetic 3", "synthetic 33"))
    found = load_corpus(syn).content_hash
    with pytest.raises(ValueError) as err:
        reproduce(manifest, tmp_path / "again.csv")
    message = str(err.value)
    assert message.startswith("cannot reproduce the mix: input 'syn' (")
    assert f"changed: content hash expected {recorded}, found {found}" in message
    assert "'real'" not in message  # the unchanged input is not blamed
    assert not (tmp_path / "again.csv").exists()


def test_a_metadata_change_is_caught_by_the_data_hash(tmp_path: Path) -> None:
    _, manifest = _write(tmp_path, "csv")
    real = tmp_path / "data" / "real.csv"
    real.write_text(real.read_text(encoding="utf-8").replace(",t1", ",t9"), encoding="utf-8")
    with pytest.raises(ValueError, match=r"input 'real' .* changed outside its normalised texts"):
        reproduce(manifest, tmp_path / "again.csv")


def test_a_missing_input_is_named(tmp_path: Path) -> None:
    _, manifest = _write(tmp_path, "jsonl")
    (tmp_path / "data" / "real.csv").unlink()
    with pytest.raises(ValueError, match=r"input 'real' is missing: .*data/real\.csv not found"):
        reproduce(manifest, tmp_path / "again.jsonl")


def test_uploads_cannot_be_read_again(tmp_path: Path) -> None:
    real, syn = _project(tmp_path)
    upload = load_corpus(syn.read_bytes(), filename="syn.jsonl", role="synthetic")
    result = mix([load_corpus(real), upload], MixConfig(synthetic_share=0.3, size=10))
    written = write_mix(result, tmp_path / "mix.csv")
    write_manifest(build_manifest(result, output=written), tmp_path / "m.json")
    with pytest.raises(ValueError, match=r"input 'syn' was uploaded \(upload:syn\.jsonl\) and "):
        reproduce(tmp_path / "m.json", tmp_path / "again.csv")


def test_a_different_file_is_never_written(tmp_path: Path) -> None:
    _, manifest = _write(tmp_path, "csv")
    data = read_manifest(manifest)
    data["output"]["sha256"] = "0" * 64
    manifest.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match=r"differs from the recorded one .* nothing written"):
        reproduce(manifest, tmp_path / "again.csv")
    assert not (tmp_path / "again.csv").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "out"]


def test_the_recorded_format_wins(tmp_path: Path) -> None:
    _, manifest = _write(tmp_path, "parquet")
    with pytest.raises(ValueError, match="records a parquet file, but csv was asked for"):
        reproduce(manifest, tmp_path / "again.csv")
    done = reproduce(manifest, tmp_path / "again.bin")  # no format in the name: as recorded
    assert done.identical and done.written.format == "parquet"


def test_bad_manifests_and_the_recorded_model(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="is not a JSON manifest"):
        read_manifest(path)
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError, match="lacks inputs, config"):
        read_manifest(path)
    path.write_text('{"inputs": [{"name": "x"}], "config": {}}', encoding="utf-8")
    with pytest.raises(ValueError, match="must be a list of objects with a name and a role"):
        read_manifest(path)
    path.write_text('{"inputs": [], "config": {"share": 1}}', encoding="utf-8")
    with pytest.raises(ValueError, match=r"config is not a mix config: .*'share'"):
        reproduce(path, tmp_path / "out.csv")
    assert recorded_model({"model": {"id": "lexical-hash", "backend": "Lexical"}}) == "lexical"
    assert recorded_model({"model": {"id": "org/model", "backend": "SentenceTransformer"}}) == (
        "org/model"
    )
    assert recorded_model({"model": "lexical"}) == "lexical"
    assert recorded_model({"model": None}) is None


def test_findings_need_a_model(tmp_path: Path) -> None:
    real, _ = _project(tmp_path)
    result = mix([load_corpus(real)], MixConfig(size=5))
    findings = pd.DataFrame({"cluster": range(5)})
    written = write_mix(result, tmp_path / "mix.csv", findings=findings)
    write_manifest(build_manifest(result, output=written), tmp_path / "m.json")
    with pytest.raises(ValueError, match="findings columns: they need an embedding model"):
        reproduce(tmp_path / "m.json", tmp_path / "again.csv")
    done = reproduce(tmp_path / "m.json", tmp_path / "again.csv", findings=lambda m: findings)
    assert done.identical
