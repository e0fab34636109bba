"""Index structures on disk: a second build loads them, equal to a fresh build, damage rebuilds."""

from __future__ import annotations

import mmap
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.sparse import csr_matrix

from mixscope.corpus import Corpus
from mixscope.embed import LexicalEmbedder, axis_directions
from mixscope.evaluation import IndexSettings, IndexStore, MixIndex, build_index, evaluate
from mixscope.evaluation import corpus_index as corpus_index_module
from mixscope.evaluation import index as index_module
from mixscope.metrics.clusters import ClusterModel
from mixscope.metrics.prdc import RealManifold
from mixscope.mixing import MixConfig, mix

ROOT = Path(__file__).resolve().parents[2]


def _corpus(name: str, role: str, texts: list[str]) -> Corpus:
    frame = pd.DataFrame({"source_row": np.arange(len(texts)), "text": texts})
    return Corpus(name, role, frame, "text")  # type: ignore[arg-type]


def _corpora() -> list[Corpus]:
    words = ["she", "he", "happy", "sad", "old", "young", "topic", "report", "garden", "city"]
    rng = np.random.default_rng(3)

    def texts(n: int, prefix: str) -> list[str]:
        return [f"{prefix} " + " ".join(rng.choice(words, size=12)) for _ in range(n)]

    repeated = texts(20, "syn")
    return [
        _corpus("real", "real", texts(80, "real")),
        _corpus("syn", "synthetic", repeated + repeated[:10]),  # exact duplicates inside
    ]


def _build(corpora: list[Corpus], store: IndexStore | None, dim: int = 32) -> MixIndex:
    embedder = LexicalEmbedder(dim=dim)
    vectors = {c.name: embedder.encode(c.texts) for c in corpora}
    return build_index(
        corpora, vectors, model_id=embedder.model_id, axes=axis_directions(embedder), store=store
    )


def _same(a: object, b: object) -> bool:
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and np.array_equal(a, b)
    if isinstance(a, csr_matrix):
        return isinstance(b, csr_matrix) and a.shape == b.shape and (a != b).nnz == 0
    if isinstance(a, pd.DataFrame):
        return isinstance(b, pd.DataFrame) and a.equals(b)
    if isinstance(a, ClusterModel | RealManifold):
        pairs = zip(vars(a).values(), vars(b).values(), strict=True)
        return type(a) is type(b) and all(_same(x, y) for x, y in pairs)
    if isinstance(a, tuple | list):
        return isinstance(b, tuple | list) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if hasattr(a, "__dataclass_fields__") and not isinstance(a, IndexSettings):
        return all(_same(x, y) for x, y in zip(vars(a).values(), vars(b).values(), strict=True))
    return a == b


