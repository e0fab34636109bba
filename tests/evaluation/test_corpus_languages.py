"""Languages are detected once per corpus content: the Corpora page and the index share them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from mixscope.evaluation import IndexStore, corpus_languages
from mixscope.evaluation import corpus_index as corpus_index_module
from mixscope.metrics import language as language_module
from mixscope.metrics.language import detect_languages
from tests.evaluation.test_index_store import _build, _corpora, _corpus

GERMAN = "Der Ausschuss wird sich nächste Woche erneut treffen, um den Haushalt zu besprechen."
ENGLISH = "The committee will meet again next week to discuss the budget."


def _forbid_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("detected again instead of loaded")

    monkeypatch.setattr(corpus_index_module, "detect_languages", fail)


def test_languages_detected_for_the_page_are_loaded_by_a_later_call_and_the_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpora = [_corpus("real", "real", [ENGLISH, GERMAN, "ok"] * 10), _corpora()[1]]
    store = IndexStore(tmp_path)
    first = [corpus_languages(c, store) for c in corpora]
    assert first[0].tolist() == ["en", "de", "und"] * 10
    assert first[0].dtype == object
    _forbid_detection(monkeypatch)
    again = [corpus_languages(c, store) for c in corpora]
    assert [a.tolist() for a in again] == [f.tolist() for f in first]
    assert again[0].dtype == object
    index = _build(corpora, store)  # text structures built, languages taken from the store
    assert [c.languages.tolist() for c in index.corpora] == [f.tolist() for f in first]


def test_an_index_build_keeps_the_languages_the_page_then_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpora = _corpora()
    store = IndexStore(tmp_path)
    index = _build(corpora, store)
    _forbid_detection(monkeypatch)
    for corpus, built in zip(corpora, index.corpora, strict=True):
        assert corpus_languages(corpus, store).tolist() == built.languages.tolist()


def test_without_a_store_or_with_an_entry_of_another_length_languages_are_detected(
    tmp_path: Path,
) -> None:
    corpus = _corpus("real", "real", [ENGLISH, GERMAN])
    assert corpus_languages(corpus).tolist() == ["en", "de"]
    store = IndexStore(tmp_path)
    key = corpus_index_module.languages_key(corpus)
    store.save("languages", key, {"languages": np.array(["fr"], dtype=str)})  # one row, not two
    assert corpus_languages(corpus, store).tolist() == ["en", "de"]
    assert corpus_index_module.stored_languages(corpus, store) is not None  # written again


def test_known_languages_are_taken_as_given_in_one_process_or_several(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [t for c in _corpora() for t in c.texts]
    given = np.array([f"x{i % 7}" for i in range(len(texts))], dtype=object)
    one = corpus_index_module.text_structures(texts, languages=given)
    monkeypatch.setattr(corpus_index_module, "BLOCK", 25)  # 110 texts: 5 blocks
    two = corpus_index_module.text_structures(texts, workers=2, languages=given)
    for arrays in (one, two):
        assert arrays["languages"].tolist() == given.tolist()
        assert arrays["languages"].dtype.kind == "U"
    with pytest.raises(ValueError, match="got 3 languages for 110 texts"):
        corpus_index_module.text_structures(texts, languages=given[:3])


def test_detection_reports_progress_and_a_stored_entry_reports_it_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(language_module, "PROGRESS_EVERY", 2)
    seen: list[tuple[int, int]] = []
    detect_languages([ENGLISH] * 5, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(2, 5), (4, 5), (5, 5)]
    corpus = _corpus("real", "real", [ENGLISH] * 3)
    store = IndexStore(tmp_path)
    seen.clear()
    corpus_languages(corpus, store, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(2, 3), (3, 3)]
    seen.clear()
    corpus_languages(corpus, store, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(3, 3)]
