"""Concept-axis directions built from the anchor phrases with a real embedder."""

from __future__ import annotations

import numpy as np
import pytest

from mixscope.axes import axis_directions
from mixscope.embed import Embedder, LexicalEmbedder, get_embedder
from mixscope.metrics.bias import CONCEPT_AXES, GENDER_AXIS, SENTIMENT_AXIS, build_axis, project


def test_one_unit_direction_per_axis_from_its_anchors() -> None:
    embedder = LexicalEmbedder(dim=32)
    directions = axis_directions(embedder)
    assert sorted(directions) == sorted(CONCEPT_AXES)
    for name, direction in directions.items():
        axis = CONCEPT_AXES[name]
        expected = build_axis(
            embedder.encode(axis.positive_phrases), embedder.encode(axis.negative_phrases)
        )
        np.testing.assert_allclose(direction, expected, atol=1e-6)
        assert direction.shape == (32,) and np.linalg.norm(direction) == pytest.approx(1.0)


def test_a_chosen_axis_only_and_bad_axes_refused() -> None:
    embedder = LexicalEmbedder(dim=16)
    assert list(axis_directions(embedder, {"g": GENDER_AXIS})) == ["g"]
    with pytest.raises(ValueError, match="non-empty mapping"):
        axis_directions(embedder, {})
    with pytest.raises(ValueError, match=r"axes\['g'\] must be a ConceptAxis, got str"):
        axis_directions(embedder, {"g": "she"})  # type: ignore[dict-item]


@pytest.fixture(scope="module")
def minilm() -> Embedder:
    return get_embedder()


@pytest.mark.model
def test_minilm_gender_axis_separates_women_from_men(minilm: Embedder) -> None:
    directions = axis_directions(minilm, {"gender": GENDER_AXIS, "sentiment": SENTIMENT_AXIS})
    women = ["She is a nurse.", "The woman went to the market.", "My grandmother baked bread."]
    men = ["He is a carpenter.", "The man went to the market.", "My grandfather fixed the roof."]
    gender = project(minilm.encode(women + men), directions["gender"])
    assert (gender[:3] > 0).all() and (gender[3:] < 0).all()
    assert gender[:3].min() > gender[3:].max()
    mood = project(
        minilm.encode(["I loved this film, it was wonderful.", "A horrible, miserable day."]),
        directions["sentiment"],
    )
    assert mood[0] > 0 > mood[1]
    # the two concepts are different directions, not one "pleasant person" axis
    assert abs(directions["gender"] @ directions["sentiment"]) < 0.2
