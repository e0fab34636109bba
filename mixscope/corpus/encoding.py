"""Decoding text files: byte-order marks, binary detection, strict decoding with byte offsets.

Decoded text is counted against the read's :class:`~mixscope.corpus.limits.Budget` as it is
decoded, and a line is never read past what the budget has left, so one huge line stops the read
instead of filling memory.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import BinaryIO

from mixscope.corpus.corpus import CorpusError
from mixscope.corpus.limits import Budget

_BLOCK_BYTES = 1 << 20
_HEAD_BYTES = 8192
# A lone surrogate is not text (it cannot be encoded, hashed or stored); strict UTF-8/16/32 never
# decode to one, but codecs such as unicode_escape or utf-7 can.
_SURROGATE = re.compile("[\ud800-\udfff]")
# UTF-32-LE's mark starts with UTF-16-LE's, so it is tested first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def text_codec(stream: BinaryIO, encoding: str | None, fmt: str, origin: str) -> str:
    """Pick the codec, skip a byte-order mark, reject binary data; leaves ``stream`` at the text."""
    head = stream.read(_HEAD_BYTES)
    bom, bom_codec = next(((b, c) for b, c in _BOMS if head.startswith(b)), (b"", ""))
    codec = encoding or bom_codec or "utf-8"
    try:
        info = codecs.lookup(codec)
    except (LookupError, ValueError):  # ValueError: a NUL character in the name
        raise CorpusError(
            f"unknown encoding {encoding!r}; expected e.g. 'utf-8' or 'latin-1'"
        ) from None
    if not getattr(info, "_is_text_encoding", True):  # rot13, base64, zip, hex, bz2, ...
        raise CorpusError(
            f"encoding {encoding!r} is not a text encoding (Python's {info.name!r} codec turns "
            "bytes into bytes or text into text); expected a text encoding, e.g. 'utf-8' or "
            "'latin-1'"
        )
    skip = bom_codec and info.name == codecs.lookup(bom_codec).name
    nul = head.find(b"\x00") if _ascii_compatible(codec) else -1
    if nul >= 0:
        raise CorpusError(
            f"{origin} looks binary (NUL byte at offset {nul}), expected a {fmt} "
            "text file; if it is UTF-16 text without a byte-order mark, pass encoding='utf-16-le'"
        )
    stream.seek(len(bom) if skip else 0)
    return codec


def _ascii_compatible(codec: str) -> bool:
    """True when newlines and ASCII are single bytes, so the file can be split into lines first."""
    try:
        return "\n,a".encode(codec) == b"\n,a"
    except UnicodeError:
        return False


def _is_utf8(codec: str) -> bool:
    return codecs.lookup(codec).name == "utf-8"


def _utf8_size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def _encoding_error(origin: str, codec: str, offset: int, snippet: bytes) -> CorpusError:
    return CorpusError(
        f"{origin} is not valid {codec} text: undecodable bytes {snippet!r} at byte offset "
        f"{offset}; pass encoding=... with the file's encoding (e.g. 'latin-1', 'cp1252')"
    )


def _codec_error(origin: str, codec: str, err: UnicodeError) -> CorpusError:
    """A codec that fails without saying where (e.g. UTF-16 without a byte-order mark)."""
    return CorpusError(
        f"{origin} is not valid {codec} text ({err}); pass encoding=... with the file's "
        "encoding (e.g. 'utf-16-le', 'latin-1')"
    )


def decoded_lines(stream: BinaryIO, codec: str, origin: str, budget: Budget) -> Iterator[str]:
    """Strictly decode the rest of ``stream``; yield lines with their terminators."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    utf8 = _is_utf8(codec)
    offset = stream.tell()
    pending: list[str] = []  # the parts of an unfinished line: joined once, not re-copied per block
    while True:
        block = stream.read(_BLOCK_BYTES)
        buffered = len(decoder.getstate()[0])
        try:
            text = decoder.decode(block, final=not block)
        except UnicodeDecodeError as err:
            start = offset - buffered + err.start
            raise _encoding_error(origin, codec, start, err.object[err.start : err.end]) from None
        except UnicodeError as err:
            raise _codec_error(origin, codec, err) from None
        budget.add_text(len(block) if utf8 else _utf8_size(text))
        if "\x00" in text:
            at = offset - buffered + len(text[: text.index("\x00")].encode(codec))
            raise CorpusError(f"{origin} looks binary (NUL character at about byte offset {at})")
        if not utf8 and (surrogate := _SURROGATE.search(text)):
            raise CorpusError(
                f"{origin} is not valid {codec} text: it decodes to a lone surrogate "
                f"{surrogate.group()!r} (after byte offset {offset - buffered}); pass encoding=... "
                "with the file's encoding (e.g. 'utf-8', 'latin-1')"
            )
        offset += len(block)
        first, *lines = text.split("\n")
        pending.append(first)
        if lines:
            yield "".join(pending) + "\n"
            *complete, last = lines
            yield from (line + "\n" for line in complete)
            pending = [last]
        if not block:
            break
    if rest := "".join(pending):
        yield rest


def _chomp(line: str) -> str:
    return line[:-1].removesuffix("\r") if line.endswith("\n") else line


def text_lines(stream: BinaryIO, codec: str, origin: str, budget: Budget) -> Iterator[str | bytes]:
    """Lines without terminators; the raw ``bytes`` of a line that is not valid in ``codec``."""
    if not _ascii_compatible(codec):  # UTF-16/32: lines cannot be split before decoding
        yield from (_chomp(line) for line in decoded_lines(stream, codec, origin, budget))
        return
    utf8 = _is_utf8(codec)
    total = bad = 0
    first_bad: tuple[int, bytes] | None = None
    offset = stream.tell()
    while True:
        limit = budget.line_limit()
        raw = stream.readline(limit)
        if not raw:
            break
        if len(raw) == limit and not raw.endswith(b"\n"):  # the line alone is over the budget
            budget.add_text(len(raw))
        total += 1
        try:
            if b"\x00" in raw:  # binary junk: as unusable as an invalid byte
                raise UnicodeDecodeError(codec, raw, raw.index(0), raw.index(0) + 1, "NUL byte")
            decoded = raw.decode(codec)
            if not utf8 and _SURROGATE.search(decoded):
                raise UnicodeDecodeError(codec, raw, 0, 1, "decodes to a lone surrogate")
            budget.add_text(len(raw) if utf8 else _utf8_size(decoded))
            line: str | bytes = _chomp(decoded)
        except UnicodeError as err:
            budget.add_text(len(raw))
            bad += 1
            start, end = getattr(err, "start", 0), getattr(err, "end", 1)
            first_bad = first_bad or (offset + start, raw[start:end])
            line = raw.rstrip(b"\r\n")
        offset += len(raw)
        yield line
    if first_bad is not None and bad * 2 > total:
        raise _encoding_error(origin, codec, *first_bad)
