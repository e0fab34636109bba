"""The model2vec preview: distilled offline from the bundled MiniLM once, reused, labelled.

Distilling takes one to two minutes on two cores, so it happens once per session (one
temporary cache root) and every test that needs it is marked ``model``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mixscope.cli import main
from mixscope.corpus.text import normalize_text
from mixscope.embed import (
    PREVIEW_MODEL_ID,
    EmbeddingCache,
    LexicalEmbedder,
    SentenceTransformerEmbedder,
    StaticEmbedder,
    approximation_note,
    embed_texts,
    get_embedder,
    load_static_embedder,
    model_cache_id,
    static_model,
)
from mixscope.embed.cache import check_unit_vectors
from mixscope.embed.static_model import APPROXIMATION, MISSING_MESSAGE, agreement, model_folder

REPO = Path(__file__).resolve().parents[2]
SENTENCES = [
    "A cat sits on the mat.",
    "A kitten is resting on a rug.",
    "The central bank raised interest rates to curb inflation.",
    "Quarterly earnings beat analyst expectations, lifting the share price.",
    "The football team won the championship final last night.",
]
#: Texts of data/real.csv the agreement with MiniLM is measured on (MiniLM embeds them).
N_AGREEMENT = 500


def real_texts(n: int) -> list[str]:
    frame = pd.read_csv(REPO / "data" / "real.csv")
    texts = [normalize_text(str(t)) for t in frame["text"].dropna()]
    return [t for t in texts if t][:n]


@pytest.fixture(scope="session")
def preview_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("preview-cache")


@pytest.fixture(scope="session")
def preview_and_calls(preview_root: Path) -> tuple[StaticEmbedder, list[tuple[int, int]]]:
    calls: list[tuple[int, int]] = []
    embedder = load_static_embedder(
        cache_root=preview_root, progress=lambda done, total: calls.append((done, total))
    )
    return embedder, calls


@pytest.fixture
def preview(preview_and_calls: tuple[StaticEmbedder, list[tuple[int, int]]]) -> StaticEmbedder:
    return preview_and_calls[0]


@pytest.fixture
def no_distilling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("distilled a second time")

    monkeypatch.setattr(static_model, "_distill", refuse)


# -- without the model ------------------------------------------------------------------------


def test_missing_model2vec_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "model2vec", None)  # import model2vec -> ImportError
    with pytest.raises(ImportError) as caught:
        get_embedder("preview", cache_root=tmp_path)
    assert str(caught.value) == MISSING_MESSAGE
    assert "\n" not in str(caught.value)
    assert not (tmp_path / "static").exists()  # failed before hashing or distilling anything


def test_the_cli_says_so_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "model2vec", None)
    real = tmp_path / "real.csv"
    real.write_text("text\nOne document.\nAnother one.\n", encoding="utf-8")
    status = main(["embed", str(real), "--model", "preview", "--cache-dir", str(tmp_path / "c")])
    err = capsys.readouterr().err
    assert status == 2
    assert err.strip().splitlines() == [f"mixscope: error: {MISSING_MESSAGE}"]


def test_approximation_note_is_none_for_real_models() -> None:
    assert approximation_note(LexicalEmbedder(dim=8)) is None

    class Labelled(LexicalEmbedder):
        approximation = "close enough"

    assert approximation_note(Labelled(dim=8)) == "close enough"


def test_the_note_states_what_and_how_far() -> None:
    assert "all-MiniLM-L6-v2" in APPROXIMATION and "Approximate" in APPROXIMATION
    assert "nearest neighbours" in APPROXIMATION and "Spearman" in APPROXIMATION
    assert "approximate" in PREVIEW_MODEL_ID


def test_agreement_of_a_space_with_itself_and_with_noise() -> None:
    rng = np.random.default_rng(1)
    x = rng.standard_normal((200, 16))
    assert agreement(x, x, k=10) == {"knn_overlap": 1.0, "knn_overlap_median": 1.0, "spearman": 1.0}
    noise = agreement(x, rng.standard_normal((200, 16)), k=10)
    assert noise["knn_overlap"] < 0.15 and abs(noise["spearman"]) < 0.1  # chance: 10/199
    with pytest.raises(ValueError, match="n > k"):
        agreement(x[:5], x[:5], k=10)


# -- the distilled model ----------------------------------------------------------------------


@pytest.mark.model
def test_distilled_once_with_progress(
    preview_and_calls: tuple[StaticEmbedder, list[tuple[int, int]]], preview_root: Path
) -> None:
    preview, calls = preview_and_calls
    assert calls == [(0, 1), (1, 1)]
    assert preview.folder == model_folder(preview_root, pca_dims=256)
    assert preview.folder.parent == preview_root / "static"
    record = json.loads((preview.folder / "distilled.json").read_text("utf-8"))
    assert record["source_cache_id"] == model_cache_id(cache_root=preview_root)
    assert record["settings"]["pca_dims"] == 256 and record["files"]["model.safetensors"]
    assert not [p for p in preview.folder.parent.iterdir() if p.name.startswith(".")]  # no temp


@pytest.mark.model
def test_unit_float32_vectors_of_the_right_size(preview: StaticEmbedder) -> None:
    vectors = preview.encode(SENTENCES)
    assert vectors.shape == (5, 256) and preview.dim == 256
    assert vectors.dtype == np.float32 and vectors.flags.c_contiguous
    check_unit_vectors(vectors, dim=256)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-6)
    assert preview.encode([]).shape == (0, 256)
    empty = preview.encode([""])  # no tokens: the zero vector, which the cache accepts
    assert not empty.any()


@pytest.mark.model
def test_deterministic_and_independent_of_batching(preview: StaticEmbedder) -> None:
    texts = real_texts(200)
    once = preview.encode(texts)
    np.testing.assert_array_equal(preview.encode(texts), once)
    np.testing.assert_array_equal(preview.encode(texts[::-1], batch_size=7)[::-1], once)
    np.testing.assert_array_equal(preview.encode(texts[5:6])[0], once[5])


@pytest.mark.model
def test_a_second_load_reuses_the_distilled_folder(
    preview: StaticEmbedder, preview_root: Path, no_distilling: None
) -> None:
    before = {p.name: p.stat().st_mtime_ns for p in preview.folder.iterdir()}
    again = get_embedder("preview", cache_root=preview_root)
    assert isinstance(again, StaticEmbedder)
    assert again.folder == preview.folder and again.cache_id == preview.cache_id
    assert get_embedder(PREVIEW_MODEL_ID, cache_root=preview_root).cache_id == preview.cache_id
    assert {p.name: p.stat().st_mtime_ns for p in preview.folder.iterdir()} == before
    np.testing.assert_array_equal(again.encode(SENTENCES), preview.encode(SENTENCES))


@pytest.mark.model
def test_another_process_reuses_it_too(preview: StaticEmbedder, preview_root: Path) -> None:
    code = (
        "import sys\n"
        "from mixscope.embed import static_model\n"
        "def refuse(*a, **k):\n"
        "    raise SystemExit('distilled a second time')\n"
        "static_model._distill = refuse\n"
        "print(static_model.load_static_embedder(cache_root=sys.argv[1]).cache_id)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(preview_root)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == preview.cache_id


@pytest.mark.model
def test_a_damaged_folder_is_moved_aside_and_distilled_again(
    preview: StaticEmbedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "cache"
    folder = model_folder(root, pca_dims=256)
    shutil.copytree(preview.folder, folder)
    with open(folder / "tokenizer.json", "ab") as handle:
        handle.write(b" ")
    distilled: list[Path] = []

    def copy_instead(temp: Path, **kwargs: object) -> None:  # the real one takes minutes
        distilled.append(temp)
        shutil.copytree(preview.folder, temp)

    monkeypatch.setattr(static_model, "_distill", copy_instead)
    with pytest.warns(RuntimeWarning, match="damaged or incomplete"):
        fixed = load_static_embedder(cache_root=root)
    assert len(distilled) == 1 and fixed.cache_id == preview.cache_id
    aside = [p for p in folder.parent.iterdir() if ".damaged-" in p.name]
    assert len(aside) == 1


@pytest.mark.model
def test_its_own_cache_key_and_labels(preview: StaticEmbedder, preview_root: Path) -> None:
    minilm = model_cache_id(cache_root=preview_root)
    assert preview.cache_id != minilm
    assert preview.cache_id.startswith("all-MiniLM-L6-v2+model2vec@")
    cache = EmbeddingCache(preview_root)
    assert cache.model_dir(preview.cache_id) != cache.model_dir(minilm)
    cold = embed_texts(SENTENCES, preview, cache=cache)
    np.testing.assert_array_equal(embed_texts(SENTENCES, preview, cache=cache), cold)
    assert cache.count(preview.cache_id) == 5 and cache.count(minilm) == 0
    assert preview.model_id == PREVIEW_MODEL_ID and "approximate" in preview.model_id
    assert approximation_note(preview) == APPROXIMATION == preview.approximation


@pytest.mark.model
def test_neighbours_agree_with_minilm_as_measured(
    preview: StaticEmbedder, preview_root: Path
) -> None:
    # Known answer, measured on the first 500 texts of data/real.csv: mean 10-NN overlap 0.300
    # and Spearman 0.354 of the pairwise cosines (bench_embed.py: 0.314 and 0.309 on 2,000);
    # the lexical embedder reaches 0.20 and 0.09, chance 0.02. Thresholds a little below.
    texts = real_texts(N_AGREEMENT)
    minilm = SentenceTransformerEmbedder(cache_root=preview_root).encode(texts)
    measured = agreement(preview.encode(texts), minilm, k=10)
    assert measured["knn_overlap"] > 0.27
    assert measured["spearman"] > 0.30
    lexical = agreement(LexicalEmbedder().encode(texts), minilm, k=10)
    assert measured["knn_overlap"] > lexical["knn_overlap"] + 0.05
    assert measured["spearman"] > lexical["spearman"] + 0.1


@pytest.mark.model
def test_the_cli_labels_it_and_the_manifest_records_the_note(
    preview: StaticEmbedder,
    preview_root: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MIXSCOPE_CACHE_DIR", str(preview_root))
    real, synthetic = tmp_path / "real.csv", tmp_path / "synthetic.csv"
    pd.read_csv(REPO / "data" / "real.csv").head(60).to_csv(real, index=False)
    pd.read_csv(REPO / "data" / "synthetic_templated.csv").head(30).to_csv(synthetic, index=False)

    assert main(["embed", str(real), "--model", "preview"]) == 0
    out = capsys.readouterr().out
    assert f"({PREVIEW_MODEL_ID}, dim 256" in out

    out_csv, manifest = tmp_path / "mix.csv", tmp_path / "m.json"
    argv = ["mix", "--real", str(real), "--synthetic", str(synthetic), "--synthetic-share",
            str(1 / 3), "--mode", "accumulate", "--out", str(out_csv), "--manifest",
            str(manifest), "--findings", "--model", "preview"]  # fmt: skip
    assert main(argv) == 0, capsys.readouterr().err
    recorded = json.loads(manifest.read_text(encoding="utf-8"))
    assert recorded["model"] == "preview" and recorded["approximation"] == APPROXIMATION
    capsys.readouterr()
    again = tmp_path / "again.csv"
    assert main(["mix", "--from-manifest", str(manifest), "--out", str(again)]) == 0
    assert again.read_bytes() == out_csv.read_bytes()


def test_the_manifest_records_the_note_or_null() -> None:
    from mixscope.corpus import Corpus
    from mixscope.export import build_manifest
    from mixscope.mixing import MixConfig, mix

    docs = pd.DataFrame({"source_row": range(4), "text": ["a b", "c d", "e f", "g h"]})
    result = mix(
        [Corpus("human", "real", docs, "text")], MixConfig(synthetic_share=0.0, mode="accumulate")
    )

    class Labelled(LexicalEmbedder):
        approximation = "within a few percent"

    assert build_manifest(result)["approximation"] is None
    assert build_manifest(result, embedder=LexicalEmbedder(dim=8))["approximation"] is None
    labelled = build_manifest(result, embedder=Labelled(dim=8))
    assert labelled["approximation"] == "within a few percent"
    assert build_manifest(result, model_id="preview")["approximation"] == APPROXIMATION
    assert build_manifest(result, model_id=PREVIEW_MODEL_ID)["approximation"] == APPROXIMATION
