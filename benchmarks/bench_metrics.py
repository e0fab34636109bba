"""Metric speed: ``build_index`` once, then ``evaluate`` on mixes of 10,000 and 100,000 documents.

The corpora are built from the demo corpora in ``data/``: each generated document joins 2-5
sentences drawn (seeded) from the demo texts of the same role, so a corpus can be far larger
than the demo files while keeping their vocabulary, group mentions and sentiment. Embeddings
come from :class:`mixscope.embed.LexicalEmbedder` at 384 dimensions (the width of
all-MiniLM-L6-v2), untimed: this benchmark measures the metrics, not the embedder. The concept
axes (gender, age, sentiment) are that embedder's :func:`mixscope.axes.axis_directions`, so
``build_index`` projects every document on them and the axis metrics are timed too.
"""

from __future__ import annotations

import argparse
import itertools
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from mixscope.corpus import Corpus
    from mixscope.embed import Embedder
    from mixscope.evaluation import IndexStore, MixIndex

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RESULTS = Path(__file__).resolve().parent / "results_metrics.md"
DIM = 384
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _sentences(filename: str) -> list[str]:
    texts = pd.read_csv(DATA / filename)["text"].dropna().astype(str)
    return [s for t in texts for s in _SENTENCE.split(t) if s]


def make_corpus(name: str, role: str, files: list[str], n: int, *, seed: int) -> Corpus:
    """``n`` documents of 2-5 sentences drawn (seeded) from the demo files ``files``."""
    from mixscope.corpus import Corpus

    pool = np.array([s for f in files for s in _sentences(f)], dtype=object)
    rng = np.random.default_rng(seed)
    lengths = rng.integers(2, 6, size=n)
    picks = rng.integers(0, len(pool), size=int(lengths.sum()))
    bounds = np.concatenate([[0], np.cumsum(lengths)])
    texts = [" ".join(pool[picks[a:b]]) for a, b in itertools.pairwise(bounds)]
    frame = pd.DataFrame({"source_row": np.arange(n), "text": texts})
    return Corpus(name, role, frame, "text")  # type: ignore[arg-type]


def make_corpora(n_real: int, n_synthetic: int) -> list[Corpus]:
    """A real corpus and two synthetic ones (``n_synthetic`` documents each)."""
    return [
        make_corpus("real", "real", ["real.csv"], n_real, seed=1),
        make_corpus("templated", "synthetic", ["synthetic_templated.csv"], n_synthetic, seed=2),
        make_corpus("skewed", "synthetic", ["synthetic_skewed.csv"], n_synthetic, seed=3),
    ]


def embed(corpora: list[Corpus], embedder: Embedder) -> dict[str, np.ndarray]:
    """Embeddings of each corpus."""
    return {c.name: embedder.encode(c.texts) for c in corpora}


