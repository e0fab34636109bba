"""What every metric needs per document of one corpus, computed once from texts and embeddings."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mixscope.corpus import Corpus
from mixscope.metrics.diversity import unit_rows
from mixscope.metrics.duplication import duplicate_key
from mixscope.metrics.groups import group_mentions
from mixscope.metrics.language import detect_languages
from mixscope.metrics.lexical import bigram_codes, token_codes
from mixscope.metrics.minhash import JACCARD_THRESHOLD, minhash_signatures
from mixscope.metrics.neighbors import SEMANTIC_THRESHOLD
from mixscope.metrics.sentiment import sentiment_scores

__all__ = ["CorpusIndex", "IndexSettings", "build_corpus_index"]


@dataclass(frozen=True)
class IndexSettings:
    """Settings fixed when an index is built (recorded in every metric's settings)."""

    num_perm: int = 128
    shingle_size: int = 5
    jaccard_threshold: float = JACCARD_THRESHOLD
    semantic_threshold: float = SEMANTIC_THRESHOLD
    semantic_k: int = 10
    prdc_k: int = 5
    n_clusters: int | None = None
    seed: int = 0
    # distinct-2 counts this many bigrams of a sample (Shaib et al. 2024 compare lexical
    # diversity at a fixed token count: the ratio falls as text grows, so longer documents
    # would look less diverse at a fixed number of documents).
    distinct_budget: int = 10_000


@dataclass(frozen=True, eq=False)
class CorpusIndex:
    """Per-document structures of one corpus, row ``i`` = ``corpus.documents`` row ``i``."""

    name: str
    role: str
    content_hash: str
    texts: list[str]
    unit: np.ndarray  # float32 (n, d), L2-normalised embeddings
    signatures: np.ndarray  # uint32 (n, num_perm)
    exact_keys: np.ndarray  # uint64 (n,), first 64 bits of duplicate_key
    lengths: np.ndarray  # int64 (n,), word tokens
    tokens: np.ndarray  # uint64 (lengths.sum(),): hash code of every word token, in order
    bigrams: list[np.ndarray]  # uint64 codes of each document's word bigrams
    mentions: pd.DataFrame  # bool (n, n_groups), columns "axis:group"
    sentiment: np.ndarray  # float64 (n,), VADER compound
    languages: np.ndarray  # object (n,), ISO 639-1 code or "und" (mixscope.metrics.language)

    def __len__(self) -> int:
        return len(self.texts)


def build_corpus_index(
    corpus: Corpus, embeddings: np.ndarray, *, settings: IndexSettings | None = None
) -> CorpusIndex:
    """Compute the per-document structures of one corpus from its embeddings.

    Parameters
    ----------
    corpus : Corpus
    embeddings : ndarray of shape (len(corpus), n_dims)
        Aligned with ``corpus.documents`` (e.g. from :func:`mixscope.embed.embed_corpus`).
    settings : IndexSettings, optional

    Returns
    -------
    CorpusIndex
    """
    s = settings or IndexSettings()
    X = np.asarray(embeddings)
    if X.ndim != 2 or X.shape[0] != len(corpus):
        raise ValueError(
            f"embeddings for {corpus.name!r} have shape {X.shape}, expected "
            f"({len(corpus)}, n_dims): one row per document"
        )
    texts = corpus.texts
    tokens = [token_codes(t) for t in texts]
    return CorpusIndex(
        name=corpus.name,
        role=corpus.role,
        content_hash=corpus.content_hash,
        texts=texts,
        unit=unit_rows(X, name=f"embeddings of {corpus.name!r}").astype(np.float32),
        signatures=minhash_signatures(texts, num_perm=s.num_perm, ngram=s.shingle_size),
        exact_keys=np.array([int(duplicate_key(t)[:16], 16) for t in texts], dtype=np.uint64),
        lengths=np.array([len(t) for t in tokens], dtype=np.int64),
        tokens=np.concatenate(tokens) if tokens else np.empty(0, np.uint64),
        bigrams=[bigram_codes(t) for t in tokens],
        mentions=group_mentions(texts),
        sentiment=sentiment_scores(texts),
        languages=detect_languages(texts),
    )
