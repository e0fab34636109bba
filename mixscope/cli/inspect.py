"""``mixscope inspect``: what each file holds, what was dropped and why."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from typing import Any

from mixscope.cli.options import SharedOptions, load, printable
from mixscope.corpus import describe

#: Dropped records shown per corpus.
DROPPED_EXAMPLES = 5


def register(commands: Any, shared: SharedOptions) -> None:
    parser = commands.add_parser("inspect", parents=[shared.loading], help="summarise corpora")
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("--json", action="store_true", help="print the summaries as JSON")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    corpora = [load(path, "real", args) for path in args.files]
    summaries = [describe(corpus) for corpus in corpora]
    if args.json:
        print(json.dumps(summaries, indent=2, ensure_ascii=False, default=str))
        return 0
    for corpus, summary in zip(corpora, summaries, strict=True):
        print(f"{printable(corpus.name)}  ({printable(corpus.origin)})")
        for key, value in summary.items():
            if key in ("name", "role"):  # the header names it; inspect assigns no role
                continue
            print(f"  {key.replace('_', ' '):<20} {_render(value)}")
        for row in corpus.dropped.head(DROPPED_EXAMPLES).itertuples(index=False):
            print(f"    dropped record {row.source_row}: {row.reason}  {str(row.value)!r}")
        if len(corpus.dropped) > DROPPED_EXAMPLES:
            print(f"    ... and {len(corpus.dropped) - DROPPED_EXAMPLES:,} more dropped")
        print()
    return 0


def _render(value: Any) -> str:
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_render(v)}" for k, v in value.items()) or "none"
    if isinstance(value, (list, tuple)):
        return ", ".join(_render(v) for v in value) or "none"
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.4g}"
    return printable(str(value))
