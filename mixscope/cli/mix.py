"""``mixscope mix``: draw a mix and write it as CSV, Parquet or JSONL, with an optional manifest,
or draw a manifest's mix again (``--from-manifest``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from mixscope.cli.options import (
    SharedOptions,
    index_pool,
    load_pool,
    mix_config,
    printable,
    saved_review,
    spec,
)
from mixscope.corpus import Corpus
from mixscope.export import (
    OUTPUT_FORMATS,
    Written,
    build_manifest,
    findings_frame,
    output_format,
    read_manifest,
    recorded_model,
    reproduce,
    write_manifest,
    write_mix,
)
from mixscope.mixing import Mix, mix

#: Options --from-manifest replaces (the manifest records what they set).
_REPLACED = ("--spec", "--real", "--synthetic", "--synthetic-share", "--size", "--weights",
             "--mode", "--strategy", "--seed", "--text-column", "--format", "--encoding",
             "--manifest", "--escape-formulas", "--findings")  # fmt: skip


def register(commands: Any, shared: SharedOptions) -> None:
    parser = commands.add_parser(
        "mix",
        parents=[shared.loading, shared.mixing, shared.embedding],
        help="draw a mix and write it as CSV, Parquet or JSONL",
    )
    group = parser.add_argument_group("output")
    group.add_argument("--out", required=True, metavar="FILE", help="mix.csv, .parquet or .jsonl")
    group.add_argument(
        "--out-format", choices=OUTPUT_FORMATS, help="default: from the extension of --out"
    )
    group.add_argument("--manifest", metavar="JSON", help="also write the manifest here")
    group.add_argument(
        "--escape-formulas",
        action="store_true",
        help="a CSV for spreadsheets: prefix cells starting with =, +, -, @, tab or CR (and ') "
        "with ' (changes the text; counted in the manifest). Default: byte-exact text",
    )
    # The old opt-out; byte-exact is the default now, so it changes nothing.
    group.add_argument(
        "--no-escape-formulas",
        dest="escape_formulas",
        action="store_false",
        default=False,
        help=argparse.SUPPRESS,
    )
    group.add_argument(
        "--findings",
        action="store_true",
        help="add each document's findings as columns (duplicate of, nearest real similarity, "
        "cluster, groups, ...): embeds and indexes the corpora (--model)",
    )
    group.add_argument(
        "--from-manifest",
        metavar="JSON",
        help="draw the mix a manifest describes again (its inputs, config and format) and "
        "write it only if it is the identical file",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.from_manifest:
        return _reproduce(args)
    if not args.spec and args.real is None:
        raise ValueError("give --spec FILE, --real FILE (and --synthetic-share) or --from-manifest")
    fmt = output_format(args.out, args.out_format)  # checked before reading (large) files
    if fmt != "csv" and args.escape_formulas:
        raise ValueError(f"--escape-formulas is for CSV files opened in spreadsheets, not {fmt}")
    config = mix_config(args)
    corpora = load_pool(args)
    result = mix(corpora, config)
    findings = findings_frame(result, index_pool(args, corpora)) if args.findings else None
    written = write_mix(
        result, args.out, format=fmt, escape_formulas=args.escape_formulas, findings=findings
    )
    if args.manifest:
        _write_manifest(args, result, written, _reading(args, corpora))
    print(result.counts().to_string(index=False, formatters={"share": "{:.1%}".format}))
    print(f"wrote {len(result):,} documents to {printable(args.out)} ({_describe(written)})")
    return 0


def _reading(args: argparse.Namespace, corpora: list[Corpus]) -> dict[str, dict[str, Any]]:
    """How each corpus was read: its spec entry's encoding and txt mode, or the options'."""
    described = spec(args)
    if described is None:
        return {c.name: {"encoding": args.encoding, "txt_mode": args.txt_mode} for c in corpora}
    return {
        c.name: {"encoding": entry.encoding, "txt_mode": entry.txt_mode}
        for c, entry in zip(corpora, described.corpora, strict=True)
    }


def _write_manifest(
    args: argparse.Namespace, result: Mix, written: Written, reading: dict[str, dict[str, Any]]
) -> None:
    from mixscope.embed import DEFAULT_MODEL_ID

    manifest = build_manifest(
        result,
        model_id=(args.model or DEFAULT_MODEL_ID) if written.findings else None,
        output=written,
        reading=reading,
        manifest_dir=Path(args.manifest).parent,
        review=saved_review(result.corpora, result.config),
    )
    write_manifest(manifest, args.manifest)


def _describe(written: Written) -> str:
    if written.escape_formulas:
        text = f"{written.escaped_cells:,} cells formula-escaped"
    else:
        text = "byte-exact text"
    return f"{written.format}, {text}" + (", with findings" if written.findings else "")


def _reproduce(args: argparse.Namespace) -> int:
    values = [getattr(args, o[2:].replace("-", "_")) for o in _REPLACED]
    given = [
        o for o, v in zip(_REPLACED, values, strict=True) if v not in (None, []) and v is not False
    ]
    if given:
        raise ValueError(
            "--from-manifest takes the inputs, config and output from the manifest; drop "
            + ", ".join(given)
        )
    model = args.model or recorded_model(read_manifest(args.from_manifest))

    def findings(result: Mix) -> Any:
        with_model = argparse.Namespace(**{**vars(args), "model": model})
        return findings_frame(result, index_pool(with_model, list(result.corpora)))

    limits = {k: getattr(args, k) for k in ("max_rows", "max_text_bytes", "max_columns")}
    done = reproduce(
        args.from_manifest, args.out, format=args.out_format, findings=findings, **limits
    )
    digest = done.written.sha256
    if done.identical:
        print(f"reproduced: identical (sha256 {digest})")
    else:
        print(f"reproduced (the manifest records no file hash to compare with; sha256 {digest})")
    print(f"wrote {len(done.mix):,} documents to {printable(str(args.out))}")
    return 0
