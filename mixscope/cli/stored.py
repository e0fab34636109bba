"""What the store commands (save, list, review, compare) share: the store file and the author."""

from __future__ import annotations

import argparse
import getpass

from mixscope.store import STORE_ENV, MixStore


def store_options() -> argparse.ArgumentParser:
    """The ``--store`` option, as a parent parser."""
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--store", metavar="FILE",
        help=f"the store (SQLite); default: ${STORE_ENV}, else store.sqlite in your data folder",
    )  # fmt: skip
    return options


def add_author(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--author", metavar="A", help="who (free text); default: your login name")


def open_store(args: argparse.Namespace) -> MixStore:
    return MixStore.open(args.store)


def author(args: argparse.Namespace) -> str:
    if args.author is not None:
        return str(args.author)
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without /etc/passwd entry)
        return ""
