import math

import numpy as np
import pytest
from scipy.spatial.distance import jensenshannon
from scipy.stats import ks_2samp

from mixscope.metrics.shift import jensen_shannon, ks_statistic, total_variation, total_variations
from mixscope.metrics.stats import bootstrap_weights

# --- KS -------------------------------------------------------------------------------------


def test_ks_known_answers() -> None:
    assert ks_statistic([1, 2, 3], [4, 5]) == 1.0
    assert ks_statistic([1, 2, 3], [3, 2, 1]) == 0.0
    assert ks_statistic([1, 2, 3, 4], [3, 4, 5, 6]) == 0.5


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_ks_matches_scipy_with_ties(seed: int) -> None:
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 20, size=57).astype(float)  # ties within and across samples
    b = rng.integers(3, 25, size=31).astype(float)
    assert ks_statistic(a, b) == pytest.approx(ks_2samp(a, b).statistic, abs=1e-15)


def test_ks_is_symmetric_order_invariant_and_finds_a_planted_shift() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=400), rng.normal(size=300)
    assert ks_statistic(a, b) == ks_statistic(b[::-1], a)
    assert ks_statistic(a, b + 3.0) > 0.8 > 0.2 > ks_statistic(a, b)


# --- Jensen-Shannon and total variation ------------------------------------------------------


def test_js_known_answers() -> None:
    assert jensen_shannon([1, 0], [0, 1]) == 1.0
    assert jensen_shannon([3, 3], [1, 1]) == 0.0
    # P = (1, 0), Q = (1/2, 1/2): M = (3/4, 1/4).
    expected = (math.log2(4 / 3) + 0.5 * math.log2(2 / 3) + 0.5 * math.log2(2)) / 2
    assert jensen_shannon([1, 0], [1, 1]) == pytest.approx(expected)
    assert jensen_shannon([1, 0], [0, 1], base=math.e) == pytest.approx(math.log(2))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_js_is_the_square_of_scipy_jensenshannon_distance(seed: int) -> None:
    rng = np.random.default_rng(seed)
    p, q = rng.integers(0, 30, size=8), rng.integers(0, 30, size=8)
    p[0], q[1] = 0, 0
    assert jensen_shannon(p, q) == pytest.approx(jensenshannon(p, q, base=2) ** 2)
    assert jensen_shannon(p, q, base=math.e) == pytest.approx(jensenshannon(p, q) ** 2)


def test_js_and_tv_are_symmetric_and_scale_invariant() -> None:
    p, q = np.array([5, 1, 0, 4]), np.array([1, 1, 6, 2])
    assert jensen_shannon(p, q) == pytest.approx(jensen_shannon(q, p))
    assert jensen_shannon(p * 10, q) == pytest.approx(jensen_shannon(p, q))
    assert total_variation(p, q) == total_variation(q, p) == total_variation(p * 3, q * 7)


def test_tv_known_answers() -> None:
    assert total_variation([3, 1], [1, 3]) == 0.5
    assert total_variation([1, 0], [0, 1]) == 1.0
    assert total_variation([2, 2], [1, 1]) == 0.0


def test_js_and_tv_grow_with_a_planted_skew() -> None:
    real = np.array([25, 25, 25, 25])
    mild, strong = np.array([30, 25, 25, 20]), np.array([70, 10, 10, 10])
    assert jensen_shannon(real, mild) < jensen_shannon(real, strong)
    assert total_variation(real, mild) == pytest.approx(0.05)
    assert total_variation(real, strong) == pytest.approx(0.45)


# --- resampling weights ----------------------------------------------------------------------


def test_ks_weight_rows_are_the_statistics_of_their_resamples() -> None:
    rng = np.random.default_rng(6)
    a, b = rng.integers(0, 30, size=80), rng.integers(5, 35, size=120)  # ties on purpose
    W = bootstrap_weights(80, n_boot=5, seed=7)
    rows = ks_statistic(a, b, weights=W)
    for row, value in zip(W.astype(int), rows, strict=True):
        assert value == ks_statistic(np.repeat(a, row), b)  # exactly: same counts, same division
    assert ks_statistic(a, b, weights=np.ones((1, 80)))[0] == ks_statistic(a, b)


def test_total_variations_of_rows_match_total_variation() -> None:
    rows = np.array([[3, 1], [1, 3], [2, 2]])
    assert total_variations(rows, [1, 3]).tolist() == [0.5, 0.0, 0.25]
    assert [total_variation(r, [1, 3]) for r in rows] == total_variations(rows, [1, 3]).tolist()
    with pytest.raises(ValueError, match="like reference"):
        total_variations([1, 2], [1, 2])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ks_statistic([], [1.0]), "a must be a non-empty 1-D sample"),
        (lambda: ks_statistic([1.0], [np.nan]), "b contains 1 NaN"),
        (lambda: ks_statistic(["x"], [1.0]), "a must be numeric"),
        (lambda: jensen_shannon([1, 2], [1, 2, 3]), "lengths 2 and 3"),
        (lambda: jensen_shannon([1, -1], [1, 2]), "non-negative"),
        (lambda: jensen_shannon([0, 0], [1, 2]), "positive total"),
        (lambda: jensen_shannon([1], [1], base=1), "base must be a number > 1"),
        (lambda: total_variation([1, 2], [[1, 2]]), "1-D"),
        (lambda: ks_statistic([1.0, 2.0], [1.0], weights=[[1.0]]), r"shape \(n_rows, 2\)"),
        (lambda: ks_statistic([1.0], [1.0], weights=[[-1.0]]), "non-negative"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
