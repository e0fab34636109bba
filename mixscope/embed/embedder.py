"""The Embedder protocol, and :func:`get_embedder` to pick a backend by name."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from mixscope.embed.lexical import LexicalEmbedder
from mixscope.embed.sentence_transformer import SentenceTransformerEmbedder


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors of a fixed size."""

    model_id: str
    dim: int

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray: ...


def get_embedder(name: str | None = None, *, allow_download: bool = False) -> Embedder:
    """Embedder by name.

    Parameters
    ----------
    name : str, optional
        None, "default" or "all-MiniLM-L6-v2": the bundled MiniLM; "lexical":
        :class:`LexicalEmbedder`; anything else: a sentence-transformers model id or local path.
    allow_download : bool, default=False
        Passed to :class:`SentenceTransformerEmbedder`.
    """
    if name == "lexical":
        return LexicalEmbedder()
    return SentenceTransformerEmbedder(name, allow_download=allow_download)
