"""Mix page downloads: the exact CSV, the CSV for spreadsheets, the findings and a manifest that
``mixscope mix --from-manifest`` reproduces byte for byte.

Shares one embedding cache with its module (the demo corpora are embedded once).
"""

import hashlib
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mixscope.evaluation import document_columns
from mixscope.export import escape_formula_cells, mix_to_csv, reproduce
from mixscope.mixing import MixConfig

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 180
BOM = b"\xef\xbb\xbf"


@pytest.fixture
def mix_page(shared_cache: Path) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.session_state["model"] = "lexical (fast)"
    at.session_state["metrics_sample_size"] = 300
    at.session_state["metrics_n_boot"] = 20
    at.run()
    at.switch_page("views/mix.py").run()
    assert not at.exception, at.exception
    return at


def _disabled(at: AppTest) -> dict[str, bool]:
    return {b.label: b.proto.disabled for b in at.get("download_button")}


def test_csv_downloads_and_a_manifest_that_reproduces_them(
    mix_page: AppTest, tmp_path: Path
) -> None:
    from components import data

    assert _disabled(mix_page)["Download mix with findings (CSV)"]  # no metrics yet
    result = data.mixed(data.demo_corpora(), MixConfig(synthetic_share=0.3, size=400))
    exact, sheet = data.mix_csv(result), data.spreadsheet_csv(result)
    assert exact == (mix_to_csv(result) or "").encode("utf-8") and not exact.startswith(BOM)
    assert sheet.startswith(BOM)
    assert sheet[len(BOM) :].decode("utf-8") == mix_to_csv(result, escape_formulas=True)

    manifest = json.loads(data.manifest_json(result))
    assert manifest["output"]["sha256"] == hashlib.sha256(exact).hexdigest()
    assert manifest["csv"]["escape_formulas"] is False and manifest["csv"]["escaped_cells"] == 0
    spreadsheet = manifest["spreadsheet_csv"]
    assert spreadsheet["sha256"] == hashlib.sha256(sheet).hexdigest()
    assert spreadsheet["encoding"] == "utf-8-sig" and spreadsheet["escape_formulas"] is True
    assert spreadsheet["escaped_cells"] == escape_formula_cells(result.documents())[1]
    assert all(i["path"] == i["origin"] for i in manifest["inputs"])  # absolute demo paths

    path = tmp_path / "mix_manifest.json"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    done = reproduce(path, tmp_path / "again.csv")
    assert done.identical and (tmp_path / "again.csv").read_bytes() == exact


def test_findings_download_once_the_metrics_are_computed(mix_page: AppTest) -> None:
    from components import data, state

    mix_page.button(key="metrics_compute_embeddings").click().run()
    assert not mix_page.exception, mix_page.exception
    assert not any(_disabled(mix_page).values())
    model = state.MODEL_CHOICES["lexical (fast)"]
    corpora = data.demo_corpora()
    index = data.cached_index(corpora, model)
    assert index is not None
    result = data.mixed(corpora, MixConfig(synthetic_share=0.3, size=400))
    content = data.findings_csv(result, index, data.mix_key(corpora, model))
    back = pd.read_csv(io.BytesIO(content), keep_default_na=False)
    expected = document_columns(result, index)
    assert back["text"].tolist() == result.documents()["text"].tolist()
    for column in ("is_exact_duplicate", "near_duplicate_of", "cluster"):
        assert back[column].tolist() == expected[column].tolist(), column


def test_parquet_and_jsonl_downloads_keep_every_text(mix_page: AppTest) -> None:
    from components import data

    labels = list(_disabled(mix_page))
    assert "Download mix Parquet" in labels and "Download mix JSONL" in labels
    result = data.mixed(data.demo_corpora(), MixConfig(synthetic_share=0.3, size=400))
    expected = result.documents()["text"].tolist()
    parquet = pd.read_parquet(io.BytesIO(data.mix_file(result, "parquet")))
    jsonl = pd.read_json(io.BytesIO(data.mix_file(result, "jsonl")), lines=True)
    assert parquet["text"].tolist() == expected == jsonl["text"].tolist()
    assert parquet["source"].tolist() == result.documents()["source"].tolist()
