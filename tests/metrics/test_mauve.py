"""MAUVE: known answers, planted truths, and cross-checks against mauve-text (GPL, test-only)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from mixscope.metrics import mauve as mauve_module
from mixscope.metrics.mauve import (
    auto_buckets,
    divergence_curve,
    mauve,
    mauve_from_histogram_rows,
    mauve_from_histograms,
    mauve_from_labels,
    quantize,
)


def gaussian(n: int, d: int = 16, *, shift: float = 0.0, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, d)) + shift


def clusters(n: int, centres: list[int], *, seed: int, d: int = 16) -> np.ndarray:
    """Rows near the unit axes ``centres`` (well separated after L2 normalisation)."""
    rng = np.random.default_rng(seed)
    return np.eye(d)[rng.choice(centres, size=n)] * 5.0 + 0.3 * rng.normal(size=(n, d))


# --- cross-checks against the reference package -----------------------------------------


@pytest.mark.parametrize(("shift", "seed"), [(0.0, 0), (0.3, 0), (1.0, 7)])
def test_matches_mauve_text_end_to_end(shift: float, seed: int) -> None:
    from mauve import compute_mauve

    real, fake = gaussian(300, seed=1), gaussian(250, shift=shift, seed=2)
    ref = compute_mauve(p_features=real, q_features=fake, num_buckets=12, seed=seed)
    real_labels, fake_labels = quantize(real, fake, num_buckets=12, seed=seed)
    # Same seed, same PCA and faiss k-means settings: identical clusters, identical histograms.
    np.testing.assert_array_equal(np.bincount(real_labels, minlength=12) / 300, ref.p_hist)
    np.testing.assert_array_equal(np.bincount(fake_labels, minlength=12) / 250, ref.q_hist)
    assert mauve(real, fake, num_buckets=12, seed=seed) == pytest.approx(ref.mauve, abs=1e-12)


def test_projection_in_row_blocks_still_matches_mauve_text(monkeypatch: pytest.MonkeyPatch) -> None:
    from mauve import compute_mauve

    monkeypatch.setattr(mauve_module, "_TRANSFORM_ROWS", 37)  # 550 rows: 15 blocks, the last short
    real, fake = gaussian(300, seed=5), gaussian(250, shift=0.3, seed=6)
    ref = compute_mauve(p_features=real, q_features=fake, num_buckets=12, seed=3)
    real_labels, fake_labels = quantize(real, fake, num_buckets=12, seed=3)
    np.testing.assert_array_equal(np.bincount(real_labels, minlength=12) / 300, ref.p_hist)
    np.testing.assert_array_equal(np.bincount(fake_labels, minlength=12) / 250, ref.q_hist)


def test_curve_and_area_match_mauve_text_given_its_histograms() -> None:
    from mauve import compute_mauve

    ref = compute_mauve(
        p_features=gaussian(200, seed=3), q_features=gaussian(200, shift=0.4, seed=4)
    )
    np.testing.assert_allclose(
        divergence_curve(ref.p_hist, ref.q_hist), ref.divergence_curve, rtol=0, atol=1e-14
    )
    assert mauve_from_histograms(ref.p_hist, ref.q_hist) == pytest.approx(ref.mauve, abs=1e-14)


@pytest.mark.parametrize("buckets", [2, 7, 300])
def test_rows_equal_one_call_per_row(buckets: int) -> None:
    rng = np.random.default_rng(buckets)
    p = rng.integers(0, 4, buckets).astype(float)
    p[0] += 1
    rows = rng.integers(0, 3, (25, buckets)).astype(float)
    rows[:, -1] += 1  # some rows share no bucket with p where p is 0
    rows[3] = 2 * p  # equal distributions: ties on the frontier
    expected = [mauve_from_histograms(p, row) for row in rows]
    np.testing.assert_allclose(mauve_from_histogram_rows(p, rows), expected, rtol=0, atol=1e-14)
    with pytest.raises(ValueError, match="q_rows must have shape"):
        mauve_from_histogram_rows(p, rows[:, :-1])


def test_use_reference_calls_mauve_text() -> None:
    real, fake = gaussian(120, seed=5), gaussian(100, shift=0.5, seed=6)
    ours = mauve(real, fake, kmeans_redo=2, seed=3)
    assert mauve(real, fake, kmeans_redo=2, seed=3, use_reference=True) == pytest.approx(
        ours, abs=1e-12
    )


def test_use_reference_without_mauve_text_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "mauve", None)  # as if mauve-text were not installed
    with pytest.raises(ImportError, match="pip install mauve-text"):
        mauve(gaussian(40), gaussian(40, seed=1), use_reference=True)


# --- known answers ----------------------------------------------------------------------


def test_divergence_curve_of_disjoint_histograms_has_closed_form() -> None:
    # P = (1, 0), Q = (0, 1): R_w = (w, 1 - w), KL(Q|R) = -log(1 - w), KL(P|R) = -log(w).
    w = np.linspace(1e-6, 1 - 1e-6, 25)
    curve = divergence_curve([1, 0], [0, 1], scaling=5.0)
    np.testing.assert_allclose(curve[1:-1], np.column_stack([(1 - w) ** 5, w**5]), rtol=1e-12)
    assert curve[0].tolist() == [1.0, 0.0] and curve[-1].tolist() == [0.0, 1.0]


def test_equal_histograms_score_one_and_disjoint_ones_near_zero() -> None:
    assert mauve_from_histograms([3, 1, 0, 2], [3, 1, 0, 2]) == pytest.approx(1.0, abs=1e-12)
    assert mauve_from_histograms([1, 1, 0, 0], [0, 0, 2, 5]) < 0.005


def test_mauve_from_histograms_is_symmetric_and_falls_with_scaling() -> None:
    p, q = [5, 3, 1, 1], [2, 2, 3, 3]
    assert mauve_from_histograms(p, q) == pytest.approx(mauve_from_histograms(q, p), abs=1e-12)
    values = [mauve_from_histograms(p, q, scaling=c) for c in (1.0, 5.0, 20.0)]
    assert values[0] > values[1] > values[2]


def test_labels_are_histograms_of_counts() -> None:
    real_labels, fake_labels = [0, 0, 1, 2], [2, 2, 1]
    expected = mauve_from_histograms([2, 1, 1], [0, 1, 2])
    assert mauve_from_labels(real_labels, fake_labels, num_buckets=3) == expected


def test_auto_buckets_is_a_tenth_of_the_smaller_side() -> None:
    assert auto_buckets(300, 250) == 25
    assert auto_buckets(5, 1000) == 2


# --- planted truths ---------------------------------------------------------------------


def test_same_distribution_scores_high_and_disjoint_clusters_near_zero() -> None:
    real = clusters(200, [0, 1, 2, 3], seed=8)
    assert mauve(real, clusters(200, [0, 1, 2, 3], seed=9), num_buckets=8) > 0.9
    assert mauve(real, clusters(200, [4, 5, 6, 7], seed=10), num_buckets=8) < 0.01


def test_dropping_modes_lowers_mauve() -> None:
    real = clusters(200, [0, 1, 2, 3], seed=11)
    full = mauve(real, clusters(200, [0, 1, 2, 3], seed=12), num_buckets=8)
    half = mauve(real, clusters(200, [0, 1], seed=13), num_buckets=8)
    assert half < full - 0.3


def test_mauve_ignores_row_scale_and_is_deterministic() -> None:
    real, fake = gaussian(150, seed=14), gaussian(150, shift=0.3, seed=15)
    base = mauve(real, fake, num_buckets=10)
    assert mauve(real, fake, num_buckets=10) == base
    assert mauve(real * 3.0, fake * 0.5, num_buckets=10) == pytest.approx(base, abs=1e-9)


# --- bad input --------------------------------------------------------------------------


def test_bad_input_says_what_was_expected() -> None:
    with pytest.raises(ValueError, match=r"real_labels must lie in \[0, 2\), got 0..2"):
        mauve_from_labels([0, 2], [1], num_buckets=2)
    with pytest.raises(ValueError, match="p and q need the same number of buckets, got 2 and 3"):
        divergence_curve([1, 1], [1, 1, 1])
    with pytest.raises(ValueError, match="non-negative weights"):
        mauve_from_histograms([1, -1], [1, 1])
    with pytest.raises(ValueError, match='num_buckets must be an integer or "auto"'):
        mauve(gaussian(30), gaussian(30, seed=1), num_buckets="many")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="fake has 4 dims, expected 16"):
        mauve(gaussian(30), gaussian(30, d=4))
    with pytest.raises(ValueError, match=r"num_buckets must be in \[2, 60\], got 61"):
        mauve(gaussian(30), gaussian(30, seed=1), num_buckets=61)
