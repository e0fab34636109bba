"""Concept axes: building a direction, projecting on it, and shifts of a mix along it."""

import math

import numpy as np
import pytest

from mixscope.metrics.axes import axis_shift, build_axis, project, topic_association_shift
from mixscope.metrics.shift import ks_statistic
from mixscope.metrics.stats import bootstrap_weights

# --- building and projecting ----------------------------------------------------------------------


def test_build_axis_recovers_a_planted_direction_in_3d() -> None:
    rng = np.random.default_rng(0)
    base = rng.normal(size=(8, 3)) * [0, 1, 1]  # pair content lives in dims 1-2
    pos, neg = base + np.array([2.0, 0, 0]), base - np.array([1.0, 0, 0])
    np.testing.assert_allclose(build_axis(pos, neg), [1.0, 0.0, 0.0], atol=1e-12)
    np.testing.assert_allclose(build_axis(neg, pos), [-1.0, 0.0, 0.0], atol=1e-12)


def test_build_axis_is_the_mean_pair_difference_and_is_unit() -> None:
    rng = np.random.default_rng(1)
    pos, neg = rng.normal(size=(6, 5)), rng.normal(size=(6, 5))
    axis = build_axis(pos, neg)
    mean_diff = (pos - neg).mean(axis=0)
    np.testing.assert_allclose(axis, mean_diff / np.linalg.norm(mean_diff))
    assert np.linalg.norm(axis) == pytest.approx(1.0)
    np.testing.assert_allclose(build_axis(pos[::-1], neg), axis)  # pairing/order does not matter


def test_build_axis_refuses_degenerate_poles() -> None:
    with pytest.raises(ValueError, match="same mean"):
        build_axis([[1.0, 0.0], [0.0, 1.0]], [[0.0, 1.0], [1.0, 0.0]])
    with pytest.raises(ValueError, match="same dimension"):
        build_axis([[1.0, 0.0]], [[1.0, 0.0, 0.0]])


def test_project_known_scores_and_axis_scale_invariance() -> None:
    X = np.array([[0.6, 0.8, 0.0], [0.0, 0.0, 1.0], [-1.0, 0.0, 0.0]])
    assert project(X, [1.0, 0.0, 0.0]).tolist() == [0.6, 0.0, -1.0]
    np.testing.assert_allclose(project(X, [5.0, 0.0, 0.0]), project(X, [1.0, 0.0, 0.0]))
    with pytest.raises(ValueError, match=r"shape \(3,\)"):
        project(X, [1.0, 0.0])
    with pytest.raises(ValueError, match="zero vector"):
        project(X, [0.0, 0.0, 0.0])


# --- axis shift: model-free planted truths --------------------------------------------------------


