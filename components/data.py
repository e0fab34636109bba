"""Cached wrappers over the core: the only module of the app that uses ``st.cache_*``.

Caches are keyed on small explicit values; the objects themselves ride along as ``_``-prefixed
arguments, which Streamlit does not hash. Everything returned here is shared between reruns and
between the sessions of a server, so every key pins down exactly what the value was built from:
a loaded file by a hash of its exact bytes and the loading options, anything built from a
corpus's documents (a mix, its CSV, its evaluation, its summary) by the corpus's fingerprint
(every value it holds, :func:`mixscope.corpus.fingerprint.corpus_fingerprint`). Only what
depends on the normalised texts alone (embeddings, the metric index) is keyed by
``content_hash``: two sessions with the same texts share it, which reveals nothing they did not
both have. Never mutate what is returned.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import streamlit as st
import xxhash

from components import settings
from mixscope.corpus import Corpus, describe, load_corpus, load_demo_corpora, text_key
from mixscope.corpus.fingerprint import corpus_fingerprint
from mixscope.embed import (
    Embedder,
    EmbeddingCache,
    axis_directions,
    backend_note,
    default_cache_id,
    embed_corpus,
    get_embedder,
    is_default_model,
)
from mixscope.embed.demo_vectors import seed_demo_vectors
from mixscope.embed.progress import progress_parts
from mixscope.evaluation import (
    Evaluation,
    IndexStore,
    MixIndex,
    build_index,
    corpus_languages,
    evaluate,
    neighbor_similarity,
)
from mixscope.export import Written, build_manifest, findings_frame, mix_bytes
from mixscope.metrics.language import non_english_share
from mixscope.mixing import Mix, MixConfig, mix

#: all-MiniLM-L6-v2's width, known without loading torch and the model (~8 s).
_DEFAULT_DIM = 384


@st.cache_resource(show_spinner="Loading the demo corpora…")
def demo_corpora() -> tuple[Corpus, ...]:
    """The bundled demo corpora (real first), loaded once per server."""
    return tuple(load_demo_corpora())


@st.cache_resource(
    show_spinner="Loading the embedding model (on a machine's first run, also converting it to "
    "OpenVINO and checking that it agrees with the stock model and is faster here)…",
    max_entries=4,
)
def embedder(name: str) -> Embedder:
    """The embedding model called ``name``, loaded once per server."""
    store = embedding_store()
    loaded = get_embedder(name, cache_root=store.root)
    if settings.demo_vectors():  # copies only when the shipped file was made by this embedder
        seed_demo_vectors(store, loaded.cache_id, dim=loaded.dim)
    return loaded


@st.cache_resource(show_spinner="Opening the embedding cache…")
def embedding_store() -> EmbeddingCache:
    """The persistent on-disk embedding cache ($MIXSCOPE_CACHE_DIR or ~/.cache/mixscope), with
    the demo corpora's shipped vectors in it (unless $MIXSCOPE_DEMO_VECTORS is off) when the
    default model's backend on this machine is the one that made them (known here without
    loading it once its verification is stored; else when :func:`embedder` loads it)."""
    cache = EmbeddingCache()
    cache_id = default_cache_id(cache_root=cache.root)
    if settings.demo_vectors() and cache_id is not None:
        seed_demo_vectors(cache, cache_id, dim=_DEFAULT_DIM)
    return cache


@st.cache_resource(max_entries=8, show_spinner="Reading the file…")
def _load(
    key: tuple[object, ...], _source: str | bytes, _filename: str | None, _column: str | None
) -> Corpus:
    # Errors are not cached: the add form re-reads its file on every rerun.
    return load_corpus(
        _source,
        filename=_filename,
        text_column=_column,
        max_rows=settings.max_rows(),
        max_text_bytes=settings.max_text_bytes(),
    )


def load_upload(content: bytes, filename: str, column: str | None) -> Corpus:
    """``load_corpus`` of an uploaded file, cached on a hash of its exact bytes, its name, the
    column and the limits (the same bytes uploaded by two users give equal corpora)."""
    digest = xxhash.xxh3_128_hexdigest(content)
    key = ("upload", digest, filename, column, settings.max_rows(), settings.max_text_bytes())
    return _load(key, content, filename, column)


def load_path(path: Path, column: str | None) -> Corpus:
    """``load_corpus`` of a server file (already checked against the allowed roots), cached on
    a hash of its exact bytes, the path, the column and the limits."""
    limits = (settings.max_rows(), settings.max_text_bytes())
    key = ("path", str(path), file_digest(path), column, *limits)
    return _load(key, str(path), None, column)


def file_digest(path: Path) -> str:
    """xxh3-128 of a file's bytes, computed again whenever the file may have changed."""
    stat = path.stat()
    return _file_digest(str(path), stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


@st.cache_data(max_entries=64, show_spinner="Reading the file…")
def _file_digest(path: str, inode: int, size: int, mtime_ns: int, ctime_ns: int) -> str:
    # Any write changes ctime (which no user can set), so the stat key cannot outlive a change.
    h = xxhash.xxh3_128()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@st.cache_data(max_entries=256, show_spinner=False)
def _summary(fingerprint: str, _corpus: Corpus) -> dict[str, object]:
    return describe(_corpus)


def summary(corpus: Corpus) -> dict[str, object]:
    """``describe(corpus)``: counts, dropped rows by reason, length statistics."""
    return _summary(corpus_fingerprint(corpus), corpus)


@st.cache_data(max_entries=256, show_spinner=False)
def _non_english(content_hash: str, _share: float | None) -> float:
    # Only stores a share computed outside (with a progress bar); a miss raises, uncached.
    if _share is None:
        raise LookupError(f"languages of {content_hash} not detected in this process")
    return _share


def cached_non_english(corpus: Corpus) -> float | None:
    """:func:`non_english` if this process has it already, else None."""
    try:
        return _non_english(corpus.content_hash, None)
    except LookupError:
        return None


def non_english(corpus: Corpus, *, progress: Callable[[int, int], None] | None = None) -> float:
    """Share of the corpus's documents detected in a language other than English.

    The languages are detected once per corpus content and kept in the index store, where the
    metric index takes them too; ``progress(done, total)`` is called while detecting."""
    found = cached_non_english(corpus)
    if found is not None:
        return found
    store = IndexStore(embedding_store().root)
    share = non_english_share(corpus_languages(corpus, store, progress=progress))
    return _non_english(corpus.content_hash, share)


def backend() -> str | None:
    """Which backend runs the default model here, and why (None until that is known)."""
    return backend_note(cache_root=embedding_store().root)


def _identity(model: str) -> tuple[str, int]:
    """(cache key, width) of a model: for the default one without loading it, once this
    machine's backend for it is known (its files are hashed once, then remembered by their stat
    next to the cache; the OpenVINO backend's verification is stored there too)."""
    if is_default_model(model):
        cache_id = default_cache_id(cache_root=embedding_store().root)
        if cache_id is not None:
            return cache_id, _DEFAULT_DIM
    loaded = embedder(model)  # another model, or the backend is not verified here yet
    return loaded.cache_id, loaded.dim


@st.cache_data(max_entries=256, show_spinner=False)
def _cached_count(content_hash: str, model: str, _corpus: Corpus) -> int:
    model_id, dim = _identity(model)
    keys = [text_key(t) for t in _corpus.texts]
    _, found = embedding_store().get(model_id, keys, dim=dim)
    return int(found.sum())


def embedding_status(corpus: Corpus, model: str) -> str:
    """ "cached", "not yet" or "k of n cached" for a corpus under a model (persistent cache)."""
    found = _cached_count(corpus.content_hash, model, corpus)
    if found >= len(corpus):
        return "cached"
    return "not yet" if found == 0 else f"{found} of {len(corpus)} cached"


def embeddings(corpus: Corpus, model: str) -> np.ndarray:
    """Embeddings of a corpus, read from the persistent cache (embedding what is missing).
    Not kept in memory here: only the metric index needs them, and it holds its own unit
    copy for the server's lifetime, so a million-document pool is in memory once. Rows align
    with ``corpus.documents``."""
    return embed_corpus(corpus, embedder(model), cache=embedding_store())


def compute_embeddings(
    corpora: Sequence[Corpus], model: str, *, progress: Callable[[int, int], None]
) -> None:
    """Embed every corpus into the persistent cache, reporting documents done of all.

    Runs outside the in-memory cache so progress can be drawn (Streamlit replays elements
    created inside a cached function); afterwards ``embeddings()`` only reads the disk cache.
    """
    parts = progress_parts(progress, [len(c) for c in corpora])
    for corpus, report in zip(corpora, parts, strict=True):
        embed_corpus(corpus, embedder(model), cache=embedding_store(), progress=report)
    _cached_count.clear()


def _corpora_key(corpora: Sequence[Corpus]) -> tuple[str, ...]:
    """Exactly which corpora (every value they hold): the key of everything built from them."""
    return tuple(corpus_fingerprint(c) for c in corpora)


@st.cache_resource(max_entries=32, show_spinner=False)
def _mix(
    key: tuple[object, ...],
    config_key: tuple[object, ...],
    _corpora: Sequence[Corpus],
    _config: MixConfig,
) -> Mix:
    # cache_resource, not cache_data: a Mix references the session's corpora, which pickling
    # would copy on every rerun; it is never mutated.
    return mix(_corpora, _config)


def mixed(corpora: Sequence[Corpus], config: MixConfig) -> Mix:
    """``mix(corpora, config)``, cached on the corpora's fingerprints and the config."""
    return _mix(_corpora_key(corpora), astuple(config), corpora, config)


@st.cache_data(max_entries=16, show_spinner=False)
def _export(
    key: tuple[object, ...], config_key: tuple[object, ...], spreadsheet: bool, _mix: Mix
) -> tuple[bytes, Written]:
    if spreadsheet:
        return mix_bytes(_mix, escape_formulas=True, bom=True)
    return mix_bytes(_mix)


def mix_csv(result: Mix) -> bytes:
    """The mix as UTF-8 CSV bytes, every value exactly as loaded (training data)."""
    return _export(_corpora_key(result.corpora), astuple(result.config), False, result)[0]


@st.cache_data(max_entries=8, show_spinner="Writing the mix…")
def _mix_file(
    key: tuple[object, ...], config_key: tuple[object, ...], fmt: str, _mix: Mix
) -> bytes:
    return mix_bytes(_mix, format=fmt)[0]


def mix_file(result: Mix, fmt: str) -> bytes:
    """The mix as Parquet or JSONL bytes (``fmt``), every value exactly as loaded."""
    return _mix_file(_corpora_key(result.corpora), astuple(result.config), fmt, result)


def spreadsheet_csv(result: Mix) -> bytes:
    """The mix as a CSV for spreadsheets: UTF-8 with a byte-order mark (Excel reads it as
    UTF-8) and formula-like cells prefixed with ``'`` (the text changes; not training data)."""
    return _export(_corpora_key(result.corpora), astuple(result.config), True, result)[0]


def manifest_json(
    result: Mix,
    *,
    model: str | None = None,
    metrics: Evaluation | None = None,
    review: Mapping[str, object] | None = None,
) -> str:
    """``build_manifest(mix)`` as indented JSON: everything needed to rebuild the mix.

    It describes :func:`mix_csv` (format, SHA-256, no escaping) and, as ``spreadsheet_csv``,
    :func:`spreadsheet_csv` (cells escaped). With ``model`` and ``metrics`` (once the mix is
    evaluated) it also records the embedding model (id, hash of its files, backend) and every
    metric with its status and thresholds. Corpora are read with the default encoding and
    txt mode, as the app reads them.
    """
    key, config_key = _corpora_key(result.corpora), astuple(result.config)
    manifest = build_manifest(
        result,
        embedder=None if model is None else embedder(model),
        metrics=metrics,
        output=_export(key, config_key, False, result)[1],
        spreadsheet=_export(key, config_key, True, result)[1],
        review=review,
    )
    return json.dumps(manifest, indent=2, ensure_ascii=False, allow_nan=False)


# --- metrics: one index per (corpora, model), one evaluation per (mix, options) -------------

IndexKey = tuple[tuple[tuple[str, str, str], ...], str]
#: What an evaluation and the tables of a mix depend on: the index and the exact corpora.
MixKey = tuple[IndexKey, tuple[str, ...]]


def embeddings_ready(corpora: Sequence[Corpus], model: str) -> bool:
    """True when every corpus is fully embedded with ``model`` in the persistent cache."""
    return all(embedding_status(c, model) == "cached" for c in corpora)


def index_key(corpora: Sequence[Corpus], model: str) -> IndexKey:
    """What an index depends on: the corpora's names, roles, content hashes (the normalised
    texts, all an index holds) and the model."""
    return tuple((c.name, c.role, c.content_hash) for c in corpora), model


def mix_key(corpora: Sequence[Corpus], model: str) -> MixKey:
    """What an evaluation of a mix of ``corpora`` depends on besides its config and options:
    the index, and the exact corpora (source rows, metadata and labels come from them)."""
    return index_key(corpora, model), _corpora_key(corpora)


@st.cache_resource(max_entries=4, show_spinner=False)
def _index(key: IndexKey, _built: MixIndex | None) -> MixIndex:
    # Only ever stores an index built outside (with a progress bar): a cached function may not
    # draw on elements created outside it. An exception is not cached, so a miss stays a miss.
    if _built is None:
        raise LookupError(f"no metric index for {key}")
    return _built


def cached_index(corpora: Sequence[Corpus], model: str) -> MixIndex | None:
    """The metric index of these corpora and model if it was built already, else None."""
    try:
        return _index(index_key(corpora, model), None)
    except LookupError:
        return None


def metric_index(
    corpora: Sequence[Corpus], model: str, *, progress: Callable[[int, int], None]
) -> MixIndex:
    """``build_index`` over the corpora (real first), once per server per corpora and model.

    The embeddings must be in the persistent cache (see :func:`compute_embeddings`); the
    concept axes come from the same model. ``progress(done, total)`` is called while building.
    """
    found = cached_index(corpora, model)
    if found is not None:
        return found
    loaded = embedder(model)
    built = build_index(
        corpora,
        {c.name: embeddings(c, model) for c in corpora},
        model_id=loaded.model_id,
        embedder_id=loaded.cache_id,
        axes=axis_directions(loaded),
        progress=progress,
        store=IndexStore(embedding_store().root),
    )
    return _index(index_key(corpora, model), built)


@dataclass(frozen=True)
class MetricOptions:
    """What an evaluation depends on besides the mix and the index (hashable: a cache key)."""

    sample_size: int
    n_boot: int
    label_column: str | None
    thresholds: tuple[tuple[str, tuple[float, float]], ...]  # (metric, (warn, fail)), sorted

    def evaluate_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :func:`mixscope.evaluation.evaluate` (and of everything that
        passes them on: sweeps, attribution, source verdicts)."""
        return {
            "sample_size": self.sample_size,
            "n_boot": self.n_boot,
            "thresholds": dict(self.thresholds),
            "label_column": self.label_column,
        }


@st.cache_data(max_entries=32, show_spinner="Evaluating the mix…")
def _evaluation(
    key: MixKey,
    config_key: tuple[object, ...],
    options: MetricOptions,
    _mix: Mix,
    _index: MixIndex,
) -> Evaluation:
    return evaluate(_mix, _index, **options.evaluate_kwargs())


def evaluation(result: Mix, index: MixIndex, key: MixKey, options: MetricOptions) -> Evaluation:
    """``evaluate(mix, index, ...)``, cached on the mix key, the mix config and the options.

    Moving a slider re-evaluates (well under a second); it never re-embeds or re-indexes.
    """
    return _evaluation(key, astuple(result.config), options, result, index)


@st.cache_data(max_entries=32, show_spinner=False)
def _neighbor_similarity(
    key: MixKey, config_key: tuple[object, ...], _index: MixIndex, _ids: np.ndarray
) -> np.ndarray:
    return neighbor_similarity(_index, _ids)


def mix_neighbor_similarity(result: Mix, index: MixIndex, key: MixKey) -> np.ndarray:
    """:func:`mixscope.evaluation.neighbor_similarity` of the mix, cached on the index key and
    the mix config."""
    return _neighbor_similarity(key, astuple(result.config), index, index.global_ids(result))


@st.cache_data(max_entries=8, show_spinner="Writing the findings…")
def _findings_csv(
    key: MixKey, config_key: tuple[object, ...], _mix: Mix, _index: MixIndex
) -> bytes:
    return mix_bytes(_mix, findings=findings_frame(_mix, _index))[0]


def findings_csv(result: Mix, index: MixIndex, key: MixKey) -> bytes:
    """The mix as byte-exact CSV with each document's findings as columns (duplicate of,
    nearest real similarity, cluster, groups, ...), cached on the mix key and config."""
    return _findings_csv(key, astuple(result.config), result, index)
