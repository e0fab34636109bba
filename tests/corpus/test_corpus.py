"""load_corpus end to end: every format, bytes vs path, drop accounting, bad input, describe."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from mixscope.corpus import Corpus, CorpusError, describe, load_corpus

TEXTS = ["The cat sat on the mat.", "Café au lait, s'il vous plaît.", "A third  document\there."]


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"id": [1, 2, 3], "text": TEXTS, "topic": ["pets", "food", "misc"]})


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """The same three documents in every supported format."""
    frame = _frame()
    records = frame.to_dict(orient="records")
    out = {
        "csv": tmp_path / "docs.csv",
        "tsv": tmp_path / "docs.tsv",
        "parquet": tmp_path / "docs.parquet",
    }
    frame.to_csv(out["csv"], index=False)
    frame.to_csv(out["tsv"], sep="\t", index=False)
    frame.to_parquet(out["parquet"], index=False)
    out["json"] = _write(tmp_path, "docs.json", json.dumps(records))
    out["jsonl"] = _write(tmp_path, "docs.jsonl", "".join(json.dumps(r) + "\n" for r in records))
    out["txt"] = _write(tmp_path, "docs.txt", "".join(t + "\n" for t in TEXTS))
    return out


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "parquet", "txt"])
def test_every_format_loads_the_same_documents(files: dict[str, Path], fmt: str) -> None:
    corpus = load_corpus(files[fmt], role="synthetic")
    assert corpus.name == "docs"
    assert corpus.role == "synthetic"
    assert corpus.format == fmt
    assert corpus.origin == str(files[fmt])
    assert corpus.text_column == "text"
    assert corpus.documents["text"].tolist() == TEXTS  # original, not normalised
    assert corpus.documents["source_row"].tolist() == [0, 1, 2]
    assert corpus.texts[2] == "A third document here."
    assert len(corpus.dropped) == 0
    if fmt != "txt":
        assert corpus.metadata_columns == ["id", "topic"]
        assert corpus.documents["id"].tolist() == [1, 2, 3]
        assert corpus.documents["topic"].tolist() == ["pets", "food", "misc"]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "parquet", "txt"])
def test_bytes_and_path_give_the_same_corpus(files: dict[str, Path], fmt: str) -> None:
    path = files[fmt]
    from_path = load_corpus(path)
    upload = load_corpus(path.read_bytes(), filename=path.name)
    assert upload.name == "docs"
    assert upload.origin == f"upload:{path.name}"
    assert upload.content_hash == from_path.content_hash
    pd.testing.assert_frame_equal(upload.documents, from_path.documents)


def test_format_override_and_bytes_without_a_name() -> None:
    corpus = load_corpus(b"text\nhello there\n", format="csv")
    assert corpus.name == "upload"
    assert corpus.format == "csv"
    with pytest.raises(CorpusError, match="pass filename= or format="):
        load_corpus(b"text\nhello there\n")


def test_the_same_content_has_the_same_hash_whatever_its_whitespace() -> None:
    a = load_corpus(b"text\nCafe\xcc\x81  au lait\n", filename="a.csv")  # decomposed é
    b = load_corpus(b'{"text": "Caf\\u00e9 au lait"}\n', filename="b.jsonl")
    assert a.content_hash == b.content_hash
    assert a.documents["text"].tolist() == ["Cafe\u0301  au lait"]  # kept as in the file


def test_txt_paragraph_mode() -> None:
    data = b"First paragraph,\nstill first.\n\n\n  \nSecond one.\n\nThird\n"
    corpus = load_corpus(data, filename="notes.txt", txt_mode="paragraph")
    assert corpus.documents["text"].tolist() == [
        "First paragraph,\nstill first.",
        "Second one.",
        "Third",
    ]
    assert corpus.documents["source_row"].tolist() == [0, 1, 2]


def test_txt_line_mode_drops_blank_lines_as_empty() -> None:
    corpus = load_corpus(b"one\n\n   \ntwo\r\n", filename="lines.txt")
    assert corpus.documents["text"].tolist() == ["one", "two"]
    assert corpus.dropped.to_dict(orient="list") == {
        "source_row": [1, 2],
        "reason": ["empty", "empty"],
        "value": ["", "   "],
    }


def test_every_input_record_is_a_document_or_a_dropped_row() -> None:
    lines = [
        '{"text": "good one", "n": 1}',
        '{"text": ""}',
        '{"text": "   \\t "}',
        '{"text": null}',
        '{"n": 5}',
        '{"text": 42}',
        '{"text": true}',
        '{"text": {"nested": "x"}}',
        "{not json",
        '["a list"]',
        "",
        '{"text": "good two"}',
    ]
    data = ("\n".join(lines) + "\n").encode() + b'{"text": "caf\xe9"}\n'
    corpus = load_corpus(data, filename="mixed.jsonl")
    assert len(corpus) + len(corpus.dropped) == len(lines) + 1
    assert corpus.documents["text"].tolist() == ["good one", "good two"]
    assert corpus.documents["source_row"].tolist() == [0, 11]
    assert dict(zip(corpus.dropped["source_row"], corpus.dropped["reason"], strict=True)) == {
        1: "empty",
        2: "empty",
        3: "missing",
        4: "missing",
        5: "non-text",
        6: "non-text",
        7: "non-text",
        8: "malformed",
        9: "malformed",
        10: "empty",
        12: "undecodable",
    }
    assert corpus.dropped["value"].tolist()[4] == "42"


def test_csv_numbers_in_the_text_column_are_kept_as_text() -> None:
    corpus = load_corpus(b"text,label\nhello world,a\n42,b\n,c\n", filename="n.csv")
    assert corpus.documents["text"].tolist() == ["hello world", "42"]
    assert corpus.dropped["reason"].tolist() == ["empty"]


def test_csv_quoted_newlines_and_blank_lines(tmp_path: Path) -> None:
    data = 'text,id\n"line one\nline two",1\n\n"say ""hi""",2\n'
    corpus = load_corpus(_write(tmp_path, "q.csv", data))
    assert corpus.documents["text"].tolist() == ["line one\nline two", 'say "hi"']
    assert corpus.dropped["source_row"].tolist() == [1]  # the blank line is an empty record


