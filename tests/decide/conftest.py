"""A small pool for the decide tests: a real corpus and a synthetic one repeating itself."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mixscope.corpus import Corpus
from mixscope.evaluation import IndexSettings, MixIndex, build_index


def _corpus(name: str, role: str, n: int, *, repeat: bool = False) -> Corpus:
    texts = [f"{name} says {'the same thing' if repeat else f'thing {i}'} about her day" for i in
             range(n)]  # fmt: skip
    frame = pd.DataFrame({"source_row": np.arange(n), "text": texts})
    return Corpus(name, role, frame, "text")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def pool() -> tuple[list[Corpus], MixIndex]:
    rng = np.random.default_rng(3)
    corpora = [_corpus("real", "real", 300), _corpus("syn", "synthetic", 120, repeat=True)]
    vectors = {"real": rng.normal(size=(300, 8)), "syn": rng.normal(size=(120, 8)) + 0.5}
    return corpora, build_index(corpora, vectors, model_id="blobs",
                                settings=IndexSettings(n_clusters=3))  # fmt: skip


@pytest.fixture(scope="module")
def two_sources() -> tuple[list[Corpus], MixIndex]:
    """Real text, a synthetic source drawn from the same distribution ("twin") and one that
    repeats a single text far from the real corpus ("echo")."""
    rng = np.random.default_rng(11)
    words = np.array(
        [
            "alpha",
            "beta",
            "gamma",
            "delta",
            "river",
            "stone",
            "cloud",
            "paper",
            "light",
            "music",
            "garden",
        ]
    )

    def texts(n: int, tag: str) -> list[str]:
        return [f"{tag} {' '.join(rng.choice(words, size=8))} {i}" for i in range(n)]

    def corpus(name: str, role: str, lines: list[str]) -> Corpus:
        frame = pd.DataFrame({"source_row": np.arange(len(lines)), "text": lines})
        return Corpus(name, role, frame, "text")  # type: ignore[arg-type]

    corpora = [corpus("real", "real", texts(600, "note")),
               corpus("twin", "synthetic", texts(400, "note")),
               corpus("echo", "synthetic", ["the very same sentence again"] * 400)]  # fmt: skip
    vectors = {"real": rng.normal(size=(600, 8)), "twin": rng.normal(size=(400, 8)),
               "echo": rng.normal(size=(400, 8)) * 0.1 + 2.0}  # fmt: skip
    index = build_index(corpora, vectors, model_id="blobs", settings=IndexSettings(n_clusters=4))
    return corpora, index
