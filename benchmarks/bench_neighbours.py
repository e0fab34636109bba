"""Approximate against exact neighbour search: what the inverted-file index finds and misses.

A pool built like the metric benchmark's (lexical 384-dimensional embeddings; default 100,000
documents, a tenth real), searched both ways with the index's defaults
(``IndexSettings().nprobe``): semantic duplicate pairs at the default threshold (recall of the
exact pairs, pairs found only by the approximate search, seconds) and each synthetic document's
nearest real one (how often the same similarity comes back, and how much lower it is when not).
Written to benchmarks/results_neighbours.md.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np

RESULTS = Path(__file__).resolve().parent / "results_neighbours.md"
T = TypeVar("T")


def main(argv: list[str] | None = None) -> int:
    from benchmarks.bench_embed import machine_info
    from benchmarks.bench_metrics import embed, make_corpora
    from mixscope.embed import LexicalEmbedder
    from mixscope.evaluation import IndexSettings
    from mixscope.metrics.neighbors import nearest_neighbor_similarity, semantic_duplicate_pairs

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="documents in the pool")
    args = parser.parse_args(argv)
    n_real = args.size // 10
    corpora = make_corpora(n_real, (args.size - n_real) // 2)
    vectors = embed(corpora, LexicalEmbedder(dim=384))
    unit = np.vstack([vectors[c.name] for c in corpora]).astype(np.float32)
    real, synthetic = unit[:n_real], unit[n_real:]
    s = IndexSettings()

    def timed(step: Callable[[], T]) -> tuple[float, T]:
        start = time.perf_counter()
        out = step()
        return time.perf_counter() - start, out

    t_exact, exact = timed(lambda: semantic_duplicate_pairs(unit, threshold=s.semantic_threshold))
    t_approx, approx = timed(
        lambda: semantic_duplicate_pairs(
            unit, threshold=s.semantic_threshold, approximate=True, nprobe=s.nprobe
        )
    )
    e = set(zip(exact["i"], exact["j"], strict=True))
    a = set(zip(approx["i"], approx["j"], strict=True))
    t_near, near = timed(lambda: nearest_neighbor_similarity(synthetic, real)[0])
    t_near_approx, near_approx = timed(
        lambda: nearest_neighbor_similarity(synthetic, real, approximate=True, nprobe=s.nprobe)[0]
    )
    same = np.isclose(near, near_approx, atol=1e-6)
    close = near >= 0.9
    lines = [
        "# Approximate neighbour search",
        "",
        "Written by `python -m benchmarks neighbours` (benchmarks/bench_neighbours.py): a pool "
        f"of {args.size:,} documents ({n_real:,} real) built like the metric benchmark's, "
        f"lexical 384-dimensional embeddings, nprobe {s.nprobe}.",
        "",
        "| search | exact | approximate |",
        "|---|---:|---:|",
        f"| semantic duplicate pairs (cosine >= {s.semantic_threshold}) | {len(e):,} in "
        f"{t_exact:.1f} s | {len(e & a):,} of them ({len(e & a) / max(1, len(e)):.1%}) in "
        f"{t_approx:.1f} s, and {len(a - e):,} others |",
        f"| nearest real document of {len(synthetic):,} synthetic ones | {t_near:.1f} s | "
        f"{t_near_approx:.1f} s: the same for {same.mean():.1%} ({same[close].mean():.1%} of the "
        f"{int(close.sum()):,} at cosine >= 0.9); otherwise a median "
        f"{float(np.median((near - near_approx)[~same])) if (~same).any() else 0:.3f} lower |",
        "",
        "Pairs found only by the approximate search are true pairs above the threshold: each "
        "document keeps its k = 10 closest, and which ten can differ when a cluster of "
        "duplicates is larger than that.",
        "",
        "## Machine",
        "",
    ] + [f"- {k}: {v}" for k, v in machine_info().items()]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0