def test_text_column_override_and_detection() -> None:
    data = (
        b"title,story,score\nHi,Once upon a time there was a fox,3\nYo,Another long tale here,4\n"
    )
    assert load_corpus(data, filename="s.csv").text_column == "story"
    corpus = load_corpus(data, filename="s.csv", text_column="title")
    assert corpus.documents["text"].tolist() == ["Hi", "Yo"]
    assert corpus.metadata_columns == ["story", "score"]
    with pytest.raises(CorpusError, match=r"'body' not found.*\['title', 'story', 'score'\]"):
        load_corpus(data, filename="s.csv", text_column="body")


def test_metadata_named_like_a_base_column_is_renamed() -> None:
    data = b"content,text,source_row\nreal document,other,7\n"
    corpus = load_corpus(data, filename="c.csv", text_column="content")
    assert list(corpus.documents.columns) == ["source_row", "text", "meta_text", "meta_source_row"]
    assert corpus.documents.iloc[0].tolist() == [0, "real document", "other", 7]


def test_reading_in_small_chunks_gives_identical_results(tmp_path: Path) -> None:
    rows = [
        {"text": f"document number {i}" if i % 7 else "", "k": i % 3, "tag": f"t{i % 5}"}
        for i in range(253)
    ]
    frame = pd.DataFrame(rows)
    frame.to_csv(tmp_path / "big.csv", index=False)
    frame.to_parquet(tmp_path / "big.parquet", index=False)
    _write(tmp_path, "big.jsonl", "".join(json.dumps(r) + "\n" for r in rows))
    _write(tmp_path, "big.json", json.dumps(rows))
    _write(tmp_path, "big.txt", "".join(r["text"] + "\n" for r in rows))
    for name in ["big.csv", "big.parquet", "big.jsonl", "big.json", "big.txt"]:
        whole = load_corpus(tmp_path / name)
        chunked = load_corpus(tmp_path / name, chunk_rows=10)
        pd.testing.assert_frame_equal(chunked.documents, whole.documents)
        pd.testing.assert_frame_equal(chunked.dropped, whole.dropped)
        assert len(whole) == 253 - 37 and len(whole.dropped) == 37


