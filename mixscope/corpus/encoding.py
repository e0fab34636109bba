"""Decoding text files: byte-order marks, binary detection, strict decoding with byte offsets."""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from typing import BinaryIO

from mixscope.corpus.corpus import CorpusError

_BLOCK_BYTES = 1 << 20
_HEAD_BYTES = 8192
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
        name = codecs.lookup(codec).name
    except LookupError:
        raise CorpusError(
            f"unknown encoding {encoding!r}; expected e.g. 'utf-8' or 'latin-1'"
        ) from None
    skip = bom_codec and name == codecs.lookup(bom_codec).name
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


def _encoding_error(origin: str, codec: str, offset: int, snippet: bytes) -> CorpusError:
    return CorpusError(
        f"{origin} is not valid {codec} text: undecodable bytes {snippet!r} at byte offset "
        f"{offset}; pass encoding=... with the file's encoding (e.g. 'latin-1', 'cp1252')"
    )


def decoded_lines(stream: BinaryIO, codec: str, origin: str) -> Iterator[str]:
    """Strictly decode the rest of ``stream``; yield lines with their terminators."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    offset, pending = stream.tell(), ""
    while True:
        block = stream.read(_BLOCK_BYTES)
        buffered = len(decoder.getstate()[0])
        try:
            text = decoder.decode(block, final=not block)
        except UnicodeDecodeError as err:
            start = offset - buffered + err.start
            raise _encoding_error(origin, codec, start, err.object[err.start : err.end]) from None
        if "\x00" in text:
            at = offset - buffered + len(text[: text.index("\x00")].encode(codec))
            raise CorpusError(f"{origin} looks binary (NUL character at about byte offset {at})")
        offset += len(block)
        *lines, pending = (pending + text).split("\n")
        yield from (line + "\n" for line in lines)
        if not block:
            break
    if pending:
        yield pending


def _chomp(line: str) -> str:
    return line[:-1].removesuffix("\r") if line.endswith("\n") else line


def text_lines(stream: BinaryIO, codec: str, origin: str) -> Iterator[str | bytes]:
    """Lines without terminators; the raw ``bytes`` of a line that is not valid in ``codec``."""
    if not _ascii_compatible(codec):  # UTF-16/32: lines cannot be split before decoding
        yield from (_chomp(line) for line in decoded_lines(stream, codec, origin))
        return
    total = bad = 0
    first_bad: tuple[int, bytes] | None = None
    offset = stream.tell()
    for raw in stream:
        total += 1
        try:
            if b"\x00" in raw:  # binary junk: as unusable as an invalid byte
                raise UnicodeDecodeError(codec, raw, raw.index(0), raw.index(0) + 1, "NUL byte")
            line: str | bytes = _chomp(raw.decode(codec))
        except UnicodeDecodeError as err:
            bad += 1
            first_bad = first_bad or (offset + err.start, raw[err.start : err.end])
            line = raw.rstrip(b"\r\n")
        offset += len(raw)
        yield line
    if first_bad is not None and bad * 2 > total:
        raise _encoding_error(origin, codec, *first_bad)
