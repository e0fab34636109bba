"""Input that used to end in a traceback: now read correctly, or a one-line CorpusError."""

from __future__ import annotations

import codecs
import encodings.aliases
import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mixscope.corpus import CorpusError, load_corpus


def _one_line_error(data: bytes, filename: str, **kwargs: object) -> str:
    with pytest.raises(CorpusError) as info:
        load_corpus(data, filename=filename, **kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert message and "\n" not in message
    return message


# --- deeply nested JSON ----------------------------------------------------------------------


def test_deeply_nested_json_is_a_clear_error() -> None:
    message = _one_line_error(b"[" * 100_000 + b"]" * 100_000, "deep.json")
    assert "nested too deeply" in message and "expected an array of objects" in message
    _one_line_error(b"[" * 1000 + b"]" * 1000, "deep.json")  # the size in the issue


def test_a_deeply_nested_jsonl_line_is_one_malformed_row() -> None:
    deep = b'{"text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    corpus = load_corpus(
        b'{"text": "first"}\n' + deep + b'\n{"text": "third"}\n', filename="d.jsonl"
    )
    assert corpus.documents["text"].tolist() == ["first", "third"]
    assert corpus.dropped[["source_row", "reason"]].values.tolist() == [[1, "malformed"]]


def test_nested_values_in_documents_and_drops_are_previewed_without_recursing() -> None:
    nested = b"[" * 900 + b"]" * 900  # parses, but str() of it would recurse
    data = b'{"text": "doc", "meta": ' + nested + b'}\n{"text": ' + nested + b"}\n" + nested
    corpus = load_corpus(data + b"\n", filename="n.jsonl")
    assert corpus.documents["text"].tolist() == ["doc"]
    assert corpus.dropped["reason"].tolist() == ["non-text", "malformed"]
    assert corpus.dropped["value"].str.len().max() <= 80


def test_json_numbers_python_will_not_read_are_clear_errors() -> None:
    huge = b"1" * 5000  # over Python's 4300-digit limit for int()
    assert "unreadable JSON" in _one_line_error(b'[{"text": "a", "n": ' + huge + b"}]", "n.json")
    corpus = load_corpus(b'{"text": "a", "n": ' + huge + b'}\n{"text": "b"}\n', filename="n.jsonl")
    assert corpus.dropped["reason"].tolist() == ["malformed"]


def test_a_lone_surrogate_escape_is_an_undecodable_text() -> None:
    corpus = load_corpus(b'{"text": "ok"}\n{"text": "bad \\ud800 half"}\n', filename="s.jsonl")
    assert corpus.documents["text"].tolist() == ["ok"]
    assert corpus.dropped.to_dict(orient="records") == [
        {"source_row": 1, "reason": "undecodable", "value": '{"text": "bad \\ud800 half"}'}
    ]
    array = load_corpus(b'[{"text": "ok"}, {"text": "x", "k": "\\udfff"}]', filename="s.json")
    assert array.dropped[["source_row", "reason"]].values.tolist() == [[1, "undecodable"]]
    pair = load_corpus(b'{"text": "emoji \\ud83d\\ude00"}\n', filename="p.jsonl")  # a whole pair
    assert pair.documents["text"].tolist() == ["emoji \U0001f600"]


def test_a_codec_that_decodes_to_a_lone_surrogate_is_refused() -> None:
    data = b"text\nbad \\ud800 here\n"
    assert "lone surrogate" in _one_line_error(data, "s.csv", encoding="unicode_escape")
    lines = b"ok\nbad +2AA- line\nfine\n"  # UTF-7 for a lone surrogate: that line is dropped
    corpus = load_corpus(lines, filename="s.txt", encoding="utf-7")
    assert corpus.documents["text"].tolist() == ["ok", "fine"]
    assert corpus.dropped[["source_row", "reason"]].values.tolist() == [[1, "undecodable"]]


# --- CSV line endings ------------------------------------------------------------------------


def test_csv_with_cr_only_line_endings_is_read_line_by_line() -> None:
    data = b"text,n\rfirst doc,1\rsecond doc,2\r\rthird doc,3\r"
    corpus = load_corpus(data, filename="mac.csv")
    assert corpus.documents["text"].tolist() == ["first doc", "second doc", "third doc"]
    assert corpus.documents["n"].tolist() == [1, 2, 3]
    assert corpus.dropped[["source_row", "reason"]].values.tolist() == [[2, "empty"]]


def test_csv_with_mixed_line_endings_and_a_cr_inside_quotes() -> None:
    data = b'text,n\r\nfirst,1\rsecond,2\nthird,3\r"fourth\rstill fourth",4\r\n"fifth\r\n",5'
    corpus = load_corpus(data, filename="mixed.csv")
    assert corpus.documents["text"].tolist() == [
        "first",
        "second",
        "third",
        "fourth\rstill fourth",
        "fifth\r\n",
    ]
    assert corpus.documents["n"].tolist() == [1, 2, 3, 4, 5]
    tsv = load_corpus(b"text\tn\rone\t1\rtwo\t2", filename="mac.tsv")
    assert tsv.documents["text"].tolist() == ["one", "two"]


