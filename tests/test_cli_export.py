"""``mixscope mix`` output: formats, opt-in escaping, findings columns, --from-manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from mixscope.cli import main

REAL = [
    "- (IT) Mr President, I should like to thank the rapporteur.",
    '=HYPERLINK("http://x")',
    'quotes "inside", commas, a\nnewline and a\r\nCRLF',
    "emoji 🎉, RTL שלום, combining e\u0301",
    *[f"she went to the shop with her sister on day {i} of month {i % 7}" for i in range(56)],
]
SYNTHETIC = [
    REAL[4],
    REAL[5],
    *[f"he drove to work with his brother again {i % 3}" for i in range(28)],
]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    data = tmp_path / "data"
    data.mkdir()
    real, syn = data / "real.csv", data / "syn.jsonl"
    topics = [["travel", "food", "-neg"][i % 3] for i in range(len(REAL))]
    pd.DataFrame({"text": REAL, "topic": topics, "n": range(len(REAL))}).to_csv(real, index=False)
    syn.write_text(
        "".join(
            json.dumps({"text": t, "model": f"m{i % 2}"}) + "\n" for i, t in enumerate(SYNTHETIC)
        ),
        encoding="utf-8",
    )
    return {"real": real, "syn": syn}


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def mix_args(files: dict[str, Path], *extra: str | Path) -> list[str | Path]:
    return ["mix", "--real", files["real"], "--synthetic", files["syn"],
            "--synthetic-share", "0.25", "--size", "40", "--seed", "5", *extra]  # fmt: skip


def assert_one_line_error(status: int, err: str, *fragments: str) -> None:
    assert status == 2 and err.startswith("mixscope: error: ") and err.count("\n") == 1
    for fragment in fragments:
        assert fragment in err, err


def read(path: Path) -> pd.DataFrame:
    if path.suffix == ".parquet":
        return pd.read_parquet(path)
    if path.suffix == ".jsonl":
        return pd.DataFrame([json.loads(line) for line in path.read_text("utf-8").splitlines()])
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_mix_writes_each_format_by_extension_and_reproduces_it(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path, fmt: str
) -> None:
    out, manifest = tmp_path / "out" / f"mix.{fmt}", tmp_path / "out" / "manifest.json"
    out.parent.mkdir()
    status, stdout, err = run(capsys, *mix_args(files, "--out", out, "--manifest", manifest))
    assert status == 0, err
    assert f"wrote 40 documents to {out} ({fmt}, byte-exact text)" in stdout
    back = read(out)
    assert len(back) == 40 and set(back["text"]) <= set(REAL) | set(SYNTHETIC)
    assert set(REAL[:4]) & set(back["text"])  # tricky texts went through unchanged
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    assert recorded["output"]["format"] == fmt
    assert [i["path"] for i in recorded["inputs"]] == ["../data/real.csv", "../data/syn.jsonl"]

    again = tmp_path / f"again.{fmt}"
    status, stdout, err = run(capsys, "mix", "--from-manifest", manifest, "--out", again)
    assert status == 0, err
    assert stdout.startswith(f"reproduced: identical (sha256 {recorded['output']['sha256']})")
    assert again.read_bytes() == out.read_bytes()


def test_out_format_overrides_the_extension(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    out = tmp_path / "mix.data"
    status, stdout, _ = run(capsys, *mix_args(files, "--out", out, "--out-format", "jsonl"))
    assert status == 0 and "(jsonl, byte-exact text)" in stdout
    assert len(out.read_text(encoding="utf-8").splitlines()) == 40


@pytest.mark.parametrize(
    ("extra", "fragments"),
    [
        (["--out", "mix.txt"], ["cannot tell the output format of 'mix.txt'", ".parquet"]),
        (
            ["--out", "mix.parquet", "--escape-formulas"],
            ["--escape-formulas is for CSV", "parquet"],
        ),
    ],
)
def test_output_errors_are_one_line_before_any_reading(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], extra: list[str],
    fragments: list[str],
) -> None:  # fmt: skip
    files["real"].unlink()  # checked before the files are read
    status, _, err = run(capsys, *mix_args(files, *extra))
    assert_one_line_error(status, err, *fragments)


def test_escape_formulas_is_opt_in_and_counted(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    out, manifest = tmp_path / "mix.csv", tmp_path / "m.json"
    args = mix_args(files, "--out", out, "--manifest", manifest, "--escape-formulas")
    status, stdout, _ = run(capsys, *args)
    assert status == 0
    back = read(out)
    escaped = int(back["text"].str.startswith("'").sum()) + int(back["topic"].eq("'-neg").sum())
    assert escaped > 0 and f"(csv, {escaped} cells formula-escaped)" in stdout
    csv = json.loads(manifest.read_text(encoding="utf-8"))["csv"]
    assert csv["escape_formulas"] is True and csv["escaped_cells"] == escaped
    # Reproduced with the recorded escaping.
    status, stdout, _ = run(capsys, "mix", "--from-manifest", manifest, "--out", tmp_path / "b.csv")
    assert status == 0 and (tmp_path / "b.csv").read_bytes() == out.read_bytes()


def test_from_manifest_names_the_changed_or_missing_input(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    manifest = tmp_path / "m.json"
    assert (
        run(capsys, *mix_args(files, "--out", tmp_path / "mix.csv", "--manifest", manifest))[0] == 0
    )
    recorded = json.loads(manifest.read_text(encoding="utf-8"))["inputs"][1]["content_hash"]
    files["syn"].write_text(files["syn"].read_text("utf-8").replace("again 2", "again 9"), "utf-8")
    again = tmp_path / "again.csv"
    status, _, err = run(capsys, "mix", "--from-manifest", manifest, "--out", again)
    assert_one_line_error(status, err, "input 'syn'", f"content hash expected {recorded}, found ")
    assert "'real'" not in err and not again.exists()

    files["real"].unlink()
    status, _, err = run(capsys, "mix", "--from-manifest", manifest, "--out", again)
    assert_one_line_error(status, err, "input 'real' is missing", "real.csv not found", "'syn'")


def test_from_manifest_refuses_options_it_replaces(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    status, _, err = run(capsys, "mix", "--from-manifest", tmp_path / "m.json", "--real",
                         files["real"], "--size", "3", "--out", tmp_path / "a.csv")  # fmt: skip
    assert_one_line_error(status, err, "drop --real, --size")
    status, _, err = run(capsys, "mix", "--out", tmp_path / "a.csv")
    assert_one_line_error(status, err, "give --spec FILE, --real FILE", "or --from-manifest")
    status, _, err = run(
        capsys, "mix", "--from-manifest", "m.json", "--seed", "0", "--out", "a.csv"
    )
    assert_one_line_error(status, err, "drop --seed")
    status, _, err = run(capsys, "mix", "--from-manifest", tmp_path / "none.json", "--out", "a.csv")
    assert_one_line_error(status, err, "none.json")


def test_findings_columns_are_aligned_and_reproducible(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path, cache_dir: Path
) -> None:
    out, manifest = tmp_path / "mix.csv", tmp_path / "m.json"
    # Every document: all 60 real, then all 30 synthetic (two of them copies of real ones).
    status, stdout, err = run(
        capsys, "mix", "--real", files["real"], "--synthetic", files["syn"],
        "--synthetic-share", str(1 / 3), "--mode", "accumulate", "--out", out,
        "--manifest", manifest, "--findings", "--model", "lexical",
    )  # fmt: skip
    assert status == 0, err
    assert "(csv, byte-exact text, with findings)" in stdout and "indexing" in err
    back = pd.read_csv(out, keep_default_na=False)
    assert len(back) == 90
    assert list(back.columns)[:7] == ["text", "source", "role", "source_row", "topic", "n", "model"]
    findings = {"is_exact_duplicate", "near_duplicate_of", "semantic_duplicate_of", "cluster",
                "cross_source_duplicate", "nearest_real_similarity", "groups"}  # fmt: skip
    assert findings <= set(back.columns)
    # Row by row: a row is flagged exactly when its own text occurs on an earlier row, and a
    # duplicate-of column points at an earlier row that heads its cluster.
    seen: set[str] = set()
    for row in back.itertuples():
        assert row.is_exact_duplicate == (row.text in seen), row.Index
        seen.add(row.text)
        for ref in (row.near_duplicate_of, row.semantic_duplicate_of):
            assert ref == -1 or (0 <= ref < row.Index and back["text"][ref] != "")
    copies = back[back["source"].eq("syn") & back["text"].isin(REAL)]
    assert len(copies) == 2 and copies["is_exact_duplicate"].all()
    assert copies["cross_source_duplicate"].all()
    assert (back.loc[copies.index, "nearest_real_similarity"] > 0.99).all()
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    assert recorded["output"]["findings"] is True and recorded["model"] == "lexical"

    again = tmp_path / "again.csv"
    status, stdout, err = run(capsys, "mix", "--from-manifest", manifest, "--out", again)
    assert status == 0, err
    assert stdout.startswith("reproduced: identical") and again.read_bytes() == out.read_bytes()


def test_a_spec_mix_records_how_each_corpus_was_read_and_reproduces(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    notes = tmp_path / "data" / "notes.txt"  # Latin-1 paragraphs
    paragraphs = [f"Café paragraph {i},\nsecond line {i}." for i in range(12)]
    notes.write_bytes("\n\n".join(paragraphs).encode("latin-1"))
    spec = tmp_path / "mix.toml"
    spec.write_text(
        "[mix]\nsynthetic_share = 0.25\nsize = 40\nseed = 2\n\n"
        '[[corpus]]\npath = "data/real.csv"\nrole = "real"\n\n'
        '[[corpus]]\npath = "data/notes.txt"\nrole = "synthetic"\nencoding = "latin-1"\n'
        'txt_mode = "paragraph"\n',
        encoding="utf-8",
    )
    out, manifest = tmp_path / "out" / "mix.jsonl", tmp_path / "out" / "manifest.json"
    out.parent.mkdir()
    status, _, err = run(capsys, "mix", "--spec", spec, "--out", out, "--manifest", manifest)
    assert status == 0, err
    inputs = json.loads(manifest.read_text(encoding="utf-8"))["inputs"]
    reading = [(i["encoding"], i["txt_mode"]) for i in inputs]
    assert reading == [(None, "line"), ("latin-1", "paragraph")]
    assert set(read(out)["text"]) & set(paragraphs)
    status, stdout, err = run(
        capsys, "mix", "--from-manifest", manifest, "--out", tmp_path / "b.jsonl"
    )
    assert status == 0 and stdout.startswith("reproduced: identical"), err
    assert (tmp_path / "b.jsonl").read_bytes() == out.read_bytes()
