"""The engine's memo and the immutable index: what one session computes never changes another's
index, noise floors are computed once per corpus set and sample size, threads agree."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

from mixscope.corpus import Corpus
from mixscope.embed import LexicalEmbedder
from mixscope.evaluation import REGISTRY, Memo, MixIndex, build_index, evaluate
from mixscope.mixing import MixConfig, mix


def _corpus(name: str, role: str, n: int, seed: int) -> Corpus:
    rng = np.random.default_rng(seed)
    words = np.array(
        [
            "she",
            "he",
            "market",
            "river",
            "garden",
            "music",
            "doctor",
            "teacher",
            "happy",
            "sad",
            "old",
            "young",
        ]
    )
    texts = [" ".join(rng.choice(words, 12)) + f" {name} {i}" for i in range(n)]
    frame = pd.DataFrame({"source_row": np.arange(n), "text": texts})
    return Corpus(name, role, frame, "text")  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def indexed() -> tuple[list[Corpus], MixIndex]:
    corpora = [_corpus("real", "real", 400, 0), _corpus("syn", "synthetic", 300, 1)]
    embedder = LexicalEmbedder(dim=32)
    vectors = {c.name: embedder.encode(c.texts) for c in corpora}
    return corpora, build_index(corpora, vectors, model_id=embedder.model_id)


def test_memo_computes_a_key_once_and_forgets_the_least_recently_used() -> None:
    memo, calls = Memo(max_entries=2), []
    assert memo.get("a", lambda: calls.append("a") or 1) == 1
    assert memo.get("a", lambda: calls.append("again") or 2) == 1
    memo.get("b", lambda: 2)
    memo.get("a", lambda: 0)  # "a" used last: "b" is the oldest now
    memo.get("c", lambda: 3)
    assert len(memo) == 2 and calls == ["a"]
    assert memo.get("b", lambda: "recomputed") == "recomputed"
    with pytest.raises(ValueError, match="max_entries"):
        Memo(max_entries=0)


def test_memo_is_safe_under_threads() -> None:
    memo, lock, calls = Memo(), threading.Lock(), [0]

    def compute() -> int:
        with lock:
            calls[0] += 1
        return 42

    with ThreadPoolExecutor(8) as pool:
        values = list(pool.map(lambda k: memo.get(k % 5, compute), range(400)))
    assert values == [42] * 400 and len(memo) == 5
    assert calls[0] <= 5 * 8  # each key computed at most once per racing thread


def test_the_index_is_read_only_and_evaluation_leaves_it_unchanged(indexed: tuple) -> None:
    corpora, index = indexed
    arrays = {k: v.copy() for k, v in vars(index).items() if isinstance(v, np.ndarray)}
    with pytest.raises(ValueError, match="read-only"):
        index.unit[0, 0] = 1.0
    with pytest.raises(AttributeError):
        index.model_id = "other"  # type: ignore[misc]
    evaluate(mix(corpora, MixConfig(synthetic_share=0.4, size=300)), index, memo=Memo())
    for name, before in arrays.items():
        np.testing.assert_array_equal(getattr(index, name), before, err_msg=name)
    assert not hasattr(index, "cache")


def _floor_keys(memo: Memo) -> set:
    return {key for key in memo._values if key[1] in ("floor", "null")}


def test_noise_floors_are_computed_once_per_corpus_set_and_sample_size(indexed: tuple) -> None:
    corpora, index = indexed
    memo = Memo()

    def at(share: float) -> pd.DataFrame:
        m = mix(corpora, MixConfig(synthetic_share=share, size=300))
        return evaluate(m, index, sample_size=100, n_boot=20, memo=memo).table

    first = at(0.5)  # 150 synthetic documents: every sampled metric measures 100
    keys = _floor_keys(memo)
    assert len(keys) == len(first)
    # a slider move: sampled metrics keep their size; MAUVE takes every synthetic document, up
    # to the 200 of real half B it is compared with at the same size
    at(0.7)
    assert {key[2:4] for key in _floor_keys(memo) - keys} == {("mauve", 200)}
    keys = _floor_keys(memo)
    at(0.2)  # 60 synthetic documents: the fidelity metrics measure 60, once
    new = _floor_keys(memo) - keys
    fidelity = {m.name for m in REGISTRY.values() if m.compares == "synthetic" and m.default}
    assert {key[2] for key in new} == fidelity and {key[3] for key in new} == {60}
    again = at(0.5)
    pd.testing.assert_frame_equal(again, first)  # memoised values give the same table


def test_sessions_on_threads_share_one_index_and_get_the_sequential_tables(
    indexed: tuple,
) -> None:
    corpora, index = indexed
    configs = [MixConfig(synthetic_share=s, size=300, seed=k) for k, s in enumerate((0.2, 0.5))]
    expected = [evaluate(mix(corpora, c), index, n_boot=30, memo=Memo()).table for c in configs]
    shared = Memo()

    def run(k: int) -> pd.DataFrame:
        return evaluate(mix(corpora, configs[k % 2]), index, n_boot=30, memo=shared).table

    with ThreadPoolExecutor(4) as pool:
        tables = list(pool.map(run, range(8)))
    for k, table in enumerate(tables):
        pd.testing.assert_frame_equal(table, expected[k % 2])
