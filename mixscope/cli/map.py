"""``mixscope map``: the pool on a 2-D map as a self-contained HTML file, and its named topic
clusters (what each source holds, what the mix takes) as JSON."""

from __future__ import annotations

import argparse
import importlib.util
import json
from typing import Any

from mixscope.cli.options import SharedOptions, index_pool, load_pool, mix_config, positive_int

COLORS = ("source", "cluster", "duplicate", "group")


def register(commands: Any, shared: SharedOptions) -> None:
    parser = commands.add_parser(
        "map",
        parents=[shared.loading, shared.mixing, shared.embedding],
        help="draw the pool on a 2-D map and name its topic clusters",
    )
    parser.add_argument("--html", required=True, metavar="HTML",
                        help="write the map here (opens offline: plotly.js is inside)")  # fmt: skip
    parser.add_argument("--clusters", metavar="JSON", help="write the cluster table here")
    parser.add_argument("--color", choices=COLORS, default="source")
    parser.add_argument(
        "--method",
        choices=("pca", "umap"),
        default="pca",
        help="projection (umap needs the optional package umap-learn)",
    )
    parser.add_argument(
        "--max-points", type=positive_int, metavar="N", help="documents drawn (default 20,000)"
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from mixscope import plots
    from mixscope.evaluation import MAX_POINTS, cluster_summary, embedding_map, map_points
    from mixscope.mixing import mix

    config = mix_config(args)  # checked before reading (possibly large) files
    if args.method == "umap" and importlib.util.find_spec("umap") is None:
        raise ImportError("--method umap needs the umap-learn package, which MixScope does not "
                          "install: pip install umap-learn (or use --method pca)")  # fmt: skip
    corpora = load_pool(args)
    result = mix(corpora, config)
    index = index_pool(args, corpora)
    emap = embedding_map(
        index, max_points=args.max_points or MAX_POINTS, method=args.method, seed=config.seed
    )
    ids = index.global_ids(result)
    points = map_points(emap, index, ids)
    figure = plots.embedding_map_figure(points, color=args.color,
                                        label_clusters=args.color == "cluster")  # fmt: skip
    figure.write_html(args.html, include_plotlyjs=True, full_html=True)
    shown = f"{emap.n_shown:,} of {emap.n_pool:,} documents"
    print(f"wrote {args.html}: {shown}" + (" (a seeded sample)" if emap.sampled else ""))
    if args.clusters:
        table = cluster_summary(index, ids)
        records: list[dict[str, Any]] = json.loads(table.to_json(orient="records"))
        with open(args.clusters, "w", encoding="utf-8") as handle:
            json.dump({"clusters": records}, handle, indent=2, ensure_ascii=False)
        counts = table["status"].value_counts().to_dict()
        print(f"wrote {args.clusters}: {len(table)} clusters, "
              + ", ".join(f"{n} {status}" for status, n in counts.items()))  # fmt: skip
    return 0
