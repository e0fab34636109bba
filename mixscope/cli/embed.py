"""``mixscope embed``: fill the embedding cache, one line per corpus saying what it cost.

``--engine ray`` embeds on a Ray actor pool (:func:`mixscope.embed.ray_fill_cache`) instead of
in this process; the cache, its keys and the lines printed are the same. It also computes each
corpus's text structures (MinHash signatures, duplicate keys, tokens, groups, sentiment,
language) in Ray tasks and keeps them next to the cache
(:func:`mixscope.evaluation.ray_store_text_structures`), so a later index build loads them.
"""

from __future__ import annotations

import argparse
from contextlib import nullcontext
from typing import Any

from mixscope.cli.options import SharedOptions, load, load_embedder, positive_int, printable

ENGINES = ("local", "ray")


def register(commands: Any, shared: SharedOptions) -> None:
    parser = commands.add_parser(
        "embed", parents=[shared.loading, shared.embedding], help="fill the embedding cache"
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--batch-size", type=positive_int, default=32, metavar="B")
    group = parser.add_argument_group("engine")
    group.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="local: in this process (default); ray: on a Ray actor pool (pip install 'ray[data]')",
    )
    group.add_argument(
        "--address",
        metavar="ADDR",
        help="--engine ray: the cluster, e.g. ray://host:10001 or auto (default: a local Ray)",
    )
    group.add_argument(
        "--actors",
        type=positive_int,
        metavar="N",
        help="--engine ray: N actors, each holding the model (default: 1 up to the cluster's CPUs)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from mixscope.embed import (
        EmbeddingCache,
        embed_corpus_with_counts,
        model_label,
        ray_fill_cache,
        ray_session,
        require_ray,
        tqdm_progress,
    )

    if args.engine != "ray":
        given = [f"--{o}" for o in ("address", "actors") if getattr(args, o) is not None]
        if given:
            raise ValueError(f"{' and '.join(given)} given without --engine ray")
    else:
        require_ray()  # before reading any file
    corpora = [load(path, "real", args) for path in args.files]
    cache = EmbeddingCache(args.cache_dir)
    embedder = load_embedder(args.model, cache.root)
    with ray_session(args.address) if args.engine == "ray" else nullcontext():
        for corpus in corpora:
            with tqdm_progress(f"embedding {corpus.name}", disable=False) as progress:
                if args.engine == "ray":
                    counts = ray_fill_cache(
                        corpus.texts, args.model, cache=cache, embedder=embedder,
                        actors=args.actors, batch_size=args.batch_size, progress=progress,
                    )  # fmt: skip
                else:
                    _, counts = embed_corpus_with_counts(
                        corpus, embedder, cache=cache, progress=progress, batch_size=args.batch_size
                    )
            # "N documents: E embedded, C from cache", then what they were embedded with
            used = model_label(embedder.model_id, embedder.cache_id)
            where = f"dim {embedder.dim}, cache {cache.root}"
            print(f"{printable(corpus.name)}: {counts} ({used}, {where})")
            if args.engine == "ray":
                _text_structures(corpus, cache.root)
    return 0


def _text_structures(corpus: Any, root: Any) -> None:
    """Signatures and the other text structures of ``corpus`` on Ray, kept for index builds."""
    from mixscope.evaluation import IndexStore
    from mixscope.evaluation.ray_structures import ray_store_text_structures

    computed = ray_store_text_structures(corpus, IndexStore(root))
    done = "computed on Ray" if computed else "already stored"
    print(f"{printable(corpus.name)}: text structures (MinHash signatures, ...) {done}")