def test_cr_only_lines_of_utf16_csv() -> None:
    corpus = load_corpus("text\rä\rö\r".encode("utf-16"), filename="w.csv")
    assert corpus.documents["text"].tolist() == ["ä", "ö"]


def test_an_unterminated_quote_in_the_header_is_a_one_line_error() -> None:
    assert "only a header" in _one_line_error(b'"text,n\nhello,1\n', "q.csv")


# --- encodings -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "encoding", ["rot13", "rot_13", "base64", "zip", "hex", "bz2", "quopri", "uu"]
)
def test_codecs_that_are_not_text_encodings_are_refused(encoding: str) -> None:
    message = _one_line_error(b"text\nhello\n", "a.csv", encoding=encoding)
    assert f"encoding {encoding!r} is not a text encoding" in message
    assert "'utf-8'" in message


def test_codec_failures_without_an_offset_are_clear_errors() -> None:
    no_bom = "text\nhello\n".encode("utf-16-le")
    assert "not valid utf-16 text" in _one_line_error(no_bom, "a.csv", encoding="utf-16")
    assert "undefined" in _one_line_error(b"text\nhi\n", "a.csv", encoding="undefined")
    assert "unknown encoding" in _one_line_error(b"text\nhi\n", "a.csv", encoding="utf\x00")


def _codecs() -> list[str]:
    names = set(encodings.aliases.aliases.values()) | {"utf_8", "undefined", "unicode_escape"}
    known = []
    for name in sorted(names):
        try:
            codecs.lookup(name)
        except LookupError:
            continue
        known.append(name)
    return known


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "txt"])
def test_every_codec_python_knows_gives_a_corpus_or_a_corpus_error(fmt: str) -> None:
    data = {
        "csv": "text,n\nCafé,1\n日本,2\n",
        "jsonl": '{"text": "Café"}\n{"text": "日本"}\n',
        "txt": "Café\n日本\n",
    }[fmt].encode("utf-8")
    for codec in _codecs():
        try:
            load_corpus(data, filename=f"a.{fmt}", encoding=codec)
        except CorpusError as err:
            assert "\n" not in str(err), codec


# --- Parquet with invalid UTF-8 --------------------------------------------------------------


def _parquet(table: pa.Table, **kwargs: object) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer, **kwargs)  # type: ignore[arg-type]
    return buffer.getvalue()


def _invalid_utf8(values: list[bytes]) -> pa.Array:
    return pa.array(values, pa.binary()).view(pa.string())  # not validated: as a bad writer would


@pytest.mark.parametrize("limited", [False, True])  # plain or dictionary reading
@pytest.mark.parametrize("dictionary", [False, True])
def test_parquet_rows_with_invalid_utf8_are_dropped_as_undecodable(
    limited: bool, dictionary: bool
) -> None:
    text = _invalid_utf8([b"first doc", b"caf\xe9 au lait", b"third doc", b"fourth doc"])
    tag = _invalid_utf8([b"a", b"b", b"c", b"\xff\xfe"])
    data = _parquet(pa.table({"text": text, "tag": tag}), use_dictionary=dictionary)
    limits = {"max_text_bytes": 10_000} if limited else {}
    corpus = load_corpus(data, filename="u.parquet", chunk_rows=3, **limits)  # type: ignore[arg-type]
    assert corpus.documents[["source_row", "text", "tag"]].values.tolist() == [
        [0, "first doc", "a"],
        [2, "third doc", "c"],
    ]
    assert corpus.dropped.to_dict(orient="records") == [
        {"source_row": 1, "reason": "undecodable", "value": "caf\\xe9 au lait"},
        {"source_row": 3, "reason": "undecodable", "value": "\\xff\\xfe"},
    ]


def test_parquet_that_is_all_invalid_utf8_has_no_usable_documents() -> None:
    data = _parquet(pa.table({"text": _invalid_utf8([b"\xff", b"\xfe"])}))
    assert "'undecodable': 2" in _one_line_error(data, "u.parquet")


def test_corrupt_parquet_errors_are_one_line() -> None:
    data = bytearray(_parquet(pa.table({"text": [f"document {i}" for i in range(500)]})))
    for at in range(8, len(data) - 8, max(1, len(data) // 60)):
        damaged = bytes(data[:at]) + bytes([data[at] ^ 0xFF]) + bytes(data[at + 1 :])
        try:
            load_corpus(damaged, filename="c.parquet")
        except CorpusError as err:
            assert "\n" not in str(err)
