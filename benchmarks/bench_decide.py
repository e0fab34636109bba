"""Decision speed: the weight search, attribution and source verdicts on a pool indexed once,
the collapse simulator on the demo corpus, and the embedding map of the pool.

The pool is built like the metric benchmark's (:func:`benchmarks.bench_metrics.make_corpora`:
documents of demo sentences, LexicalEmbedder vectors at 384 dimensions, untimed) with fewer
documents, so indexing takes well under a minute; each row times one call of the public API
with its defaults.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from benchmarks.bench_metrics import DATA, DIM, embed, kept_history, make_corpora

RESULTS = Path(__file__).resolve().parent / "results_decide.md"


def _timed(call: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = call()
    return time.perf_counter() - start, out


def run(n_real: int, n_synthetic: int, size: int) -> tuple[list[list[str]], dict[str, str]]:
    from mixscope.decide import default_guardrails
    from mixscope.decide.attribution import attribute
    from mixscope.decide.sources import source_verdicts
    from mixscope.decide.weights import recommend_weights
    from mixscope.embed import LexicalEmbedder, axis_directions
    from mixscope.evaluation import Memo, build_index
    from mixscope.mixing import MixConfig, mix
    from mixscope.simulate import SimulationConfig, simulate

    corpora = make_corpora(n_real, n_synthetic)
    embedder = LexicalEmbedder(dim=DIM)
    vectors = embed(corpora, embedder)
    total = sum(len(c) for c in corpora)
    seconds, index = _timed(lambda: build_index(corpora, vectors, model_id=embedder.model_id,
                                                axes=axis_directions(embedder)))  # fmt: skip
    rows = [["build_index (the setup of the rows below)", f"{total:,}", f"{seconds:.1f}"]]
    rails = default_guardrails()
    config = MixConfig(synthetic_share=0.3, size=size)
    seconds, choice = _timed(lambda: recommend_weights(corpora, index, config, rails,
                                                       memo=Memo()))  # fmt: skip
    rows.append([f"weight search, mix of {size:,}: {len(choice.candidates)} candidate weightings"
                 " x 11 shares, guardrail metrics", f"{size:,}", f"{seconds:.1f}"])  # fmt: skip
    seconds, _ = _timed(lambda: attribute(corpora, index, config, memo=Memo()))
    label = (f"attribution, mix of {size:,}: all, each source left out and alone "
             "(5 evaluations, every default metric)")  # fmt: skip
    rows.append([label, f"{size:,}", f"{seconds:.1f}"])
    seconds, _ = _timed(lambda: source_verdicts(corpora, index, config, memo=Memo()))
    rows.append([f"source verdicts: fidelity of each synthetic source alone ({size:,} documents "
                 "each)", f"{size:,}", f"{seconds:.1f}"])  # fmt: skip
    from mixscope.evaluation import embedding_map, map_points

    seconds, emap = _timed(lambda: embedding_map(index, memo=Memo()))
    pool = f"{emap.n_shown:,} of {emap.n_pool:,}"
    rows.append([f"embedding map: PCA of a seeded sample ({pool} documents)", f"{total:,}",
                 f"{seconds:.1f}"])  # fmt: skip
    ids = index.global_ids(mix(corpora, config))
    memo = Memo()
    seconds, _ = _timed(lambda: map_points(emap, index, ids, memo=memo))
    again, _ = _timed(lambda: map_points(emap, index, ids, memo=memo))
    rows.append([f"map points of a mix of {size:,} (first: cluster terms by c-TF-IDF over the "
                 f"pool; again: {again:.2f} s)", f"{total:,}", f"{seconds:.1f}"])  # fmt: skip
    demo = pd.read_csv(DATA / "real.csv")["text"].dropna().astype(str).tolist()
    for generator in ("ngram", "gaussian"):
        sim = SimulationConfig(generations=5, generator=generator, share=0.3)
        seconds, _ = _timed(partial(simulate, demo, sim))
        rows.append([f"simulate, {generator}, demo real corpus, 1,000 documents, 5 generations, "
                     "4 regimes", "1,000", f"{seconds:.1f}"])  # fmt: skip
    notes = {
        "corpora": ", ".join(f"{c.name} ({c.role}) {len(c):,} docs" for c in corpora),
        "evaluation": "defaults (sample_size=1000, n_boot=200); each call on an empty memo",
        "simulate": "lexical embedder for generated text (the page's and the CLI's default)",
    }
    return rows, notes


def render(rows: list[list[str]], notes: dict[str, str], info: dict[str, str]) -> str:
    lines = ["# Decision benchmark", "",
             "Written by `python -m benchmarks decide` or `make bench` "
             "(benchmarks/bench_decide.py).",
             "", "| step | docs | seconds |", "|---|---:|---:|"]  # fmt: skip
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    lines += ["", "## Notes", ""] + [f"- {k}: {v}" for k, v in notes.items()]
    lines += ["", "## Machine", ""] + [f"- {k}: {v}" for k, v in info.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from benchmarks.bench_embed import machine_info

    parser = argparse.ArgumentParser(prog="python -m benchmarks decide", description=__doc__)
    parser.add_argument("--real", type=int, default=12_000, help="real documents (12,000)")
    parser.add_argument("--synthetic", type=int, default=12_000,
                        help="documents per synthetic corpus (12,000)")  # fmt: skip
    parser.add_argument("--size", type=int, default=10_000, help="mix size (10,000)")
    parser.add_argument("--output", type=Path, default=RESULTS, help="markdown file to write")
    args = parser.parse_args(argv)
    rows, notes = run(args.real, args.synthetic, args.size)
    report = render(rows, notes, machine_info())
    history = kept_history(args.output)
    args.output.write_text(report + ("\n" + history if history else ""), encoding="utf-8")
    print(report)
    return 0
