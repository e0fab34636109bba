"""One parser per text format: a decoded stream -> chunks of records (see formats.py)."""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from mixscope.corpus.corpus import CorpusError
from mixscope.corpus.encoding import decoded_lines
from mixscope.corpus.limits import Budget
from mixscope.corpus.records import BadRecord, Chunk, Item, batched, preview, unique_names

_CSV_FIELD_LIMIT = 2**31 - 1  # the csv module's default (128 KiB) is shorter than some documents
_AFTER_LONE_CR = re.compile(r"(?<=\r)(?!\n)")
_EXPECTED_JSON = "expected an array of objects (use .jsonl for one object per line)"
# A JSON escape of half a surrogate pair; json.loads turns a lone one into a string that is not
# text (pandas and every later stage fail on it), so records with one are checked.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def read_delimited(
    stream: BinaryIO, codec: str, delimiter: str, chunk_rows: int, origin: str, budget: Budget
) -> Iterator[Chunk]:
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    lines = _split_lone_cr(decoded_lines(stream, codec, origin, budget))
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader, [])
    except csv.Error as err:
        raise CorpusError(f"{origin}: bad CSV header (line {reader.line_num}): {err}") from None
    if not any(name.strip() for name in header):
        raise CorpusError(f"{origin}: the first line is blank, expected a header of column names")
    budget.check_columns(len(header))
    columns = unique_names(raw.strip() or f"unnamed_{i}" for i, raw in enumerate(header))

    def rows() -> Iterator[Item]:
        try:
            for i, row in enumerate(reader):
                if not row:  # a blank line is an empty record, not a missing one
                    row = [""] * len(columns)
                elif len(row) != len(columns):
                    raise CorpusError(
                        f"{origin}: line {reader.line_num} has {len(row)} fields, expected "
                        f"{len(columns)} like the header; check the delimiter and quoting"
                    )
                yield i, dict(zip(columns, row, strict=True))
        except csv.Error as err:
            raise CorpusError(f"{origin}: bad CSV at line {reader.line_num}: {err}") from None

    return batched(rows(), chunk_rows, columns=columns, budget=budget)


def _split_lone_cr(lines: Iterable[str]) -> Iterator[str]:
    r"""Lines split at a CR not followed by LF too (old Mac files end lines with a lone CR), as
    ``open(newline="")`` would; the csv module then reads them like any other line end."""
    for line in lines:
        cr = line.find("\r")
        if cr < 0 or (cr == len(line) - 2 and line.endswith("\r\n")):  # the usual cases, fast
            yield line
        else:
            yield from (part for part in _AFTER_LONE_CR.split(line) if part)


def read_json(
    stream: BinaryIO, codec: str, chunk_rows: int, origin: str, budget: Budget
) -> Iterator[Chunk]:
    text = "".join(decoded_lines(stream, codec, origin, budget))
    check_text = _SURROGATE_ESCAPE.search(text) is not None
    data = _parse_json(text, origin)
    del text
    if isinstance(data, dict):
        arrays = [value for value in data.values() if isinstance(value, list)]
        data = arrays[0] if len(arrays) == 1 else data
    if not isinstance(data, list):
        raise CorpusError(
            f"{origin}: expected a JSON array of objects (or an object holding one array, like "
            f'{{"data": [...]}}), found {type(data).__name__}'
        )
    items = (_json_item(i, rec, check_text=check_text) for i, rec in enumerate(data))
    return batched(items, chunk_rows, budget=budget)


def _json_item(i: int, record: object, *, check_text: bool) -> Item:
    """A parsed JSON value as a record, or why it is not one."""
    if not isinstance(record, dict):
        return BadRecord(i, "malformed", preview(record))
    if check_text:
        try:
            json.dumps(record, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return BadRecord(i, "undecodable", preview(record))
        except RecursionError:
            return BadRecord(i, "malformed", preview(record))
    return i, record


def _parse_json(text: str, origin: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise CorpusError(
            f"{origin} is not valid JSON ({err.msg} at line {err.lineno}, column {err.colno}); "
            f"{_EXPECTED_JSON}"
        ) from None
    except RecursionError:
        raise CorpusError(
            f"{origin}: JSON nested too deeply to read (over about {sys.getrecursionlimit()} "
            f"levels); {_EXPECTED_JSON}"
        ) from None
    except ValueError as err:  # valid JSON that Python will not read, e.g. a 5000-digit int
        raise CorpusError(f"{origin}: unreadable JSON ({err}); {_EXPECTED_JSON}") from None


def jsonl_items(lines: Iterable[str | bytes]) -> Iterator[Item]:
    for i, line in enumerate(lines):
        if isinstance(line, bytes):
            yield BadRecord(i, "undecodable", preview(line))
        elif not line.strip():
            yield BadRecord(i, "empty", "")
        else:
            try:
                record = json.loads(line)
            except (ValueError, RecursionError):  # RecursionError: nested too deeply
                record = None
            item = _json_item(i, record, check_text=_SURROGATE_ESCAPE.search(line) is not None)
            yield BadRecord(i, item.reason, preview(line)) if isinstance(item, BadRecord) else item


def line_items(lines: Iterable[str | bytes]) -> Iterator[Item]:
    for i, line in enumerate(lines):
        is_bad = isinstance(line, bytes)
        yield BadRecord(i, "undecodable", preview(line)) if is_bad else (i, {"text": line})


def paragraph_items(lines: Iterable[str | bytes]) -> Iterator[Item]:
    """Blank lines separate paragraphs; a paragraph with an undecodable line is undecodable."""
    paragraph: list[str | bytes] = []
    count = 0
    for line in _with_sentinel(lines):
        if isinstance(line, str) and not line.strip():
            if paragraph:
                if any(isinstance(part, bytes) for part in paragraph):
                    raw = b"\n".join(
                        p if isinstance(p, bytes) else p.encode("utf-8", "surrogatepass")
                        for p in paragraph
                    )
                    yield BadRecord(count, "undecodable", preview(raw))
                else:
                    yield count, {"text": "\n".join(str(p) for p in paragraph)}
                count += 1
            paragraph = []
        else:
            paragraph.append(line)


def _with_sentinel(lines: Iterable[str | bytes]) -> Iterator[str | bytes]:
    yield from lines
    yield ""
