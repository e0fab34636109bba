"""``mixscope map`` and ``mixscope report --attribution`` on the demo corpora (lexical)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mixscope.cli import main
from mixscope.evaluation import CLUSTER_STATUSES

DATA = Path(__file__).resolve().parents[1] / "data"
POOL = ["--real", str(DATA / "real.csv"), "--synthetic", str(DATA / "synthetic_templated.csv"),
        "--synthetic", str(DATA / "synthetic_skewed.csv"), "--synthetic-share", "0.3",
        "--size", "1000", "--model", "lexical"]  # fmt: skip


def test_map_writes_an_offline_html_map_and_the_cluster_table(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html, clusters = tmp_path / "map.html", tmp_path / "clusters.json"
    status = main(["map", *POOL, "--max-points", "3000", "--color", "cluster",
                   "--html", str(html), "--clusters", str(clusters)])  # fmt: skip
    out, err = capsys.readouterr()
    assert status == 0, err
    assert "wrote" in out and "3,000 of 7,200 documents (a seeded sample)" in out
    page = html.read_text(encoding="utf-8")
    assert "scattergl" in page and not re.search(r"<script[^>]+src=", page)  # plotly.js inline
    table = json.loads(clusters.read_text(encoding="utf-8"))["clusters"]
    assert {row["status"] for row in table} <= set(CLUSTER_STATUSES)
    assert sum(row["mix_n"] for row in table) == 1000
    assert all(row["label"] for row in table) and all(row["examples"] for row in table)


def test_report_attribution_names_the_source_behind_the_copies(
    tmp_path: Path, cache_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "attribution.json"
    status = main(["report", *POOL, "--metrics", "exact_duplicate_rate,vendi", "--n-boot", "0",
                   "--json", str(tmp_path / "r.json"), "--attribution", str(out)])  # fmt: skip
    assert status == 0, capsys.readouterr().err
    result = json.loads(out.read_text(encoding="utf-8"))
    variants = {row["variant"] for row in result["rows"]}
    assert variants == {"all", "without synthetic_templated", "without synthetic_skewed",
                        "alone synthetic_templated", "alone synthetic_skewed"}  # fmt: skip
    costliest = {row["metric"]: row["source"] for row in result["costliest"]}
    assert costliest["exact_duplicate_rate"] == "synthetic_templated"


def test_umap_without_its_package_is_one_line_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    if importlib.util.find_spec("umap") is not None:
        pytest.skip("umap-learn is installed here")
    status = main(["map", *POOL, "--method", "umap", "--html", str(tmp_path / "m.html")])
    err = capsys.readouterr().err
    assert status == 2 and err.count("\n") == 1
    assert "pip install umap-learn" in err and not (tmp_path / "m.html").exists()
