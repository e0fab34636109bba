"""Limits on hostile input: checked while streaming, one-line errors, little memory and time.

The big inputs (a Parquet bomb, two million blank lines, a 50 MB line) each run in a child process
of their own (all at once), which reports its wall time and its peak memory above what the input
itself takes.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from pathlib import Path

import datasets
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from mixscope.corpus import MAX_COLUMNS, CorpusError, iter_records, load_corpus, load_hf_dataset
from mixscope.corpus.records import unique_names

_BIG_CASES = r"""
import io, json, resource, sys, time
import numpy as np, pyarrow as pa, pyarrow.parquet as pq
from mixscope.corpus import CorpusError, load_corpus

def bomb():
    # 1,000,000 rows of one 1,000-character string through a dictionary: ~0.1 MB on disk, 1 GB
    # of text once decoded (store_schema=False: the file does not ask to be read as a dictionary)
    indices = pa.array(np.zeros(1_000_000, dtype=np.int32))
    column = pa.DictionaryArray.from_arrays(indices, pa.array(["a" * 1000]))
    buffer = io.BytesIO()
    pq.write_table(pa.table({"text": column}), buffer, store_schema=False, compression="zstd")
    return buffer.getvalue()

cases = {
    "parquet_bomb": (bomb, "b.parquet", {"max_text_bytes": 50_000_000}),
    # chunk_rows=1,000,000: the row limit must stop the read inside a chunk, before its frame
    "blank_lines": (lambda: b"\n" * 2_000_000, "b.txt",
                    {"max_rows": 100_000, "chunk_rows": 1_000_000}),
    "huge_line_txt": (lambda: b"word " * 10_000_000, "l.txt", {"max_text_bytes": 10_000_000}),
    "huge_line_jsonl": (lambda: b'{"text": "' + b"w" * 50_000_000 + b'"}\n', "l.jsonl",
                        {"max_text_bytes": 10_000_000}),
    "huge_line_csv": (lambda: b"text\n" + b"word " * 10_000_000, "l.csv",
                      {"max_text_bytes": 10_000_000}),
}
make, filename, limits = cases[sys.argv[1]]
data = make()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    load_corpus(data, filename=filename, **limits)
    message = None
except CorpusError as err:
    message = str(err)