def _forbid_building(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the slow builders fail: a build that still calls them did not load."""

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("rebuilt instead of loaded")

    for name in ("sentiment_scores", "minhash_signatures", "detect_languages"):
        monkeypatch.setattr(corpus_index_module, name, fail)
    for name in ("quantize", "near_duplicate_pairs", "semantic_duplicate_pairs", "real_manifold"):
        monkeypatch.setattr(index_module, name, fail)


def test_a_second_build_loads_every_structure_equal_to_a_fresh_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpora = _corpora()
    fresh = _build(corpora, None)
    store = IndexStore(tmp_path)
    first = _build(corpora, store)
    assert len(list((tmp_path / "indexes" / "corpus").glob("*.npz"))) == 2
    assert len(list((tmp_path / "indexes" / "pool").glob("*.npz"))) == 1
    _forbid_building(monkeypatch)
    loaded = _build(corpora, IndexStore(tmp_path))
    for name in vars(fresh):
        assert _same(getattr(fresh, name), getattr(first, name)), name
        assert _same(getattr(fresh, name), getattr(loaded, name)), name
    assert len(loaded.near_pairs) > 0  # the duplicates were found, and kept
    m = mix(corpora, MixConfig(synthetic_share=0.5, size=40))
    a = evaluate(m, fresh, n_boot=20)
    b = evaluate(m, loaded, n_boot=20)
    pd.testing.assert_frame_equal(a.table, b.table)
    pd.testing.assert_frame_equal(a.documents, b.documents)


def test_other_embeddings_reuse_the_text_structures_and_rebuild_the_pool(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpora = _corpora()
    store = IndexStore(tmp_path)
    _build(corpora, store, dim=32)
    expected = _build(corpora, None, dim=48)
    for name in ("sentiment_scores", "minhash_signatures", "detect_languages"):
        monkeypatch.setattr(corpus_index_module, name, pytest.fail)
    other = _build(corpora, store, dim=48)  # a different embedder: same texts, new pool
    assert other.unit.shape[1] == 48
    assert len(list((tmp_path / "indexes" / "pool").glob("*.npz"))) == 2
    for name in vars(expected):
        assert _same(getattr(expected, name), getattr(other, name)), name


def test_changed_settings_are_a_different_entry(tmp_path: Path) -> None:
    corpora = _corpora()
    embedder = LexicalEmbedder(dim=32)
    vectors = {c.name: embedder.encode(c.texts) for c in corpora}
    store = IndexStore(tmp_path)
    build_index(corpora, vectors, model_id="lex", store=store)
    ix = build_index(corpora, vectors, model_id="lex", store=store,
                     settings=IndexSettings(num_perm=64))  # fmt: skip
    assert ix.signatures.shape[1] == 64
    assert len(list((tmp_path / "indexes" / "corpus").glob("*.npz"))) == 4


def test_a_damaged_entry_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    corpora = _corpora()
    fresh = _build(corpora, IndexStore(tmp_path))
    (pool,) = (tmp_path / "indexes" / "pool").glob("*.npz")
    data = bytearray(pool.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte inside an array: the zip CRC fails
    pool.write_bytes(bytes(data))
    with pytest.warns(RuntimeWarning, match="damaged index structures"):
        again = _build(corpora, IndexStore(tmp_path))
    assert pool.with_name(pool.name + ".corrupt").exists() and pool.exists()  # rebuilt
    assert _same(fresh.half_balls, again.half_balls)
    assert _same(fresh.mauve_labels, again.mauve_labels)


def test_an_entry_holding_objects_is_refused_never_unpickled(tmp_path: Path) -> None:
    corpora = _corpora()
    _build(corpora, IndexStore(tmp_path))
    (pool,) = (tmp_path / "indexes" / "pool").glob("*.npz")
    with np.load(pool) as archive:
        arrays = {name: archive[name] for name in archive.files}
    arrays["clusters"] = np.array([object()] * 3, dtype=object)
    with open(pool, "wb") as f:
        np.savez(f, allow_pickle=True, **arrays)
    with pytest.warns(RuntimeWarning, match="damaged index structures"):
        again = _build(corpora, IndexStore(tmp_path))
    assert again.clusters.dtype == np.int64


def test_an_entry_of_another_size_is_not_used(tmp_path: Path) -> None:
    corpora = _corpora()
    store = IndexStore(tmp_path)
    fresh = _build(corpora, store)
    (entry,) = [p for p in (tmp_path / "indexes" / "corpus").glob("*.npz")
                if len(np.load(p)["sentiment"]) == 80]  # fmt: skip
    with np.load(entry) as archive:
        arrays = {name: archive[name][:5] for name in archive.files}
    with open(entry, "wb") as f:
        np.savez(f, **arrays)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        again = _build(corpora, store)
    assert _same(fresh.sentiment, again.sentiment)


def _mapped(array: np.ndarray) -> bool:
    base = array
    while base is not None and not isinstance(base, mmap.mmap):
        base = getattr(base, "base", None)
    return base is not None


def test_the_unit_embeddings_and_signatures_are_memory_mapped_from_the_store(
    tmp_path: Path,
) -> None:
    corpora = _corpora()
    plain = _build(corpora, None)
    assert not _mapped(plain.unit) and not _mapped(plain.signatures)
    for _ in range(2):  # written by the first build, read back by the second
        stored = _build(corpora, IndexStore(tmp_path))
        assert _mapped(stored.unit) and _mapped(stored.signatures)
        assert _mapped(stored.corpora[1].unit)  # each corpus's rows are views of the map
        assert _same(plain.unit, stored.unit) and _same(plain.signatures, stored.signatures)
    names = sorted(p.name.split(".", 1)[1] for p in (tmp_path / "indexes" / "pool").iterdir())
    assert names == ["npz", "signatures.npy", "unit.npy"]
    config = MixConfig(synthetic_share=0.5, size=60)
    one, two = (evaluate(mix(corpora, config), ix, sample_size=40).table for ix in (plain, stored))
    pd.testing.assert_frame_equal(one, two)


@pytest.mark.parametrize("damage", ["flipped byte", "other shape"])
def test_a_damaged_mapped_array_is_moved_aside_and_written_again(
    tmp_path: Path, damage: str
) -> None:
    corpora = _corpora()
    fresh = _build(corpora, None)
    _build(corpora, IndexStore(tmp_path))  # (its map sees the damage below: files are only
    (path,) = (tmp_path / "indexes" / "pool").glob("*.unit.npy")  # ever replaced, not edited)
    if damage == "flipped byte":
        data = bytearray(path.read_bytes())
        data[-7] ^= 0xFF  # inside the last row: the header still reads
        path.write_bytes(bytes(data))
    else:
        np.save(path, np.load(path)[:5])
    with pytest.warns(RuntimeWarning, match="damaged index structures"):
        again = _build(corpora, IndexStore(tmp_path))
    assert path.with_name(path.name + ".corrupt").exists()
    assert _same(fresh.unit, again.unit) and _mapped(again.unit)
    assert _same(np.load(path), fresh.unit)


def test_a_read_only_store_costs_a_rebuild_not_an_error(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    with pytest.warns(RuntimeWarning, match="could not store index structures"):
        ix = _build(_corpora(), IndexStore(blocked))
    assert len(ix.unit) == 110


def test_a_second_process_loads_what_the_first_stored(tmp_path: Path) -> None:
    script = f"""
import sys, time
sys.path.insert(0, {str(ROOT)!r})
sys.path.insert(0, {str(Path(__file__).parent)!r})
from test_index_store import _build, _corpora
from mixscope.evaluation import IndexStore
from mixscope.evaluation import corpus_index
calls = []
original = corpus_index.text_structures
corpus_index.text_structures = lambda *a, **k: calls.append(1) or original(*a, **k)
_build(_corpora(), IndexStore({str(tmp_path)!r}))
print(len(calls))
"""
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                           check=True).stdout.split()[-1] for _ in range(2)]  # fmt: skip
    assert runs == ["2", "0"]  # the first process computed both corpora, the second none


def test_several_processes_compute_the_same_text_structures(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    texts = [t for c in _corpora() for t in c.texts]
    one = corpus_index_module.text_structures(texts)
    monkeypatch.setattr(corpus_index_module, "BLOCK", 25)  # 110 texts: 5 blocks
    two = corpus_index_module.text_structures(texts, workers=2)
    assert one.keys() == two.keys()
    for name in one:
        assert one[name].dtype == two[name].dtype and np.array_equal(one[name], two[name]), name
