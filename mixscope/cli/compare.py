"""``mixscope compare``: saved mixes' metric tables side by side, with changes and statuses."""

from __future__ import annotations

import argparse
import json
from typing import Any

import pandas as pd

from mixscope.cli.options import SharedOptions, json_number, printable
from mixscope.cli.stored import open_store, store_options
from mixscope.store import (
    SavedMix,
    comparability,
    compare_table,
    composition,
    mix_labels,
    side_by_side,
)


def register(commands: Any, shared: SharedOptions) -> None:
    parser = commands.add_parser(
        "compare", parents=[store_options()],
        help="saved mixes side by side: metrics, changes against the first, statuses",
    )  # fmt: skip
    parser.add_argument("names", nargs="+", metavar="NAME[@VERSION]",
                        help="two or more saved mixes: a name is its latest version, "
                        "NAME@2 its version 2 (versions of one mix compare too)")  # fmt: skip
    parser.add_argument("--json", metavar="FILE", help="also write the comparison here")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        mixes = store.lookup_distinct(args.names)  # two or more, distinct, saved
        long = compare_table(mixes)
    notes = comparability(mixes)
    for saved in mixes:
        verdict = saved.verdict()
        print(f"{printable(saved.name)}@{saved.version}: {saved.status}, share "
              f"{saved.record.synthetic_share:g}, {saved.record.n_documents:,} documents, "
              f"verdict {verdict.overall} ({verdict.headline})")  # fmt: skip
    for note in notes:
        print(f"note: {printable(note)}")
    wide = side_by_side(long)
    wide.columns = [printable(str(c)) for c in wide.columns]
    print(wide.to_string(index=False, float_format="{:.4g}".format))
    if args.json:
        labelled = zip(mixes, mix_labels(mixes), strict=True)
        out = {"mixes": [_mix(saved, label) for saved, label in labelled],
               "metrics": _metrics(long),
               "notes": notes}  # fmt: skip
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(out, handle, indent=2, ensure_ascii=False, allow_nan=False)
        print(f"wrote {args.json}")
    return 0


def _mix(saved: SavedMix, label: str) -> dict[str, Any]:
    verdict = saved.verdict()
    parts = composition([saved]).drop(columns="mix")
    return {
        "name": saved.name, "version": saved.version, "label": label, "status": saved.status,
        "synthetic_share": saved.record.synthetic_share,
        "n_documents": saved.record.n_documents, "model_id": saved.record.model_id,
        "verdict": verdict.overall, "headline": verdict.headline, "author": saved.author,
        "created_utc": saved.created_utc, "updated_utc": saved.updated_utc,
        "composition": [{"source": r["source"], "role": r["role"], "n": int(r["n"]),
                         "share": float(r["share"])} for r in parts.to_dict("records")],
    }  # fmt: skip


def _metrics(long: pd.DataFrame) -> list[dict[str, Any]]:
    out = []
    for metric, rows in long.groupby("metric", sort=False):
        values = [
            {"mix": r["mix"], "value": json_number(r["value"]),
             "ci_low": json_number(r["ci_low"]), "ci_high": json_number(r["ci_high"]),
             "status": r["status"], "delta": json_number(r["delta"])}
            for r in rows.to_dict("records")
        ]  # fmt: skip
        out.append({"metric": metric, "group": rows["group"].iloc[0], "values": values})
    return out
