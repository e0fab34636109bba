"""Concept-axis directions built from the anchor phrases with a real embedder."""

from __future__ import annotations

import numpy as np
import pytest

from mixscope.embed import (
    AGE_AXIS,
    CONCEPT_AXES,
    GENDER_AXIS,
    SENTIMENT_AXIS,
    ConceptAxis,
    Embedder,
    LexicalEmbedder,
    axis_directions,
    get_embedder,
)
from mixscope.metrics.axes import build_axis, project


def test_axis_definitions_are_complete() -> None:
    assert set(CONCEPT_AXES) == {"gender", "age", "sentiment"}
    for axis in (GENDER_AXIS, AGE_AXIS, SENTIMENT_AXIS):
        assert len(axis.positive_phrases) >= 5 and len(axis.negative_phrases) >= 5
    assert len(GENDER_AXIS.positive_phrases) == len(GENDER_AXIS.negative_phrases)  # pairs
    assert (GENDER_AXIS.positive_pole, GENDER_AXIS.negative_pole) == ("women", "men")
    with pytest.raises(ValueError, match="non-empty tuple"):
        ConceptAxis("x", (), ("a",))
    with pytest.raises(ValueError, match="non-empty str"):
        ConceptAxis("x", ("a", " "), ("b",))


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
def minilm(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    return get_embedder(cache_root=tmp_path_factory.mktemp("cache"))  # its file hashes go there


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


@pytest.mark.model
def test_minilm_axes_order_held_out_sentences() -> None:
    model = get_embedder()
    held_out = {
        "gender": ("My grandmother baked bread.", "My grandfather baked bread."),
        "age": ("A college freshman.", "A nursing home resident."),
        "sentiment": ("I adore this film.", "I loathe this film."),
    }
    for name, (positive, negative) in held_out.items():
        concept = CONCEPT_AXES[name]
        axis = build_axis(
            model.encode(concept.positive_phrases), model.encode(concept.negative_phrases)
        )
        pos_score, neg_score = project(model.encode([positive, negative]), axis)
        assert pos_score > 0 > neg_score, name
