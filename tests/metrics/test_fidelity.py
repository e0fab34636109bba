"""Fidelity metrics: precision/recall/density/coverage, Fréchet distance, C2ST."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
from prdc import compute_prdc
from sklearn.neighbors import NearestNeighbors

import mixscope.metrics.prdc as prdc_module
from mixscope.metrics.checks import l2_normalize
from mixscope.metrics.fidelity import (
    c2st_auc,
    frechet_distance,
    frechet_from_stats,
    gaussian_stats,
    prdc,
    prdc_from_manifold,
    psd_sqrt,
    real_manifold,
)
from mixscope.metrics.prdc import (
    ball_membership,
    prdc_from_membership,
    recall_from_manifold,
)

KEYS = ("precision", "recall", "density", "coverage")


def gaussian(n: int, d: int = 8, *, shift: float = 0.0, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, d)) + shift


# --- precision / recall / density / coverage ---------------------------------------------


@pytest.mark.parametrize("k", [1, 3, 5])
def test_prdc_matches_reference_package_on_raw_rows(k: int) -> None:
    real, fake = gaussian(150, seed=1), gaussian(110, shift=0.4, seed=2)
    ours = prdc(real, fake, k=k, normalize=False)
    ref = compute_prdc(real_features=real, fake_features=fake, nearest_k=k)
    for key in KEYS:
        assert ours[key] == pytest.approx(float(ref[key]), abs=1e-9), key
    assert 0 < ours["precision"] < 1 and 0 < ours["coverage"] < 1  # a non-trivial case


def test_prdc_default_is_reference_on_unit_rows() -> None:
    real, fake = gaussian(120, seed=3) + 1.0, gaussian(90, seed=4) + 1.3
    ours = prdc(real, fake)
    ref = compute_prdc(l2_normalize(real), l2_normalize(fake), nearest_k=5)
    assert ours == pytest.approx({key: float(ref[key]) for key in KEYS}, abs=1e-9)


def test_identical_sets_score_one() -> None:
    X = gaussian(100)
    assert prdc(X, X, k=5) == dict.fromkeys(KEYS, 1.0)


def test_copied_rows_tie_exactly_whatever_their_order() -> None:
    # A copy sits exactly on its neighbours' radii; rounding must not push it inside.
    X = gaussian(300, d=16, seed=35)
    shuffled = X[np.random.default_rng(1).permutation(300)]
    assert prdc(X, shuffled, k=5) == dict.fromkeys(KEYS, 1.0)


def test_far_apart_clusters_score_zero() -> None:
    real, fake = gaussian(60, seed=1), gaussian(60, shift=100.0, seed=2)
    assert prdc(real, fake, normalize=False) == dict.fromkeys(KEYS, 0.0)


def test_mode_collapse_keeps_precision_but_loses_coverage() -> None:
    real = gaussian(200, seed=5)
    fake = real[0] + 1e-3 * gaussian(20, seed=6)  # every fake is a near-copy of one real row
    result = prdc(real, fake, k=5, normalize=False)
    assert result["precision"] == 1.0
    assert result["coverage"] < 0.1  # only real[0] and the rows that have it as a neighbour
    assert result["recall"] <= 1 / 200  # the tiny fake balls can hold real[0] at most


def test_half_planted_outliers_halve_precision() -> None:
    real = gaussian(80, seed=7)
    fake = np.vstack([real[:40], gaussian(40, shift=50.0, seed=8)])
    assert prdc(real, fake, k=3, normalize=False)["precision"] == 0.5


def test_manifold_is_reusable_across_mixes() -> None:
    real = gaussian(100, seed=9)
    manifold = real_manifold(real, k=4)
    for seed in (10, 11):
        fake = gaussian(70, shift=0.3, seed=seed)
        assert prdc_from_manifold(manifold, fake) == prdc(real, fake, k=4)


@pytest.mark.parametrize("normalize", [True, False])
@pytest.mark.parametrize("d", [3, 384])
def test_precomputed_balls_give_prdc_of_any_sample(normalize: bool, d: int) -> None:
    # Membership of every point is computed once (float32 products, float64 near-ties);
    # slicing it must give exactly what prdc() computes on each sample, copied rows included.
    real = gaussian(150, d=d, seed=30)
    pool = np.vstack([real, gaussian(200, d=d, shift=0.3, seed=31), real[:40]])
    manifold = real_manifold(real, k=5, normalize=normalize)
    balls = ball_membership(manifold, pool)
    assert balls.shape == (len(pool), len(real))
    rng = np.random.default_rng(32)
    for size in (6, 80, 390):
        rows = np.sort(rng.choice(len(pool), size, replace=False))
        expected = prdc(real, pool[rows], k=5, normalize=normalize)
        got = prdc_from_membership(balls[rows], k=5)
        got["recall"] = recall_from_manifold(manifold, pool[rows])
        assert got == expected


@pytest.mark.parametrize("normalize", [True, False])
@pytest.mark.parametrize("d", [2, 384])
def test_membership_is_the_definition_computed_in_float64(normalize: bool, d: int) -> None:
    # Point i is in ball j iff sum((f_i - r_j)^2) < r_j^2, summed in float64 over the
    # differences as the radii are (the definition, not the fast path's products): coarse values
    # and copied rows put many points exactly on a radius, where only exact sums decide right.
    real = np.round(gaussian(120, d=d, seed=36), 1) + 0.05
    pool = np.vstack([np.round(gaussian(150, d=d, shift=0.2, seed=37), 1) + 0.05, real[::3]])
    manifold = real_manifold(real, k=4, normalize=normalize)
    F = pool / np.linalg.norm(pool, axis=1, keepdims=True) if normalize else pool
    R = manifold.features
    diff = (F[:, None, :] - R[None, :, :]).reshape(-1, F.shape[1])
    sq = np.einsum("ij,ij->i", diff, diff).reshape(len(F), len(R))
    expected = sq < manifold.sq_radii[None, :]
    assert np.array_equal(ball_membership(manifold, pool).toarray(), expected)
    assert expected.any() and not expected.all()
    assert (sq == manifold.sq_radii[None, :]).sum() > 10  # exact ties were there to decide


def test_membership_block_boundaries_do_not_change_it(monkeypatch: pytest.MonkeyPatch) -> None:
    real, pool = gaussian(60, seed=33), gaussian(90, shift=0.2, seed=34)
    whole = ball_membership(real_manifold(real, k=3), pool).toarray()
    monkeypatch.setattr(prdc_module, "_BLOCK_CELLS", 300)
    assert np.array_equal(ball_membership(real_manifold(real, k=3), pool).toarray(), whole)


def test_block_boundaries_do_not_change_results(monkeypatch: pytest.MonkeyPatch) -> None:
    real, fake = gaussian(97, seed=12), gaussian(61, shift=0.4, seed=13)
    whole = prdc(real, fake, k=3)
    monkeypatch.setattr(prdc_module, "_BLOCK_CELLS", 500)  # blocks of 5-8 rows
    assert prdc(real, fake, k=3) == whole


def test_prdc_is_order_invariant_and_scale_invariant_when_normalised() -> None:
    real, fake = gaussian(90, seed=14), gaussian(80, shift=0.2, seed=15)
    rng = np.random.default_rng(0)
    permuted = prdc(real[rng.permutation(90)], fake[rng.permutation(80)])
    scaled = prdc(real * rng.uniform(0.5, 3.0, size=(90, 1)), fake * 7.0)
    assert permuted == pytest.approx(prdc(real, fake), abs=1e-12)
    assert scaled == pytest.approx(prdc(real, fake), abs=1e-12)


def test_knn_radii_match_sklearn_and_count_duplicates() -> None:
    X = gaussian(50, seed=16)
    expected = NearestNeighbors(n_neighbors=3).fit(X).kneighbors()[0][:, -1]
    radii = real_manifold(X, k=3, normalize=False).radii
    np.testing.assert_allclose(radii, expected, rtol=1e-10)
    duplicates = real_manifold([[1.0], [1.0], [5.0]], k=1, normalize=False).radii
    assert duplicates.tolist() == [0.0, 0.0, 4.0]


@pytest.mark.parametrize(
    ("real", "fake", "k", "message"),
    [
        (np.ones((3, 2)), np.ones((9, 2)), 5, "real needs at least 6 rows"),
        (gaussian(6, d=6), gaussian(6, d=3), 1, "fake has 3 dims, expected 6"),
        (np.eye(6), np.eye(6), 0, "k must be a positive integer"),
        (np.zeros((6, 2)), np.eye(6)[:, :2], 1, "all-zero row"),
    ],
)
def test_prdc_bad_input_says_what_was_expected(
    real: np.ndarray, fake: np.ndarray, k: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        prdc(real, fake, k=k)


# --- Fréchet distance -------------------------------------------------------------------


def test_frechet_closed_form_for_diagonal_covariances() -> None:
    rng = np.random.default_rng(17)
    mu1, mu2 = rng.normal(size=6), rng.normal(size=6)
    var1, var2 = rng.uniform(0.1, 3.0, size=6), rng.uniform(0.1, 3.0, size=6)
    expected = np.sum((mu1 - mu2) ** 2) + np.sum((np.sqrt(var1) - np.sqrt(var2)) ** 2)
    value = frechet_from_stats(mu1, np.diag(var1), mu2, np.diag(var2))
    assert value == pytest.approx(expected, rel=1e-12)


def test_frechet_matches_scipy_sqrtm_formula() -> None:
    mu1, s1 = gaussian_stats(gaussian(60, d=5, seed=18))
    mu2, s2 = gaussian_stats(gaussian(60, d=5, shift=0.5, seed=19) @ np.diag([1, 2, 3, 1, 1]))
    covmean = scipy.linalg.sqrtm(s1 @ s2).real
    expected = np.sum((mu1 - mu2) ** 2) + np.trace(s1 + s2 - 2 * covmean)
    assert frechet_from_stats(mu1, s1, mu2, s2) == pytest.approx(expected, rel=1e-9)


def test_frechet_with_precomputed_sqrt_equals_the_direct_call() -> None:
    mu1, s1 = gaussian_stats(gaussian(300, d=20, seed=35))
    mu2, s2 = gaussian_stats(gaussian(15, d=20, shift=0.4, seed=36))  # rank-deficient
    direct = frechet_from_stats(mu1, s1, mu2, s2)
    assert frechet_from_stats(mu1, s1, mu2, s2, sqrt_sigma1=psd_sqrt(s1)) == direct
    root = psd_sqrt(s1)
    assert np.allclose(root @ root, s1, atol=1e-12)
    with pytest.raises(ValueError, match="sqrt_sigma1 must have shape"):
        frechet_from_stats(mu1, s1, mu2, s2, sqrt_sigma1=root[:3])


def test_frechet_planted_mean_shift_is_recovered() -> None:
    delta = np.array([0.5, -1.0, 2.0])
    real, fake = gaussian(4000, d=3, seed=20), gaussian(4000, d=3, seed=21) + delta
    assert frechet_distance(real, fake) == pytest.approx(np.sum(delta**2), rel=0.05)


def test_frechet_of_a_set_with_itself_is_zero_even_when_rank_deficient() -> None:
    d, eps = 40, np.finfo(float).eps
    X = gaussian(10, d=d, seed=22)  # fewer documents than dimensions: singular covariance
    # Round-off of a d x d eigen-decomposition is about d * eps of the matrix's scale (its
    # trace); eigenvalues under that tolerance count as 0, so the square roots of round-off
    # (about 1e-8, different on every BLAS) never enter. 100x margin on any x86-64 kernel.
    scale = np.trace(np.cov(X.T))
    assert frechet_distance(X, X) == pytest.approx(0.0, abs=100 * d * eps * scale)
    Y = gaussian(12, d=d, shift=0.1, seed=23)
    assert np.isfinite(frechet_distance(X, Y)) and frechet_distance(X, Y) > 0
    assert frechet_distance(X, Y) == pytest.approx(frechet_distance(Y, X), rel=100 * d * eps)


def test_frechet_is_translation_and_order_invariant() -> None:
    X, Y = gaussian(50, seed=24), gaussian(40, shift=0.3, seed=25)
    base = frechet_distance(X, Y)
    assert frechet_distance(X + 5.0, Y + 5.0) == pytest.approx(base, rel=1e-9)
    assert frechet_distance(X[::-1], Y[::-1]) == pytest.approx(base, rel=1e-12)


def test_gaussian_stats_are_mean_and_sample_covariance() -> None:
    X = gaussian(30, d=4, seed=26)
    mu, sigma = gaussian_stats(X)
    np.testing.assert_allclose(mu, X.mean(axis=0))
    np.testing.assert_allclose(sigma, np.cov(X.T, ddof=1))


def test_frechet_bad_input() -> None:
    with pytest.raises(ValueError, match="needs at least 2 rows, got 1"):
        frechet_distance(np.ones((1, 3)), np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"sigma2 must have shape \(2, 2\)"):
        frechet_from_stats(np.zeros(2), np.eye(2), np.zeros(2), np.eye(3))


# --- classifier two-sample test ---------------------------------------------------------


def test_c2st_same_distribution_is_near_chance() -> None:
    auc = c2st_auc(gaussian(300, d=5, seed=27), gaussian(300, d=5, seed=28))
    assert abs(auc - 0.5) < 0.08


def test_c2st_shifted_distribution_is_near_one() -> None:
    assert c2st_auc(gaussian(200, d=5, seed=29), gaussian(200, d=5, shift=3.0, seed=30)) > 0.99


def test_c2st_balances_unequal_sizes() -> None:
    auc = c2st_auc(gaussian(600, d=5, seed=31), gaussian(100, d=5, seed=32))
    assert abs(auc - 0.5) < 0.12  # without balancing a constant "real" guess is not 0.5 either


def test_c2st_is_deterministic_for_a_seed() -> None:
    real, fake = gaussian(80, d=4, seed=33), gaussian(80, d=4, shift=0.3, seed=34)
    assert c2st_auc(real, fake, seed=3) == c2st_auc(real, fake, seed=3)


def test_c2st_bad_input() -> None:
    with pytest.raises(ValueError, match="folds must be an integer >= 2"):
        c2st_auc(np.eye(4), np.eye(4), folds=1)
    with pytest.raises(ValueError, match="fake needs at least 5 rows, got 3"):
        c2st_auc(np.eye(6), np.eye(6)[:3])
