"""``python -m benchmarks``: run the embedding benchmark and write benchmarks/results.md.

``python -m benchmarks metrics [options]``: the metric benchmark instead (index build and
``evaluate`` on 10,000 and 100,000-document mixes), written to benchmarks/results_metrics.md.
"""

import sys

from benchmarks.bench_embed import main

if __name__ == "__main__":
    if sys.argv[1:2] == ["metrics"]:
        from benchmarks.bench_metrics import main as metrics_main

        sys.exit(metrics_main(sys.argv[2:]))
    sys.exit(main())
