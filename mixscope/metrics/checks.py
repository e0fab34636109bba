"""Input checks shared by every metric: one place for clear got/expected errors."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np


def check_embeddings(
    embeddings: object, *, name: str = "embeddings", min_rows: int = 1
) -> np.ndarray:
    """Return ``embeddings`` as a finite 2-D float64 array with at least ``min_rows`` rows.

    Examples
    --------
    >>> check_embeddings([[1.0, 0.0], [0.0, 1.0]]).shape
    (2, 2)
    """
    X = np.asarray(embeddings, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"{name} must be 2-D (n_docs, n_dims), got shape {X.shape}")
    if X.shape[0] < min_rows:
        raise ValueError(f"{name} needs at least {min_rows} rows, got {X.shape[0]}")
    if X.shape[1] == 0:
        raise ValueError(f"{name} has no dimensions (shape {X.shape})")
    if not np.isfinite(X).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return X


def l2_normalize(X: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length; all-zero rows stay zero."""
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return np.divide(X, norms, out=np.zeros_like(X), where=norms > 0)


def check_texts(texts: object, *, name: str = "texts", min_docs: int = 1) -> list[str]:
    """Return ``texts`` as a list of str, refusing non-strings with their position."""
    if isinstance(texts, str | bytes) or not isinstance(texts, Iterable):
        raise ValueError(f"{name} must be a sequence of strings, got {type(texts).__name__}")
    out = list(texts)
    for i, t in enumerate(out):
        if not isinstance(t, str):
            raise ValueError(f"{name}[{i}] must be str, got {type(t).__name__}")
    if len(out) < min_docs:
        raise ValueError(f"{name} needs at least {min_docs} documents, got {len(out)}")
    return out
