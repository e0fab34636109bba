"""``mixscope report --html``: the health report from the command line (lexical embedder)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from mixscope.cli import main

TOPICS = ["she went to the shop with her sister", "he drove to work with his brother"]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    real = tmp_path / "real.csv"
    pd.DataFrame(
        {"text": [f"{TOPICS[i % 2]} on day {i} of month {i % 7}" for i in range(80)]}
    ).to_csv(real, index=False)
    synthetic = tmp_path / "syn.csv"
    texts = [f"{TOPICS[0]} again <script>window.__pwned=1</script> {i % 3}" for i in range(40)]
    pd.DataFrame({"text": texts}).to_csv(synthetic, index=False)
    return real, synthetic


def _args(files: tuple[Path, Path], *extra: str) -> list[str]:
    real, synthetic = files
    return ["report", "--real", str(real), "--synthetic", str(synthetic), "--synthetic-share",
            "0.25", "--size", "60", "--model", "lexical", "--sample-size", "40", "--n-boot", "20",
            *extra]  # fmt: skip


def test_html_alone_writes_the_report(
    files: tuple[Path, Path], tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.html"
    status = main(_args(files, "--html", str(out)))
    stdout, stderr = capsys.readouterr()
    assert status == 0, stderr
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<section id="verdict"' in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "<script>window.__pwned" not in page
    assert 'id="decision"' not in page  # no sweep asked for
    assert f"wrote {out}" in stdout and not list(tmp_path.glob("*.json"))


def test_json_and_html_together(
    files: tuple[Path, Path], tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report, page = tmp_path / "report.json", tmp_path / "report.html"
    status = main(_args(files, "--json", str(report), "--html", str(page)))
    stdout, stderr = capsys.readouterr()
    assert status == 0, stderr
    assert set(json.loads(report.read_text(encoding="utf-8"))) == {"inputs", "config", "metrics"}
    assert '<section id="metrics"' in page.read_text(encoding="utf-8")
    assert f"wrote {report} and {page}" in stdout


def test_with_sweep_adds_the_recommendation(
    files: tuple[Path, Path], tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rails = tmp_path / "guardrails.toml"
    rails.write_text('[guardrails.exact_duplicate_rate]\nmax = 0.5\nsource = "<b>team</b>"\n')
    out = tmp_path / "report.html"
    status = main(_args(files, "--html", str(out), "--with-sweep", "--guardrails", str(rails)))
    assert status == 0, capsys.readouterr().err
    page = out.read_text(encoding="utf-8")
    decision = page[page.index('<section id="decision"') :]
    assert "Recommended synthetic share:" in decision and "&lt;b&gt;team&lt;/b&gt;" in decision
    assert "Share 0.7 was not evaluated" in decision  # 40 synthetic documents cannot make 42


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ((), "give --json FILE, --html FILE or both"),
        (("--json", "r.json", "--with-sweep"), "--with-sweep goes into the HTML report"),
        (("--html", "r.html", "--guardrails", "g.toml"), "--guardrails bound the recommendation"),
    ],
)
def test_bad_combinations_are_one_line_errors_before_any_work(
    files: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    extra: tuple[str, ...],
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    status = main(_args(files, *extra))
    err = capsys.readouterr().err
    assert status == 2 and err.startswith("mixscope: error: ") and message in err
    assert err.count("\n") == 1 and not list(tmp_path.glob("r.*"))
