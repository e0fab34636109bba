"""Format readers: chunking, encodings, byte offsets, and what each format calls a bad record."""

from __future__ import annotations

import io

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mixscope.corpus import (
    EXTENSIONS,
    SUPPORTED_FORMATS,
    BadRecord,
    Chunk,
    CorpusError,
    format_for,
    iter_records,
    load_corpus,
)
from mixscope.corpus.encoding import _BLOCK_BYTES


def _chunks(data: bytes, fmt: str, **kwargs: object) -> list[Chunk]:
    return list(iter_records(io.BytesIO(data), fmt, **kwargs))  # type: ignore[arg-type]


def test_every_extension_maps_to_a_supported_format() -> None:
    assert set(EXTENSIONS.values()) == set(SUPPORTED_FORMATS)
    assert format_for("a.NDJSON") == "jsonl"
    assert format_for("a.tab") == "tsv"
    assert format_for("a.csv", format=".TSV") == "tsv"
    with pytest.raises(CorpusError, match="unknown format 'xls'"):
        format_for("a.csv", format="xls")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "txt"])
def test_chunks_hold_at_most_chunk_rows_records(fmt: str) -> None:
    lines = {
        "csv": "text\n" + "".join(f"doc {i}\n" for i in range(25)),
        "jsonl": "".join(f'{{"text": "doc {i}"}}\n' for i in range(25)),
        "txt": "".join(f"doc {i}\n" for i in range(25)),
    }
    chunks = _chunks(lines[fmt].encode(), fmt, chunk_rows=10)
    sizes = [len(c.frame) + len(c.bad) for c in chunks]
    assert sizes[:3] == [10, 10, 5] and sum(sizes) == 25
    rows = [i for c in chunks for i in c.frame.index]
    assert rows == list(range(25))
    assert chunks[2].frame["text"].tolist()[-1] == "doc 24"


def test_parquet_is_read_in_batches(tmp_path: object) -> None:
    buffer = io.BytesIO()
    table = pa.table({"text": [f"doc {i}" for i in range(25)], "n": list(range(25))})
    pq.write_table(table, buffer, row_group_size=7)
    chunks = _chunks(buffer.getvalue(), "parquet", chunk_rows=10)
    assert all(len(c.frame) <= 10 for c in chunks)
    frame = pd.concat([c.frame for c in chunks])
    assert frame.index.tolist() == list(range(25))
    assert frame["n"].tolist() == list(range(25))


def test_an_empty_parquet_file_still_shows_its_columns() -> None:
    buffer = io.BytesIO()
    pq.write_table(
        pa.table({"text": pa.array([], pa.string()), "n": pa.array([], pa.int64())}), buffer
    )
    (chunk,) = _chunks(buffer.getvalue(), "parquet")
    assert list(chunk.frame.columns) == ["text", "n"] and chunk.frame.empty
    with pytest.raises(CorpusError, match=r"no records \(only a header/schema"):
        load_corpus(buffer.getvalue(), filename="e.parquet")


def test_parquet_binary_text_values_are_non_text() -> None:
    buffer = io.BytesIO()
    table = pa.table({"text": pa.array([b"raw bytes", None]), "body": ["real one", "real two"]})
    pq.write_table(table, buffer)
    with pytest.raises(
        CorpusError, match=r"all 2 records were dropped.*'non-text': 1, 'missing': 1"
    ):
        load_corpus(buffer.getvalue(), filename="b.parquet", text_column="text")
    assert load_corpus(buffer.getvalue(), filename="b.parquet").text_column == "body"


