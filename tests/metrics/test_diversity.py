import itertools
import math

import numpy as np
import pytest
from sklearn.metrics.pairwise import cosine_distances
from vendi_score.vendi import score_dual

from mixscope.metrics.diversity import (
    mean_pairwise_distance,
    mean_pairwise_distance_from_sum,
    unit_rows,
    vendi_from_moment,
    vendi_score,
)

ORDERS = [0.0, 0.5, 1.0, 2.0, 3.0, math.inf]


def _blobs(seed: int = 0, n: int = 40, d: int = 16) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, d))


# --- Vendi: known answers -------------------------------------------------------------------


@pytest.mark.parametrize("q", ORDERS)
@pytest.mark.parametrize("k", [1, 2, 4, 7])
def test_vendi_of_orthonormal_rows_is_their_count_for_every_order(k: int, q: float) -> None:
    assert vendi_score(np.eye(k), q=q) == pytest.approx(k)


@pytest.mark.parametrize("q", ORDERS)
def test_vendi_of_copies_of_one_row_is_one(q: float) -> None:
    assert vendi_score(np.tile([[0.3, -1.2, 2.0]], (9, 1)), q=q) == pytest.approx(1.0)


def test_vendi_of_two_unequal_modes_matches_hand_computed_hill_numbers() -> None:
    # 3 docs on e1 and 1 on e2: eigenvalues (3/4, 1/4).
    X = np.array([[1.0, 0.0]] * 3 + [[0.0, 1.0]])
    p = np.array([0.75, 0.25])
    assert vendi_score(X, q=1) == pytest.approx(np.exp(-(p * np.log(p)).sum()))
    assert vendi_score(X, q=2) == pytest.approx(1 / (p**2).sum())
    assert vendi_score(X, q=0.5) == pytest.approx(np.sqrt(p).sum() ** 2)
    assert vendi_score(X, q=math.inf) == pytest.approx(4 / 3)
    assert vendi_score(X, q=0) == pytest.approx(2.0)


def test_vendi_decreases_with_order_on_unequal_modes() -> None:
    X = _blobs()
    scores = [vendi_score(X, q=q) for q in ORDERS]
    assert all(a >= b - 1e-12 for a, b in itertools.pairwise(scores))


def test_vendi_large_order_does_not_underflow() -> None:
    X = np.array([[1.0, 0.0]] * 3 + [[0.0, 1.0]])
    assert vendi_score(X, q=400.0) == pytest.approx(4 / 3, rel=1e-2)


# --- Vendi: properties ----------------------------------------------------------------------


def test_vendi_is_invariant_to_row_order_and_row_scale() -> None:
    X = _blobs()
    rng = np.random.default_rng(1)
    shuffled = X[rng.permutation(len(X))] * rng.uniform(0.1, 10.0, size=(len(X), 1))
    assert vendi_score(shuffled) == pytest.approx(vendi_score(X))


def test_vendi_is_invariant_to_rotation() -> None:
    X = _blobs()
    Q, _ = np.linalg.qr(np.random.default_rng(2).normal(size=(16, 16)))
    assert vendi_score(X @ Q) == pytest.approx(vendi_score(X))


def test_vendi_falls_when_duplicates_are_planted() -> None:
    X = _blobs()
    padded = np.vstack([X, np.tile(X[:1], (40, 1))])
    assert vendi_score(padded) < vendi_score(X)


# --- Vendi: moments -------------------------------------------------------------------------


def _moment(X: np.ndarray) -> np.ndarray:
    U = unit_rows(X)
    return U.T @ U


def test_vendi_of_a_mix_from_summed_moments_equals_vendi_of_its_rows() -> None:
    real, synth = _blobs(0), _blobs(1, n=25) + 2.0
    picks_real, picks_synth = np.array([0, 3, 3, 7, 11]), np.array([1, 2, 2, 2, 20])
    mixed = np.vstack([real[picks_real], synth[picks_synth]])
    moment = _moment(real[picks_real]) + _moment(synth[picks_synth])
    for q in ORDERS:
        assert vendi_from_moment(moment, len(mixed), q=q) == pytest.approx(vendi_score(mixed, q=q))


