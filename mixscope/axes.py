"""Concept-axis directions of one embedder, built from the documented anchor phrases.

The anchors live in :mod:`mixscope.metrics.bias` (:data:`~mixscope.metrics.bias.GENDER_AXIS`,
:data:`~mixscope.metrics.bias.SENTIMENT_AXIS`, :data:`~mixscope.metrics.bias.AGE_AXIS`); this
module is the one place that runs a model on them, so the metric modules stay array-only. The
directions go to :func:`mixscope.index.build_index` (``axes=``), which projects every document
on them once.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from mixscope.embed import Embedder
from mixscope.metrics.bias import CONCEPT_AXES, ConceptAxis, build_axis

__all__ = ["axis_directions"]


def axis_directions(
    embedder: Embedder, axes: Mapping[str, ConceptAxis] = CONCEPT_AXES
) -> dict[str, np.ndarray]:
    """Unit direction of each concept axis in ``embedder``'s space.

    Parameters
    ----------
    embedder : Embedder
        The embedder the corpora are embedded with (directions of another model are meaningless).
    axes : mapping name -> ConceptAxis, default=CONCEPT_AXES
        Anchor phrases of each axis (gender, age and sentiment by default).

    Returns
    -------
    dict name -> ndarray of float64, shape (embedder.dim,), unit length; positive scores lean to
    the axis's ``positive_pole`` (see :func:`mixscope.metrics.bias.build_axis`).

    Examples
    --------
    >>> from mixscope.embed import LexicalEmbedder
    >>> directions = axis_directions(LexicalEmbedder(dim=32))
    >>> sorted(directions), directions["gender"].shape
    (['age', 'gender', 'sentiment'], (32,))
    """
    if not isinstance(axes, Mapping) or not axes:
        raise ValueError(f"axes must be a non-empty mapping name -> ConceptAxis, got {axes!r}")
    directions = {}
    for name, axis in axes.items():
        if not isinstance(axis, ConceptAxis):
            raise ValueError(f"axes[{name!r}] must be a ConceptAxis, got {type(axis).__name__}")
        phrases = list(axis.positive_phrases + axis.negative_phrases)
        vectors = np.asarray(embedder.encode(phrases), dtype=np.float64)
        if vectors.shape != (len(phrases), embedder.dim):
            raise ValueError(
                f"{embedder.model_id} returned shape {vectors.shape} for the {name!r} anchors, "
                f"expected ({len(phrases)}, {embedder.dim})"
            )
        n_pos = len(axis.positive_phrases)
        directions[name] = build_axis(vectors[:n_pos], vectors[n_pos:])
    return directions
