"""A fast lexical embedder: hashed word and character n-grams, randomly projected."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np


class LexicalEmbedder:
    """Fast bag-of-n-grams embedder: hashed word 1-2grams and char 3-5grams, projected.

    Each text's vector depends on that text only (no fitted vocabulary), so vectors can be cached
    per text. Captures wording, not meaning: an explicit option, never a stand-in for the model.

    Parameters
    ----------
    dim : int, default=256
    seed : int, default=0
        Seed of the Gaussian random projection.
    """

    n_features = 2**16

    def __init__(self, *, dim: int = 256, seed: int = 0) -> None:
        if not isinstance(dim, int) or dim < 2:
            raise ValueError(f"dim must be an integer >= 2, got {dim!r}")
        from sklearn.feature_extraction.text import HashingVectorizer

        self.dim = dim
        self.seed = seed
        self.model_id = f"lexical-hash-v1-d{dim}-s{seed}"
        self.cache_id = self.model_id  # names all the vectors depend on: code version, dim, seed
        common: dict[str, Any] = {"n_features": self.n_features, "alternate_sign": True}
        self._words = HashingVectorizer(analyzer="word", ngram_range=(1, 2), **common)
        self._chars = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), **common)

    def __repr__(self) -> str:
        return f"LexicalEmbedder(dim={self.dim}, seed={self.seed})"

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        """Embed texts; returns float32 array of shape (len(texts), dim), unit rows (0 if empty)."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        projection = _projection(self.n_features, self.dim, self.seed)
        # in blocks: each row depends on its text only, and hashing a million texts at once
        # held ~7 GiB of sparse n-gram counts (benchmarks/results_scale.md)
        for start in range(0, len(texts), _BLOCK):
            block = texts[start : start + _BLOCK]
            sparse = self._words.transform(block) + self._chars.transform(block)
            dense = np.asarray(sparse @ projection)
            norms = np.linalg.norm(dense, axis=1, keepdims=True)
            out[start : start + len(block)] = dense / np.where(norms > 0, norms, 1.0)
        return out


_BLOCK = 20_000  # texts hashed at once


@lru_cache(maxsize=4)
def _projection(n_features: int, dim: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n_features, dim), dtype=np.float32)
