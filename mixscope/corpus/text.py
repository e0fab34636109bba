"""Text normalisation and hashing shared by loading, caching and deduplication."""

from __future__ import annotations

import re
import unicodedata

import xxhash

_WHITESPACE = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """Unicode NFC, every run of whitespace folded to one space, ends stripped.

    Used for keys (cache, duplicates) and metrics; exports keep the original text.

    Examples
    --------
    >>> normalize_text("  Cafe\\u0301\\n\\tau  lait ")
    'Café au lait'
    """
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def text_key(normalized: str) -> str:
    """Stable 128-bit hex key of an already normalised text (xxh3)."""
    return xxhash.xxh3_128_hexdigest(normalized.encode("utf-8"))
