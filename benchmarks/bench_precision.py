"""What the embeddings' precision costs: float16 storage, and OpenVINO's bfloat16 vectors.

The demo corpora with all-MiniLM-L6-v2, indexed in pairs whose metrics are compared:

- ``float16``: the stock vectors (the shipped ones when they are stock, else embedded) in
  float32 and in float16 (``IndexSettings(embedding_dtype="float16")``);
- ``backend``: the stock vectors and those of the OpenVINO backend (bfloat16 where the CPU has
  it, the default where it passes its check), both in float32, each with its own concept axes.

Every metric of mixes of 1,000 documents at shares 0.1, 0.3, 0.5, 0.7 and 0.9 (seeds 0, 1, 2)
is computed on both indexes of a pair; for each metric the table gives the largest difference,
the median width of its 95 % interval (the scale a difference is read against) and how many of
the 15 statuses changed. Written to benchmarks/results_precision.md.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from mixscope.evaluation import MixIndex

RESULTS = Path(__file__).resolve().parent / "results_precision.md"
SHARES = (0.1, 0.3, 0.5, 0.7, 0.9)
SEEDS = (0, 1, 2)


def compare(corpora: list, indexes: Mapping[str, MixIndex]) -> pd.DataFrame:
    """Per metric, between the two indexes: max |difference|, median interval width (of the
    first), statuses changed."""
    from mixscope.evaluation import evaluate
    from mixscope.mixing import MixConfig, mix

    first, second = indexes.values()
    rows = []
    for share in SHARES:
        for seed in SEEDS:
            m = mix(corpora, MixConfig(synthetic_share=share, size=1000, seed=seed))
            a, b = (evaluate(m, ix).table.set_index("metric") for ix in (first, second))
            others = b.to_dict("index")
            for metric, row in a.iterrows():
                other = others[metric]
                rows.append({
                    "metric": metric,
                    "diff": abs(float(row["value"]) - float(other["value"])),
                    "width": float(row["ci_high"]) - float(row["ci_low"]),
                    "changed": row["status"] != other["status"],
                })  # fmt: skip
    frame = pd.DataFrame(rows)
    return frame.groupby("metric", sort=False).agg(
        max_diff=("diff", "max"), median_ci_width=("width", "median"), changed=("changed", "sum")
    )


def _table(result: pd.DataFrame) -> list[str]:
    runs = len(SHARES) * len(SEEDS)
    lines = [
        "| metric | largest difference | median 95 % interval width | statuses changed |",
        "|---|---:|---:|---:|",
    ]
    for metric, row in result.iterrows():
        width = "-" if np.isnan(row["median_ci_width"]) else f"{row['median_ci_width']:.4g}"
        diff = "-" if np.isnan(row["max_diff"]) else f"{row['max_diff']:.3g}"
        lines.append(f"| {metric} | {diff} | {width} | {int(row['changed'])} of {runs} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    from benchmarks.bench_embed import machine_info
    from mixscope.corpus import load_demo_corpora
    from mixscope.embed import EmbeddingCache, axis_directions, embed_corpus, get_embedder
    from mixscope.embed.demo_vectors import seed_demo_vectors
    from mixscope.evaluation import IndexSettings, build_index

    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    corpora = load_demo_corpora()
    indexes = {}
    with tempfile.TemporaryDirectory() as root:
        cache = EmbeddingCache(root)
        for backend in ("stock", "openvino"):
            embedder = get_embedder(None, cache_root=root, backend=backend)
            seed_demo_vectors(cache, embedder.cache_id, dim=embedder.dim)
            vectors = {c.name: embed_corpus(c, embedder, cache=cache) for c in corpora}
            dtypes = ("float32", "float16") if backend == "stock" else ("float32",)
            for dtype in dtypes:
                indexes[backend, dtype] = build_index(
                    corpora, vectors, model_id=embedder.model_id, embedder_id=embedder.cache_id,
                    axes=axis_directions(embedder), settings=IndexSettings(embedding_dtype=dtype),
                )  # fmt: skip
    stock, half = indexes["stock", "float32"], indexes["stock", "float16"]
    fast = indexes["openvino", "float32"]
    storage = compare(corpora, {"float32": stock, "float16": half})
    backends = compare(corpora, {"stock": stock, "openvino": fast})
    runs = len(SHARES) * len(SEEDS)
    mixes = (
        f"{runs} mixes of 1,000 documents (shares {', '.join(map(str, SHARES))}; seeds "
        f"{', '.join(map(str, SEEDS))}), every metric on both"
    )
    lines = [
        "# Precision of the embeddings: float16 storage, and the OpenVINO backend",
        "",
        "Written by `python -m benchmarks precision` (benchmarks/bench_precision.py): the demo "
        f"corpora ({sum(len(c) for c in corpora):,} documents) with all-MiniLM-L6-v2.",
        "",
        "## Embeddings held in float16",
        "",
        f"The stock vectors indexed in float32 and in float16; {mixes}. The unit embeddings "
        f"take {stock.unit.nbytes / 2**20:.1f} MiB in float32 and "
        f"{half.unit.nbytes / 2**20:.1f} MiB in float16.",
        "",
        *_table(storage),
        "",
        "## The OpenVINO backend's vectors",
        "",
        f"The stock vectors (`{stock.embedder_id}`) and the OpenVINO backend's "
        f"(`{fast.embedder_id}`), both indexed in float32 with their own concept axes; {mixes}.",
        "",
        *_table(backends),
    ]
    lines += ["", "## Machine", ""] + [f"- {k}: {v}" for k, v in machine_info().items()]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0
