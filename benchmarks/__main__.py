"""``python -m benchmarks``: run the embedding benchmark and write benchmarks/results.md."""

import sys

from benchmarks.bench_embed import main

if __name__ == "__main__":
    sys.exit(main())
