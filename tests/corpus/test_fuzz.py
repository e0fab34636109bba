"""Property-based fuzzing of every reader: damaged input is a corpus that accounts for every
record, or a one-line CorpusError; never another exception.

Each case starts from a valid file that Hypothesis generates (CSV, TSV, JSON, JSONL, Parquet,
text by line or by paragraph), then maybe damages it: truncation, flipped bytes, inserted junk,
a splice with a file of another format, the wrong extension, the wrong encoding, tight limits.
The run is fixed: ``derandomize=True`` and no example database, so CI runs the same
``len(READERS) * EXAMPLES`` cases every time.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from mixscope.corpus import CorpusError, describe, iter_records, load_corpus

EXAMPLES = 150
READERS = ["csv", "tsv", "json", "jsonl", "parquet", "txt", "paragraph"]
REASONS = {"empty", "missing", "non-text", "undecodable", "malformed"}
ENCODINGS = [
    "utf-8",
    "latin-1",
    "cp1252",
    "utf-16",
    "utf-16-le",
    "utf-32",
    "shift_jis",
    "utf-7",
    "cp500",
    "idna",
    "punycode",
    "unicode_escape",
    "undefined",
    "rot13",
    "base64",
]
EXTENSIONS = {"paragraph": "txt"}

# Texts with what trips readers up: delimiters, quotes, CR and LF, tabs, non-ASCII, escapes.
_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("abcxyz ,;\"'\\\t\r\n{}[]:é日\u2028\x85")),
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    ),
    max_size=12,
)
_LINE = _TEXT.map(lambda t: t.replace("\n", " ").replace("\r", " "))
_ROWS = st.lists(
    st.fixed_dictionaries({"text": _TEXT, "n": st.integers(-9, 99)}), min_size=1, max_size=8
)


def _csv(rows: list[dict[str, Any]], delimiter: str, terminator: str) -> str:
    """CSV with the given line ends; a field holding a CR or LF is quoted whatever they are (the
    csv module quotes only the characters of its own terminator, so it writes CRLF here)."""
    lines = []
    for row in [["text", "n"], *([r["text"], r["n"]] for r in rows)]:
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerow(row)
        lines.append(out.getvalue().removesuffix("\r\n") + terminator)
    return "".join(lines)


def _parquet(rows: list[dict[str, Any]], row_group_size: int) -> bytes:
    schema = pa.schema([("text", pa.string()), ("n", pa.int64())])
    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), buffer, row_group_size=row_group_size)
    return buffer.getvalue()


@st.composite
def valid_files(draw: st.DrawFn, reader: str) -> tuple[bytes, list[str]]:
    """A valid file for ``reader`` and the text of each of its records, in order."""
    rows = draw(_ROWS)
    texts = [r["text"] for r in rows]
    if reader == "parquet":
        return _parquet(rows, draw(st.integers(1, 4))), texts
    if reader == "txt":
        texts = draw(st.lists(_LINE, min_size=1, max_size=8))
        text = "".join(line + draw(st.sampled_from(["\n", "\r\n"])) for line in texts)
    elif reader == "paragraph":
        texts = draw(st.lists(_LINE.map(lambda t: "p" + t), min_size=1, max_size=6))
        text = "\n\n".join(texts)
    elif reader in ("csv", "tsv"):
        terminator = draw(st.sampled_from(["\n", "\r\n", "\r"]))
        text = _csv(rows, "," if reader == "csv" else "\t", terminator)
    elif reader == "json":
        text = json.dumps(rows, ensure_ascii=draw(st.booleans()))
    else:
        text = "".join(json.dumps(r, ensure_ascii=draw(st.booleans())) + "\n" for r in rows)
    codec = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-32"]))
    return text.encode(codec), texts


@st.composite
def cases(draw: st.DrawFn, reader: str) -> dict[str, Any]:
    data, texts = draw(valid_files(reader))
    damaged = False
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 2, 3]))):
        damage = draw(st.sampled_from(["truncate", "flip", "insert", "splice"]))
        at = draw(st.integers(0, len(data)))
        if damage == "truncate":
            data = data[:at]
        elif damage == "flip" and data:
            at = min(at, len(data) - 1)
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :]
        elif damage == "insert":
            data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
        elif damage == "splice":
            other, _ = draw(valid_files(draw(st.sampled_from(READERS))))
            data = data[:at] + other[draw(st.integers(0, len(other))) :]
        damaged = True
    named_as = draw(st.sampled_from([reader] * 18 + READERS))  # 3/4: the right extension
    encoding = draw(st.sampled_from([None] * 3 * len(ENCODINGS) + ENCODINGS))
    limits = draw(
        st.sampled_from([{}, {}, {}])
        | st.fixed_dictionaries(
            {},
            optional={
                "max_rows": st.integers(1, 10),
                "max_text_bytes": st.integers(1, 400),
                "max_columns": st.integers(1, 3),
            },
        )
    )
    as_made = not damaged and named_as == reader and encoding is None and not limits
    return {
        "data": data,
        "filename": f"fuzz.{EXTENSIONS.get(named_as, named_as)}",
        "txt_mode": "paragraph" if named_as == "paragraph" else "line",
        "encoding": encoding,
        "chunk_rows": draw(st.integers(1, 5)),
        "limits": limits,
        "texts": texts if as_made else None,  # what an undamaged file must read back as
    }


def _records_seen(case: dict[str, Any]) -> int:
    """How many records the reader itself yields for the case (parsed plus bad)."""
    chunks = iter_records(
        io.BytesIO(case["data"]),
        case["filename"].rsplit(".", 1)[1],
        encoding=case["encoding"],
        chunk_rows=case["chunk_rows"],
        txt_mode=case["txt_mode"],
        **case["limits"],
    )
    return sum(len(chunk.frame) + len(chunk.bad) for chunk in chunks)


def _gist(message: str) -> str:
    """The kind of a CorpusError, for Hypothesis's statistics (run with
    --hypothesis-show-statistics)."""
    for words in [
        "is empty",
        "no records",
        "no usable documents",
        "no text column",
        "looks binary",
        "not valid",
        "not a text encoding",
        "unknown encoding",
        "fields, expected",
        "not a Parquet file",
        "Parquet",
        "JSON",
        "max_rows",
        "max_text_bytes",
        "max_columns",
        "first line is blank",
    ]:
        if words in message:
            return words
    return message


def _check(case: dict[str, Any]) -> None:
    try:
        corpus = load_corpus(
            case["data"],
            filename=case["filename"],
            encoding=case["encoding"],
            txt_mode=case["txt_mode"],
            chunk_rows=case["chunk_rows"],
            **case["limits"],
        )
    except CorpusError as err:
        event(f"CorpusError: {_gist(str(err))}")
        assert str(err) and "\n" not in str(err), repr(str(err))
        if case["texts"] is not None:  # a valid file fails only for what it holds
            expected = ("is empty", "no records", "no usable documents", "no text column")
            assert any(reason in str(err) for reason in expected), str(err)
        return
    event("a corpus, as made" if case["texts"] is not None else "a corpus, from damaged input")
    rows = corpus.documents["source_row"].tolist() + corpus.dropped["source_row"].tolist()
    assert len(set(rows)) == len(rows), "a record is both a document and dropped, or twice"
    assert sorted(rows) == list(range(_records_seen(case))), "a record went missing"
    if case["texts"] is not None:
        assert len(rows) == len(case["texts"])
        if corpus.text_column == "text":  # read back exactly, blank texts dropped as empty
            assert corpus.documents["text"].tolist() == [t for t in case["texts"] if t.strip()]
    assert all(isinstance(t, str) and t.strip() for t in corpus.documents["text"])
    assert set(corpus.dropped["reason"]) <= REASONS
    describe(corpus)  # the texts can be normalised and hashed


@pytest.mark.filterwarnings("ignore:invalid escape sequence:DeprecationWarning")  # unicode_escape
@pytest.mark.parametrize("reader", READERS)
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_every_reader_accounts_for_every_record_or_raises_corpus_error(
    reader: str, data: st.DataObject
) -> None:
    _check(data.draw(cases(reader), label="case"))
