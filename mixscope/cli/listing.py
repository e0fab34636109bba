"""``mixscope list``: the saved mixes with their review status, share, size and verdict."""

from __future__ import annotations

import argparse
import json
from typing import Any

import pandas as pd

from mixscope.cli.options import SharedOptions, printable
from mixscope.cli.stored import open_store, store_options

#: What the table shows, and its column headers.
_SHOWN = {"name": "name", "version": "version", "status": "status", "synthetic_share": "share",
          "n_documents": "documents", "verdict": "verdict", "fail": "fail", "warn": "warn",
          "pass": "pass", "author": "author", "updated_utc": "updated (UTC)"}  # fmt: skip


def register(commands: Any, shared: SharedOptions) -> None:
    parser = commands.add_parser(
        "list", parents=[store_options()], help="list the saved mixes with status and verdict"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--archived", action="store_true",
                        help="list the archived mixes instead (mixscope archive)")  # fmt: skip
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        table = store.archived() if args.archived else store.list()
        hidden = 0 if args.archived else len(store.archived())
        path = store.path
    if args.archived:
        return _archived(table, json_out=args.json, path=str(path))
    if args.json:
        print(json.dumps(table.to_dict("records"), indent=2, ensure_ascii=False, allow_nan=False))
        return 0
    archived = f"; {hidden} archived (mixscope list --archived)" if hidden else ""
    if table.empty:
        print(f"no saved mixes in {printable(str(path))} (mixscope save NAME --spec FILE)"
              f"{archived}")  # fmt: skip
        return 0
    shown = table.loc[:, list(_SHOWN)].rename(columns=_SHOWN)
    for column in ("name", "author"):
        shown[column] = shown[column].map(printable)
    shown["updated (UTC)"] = shown["updated (UTC)"].str.slice(0, 19).str.replace("T", " ")
    print(shown.to_string(index=False, float_format="{:g}".format))
    if archived:
        print(archived.lstrip("; "))
    return 0


def _archived(table: pd.DataFrame, *, json_out: bool, path: str) -> int:
    if json_out:
        print(json.dumps(table.to_dict("records"), indent=2, ensure_ascii=False))
        return 0
    if table.empty:
        print(f"no archived mixes in {printable(path)}")
        return 0
    shown = table.copy()
    for column in ("name", "comment", "author"):
        shown[column] = shown[column].map(printable)
    shown["archived_utc"] = shown["archived_utc"].str.slice(0, 19).str.replace("T", " ")
    print(shown.rename(columns={"archived_utc": "archived (UTC)"}).to_string(index=False))
    return 0