seconds = time.perf_counter() - start
grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before  # KiB on Linux
print(json.dumps({"message": message, "seconds": seconds, "peak_mb": grown / 1024}))
"""
BIG_CASES = ["parquet_bomb", "blank_lines", "huge_line_txt", "huge_line_jsonl", "huge_line_csv"]


@pytest.fixture(scope="module")
def big_cases() -> dict[str, dict[str, object]]:
    """Each big case's error message, seconds and peak memory growth (MB), from a fresh child
    process per case, so that its peak memory is its own."""
    children = {
        case: subprocess.Popen(
            [sys.executable, "-c", _BIG_CASES, case], stdout=subprocess.PIPE, text=True
        )
        for case in BIG_CASES
    }
    results = {}
    for case, child in children.items():
        out, _ = child.communicate(timeout=300)
        assert child.returncode == 0, case
        results[case] = json.loads(out.strip().splitlines()[-1])
    return results


def _assert_refused(result: dict[str, object], limit: str, seconds: float, peak_mb: float) -> None:
    message = result["message"]
    assert isinstance(message, str) and "\n" not in message
    assert limit in message and "pass a larger" in message
    assert result["seconds"] < seconds, result  # type: ignore[operator]
    assert result["peak_mb"] < peak_mb, result  # type: ignore[operator]


def test_a_parquet_bomb_is_refused_before_it_is_decoded(big_cases: dict) -> None:
    # Before: 1 GB of text in memory (3.1 GB peak), 13 s, then a "corpus".
    _assert_refused(big_cases["parquet_bomb"], "max_text_bytes=50000000", 5, 250)


def test_two_million_blank_lines_stop_at_max_rows(big_cases: dict) -> None:
    # Before: the limit was checked per chunk, after a million-row chunk was built (1.4 s,
    # +290 MB); without a limit all 2,000,000 lines became dropped rows (6.5 s, +350 MB).
    _assert_refused(big_cases["blank_lines"], "max_rows=100000", 5, 100)


@pytest.mark.parametrize("case", ["huge_line_txt", "huge_line_jsonl", "huge_line_csv"])
def test_one_huge_line_is_refused_without_being_held(big_cases: dict, case: str) -> None:
    # 50 MB on one line, 10 MB allowed: the line is never read whole (before: 1.2 GB peak).
    _assert_refused(big_cases[case], "max_text_bytes=10000000", 2, 60)


# --- max_text_bytes, counted while streaming --------------------------------------------------


def _parquet(table: pa.Table) -> bytes:
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


TEXT_FILES = {
    "a.csv": b"text,n\n" + b"".join(b"document %d,%d\n" % (i, i) for i in range(100)),
    "a.tsv": b"text\tn\n" + b"".join(b"document %d\t%d\n" % (i, i) for i in range(100)),
    "a.json": json.dumps([{"text": f"document {i}"} for i in range(100)]).encode(),
    "a.jsonl": b"".join(b'{"text": "document %d"}\n' % i for i in range(100)),
    "a.txt": b"".join(b"document %d\n" % i for i in range(100)),
    "a.parquet": _parquet(pa.table({"text": [f"document {i}" for i in range(100)]})),
}


@pytest.mark.parametrize("filename", list(TEXT_FILES))
def test_max_text_bytes_applies_to_every_format(filename: str) -> None:
    data = TEXT_FILES[filename]
    assert len(load_corpus(data, filename=filename, max_text_bytes=100_000)) == 100
    with pytest.raises(CorpusError, match=r"more than max_text_bytes=500 bytes of decoded text"):
        load_corpus(data, filename=filename, max_text_bytes=500, chunk_rows=7)


def test_the_text_limit_stops_the_stream_early() -> None:
    lines = iter_records(io.BytesIO(b"doc\n" * 100_000), "txt", max_text_bytes=4_000, chunk_rows=10)
    chunks = []
    with pytest.raises(CorpusError, match="max_text_bytes=4000"):
        chunks.extend(lines)
    assert sum(len(c.frame) for c in chunks) <= 1_000  # stopped near 4,000 bytes, not at the end


def test_text_bytes_are_counted_as_utf8_after_decoding() -> None:
    data = "é\n".encode("latin-1") * 10  # 20 raw bytes, 30 UTF-8 bytes
    assert len(load_corpus(data, filename="l.txt", encoding="latin-1", max_text_bytes=30)) == 10
    with pytest.raises(CorpusError, match="max_text_bytes=29"):
        load_corpus(data, filename="l.txt", encoding="latin-1", max_text_bytes=29)
    utf16 = "text\n" + "é\n" * 10
    with pytest.raises(CorpusError, match="max_text_bytes=30"):  # 35 UTF-8 bytes, not 70
        load_corpus(utf16.encode("utf-16"), filename="w.csv", max_text_bytes=30)
    assert len(load_corpus(utf16.encode("utf-16"), filename="w.csv", max_text_bytes=35)) == 10


def test_sparse_records_cannot_blow_a_small_file_up_into_a_huge_table() -> None:
    # 2,000 records with a key each: 2,000 x 2,001 cells from 50 KB of JSON
    data = b"".join(b'{"text": "doc", "k%d": 1}\n' % i for i in range(2_000))
    with pytest.raises(CorpusError, match=r"rows x \d+ columns, more than max_text_bytes=1000000"):
        load_corpus(data, filename="s.jsonl", max_text_bytes=1_000_000)
    blank = b"," * 999 + b"\n" + b"\n" * 5_000  # 1,000 columns, 5,000 blank lines
    with pytest.raises(CorpusError, match="cells"):
        load_corpus(b"text" + blank, filename="b.csv", max_text_bytes=1_000_000)


def test_limits_must_be_positive_integers() -> None:
    for bad in (0, -5, 1.5, True, "10"):
        with pytest.raises(CorpusError, match=r"max_text_bytes must be a positive integer or None"):
            load_corpus(b"x\n", filename="a.txt", max_text_bytes=bad)  # type: ignore[arg-type]
    with pytest.raises(CorpusError, match=r"max_bytes must be a positive integer"):
        load_corpus(b"x\n", filename="a.txt", max_bytes=0)


# --- max_columns, and linear handling of column names -----------------------------------------


def test_duplicate_column_names_are_renamed_in_linear_time() -> None:
    assert unique_names(["a", "a", "a", "a_dup2", "b", "a"]) == [
        "a",
        "a_dup",
        "a_dup2",
        "a_dup2_dup",
        "b",
        "a_dup3",
    ]
    start = time.perf_counter()
    names = unique_names(["a"] * 100_000)
    assert names[-1] == "a_dup99999" and len(set(names)) == 100_000
    assert time.perf_counter() - start < 1  # before: cubic (3,000 copies of a header took 28 s)
    start = time.perf_counter()
    data = f"text,{','.join(['a'] * 3000)}\nhello there,{'x,' * 2999}x\n".encode()
    assert load_corpus(data, filename="d.csv").metadata_columns[-1] == "a_dup2999"
    assert time.perf_counter() - start < 5


@pytest.mark.parametrize("filename", ["w.csv", "w.tsv", "w.json", "w.jsonl", "w.parquet"])
def test_too_many_columns_is_a_clear_error_in_every_format(filename: str) -> None:
    names = [f"c{i}" for i in range(12)]
    record = dict.fromkeys(names, "x")
    data = {
        "w.csv": (",".join(names) + "\n" + ",".join("x" * 12) + "\n").encode(),
        "w.tsv": ("\t".join(names) + "\n" + "\t".join("x" * 12) + "\n").encode(),
        "w.json": json.dumps([record]).encode(),
        "w.jsonl": (json.dumps(record) + "\n").encode(),
        "w.parquet": _parquet(pa.table({n: ["x"] for n in names})),
    }[filename]
    assert len(load_corpus(data, filename=filename, max_columns=12)) == 1
    with pytest.raises(CorpusError) as info:
        load_corpus(data, filename=filename, max_columns=11)
    assert "has 12 columns, more than max_columns=11" in str(info.value)
    assert "pass a larger max_columns" in str(info.value) and "\n" not in str(info.value)


def test_json_keys_count_over_all_records() -> None:
    data = b"".join(b'{"text": "doc", "k%d": 1}\n' % i for i in range(30))
    with pytest.raises(CorpusError, match="has 21 columns, more than max_columns=20"):
        load_corpus(data, filename="k.jsonl", max_columns=20)


def test_a_hundred_thousand_columns_are_refused_at_once() -> None:
    header = ",".join(f"c{i}" for i in range(100_000))
    start = time.perf_counter()
    with pytest.raises(CorpusError, match=f"100000 columns, more than max_columns={MAX_COLUMNS}"):
        load_corpus(f"{header}\n{',' * 99_999}\n".encode(), filename="w.csv")
    assert time.perf_counter() - start < 2  # before: 70 s and 905 MB


def test_parquet_duplicate_and_blank_column_names_are_made_unique() -> None:
    table = pa.Table.from_arrays(
        [pa.array(["hello there"]), pa.array(["a"]), pa.array(["b"]), pa.array([1])],
        names=["text", "tag", "tag", ""],
    )
    corpus = load_corpus(_parquet(table), filename="d.parquet")
    assert corpus.metadata_columns == ["tag", "tag_dup", "unnamed_3"]
    assert corpus.documents.iloc[0].tolist() == [0, "hello there", "a", "b", 1]


# --- Hugging Face datasets take the same limits ------------------------------------------------


def test_hf_dataset_limits(tmp_path: Path) -> None:
    rows = {"text": [f"document number {i}" for i in range(50)], "n": list(range(50))}
    datasets.Dataset.from_dict(rows).save_to_disk(str(tmp_path / "d"))
    path = str(tmp_path / "d")
    assert len(load_hf_dataset(path, max_text_bytes=100_000, max_columns=2)) == 50
    with pytest.raises(CorpusError, match="more than max_text_bytes=500 bytes"):
        load_hf_dataset(path, max_text_bytes=500, chunk_rows=5)
    with pytest.raises(CorpusError, match="has 2 columns, more than max_columns=1"):
        load_hf_dataset(path, max_columns=1)


def test_hf_dataset_with_invalid_utf8_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(datasets.config, "HF_DATASETS_CACHE", str(tmp_path / "cache"))
    bad = pa.array([b"fine text", b"caf\xe9"], pa.binary()).view(pa.string())
    folder = tmp_path / "files"
    folder.mkdir()
    pq.write_table(pa.table({"text": bad}), folder / "train.parquet")
    with pytest.raises(CorpusError) as info:
        load_hf_dataset(str(folder))
    assert "\n" not in str(info.value)


def test_arrays_of_numbers_count_their_decoded_size() -> None:
    table = pa.table({"text": ["doc"] * 1000, "v": np.zeros(1000)})
    with pytest.raises(CorpusError, match="max_text_bytes=5000"):
        load_corpus(_parquet(table), filename="n.parquet", max_text_bytes=5000)


def test_parquet_read_under_a_text_limit_equals_the_plain_read() -> None:
    # Under max_text_bytes string columns are read as dictionaries and decoded back; the frames
    # must be the same as without a limit, whatever the column types.
    n = 50
    frame = pd.DataFrame(
        {
            "text": [f"document {i % 7} é" if i % 9 else None for i in range(n)],
            "category": pd.Categorical([f"c{i % 3}" for i in range(n)]),
            "blob": [bytes([i]) * 3 for i in range(n)],
            "tags": [[f"t{i}", "x"] for i in range(n)],
            "score": [i / 7 for i in range(n)],
        }
    )
    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.append_column("big", pa.array([f"b{i}" for i in range(n)], pa.large_string()))
    data = _parquet(table)
    plain = load_corpus(data, filename="t.parquet", chunk_rows=8)
    limited = load_corpus(data, filename="t.parquet", chunk_rows=8, max_text_bytes=10**6)
    pd.testing.assert_frame_equal(limited.documents, plain.documents)
    pd.testing.assert_frame_equal(limited.dropped, plain.dropped)
    assert str(plain.documents["category"].dtype) == "category"