def _scores_with_skew(
    skew: float, *, n: int = 4000, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Real and mix documents in 8-D; the mix is moved by ``skew`` along the anchor direction."""
    rng = np.random.default_rng(seed)
    direction = np.zeros(8)
    direction[2] = 1.0
    pos = rng.normal(size=(10, 8)) * 0.1 + direction
    neg = rng.normal(size=(10, 8)) * 0.1 - direction
    axis = build_axis(pos, neg)
    real = rng.normal(size=(n, 8))
    mix = rng.normal(size=(n, 8)) + skew * direction
    return project(mix, axis), project(real, axis)


def test_axis_shift_finds_a_planted_skew_in_real_std_units() -> None:
    mix, real = _scores_with_skew(0.5)
    assert axis_shift(mix, real) == pytest.approx(0.5, abs=0.08)
    same_mix, same_real = _scores_with_skew(0.0)
    assert abs(axis_shift(same_mix, same_real)) < 0.08
    assert ks_statistic(mix, real) > 0.15 > 0.05 > ks_statistic(same_mix, same_real)
    assert axis_shift(-mix, -real) == pytest.approx(-axis_shift(mix, real))  # sign follows pole


def test_axis_shift_known_answer_and_invariances() -> None:
    assert axis_shift([2.0, 3.0], [0.0, 1.0, 2.0]) == 1.5
    rng = np.random.default_rng(3)
    mix, real = rng.normal(1, 2, size=50), rng.normal(0, 2, size=70)
    d = axis_shift(mix, real)
    assert axis_shift(mix[::-1], rng.permutation(real)) == pytest.approx(d)
    assert axis_shift(10 * mix + 4, 10 * real + 4) == pytest.approx(d)  # affine invariant
    with pytest.raises(ValueError, match="two distinct values"):
        axis_shift([1.0], [2.0, 2.0])
    with pytest.raises(ValueError, match="NaN"):
        axis_shift([np.nan], [1.0, 2.0])


def test_ks_of_axis_scores_catches_a_squeeze_that_keeps_the_mean() -> None:
    rng = np.random.default_rng(4)
    real = rng.normal(size=3000)
    squeezed = rng.normal(size=3000) * 0.2  # same mean, far less spread
    assert abs(axis_shift(squeezed, real)) < 0.1
    assert ks_statistic(squeezed, real) > 0.25


def test_axis_shift_weight_rows_are_resamples() -> None:
    rng = np.random.default_rng(8)
    mix, real = rng.normal(0.3, 1, size=40), rng.normal(size=60)
    W = bootstrap_weights(40, n_boot=5, seed=2)
    rows = axis_shift(mix, real, weights=W)
    assert rows.shape == (5,)
    for row, value in zip(W.astype(int), rows, strict=True):
        assert value == pytest.approx(axis_shift(np.repeat(mix, row), real))


# --- topic association ----------------------------------------------------------------------------


def test_topic_association_shift_known_answer_by_hand() -> None:
    # Real [1, 3 | 5, 7 | 10] by topics a, b, c: mean 5.2, associations -3.2, 0.8, 4.8.
    # Mix [1, 3 | 9, 11]: mean 6, associations -4 (a) and 4 (b); c has no mix document.
    # Changes |-4 + 3.2| = 0.8 and |4 - 0.8| = 3.2, each over 2 of the 4 mix documents:
    # mean change 2.0, over the real standard deviation (ddof=1).
    real, real_t = [1.0, 3.0, 5.0, 7.0, 10.0], ["a", "a", "b", "b", "c"]
    value = topic_association_shift([1.0, 3.0, 9.0, 11.0], ["a", "a", "b", "b"], real, real_t,
                                    min_docs=1)  # fmt: skip
    assert value == pytest.approx(2.0 / np.std(real, ddof=1))
    with pytest.raises(ValueError, match="one label per score"):
        topic_association_shift([1.0, 2.0], [0], real, real_t)
    with pytest.raises(ValueError, match="missing labels"):
        topic_association_shift([1.0, 2.0], [0, None], real, real_t)


def test_amplified_topic_association_is_found_while_the_mean_stays() -> None:
    # Real: scores independent of topic. Mix: topic 0 pushed +1 std, topic 1 -1 std (same mean).
    rng = np.random.default_rng(5)
    n = 3000
    real_topics, mix_topics = rng.integers(0, 2, size=n), np.repeat([0, 1], n // 2)
    real = rng.normal(size=n)
    mix = rng.normal(size=n) + np.where(mix_topics == 0, 1.0, -1.0)
    assert abs(axis_shift(mix, real)) < 0.1
    assert topic_association_shift(mix, mix_topics, real, real_topics) == pytest.approx(1, abs=0.1)
    same = rng.normal(size=n)
    assert topic_association_shift(same, real_topics, real, real_topics) < 0.08
    assert topic_association_shift(real, real_topics, real, real_topics) == 0.0


def test_topic_association_shift_ignores_an_overall_move_and_thin_topics() -> None:
    rng = np.random.default_rng(6)
    topics = np.repeat([0, 1, 2], 100)
    real = rng.normal(size=300) + topics
    assert topic_association_shift(real + 3.0, topics, real, topics) == pytest.approx(0, abs=1e-12)
    # Topic 2 has 4 mix documents: below min_docs, it is not compared.
    keep = np.r_[np.arange(200), np.arange(200, 204)]
    mix = real[keep] + np.where(topics[keep] == 2, 50.0, 0.0)
    shifted = topic_association_shift(mix, topics[keep], real, topics)
    assert shifted < 3.0
    assert topic_association_shift(mix, topics[keep], real, topics, min_docs=4) > shifted
    assert math.isnan(topic_association_shift(mix, topics[keep], real, topics, min_docs=500))


def test_topic_association_shift_is_invariant_to_row_order() -> None:
    rng = np.random.default_rng(7)
    real, real_t = rng.normal(size=200), rng.integers(0, 4, size=200)
    mix, mix_t = rng.normal(size=150) + (rng.integers(0, 4, size=150) == 1), rng.integers(0, 4, 150)
    perm = rng.permutation(150)
    assert topic_association_shift(mix[perm], mix_t[perm], real, real_t) == pytest.approx(
        topic_association_shift(mix, mix_t, real, real_t)
    )


def test_topic_association_weight_rows_are_resamples() -> None:
    rng = np.random.default_rng(9)
    real, real_t = rng.normal(size=300), rng.integers(0, 3, size=300)
    mix, mix_t = rng.normal(size=120), rng.integers(0, 3, size=120)
    W = bootstrap_weights(120, n_boot=4, seed=3)
    rows = topic_association_shift(mix, mix_t, real, real_t, weights=W)
    for row, value in zip(W.astype(int), rows, strict=True):
        pick = np.repeat(np.arange(120), row)
        assert value == pytest.approx(topic_association_shift(mix[pick], mix_t[pick], real, real_t))


def test_real_scores_equal_up_to_float32_round_off_have_no_scale() -> None:
    real = 0.3 + 1e-8 * np.random.default_rng(10).normal(size=50)
    assert real.std() > 0  # the old guard let this through: a shift of about 1e7
    with pytest.raises(ValueError, match="no spread"):
        axis_shift([0.4, 0.5], real)
