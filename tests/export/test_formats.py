"""CSV, Parquet and JSONL round trips: every text comes back byte for byte, types stay."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mixscope.corpus import Corpus, load_corpus
from mixscope.embed import get_embedder
from mixscope.evaluation import IndexSettings, build_index, document_columns
from mixscope.export import (
    document_chunks,
    escape_formula_cells,
    file_sha256,
    findings_frame,
    mix_bytes,
    output_format,
    write_csv,
    write_mix,
)
from mixscope.mixing import Mix, MixConfig, mix

#: Texts a careless writer changes: formula prefixes, quotes, line breaks inside the text,
#: tabs, surrounding spaces, emoji, right-to-left scripts, combining marks, NA-like words.
TRICKY = [
    "- (IT) Mr President, I should like to thank the rapporteur.",
    '=HYPERLINK("http://evil", "click")',
    "+1 555 0100",
    "@SUM(A1:A2)",
    "'already quoted",
    "\tstarts with a tab",
    "tab\tinside",
    'quotes "inside", commas, and ; semicolons',
    "line\nfeed",
    "carriage\rreturn",
    "crlf\r\ninside",
    "\rstarts with CR",
    "ends with a newline\n",
    "emoji 🎉 and a family 👩‍👩‍👧",
    "RTL שלום עולם and مرحبا بالعالم",
    "combining e\u0301 versus é",
    "line separator \u2028 paragraph separator \u2029 next line \x85 end",
    "NA",
    "null",
    "  leading and trailing spaces  ",
]
SYNTHETIC = ["=1+1", "ordinary synthetic", "ça va", "-5 degrees", '"fully quoted"']


def _corpora() -> list[Corpus]:
    n = len(TRICKY)
    real = Corpus(
        "human",
        "real",
        pd.DataFrame(
            {
                "source_row": range(n),
                "text": pd.Series(TRICKY, dtype="str"),
                "count": np.arange(n, dtype=np.int64) - 3,  # ints; the synthetic source lacks it
                "score": [0.1 * i if i % 4 else np.nan for i in range(n)],
                "label": pd.Series([None if i % 5 == 0 else f"-l{i}" for i in range(n)]),
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
            {
                "source_row": range(len(SYNTHETIC)),
                "text": pd.Series(SYNTHETIC, dtype="str"),
                "label": pd.Series(["=x", None, "b", "c", "d"], dtype="str"),
                "score": [1.5, -2.0, np.nan, 3.25, 1e-300],
            }
        ),
        "text",
        origin="/data/gpt.jsonl",
        format="jsonl",
    )
    return [real, synthetic]


@pytest.fixture
def full_mix() -> Mix:
    """Every document of both corpora (accumulate: 5 synthetic on 20 real)."""
    return mix(_corpora(), MixConfig(synthetic_share=5 / 25, mode="accumulate"))


def _texts(frame: pd.DataFrame) -> list[str]:
    return [str(t) for t in frame["text"]]


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_every_text_comes_back_byte_for_byte(full_mix: Mix, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"mix.{fmt}"
    written = write_mix(full_mix, path, chunk_rows=7)
    assert (written.format, written.n_rows, written.escaped_cells) == (fmt, 25, 0)
    assert written.sha256 == file_sha256(path) == hashlib.sha256(path.read_bytes()).hexdigest()
    if fmt == "csv":
        back = pd.read_csv(path, dtype=str, keep_default_na=False)
    elif fmt == "parquet":
        back = pd.read_parquet(path)
    else:
        lines = path.read_bytes().split(b"\n")
        assert lines[-1] == b"" and len(lines) == 26  # one record per line, nothing else
        back = pd.DataFrame([json.loads(line) for line in lines[:-1]])
    assert _texts(back) == TRICKY + SYNTHETIC
    assert [t.encode() for t in _texts(back)] == [t.encode() for t in TRICKY + SYNTHETIC]
    assert list(back.columns) == list(written.columns)
    assert list(back.columns) == ["text", "source", "role", "source_row", "count", "score", "label"]


@pytest.mark.parametrize("fmt", ["parquet", "jsonl"])
def test_metadata_keeps_its_types_and_missing_values(
    full_mix: Mix, tmp_path: Path, fmt: str
) -> None:
    path = tmp_path / f"mix.{fmt}"
    write_mix(full_mix, path, chunk_rows=4)
    if fmt == "parquet":
        back = pd.read_parquet(path)
    else:
        back = pd.read_json(path, lines=True, precise_float=True, dtype=False)
    expected = full_mix.documents()
    assert back["source_row"].tolist() == expected["source_row"].tolist()
    # The synthetic source has no "count": float with NaN, as in the mix's documents.
    np.testing.assert_array_equal(back["count"].to_numpy(float), expected["count"].to_numpy())
    np.testing.assert_array_equal(back["score"].to_numpy(float), expected["score"].to_numpy())
    assert back["label"].isna().tolist() == expected["label"].isna().tolist()
    assert back["label"].dropna().tolist() == expected["label"].dropna().tolist()


def test_parquet_types(full_mix: Mix, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "mix.parquet"
    written = write_mix(full_mix, path, chunk_rows=4)
    schema = pq.read_schema(path)
    types = {name: str(schema.field(name).type) for name in schema.names}
    assert types == {
        "text": "large_string",
        "source": "large_string",
        "role": "large_string",
        "source_row": "int64",
        "count": "double",
        "score": "double",
        "label": "large_string",
    }
    assert written.stringified == () and schema.metadata is None
    assert pq.ParquetFile(path).num_row_groups == 7  # 25 rows in chunks of 4


def test_jsonl_null_for_missing_and_no_raw_line_breaks(full_mix: Mix) -> None:
    content, _ = mix_bytes(full_mix, format="jsonl")
    records = [json.loads(line) for line in content.decode("utf-8").split("\n")[:-1]]
    assert records[0]["label"] is None and records[20]["count"] is None
    assert records[4]["count"] == 1 and isinstance(records[4]["count"], float | int)
    # No character str.splitlines() breaks on is left raw, and non-ASCII stays readable.
    assert len(content.decode("utf-8").splitlines()) == 25
    assert "🎉".encode() in content and b"\\u2028" in content


def test_every_format_reads_back_through_load_corpus(full_mix: Mix, tmp_path: Path) -> None:
    for fmt in ("jsonl", "csv", "parquet"):
        path = tmp_path / f"mix.{fmt}"
        write_mix(full_mix, path)
        corpus = load_corpus(path, text_column="text")
        assert corpus.documents["text"].tolist() == TRICKY + SYNTHETIC, fmt


def test_chunks_hold_the_documents_and_do_not_change_the_file(full_mix: Mix) -> None:
    whole = write_csv(full_mix.documents()) or ""
    dtypes = None
    for rows in (1, 3, 20, 25, 1000):
        content, _ = mix_bytes(full_mix, chunk_rows=rows)
        assert content.decode("utf-8") == whole, rows
        chunks = list(document_chunks(full_mix, chunk_rows=rows))
        assert len(chunks) == -(-25 // rows)
        found = {tuple(map(str, c.dtypes)) for c in chunks}
        assert len(found) == 1 and found == (dtypes or found), rows
        dtypes = found
        together = pd.concat(chunks, ignore_index=True)
        pd.testing.assert_frame_equal(together, full_mix.documents(), check_dtype=False)
    jsonl = {mix_bytes(full_mix, format="jsonl", chunk_rows=r)[0] for r in (1, 6, 100)}
    assert len(jsonl) == 1
    frames = [pd.read_parquet(io.BytesIO(mix_bytes(full_mix, format="parquet", chunk_rows=r)[0]))
              for r in (1, 6, 100)]  # fmt: skip
    for frame in frames[1:]:
        pd.testing.assert_frame_equal(frame, frames[0])


def test_same_mix_same_bytes(full_mix: Mix, tmp_path: Path) -> None:
    for fmt in ("csv", "parquet", "jsonl"):
        first = write_mix(full_mix, tmp_path / f"a.{fmt}")
        again = write_mix(full_mix, tmp_path / f"b.{fmt}")
        assert first.sha256 == again.sha256, fmt
        assert (tmp_path / f"a.{fmt}").read_bytes() == (tmp_path / f"b.{fmt}").read_bytes()


def test_csv_for_spreadsheets_has_a_bom_and_counts_its_escapes(full_mix: Mix) -> None:
    content, written = mix_bytes(full_mix, escape_formulas=True, bom=True, chunk_rows=3)
    assert content.startswith(b"\xef\xbb\xbf")
    _, expected = escape_formula_cells(full_mix.documents())
    assert written.escaped_cells == expected and written.escape_formulas and written.bom
    back = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    assert back["text"].iloc[0] == "'- (IT) Mr President, I should like to thank the rapporteur."
    assert back["text"].iloc[4] == "''already quoted"
    exact, plain = mix_bytes(full_mix)
    assert not exact.startswith(b"\xef\xbb\xbf") and plain.escaped_cells == 0


def test_mixed_type_metadata_is_written_as_strings_in_parquet(tmp_path: Path) -> None:
    real, synthetic = _corpora()
    real = Corpus(real.name, "real", real.documents.assign(code=range(len(real))), "text")
    synthetic = Corpus(
        synthetic.name, "synthetic", synthetic.documents.assign(code=list("abcde")), "text"
    )
    both = mix([real, synthetic], MixConfig(synthetic_share=0.2, mode="accumulate"))
    written = write_mix(both, tmp_path / "mix.parquet", chunk_rows=6)
    assert written.stringified == ("code",)
    back = pd.read_parquet(tmp_path / "mix.parquet")
    assert back["code"].tolist() == [str(i) for i in range(20)] + list("abcde")


def test_output_format_from_extension_or_name() -> None:
    assert output_format("a/b/mix.JSONL") == "jsonl"
    assert output_format("mix.csv", "parquet") == "parquet"
    with pytest.raises(ValueError, match=r"cannot tell the output format of 'mix\.txt'"):
        output_format("mix.txt")
    with pytest.raises(ValueError, match="output format must be one of"):
        output_format("mix.csv", "xlsx")


def test_escaping_is_for_csv_only_and_nothing_is_left_behind(full_mix: Mix, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not parquet"):
        write_mix(full_mix, tmp_path / "mix.parquet", escape_formulas=True)
    assert list(tmp_path.iterdir()) == []  # no partial file either


def test_findings_columns_are_aligned_with_their_documents(tmp_path: Path) -> None:
    real, synthetic = _corpora()
    # Plant exact copies of two real texts in the synthetic source.
    planted = synthetic.documents.assign(
        text=[TRICKY[0], "fresh synthetic", TRICKY[7], *SYNTHETIC[3:]]
    )
    synthetic = Corpus("gpt", "synthetic", planted, "text")
    both = mix([real, synthetic], MixConfig(synthetic_share=0.2, mode="accumulate"))
    embedder = get_embedder("lexical", cache_root=tmp_path)
    vectors = {c.name: embedder.encode(c.texts) for c in both.corpora}
    settings = IndexSettings(prdc_k=2, n_clusters=2)
    index = build_index(list(both.corpora), vectors, model_id=embedder.cache_id, settings=settings)
    findings = findings_frame(both, index)
    assert "source" not in findings.columns and len(findings) == len(both)

    path = tmp_path / "mix.csv"
    written = write_mix(both, path, findings=findings, chunk_rows=4)
    assert written.findings and "nearest_real_similarity" in written.columns
    back = pd.read_csv(path, keep_default_na=False)
    expected = document_columns(both, index)
    assert back["source_row"].tolist() == expected["source_row"].tolist()
    for column in findings.columns:
        got, want = back[column].to_numpy(), expected[column].fillna("").to_numpy()
        if want.dtype.kind == "f":
            np.testing.assert_allclose(got.astype(float), want.astype(float), rtol=1e-6)
        else:
            assert got.astype(str).tolist() == want.astype(str).tolist(), column
    duplicates = back.index[back["is_exact_duplicate"]].tolist()
    assert [back["text"][i] for i in duplicates] == [TRICKY[0], TRICKY[7]]
    assert all(back["source"][i] == "gpt" for i in duplicates)


def test_findings_named_like_a_column_get_a_prefix(full_mix: Mix) -> None:
    findings = pd.DataFrame({"score": range(25), "cluster": range(25)})
    (chunk,) = document_chunks(full_mix, findings=findings)
    assert list(chunk.columns)[-2:] == ["finding_score", "cluster"]
    assert chunk["finding_score"].tolist() == list(range(25))
    with pytest.raises(ValueError, match="findings have 3 rows, the mix 25"):
        next(document_chunks(full_mix, findings=findings.head(3)))
