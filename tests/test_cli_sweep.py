"""``mixscope sweep`` end to end on the demo corpora (lexical embedder): the JSON the issue asks
for, a guardrails file, and an honest verdict for a source drawn from the real distribution."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from mixscope.cli import main
from mixscope.decide import DEFAULT_GUARDRAILS

DATA = Path(__file__).resolve().parents[1] / "data"


def _sweep(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(["sweep", "--model", "lexical", "--n-boot", "50", *args])
    out, err = capsys.readouterr()
    return status, out, err


def test_a_source_from_the_real_distribution_is_allowed_at_every_share(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = pd.read_csv(DATA / "real.csv")
    halves = real.iloc[::2], real.iloc[1::2]  # interleaved: both halves cover every topic
    paths = [tmp_path / "real_half.csv", tmp_path / "twin.csv"]
    for frame, path in zip(halves, paths, strict=True):
        frame.to_csv(path, index=False)
    out = tmp_path / "sweep.json"
    status, stdout, err = _sweep(["--real", str(paths[0]), "--synthetic", str(paths[1]),
                                  "--size", "1000", "--json", str(out)], capsys)  # fmt: skip
    assert status == 0, err
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["recommendation"]["share"] == 1.0, result["recommendation"]
    assert "recommended synthetic share: 1 " in stdout
    assert [p["share"] for p in result["points"]] == [round(0.1 * k, 1) for k in range(11)]


def test_sweep_json_has_points_guardrails_recommendation_sources_and_weights(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rails = tmp_path / "rails.toml"
    rails.write_text('[guardrails.exact_duplicate_rate]\nmax = 0.002\nsource = "team"\n',
                     encoding="utf-8")  # fmt: skip
    out = tmp_path / "sweep.json"
    status, stdout, err = _sweep(
        ["--real", str(DATA / "real.csv"), "--synthetic", str(DATA / "synthetic_templated.csv"),
         "--synthetic", str(DATA / "synthetic_skewed.csv"), "--size", "1000",
         "--shares", "0,0.2,0.4,0.6", "--guardrails", str(rails), "--search-weights",
         "--json", str(out)], capsys,
    )  # fmt: skip
    assert status == 0, err
    result = json.loads(out.read_text(encoding="utf-8"))
    assert [p["share"] for p in result["points"]] == [0.0, 0.2, 0.4, 0.6]
    for point in result["points"]:
        for metric in point["metrics"]:
            assert set(metric) == {"name", "value", "ci_low", "ci_high", "status"}
    rails_out = {r["metric"]: r for r in result["guardrails"]}
    assert list(rails_out) == list(DEFAULT_GUARDRAILS)
    assert rails_out["exact_duplicate_rate"] == {"metric": "exact_duplicate_rate",
                                                 "bound": 0.002, "keep": "below",
                                                 "source": "team"}  # fmt: skip
    rec = result["recommendation"]
    assert set(rec) == {"share", "binding", "margin", "reason", "lenient", "unjudged"}
    assert rec["binding"] in rails_out and rec["reason"]
    # the templated source copies itself: it fails fidelity and costs the most share
    status_of = {(s["source"], s["name"]): s["status"] for s in result["sources"]}
    assert status_of["synthetic_templated", "coverage"] == "fail"
    assert result["weights"]["costliest"] == "synthetic_templated"
    assert result["weights"]["recommendation"]["share"] > (rec["share"] or 0.0)
    assert "costliest source: synthetic_templated" in stdout and "sweeping" in err


def test_bad_guardrails_file_is_one_line_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rails = tmp_path / "rails.toml"
    rails.write_text("[guardrails.vendi]\nmax = 0.5\n", encoding="utf-8")
    status, _, err = _sweep(["--real", str(DATA / "real.csv"), "--size", "100",
                             "--guardrails", str(rails), "--json", str(tmp_path / "x.json")],
                            capsys)  # fmt: skip
    assert status == 2
    assert err.strip().splitlines() == [
        f"mixscope: error: {rails}: [guardrails.vendi]: Vendi score must stay above its bound: "
        "give 'min', not 'max'"
    ]
    status, _, err = _sweep(["--real", str(DATA / "real.csv"), "--shares", "0,x", "--size", "9",
                             "--json", str(tmp_path / "x.json")], capsys)  # fmt: skip
    assert status == 2 and "--shares expects comma-separated numbers" in err
