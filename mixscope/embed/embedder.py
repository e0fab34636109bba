"""The Embedder protocol, and :func:`get_embedder` to pick a backend by name."""

from __future__ import annotations

import importlib.util
import logging
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from mixscope.embed.lexical import LexicalEmbedder
from mixscope.embed.openvino_backend import (
    CACHE_TAG,
    load_openvino_embedder,
    stored_verification,
    verification_path,
)
from mixscope.embed.sentence_transformer import (
    DEFAULT_MODEL_ID,
    SentenceTransformerEmbedder,
    model_cache_id,
)
from mixscope.embed.static_model import PREVIEW_MODEL_ID, PREVIEW_NAME, load_static_embedder


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


def approximation_note(embedder: Embedder) -> str | None:
    """One sentence saying how the embedder's numbers approximate a real model's, or None.

    Only approximate embedders (the model2vec preview, :mod:`~mixscope.embed.static_model`)
    carry an ``approximation`` attribute; whatever shows their numbers should show it too.

    Examples
    --------
    >>> from mixscope.embed.lexical import LexicalEmbedder
    >>> approximation_note(LexicalEmbedder(dim=8)) is None
    True
    """
    note = getattr(embedder, "approximation", None)
    return note if isinstance(note, str) else None


#: Environment variable choosing the default model's backend: "auto", "stock" or "openvino".
BACKEND_ENV = "MIXSCOPE_EMBED_BACKEND"
BACKENDS = ("auto", "stock", "openvino")
#: The OpenVINO backend whenever it is installed and passed verification on this machine.
DEFAULT_BACKEND = "auto"
_log = logging.getLogger(__name__)


def get_embedder(
    name: str | None = None,
    *,
    allow_download: bool = False,
    cache_root: str | os.PathLike[str] | None = None,
    backend: str | None = None,
) -> Embedder:
    """Embedder by name.

    Parameters
    ----------
    name : str, optional
        None, "default" or "all-MiniLM-L6-v2": the bundled MiniLM; "lexical":
        :class:`LexicalEmbedder`; "preview" (or its model id): the model2vec preview distilled
        from the bundled MiniLM (:class:`~mixscope.embed.static_model.StaticEmbedder`, fast and
        approximate; distilled into ``cache_root`` the first time, ImportError without
        model2vec); anything else: a sentence-transformers model id or local path.
    allow_download : bool, default=False
        Passed to :class:`SentenceTransformerEmbedder`.
    cache_root : str or Path, optional
        Passed to :class:`SentenceTransformerEmbedder` (where its file hashes are remembered),
        to the OpenVINO backend (its converted model and verification) and to the preview
        (its distilled model): give the embedding cache's root.
    backend : {"auto", "stock", "openvino"}, optional
        For the bundled MiniLM only (the preview ignores it). "auto": the OpenVINO backend
        (:mod:`~mixscope.embed.openvino_backend`) when openvino is installed and the model
        passed verification on this machine, else the stock one; "stock": sentence-transformers;
        "openvino": OpenVINO even if verification failed (ImportError without openvino).
        Default: ``$MIXSCOPE_EMBED_BACKEND``, else :data:`DEFAULT_BACKEND` ("auto").
    """
    if name == "lexical":
        return LexicalEmbedder()
    if name in (PREVIEW_NAME, PREVIEW_MODEL_ID):
        return load_static_embedder(cache_root=cache_root)
    choice = _backend_choice(backend)
    stock = SentenceTransformerEmbedder(name, allow_download=allow_download, cache_root=cache_root)
    if choice == "stock" or stock.model_id != DEFAULT_MODEL_ID:
        return stock
    if choice == "auto" and importlib.util.find_spec("openvino") is None:
        return stock
    if choice == "openvino":
        return load_openvino_embedder(stock, cache_root=cache_root)
    try:
        fast = load_openvino_embedder(stock, cache_root=cache_root)
    except Exception as err:  # auto: a backend that cannot convert or compile here falls back
        _log.warning("OpenVINO backend unavailable, using sentence-transformers: %s", err)
        return stock
    if not fast.verification["passed"]:
        _log.info("OpenVINO backend not used: %s", fast.verification["reason"])
        return stock
    return fast


