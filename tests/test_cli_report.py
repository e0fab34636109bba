"""``mixscope report`` end to end on files written here (lexical embedder, no model)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from mixscope.cli import main
from mixscope.evaluation import default_metrics


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


def test_report_metrics_and_label_column(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = tmp_path / "real.csv"
    pd.DataFrame(
        {"text": [f"real text {i} about thing {i % 5}" for i in range(40)], "kind": ["a", "b"] * 20}
    ).to_csv(real, index=False)
    syn = _write(tmp_path / "syn.csv", [f"made up text {i}" for i in range(20)])
    out = tmp_path / "report.json"
    status = main(
        [
            "report", "--real", str(real), "--synthetic", str(syn), "--synthetic-share", "0.5",
            "--size", "20", "--model", "lexical", "--sample-size", "10", "--n-boot", "0",
            "--metrics", "label_tvd,c2st_auc", "--label-column", "kind", "--json", str(out),
        ]
    )  # fmt: skip
    assert status == 0, capsys.readouterr().err
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [m["name"] for m in report["metrics"]] == ["label_tvd", "c2st_auc"]
    label = report["metrics"][0]
    assert label["settings"]["label_column"] == "kind" and "['syn']" in label["settings"]["note"]
    assert report["config"]["evaluation"]["label_column"] == "kind"


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--metrics", "vendi,nope", "unknown metric 'nope'; available: default, c2st_auc,"),
        ("--label-column", "nope", "--label-column 'nope' is not a metadata column"),
    ],
)
def test_report_bad_metric_or_label_column_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str, message: str
) -> None:
    real = _write(tmp_path / "real.csv", ["a b c", "d e f", "g h i"])
    status = main(
        ["report", "--real", str(real), "--synthetic-share", "0", "--size", "3",
         option, value, "--json", str(tmp_path / "r.json")]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert status == 2 and err.startswith("mixscope: error: ") and message in err
    assert err.count("\n") == 1 and not (tmp_path / "r.json").exists()


def test_float16_holds_the_index_in_half_precision_and_says_so(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    topics = ["she went to the shop with her sister", "he drove to work with his brother"]
    real = _write(tmp_path / "real.csv", [f"{topics[i % 2]} on day {i}" for i in range(80)])
    syn = _write(tmp_path / "syn.csv", [f"{topics[0]} again {i % 9}" for i in range(40)])
    reports = {}
    for flag in ([], ["--float16"]):
        out = tmp_path / f"report{len(flag)}.json"
        status = main(
            ["report", "--real", str(real), "--synthetic", str(syn), "--synthetic-share", "0.5",
             "--size", "60", "--model", "lexical", "--sample-size", "40", "--json", str(out),
             *flag]
        )  # fmt: skip
        assert status == 0, capsys.readouterr().err
        reports[bool(flag)] = json.loads(out.read_text(encoding="utf-8"))
    for half, report in reports.items():
        assert report["config"]["evaluation"]["index"]["embedding_dtype"] == (
            "float16" if half else "float32"
        )
        by_name = {m["name"]: m for m in report["metrics"]}
        # marked on every metric that reads the embeddings, and only there
        assert ("embedding_dtype" in by_name["vendi"]["settings"]) is half
        assert "embedding_dtype" not in by_name["exact_duplicate_rate"]["settings"]
    one, two = ({m["name"]: m["value"] for m in r["metrics"]} for r in reports.values())
    assert one["exact_duplicate_rate"] == two["exact_duplicate_rate"]
    assert one["vendi"] == pytest.approx(two["vendi"], rel=1e-2)
