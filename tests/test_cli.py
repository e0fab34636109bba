"""The command line end to end, on files written here: output, exit codes, one-line errors."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mixscope.cli import main
from mixscope.corpus import load_corpus
from mixscope.embed import EmbeddingCache, embed_corpus, get_embedder

REAL_CSV = (
    "text,topic\n"
    "The river flooded the lower town in spring.,weather\n"
    '=HYPERLINK("http://x"),spam\n'
    ",weather\n"
    "Grüße aus München,travel\n"
    "Bread rises faster in a warm kitchen.,food\n"
    "The council voted to repair the bridge.,politics\n"
)
SYNTHETIC_JSONL = (
    '{"text": "As an AI, I enjoy rivers.", "model": "m1"}\n'
    '{"text": "Rivers are wonderful and important."}\n'
    "not json\n"
    '{"text": "Bridges connect communities.", "model": "m2"}\n'
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {
        "real": tmp_path / "human.csv",
        "syn": tmp_path / "gpt.jsonl",
        "syn2": tmp_path / "llama.jsonl",
    }
    paths["real"].write_text(REAL_CSV, encoding="utf-8")
    paths["syn"].write_text(SYNTHETIC_JSONL, encoding="utf-8")
    paths["syn2"].write_text(
        "".join(json.dumps({"text": f"llama says {i}"}) + "\n" for i in range(6)),
        encoding="utf-8",
    )
    return paths


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line_error(status: int, err: str, *fragments: str) -> None:
    assert status == 2
    assert err.startswith("mixscope: error: ")
    assert err.count("\n") == 1 and "Traceback" not in err
    for fragment in fragments:
        assert fragment in err


# -- inspect ----------------------------------------------------------------------------------


def test_inspect_prints_counts_columns_lengths_and_dropped(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    status, out, err = run(capsys, "inspect", files["real"], files["syn"])
    assert status == 0 and err == ""
    human, gpt = out.split("\n\n")[:2]
    assert human.startswith(f"human  ({files['real']})")
    assert "  n documents          5\n" in human
    assert "  dropped by reason    empty: 1\n" in human
    assert "  text column          text\n" in human
    assert "  metadata columns     topic\n" in human
    assert "  words                mean: " in human
    assert "    dropped record 2: empty" in human
    assert "  dropped by reason    malformed: 1\n" in gpt
    assert "    dropped record 2: malformed  'not json'" in gpt


def test_inspect_json_and_text_column(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path]
) -> None:
    status, out, _ = run(capsys, "inspect", files["real"], "--text-column", "topic", "--json")
    assert status == 0
    (summary,) = json.loads(out)
    assert summary["text_column"] == "topic"
    assert summary["n_documents"] == 6
    assert len(summary["metadata_columns"]) == 1  # the other column, kept as metadata


# -- mix --------------------------------------------------------------------------------------


def test_mix_writes_csv_and_manifest(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    out_csv, manifest_path = tmp_path / "mix.csv", tmp_path / "manifest.json"
    argv: list[str | Path] = ["mix", "--real", files["real"], "--synthetic", files["syn"]]
    argv += ["--synthetic-share", "0.4", "--size", "5", "--seed", "7"]
    argv += ["--out", out_csv, "--manifest", manifest_path]
    status, out, err = run(capsys, *argv)
    assert status == 0 and err == ""
    back = pd.read_csv(out_csv, dtype=str, keep_default_na=False)
    assert list(back.columns) == ["text", "source", "role", "source_row", "topic", "model"]
    assert back["source"].tolist() == ["human"] * 3 + ["gpt"] * 2
    real_texts = set(load_corpus(files["real"]).documents["text"])
    assert set(back["text"][:3]) <= real_texts  # byte-exact: nothing escaped by default
    assert f"wrote 5 documents to {out_csv} (csv, byte-exact text)" in out

    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    assert [i["name"] for i in manifest["inputs"]] == ["human", "gpt"]
    assert [i["n_dropped"] for i in manifest["inputs"]] == [1, 1]
    assert manifest["config"]["synthetic_share"] == 0.4 and manifest["config"]["seed"] == 7
    assert [c["n"] for c in manifest["counts"]] == [3, 2]
    assert manifest["csv"]["escaped_cells"] == 0 and manifest["csv"]["escape_formulas"] is False
    assert manifest["output"]["sha256"] == hashlib.sha256(out_csv.read_bytes()).hexdigest()

    # The same command again gives the same file.
    first = out_csv.read_bytes()
    assert run(capsys, *argv)[0] == 0
    assert out_csv.read_bytes() == first


def test_mix_with_weights_accumulate_and_the_old_no_escaping_flag(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    out_csv = tmp_path / "mix.csv"
    status, out, _ = run(
        capsys,
        "mix",
        "--real", files["real"],
        "--synthetic", files["syn"],
        "--synthetic", files["syn2"],
        "--synthetic-share", "0.5",
        "--mode", "accumulate",
        "--weights", "1,2",
        "--no-escape-formulas",  # the old opt-out: still accepted, byte-exact is the default
        "--out", out_csv,
    )  # fmt: skip
    assert status == 0
    back = pd.read_csv(out_csv, dtype=str, keep_default_na=False)
    # All 5 real documents; 0.5 / 0.5 x 5 = 5 synthetic, split 1:2 -> 2 and 3 (1.67, 3.33).
    assert back["source"].value_counts().to_dict() == {"human": 5, "llama": 3, "gpt": 2}
    assert '=HYPERLINK("http://x")' in back["text"].tolist()
    assert "(csv, byte-exact text)" in out


def test_mix_stratified_strategy(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    out_csv = tmp_path / "mix.csv"
    status, _, _ = run(
        capsys, "mix", "--real", files["real"], "--synthetic-share", "0", "--size", "4",
        "--strategy", "stratified:topic", "--out", out_csv,
    )  # fmt: skip
    assert status == 0
    # 5 documents: weather 1, spam 1, travel 1, food 1, politics 1 -> ties; 4 distinct topics.
    assert pd.read_csv(out_csv)["topic"].nunique() == 4


@pytest.mark.parametrize(
    ("extra", "fragments"),
    [
        (["--size", "50"], ["'human' has 5 documents but the mix needs 25 of them"]),
        (["--size", "4", "--weights", "1,x"], ["--weights expects comma-separated numbers"]),
        (["--size", "4", "--weights", "1,1"], ["got 2 weights for 1 synthetic corpora"]),
        (["--size", "4", "--mode", "accumulate"], ["expected size=None, got 4"]),
        (["--size", "4", "--strategy", "stratified:genre"], ["has no column 'genre'"]),
        (["--size", "4", "--text-column", "body"], ["body"]),
    ],
)
def test_mix_errors_are_one_line(
    capsys: pytest.CaptureFixture[str],
    files: dict[str, Path],
    tmp_path: Path,
    extra: list[str],
    fragments: list[str],
) -> None:
    base: list[str | Path] = ["mix", "--real", files["real"], "--synthetic", files["syn"]]
    base += ["--synthetic-share", "0.5", "--out", tmp_path / "mix.csv"]
    status, out, err = run(capsys, *base, *extra)
    assert_one_line_error(status, err, *fragments)
    assert out == ""
    assert not (tmp_path / "mix.csv").exists()


def test_unwritable_output_and_missing_input(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    status, _, err = run(
        capsys, "mix", "--real", files["real"], "--synthetic-share", "0", "--size", "2",
        "--out", tmp_path / "no" / "such" / "dir" / "mix.csv",
    )  # fmt: skip
    assert_one_line_error(status, err, "no/such/dir")
    status, _, err = run(capsys, "inspect", tmp_path / "missing.csv")
    assert_one_line_error(status, err, "missing.csv")


def test_usage_errors_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--help")[0] == 0
    status, _, err = run(capsys)
    assert status == 2 and "the following arguments are required: COMMAND" in err
    status, _, err = run(capsys, "mix", "--real", "x.csv")
    assert status == 2 and "--synthetic-share" in err
    assert run(capsys, "embed", "x.csv", "--batch-size", "0")[0] == 2


# -- embed ------------------------------------------------------------------------------------


def test_embed_fills_the_cache_with_progress(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], tmp_path: Path
) -> None:
    cache_dir = tmp_path / "cache"
    status, out, err = run(
        capsys, "embed", files["real"], files["syn"], "--model", "lexical",
        "--cache-dir", cache_dir, "--batch-size", "2",
    )  # fmt: skip
    assert status == 0
    embedder = get_embedder("lexical")
    used = f"({embedder.model_id}, dim {embedder.dim}, cache {cache_dir})"
    assert out.splitlines() == [
        f"human: 5 documents: 5 embedded, 0 from cache {used}",
        f"gpt: 3 documents: 3 embedded, 0 from cache {used}",
    ]
    assert "embedding human" in err and "5/5" in err and "3/3" in err
    cache = EmbeddingCache(cache_dir)
    assert cache.count(embedder.cache_id) == 8
    again = run(capsys, "embed", files["real"], "--model", "lexical", "--cache-dir", cache_dir)
    assert again[1].splitlines() == [f"human: 5 documents: 0 embedded, 5 from cache {used}"]
    corpus = load_corpus(files["real"])
    np.testing.assert_allclose(
        embed_corpus(corpus, embedder, cache=cache), embed_corpus(corpus, embedder)
    )


# -- as a program -----------------------------------------------------------------------------


def test_python_dash_m_mixscope(files: dict[str, Path], tmp_path: Path) -> None:
    def program(*argv: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "mixscope", *map(str, argv)],
            capture_output=True,
            text=True,
            timeout=120,
        )

    ok = program("inspect", files["syn"])
    assert ok.returncode == 0 and "n documents          3" in ok.stdout
    bad = program("mix", "--real", files["syn"], "--synthetic-share", "0.9", "--size", "10",
                  "--out", tmp_path / "m.csv")  # fmt: skip
    assert bad.returncode == 2
    assert bad.stdout == ""
    assert bad.stderr == (
        "mixscope: error: synthetic share is 0.9 but no synthetic corpus was given; "
        "add one or set the share to 0\n"
    )


def test_inspect_shows_terminal_escape_codes_in_names_as_escapes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "codes.csv"
    path.write_text('text,"\x1b[2Jcolour\x1b[31m"\nhello,1\n', encoding="utf-8")
    status, out, _ = run(capsys, "inspect", path)
    assert status == 0
    assert "\x1b" not in out  # nothing reaches the terminal raw
    assert "\\x1b[2Jcolour\\x1b[31m" in out


@pytest.mark.parametrize(
    ("command", "extra"),
    [
        ("inspect", []),
        ("embed", ["--model", "lexical"]),
        ("mix", ["--synthetic-share", "0", "--size", "1", "--out", "x.csv"]),
        ("report", ["--synthetic-share", "0", "--size", "1", "--json", "x.json"]),
    ],
)
def test_every_command_takes_the_size_limits(
    capsys: pytest.CaptureFixture[str], files: dict[str, Path], command: str, extra: list[str]
) -> None:
    target = ["--real", files["syn2"]] if command in ("mix", "report") else [files["syn2"]]
    rows = run(capsys, command, *target, *extra, "--max-rows", "5")
    assert_one_line_error(rows[0], rows[2], "max_rows=5")
    text = run(capsys, command, *target, *extra, "--max-text-bytes", "40")
    assert_one_line_error(text[0], text[2], "max_text_bytes=40")
