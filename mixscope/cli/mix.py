"""``mixscope mix``: draw a mix and write it as CSV, with an optional manifest."""

from __future__ import annotations

import argparse
from typing import Any

from mixscope.cli.options import SharedOptions, load_pool, mix_config
from mixscope.export import build_manifest, escape_formula_cells, write_csv, write_manifest
from mixscope.mixing import mix


def register(commands: Any, shared: SharedOptions) -> None:
    parser = commands.add_parser(
        "mix", parents=[shared.loading, shared.mixing], help="draw a mix and write it as CSV"
    )
    parser.add_argument("--out", required=True, metavar="CSV")
    parser.add_argument("--manifest", metavar="JSON")
    parser.add_argument("--no-escape-formulas", dest="escape_formulas", action="store_false")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    config = mix_config(args)  # checked before reading (possibly large) files
    result = mix(load_pool(args), config)
    frame, escaped = result.documents(), 0
    if args.escape_formulas:
        frame, escaped = escape_formula_cells(frame)
    write_csv(frame, args.out)
    if args.manifest:
        manifest = build_manifest(
            result, escaped_cells=escaped, escape_formulas=args.escape_formulas
        )
        write_manifest(manifest, args.manifest)
    print(result.counts().to_string(index=False, formatters={"share": "{:.1%}".format}))
    escaping = f"{escaped:,} cells formula-escaped" if args.escape_formulas else "no escaping"
    print(f"wrote {len(result):,} documents to {args.out} ({escaping})")
    return 0
