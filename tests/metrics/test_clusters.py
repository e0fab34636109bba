import math

import numpy as np
import pytest

from mixscope.metrics.clusters import (
    ClusterModel,
    assign,
    cluster_counts,
    cluster_coverage,
    cluster_entropy,
    default_n_clusters,
    fit_clusters,
)


def _topics(k: int = 5, per: int = 30, d: int = 12, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``k`` well separated topics: noisy copies of ``k`` orthogonal directions."""
    rng = np.random.default_rng(seed)
    truth = np.repeat(np.arange(k), per)
    X = np.eye(d)[truth] + rng.normal(scale=0.05, size=(k * per, d))
    return X, truth


def _same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    pairs = set(zip(a.tolist(), b.tolist(), strict=True))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


def test_fit_recovers_planted_topics() -> None:
    X, truth = _topics()
    model = fit_clusters(X, k=5)
    assert model.n_clusters == 5
    assert _same_partition(assign(model, X), truth)


def test_fit_is_deterministic_for_a_seed_and_frozen() -> None:
    X, _ = _topics()
    a, b = fit_clusters(X, k=5, seed=3), fit_clusters(X, k=5, seed=3)
    np.testing.assert_array_equal(a.centroids, b.centroids)
    np.testing.assert_allclose(np.linalg.norm(a.centroids, axis=1), 1.0)
    with pytest.raises(ValueError):
        a.centroids[0, 0] = 2.0


def test_default_k_rule_and_cap_at_distinct_rows() -> None:
    assert [default_n_clusters(n) for n in (2, 8, 200, 5000, 10**6)] == [2, 2, 10, 50, 50]
    X = np.repeat(np.eye(3), 100, axis=0)  # 300 docs -> rule says 12, but only 3 distinct rows
    assert fit_clusters(X).n_clusters == 3


def test_assign_is_scale_invariant_and_cosine() -> None:
    model = ClusterModel(centroids=np.eye(3), seed=0)
    X = np.array([[0.2, 0.1, 0.0], [0.0, 5.0, 4.9], [0.0, 0.0, 1.0]])
    np.testing.assert_array_equal(assign(model, X), assign(model, X * 100.0))
    assert assign(model, X).tolist() == [0, 1, 2]


def test_entropy_known_answers() -> None:
    assert cluster_entropy([0, 1, 2, 3], n_clusters=4) == pytest.approx(math.log(4))
    assert cluster_entropy([2, 2, 2], n_clusters=4) == 0.0
    p = np.array([0.75, 0.25])
    assert cluster_entropy([0, 0, 0, 1], n_clusters=2) == pytest.approx(-(p * np.log(p)).sum())
    # Normalised by ln(n_clusters): empty clusters lower evenness.
    assert cluster_entropy([0, 1], n_clusters=4, normalize=True) == pytest.approx(0.5)


def test_entropy_is_invariant_to_label_order() -> None:
    labels = np.array([0, 0, 1, 3, 3, 3, 2])
    assert cluster_entropy(labels[::-1], n_clusters=4) == cluster_entropy(labels, n_clusters=4)


def test_mix_missing_one_real_topic_has_coverage_k_minus_1_over_k() -> None:
    X, truth = _topics(k=5)
    model = fit_clusters(X, k=5)
    real_labels = assign(model, X)
    mix = X[truth != 2]  # the planted gap: topic 2 is absent from the mix
    assert cluster_coverage(assign(model, mix), real_labels, n_clusters=5) == pytest.approx(4 / 5)
    assert cluster_coverage(real_labels, real_labels, n_clusters=5) == 1.0


def test_coverage_min_share_ignores_clusters_with_a_token_presence() -> None:
    reference = [0, 1, 2, 3]
    mix = [0] * 50 + [1] * 49 + [2]  # cluster 2 has 1% of the mix, cluster 3 none
    assert cluster_coverage(mix, reference, n_clusters=4) == 0.75
    assert cluster_coverage(mix, reference, n_clusters=4, min_share=0.05) == 0.5


def test_coverage_counts_only_clusters_the_real_corpus_occupies() -> None:
    # Cluster 4 has no real documents, so a mix landing there gains nothing.
    assert cluster_coverage([0, 4], [0, 1], n_clusters=5) == 0.5


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: fit_clusters(np.eye(3), k=4), "at least 4 distinct documents, got 3"),
        (lambda: fit_clusters(np.eye(3), k=0), "positive integer"),
        (lambda: fit_clusters(np.eye(3)[:1]), "at least 2 rows"),
        (lambda: assign(ClusterModel(np.eye(3), 0), np.eye(2)), "2 dimensions, expected 3"),
        (lambda: cluster_counts([0, 5], n_clusters=3), r"in \[0, 3\), got 1 outside"),
        (lambda: cluster_counts([0.5], n_clusters=3), "integer cluster ids"),
        (lambda: cluster_counts([], n_clusters=3), "non-empty"),
        (lambda: cluster_entropy([0], n_clusters=1, normalize=True), "n_clusters >= 2"),
        (lambda: cluster_coverage([0], [0], n_clusters=2, min_share=1.0), "min_share"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
