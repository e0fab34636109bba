"""A small Zipfian corpus for the simulation tests: word draws with a long tail of rare words."""

from collections.abc import Callable

import numpy as np
import pytest


def zipf_texts(n_docs: int = 200, *, vocab: int = 1_500, seed: int = 0) -> list[str]:
    """``n_docs`` documents of 5-30 words drawn from a Zipf(1.1) law over ``vocab`` words."""
    rng = np.random.default_rng(seed)
    p = 1.0 / np.arange(1, vocab + 1) ** 1.1
    words = np.array([f"w{i}" for i in range(vocab)], dtype=object)
    return [
        " ".join(words[rng.choice(vocab, size=int(k), p=p / p.sum())])
        for k in rng.integers(5, 31, size=n_docs)
    ]


@pytest.fixture(scope="session")
def zipf() -> Callable[..., list[str]]:
    """The corpus builder :func:`zipf_texts`."""
    return zipf_texts


class WordCountEmbedder:
    """A fast test embedder: word counts hashed into ``dim`` buckets, unit rows (the Embedder
    protocol). Enough for clusters and Vendi on the Zipf corpus, ten times faster than the
    lexical embedder's character n-grams."""

    model_id = cache_id = "test-word-count"

    def __init__(self, dim: int = 64) -> None:
        self.dim = dim

    def encode(self, texts: list[str], *, batch_size: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in text.split():
                out[i, hash_word(word) % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms > 0, norms, 1.0)


def hash_word(word: str) -> int:
    """A stable hash (Python's own is salted per process)."""
    return int.from_bytes(word.encode()[:8].ljust(8, b"\0"), "little") ^ len(word)


@pytest.fixture(scope="session")
def fast_embedder() -> WordCountEmbedder:
    """:class:`WordCountEmbedder` of 64 dimensions."""
    return WordCountEmbedder()
