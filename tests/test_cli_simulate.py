"""``mixscope simulate`` end to end on files written here (lexical embedder, no model)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mixscope.cli import main


def _write(path: Path, texts: list[str]) -> Path:
    pd.DataFrame({"text": texts}).to_csv(path, index=False)
    return path


def _zipf(n: int, seed: int = 0) -> list[str]:
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, 801) ** 1.1
    return [
        " ".join(f"w{i}" for i in rng.choice(800, size=int(k), p=p / p.sum()))
        for k in rng.integers(5, 25, size=n)
    ]


def test_simulate_writes_rows_and_settings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    real = _write(tmp_path / "real.csv", _zipf(120))
    syn = _write(tmp_path / "syn.csv", ["w0 w1 w0 w1 w2"] * 30)
    out = tmp_path / "sim.json"
    status = main(
        [
            "simulate", "--real", str(real), "--synthetic", str(syn), "--synthetic-share", "0.5",
            "--generations", "2", "--seed", "3", "--json", str(out),
        ]
    )  # fmt: skip
    stdout, stderr = capsys.readouterr()
    assert status == 0, stderr
    sim = json.loads(out.read_text(encoding="utf-8"))
    assert set(sim) == {"inputs", "rows", "settings"}
    assert [i["role"] for i in sim["inputs"]] == ["real", "synthetic"]
    rows = pd.DataFrame(sim["rows"])
    assert list(rows.columns) == ["regime", "generation", "metric", "value"]
    assert rows["regime"].unique().tolist() == ["replace", "accumulate", "fresh", "mix"]
    assert sorted(rows["generation"].unique()) == [0, 1, 2]
    assert len(rows) == 4 * 3 * 5
    settings = sim["settings"]
    assert settings["seed"] == 3 and settings["share"] == 0.5
    assert settings["synthetic_docs"] == 30 and settings["n_docs"] == 120
    assert settings["embedder"].startswith("lexical-hash")
    assert settings["regime_labels"]["mix"] == "current mix (share 0.5)"
    assert "replace: tail_retention 1 ->" in stdout and "simulating" in stderr


def test_same_seed_same_json(tmp_path: Path) -> None:
    real = _write(tmp_path / "real.csv", _zipf(60))
    outputs = []
    for name in ("a.json", "b.json"):
        args = ["simulate", "--real", str(real), "--generations", "2", "--regimes", "replace"]
        assert main([*args, "--json", str(tmp_path / name)]) == 0
        outputs.append(json.loads((tmp_path / name).read_text(encoding="utf-8")))
    assert outputs[0] == outputs[1]


def test_nan_values_are_null_and_gaussian_omits_text_metrics(tmp_path: Path) -> None:
    # one-word documents have no bigram: distinct-2 is NaN at generation 0, written as null
    real = _write(tmp_path / "real.csv", [f"w{i % 7}" for i in range(40)])
    out = tmp_path / "sim.json"
    assert main(["simulate", "--real", str(real), "--generations", "1", "--json", str(out)]) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    assert all(r["value"] is None for r in rows if r["metric"] == "distinct_2")
    out2 = tmp_path / "gauss.json"
    args = ["simulate", "--real", str(real), "--generations", "1", "--generator", "gaussian"]
    assert main([*args, "--json", str(out2)]) == 0
    sim = json.loads(out2.read_text(encoding="utf-8"))
    assert {r["metric"] for r in sim["rows"]} == {"vendi", "cluster_coverage", "embedding_variance"}
    assert set(sim["settings"]["omitted"]) == {"distinct_2", "tail_retention"}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--regimes", "replace,nope"], "regimes must be one or more of"),
        (["--regimes", "mix"], "the mix regime needs the synthetic share"),
        (["--synthetic-share", "1.5"], r"share must be a number in [0, 1]"),
        (["--n-docs", "500"], "n_docs must be at most the 40 real documents"),
        (["--synthetic", "x.csv"], "--synthetic is only used by the mix regime"),
    ],
)
def test_bad_requests_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    real = _write(tmp_path / "real.csv", _zipf(40))
    out = tmp_path / "sim.json"
    args = ["simulate", "--real", str(real), "--generations", "1", "--json", str(out), *extra]
    status = main(args)
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith("mixscope: error: ") and message in err and err.count("\n") == 1
    assert not out.exists()
