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


def l2_normalize(X: np.ndarray, *, in_place: bool = False) -> np.ndarray:
    """Rows scaled to unit length; all-zero rows stay zero. ``in_place`` scales ``X`` itself
    (a float array), without a second copy of it."""
    norms = np.linalg.norm(X, axis=1, keepdims=True)
    return np.divide(X, norms, out=X if in_place else np.zeros_like(X), where=norms > 0)


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


def check_scores(values: object, name: str, *, allow_empty: bool = False) -> np.ndarray:
    """Return ``values`` as a finite 1-D float64 array (non-empty unless ``allow_empty``).

    Examples
    --------
    >>> check_scores([1, 2], "scores").tolist()
    [1.0, 2.0]
    """
    try:
        x = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be numeric, got {type(values).__name__}: {err}") from err
    if x.ndim != 1 or (x.size == 0 and not allow_empty):
        raise ValueError(f"{name} must be a non-empty 1-D array, got shape {x.shape}")
    if not np.isfinite(x).all():
        raise ValueError(f"{name} contains {int((~np.isfinite(x)).sum())} NaN or infinite values")
    return x


def check_positive_int(value: object, name: str) -> int:
    """Return ``value`` if it is an integer >= 1 (bools refused), else raise ValueError."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def check_weights(weights: object, n: int, *, name: str = "weights") -> np.ndarray:
    """Resampling weights as a float64 array of shape (n_rows, n); None is one row of ones.

    A metric that accepts ``weights`` returns one value per row: row ``b`` says how many times
    each of the ``n`` documents counts (a bootstrap resample, see
    :func:`mixscope.metrics.stats.bootstrap_weights`); a row of ones is the documents as given.
    Values must be finite and non-negative. They are checked here, except in a read-only
    float64 array: :func:`~mixscope.metrics.stats.bootstrap_weights` returns its (checked)
    weights read-only, so an evaluation that hands one matrix to every metric checks it once.

    Examples
    --------
    >>> check_weights(None, 3).tolist()
    [[1.0, 1.0, 1.0]]
    """
    if weights is None:
        return np.ones((1, n))
    W = np.asarray(weights, dtype=np.float64)
    if W.ndim != 2 or W.shape[1] != n:
        raise ValueError(f"{name} must have shape (n_rows, {n}), got {W.shape}")
    checked = W is weights and not W.flags.writeable
    if not checked and not (np.isfinite(W).all() and (W >= 0).all()):
        raise ValueError(f"{name} must be finite and non-negative")
    return W


#: Relative spread below which values count as all equal (see :func:`has_spread`).
SPREAD_TOLERANCE = 1e-6


def has_spread(values: np.ndarray) -> bool:
    """True when ``values`` differ by more than round-off: their range exceeds
    ``SPREAD_TOLERANCE`` (1e-6) times their scale.

    Embeddings are float32 (eps 1.2e-7), and a model gives one text slightly different vectors
    in different batches, so scores of identical documents differ at about 1e-7; dividing by
    that "spread" turned a corpus of copies into a shift of -1.2e13. Real differences between
    documents' scores (cosines) are four orders of magnitude larger.

    Examples
    --------
    >>> has_spread(np.array([0.5, 0.5 + 1e-8])), has_spread(np.array([0.5, 0.51]))
    (False, True)
    """
    if values.size < 2:
        return False
    scale = max(1.0, float(np.abs(values).max()))
    return float(np.ptp(values)) > SPREAD_TOLERANCE * scale
