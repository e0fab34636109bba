"""Scale: seconds and peak memory of each stage on pools of 10,000, 100,000 (and 1,000,000) docs.

A pool of N documents is one real corpus of N/10 documents and two synthetic corpora of 0.45 N
each, generated as :func:`benchmarks.bench_metrics.make_corpora` does (2-5 seeded sentences of
the demo texts per document) and written to Parquet files. Each size runs in its own
subprocess (``python -m benchmarks.bench_scale --one N --json out.json``), so the peak resident
memory after each stage (``getrusage(RUSAGE_SELF).ru_maxrss``, a running peak) is that size's
alone. The stages, in order:

1. load: :func:`mixscope.corpus.load_corpus` of each Parquet file (the real loading path);
2. embed: :class:`mixscope.embed.LexicalEmbedder` at 384 dimensions, every corpus (the fast
   lexical embedder, not the sentence-transformers model);
3. index: ``build_index`` with the embedder's concept axes into an empty ``IndexStore``
   (cold), then again with the same store (loaded from disk);
4. evaluate: a mix of N/10 documents at synthetic share 0.5, a first call (fills the memo),
   then the median of three mixes with new seeds;
5. slider move: the same mix size at shares 0.1, 0.2, ..., 0.9 in turn after one call at
   0.05 (:func:`benchmarks.bench_metrics.time_slider`).

1,000,000 documents can be requested (``--sizes 1000000``) but is not run by default.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from benchmarks.bench_metrics import (
    DIM,
    embed,
    kept_history,
    make_corpora,
    time_evaluate,
    time_slider,
    timed_build,
)
from benchmarks.scale_plot import scale_svg

T = TypeVar("T")

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results_scale.md"
DEFAULT_SIZES = (10_000, 100_000)
EVAL_SHARE = 0.5
SLIDER_SHARES = [0.05] + [round(0.1 * k, 1) for k in range(1, 10)]
REPEATS = 3
#: Processes for the text structures: as many as cores, as the CLI uses.
WORKERS = os.cpu_count() or 1


def peak_kib() -> int:
    """Peak resident memory of this process so far, KiB (``ru_maxrss`` is KiB on Linux)."""
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def code_state() -> str:
    """The commit measured, and the mixscope files that differ from it (read-only git calls)."""

    def git(*args: str) -> str:
        command = ["git", "--no-optional-locks", *args]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    changed = git("diff", "--name-only", "HEAD", "--", "mixscope").split()
    return f"commit {commit}" + (
        f", with uncommitted changes to {', '.join(changed)}" if changed else ""
    )


def pool_sizes(n: int) -> tuple[int, int]:
    """(real documents, documents per synthetic corpus) of a pool of ``n``: N/10 and 0.45 N."""
    n_real = n // 10
    return n_real, (n - n_real) // 2


def measure(n: int, *, log: Callable[[str], None]) -> dict[str, Any]:
    """Every stage on a pool of ``n`` documents (in this process): rows and notes as JSON data."""
    from mixscope.corpus import load_corpus
    from mixscope.embed import LexicalEmbedder
    from mixscope.evaluation import IndexStore

    rows: list[dict[str, Any]] = []

    def record(stage: str, seconds: float | None, detail: str = "") -> None:
        rows.append({"stage": stage, "seconds": seconds, "peak_kib": peak_kib(), "detail": detail})
        shown = "-" if seconds is None else f"{seconds:.2f} s"
        log(f"[{n:,}] {stage}: {shown}, peak {peak_kib() / 2**20:.2f} GiB {detail}")

    def timed(step: Callable[[], T]) -> tuple[float, T]:
        start = time.perf_counter()
        out = step()
        return time.perf_counter() - start, out

    code = code_state()  # at the start: others may commit while this runs
    load_start = os.getloadavg()[0]
    n_real, n_synthetic = pool_sizes(n)
    size = n // 10
    imported = peak_kib() / 2**20  # the interpreter with mixscope's modules imported
    with tempfile.TemporaryDirectory(prefix="mixscope-scale-") as tmp:
        root = Path(tmp)
        seconds, generated = timed(lambda: make_corpora(n_real, n_synthetic))
        files = []
        for corpus in generated:
            path = root / f"{corpus.name}.parquet"
            corpus.documents[["source_row", "text"]].to_parquet(path, index=False)
            files.append((path, corpus.role))
        parquet_mib = sum(p.stat().st_size for p, _ in files) / 2**20
        del generated, corpus
        gc.collect()
        record(
            "setup (untimed)",
            None,
            f"generated in {seconds:.1f} s, {parquet_mib:.1f} MiB of Parquet; "
            f"{imported:.2f} GiB before generating",
        )

        seconds, corpora = timed(
            lambda: [load_corpus(p, role=role, text_column="text") for p, role in files]
        )
        record("load", seconds, f"{sum(len(c) for c in corpora):,} documents")

        embedder = LexicalEmbedder(dim=DIM)
        seconds, vectors = timed(lambda: embed(corpora, embedder))
        record("embed", seconds)

        store_root = root / "store"
        steps = StepClock()
        seconds, index = timed_build(
            corpora, vectors, embedder, store=IndexStore(store_root), workers=WORKERS,
            progress=steps,
        )  # fmt: skip
        record("index cold", seconds, f"build_index's progress steps (peak so far): {steps}")
        stored = sum(f.stat().st_size for f in store_root.rglob("*.np[yz]")) / 2**20
        del index  # one index alive at a time, as in the app
        gc.collect()
        seconds, index = timed_build(
            corpora, vectors, embedder, store=IndexStore(store_root), workers=WORKERS
        )
        record("index from store", seconds, f"{stored:.0f} MiB on disk")

    first, median, n_metrics, n_na = time_evaluate(
        corpora, index, size=size, share=EVAL_SHARE, repeats=REPEATS
    )
    record("evaluate first call", first, f"{n_metrics} metrics ({n_na} n/a)")
    record("evaluate", median, f"median of {REPEATS} new seeds")
    median, slowest = time_slider(corpora, index, size=size, shares=SLIDER_SHARES)
    record("slider move", median, f"median of {len(SLIDER_SHARES) - 1}, max {slowest:.3f} s")
    return {
        "n": n,
        "code": code,
        "load": [load_start, os.getloadavg()[0]],
        "mix_size": size,
        "corpora": [[c.name, c.role, len(c)] for c in corpora],
        "axes": sorted(index.axis_scores),
        "rows": rows,
    }


class StepClock:
    """A ``build_index`` progress callback keeping the seconds between its calls and the running
    peak memory at each: one step per corpus (its text structures), then clusters, manifold and
    MAUVE quantisation, MinHash pairs, semantic pairs and nearest real documents, ball
    membership and the rest."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.steps: list[tuple[float, float]] = []  # (seconds, peak GiB)

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        self.steps.append((now - self.last, peak_kib() / 2**20))
        self.last = now
        seconds, peak = self.steps[-1]
        print(f"  build_index step {done}/{total}: {seconds:.1f} s, peak {peak:.2f} GiB",
              file=sys.stderr)  # fmt: skip

    def __str__(self) -> str:
        return ", ".join(f"{s:.1f} s ({g:.1f} GiB)" for s, g in self.steps)


