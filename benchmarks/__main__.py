"""``python -m benchmarks [embed | metrics] [options]``: speed benchmarks, results in files.

Without a name both run with their defaults (what ``make bench`` does):

- ``embed``: embedding speed, bare sentence-transformers against ``mixscope.embed``, written to
  benchmarks/results.md (:mod:`benchmarks.bench_embed`).
- ``metrics``: ``build_index`` and ``evaluate`` on 10,000 and 100,000-document mixes, written to
  benchmarks/results_metrics.md (:mod:`benchmarks.bench_metrics`).
- ``decide``: weight search, attribution, source verdicts, the collapse simulator and the
  embedding map, written to benchmarks/results_decide.md (:mod:`benchmarks.bench_decide`).
- ``scale``: seconds and peak memory of loading, embedding (lexical), indexing and evaluating
  pools of 10,000 and 100,000 documents (1,000,000 on request), one subprocess per size,
  written to benchmarks/results_scale.md (:mod:`benchmarks.bench_scale`).
- ``precision``: every metric with the index's embeddings in float32 and in float16, and with the
  stock and the OpenVINO backend's vectors, on the demo with MiniLM, written to
  benchmarks/results_precision.md (:mod:`benchmarks.bench_precision`).
- ``neighbours``: the approximate neighbour search of large pools against the exact one
  (recall, time), written to benchmarks/results_neighbours.md
  (:mod:`benchmarks.bench_neighbours`).
- ``first_view``: from ``make run`` to the Mix page's metric cards on the demo, in headless
  Chromium, written to benchmarks/results_first_view.md (:mod:`benchmarks.bench_first_view`).

Not run here: ``python -m benchmarks.bench_int8`` (needs ``pip install nncf``, not a dependency)
asks whether int8 could make the default model faster than its bfloat16 OpenVINO backend at the
same agreement, written to benchmarks/results_int8.md.

Options after a name go to that benchmark (``python -m benchmarks metrics --help``).
"""

import sys
from collections.abc import Callable


def _benchmarks() -> dict[str, Callable[[list[str] | None], int]]:
    from benchmarks import (
        bench_decide,
        bench_embed,
        bench_first_view,
        bench_metrics,
        bench_neighbours,
        bench_precision,
        bench_scale,
    )

    return {
        "embed": bench_embed.main,
        "metrics": bench_metrics.main,
        "decide": bench_decide.main,
        "scale": bench_scale.main,
        "first_view": bench_first_view.main,
        "precision": bench_precision.main,
        "neighbours": bench_neighbours.main,
    }


def main(argv: list[str]) -> int:
    benchmarks = _benchmarks()
    if not argv:
        return max(run([]) for run in benchmarks.values())
    name, *options = argv
    if name in benchmarks:
        return benchmarks[name](options)
    if name in ("-h", "--help"):
        print(__doc__)
        return 0
    print(f"unknown benchmark {name!r}; choose from {sorted(benchmarks)}\n\n{__doc__}")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
