"""Bootstrap weights, percentile intervals, real-vs-real halves and pass/warn/fail verdicts."""

from __future__ import annotations

import math

import numpy as np
import pytest

from mixscope.metrics.stats import (
    basic_interval,
    bootstrap_weights,
    percentile_interval,
    split_halves,
    status,
)


def test_bootstrap_weights_are_multinomial_counts() -> None:
    W = bootstrap_weights(50, n_boot=400, seed=3)
    assert W.shape == (400, 50)
    assert (W.sum(axis=1) == 50).all() and (W >= 0).all()
    assert W.mean() == pytest.approx(1.0)
    # each document is left out of a resample with probability (1 - 1/n)^n ~ 0.364
    assert (W == 0).mean() == pytest.approx((1 - 1 / 50) ** 50, abs=0.02)
    assert np.array_equal(W, bootstrap_weights(50, n_boot=400, seed=3))


def test_bootstrap_interval_of_a_mean_matches_the_normal_approximation() -> None:
    x = np.random.default_rng(0).normal(size=400)
    W = bootstrap_weights(len(x), n_boot=2000, seed=1)
    low, high = percentile_interval(W @ x / len(x))
    half_width = 1.96 * x.std() / math.sqrt(len(x))
    assert high - low == pytest.approx(2 * half_width, rel=0.1)
    assert low < x.mean() < high


def test_percentile_interval_ignores_nan_and_is_nan_without_values() -> None:
    assert percentile_interval([1.0, np.nan, 3.0], level=0.5) == (1.5, 2.5)
    low, high = percentile_interval([np.nan])
    assert math.isnan(low) and math.isnan(high)
    with pytest.raises(ValueError, match="level"):
        percentile_interval([1.0], level=1.0)


def test_split_halves_are_disjoint_and_cover_everything() -> None:
    a, b = split_halves(11, seed=2)
    assert len(a) == 5 and len(b) == 6
    assert not set(a) & set(b) and set(a) | set(b) == set(range(11))
    with pytest.raises(ValueError, match="at least 2"):
        split_halves(1)


@pytest.mark.parametrize(
    ("value", "goal", "expected"),
    [
        (0.9, "higher", "pass"), (0.8, "higher", "pass"), (0.6, "higher", "warn"),
        (0.4, "higher", "fail"), (0.05, "lower", "pass"), (0.1, "lower", "warn"),
        (0.3, "lower", "fail"), (math.nan, "higher", "n/a"),
    ],
)  # fmt: skip
def test_status_thresholds(value: float, goal: str, expected: str) -> None:
    warn, fail = (0.8, 0.5) if goal == "higher" else (0.05, 0.2)
    assert status(value, goal=goal, warn=warn, fail=fail) == expected  # type: ignore[arg-type]


def test_status_target_bounds_the_distance_to_the_target() -> None:
    assert status(0.75, goal="target", warn=0.3, fail=0.6, target=1.0) == "pass"
    assert status(1.5, goal="target", warn=0.3, fail=0.6, target=1.0) == "warn"
    assert status(0.2, goal="target", warn=0.3, fail=0.6, target=1.0) == "fail"
    with pytest.raises(ValueError, match="target"):
        status(1.0, goal="target", warn=0.3, fail=0.6)


def test_basic_interval_reflects_the_resamples_around_the_value() -> None:
    assert basic_interval([1.0, 2.0, 3.0, 4.0, 5.0], 2.0, level=0.5) == (0.0, 2.0)
    assert basic_interval([-3.0, 1.0], -1.0, level=0.5) == pytest.approx((-2.0, 0.0))  # no clip
    assert all(math.isnan(v) for v in basic_interval([math.nan], 1.0))


def test_basic_interval_contains_a_planted_mean_absolute_difference() -> None:
    # Statistic: mean over 20 topics of |topic mean - known reference|, with real effects of
    # +-1 per topic plus noise. Resampling adds noise, biasing the resamples upward; the basic
    # interval undoes it and contains the value, where the percentile interval need not.
    rng = np.random.default_rng(0)
    topics = np.repeat(np.arange(20), 50)
    effect = np.where(np.arange(20) % 2, 1.0, -1.0) * 0.3
    x = effect[topics] + rng.normal(0, 1, len(topics))

    def stat(w: np.ndarray) -> float:
        means = np.bincount(topics, weights=w * x, minlength=20) / np.bincount(topics, weights=w)
        return float(np.abs(means).mean())

    value = stat(np.ones(len(x)))
    resamples = [stat(w) for w in bootstrap_weights(len(x), n_boot=300, seed=1)]
    assert np.mean(resamples) > value  # the upward bias the basic interval corrects
    low, high = basic_interval(resamples, value)
    assert low <= value <= high


def test_bootstrap_weights_are_read_only_and_trusted_while_others_are_checked() -> None:
    from mixscope.metrics.checks import check_weights

    W = bootstrap_weights(5, n_boot=2, seed=0)
    with pytest.raises(ValueError, match="read-only"):
        W[0, 0] = -1.0
    assert check_weights(W, 5) is W
    with pytest.raises(ValueError, match="finite and non-negative"):
        check_weights(np.full((1, 5), -1.0), 5)
    with pytest.raises(ValueError, match="finite and non-negative"):
        check_weights(np.full((1, 5), np.nan), 5)
