"""What every metric needs per document of one corpus, computed once from texts and embeddings."""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from mixscope.corpus import Corpus
from mixscope.evaluation.index_store import IndexStore, code_version, digest
from mixscope.metrics.diversity import unit_rows
from mixscope.metrics.duplication import duplicate_key
from mixscope.metrics.groups import group_mentions
from mixscope.metrics.language import detect_languages
from mixscope.metrics.lexical import bigram_codes, token_codes
from mixscope.metrics.minhash import JACCARD_THRESHOLD, minhash_signatures
from mixscope.metrics.neighbors import SEMANTIC_THRESHOLD
from mixscope.metrics.sentiment import sentiment_scores

__all__ = [
    "LANGUAGES",
    "STORED",
    "CorpusIndex",
    "IndexSettings",
    "build_corpus_index",
    "corpus_languages",
    "join_text_structures",
    "languages_key",
    "store_text_structures",
    "stored_languages",
    "stored_text_structures",
    "text_structures",
    "text_structures_key",
]


#: Precisions an index may hold its unit embeddings in.
EMBEDDING_DTYPES = ("float32", "float16")


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
    # MAUVE's quantisation of the pool: k-means with one start of 100 iterations instead of
    # mauve-text's five starts of 500 (mixscope.metrics.mauve.mauve keeps those). On a 24,000-
    # document pool (400 buckets) it was 7x cheaper, and MAUVE of seven mixes moved by at most
    # 0.031 from the reference settings, while the reference settings themselves moved by up to
    # 0.066 between k-means seeds 0, 1 and 2 (benchmarks/results_metrics.md).
    mauve_kmeans_iter: int = 100
    mauve_kmeans_redo: int = 1
    # Precision the index holds the unit embeddings in: "float16" halves their memory (1.5 GB
    # instead of 3 GB at a million documents of 384 dimensions, ...) at the cost measured in
    # benchmarks/results_precision.md; every metric computes in float32 or float64 either way.
    embedding_dtype: str = "float32"
    # Pools of more documents than this search neighbours (semantic duplicate pairs, each
    # document's nearest real one) in a faiss inverted-file index visiting `nprobe` cells per
    # query instead of exactly: the exact search is O(n^2), hours at a million documents.
    # Recall against the exact search: benchmarks/results_neighbours.md.
    exact_search_limit: int = 200_000
    nprobe: int = 8
    # MAUVE's k-means buckets: a tenth of the smaller side, as mauve-text, but at most this
    # many (k-means costs buckets x documents: 10,000 buckets over a million documents is
    # hours). The cap binds only when both sides exceed 10,000 documents.
    mauve_max_buckets: int = 1_000

    def __post_init__(self) -> None:
        if self.embedding_dtype not in EMBEDDING_DTYPES:
            raise ValueError(
                f"embedding_dtype must be one of {EMBEDDING_DTYPES}, got {self.embedding_dtype!r}"
            )


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
    corpus: Corpus,
    embeddings: np.ndarray,
    *,
    settings: IndexSettings | None = None,
    store: IndexStore | None = None,
    workers: int = 1,
) -> CorpusIndex:
    """Compute the per-document structures of one corpus from its embeddings.

    Parameters
    ----------
    corpus : Corpus
    embeddings : ndarray of shape (len(corpus), n_dims)
        Aligned with ``corpus.documents`` (e.g. from :func:`mixscope.embed.embed_corpus`).
    settings : IndexSettings, optional
    store : IndexStore, optional
        Where the text structures (everything but the embeddings) are looked up first and
        kept after they are computed, keyed by the corpus content hash and the settings.
    workers : int, default=1
        Processes computing the text structures (:func:`text_structures`).

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
    arrays = stored_text_structures(corpus, store, settings=s) if store is not None else None
    if arrays is None:
        # languages detected already (the Corpora page) are taken, not detected again
        languages = stored_languages(corpus, store) if store is not None else None
        arrays = text_structures(texts, settings=s, workers=workers, languages=languages)
        if store is not None:
            store_text_structures(corpus, store, arrays, settings=s,
                                  with_languages=languages is None)  # fmt: skip
    lengths = arrays["lengths"]
    tokens = arrays["tokens"]
    starts = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    return CorpusIndex(
        name=corpus.name,
        role=corpus.role,
        content_hash=corpus.content_hash,
        texts=texts,
        unit=unit_rows(X, name=f"embeddings of {corpus.name!r}").astype(s.embedding_dtype),
        signatures=arrays["signatures"],
        exact_keys=arrays["exact_keys"],
        lengths=lengths,
        tokens=tokens,
        bigrams=[bigram_codes(tokens[a:b]) for a, b in itertools.pairwise(starts)],
        mentions=pd.DataFrame(arrays["mentions"], columns=arrays["mention_columns"].tolist()),
        sentiment=arrays["sentiment"],
        languages=arrays["languages"].astype(object),
    )


#: What a stored corpus entry holds: name -> (dtype kind, number of dimensions).
STORED = {
    "signatures": ("u", 2),
    "exact_keys": ("u", 1),
    "lengths": ("i", 1),
    "tokens": ("u", 1),
    "mentions": ("b", 2),
    "mention_columns": ("U", 1),
    "sentiment": ("f", 1),
    "languages": ("U", 1),
}


def text_structures_key(corpus: Corpus, *, settings: IndexSettings | None = None) -> str:
    """The :class:`IndexStore` key of a corpus's text structures: its content hash (the
    normalised texts), the settings they use and the code that computes them."""
    s = settings or IndexSettings()
    return digest("corpus", code_version(), corpus.content_hash, str(s.num_perm),
                  str(s.shingle_size))  # fmt: skip


def store_text_structures(
    corpus: Corpus,
    store: IndexStore,
    arrays: Mapping[str, np.ndarray],
    *,
    settings: IndexSettings | None = None,
    with_languages: bool = True,
) -> None:
    """Keep a corpus's text structures in ``store``, and (``with_languages``) their languages
    as the entry :func:`corpus_languages` reads, so the Corpora page does not detect them."""
    store.save("corpus", text_structures_key(corpus, settings=settings), arrays)
    if with_languages:
        _save_languages(corpus, store, arrays["languages"])


def stored_text_structures(
    corpus: Corpus, store: IndexStore, *, settings: IndexSettings | None = None
) -> dict[str, np.ndarray] | None:
    """The corpus's text structures from ``store``, or None when absent, damaged or not
    matching the corpus (a row count or token total that differs)."""
    found = store.load("corpus", text_structures_key(corpus, settings=settings), STORED)
    return found if found is not None and _fits(found, len(corpus.texts)) else None


#: What a stored languages entry holds (:func:`corpus_languages`).
LANGUAGES = {"languages": ("U", 1)}


def languages_key(corpus: Corpus) -> str:
    """The :class:`IndexStore` key of a corpus's detected languages: its content hash and the
    code (and py3langid version) that detects them."""
    return digest("languages", code_version(), corpus.content_hash)


def stored_languages(corpus: Corpus, store: IndexStore) -> np.ndarray | None:
    """The corpus's detected languages from ``store`` (str array, one per document), or None
    when absent, damaged or of another length."""
    found = store.load("languages", languages_key(corpus), LANGUAGES)
    if found is None or len(found["languages"]) != len(corpus.texts):
        return None
    return found["languages"]


def corpus_languages(
    corpus: Corpus,
    store: IndexStore | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> np.ndarray:
    """:func:`~mixscope.metrics.language.detect_languages` of the corpus's texts, looked up in
    ``store`` first and kept there: the Corpora page and the index detect each corpus once
    (a million documents take minutes). ``progress(done, total)`` is called while detecting."""
    found = stored_languages(corpus, store) if store is not None else None
    if found is not None:
        if progress is not None:
            progress(len(found), len(found))
        return found.astype(object)
    languages = detect_languages(corpus.texts, progress=progress)
    if store is not None:
        _save_languages(corpus, store, languages)
    return languages


def _save_languages(corpus: Corpus, store: IndexStore, languages: np.ndarray) -> None:
    store.save("languages", languages_key(corpus), {"languages": _codes(languages)})


def _codes(languages: Sequence[str] | np.ndarray) -> np.ndarray:
    """Language codes as a str array (what a store keeps; never object)."""
    return np.array([str(code) for code in languages], dtype=str)


#: Texts per process when text structures are computed by several processes.
BLOCK = 20_000


def text_structures(
    texts: Sequence[str],
    *,
    settings: IndexSettings | None = None,
    workers: int = 1,
    languages: Sequence[str] | np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Everything of a corpus index that depends on the texts alone, as the arrays
    :class:`IndexStore` keeps (:data:`STORED`): MinHash signatures, exact-duplicate keys, word
    token codes and counts, group mentions, sentiment and language, one row per text.

    ``languages`` are the texts' detected languages when known already (then not detected
    again). With ``workers`` > 1, blocks of :data:`BLOCK` texts are computed in that many
    processes (spawned, so no thread state is copied) and joined in order: the same arrays,
    sooner."""
    s = settings or IndexSettings()
    texts = list(texts)
    if languages is not None and len(languages) != len(texts):
        raise ValueError(f"got {len(languages)} languages for {len(texts)} texts")
    if workers > 1 and len(texts) > BLOCK:
        starts = range(0, len(texts), BLOCK)
        blocks = [texts[i : i + BLOCK] for i in starts]
        known = [None if languages is None else languages[i : i + BLOCK] for i in starts]
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(min(workers, len(blocks)), mp_context=context) as pool:
            parts = pool.map(partial(_structures, s=s), blocks, known)
            return join_text_structures(list(parts))
    tokens = [token_codes(t) for t in texts]
    mentions = group_mentions(texts)
    return {
        "signatures": minhash_signatures(texts, num_perm=s.num_perm, ngram=s.shingle_size),
        "exact_keys": np.array([int(duplicate_key(t)[:16], 16) for t in texts], dtype=np.uint64),
        "lengths": np.array([len(t) for t in tokens], dtype=np.int64),
        "tokens": np.concatenate(tokens) if tokens else np.empty(0, np.uint64),
        "mentions": mentions.to_numpy(dtype=bool),
        "mention_columns": np.array([str(c) for c in mentions.columns], dtype=str),
        "sentiment": np.asarray(sentiment_scores(texts), dtype=np.float64),
        "languages": _codes(detect_languages(texts) if languages is None else languages),
    }


def _structures(
    texts: list[str], languages: Sequence[str] | np.ndarray | None, s: IndexSettings
) -> dict[str, np.ndarray]:
    return text_structures(texts, settings=s, languages=languages)


def join_text_structures(blocks: Sequence[Mapping[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """The text structures of consecutive blocks of texts as those of all of them, in order
    (what :func:`text_structures` of the whole list returns)."""
    if not blocks:
        raise ValueError("expected at least one block of text structures")
    columns = blocks[0]["mention_columns"]
    if any(not np.array_equal(b["mention_columns"], columns) for b in blocks):
        raise ValueError("blocks of text structures disagree on the group columns")
    out = {name: np.concatenate([b[name] for b in blocks]) for name in STORED}
    out["mention_columns"] = columns
    return out


def _fits(arrays: dict[str, np.ndarray], n: int) -> bool:
    """True when a stored entry has one row per document and tokens matching its lengths."""
    rows = ("signatures", "exact_keys", "lengths", "mentions", "sentiment", "languages")
    return (
        all(len(arrays[name]) == n for name in rows)
        and arrays["mentions"].shape[1] == len(arrays["mention_columns"])
        and int(arrays["lengths"].sum()) == len(arrays["tokens"])
    )
