"""Sampling strategies: which documents of one corpus go into a mix.

A sampler picks ``n`` distinct row positions of a corpus with a seeded generator. Strategies
live in the :data:`SAMPLERS` registry and are named in a mix config as ``"name"`` or
``"name:option"`` (for example ``"stratified:topic"``), so new ones (dedup-aware,
diversity-seeking) plug in without touching :mod:`mixscope.mixing`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np

from mixscope.corpus import Corpus


class Sampler(Protocol):
    """Picks ``n`` distinct row positions of ``corpus`` (``0 <= n <= len(corpus)``).

    ``context`` carries strategy-specific inputs: ``option`` (the text after ``:`` in the
    strategy name) today; embeddings or duplicate groups for future strategies.
    """

    def __call__(
        self, corpus: Corpus, n: int, rng: np.random.Generator, /, **context: Any
    ) -> np.ndarray: ...


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` into integer parts proportional to ``weights`` (largest remainder).

    Every part gets the floor of its quota; the units left over go to the largest fractional
    remainders, ties to the earlier weight. The parts always sum to ``total`` exactly.

    Parameters
    ----------
    total : int
        Non-negative number to split.
    weights : sequence of float
        Non-negative weights with a positive sum.

    Returns
    -------
    list of int, one per weight.

    Examples
    --------
    >>> apportion(10, [1, 1, 1])
    [4, 3, 3]
    >>> apportion(7, [0.5, 0.25, 0.25])
    [3, 2, 2]
    """
    if total < 0:
        raise ValueError(f"total must be non-negative, got {total}")
    weight_sum = math.fsum(weights)
    if any(w < 0 for w in weights) or not weight_sum > 0:
        raise ValueError(f"weights must be non-negative with a positive sum, got {list(weights)}")
    quotas = [total * w / weight_sum for w in weights]
    parts = [math.floor(q) for q in quotas]
    by_remainder = sorted(range(len(quotas)), key=lambda i: -(quotas[i] - parts[i]))
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def parse_strategy(strategy: str) -> tuple[str, str | None]:
    """Split ``"name:option"`` into ``(name, option)``; ``option`` is None without a colon.

    Examples
    --------
    >>> parse_strategy("stratified:topic")
    ('stratified', 'topic')
    >>> parse_strategy("uniform")
    ('uniform', None)
    """
    name, sep, option = strategy.partition(":")
    return name, (option if sep else None)


def uniform(corpus: Corpus, n: int, rng: np.random.Generator, /, **context: Any) -> np.ndarray:
    """Uniform sample without replacement, returned in corpus order.

    The first ``n`` positions of one seeded permutation are taken, so with the same seed a
    larger ``n`` keeps every document a smaller ``n`` picked (samples are nested).
    """
    if context.get("option") is not None:
        raise ValueError(f"strategy 'uniform' takes no option, got {context['option']!r}")
    return np.sort(rng.permutation(len(corpus))[:n])


def stratified(corpus: Corpus, n: int, rng: np.random.Generator, /, **context: Any) -> np.ndarray:
    """Proportional stratified sample by the metadata column named in ``option``.

    Each value of the column (missing values form one stratum) gets its share of ``n`` by
    largest remainder, then documents are drawn uniformly within it.
    """
    column = context.get("option")
    if not column:
        raise ValueError("strategy 'stratified' needs a column, e.g. 'stratified:topic'")
    if column not in corpus.metadata_columns:
        raise ValueError(
            f"strategy 'stratified:{column}': corpus {corpus.name!r} has no column {column!r}; "
            f"available metadata columns: {corpus.metadata_columns}"
        )
    if n == 0:
        return np.empty(0, dtype=np.int64)
    values = corpus.documents[column]
    # Present values are prefixed with "=", so the empty key is the stratum of missing values.
    keys = np.where(values.isna(), "", ["=" + str(v) for v in values])
    _, codes = np.unique(keys, return_inverse=True)
    sizes = np.bincount(codes)
    picks = [
        rng.permutation(np.flatnonzero(codes == code))[:quota]
        for code, quota in enumerate(apportion(n, sizes.tolist()))
    ]
    return np.sort(np.concatenate(picks))


#: Sampling strategies by name; values follow the :class:`Sampler` protocol.
SAMPLERS: dict[str, Sampler] = {"uniform": uniform, "stratified": stratified}
