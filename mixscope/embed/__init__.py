"""Embedding: texts -> unit vectors, each distinct text embedded once and kept on disk.

Stage two of the pipeline. :func:`get_embedder` picks a backend (:class:`Embedder` protocol):
all-MiniLM-L6-v2 by default, converted to OpenVINO (:mod:`~mixscope.embed.openvino_backend`)
when openvino is installed and the conversion passed verification on this machine, else
through sentence-transformers (:mod:`~mixscope.embed.sentence_transformer`;
``$MIXSCOPE_EMBED_BACKEND`` or ``backend=`` forces one); or the fast lexical embedder on
request (:mod:`~mixscope.embed.lexical`). :func:`embed_corpus` embeds through the crash-safe on-disk
:class:`EmbeddingCache`, keyed by the embedder's identity (``cache_id``) and text hash
(:func:`embed_corpus_with_counts` also counts documents embedded and read from the cache);
:mod:`~mixscope.embed.ray_engine` fills the same cache from a Ray actor pool
(:func:`ray_fill_cache`) and computes MinHash signatures in Ray tasks (optional: Ray is
imported only when they run);
:mod:`~mixscope.embed.axes` holds the concept axes' anchor phrases and their directions in an
embedder's space.
"""

from mixscope.embed.axes import (
    AGE_AXIS,
    CONCEPT_AXES,
    GENDER_AXIS,
    SENTIMENT_AXIS,
    ConceptAxis,
    axis_directions,
)
from mixscope.embed.cache import (
    CACHE_ENV,
    STALE_TEMP_AGE,
    EmbeddingCache,
    check_unit_vectors,
    default_cache_root,
    model_slug,
    unit_tolerance,
)
from mixscope.embed.embedder import (
    BACKEND_ENV,
    DEFAULT_BACKEND,
    Embedder,
    approximation_note,
    backend_note,
    check_backend,
    default_cache_id,
    get_embedder,
    model_label,
    stored_backend_check,
)
from mixscope.embed.embedding import (
    CHUNK_SIZE,
    EmbedCounts,
    embed_corpus,
    embed_corpus_with_counts,
    embed_texts,
    embed_texts_with_counts,
)
from mixscope.embed.lexical import LexicalEmbedder
from mixscope.embed.openvino_backend import OpenVINOEmbedder, load_openvino_embedder
from mixscope.embed.progress import ProgressCallback, tqdm_progress
from mixscope.embed.ray_engine import (
    RAY_MISSING,
    ray_fill_cache,
    ray_minhash_signatures,
    ray_session,
    require_ray,
)
from mixscope.embed.sentence_transformer import (
    DEFAULT_MODEL_ID,
    SentenceTransformerEmbedder,
    is_default_model,
    model_cache_id,
)
from mixscope.embed.static_model import (
    PREVIEW_MODEL_ID,
    PREVIEW_NAME,
    StaticEmbedder,
    load_static_embedder,
    model_approximation,
)

__all__ = [
    "AGE_AXIS",
    "BACKEND_ENV",
    "CACHE_ENV",
    "CHUNK_SIZE",
    "CONCEPT_AXES",
    "DEFAULT_BACKEND",
    "DEFAULT_MODEL_ID",
    "GENDER_AXIS",
    "PREVIEW_MODEL_ID",
    "PREVIEW_NAME",
    "RAY_MISSING",
    "SENTIMENT_AXIS",
    "STALE_TEMP_AGE",
    "ConceptAxis",
    "EmbedCounts",
    "Embedder",
    "EmbeddingCache",
    "LexicalEmbedder",
    "OpenVINOEmbedder",
    "ProgressCallback",
    "SentenceTransformerEmbedder",
    "StaticEmbedder",
    "approximation_note",
    "axis_directions",
    "backend_note",
    "check_backend",
    "check_unit_vectors",
    "default_cache_id",
    "default_cache_root",
    "embed_corpus",
    "embed_corpus_with_counts",
    "embed_texts",
    "embed_texts_with_counts",
    "get_embedder",
    "is_default_model",
    "load_openvino_embedder",
    "load_static_embedder",
    "model_approximation",
    "model_cache_id",
    "model_label",
    "model_slug",
    "ray_fill_cache",
    "ray_minhash_signatures",
    "ray_session",
    "require_ray",
    "stored_backend_check",
    "tqdm_progress",
    "unit_tolerance",
]
