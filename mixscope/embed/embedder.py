"""The Embedder protocol, and :func:`get_embedder` to pick a backend by name."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from mixscope.embed.lexical import LexicalEmbedder
from mixscope.embed.sentence_transformer import SentenceTransformerEmbedder


@runtime_checkable
class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors of a fixed size.

    Attributes
    ----------
    model_id : str
        Human-readable name, shown in reports and manifests.
    cache_id : str
        Identity of everything the vectors depend on (weights, configuration, code version):
        the embedding cache is keyed on it, so it must change whenever the vectors would.
    dim : int
        Length of every vector.
    """

    model_id: str
    cache_id: str
    dim: int

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray: ...


def get_embedder(
    name: str | None = None,
    *,
    allow_download: bool = False,
    cache_root: str | os.PathLike[str] | None = None,
) -> Embedder:
    """Embedder by name.

    Parameters
    ----------
    name : str, optional
        None, "default" or "all-MiniLM-L6-v2": the bundled MiniLM; "lexical":
        :class:`LexicalEmbedder`; anything else: a sentence-transformers model id or local path.
    allow_download : bool, default=False
        Passed to :class:`SentenceTransformerEmbedder`.
    cache_root : str or Path, optional
        Passed to :class:`SentenceTransformerEmbedder` (where its file hashes are remembered):
        give the embedding cache's root.
    """
    if name == "lexical":
        return LexicalEmbedder()
    return SentenceTransformerEmbedder(name, allow_download=allow_download, cache_root=cache_root)