def timed_build(
    corpora: list[Corpus],
    vectors: dict[str, np.ndarray],
    embedder: Embedder,
    *,
    store: IndexStore | None = None,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[float, MixIndex]:
    """Seconds of one ``build_index`` call, with ``embedder``'s concept axes, and the index."""
    from mixscope.embed import axis_directions
    from mixscope.evaluation import build_index

    axes = axis_directions(embedder)  # a few dozen anchor phrases: untimed, like the embeddings
    start = time.perf_counter()
    index = build_index(
        corpora,
        vectors,
        model_id=embedder.model_id,
        axes=axes,
        store=store,
        workers=workers,
        progress=progress,
    )
    return time.perf_counter() - start, index


def time_evaluate(
    corpora: list[Corpus], index: MixIndex, *, size: int, share: float, repeats: int
) -> tuple[float, float, int, int]:
    """(first call seconds, median of ``repeats`` later calls on new mixes, metrics, n/a ones).

    The first call fills the index's mix-independent memo (noise floors, real reference values);
    each timed call then evaluates a mix drawn with a new seed, as a user moving a slider does.
    """
    from mixscope.evaluation import evaluate
    from mixscope.mixing import MixConfig, mix

    def once(seed: int) -> tuple[float, pd.DataFrame]:
        m = mix(corpora, MixConfig(synthetic_share=share, size=size, seed=seed))
        start = time.perf_counter()
        table = evaluate(m, index).table
        return time.perf_counter() - start, table

    first, table = once(0)
    runs = [once(seed)[0] for seed in range(1, repeats + 1)]
    return first, statistics.median(runs), len(table), int((table["status"] == "n/a").sum())


def time_slider(
    corpora: list[Corpus], index: MixIndex, *, size: int, shares: list[float]
) -> tuple[float, float]:
    """(median, max) seconds of ``evaluate`` as a user drags the share slider across ``shares``.

    Same size, seed and options at every position (only the share moves), after one call at the
    first share, so each timed call is what one slider move costs: memoised noise floors are
    reused, new sample sizes (fewer synthetic documents than ``sample_size``) are computed once.
    """
    from mixscope.evaluation import evaluate
    from mixscope.mixing import MixConfig, mix

    def once(share: float) -> float:
        m = mix(corpora, MixConfig(synthetic_share=share, size=size))
        start = time.perf_counter()
        evaluate(m, index)
        return time.perf_counter() - start

    once(shares[0])
    runs = [once(share) for share in shares[1:]]
    return statistics.median(runs), max(runs)


def time_sweep(
    corpora: list[Corpus], index: MixIndex, *, size: int, shares: list[float]
) -> tuple[float, float, int]:
    """(seconds on a fresh memo, seconds again, points) of ``sweep`` over ``shares``.

    The first run starts from an empty memo, as right after indexing: it computes every noise
    floor and real-versus-real draw it needs; the second finds them memoised.
    """
    from mixscope.decide import sweep
    from mixscope.evaluation import Memo
    from mixscope.mixing import MixConfig

    memo = Memo()
    config = MixConfig(size=size)
    start = time.perf_counter()
    result = sweep(corpora, index, config, shares=shares, memo=memo)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    sweep(corpora, index, config, shares=shares, memo=memo)
    return cold, time.perf_counter() - start, len(result.shares)


def run(n_real: int, n_synthetic: int, *, repeats: int) -> tuple[list[list[str]], dict[str, str]]:
    """Table rows and notes."""
    from mixscope.embed import LexicalEmbedder
    from mixscope.evaluation import IndexStore

    corpora = make_corpora(n_real, n_synthetic)
    embedder = LexicalEmbedder(dim=DIM)
    start = time.perf_counter()
    vectors = embed(corpora, embedder)
    embed_seconds = time.perf_counter() - start
    total = sum(len(c) for c in corpora)
    with tempfile.TemporaryDirectory() as root:
        seconds, index = timed_build(corpora, vectors, embedder, store=IndexStore(root))
        again, _ = timed_build(corpora, vectors, embedder, store=IndexStore(root))
        stored = sum(f.stat().st_size for f in Path(root).rglob("*.np[yz]"))
    rows = [
        [f"build_index, {len(corpora)} corpora", f"{total:,}", f"{seconds:.2f}", "-", "-"],
        [f"build_index again, loading the {stored / 2**20:.0f} MiB it stored",
         f"{total:,}", f"{again:.2f}", "-", "-"],
    ]  # fmt: skip
    for size, share in ((10_000, 0.5), (100_000, 0.9)):
        if size > n_real / (1 - share) + 1e-9 or size * share > 2 * n_synthetic:
            continue
        first, median, n_metrics, n_na = time_evaluate(
            corpora, index, size=size, share=share, repeats=repeats
        )
        label = (
            f"evaluate, mix of {size:,} (synthetic share {share}), {n_metrics} metrics ({n_na} n/a)"
        )
        rows.append([label, f"{size:,}", f"{median:.3f}", f"{first:.2f}", str(repeats)])
    shares = [round(0.05 * k, 2) for k in range(1, 20)]
    for size in (1_000, 10_000):  # the app's default size, and the 10,000
        if size * 0.95 > n_real:
            continue
        median, slowest = time_slider(corpora, index, size=size, shares=shares)
        label = f"slider move, mix of {size:,}, share 0.05 to 0.95 by 0.05 (max {slowest:.3f} s)"
        rows.append([label, f"{size:,}", f"{median:.3f}", "-", str(len(shares) - 1)])
    if n_real >= 10_000:
        grid = [round(0.1 * k, 1) for k in range(11)]
        cold, warm, points = time_sweep(corpora, index, size=10_000, shares=grid)
        label = f"sweep, mix of 10,000, {points} shares 0 to 1 (again, memoised: {warm:.2f} s)"
        rows.append([label, "10,000", f"{cold:.2f}", "-", "1"])
    notes = {
        "build_index": "into an empty IndexStore (mixscope.evaluation.index_store), which it "
        "fills; then again with the same store, as a second process (a restarted app, a second "
        "mixscope report) does: it loads every per-corpus and pool structure",
        "corpora": ", ".join(f"{c.name} ({c.role}) {len(c):,} docs" for c in corpora),
        "embeddings": f"LexicalEmbedder(dim={DIM}), {embed_seconds:.1f} s untimed",
        "concept axes": ", ".join(sorted(index.axis_scores))
        + " (axis_directions of the same embedder, untimed; build_index projects every "
        "document on them, timed)",
        "evaluate": "defaults (sample_size=1000, n_boot=200, n_boot_expensive=0); seconds = "
        "median over new mixes (new seeds) after a first call that fills the index's memo of "
        "noise floors and real reference values (its time is the 'first call' column)",
        "sweep": "mixscope.decide.sweep over 0, 0.1, ..., 1 right after indexing (an empty "
        "memo: every noise floor and real-versus-real draw it needs is computed), then again",
        "slider move": "evaluate at each share of the sweep in turn (same size, seed and options), "
        "after one call at the first share; seconds = median over the moves, max in the label",
    }
    return rows, notes


def render(rows: list[list[str]], notes: dict[str, str], info: dict[str, str]) -> str:
    lines = [
        "# Metric benchmark",
        "",
        "Written by `python -m benchmarks metrics` or `make bench` (benchmarks/bench_metrics.py).",
        "",
        "| step | docs | seconds | first call (s) | timed runs |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    lines += ["", "## Notes", ""] + [f"- {k}: {v}" for k, v in notes.items()]
    lines += ["", "## Machine", ""] + [f"- {k}: {v}" for k, v in info.items()]
    return "\n".join(lines) + "\n"


HISTORY = "## History"


def kept_history(path: Path) -> str:
    """The ``## History`` section of an earlier results file (hand-written comparisons of
    measured changes), so a new run keeps it; empty when there is none."""
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    return text[text.index(HISTORY) :] if HISTORY in text else ""


def main(argv: list[str] | None = None) -> int:
    from benchmarks.bench_embed import machine_info

    parser = argparse.ArgumentParser(prog="python -m benchmarks metrics", description=__doc__)
    parser.add_argument("--real", type=int, default=10_000, help="real documents (10,000)")
    parser.add_argument(
        "--synthetic", type=int, default=50_000, help="documents per synthetic corpus (50,000)"
    )
    parser.add_argument("--repeats", type=int, default=3, help="timed evaluate calls (3)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="markdown file to write")
    args = parser.parse_args(argv)
    rows, notes = run(args.real, args.synthetic, repeats=args.repeats)
    report = render(rows, notes, machine_info())
    history = kept_history(args.output)
    args.output.write_text(report + ("\n" + history if history else ""), encoding="utf-8")
    print(report)
    return 0