def test_vendi_from_moment_refuses_a_wrong_n() -> None:
    with pytest.raises(ValueError, match=r"trace 5\.0 for n=4"):
        vendi_from_moment(_moment(_blobs(n=5)), 4)


# --- Vendi: cross-check with the reference package ------------------------------------------


@pytest.mark.parametrize("q", [0.5, 1.0, 2.0, 3.0])
@pytest.mark.parametrize("seed", [0, 1])
def test_vendi_matches_reference_score_dual(q: float, seed: int) -> None:
    X = _blobs(seed, n=30, d=8)  # n > d, so the dual spectrum has no structural zeros
    assert vendi_score(X, q=q) == pytest.approx(score_dual(X, q=q), rel=1e-9)


def test_vendi_infinite_order_matches_reference_string_inf() -> None:
    # The reference spells q = infinity as the string "inf"; float inf gives nan there.
    X = _blobs(3, n=30, d=8)
    assert vendi_score(X, q=math.inf) == pytest.approx(score_dual(X, q="inf"), rel=1e-9)


def test_vendi_order_zero_counts_rank_where_reference_counts_round_off() -> None:
    # Documented discrepancy: score_dual(q=0) counts every eigenvalue > 0, including round-off
    # noise of the d - n structurally zero ones, so it overshoots the rank of 5.
    X = _blobs(0, n=5, d=20)
    assert vendi_score(X, q=0) == pytest.approx(5.0)
    assert score_dual(X, q=0) >= 5.0


# --- Mean pairwise distance -----------------------------------------------------------------


def test_mean_pairwise_distance_known_answers() -> None:
    assert mean_pairwise_distance(np.eye(4)) == pytest.approx(1.0)
    assert mean_pairwise_distance(np.tile([[1.0, 2.0]], (5, 1))) == pytest.approx(0.0)
    assert mean_pairwise_distance([[1.0, 0.0], [-2.0, 0.0]]) == pytest.approx(2.0)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_mean_pairwise_distance_matches_sklearn_cosine_distances(seed: int) -> None:
    X = _blobs(seed, n=17, d=5)
    D = cosine_distances(X)
    expected = D[np.triu_indices(len(X), k=1)].mean()
    assert mean_pairwise_distance(X) == pytest.approx(expected, abs=1e-12)


def test_mean_pairwise_distance_from_sums_of_a_mix() -> None:
    X = _blobs()
    unit = X / np.linalg.norm(X, axis=1, keepdims=True)
    total = unit[:10].sum(axis=0) + unit[25:].sum(axis=0)
    mixed = np.vstack([X[:10], X[25:]])
    assert mean_pairwise_distance_from_sum(total, len(mixed)) == pytest.approx(
        mean_pairwise_distance(mixed)
    )


def test_mean_pairwise_distance_is_invariant_to_order_and_scale() -> None:
    X = _blobs()
    assert mean_pairwise_distance(X[::-1] * 3.0) == pytest.approx(mean_pairwise_distance(X))


# --- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: vendi_score(np.array([[1.0, 0.0], [0.0, 0.0]])), "all-zero row.*row 1"),
        (lambda: vendi_score(np.eye(2), q=-1.0), "q must be a number >= 0"),
        (lambda: vendi_score(np.eye(2), q=math.nan), "q must be a number >= 0"),
        (lambda: vendi_score(np.ones(3)), "must be 2-D"),
        (lambda: vendi_from_moment(np.eye(3)[:2], 2), "square"),
        (lambda: vendi_from_moment(np.eye(2), 0), "positive integer"),
        (lambda: mean_pairwise_distance(np.eye(3)[:1]), "at least 2 rows"),
        (lambda: mean_pairwise_distance_from_sum(np.ones(2), 1), "n must be an integer >= 2"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