def run_size(n: int) -> dict[str, Any]:
    """:func:`measure` of ``n`` in a subprocess of its own (so its peak memory is its own)."""
    with tempfile.TemporaryDirectory(prefix="mixscope-scale-json-") as tmp:
        out = Path(tmp) / "scale.json"
        command = [sys.executable, "-m", "benchmarks.bench_scale", "--one", str(n)]
        subprocess.run([*command, "--json", str(out)], cwd=ROOT, check=True)
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return result


LABELS = {
    "setup (untimed)": "setup: generate the corpora, write Parquet (untimed)",
    "load": "load: load_corpus of 3 Parquet files",
    "embed": f"embed: LexicalEmbedder(dim={DIM}), not the model",
    "index cold": "index: build_index into an empty IndexStore",
    "index from store": "index again, loading from the IndexStore",
    "evaluate first call": "evaluate, first call (fills the memo)",
    "evaluate": "evaluate, new seed",
    "slider move": "slider move, shares 0.1 to 0.9",
}


def render(results: list[dict[str, Any]], info: dict[str, str]) -> str:
    lines = [
        "# Scale benchmark",
        "",
        "Written by `python -m benchmarks scale` (benchmarks/bench_scale.py).",
        "",
        "| pool docs | mix docs | stage | seconds | peak RSS (GiB) | detail |",
        "|---:|---:|---|---:|---:|---|",
    ]
    for result in results:
        for row in result["rows"]:
            seconds = "-" if row["seconds"] is None else f"{row['seconds']:.2f}"
            if row["stage"] in ("evaluate", "slider move", "evaluate first call"):
                seconds = "-" if row["seconds"] is None else f"{row['seconds']:.3f}"
            lines.append(
                f"| {result['n']:,} | {result['mix_size']:,} | {LABELS[row['stage']]} | {seconds} "
                f"| {row['peak_kib'] / 2**20:.2f} | {row['detail']} |"
            )
    pools = "; ".join(
        f"{r['n']:,}: "
        + ", ".join(f"{name} ({role}) {count:,}" for name, role, count in r["corpora"])
        for r in results
    )
    codes = sorted({r["code"] for r in results})
    notes = {
        "code": "; ".join(codes),
        "pool": "one real corpus of N/10 documents and two synthetic corpora of 0.45 N each, "
        "generated like bench_metrics.make_corpora (each document 2-5 seeded sentences of the "
        "demo texts of its role), written to Parquet in a temporary directory (untimed; the "
        f"setup row); documents after loading: {pools}",
        "process": "each pool size runs in its own subprocess (python -m benchmarks.bench_scale "
        "--one N), so its peak memory is its own; peak RSS is getrusage(RUSAGE_SELF).ru_maxrss "
        "read after each stage, i.e. the running peak of that process up to and including "
        "the stage (it includes the untimed corpus generation of the setup row)",
        "load": "mixscope.corpus.load_corpus of each Parquet file (text_column='text'); the "
        "loaded corpora are the ones embedded and indexed",
        "embed": f"LexicalEmbedder(dim={DIM}).encode of every corpus (hashed word and character "
        "n-grams, projected): the fast lexical embedder, not sentence-transformers "
        "(benchmarks/results.md times the model)",
        "index": "build_index with axis_directions of the same embedder (computed untimed) into "
        "an empty IndexStore in a temporary directory, then, with the first index released, "
        "build_index again with a new IndexStore on the same directory (as a restarted app "
        "does: every per-corpus and pool structure is loaded from disk)",
        "mix size": "N/10 documents (1,000, 10,000, 100,000 for N = 10,000, 100,000, 1,000,000)",
        "evaluate": f"synthetic share {EVAL_SHARE}, evaluate defaults (sample_size=1000, "
        "n_boot=200); a first call on seed 0 (fills the index's memo of noise floors and real "
        f"reference values), then the median of {REPEATS} mixes with seeds 1-{REPEATS}",
        "slider move": "bench_metrics.time_slider: the same size and seed at share 0.05 "
        "(untimed), then 0.1, 0.2, ..., 0.9 in turn; median of the 9 moves, max in the detail",
        "load average": "1-minute load average at the start and end of each size (2 cores "
        "shared with other work: above 2, the timed stages waited for a core): "
        + "; ".join(f"{r['n']:,}: {r['load'][0]:.1f} to {r['load'][1]:.1f}" for r in results),
    }
    lines += ["", "## Notes", ""] + [f"- {k}: {v}" for k, v in notes.items()]
    lines += ["", "## Machine", ""] + [f"- {k}: {v}" for k, v in info.items()]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks scale", description=__doc__)
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=list(DEFAULT_SIZES),
        help="pool sizes N (default 10000 100000; 1000000 can be asked for)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="markdown file to write")
    parser.add_argument(
        "--add",
        type=Path,
        nargs="+",
        default=[],
        metavar="JSON",
        help="also report sizes measured earlier (the --json of a --one run) without re-running",
    )
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the per-size subprocess
    parser.add_argument("--json", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if any(n < 1_000 for n in ([args.one] if args.one is not None else args.sizes)):
        parser.error("pool sizes must be at least 1000 (the real corpus is N/10)")
    if args.one is not None:
        if args.json is None:
            parser.error("--one needs --json")
        result = measure(args.one, log=lambda line: print(line, file=sys.stderr, flush=True))
        args.json.write_text(json.dumps(result), encoding="utf-8")
        return 0

    from benchmarks.bench_embed import machine_info

    results = [run_size(n) for n in args.sizes]
    results += [json.loads(path.read_text(encoding="utf-8")) for path in args.add]
    results.sort(key=lambda r: int(r["n"]))
    report = render(results, machine_info())
    args.output.with_suffix(".svg").write_text(scale_svg(results), encoding="utf-8")
    history = kept_history(args.output)
    args.output.write_text(report + ("\n" + history if history else ""), encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
