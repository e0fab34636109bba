"""Regimes: what each generation's model is trained on.

``history[0]`` is generation 0, the real data; ``history[g]`` (``g >= 1``) is the output of the
model of generation ``g``. The model of generation ``g`` is trained on:

- ``replace``: the previous generation's data only (``history[g - 1]``): the setting in which
  Shumailov et al. (2024, Nature) show collapse.
- ``accumulate``: everything so far, the real data included (``history[0..g-1]``), so the
  training set grows by one generation each time: Gerstgrasser et al. (2024), "Is Model
  Collapse Inevitable? Breaking the Curse of Recursion by Accumulating Real and Synthetic
  Data", arXiv:2404.01413, find the error then stays bounded.
- ``fresh``: a fixed fraction of real documents (:data:`DEFAULT_FRESH_FRACTION`, drawn anew
  from the real data each generation) and, for the rest, the previous generation's output:
  Shumailov et al. keep 10 % of the original data; Bertrand et al. (2024), "On the Stability of
  Iterative Retraining of Generative Models on their own Data", ICLR, prove stability when the
  real fraction is large enough.
- ``mix``: the user's chosen mix: a share ``s`` of synthetic documents (the previous
  generation's output) and ``1 - s`` real ones. Its first model trains on the user's actual mix
  when synthetic documents are given (their own synthetic data, the first "output"); without
  them it starts from the real data, like every other regime.

Every model but ``accumulate``'s trains on as many documents as generation 0 has. The first
model of every regime trains on the real data alone (unless ``mix`` has given synthetic
documents), so generation 1 differs between regimes only through ``mix``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["DEFAULT_FRESH_FRACTION", "DEFAULT_REGIMES", "REGIMES", "regime_label", "training_data"]

REGIMES = ("replace", "accumulate", "fresh", "mix")
DEFAULT_REGIMES = ("replace", "accumulate", "fresh")
#: Real share of each ``fresh`` training set: between Shumailov et al.'s 10 % kept original
#: data and the larger real fractions for which Bertrand et al. prove stability.
DEFAULT_FRESH_FRACTION = 0.2


def regime_label(regime: str, *, share: float | None = None, fresh_fraction: float) -> str:
    """A regime's name in words, for charts and tables.

    Examples
    --------
    >>> regime_label("mix", share=0.25, fresh_fraction=0.2)
    'current mix (share 0.25)'
    >>> regime_label("fresh", fresh_fraction=0.2)
    'fresh (20% real)'
    """
    if regime == "mix":
        return f"current mix (share {share:g})"
    if regime == "fresh":
        return f"fresh ({fresh_fraction:.0%} real)"
    return regime


def training_data(
    regime: str,
    history: Sequence[np.ndarray],
    *,
    rng: np.random.Generator,
    real_fraction: float,
    given: np.ndarray | None = None,
) -> np.ndarray:
    """Training set of the next generation's model.

    Parameters
    ----------
    regime : {"replace", "accumulate", "fresh", "mix"}
    history : sequence of ndarray
        Generation 0 (the real data), then each generation's output so far (at least one).
        Rows are documents: an object array of texts or a 2-D array of embeddings.
    rng : numpy Generator
        Draws the real and synthetic parts of ``fresh`` and ``mix``.
    real_fraction : float in [0, 1]
        Real share of a ``fresh`` or ``mix`` training set (``1 - share`` for ``mix``).
    given : ndarray, optional
        Synthetic documents of the user's mix: ``mix``'s first synthetic part.

    Returns
    -------
    ndarray
        Rows of ``history`` (and ``given``), in the same layout.

    Examples
    --------
    >>> h = [np.array(["r1", "r2"], dtype=object), np.array(["s1", "s2"], dtype=object)]
    >>> training_data("accumulate", h, rng=np.random.default_rng(0), real_fraction=0).tolist()
    ['r1', 'r2', 's1', 's2']
    >>> training_data("replace", h, rng=np.random.default_rng(0), real_fraction=0).tolist()
    ['s1', 's2']
    """
    if regime not in REGIMES:
        raise ValueError(f"unknown regime {regime!r}; available: {list(REGIMES)}")
    real, first = history[0], len(history) == 1
    if first and (regime != "mix" or given is None):
        return real
    if regime == "replace":
        return history[-1]
    if regime == "accumulate":
        return np.concatenate(list(history))
    synthetic = given if first and given is not None else history[-1]
    n = len(real)
    n_real = int(np.floor(real_fraction * n + 0.5))  # half up, as the mixing stage rounds
    parts = [real[rng.choice(n, size=n_real, replace=False)]]
    if n - n_real:
        # The given synthetic corpus may be smaller than its part: then drawn with replacement.
        replace = len(synthetic) < n - n_real
        parts.append(synthetic[rng.choice(len(synthetic), size=n - n_real, replace=replace)])
    return np.concatenate(parts)
