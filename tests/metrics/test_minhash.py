"""MinHash signatures and LSH: known answers, planted near-duplicates, datasketch cross-checks."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from mixscope.metrics.minhash import (
    candidate_pairs,
    hash_shingle,
    jaccard,
    lsh_params,
    minhash_signatures,
    near_duplicate_pairs,
    pairs_sharing_key,
    word_shingles,
)

VOCAB = [f"w{k}" for k in range(5000)]


def random_docs(n: int, words: int, seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    return [" ".join(rng.choice(VOCAB, words)) for _ in range(n)]


def edit(doc: str, positions: list[int]) -> str:
    """Replace the words at ``positions`` with words outside VOCAB."""
    words = doc.split()
    for p in positions:
        words[p] = f"edited{p}"
    return " ".join(words)


def datasketch_minhash(text: str, **kwargs: object) -> MinHash:
    m = MinHash(num_perm=128, seed=1, **kwargs)
    m.update_batch([s.encode() for s in word_shingles(text)])
    return m


# --- shingles -------------------------------------------------------------------------------


def test_shingles_are_lowercased_word_5grams_ignoring_punctuation() -> None:
    assert word_shingles("A b, C d E f!") == {"a b c d e", "b c d e f"}
    assert word_shingles("A B C D E F") == word_shingles("a b c d e f")


def test_short_docs_are_one_shingle_and_wordless_docs_their_normalised_text() -> None:
    assert word_shingles("Only four words here") == {"only four words here"}
    assert word_shingles(" !!!  ??") == {"!!! ??"}
    assert word_shingles("") == {""}


def test_jaccard_known_answers() -> None:
    assert jaccard({"a", "b"}, {"a", "b"}) == 1.0
    assert jaccard({"a"}, {"b"}) == 0.0
    assert jaccard({"a", "b", "c", "d"}, {"a", "b", "c", "e"}) == pytest.approx(3 / 5)


# --- signatures vs datasketch ---------------------------------------------------------------


def test_signatures_equal_datasketch_bit_for_bit_with_the_same_hash() -> None:
    # ~350k shingles in total: spans several of the vectorised blocks
    rng = np.random.default_rng(0)
    docs = [" ".join(rng.choice(VOCAB, rng.integers(1, 2500))) for _ in range(280)]
    docs += ["", "!!!", "two words", "Five words exactly in here"]
    sig = minhash_signatures(docs)
    assert sig.shape == (len(docs), 128) and sig.dtype == np.uint32
    for k, text in enumerate(docs):
        np.testing.assert_array_equal(
            sig[k], datasketch_minhash(text, hashfunc=hash_shingle).hashvalues
        )


def test_jaccard_estimates_agree_with_datasketch_default_sha1_hash() -> None:
    # datasketch hashes shingles with SHA1, we use xxh32: signatures differ, estimates agree
    base = random_docs(20, 200, seed=1)
    variants = [edit(d, list(range(3, 3 + 10 * k, 10))) for k, d in enumerate(base, start=1)]
    ours = minhash_signatures(base + variants)
    for k, (a, b) in enumerate(zip(base, variants, strict=True)):
        truth = jaccard(word_shingles(a), word_shingles(b))
        theirs = datasketch_minhash(a).jaccard(datasketch_minhash(b))
        estimate = float((ours[k] == ours[len(base) + k]).mean())
        assert abs(estimate - truth) < 0.15 and abs(theirs - truth) < 0.15
        assert abs(estimate - theirs) < 0.2


def test_signatures_of_a_mix_are_slices_of_per_corpus_signatures() -> None:
    real, synthetic = random_docs(30, 60, seed=2), random_docs(20, 60, seed=3)
    stacked = np.vstack([minhash_signatures(real), minhash_signatures(synthetic)])
    picks = np.array([3, 31, 0, 49, 12, 30])
    texts = (real + synthetic)[:]
    np.testing.assert_array_equal(stacked[picks], minhash_signatures([texts[p] for p in picks]))


def test_signatures_depend_on_seed_and_reject_bad_options() -> None:
    docs = random_docs(2, 30, seed=4)
    assert not np.array_equal(minhash_signatures(docs, seed=1), minhash_signatures(docs, seed=2))
    with pytest.raises(ValueError, match="num_perm must be a positive integer, got 0"):
        minhash_signatures(docs, num_perm=0)
    with pytest.raises(ValueError, match="ngram must be a positive integer"):
        minhash_signatures(docs, ngram=0)
    with pytest.raises(ValueError, match=r"texts\[1\] must be str, got int"):
        minhash_signatures(["a", 3])  # type: ignore[list-item]


# --- LSH ------------------------------------------------------------------------------------


def test_lsh_params_reach_the_requested_recall_at_the_threshold() -> None:
    for threshold in (0.5, 0.7, 0.8, 0.9):
        b, r = lsh_params(threshold, 128)
        assert b * r <= 128
        assert 1 - (1 - threshold**r) ** b >= 0.999
        assert 1 - (1 - threshold ** (r + 1)) ** (128 // (r + 1)) < 0.999  # r is the largest
    assert lsh_params(0.8, 128) == (25, 5)
    assert lsh_params(0.8, 128, recall=0.99) == (21, 6)
    # a pair whose 128-permutation estimate fell to 0.77 (true Jaccard 0.85) is still proposed
    b, r = lsh_params(0.8, 128)
    assert 1 - (1 - 0.77**r) ** b > 0.999
    with pytest.raises(ValueError, match=r"threshold must be in \(0, 1\], got 1.5"):
        lsh_params(1.5, 128)


def test_pairs_sharing_key_lists_every_pair_in_every_group() -> None:
    i, j = pairs_sharing_key(np.array([5, 1, 5, 2, 1, 5, 9]))
    assert list(zip(i.tolist(), j.tolist(), strict=True)) == [(0, 2), (0, 5), (1, 4), (2, 5)]
    assert len(pairs_sharing_key(np.arange(4))[0]) == 0


def test_candidates_equal_datasketch_minhashlsh_with_the_same_bands() -> None:
    base = random_docs(40, 80, seed=5)
    docs = base + [edit(d, list(range(0, 8 * (k % 9), 8))) for k, d in enumerate(base)]
    docs += [base[0]] * 3 + [base[1]] * 2  # groups of identical signatures are expanded
    sig = minhash_signatures(docs)
    bands, rows = lsh_params(0.8, 128)
    lsh = MinHashLSH(num_perm=128, params=(bands, rows))
    sketches = [MinHash(num_perm=128, hashvalues=s, scheme="affine32") for s in sig]
    for k, m in enumerate(sketches):
        lsh.insert(k, m)
    expected = {(k, q) for k, m in enumerate(sketches) for q in lsh.query(m) if k < q}
    ours = {tuple(p) for p in candidate_pairs(sig, bands=bands, rows=rows).tolist()}
    assert ours == expected and len(ours) >= 20


# --- near-duplicate pairs: planted truths ---------------------------------------------------


def test_finds_exactly_the_planted_near_duplicates_verified_on_shingles() -> None:
    base = random_docs(60, 120, seed=6)
    near = list(range(0, 60, 6))  # 10 near-copies with 1 or 2 word edits
    exact = list(range(1, 60, 20))  # 3 exact copies
    docs = base + [edit(base[k], [40] if k % 12 else [30, 90]) for k in near]
    docs += [base[k] for k in exact] + random_docs(30, 50, seed=7)
    planted = {(k, 60 + m) for m, k in enumerate(near + exact)}
    found = near_duplicate_pairs(minhash_signatures(docs), texts=docs)
    assert set(zip(found["i"], found["j"], strict=True)) == planted
    truth = [jaccard(word_shingles(docs[i]), word_shingles(docs[j])) for i, j in sorted(planted)]
    np.testing.assert_allclose(found["similarity"], truth)
    assert found["similarity"].min() >= 0.8


def test_signature_estimate_finds_clear_near_duplicates_without_texts() -> None:
    base = random_docs(50, 200, seed=8)
    docs = base + [edit(base[k], [100]) for k in range(10)]  # true Jaccard 191/201 = 0.95
    found = near_duplicate_pairs(minhash_signatures(docs))
    assert set(zip(found["i"], found["j"], strict=True)) == {(k, 50 + k) for k in range(10)}
    assert found["similarity"].between(0.85, 1.0).all()


def test_near_duplicates_of_short_docs_need_the_whole_doc_to_match() -> None:
    docs = ["Hello there", "hello, THERE!", "hello you", "Yes"]
    found = near_duplicate_pairs(minhash_signatures(docs), texts=docs)
    assert found.to_dict("records") == [{"i": 0, "j": 1, "similarity": 1.0}]


def test_near_duplicate_pairs_reject_misaligned_or_foreign_input() -> None:
    sig = minhash_signatures(["a b", "c d"])
    with pytest.raises(ValueError, match="got 3 texts, 2 rows"):
        near_duplicate_pairs(sig, texts=["a", "b", "c"])
    with pytest.raises(ValueError, match="unsigned integer array from minhash_signatures"):
        near_duplicate_pairs(sig.astype(np.float64))