def check_backend(*, cache_root: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Check the default model's OpenVINO backend on this machine now (converting it first if
    needed) and store the verdict in place of any stored one; returns the new verification.

    The stored verdict is otherwise kept for good: a check on a busy machine that fell back to
    the stock model stays until this runs (``mixscope backend --check``). Processes already
    running keep the backend they loaded. ImportError without openvino.
    """
    stock = SentenceTransformerEmbedder(None, cache_root=cache_root)
    return load_openvino_embedder(stock, cache_root=cache_root, check_again=True).verification


def stored_backend_check(
    *, cache_root: str | os.PathLike[str] | None = None
) -> tuple[Path, dict[str, Any] | None] | None:
    """(where this machine's check of the OpenVINO backend is stored, the check or None when
    there is none yet); None when openvino is not installed. Loads nothing."""
    if importlib.util.find_spec("openvino") is None:
        return None
    stock = model_cache_id(cache_root=cache_root)
    return verification_path(stock, cache_root), stored_verification(stock, cache_root)


def default_cache_id(
    *,
    cache_root: str | os.PathLike[str] | None = None,
    backend: str | None = None,
) -> str | None:
    """The cache key of ``get_embedder(cache_root=..., backend=...)``'s vectors, without loading
    torch or the model; None while it waits on a verification not made yet on this machine.

    The stock model's key (:func:`~mixscope.embed.model_cache_id`), tagged as the OpenVINO
    backend tags it when that backend would be used (module
    :mod:`~mixscope.embed.openvino_backend`: its stored verification says whether, and the
    tag). None means only loading the embedder (which converts and verifies) can tell.
    """
    decision = _decision(cache_root, backend)
    if decision is None:
        return None
    verification = decision.verification if decision.openvino else None
    return decision.stock_id + str(verification["cache_tag"] if verification else "")


def backend_note(
    *,
    cache_root: str | os.PathLike[str] | None = None,
    backend: str | None = None,
) -> str | None:
    """One sentence saying which backend runs the default model on this machine and why, read
    from the stored verification without loading anything; None while there is none yet, or
    when the stock backend is forced (nothing to explain).

    Examples
    --------
    >>> backend_note(backend="stock") is None
    True
    """
    decision = _decision(cache_root, backend)
    name = DEFAULT_MODEL_ID.rsplit("/", 1)[-1]
    if decision is None or decision.choice == "stock":
        return None
    verification = decision.verification
    if verification is None:
        return f"{name} runs through sentence-transformers: openvino is not installed."
    if decision.openvino:
        cosine = math.floor(float(verification["min_cosine"]) * 1e5) / 1e5
        return (
            f"{name} runs through OpenVINO ({verification['precision']}) on this machine: "
            f"{verification['speedup']:.1f}x the stock model's speed on its check, cosine >= "
            f"{cosine:.5f} to the stock vectors for every probe text."
        )
    return (
        f"{name} runs through sentence-transformers on this machine: OpenVINO did not pass "
        f"its check here ({verification['reason']}); `mixscope backend --check` checks again."
    )


@dataclass(frozen=True)
class _Decision:
    """Which backend ``get_embedder`` gives the default model, as far as is known unloaded."""

    choice: str  # the backend asked for: "auto", "stock" or "openvino"
    stock_id: str  # the stock model's cache id
    openvino: bool  # True: the OpenVINO backend is used
    verification: dict[str, Any] | None  # its stored verification (None: not consulted)


def _decision(cache_root: str | os.PathLike[str] | None, backend: str | None) -> _Decision | None:
    """The backend the default model gets (get_embedder's choice, from the stored verification);
    None while that waits on a verification not made yet."""
    choice = _backend_choice(backend)
    stock = model_cache_id(cache_root=cache_root)
    if choice == "stock" or (choice == "auto" and importlib.util.find_spec("openvino") is None):
        return _Decision(choice, stock, False, None)
    verification = stored_verification(stock, cache_root)
    if verification is None:
        return None
    return _Decision(choice, stock, bool(verification["passed"]) or choice == "openvino",
                     verification)  # fmt: skip


def model_label(model_id: str, embedder_id: str = "") -> str:
    """``model_id``, naming the backend when its vectors are not the model's own: an
    ``embedder_id`` (a cache id) tagged by the OpenVINO backend gives ``"... via OpenVINO bf16"``.

    Examples
    --------
    >>> model_label("all-MiniLM-L6-v2", "all-MiniLM-L6-v2@0123+openvino-bf16")
    'all-MiniLM-L6-v2 via OpenVINO bf16'
    >>> model_label("all-MiniLM-L6-v2", "all-MiniLM-L6-v2@0123")
    'all-MiniLM-L6-v2'
    """
    head, tag, precision = embedder_id.rpartition(CACHE_TAG)
    return f"{model_id} via OpenVINO {precision}" if head and tag and precision else model_id


def _backend_choice(backend: str | None) -> str:
    choice = backend or os.environ.get(BACKEND_ENV) or DEFAULT_BACKEND
    if choice not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, got {choice!r}")
    return choice
