"""faiss cosine neighbours: agreement with brute-force numpy, planted duplicates, scale."""

from __future__ import annotations

import numpy as np
import pytest

from mixscope.metrics.neighbors import nearest_neighbor_similarity, semantic_duplicate_pairs


def unit_rows(n: int, d: int, seed: int) -> np.ndarray:
    X = np.random.default_rng(seed).normal(size=(n, d))
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def plant_copies(X: np.ndarray, originals: list[int], *, noise: float, seed: int) -> np.ndarray:
    """Append a slightly perturbed copy of each of ``originals``."""
    rng = np.random.default_rng(seed)
    copies = X[originals] + noise * rng.normal(size=(len(originals), X.shape[1]))
    return np.vstack([X, copies])


def brute_force_pairs(X: np.ndarray, threshold: float) -> set[tuple[int, int]]:
    U = X / np.linalg.norm(X, axis=1, keepdims=True)
    i, j = np.nonzero(np.triu(U @ U.T, 1) >= threshold)
    return set(zip(i.tolist(), j.tolist(), strict=True))


def test_nearest_neighbour_matches_brute_force() -> None:
    Q, R = unit_rows(50, 16, seed=0), unit_rows(200, 16, seed=1)
    sims, idx = nearest_neighbor_similarity(Q, R)
    brute = Q @ R.T
    np.testing.assert_array_equal(idx, brute.argmax(axis=1))
    np.testing.assert_allclose(sims, brute.max(axis=1), atol=1e-6)
    assert sims.dtype == np.float64 and idx.dtype == np.int64


def test_exclude_self_skips_the_row_itself_but_not_its_copies() -> None:
    X = unit_rows(100, 8, seed=2)
    sims, idx = nearest_neighbor_similarity(X, X, exclude_self=True)
    brute = X @ X.T
    np.fill_diagonal(brute, -np.inf)
    np.testing.assert_array_equal(idx, brute.argmax(axis=1))
    np.testing.assert_allclose(sims, brute.max(axis=1), atol=1e-6)
    Y = np.vstack([X, X[:3]])  # rows 100..102 copy rows 0..2
    sims, idx = nearest_neighbor_similarity(Y, Y, exclude_self=True)
    assert idx[:3].tolist() == [100, 101, 102] and idx[100:].tolist() == [0, 1, 2]
    np.testing.assert_allclose(sims[[0, 1, 2, 100, 101, 102]], 1.0, atol=1e-6)


def test_nearest_real_similarity_flags_synthetic_restatements() -> None:
    real = unit_rows(300, 32, seed=3)
    synthetic = np.vstack([real[[5, 77]] * 3.0, unit_rows(20, 32, seed=4)])  # scale is ignored
    sims, idx = nearest_neighbor_similarity(synthetic, real)
    assert idx[:2].tolist() == [5, 77]
    np.testing.assert_allclose(sims[:2], 1.0, atol=1e-6)
    assert sims[2:].max() < 0.8


def test_semantic_pairs_match_brute_force_on_planted_copies() -> None:
    X = plant_copies(unit_rows(300, 16, seed=5), [0, 10, 10, 42, 299], noise=0.02, seed=6)
    found = semantic_duplicate_pairs(X, threshold=0.95)
    assert set(zip(found["i"], found["j"], strict=True)) == brute_force_pairs(X, 0.95)
    assert set(zip(found["i"], found["j"], strict=True)) >= {
        (0, 300),
        (10, 301),
        (10, 302),
        (301, 302),
        (42, 303),
        (299, 304),
    }
    U = X / np.linalg.norm(X, axis=1, keepdims=True)
    np.testing.assert_allclose(
        found["similarity"], (U[found["i"]] * U[found["j"]]).sum(1), atol=1e-5
    )


