"""``mixscope embed``: fill the embedding cache, one line per corpus saying what it cost."""

from __future__ import annotations

import argparse
from typing import Any

from mixscope.cli.options import SharedOptions, load, positive_int, printable


def register(commands: Any, shared: SharedOptions) -> None:
    parser = commands.add_parser(
        "embed", parents=[shared.loading, shared.embedding], help="fill the embedding cache"
    )
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--batch-size", type=positive_int, default=32, metavar="B")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from mixscope.embed import (
        EmbeddingCache,
        embed_corpus_with_counts,
        get_embedder,
        tqdm_progress,
    )

    corpora = [load(path, "real", args) for path in args.files]
    cache = EmbeddingCache(args.cache_dir)
    embedder = get_embedder(args.model, cache_root=cache.root)
    for corpus in corpora:
        with tqdm_progress(f"embedding {corpus.name}", disable=False) as progress:
            _, counts = embed_corpus_with_counts(
                corpus, embedder, cache=cache, progress=progress, batch_size=args.batch_size
            )
        # "N documents: E embedded, C from cache", then what they were embedded with
        print(
            f"{printable(corpus.name)}: {counts} ({embedder.model_id}, dim {embedder.dim}, "
            f"cache {cache.root})"
        )
    return 0
