"""The Gaussian generator: MLE refits lose variance at the rate theory says.

Under ``replace``, generation ``g`` is ``n`` draws from the Gaussian fitted by maximum
likelihood on generation ``g - 1``. The MLE variance of ``n`` normal draws is ``sigma^2 X / n``
with ``X ~ chi^2_{n-1}``, independent across refits, so the ratio ``r_g`` of generation ``g``'s
MLE variance to generation 0's is a product of ``g`` such factors:

    E[r_g]   = ((n - 1) / n) ** g
    E[r_g^2] = ((n - 1) (n + 1) / n^2) ** g      (E[X^2] = (n - 1)(n + 1))

The mean over S independent seeds is then within 4 standard errors, ``4 sqrt(Var[r_g] / S)``,
of its expectation except with probability about 6e-5 (normal approximation): that is the
tolerance, derived from the sampling variance rather than chosen.
"""

import numpy as np
import pytest

from mixscope.simulate import fit_gaussian, sample_gaussian, total_variance

N, GENERATIONS, SEEDS = 20, 8, 400


def _variance_ratios(seed: int, d: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(N, d))
    first = total_variance(X)
    out = []
    for _ in range(GENERATIONS):
        X = sample_gaussian(fit_gaussian(X), N, rng=rng)
        out.append(total_variance(X) / first)
    return np.array(out)


def test_variance_shrinks_by_n_minus_1_over_n_per_refit_in_expectation() -> None:
    ratios = np.array([_variance_ratios(seed, d=1) for seed in range(SEEDS)])
    g = np.arange(1, GENERATIONS + 1)
    expected = ((N - 1) / N) ** g
    variance = ((N - 1) * (N + 1) / N**2) ** g - expected**2
    tolerance = 4 * np.sqrt(variance / SEEDS)
    mean = ratios.mean(axis=0)
    assert np.all(np.abs(mean - expected) <= tolerance), (mean, expected, tolerance)
    # and the loss is detected, not just allowed: the last generation is clearly below 1
    assert mean[-1] + tolerance[-1] < 1.0


def test_the_expected_trace_shrinks_the_same_way_in_several_dimensions() -> None:
    # E[tr Sigma_hat] = (n - 1) / n tr Sigma in any dimension; the spread of the ratio has no
    # simple closed form here, so the tolerance is 4 standard errors of the observed ratios.
    ratios = np.array([_variance_ratios(seed, d=3) for seed in range(SEEDS // 2)])
    expected = ((N - 1) / N) ** np.arange(1, GENERATIONS + 1)
    tolerance = 4 * ratios.std(axis=0, ddof=1) / np.sqrt(len(ratios))
    assert np.all(np.abs(ratios.mean(axis=0) - expected) <= tolerance)


def test_fit_is_the_maximum_likelihood_estimate() -> None:
    X = np.random.default_rng(0).normal(size=(30, 4)) @ np.diag([3.0, 1.0, 0.5, 0.1])
    model = fit_gaussian(X)
    # the full PCA is a rotation: the covariance in PCA space has the data's eigenvalues
    expected = np.linalg.eigvalsh(np.cov(X, rowvar=False, bias=True))
    np.testing.assert_allclose(np.sort(np.linalg.eigvalsh(model.cov)), expected, atol=1e-10)
    np.testing.assert_allclose(model.center, X.mean(axis=0))
    assert np.trace(model.cov) == pytest.approx(total_variance(X))


def test_samples_lie_in_the_span_of_the_training_data() -> None:
    # 5 rows in 8 dimensions span a 4-dimensional affine subspace: so do the samples.
    X = np.random.default_rng(1).normal(size=(5, 8))
    out = sample_gaussian(fit_gaussian(X), 50, rng=np.random.default_rng(2))
    assert np.linalg.matrix_rank(out - X.mean(axis=0), tol=1e-8) == 4


def test_sampling_is_seeded() -> None:
    model = fit_gaussian(np.random.default_rng(3).normal(size=(40, 3)))
    a = sample_gaussian(model, 10, rng=np.random.default_rng(5))
    np.testing.assert_array_equal(a, sample_gaussian(model, 10, rng=np.random.default_rng(5)))


def test_fewer_components_are_allowed_up_to_the_span() -> None:
    X = np.random.default_rng(4).normal(size=(10, 6))
    assert fit_gaussian(X, n_components=2).components.shape == (2, 6)
    with pytest.raises(ValueError, match=r"n_components must be at most min\(n - 1, n_dims\) = 6"):
        fit_gaussian(X, n_components=7)


def test_one_row_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 2 rows"):
        fit_gaussian(np.ones((1, 3)))
