"""The OpenVINO backend of all-MiniLM-L6-v2 against the stock model: real model, real openvino."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from mixscope.embed import (
    BACKEND_ENV,
    DEFAULT_MODEL_ID,
    EmbeddingCache,
    OpenVINOEmbedder,
    SentenceTransformerEmbedder,
    backend_note,
    default_cache_id,
    embed_texts,
    get_embedder,
    load_openvino_embedder,
)
from mixscope.embed import openvino_backend as backend

pytest.importorskip("openvino")
pytestmark = pytest.mark.model

LONG = " ".join(f"word{i} and some more text about topic {i % 7}." for i in range(200))
TEXTS = [
    "",
    " ",
    "ok",
    "?",
    "A cat sits on the mat.",
    "The central bank raised interest rates to curb inflation.",
    "Überraschung: das Café öffnet um 8 Uhr, sagt Zoë.",
    "東京で雨が降っています。",
    "🙂👍 great!!",
    LONG,  # > 256 tokens: truncated like the stock model
    LONG[:700],
    "Quarterly earnings beat analyst expectations, lifting the share price. " * 5,
]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def stock(root: Path) -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(cache_root=root)


@pytest.fixture(scope="module")
def fast(stock: SentenceTransformerEmbedder, root: Path) -> OpenVINOEmbedder:
    return load_openvino_embedder(stock, cache_root=root)


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.einsum("ij,ij->i", a.astype(np.float64), b.astype(np.float64))


def test_every_vector_matches_stock(fast: OpenVINOEmbedder, stock) -> None:
    vectors = fast.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 384) and vectors.dtype == np.float32
    assert _cosines(vectors, stock.encode(TEXTS)).min() >= 0.999
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)


def test_long_texts_are_truncated_like_stock(fast: OpenVINOEmbedder) -> None:
    longer = LONG + " and a tail the stock model never sees"
    assert _cosines(fast.encode([LONG]), fast.encode([longer]))[0] > 0.9999


def test_order_is_preserved(fast: OpenVINOEmbedder, stock) -> None:
    order = np.random.default_rng(0).permutation(len(TEXTS))
    shuffled = fast.encode([TEXTS[i] for i in order])  # sorted by length inside, then restored
    assert _cosines(shuffled, stock.encode(TEXTS)[order]).min() >= 0.999
    assert _cosines(shuffled, fast.encode(TEXTS)[order]).min() > 0.9999


@pytest.mark.parametrize("batch_size", [1, 5, 64])
def test_batch_size_does_not_change_vectors(fast: OpenVINOEmbedder, batch_size: int) -> None:
    reference = fast.encode(TEXTS, batch_size=32)
    assert _cosines(fast.encode(TEXTS, batch_size=batch_size), reference).min() > 0.9999


def test_identity_and_verification_are_recorded(fast: OpenVINOEmbedder, stock, root) -> None:
    assert fast.model_id == DEFAULT_MODEL_ID and fast.dim == stock.dim
    assert fast.backend == "openvino"
    stored = json.loads(backend.verification_path(stock.cache_id, root).read_text("utf-8"))
    assert stored == fast.verification == backend.stored_verification(stock.cache_id, root)
    assert stored["probe_texts"] == len(backend.PROBE_TEXTS) == 64
    assert stored["min_cosine"] >= 0.999 and stored["speedup"] > 0
    assert stored["passed"] == (stored["speedup"] >= backend.MIN_SPEEDUP)
    # Vectors equal within float rounding share the stock cache; otherwise they get their own.
    same = stored["max_abs_diff"] <= backend.SAME_VECTORS_ATOL
    assert fast.cache_id == stock.cache_id + ("" if same else f"+openvino-{stored['precision']}")


def test_converted_model_is_reused_not_converted_again(fast, stock, root) -> None:
    folder = backend.model_folder(stock.cache_id, root)
    files = [
        folder / "model.xml",
        folder / "model.bin",
        backend.verification_path(stock.cache_id, root),
    ]
    before = [p.stat().st_mtime_ns for p in files]
    again = load_openvino_embedder(stock, cache_root=root)
    assert [p.stat().st_mtime_ns for p in files] == before
    assert again.verification == fast.verification
    assert not list(folder.parent.glob(".*.tmp"))  # no temporary folder left behind
    np.testing.assert_allclose(again.encode(TEXTS[:4]), fast.encode(TEXTS[:4]), atol=1e-6)


def test_auto_is_the_default_and_uses_openvino_only_when_verified(
    fast: OpenVINOEmbedder, stock, root, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(BACKEND_ENV, raising=False)
    chosen = get_embedder(cache_root=root)
    expected = OpenVINOEmbedder if fast.verification["passed"] else SentenceTransformerEmbedder
    assert type(chosen) is expected
    assert type(get_embedder(cache_root=root, backend="auto")) is expected
    # the key is known without loading, and it is the loaded embedder's
    assert default_cache_id(cache_root=root) == chosen.cache_id
    assert default_cache_id(cache_root=root, backend="stock") == stock.cache_id
    path = backend.verification_path(stock.cache_id, root)
    saved = path.read_text("utf-8")
    try:  # a machine where it did not pay: the stock model, unless openvino is forced
        failed = fast.verification | {"passed": False, "reason": "speed-up 1.10x < 1.5x"}
        path.write_text(json.dumps(failed), "utf-8")
        assert type(get_embedder(cache_root=root)) is SentenceTransformerEmbedder
        assert default_cache_id(cache_root=root) == stock.cache_id
        forced = get_embedder("all-MiniLM-L6-v2", cache_root=root, backend="openvino")
        assert type(forced) is OpenVINOEmbedder and not forced.verification["passed"]
        assert default_cache_id(cache_root=root, backend="openvino") == forced.cache_id
    finally:
        path.write_text(saved, "utf-8")


def test_the_backend_note_says_what_runs_and_why(fast: OpenVINOEmbedder, stock, root) -> None:
    note = backend_note(cache_root=root, backend="auto")
    if fast.verification["passed"]:
        assert note is not None and note.startswith("all-MiniLM-L6-v2 runs through OpenVINO (")
        assert f"{fast.verification['speedup']:.1f}x" in note
    else:
        assert note is not None and fast.verification["reason"] in note
    path = backend.verification_path(stock.cache_id, root)
    saved = path.read_text("utf-8")
    try:
        failed = fast.verification | {"passed": False, "reason": "speed-up 1.10x < 1.5x"}
        path.write_text(json.dumps(failed), "utf-8")
        note = backend_note(cache_root=root, backend="auto")
        assert note is not None and "sentence-transformers" in note and "1.10x < 1.5x" in note
        assert "OpenVINO (" in str(backend_note(cache_root=root, backend="openvino"))  # forced
    finally:
        path.write_text(saved, "utf-8")
    assert backend_note(cache_root=root, backend="stock") is None


def test_a_speed_up_under_the_bar_is_timed_again_before_it_counts(
    fast: OpenVINOEmbedder, stock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backend, "PROBE_TEXTS", backend.PROBE_TEXTS[-8:])  # short and odd
    monkeypatch.setattr(backend, "MIN_SPEEDUP", 1e9)  # never met: every round runs
    slow = backend.verify(stock, fast._compiled)
    assert slow["speed_rounds"] == backend.SPEED_ROUNDS and not slow["passed"]
    assert slow["reason"].startswith("speed-up") and slow["min_cosine"] >= backend.MIN_COSINE
    monkeypatch.setattr(backend, "MIN_SPEEDUP", 0.0)  # always met: one round
    quick = backend.verify(stock, fast._compiled)
    assert quick["speed_rounds"] == 1 and quick["passed"] and quick["probe_texts"] == 8


def test_the_key_waits_for_a_verification(stock, tmp_path: Path) -> None:
    assert default_cache_id(cache_root=tmp_path, backend="stock") == stock.cache_id
    assert default_cache_id(cache_root=tmp_path, backend="auto") is None  # not verified there
    assert default_cache_id(cache_root=tmp_path, backend="openvino") is None
    assert backend_note(cache_root=tmp_path, backend="auto") is None


def test_the_first_verification_stored_wins(fast: OpenVINOEmbedder, tmp_path: Path) -> None:
    # two processes verifying at once: the second adopts the first's verdict (and cache key)
    path = tmp_path / "verified-x.json"
    first = fast.verification | {"speedup": 2.0}
    assert backend._store_first(path, first) == first
    second = fast.verification | {"passed": not first["passed"], "speedup": 1.2}
    assert backend._store_first(path, second) == first
    assert json.loads(path.read_text("utf-8")) == first
    assert [p.name for p in tmp_path.iterdir()] == ["verified-x.json"]  # no temporary left


def test_without_hard_links_the_verification_is_still_stored(
    fast: OpenVINOEmbedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*_: object) -> None:
        raise PermissionError(1, "Operation not permitted")  # as on some network file systems

    monkeypatch.setattr(backend.os, "link", no_links)
    path = tmp_path / "verified-x.json"
    assert backend._store_first(path, fast.verification) == fast.verification
    assert json.loads(path.read_text("utf-8")) == fast.verification
    assert [p.name for p in tmp_path.iterdir()] == ["verified-x.json"]


def test_stock_can_be_forced(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forced = get_embedder("all-MiniLM-L6-v2", cache_root=root, backend="stock")
    assert type(forced) is SentenceTransformerEmbedder
    monkeypatch.setenv(BACKEND_ENV, "stock")
    assert type(get_embedder(cache_root=root)) is SentenceTransformerEmbedder
    monkeypatch.setenv(BACKEND_ENV, "fastest")
    with pytest.raises(ValueError, match="backend must be one of"):
        get_embedder(cache_root=root)


def test_embed_texts_fills_its_own_cache(fast: OpenVINOEmbedder, tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    cold = embed_texts(TEXTS, fast, cache=cache)
    assert cache.count(fast.cache_id, dim=fast.dim) == len(set(TEXTS))
    np.testing.assert_array_equal(embed_texts(TEXTS, fast, cache=cache), cold)


def test_missing_openvino_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openvino", None)  # makes `import openvino` fail
    with pytest.raises(ImportError, match="pip install openvino"):
        backend._import_openvino()


def test_mixscope_embed_names_the_backend(
    fast: OpenVINOEmbedder,
    root: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mixscope.cli import main

    monkeypatch.delenv(BACKEND_ENV, raising=False)
    source = tmp_path / "texts.csv"
    source.write_text("text\nA cat sits on the mat.\nThe river flooded the fields.\n", "utf-8")
    assert main(["embed", str(source), "--cache-dir", str(root)]) == 0
    out, err = capsys.readouterr()
    assert "converting" not in err  # verified in this cache root already: nothing to say
    line = out.strip()
    assert line.startswith("texts: 2 documents: 2 embedded, 0 from cache (")
    via = f"{DEFAULT_MODEL_ID} via OpenVINO {fast.verification['precision']}, dim 384"
    # named when it ran and its vectors are its own (bf16; f32 ones equal the stock model's)
    assert (via in line) == (fast.verification["passed"] and bool(fast.verification["cache_tag"]))


def test_the_cli_says_when_it_first_converts_and_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from mixscope.cli.options import load_embedder

    monkeypatch.delenv(BACKEND_ENV, raising=False)
    loaded = load_embedder(None, tmp_path)  # a cache root with no verification yet
    assert "converting all-MiniLM-L6-v2 to OpenVINO" in capsys.readouterr().err
    assert loaded.cache_id == default_cache_id(cache_root=tmp_path)  # known from now on
    load_embedder("all-MiniLM-L6-v2", tmp_path)
    assert "converting" not in capsys.readouterr().err


def test_mixscope_backend_says_what_runs_and_checks_again_on_request(
    fast: OpenVINOEmbedder,
    stock,
    root: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from mixscope.cli import main

    monkeypatch.delenv(BACKEND_ENV, raising=False)
    assert main(["backend", "--cache-dir", str(tmp_path)]) == 0  # nothing checked there yet
    assert "has not been checked on this machine yet" in capsys.readouterr().out
    path = backend.verification_path(stock.cache_id, root)
    saved = path.read_text("utf-8")
    try:
        # a check that fell back on a busy machine is kept...
        failed = fast.verification | {"passed": False, "reason": "speed-up 1.10x < 1.5x"}
        path.write_text(json.dumps(failed), "utf-8")
        assert main(["backend", "--cache-dir", str(root)]) == 0
        out = capsys.readouterr().out
        assert "runs through sentence-transformers" in out and "failed: speed-up 1.10x" in out
        assert f"stored in {path}" in out
        assert default_cache_id(cache_root=root) == stock.cache_id
        # ...until it is checked again, which replaces it
        assert main(["backend", "--check", "--cache-dir", str(root)]) == 0
        out, err = capsys.readouterr()
        assert "checking the OpenVINO backend" in err
        fresh = json.loads(path.read_text("utf-8"))
        assert fresh["reason"] != failed["reason"] and fresh["checked_utc"] in out
        assert f"{fresh['speedup']:.2f}x on 64 probe texts" in out
        key = default_cache_id(cache_root=root)
        assert key == stock.cache_id + (fresh["cache_tag"] if fresh["passed"] else "")
        # the key moved off the stock one exactly when OpenVINO passed with its own vectors
        assert ("cache key changed" in out) == (key != stock.cache_id)
    finally:
        path.write_text(saved, "utf-8")


def test_mixscope_backend_without_openvino_says_what_to_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    from mixscope.cli import main

    real = importlib.util.find_spec

    def find_spec(name: str, *rest: object) -> object:
        return None if name == "openvino" else real(name, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    assert main(["backend", "--cache-dir", str(tmp_path)]) == 0
    assert "openvino is not installed" in capsys.readouterr().out
    assert main(["backend", "--check", "--cache-dir", str(tmp_path)]) == 2
    assert "pip install openvino" in capsys.readouterr().err
