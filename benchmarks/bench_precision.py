"""What holding the embeddings in float16 (``IndexSettings(embedding_dtype="float16")``) costs.

The demo corpora with all-MiniLM-L6-v2 (the shipped vectors: nothing is embedded), indexed
twice, in float32 and float16. Every metric of mixes of 1,000 documents at shares 0.1, 0.3,
0.5, 0.7 and 0.9 (seeds 0, 1, 2) is computed on both; for each metric the table gives the
largest difference, the median width of its 95 % interval (the scale a difference is read
against) and how many of the 15 statuses changed. Written to benchmarks/results_precision.md.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

RESULTS = Path(__file__).resolve().parent / "results_precision.md"
SHARES = (0.1, 0.3, 0.5, 0.7, 0.9)
SEEDS = (0, 1, 2)


def compare(corpora: list, vectors: dict, *, model_id: str, axes: dict) -> pd.DataFrame:
    """Per metric: max |float16 - float32|, median interval width, statuses changed."""
    from mixscope.evaluation import IndexSettings, build_index, evaluate
    from mixscope.mixing import MixConfig, mix

    indexes = {
        dtype: build_index(
            corpora,
            vectors,
            model_id=model_id,
            axes=axes,
            settings=IndexSettings(embedding_dtype=dtype),
        )
        for dtype in ("float32", "float16")
    }
    sizes = {dtype: ix.unit.nbytes for dtype, ix in indexes.items()}
    rows = []
    for share in SHARES:
        for seed in SEEDS:
            m = mix(corpora, MixConfig(synthetic_share=share, size=1000, seed=seed))
            a, b = (evaluate(m, indexes[d]).table.set_index("metric") for d in indexes)
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
    out = frame.groupby("metric", sort=False).agg(
        max_diff=("diff", "max"), median_ci_width=("width", "median"), changed=("changed", "sum")
    )
    out.attrs["bytes"] = sizes
    out.attrs["runs"] = len(SHARES) * len(SEEDS)
    return out


def main(argv: list[str] | None = None) -> int:
    from benchmarks.bench_embed import machine_info
    from mixscope.corpus import load_demo_corpora
    from mixscope.embed import EmbeddingCache, axis_directions, embed_corpus, get_embedder
    from mixscope.embed.demo_vectors import seed_demo_vectors

    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    corpora = load_demo_corpora()
    with tempfile.TemporaryDirectory() as root:
        cache = EmbeddingCache(root)
        embedder = get_embedder(None, cache_root=root, backend="stock")
        seed_demo_vectors(cache, embedder.cache_id, dim=embedder.dim)
        vectors = {c.name: embed_corpus(c, embedder, cache=cache) for c in corpora}
    result = compare(corpora, vectors, model_id=embedder.model_id, axes=axis_directions(embedder))
    sizes, runs = result.attrs["bytes"], result.attrs["runs"]
    lines = [
        "# Embeddings held in float16",
        "",
        "Written by `python -m benchmarks precision` (benchmarks/bench_precision.py): the demo "
        f"corpora ({sum(len(c) for c in corpora):,} documents) with all-MiniLM-L6-v2, indexed in "
        f"float32 and in float16; {runs} mixes of 1,000 documents (shares "
        f"{', '.join(map(str, SHARES))}; seeds {', '.join(map(str, SEEDS))}), every metric on "
        "both. The unit embeddings take "
        f"{sizes['float32'] / 2**20:.1f} MiB in float32 and {sizes['float16'] / 2**20:.1f} MiB "
        "in float16.",
        "",
        "| metric | largest difference | median 95 % interval width | statuses changed |",
        "|---|---:|---:|---:|",
    ]
    for metric, row in result.iterrows():
        width = "-" if np.isnan(row["median_ci_width"]) else f"{row['median_ci_width']:.4g}"
        diff = "-" if np.isnan(row["max_diff"]) else f"{row['max_diff']:.3g}"
        lines.append(f"| {metric} | {diff} | {width} | {int(row['changed'])} of {runs} |")
    lines += ["", "## Machine", ""] + [f"- {k}: {v}" for k, v in machine_info().items()]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0
