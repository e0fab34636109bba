"""Export: complete, UTF-8, byte-exact CSV (spreadsheet-safe on request) and a manifest."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mixscope.corpus import Corpus
from mixscope.embed import get_embedder
from mixscope.evaluation import IndexSettings, build_index, evaluate
from mixscope.export import (
    build_manifest,
    data_hash,
    escape_formula_cells,
    mix_bytes,
    mix_to_csv,
    package_versions,
    write_csv,
    write_manifest,
)
from mixscope.mixing import Mix, MixConfig, mix

REAL_TEXTS = [
    '=HYPERLINK("http://evil", "click")',
    "+1 555 0100",
    "-minus first",
    "@SUM(A1:A2)",
    "\tstarts with a tab",
    "\rstarts with CR",
    "Grüße, 東京, emoji 🎉",
    'quotes "inside", commas, and\na newline',
    "plain text",
    "NA",
]
SYNTHETIC_TEXTS = ["=1+1", "ordinary synthetic", "ça va", "  leading spaces kept"]


@pytest.fixture
def full_mix() -> Mix:
    real = Corpus(
        "human",
        "real",
        pd.DataFrame(
            {
                "source_row": range(10),
                "text": REAL_TEXTS,
                "topic": ["-neg", "b", "c", "d", "e", "f", "g", "h", "i", "j"],
                "score": [-1.5, 2, 3, 4, 5, 6, 7, 8, 9, 10],
            }
        ),
        "text",
        origin="/data/human.csv",
        format="csv",
    )
    synthetic = Corpus(
        "gpt",
        "synthetic",
        pd.DataFrame(
            {"source_row": [0, 2, 3, 5], "text": SYNTHETIC_TEXTS, "model": ["m", "m", "n", "=x"]}
        ),
        "text",
        dropped=pd.DataFrame({"source_row": [1, 4], "reason": ["empty text"] * 2, "value": ""}),
        origin="upload:gpt.jsonl",
        format="jsonl",
    )
    # Every document of both corpora: accumulate with 4 synthetic per 10 real.
    return mix([real, synthetic], MixConfig(synthetic_share=4 / 14, mode="accumulate"))


def read_back(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


def unescape(value: str) -> str:
    """The manifest's recipe: one leading apostrophe off everything that has one."""
    return value[1:] if value.startswith("'") else value


def test_csv_has_every_row_and_column(full_mix: Mix) -> None:
    text = mix_to_csv(full_mix)
    assert isinstance(text, str)
    back = read_back(text)
    assert list(back.columns) == ["text", "source", "role", "source_row", "topic", "score", "model"]
    assert len(back) == 14
    assert back["source"].tolist() == ["human"] * 10 + ["gpt"] * 4
    assert back["source_row"].tolist() == [str(i) for i in [*range(10), 0, 2, 3, 5]]
    # Missing metadata is an empty cell.
    assert back["model"].tolist()[:10] == [""] * 10
    assert back["topic"].tolist()[10:] == [""] * 4


def test_csv_is_byte_exact_by_default(full_mix: Mix) -> None:
    # A mix is training data: "- (IT) Mr President" must not become "'- (IT) Mr President".
    back = read_back(mix_to_csv(full_mix) or "")
    assert back["text"].tolist() == REAL_TEXTS + SYNTHETIC_TEXTS
    assert back["topic"].iloc[0] == "-neg" and back["model"].iloc[13] == "=x"


def test_formula_cells_are_escaped_and_counted_on_request(full_mix: Mix) -> None:
    escaped, n = escape_formula_cells(full_mix.documents())
    # Text: 6 real + 1 synthetic; topic "-neg"; model "=x". The numeric score -1.5 stays.
    assert n == 9
    back = read_back(mix_to_csv(full_mix, escape_formulas=True) or "")
    assert back["text"].tolist()[:6] == ["'" + t for t in REAL_TEXTS[:6]]
    assert back["text"].iloc[10] == "'=1+1"
    assert back["topic"].iloc[0] == "'-neg"
    assert back["model"].iloc[13] == "'=x"
    assert back["score"].iloc[0] == "-1.5"
    assert not any(v[:1] in "=+-@\t\r" for v in back["text"])
    assert [unescape(v) for v in back["text"]] == REAL_TEXTS + SYNTHETIC_TEXTS
    assert escaped.shape == full_mix.documents().shape


