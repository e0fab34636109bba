"""``mixscope archive``: hide a saved mix from the lists (nothing is deleted), or restore it."""

from __future__ import annotations

import argparse
from typing import Any

from mixscope.cli.options import SharedOptions, printable
from mixscope.cli.stored import add_author, author, open_store, store_options


def register(commands: Any, shared: SharedOptions) -> None:
    parser = commands.add_parser(
        "archive", parents=[store_options()],
        help="hide a saved mix from the lists (every version kept), or --restore it",
        description="Archive a saved mix: it leaves mixscope list, mixscope compare's and the "
        "Review page's lists, and takes no new version or review; every version is kept, so "
        "NAME and NAME@VERSION still open it and the manifests that cite it stay true. "
        "mixscope list --archived lists the archived ones.",
    )  # fmt: skip
    parser.add_argument("name", metavar="NAME", help="the saved mix (all its versions)")
    parser.add_argument("--restore", action="store_true", help="bring an archived mix back")
    parser.add_argument("--comment", default="", metavar="TEXT", help="why")
    add_author(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        if args.restore:
            store.restore(args.name, comment=args.comment, author=author(args))
        else:
            store.archive(args.name, comment=args.comment, author=author(args))
        saved = store.get(args.name)
    done = "restored" if args.restore else "archived"
    print(f"{printable(saved.name)} ({saved.version} version(s), latest {saved.status}): {done}")
    return 0