def test_semantic_pairs_ignore_row_scale_and_order() -> None:
    X = plant_copies(unit_rows(80, 8, seed=7), [1, 2], noise=0.01, seed=8)
    scaled = X * np.random.default_rng(9).uniform(0.1, 10, size=(len(X), 1))
    base = semantic_duplicate_pairs(X, threshold=0.95)
    assert semantic_duplicate_pairs(scaled, threshold=0.95)[["i", "j"]].equals(base[["i", "j"]])
    perm = np.random.default_rng(10).permutation(len(X))
    shuffled = semantic_duplicate_pairs(X[perm], threshold=0.95)
    back = {
        tuple(sorted((int(perm[i]), int(perm[j]))))
        for i, j in zip(shuffled["i"], shuffled["j"], strict=True)
    }
    assert back == set(zip(base["i"], base["j"], strict=True))


def test_semantic_pairs_run_on_20000_vectors_without_an_n_by_n_matrix() -> None:
    X = plant_copies(unit_rows(20_000, 64, seed=11), [7, 19_999], noise=0.0, seed=12)
    found = semantic_duplicate_pairs(X, threshold=0.95, k=5)
    assert set(zip(found["i"], found["j"], strict=True)) == {(7, 20_000), (19_999, 20_001)}


def test_neighbour_inputs_are_checked() -> None:
    with pytest.raises(ValueError, match="query has 3 dims but reference has 2"):
        nearest_neighbor_similarity(np.ones((2, 3)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="exclude_self needs query == reference, got 2 and 3"):
        nearest_neighbor_similarity(np.eye(2), np.eye(3)[:, :2], exclude_self=True)
    with pytest.raises(ValueError, match="reference needs at least 2 rows, got 1"):
        nearest_neighbor_similarity(np.eye(2)[:1], np.eye(2)[:1], exclude_self=True)
    with pytest.raises(ValueError, match=r"threshold must be a cosine in \[-1, 1\], got 2"):
        semantic_duplicate_pairs(np.eye(2), threshold=2)
    with pytest.raises(ValueError, match="k must be a positive integer, got 0"):
        semantic_duplicate_pairs(np.eye(2), k=0)
    with pytest.raises(ValueError, match="embeddings contains NaN"):
        semantic_duplicate_pairs(np.array([[np.nan, 1.0]]))


def clustered_rows(n: int, d: int, *, clusters: int, seed: int) -> np.ndarray:
    """Unit rows around ``clusters`` centres (text embeddings cluster by topic)."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(clusters, d))
    X = centres[rng.integers(0, clusters, size=n)] + 0.6 * rng.normal(size=(n, d))
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def test_the_approximate_search_finds_the_planted_copies_and_invents_nothing() -> None:
    base = clustered_rows(20_000, 32, clusters=40, seed=13)
    originals = np.random.default_rng(14).choice(20_000, size=300, replace=False).tolist()
    X = plant_copies(base, originals, noise=0.01, seed=15)
    exact = semantic_duplicate_pairs(X, threshold=0.97)
    approximate = semantic_duplicate_pairs(X, threshold=0.97, approximate=True)
    planted = {(o, 20_000 + c) for c, o in enumerate(originals)}
    found = set(zip(approximate["i"], approximate["j"], strict=True))
    assert planted <= set(zip(exact["i"], exact["j"], strict=True))
    assert len(planted & found) >= 0.99 * len(planted)
    assert (approximate["similarity"] >= 0.97).all()
    U = X / np.linalg.norm(X, axis=1, keepdims=True)
    sims = (U[approximate["i"]] * U[approximate["j"]]).sum(1)
    np.testing.assert_allclose(approximate["similarity"], sims, atol=1e-5)  # real pairs only


def test_an_approximate_nearest_neighbour_is_never_closer_than_the_exact_one() -> None:
    real = clustered_rows(20_000, 32, clusters=40, seed=16)
    queries = np.vstack([real[:50] * 2.0, clustered_rows(2_000, 32, clusters=40, seed=17)])
    exact, _ = nearest_neighbor_similarity(queries, real)
    approximate, idx = nearest_neighbor_similarity(queries, real, approximate=True)
    assert (approximate <= exact + 1e-6).all()
    assert idx[:50].tolist() == list(range(50))  # restatements are found
    # ordinary documents: often the same neighbour, otherwise one nearly as close
    assert np.isclose(approximate, exact, atol=1e-6).mean() > 0.7
    assert np.mean(exact - approximate) < 0.01