def test_csv_file_is_utf8_and_preserves_unicode(full_mix: Mix, tmp_path: Path) -> None:
    path = tmp_path / "mix.csv"
    assert mix_to_csv(full_mix, path) is None
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert "Grüße, 東京, emoji 🎉".encode() in raw
    back = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    assert back["text"].iloc[6] == "Grüße, 東京, emoji 🎉"
    assert back["text"].iloc[7] == 'quotes "inside", commas, and\na newline'
    assert back["text"].iloc[13] == "  leading spaces kept"


def test_csv_to_a_buffer(full_mix: Mix) -> None:
    buffer = io.StringIO()
    assert mix_to_csv(full_mix, buffer) is None
    assert buffer.getvalue() == mix_to_csv(full_mix)


def test_escape_formula_cells_leaves_numbers_and_missing_values() -> None:
    frame = pd.DataFrame({"n": [-1, 2], "s": pd.Series(["@a", None], dtype="str"), "o": [None, 1]})
    escaped, n = escape_formula_cells(frame)
    assert n == 1
    assert escaped["n"].tolist() == [-1, 2]
    assert escaped["s"].iloc[0] == "'@a" and pd.isna(escaped["s"].iloc[1])
    assert frame["s"].iloc[0] == "@a"  # the input is not modified


def test_manifest_describes_inputs_config_and_counts(full_mix: Mix, tmp_path: Path) -> None:
    _, written = mix_bytes(full_mix, escape_formulas=True)
    manifest = build_manifest(full_mix, model_id="lexical-256", output=written)
    human, gpt = full_mix.corpora
    assert manifest["inputs"] == [
        {
            "name": "human",
            "role": "real",
            "origin": "/data/human.csv",
            "path": "/data/human.csv",
            "format": "csv",
            "text_column": "text",
            "encoding": None,
            "txt_mode": "line",
            "content_hash": human.content_hash,
            "data_hash": data_hash(human),
            "n_documents": 10,
            "n_dropped": 0,
        },
        {
            "name": "gpt",
            "role": "synthetic",
            "origin": "upload:gpt.jsonl",
            "path": None,  # an upload cannot be read again
            "format": "jsonl",
            "text_column": "text",
            "encoding": None,
            "txt_mode": "line",
            "content_hash": gpt.content_hash,
            "data_hash": data_hash(gpt),
            "n_documents": 4,
            "n_dropped": 2,
        },
    ]
    assert manifest["config"] == {
        "synthetic_share": 4 / 14,
        "size": None,
        "weights": None,
        "mode": "accumulate",
        "strategy": "uniform",
        "seed": 0,
    }
    assert manifest["counts"] == [
        {"source": "human", "role": "real", "n": 10, "share": 10 / 14},
        {"source": "gpt", "role": "synthetic", "n": 4, "share": 4 / 14},
    ]
    assert manifest["n_documents"] == 14
    assert manifest["model"] == "lexical-256"
    assert manifest["versions"]["numpy"] == np.__version__
    assert manifest["versions"]["pandas"] == pd.__version__
    assert manifest["versions"]["mixscope"] == "0.1.0"
    assert manifest["csv"]["escaped_cells"] == 9 and manifest["csv"]["escape_formulas"] is True
    assert "apostrophe" in manifest["csv"]["note"]
    assert manifest["output"] == {
        "format": "csv",
        "sha256": written.sha256,
        "n_rows": 14,
        "columns": ["text", "source", "role", "source_row", "topic", "score", "model"],
        "findings": False,
        "stringified_columns": [],
        "chunk_rows": 50_000,
    }
    created = datetime.fromisoformat(manifest["created_utc"])
    assert created.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - created) < timedelta(minutes=1)

    path = tmp_path / "manifest.json"
    write_manifest(manifest, path)
    assert json.loads(path.read_text(encoding="utf-8")) == manifest