def test_size_guards(tmp_path: Path) -> None:
    path = _write(tmp_path, "five.txt", "a\nb\nc\nd\ne\n")
    assert len(load_corpus(path, max_rows=5, max_bytes=10)) == 5
    with pytest.raises(CorpusError, match="more than max_rows=4"):
        load_corpus(path, max_rows=4, chunk_rows=2)
    with pytest.raises(CorpusError, match="10 bytes, more than max_bytes=9"):
        load_corpus(path, max_bytes=9)


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"text\nhi\n", "a.xlsx", r"unsupported file type '.xlsx'.*\.csv"),
        (b"text\nhi\n", "noext", r"'\(no extension\)'"),
        (b"", "a.csv", r"is empty \(0 bytes\)"),
        (b"", "a.parquet", r"is empty \(0 bytes\)"),
        (b"text,id\n", "a.csv", r"no records \(only a header/schema: columns \['text', 'id'\]\)"),
        (b"\n\n", "a.csv", "first line is blank"),
        (b"[]", "a.json", "contains no records"),
        (b"\n  \n", "a.txt", r"no usable documents: all 2 records were dropped.*'empty': 2"),
        (b"text\n\n", "a.csv", "no usable documents"),
        (b"a,b\n1,2,3\n", "a.csv", "line 2 has 3 fields, expected 2"),
        (b"a,b,c\nx,y,z\n1,2\n", "a.csv", "line 3 has 2 fields, expected 3"),
        (b"\x00\x01\x02text", "a.csv", r"looks binary \(NUL byte at offset 0\)"),
        (b"PK\x03\x04\x00\x00hello", "a.txt", r"looks binary \(NUL byte at offset 4\)"),
        (b"text\nhi\n", "a.parquet", r"not a Parquet file: expected magic bytes b'PAR1'"),
        (b"PAR1 but not really", "a.parquet", "not a readable Parquet file"),
        (b'{"text": "a",}', "a.json", r"not valid JSON \(.* line 1, column 14\)"),
        (b"text\nhi\n", "a.json", "not valid JSON"),
        (b'"just a string"', "a.json", "expected a JSON array of objects.*found str"),
        (b'{"a": [1], "b": [2]}', "a.json", "found dict"),
        (b"id,n\n1,2\n", "a.csv", r"no text column: .* id \(0% text\), n \(0% text\)"),
    ],
)
def test_bad_input_is_a_clear_error(data: bytes, filename: str, message: str) -> None:
    with pytest.raises(CorpusError, match=message):
        load_corpus(data, filename=filename)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "nope.csv")
    with pytest.raises(CorpusError, match="a directory, not a file"):
        load_corpus(tmp_path)


def test_unknown_format_and_txt_mode() -> None:
    with pytest.raises(CorpusError, match=r"unknown format 'xml'; expected one of \('csv'"):
        load_corpus(b"x", format="xml")
    with pytest.raises(CorpusError, match="txt_mode must be"):
        load_corpus(b"x\n", format="txt", txt_mode="page")  # type: ignore[arg-type]


def test_wrong_encoding_names_codec_offset_and_the_fix() -> None:
    latin1 = "text\nnaïve café\n".encode("latin-1")
    with pytest.raises(
        CorpusError, match=r"not valid utf-8 .*b'\\xef' at byte offset 7.*encoding="
    ):
        load_corpus(latin1, filename="l.csv")
    corpus = load_corpus(latin1, filename="l.csv", encoding="latin-1")
    assert corpus.documents["text"].tolist() == ["naïve café"]
    with pytest.raises(CorpusError, match="unknown encoding 'klingon'"):
        load_corpus(latin1, filename="l.csv", encoding="klingon")


def test_mostly_undecodable_lines_mean_a_wrong_encoding() -> None:
    data = "é1\né2\nok\n".encode("latin-1")
    with pytest.raises(CorpusError, match=r"not valid utf-8 text.*byte offset 0"):
        load_corpus(data, filename="l.txt")
    assert load_corpus(data, filename="l.txt", encoding="cp1252").texts == ["é1", "é2", "ok"]


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
@pytest.mark.parametrize("filename", ["b.csv", "b.txt", "b.jsonl", "b.json"])
def test_byte_order_marks_are_honoured(codec: str, filename: str) -> None:
    contents = {
        "b.csv": "text,n\nçà va,1\nsecond,2\n",
        "b.txt": "çà va\nsecond\n",
        "b.jsonl": '{"text": "çà va", "n": 1}\n{"text": "second", "n": 2}\n',
        "b.json": '[{"text": "çà va", "n": 1}, {"text": "second", "n": 2}]',
    }
    data = contents[filename].encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    corpus = load_corpus(data, filename=filename)
    assert corpus.documents["text"].tolist() == ["çà va", "second"]


def test_describe_summarises_a_corpus() -> None:
    data = b"text,topic\none two three,a\nfour five,b\n,c\nsix,d\n   ,e\n"
    summary = describe(load_corpus(data, filename="d.csv", role="synthetic"))
    assert summary["name"] == "d"
    assert summary["role"] == "synthetic"
    assert summary["format"] == "csv"
    assert summary["n_documents"] == 3
    assert summary["n_dropped"] == 2
    assert summary["dropped_by_reason"] == {"empty": 2}
    assert summary["text_column"] == "text"
    assert summary["columns"] == ["source_row", "text", "topic"]
    assert summary["metadata_columns"] == ["topic"]
    assert summary["words"]["mean"] == pytest.approx(2.0)
    assert summary["words"]["median"] == 2.0
    assert (summary["words"]["min"], summary["words"]["max"]) == (1.0, 3.0)
    assert summary["chars"]["max"] == len("one two three")
    assert summary["words"]["p95"] == pytest.approx(2.9)
    assert len(summary["content_hash"]) == 32
    json.dumps(summary)  # plain types only


def test_describe_an_empty_corpus() -> None:
    empty = Corpus("e", "real", pd.DataFrame({"source_row": [], "text": []}), "text")
    summary = describe(empty)
    assert summary["n_documents"] == 0
    assert summary["chars"]["mean"] is None
    assert summary["dropped_by_reason"] == {}
