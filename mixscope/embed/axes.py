"""Concept axes: anchor phrases for two poles (women / men, young / older, positive / negative),
and their directions in one embedder's space.

This module holds the anchors (:data:`GENDER_AXIS`, :data:`AGE_AXIS`, :data:`SENTIMENT_AXIS`) and
is the one place that runs a model on them, so the metric modules stay array-only
(:func:`mixscope.metrics.axes.build_axis` turns the embedded anchors into a direction). The
directions go to :func:`mixscope.evaluation.build_index` (``axes=``), which projects every
document on them once.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from mixscope.embed.embedder import Embedder
from mixscope.metrics.axes import build_axis

__all__ = [
    "AGE_AXIS",
    "CONCEPT_AXES",
    "GENDER_AXIS",
    "SENTIMENT_AXIS",
    "ConceptAxis",
    "axis_directions",
]


@dataclass(frozen=True)
class ConceptAxis:
    """A concept direction defined by anchor phrases for its two poles.

    The caller embeds ``positive_phrases`` and ``negative_phrases`` with its own embedder and
    passes the arrays to :func:`build_axis`; positive scores lean to ``positive_pole``.
    """

    name: str
    positive_phrases: tuple[str, ...]
    negative_phrases: tuple[str, ...]
    positive_pole: str = "positive"
    negative_pole: str = "negative"

    def __post_init__(self) -> None:
        for pole in ("positive_phrases", "negative_phrases"):
            phrases = getattr(self, pole)
            if not isinstance(phrases, tuple) or not phrases:
                raise ValueError(f"{pole} must be a non-empty tuple of str, got {phrases!r}")
            if not all(isinstance(p, str) and p.strip() for p in phrases):
                raise ValueError(f"{pole} must contain only non-empty str, got {phrases!r}")


# Definitional pairs in the manner of Bolukbasi et al. (2016), written as short sentences
# (SEAT, May et al. 2019, showed sentence encoders need sentences, not bare words).
GENDER_AXIS = ConceptAxis(
    name="gender",
    positive_phrases=(
        "This is about a woman.", "She is here.", "This is her story.", "Ask the girl.",
        "She is a mother.", "She is a daughter.", "She is my sister.", "She is a wife.",
        "The speaker is female.", "She did it herself.",
    ),
    negative_phrases=(
        "This is about a man.", "He is here.", "This is his story.", "Ask the boy.",
        "He is a father.", "He is a son.", "He is my brother.", "He is a husband.",
        "The speaker is male.", "He did it himself.",
    ),
    positive_pole="women",
    negative_pole="men",
)  # fmt: skip

AGE_AXIS = ConceptAxis(
    name="age",
    positive_phrases=(
        "This is about a young person.", "The teenager is here.", "Ask the young woman.",
        "Ask the young man.", "She is a student in her twenties.", "He is a young adult.",
    ),
    negative_phrases=(
        "This is about an old person.", "The retiree is here.", "Ask the old woman.",
        "Ask the old man.", "She is a grandmother in her eighties.", "He is an elderly man.",
    ),
    positive_pole="young",
    negative_pole="older",
)  # fmt: skip

SENTIMENT_AXIS = ConceptAxis(
    name="sentiment",
    positive_phrases=(
        "This is wonderful.", "I love it.", "What a great day.", "The results were excellent.",
        "They were happy and grateful.", "A delightful, kind and generous act.",
    ),
    negative_phrases=(
        "This is terrible.", "I hate it.", "What an awful day.", "The results were dreadful.",
        "They were sad and angry.", "A cruel, nasty and selfish act.",
    ),
    positive_pole="positive",
    negative_pole="negative",
)  # fmt: skip

CONCEPT_AXES: dict[str, ConceptAxis] = {a.name: a for a in (GENDER_AXIS, AGE_AXIS, SENTIMENT_AXIS)}


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
    the axis's ``positive_pole`` (see :func:`mixscope.metrics.axes.build_axis`).

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