def test_truncated_parquet_is_a_clear_error() -> None:
    buffer = io.BytesIO()
    pq.write_table(pa.table({"text": ["a"] * 100}), buffer)
    data = buffer.getvalue()
    with pytest.raises(CorpusError, match="Parquet"):
        load_corpus(data[: len(data) // 2] + b"PAR1", filename="t.parquet")


def test_decoding_across_block_boundaries_and_the_offset_of_a_late_error() -> None:
    # A 2-byte character straddles the first 1 MiB block boundary; a bad byte sits after it.
    head = b"text\n" + b"a" * (_BLOCK_BYTES - 6) + b"\n"
    assert len(head) == _BLOCK_BYTES
    good = head[:-2] + "é\n".encode()[:1]  # block ends in the middle of "é"
    data = good + "é\nnext line\n".encode()[1:]
    corpus = load_corpus(data, filename="big.csv")
    assert corpus.documents["text"].str.len().tolist() == [_BLOCK_BYTES - 7 + 1, 9]
    bad = data + b"\xff\n"
    with pytest.raises(CorpusError, match=f"b'\\\\xff' at byte offset {len(data)};"):
        load_corpus(bad, filename="big.csv")


def test_a_few_undecodable_lines_are_dropped_not_fatal() -> None:
    data = b"good\nalso good\nbad \xff\xfe here\nfine\n"
    corpus = load_corpus(data, filename="u.txt")
    assert corpus.documents["text"].tolist() == ["good", "also good", "fine"]
    assert corpus.dropped.to_dict(orient="records") == [
        {"source_row": 2, "reason": "undecodable", "value": "bad \\xff\\xfe here"}
    ]


def test_paragraph_with_an_undecodable_line_is_dropped_whole() -> None:
    data = b"first para\nok\n\nsecond \xff\nmore\n\nthird\n\nfourth\n"
    corpus = load_corpus(data, filename="p.txt", txt_mode="paragraph")
    assert corpus.documents["text"].tolist() == ["first para\nok", "third", "fourth"]
    assert corpus.dropped[["source_row", "reason"]].values.tolist() == [[1, "undecodable"]]


def test_utf16_without_a_byte_order_mark_is_flagged_as_binary_with_a_hint() -> None:
    data = "text\nhello\n".encode("utf-16-le")
    with pytest.raises(CorpusError, match=r"looks binary.*encoding='utf-16-le'"):
        load_corpus(data, filename="w.csv")
    assert load_corpus(data, filename="w.csv", encoding="utf-16-le").texts == ["hello"]


def test_utf16_text_that_does_not_decode_gives_the_offset() -> None:
    data = b"\xff\xfe" + "text\nab".encode("utf-16-le") + b"\x00\xdc" + b"c\x00"
    with pytest.raises(CorpusError, match=r"not valid utf-16-le text.*byte offset 16"):
        load_corpus(data, filename="w.txt")


def test_json_object_holding_one_array_and_non_object_elements() -> None:
    (chunk,) = _chunks(b'{"meta": {"v": 1}, "data": [{"text": "a b"}, 5, "x"]}', "json")
    assert chunk.frame["text"].tolist() == ["a b"]
    assert chunk.bad == (BadRecord(1, "malformed", "5"), BadRecord(2, "malformed", "x"))


def test_tsv_keeps_commas_and_csv_keeps_tabs() -> None:
    tsv = load_corpus(b"text\tn\na, b, c\t1\n", filename="t.tsv")
    csv = load_corpus(b'text,n\n"a\tb",1\n', filename="c.csv")
    assert tsv.documents["text"].tolist() == ["a, b, c"]
    assert csv.documents["text"].tolist() == ["a\tb"]


def test_duplicate_and_blank_csv_headers_get_unique_names() -> None:
    corpus = load_corpus(b"text,,tag,tag\nhello there,1,a,b\n", filename="h.csv")
    assert corpus.metadata_columns == ["unnamed_1", "tag", "tag_dup"]


def test_csv_fields_longer_than_the_csv_module_default_are_read() -> None:
    long_text = "word " * 40_000  # 200 000 chars > the csv module's 131 072 default limit
    corpus = load_corpus(f'text\n"{long_text}"\n'.encode(), filename="long.csv")
    assert corpus.documents["text"].tolist() == [long_text]


def test_csv_metadata_numbers_are_inferred_only_when_every_cell_is_numeric() -> None:
    data = b"text,score,zip,note\nfirst doc,1.5,01234,x\nsecond doc,,02134,\n"
    docs = load_corpus(data, filename="m.csv").documents
    assert docs["score"].dtype == "float64" and docs["score"].isna().tolist() == [False, True]
    assert docs["note"].tolist() == ["x", ""]
    assert docs["zip"].tolist() == [
        1234,
        2134,
    ]  # like pandas.read_csv; keep zips as text via TSV/JSON


def test_nul_bytes_after_the_sniffed_head() -> None:
    lines = b"ok line\n" * 2000
    with pytest.raises(CorpusError, match=f"looks binary .*byte offset {5 + len(lines) + 3}"):
        load_corpus(b"text\n" + lines + b"bad\x00line\n", filename="n.csv")
    corpus = load_corpus(lines + b"bad\x00line\n", filename="n.txt")
    assert corpus.dropped.to_dict(orient="records") == [
        {"source_row": 2000, "reason": "undecodable", "value": "bad\x00line"}
    ]


def test_chunk_rows_must_be_positive() -> None:
    with pytest.raises(CorpusError, match="chunk_rows must be at least 1, got 0"):
        _chunks(b"x\n", "txt", chunk_rows=0)
