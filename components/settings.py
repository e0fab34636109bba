"""The server's settings for the app, from environment variables (README: "Running MixScope on a
shared server").

- ``MIXSCOPE_DATA_ROOTS``: folders "Path on the server" may read (``os.pathsep``-separated);
  default: the repository's ``data/`` and the working directory the app was started in.
- ``MIXSCOPE_MAX_ROWS``: records one file may hold (default 2,000,000).
- ``MIXSCOPE_MAX_TEXT_BYTES``: decoded text one file may hold, in bytes, checked while reading
  (default 200 MiB, the ``server.maxUploadSize`` of ``.streamlit/config.toml``: a small
  compressed file cannot unpack to more text than the largest upload, and one user's file
  cannot take gigabytes of a shared server's memory).
- ``MIXSCOPE_DEMO_VECTORS``: ``on`` (default) copies the demo corpora's shipped vectors
  (``data/demo_vectors.parquet``, made by the bundled model) into the embedding cache when the
  server starts, so the demo's metrics need no embedding; ``off`` leaves the cache alone.
"""

from __future__ import annotations

import os
from pathlib import Path

from mixscope.corpus.roots import allowed_roots

#: The demo corpora's folder, allowed by default.
REPO_DATA = Path(__file__).resolve().parents[1] / "data"
MAX_ROWS_ENV = "MIXSCOPE_MAX_ROWS"
MAX_TEXT_BYTES_ENV = "MIXSCOPE_MAX_TEXT_BYTES"
DEFAULT_MAX_ROWS = 2_000_000
#: Megabytes of ``server.maxUploadSize`` in .streamlit/config.toml (a test keeps them equal).
MAX_UPLOAD_MB = 200
DEFAULT_MAX_TEXT_BYTES = MAX_UPLOAD_MB * 2**20
DEMO_VECTORS_ENV = "MIXSCOPE_DEMO_VECTORS"
_ON, _OFF = ("on", "1", "true", "yes"), ("off", "0", "false", "no")


def data_roots() -> tuple[Path, ...]:
    """Folders the app may read server files from (resolved)."""
    return allowed_roots([REPO_DATA, Path.cwd()])


def max_rows() -> int:
    """Most records one loaded file may hold."""
    return _positive(MAX_ROWS_ENV, DEFAULT_MAX_ROWS)


def max_text_bytes() -> int:
    """Most decoded text, in bytes, one loaded file may hold."""
    return _positive(MAX_TEXT_BYTES_ENV, DEFAULT_MAX_TEXT_BYTES)


def demo_vectors() -> bool:
    """Whether the shipped demo vectors are copied into the embedding cache."""
    text = os.environ.get(DEMO_VECTORS_ENV, "").strip().lower()
    if not text or text in _ON:
        return True
    if text in _OFF:
        return False
    raise ValueError(f"{DEMO_VECTORS_ENV} must be 'on' or 'off', got {text!r}")


def _positive(name: str, default: int) -> int:
    text = os.environ.get(name, "").strip().replace("_", "")
    if not text:
        return default
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{name} must be a positive whole number, got {text!r}")
    return int(text)
