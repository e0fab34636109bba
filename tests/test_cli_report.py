"""``mixscope report`` end to end on files written here (lexical embedder, no model)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from mixscope.cli import main
from mixscope.metrics.registry import default_metrics


def _write(path: Path, texts: list[str]) -> Path:
    pd.DataFrame({"text": texts}).to_csv(path, index=False)
    return path


def test_report_writes_json_and_documents(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    topics = ["she went to the shop with her sister", "he drove to work with his brother"]
    real = _write(
        tmp_path / "real.csv", [f"{topics[i % 2]} on day {i} of month {i % 7}" for i in range(80)]
    )
    syn = _write(tmp_path / "syn.csv", [f"{topics[0]} again and again {i % 3}" for i in range(40)])
    out, docs = tmp_path / "report.json", tmp_path / "docs.csv"
    status = main(
        [
            "report", "--real", str(real), "--synthetic", str(syn), "--synthetic-share", "0.25",
            "--size", "60", "--model", "lexical", "--sample-size", "40",
            "--json", str(out), "--documents", str(docs),
        ]
    )  # fmt: skip
    stdout, stderr = capsys.readouterr()
    assert status == 0, stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report) == {"inputs", "config", "metrics", "documents"}
    assert [i["role"] for i in report["inputs"]] == ["real", "synthetic"]
    assert report["config"]["mix"]["synthetic_share"] == 0.25
    assert [m["name"] for m in report["metrics"]] == default_metrics()
    for metric in report["metrics"]:
        assert {"name", "group", "value", "ci_low", "ci_high", "status", "settings"} <= set(metric)
        assert metric["status"] in {"pass", "warn", "fail", "n/a"}
    exact = next(m for m in report["metrics"] if m["name"] == "exact_duplicate_rate")
    frame = pd.read_csv(docs)
    assert len(frame) == 60
    assert exact["value"] == pytest.approx(frame["is_exact_duplicate"].mean())
    assert report["documents"] == str(docs)
    axis = next(m for m in report["metrics"] if m["name"] == "gender_axis_shift")
    assert axis["value"] is not None and axis["settings"]["axes_indexed"] == [
        "age", "gender", "sentiment",
    ]  # fmt: skip
    assert "exact_duplicate_rate" in stdout and "indexing" in stderr


def test_report_bad_share_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = _write(tmp_path / "real.csv", ["a b c"] * 3)
    status = main(
        ["report", "--real", str(real), "--synthetic-share", "2", "--size", "3",
         "--json", str(tmp_path / "r.json")]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert status == 2 and err.startswith("mixscope: error: synthetic share")
    assert not (tmp_path / "r.json").exists()
