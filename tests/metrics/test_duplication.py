"""Exact duplicates, clusters and cross-source copies: known answers and planted truths.

A duplicate rate is the mean of one flag per document (what a deduplication would drop); the
evaluation engine takes that mean under bootstrap weights, so the tests check the flags.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mixscope.metrics.duplication import (
    cross_source_flags,
    duplicate_clusters,
    duplicate_key,
    exact_duplicate_flags,
    near_duplicate_of,
)
from mixscope.metrics.minhash import minhash_signatures, near_duplicate_pairs
from mixscope.metrics.neighbors import semantic_duplicate_pairs

VOCAB = [f"w{k}" for k in range(5000)]


def random_docs(n: int, words: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    return [" ".join(rng.choice(VOCAB, words)) for _ in range(n)]


def pairs(*edges: tuple[int, int]) -> pd.DataFrame:
    return pd.DataFrame({"i": [e[0] for e in edges], "j": [e[1] for e in edges]}, dtype=np.int64)


def as_set(frame: pd.DataFrame) -> set[tuple[int, int]]:
    return set(zip(frame["i"].tolist(), frame["j"].tolist(), strict=True))


def exact_flags(texts: list[str], *, loose: bool = False) -> np.ndarray:
    return exact_duplicate_flags([duplicate_key(t, loose=loose) for t in texts])


def dropped(n: int, found: pd.DataFrame) -> np.ndarray:
    """Flags of the documents a deduplication over the pairs ``found`` drops."""
    return near_duplicate_of(n, found) >= 0


# --- exact duplicates -----------------------------------------------------------------------


def test_exact_keys_forgive_unicode_form_and_whitespace_and_loosely_case_and_punctuation() -> None:
    assert duplicate_key("Cafe\u0301  au\nlait") == duplicate_key("Café au lait")
    assert duplicate_key("Café au lait") != duplicate_key("café au lait!")
    assert duplicate_key("Café, au lait", loose=True) == duplicate_key("café au  lait!", loose=True)
    assert duplicate_key("a-b", loose=True) == duplicate_key("ab", loose=True)


def test_exact_flags_known_answer() -> None:
    texts = ["x", "y", " x", "z", "y\n", "x"]
    assert exact_flags(texts).tolist() == [False, False, True, False, True, True]
    assert exact_flags(texts).mean() == pytest.approx(3 / 6)
    assert exact_flags(["Hi!", "hi"], loose=True).mean() == 0.5
    assert exact_duplicate_flags([7, 3, 7]).tolist() == [False, False, True]  # any keys
    with pytest.raises(ValueError, match="1-D"):
        exact_duplicate_flags([[1, 2]])


def test_finds_exactly_the_planted_exact_duplicates() -> None:
    docs = random_docs(200, 30, seed=0)
    rng = np.random.default_rng(1)
    sources = rng.choice(200, size=15, replace=False)
    positions = np.sort(rng.choice(np.arange(200, 215), size=15, replace=False))
    texts = docs + [""] * 15
    for src, pos in zip(sources, positions, strict=True):
        texts[pos] = "  " + docs[src].upper().lower() + "\n"  # same after normalisation
    flags = exact_flags(texts)
    assert np.flatnonzero(flags).tolist() == positions.tolist()
    keys = [duplicate_key(t) for t in texts]
    assert all(keys[s] == keys[p] for s, p in zip(sources, positions, strict=True))


# --- clusters -------------------------------------------------------------------------------


def test_clusters_are_transitive_and_numbered_by_first_member() -> None:
    edges = pairs((5, 6), (1, 3), (3, 4), (0, 6))
    assert near_duplicate_of(8, edges).tolist() == [-1, -1, -1, 1, 1, 0, 0, -1]
    clusters = duplicate_clusters(8, edges)
    assert clusters.to_dict("list") == {"cluster": [0, 0, 0, 1, 1, 1], "member": [0, 5, 6, 1, 3, 4]}
    assert dropped(8, edges).mean() == pytest.approx(4 / 8)


def test_no_pairs_means_no_clusters() -> None:
    assert near_duplicate_of(3, pairs()).tolist() == [-1, -1, -1]
    assert duplicate_clusters(3, pairs()).empty
    assert not dropped(3, pairs()).any()


def test_pair_inputs_are_checked() -> None:
    with pytest.raises(ValueError, match=r"pair indices must be in \[0, 3\), got 0..3"):
        near_duplicate_of(3, pairs((0, 3)))
    with pytest.raises(ValueError, match="pairs must be a DataFrame with columns i, j"):
        near_duplicate_of(3, pd.DataFrame({"a": [0]}))
    with pytest.raises(ValueError, match=r"pair indices must be in \[0, 2\)"):
        cross_source_flags(pairs((0, 2)), ["a", "b"])


# --- within / cross source ------------------------------------------------------------------


def test_cross_source_flags_mark_both_ends_of_a_pair_across_sources() -> None:
    sources = ["real", "real", "gen", "gen", "gen", "other"]
    edges = pairs((0, 1), (0, 2), (2, 3), (1, 2), (4, 5), (3, 0))
    assert cross_source_flags(edges, sources).tolist() == [True] * 6
    within = cross_source_flags(pairs((0, 1), (2, 3)), sources)
    assert not within.any()
    assert cross_source_flags(pairs((1, 2)), sources).tolist() == [0, 1, 1, 0, 0, 0]


# --- planted mix: real + synthetic, every detector finds exactly what was planted ------------


def edit(doc: str, positions: list[int]) -> str:
    words = doc.split()
    for p in positions:
        words[p] = f"edited{p}"
    return " ".join(words)


def planted_mix() -> tuple[list[str], np.ndarray, list[str], list[str], dict[str, set]]:
    """100 real docs, then 40 synthetic: exact copies of real, edited copies, internal repeats."""
    real = random_docs(100, 150, seed=2)
    synthetic = random_docs(30, 150, seed=3)
    synthetic += [real[k] for k in (4, 50)]  # 130, 131: exact copies of real rows
    synthetic += [edit(real[k], [20, 100]) for k in (7, 60, 99)]  # 132-134: two-word edits
    synthetic += [edit(synthetic[k], [75]) for k in (0, 1, 2)]  # 135-137: within synthetic
    synthetic += [synthetic[5], synthetic[5]]  # 138, 139: two exact repeats of synthetic row 5
    texts = real + synthetic
    rng = np.random.default_rng(4)
    X = rng.normal(size=(len(texts), 64))
    copies = {130: 4, 131: 50, 132: 7, 133: 60, 134: 99, 135: 100, 136: 101, 137: 102}
    copies |= {138: 105, 139: 105}
    for copy, original in copies.items():  # semantic copies: same direction, a little noise
        X[copy] = X[original] + 0.05 * rng.normal(size=64)
    exact = {(4, 130), (50, 131), (105, 138), (105, 139), (138, 139)}
    near = exact | {(7, 132), (60, 133), (99, 134), (100, 135), (101, 136), (102, 137)}
    sources = ["wiki"] * 100 + ["gen"] * 40
    roles = ["real"] * 100 + ["synthetic"] * 40
    return texts, X, sources, roles, {"exact": exact, "near": near}


def test_planted_mix_exact_near_and_semantic_find_exactly_the_plants() -> None:
    texts, X, sources, _, truth = planted_mix()
    keys = [duplicate_key(t) for t in texts]
    exact = {(i, j) for i, j in truth["near"] if keys[i] == keys[j]}
    assert exact == truth["exact"]
    assert np.flatnonzero(exact_flags(texts)).tolist() == [130, 131, 138, 139]
    near = near_duplicate_pairs(minhash_signatures(texts), texts=texts)
    assert as_set(near) == truth["near"]
    semantic = semantic_duplicate_pairs(X, threshold=0.95)
    assert as_set(semantic) == truth["near"]
    for found in (near, semantic):
        # 5 synthetic copies of real documents, each flagged with its real original
        cross = cross_source_flags(found, sources)
        assert np.flatnonzero(cross).tolist() == [4, 7, 50, 60, 99, 130, 131, 132, 133, 134]


def test_planted_mix_rates_and_per_document_columns() -> None:
    texts, X, sources, _, truth = planted_mix()
    n = len(texts)
    assert exact_flags(texts).mean() == pytest.approx(4 / n)
    found = near_duplicate_pairs(minhash_signatures(texts), texts=texts)
    assert dropped(n, found).mean() == pytest.approx(10 / n)
    assert dropped(n, semantic_duplicate_pairs(X)).mean() == pytest.approx(10 / n)
    near = pairs(*sorted(truth["near"]))
    assert cross_source_flags(near, sources).mean() == pytest.approx(10 / n)
    of = near_duplicate_of(n, near)
    assert {int(k): int(of[k]) for k in np.flatnonzero(of >= 0)} == {
        130: 4,
        131: 50,
        132: 7,
        133: 60,
        134: 99,
        135: 100,
        136: 101,
        137: 102,
        138: 105,
        139: 105,
    }


def test_rates_do_not_depend_on_document_order() -> None:
    texts, X, *_ = planted_mix()
    perm = np.random.default_rng(5).permutation(len(texts))
    shuffled = [texts[k] for k in perm]
    sig, n = minhash_signatures(texts), len(texts)
    assert exact_flags(shuffled).mean() == exact_flags(texts).mean()
    near = near_duplicate_pairs(sig, texts=texts)
    near_shuffled = near_duplicate_pairs(sig[perm], texts=shuffled)
    assert dropped(n, near_shuffled).mean() == dropped(n, near).mean()
    semantic, semantic_shuffled = semantic_duplicate_pairs(X), semantic_duplicate_pairs(X[perm])
    assert dropped(n, semantic_shuffled).mean() == dropped(n, semantic).mean()