def test_manifest_weights_become_a_json_list(full_mix: Mix, tmp_path: Path) -> None:
    weighted = mix(list(full_mix.corpora), MixConfig(synthetic_share=0.5, size=8, weights=(1,)))
    manifest = build_manifest(weighted)
    path = tmp_path / "m.json"
    write_manifest(manifest, path)
    loaded = json.loads(path.read_text(encoding="utf-8"))
    assert loaded["config"]["weights"] == [1.0]
    assert loaded["model"] is None
    assert loaded["csv"]["escape_formulas"] is False and loaded["output"] is None


def test_package_versions_mark_missing_packages() -> None:
    versions = package_versions()
    assert set(versions) >= {"python", "mixscope", "numpy", "pandas", "pyarrow", "torch"}
    assert versions["python"].count(".") == 2  # type: ignore[union-attr]


def test_escaping_is_reversible_for_texts_that_start_with_an_apostrophe() -> None:
    # Without escaping the apostrophe too, an escaped "=x" and an original "'=x" would be one
    # and the same in the file.
    frame = pd.DataFrame({"text": ["=x", "'=x", "''", "plain"], "@tag": ["a", "b", "c", "d"]})
    escaped, n = escape_formula_cells(frame)
    assert escaped["text"].tolist() == ["'=x", "''=x", "'" * 3, "plain"]
    assert list(escaped.columns) == ["text", "'@tag"] and n == 4
    back = read_back(write_csv(escaped) or "")
    assert [unescape(v) for v in back["text"]] == frame["text"].tolist()
    assert [unescape(c) for c in back.columns] == list(frame.columns)


def test_manifest_records_the_embedder_and_every_metric(full_mix: Mix, tmp_path: Path) -> None:
    embedder = get_embedder("lexical", cache_root=tmp_path)
    corpora = list(full_mix.corpora)
    vectors = {c.name: embedder.encode(c.texts) for c in corpora}
    settings = IndexSettings(prdc_k=2, n_clusters=2)  # a 10-document real corpus
    index = build_index(corpora, vectors, model_id=embedder.cache_id, settings=settings)
    evaluation = evaluate(full_mix, index, min_documents=2, n_boot=20)
    manifest = build_manifest(full_mix, embedder=embedder, metrics=evaluation)

    assert manifest["model"] == {
        "id": embedder.model_id,
        "cache_id": embedder.cache_id,
        "backend": type(embedder).__name__.removesuffix("Embedder"),
    }
    table = evaluation.table
    assert [m["metric"] for m in manifest["metrics"]] == table["metric"].tolist()
    for row, recorded in zip(table.to_dict("records"), manifest["metrics"], strict=True):
        settings = json.loads(row["settings"])
        assert recorded["status"] == row["status"]
        assert (recorded["warn"], recorded["fail"]) == (settings["warn"], settings["fail"])
        if np.isfinite(row["value"]):
            assert recorded["value"] == row["value"]
        else:  # NaN is not JSON: recorded as null, and the reason is in the status
            assert recorded["value"] is None and row["status"] == "n/a"
    assert manifest["evaluation"] == evaluation.config
    path = tmp_path / "manifest.json"
    write_manifest(manifest, path)  # strict JSON: no NaN
    assert json.loads(path.read_text(encoding="utf-8"))["metrics"] == manifest["metrics"]


def test_manifest_records_the_review_of_a_saved_mix(full_mix: Mix) -> None:
    assert build_manifest(full_mix)["review"] is None  # never saved
    review = {"name": "week48", "version": 2, "status": "approved",
              "history": [{"status": "approved", "comment": "ok", "author": "lead"}]}  # fmt: skip
    recorded = build_manifest(full_mix, review=review)["review"]
    assert recorded == review and recorded is not review
    json.dumps(recorded)  # JSON-ready
