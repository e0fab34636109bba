"""``mixscope review``: approve, reject or send back to draft a saved mix, with a comment."""

from __future__ import annotations

import argparse
from typing import Any

from mixscope.cli.options import SharedOptions, printable
from mixscope.cli.stored import add_author, author, open_store, store_options
from mixscope.store import REVIEW_STATUSES


def register(commands: Any, shared: SharedOptions) -> None:
    parser = commands.add_parser(
        "review", parents=[store_options()], help="approve or reject a saved mix, with a comment"
    )
    parser.add_argument("name", metavar="NAME", help="the saved mix (its latest version)")
    # not argparse choices: a wrong status is a one-line error like every other
    parser.add_argument("--status", required=True, metavar="|".join(REVIEW_STATUSES))
    parser.add_argument("--comment", default="", metavar="TEXT",
                        help="why (required to approve or reject)")  # fmt: skip
    add_author(parser)
    parser.add_argument("--history", action="store_true", help="print the review history after")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        saved = store.review(args.name, args.status, comment=args.comment, author=author(args))
        history = store.history(saved.name) if args.history else None
    print(f"{printable(saved.name)} version {saved.version}: {saved.status}")
    if history is not None:
        for row in history.to_dict("records"):
            when = str(row["created_utc"])[:19].replace("T", " ")
            print(f"  {when}  v{row['version']}  {row['status']:<8} "
                  f"{printable(row['author']) or '-'}: {printable(row['comment'])}")  # fmt: skip
    return 0
