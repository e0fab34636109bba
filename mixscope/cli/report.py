"""``mixscope report``: evaluate one mix's health and write it as JSON, as a self-contained HTML
health report, or both (and per-document CSV)."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mixscope.cli.options import (
    SharedOptions,
    evaluate_options,
    index_pool,
    json_number,
    load_pool,
    mix_config,
    printable,
    saved_review,
)
from mixscope.corpus import Corpus
from mixscope.export import escape_formula_cells, write_csv
from mixscope.mixing import Mix, MixConfig, mix

if TYPE_CHECKING:
    from mixscope.decide import Guardrail
    from mixscope.evaluation import Evaluation, MixIndex


def register(commands: Any, shared: SharedOptions) -> None:
    parser = commands.add_parser(
        "report",
        parents=[shared.loading, shared.mixing, shared.embedding, shared.evaluating],
        help="evaluate a mix's health",
    )
    parser.add_argument("--json", metavar="JSON", help="write the report here as JSON")
    parser.add_argument(
        "--html",
        metavar="HTML",
        help="write the health report here: one self-contained HTML file (opens offline)",
    )
    parser.add_argument(
        "--with-sweep",
        action="store_true",
        help="also sweep the shares 0, 0.1, ..., 1 and put the recommended share in the HTML",
    )
    parser.add_argument(
        "--guardrails", metavar="TOML", help="bounds of the recommendation (with --with-sweep)"
    )
    parser.add_argument("--documents", metavar="CSV", help="write per-document findings here")
    parser.add_argument(
        "--escape-formulas",
        action="store_true",
        help="prefix cells of --documents a spreadsheet would run as formulas with '",
    )
    parser.add_argument(
        "--attribution",
        metavar="JSON",
        help="also write every metric with each synthetic source left out and kept alone",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from mixscope.evaluation import evaluate

    if not (args.json or args.html):
        raise ValueError("give --json FILE, --html FILE or both")
    if args.with_sweep and not args.html:
        raise ValueError("--with-sweep goes into the HTML report: give --html FILE")
    if args.guardrails and not args.with_sweep:
        raise ValueError("--guardrails bound the recommendation of --with-sweep: give both")
    config = mix_config(args)  # checked before reading (possibly large) files
    rails = _guardrails(args)
    options = evaluate_options(args)
    corpora = load_pool(args)
    result = mix(corpora, config)
    index = index_pool(args, corpora)
    evaluation = evaluate(result, index, **options)
    if args.documents:
        frame = evaluation.documents  # byte-exact unless asked, like every export
        if args.escape_formulas:
            frame, _ = escape_formula_cells(frame)
        write_csv(frame, args.documents)
    if args.json:
        _write_report(args, corpora, config, evaluation)
    if args.html:
        _write_html(args, corpora, result, index, evaluation, rails, options)
    if args.attribution:
        _write_attribution(args.attribution, corpora, index, config, options)
    table = evaluation.table.drop(columns="settings")
    print(table.to_string(index=False, float_format="{:.4g}".format))
    written = [path for path in (args.json, args.html, args.documents) if path]
    print("wrote " + " and ".join(printable(path) for path in written))
    return 0


def _guardrails(args: argparse.Namespace) -> list[Guardrail] | None:
    """The guardrails of ``--with-sweep``: the file's, or the defaults (None without a sweep)."""
    from mixscope.decide import default_guardrails
    from mixscope.decide.guardrail_file import load_guardrails

    if not args.with_sweep:
        return None
    return load_guardrails(args.guardrails) if args.guardrails else default_guardrails()


def _write_html(
    args: argparse.Namespace, corpora: list[Corpus], result: Mix, index: MixIndex,
    evaluation: Evaluation, rails: list[Guardrail] | None, options: dict[str, Any],
) -> None:  # fmt: skip
    from mixscope.decide import sweep
    from mixscope.embed import tqdm_progress
    from mixscope.export.report import health_report_html

    swept = None
    if rails is not None:
        with tqdm_progress("sweeping", unit="share", disable=False) as progress:
            swept = sweep(corpora, index, result.config, progress=progress, **options)
    spec = Path(args.spec).read_text(encoding="utf-8") if getattr(args, "spec", None) else None
    page = health_report_html(
        evaluation, mix=result, index=index, sweep=swept, guardrails=rails, spec=spec,
        review=saved_review(corpora, result.config),
    )  # fmt: skip
    Path(args.html).write_text(page, encoding="utf-8")


def inputs(corpora: list[Corpus]) -> list[dict[str, Any]]:
    """What each input was: name, role, origin, content hash, documents."""
    return [
        {
            "name": c.name,
            "role": c.role,
            "origin": c.origin,
            "content_hash": c.content_hash,
            "n_documents": len(c),
        }
        for c in corpora
    ]


def _write_report(
    args: argparse.Namespace, corpora: list[Corpus], config: MixConfig, evaluation: Any
) -> None:
    metrics = [
        {
            "name": row.metric,
            "group": row.group,
            "value": json_number(row.value),
            "ci_low": json_number(row.ci_low),
            "ci_high": json_number(row.ci_high),
            "noise_floor": json_number(row.noise_floor),
            "status": row.status,
            "settings": json.loads(row.settings),
        }
        for row in evaluation.table.itertuples(index=False)
    ]
    report: dict[str, Any] = {
        "inputs": inputs(corpora),
        "config": {"mix": asdict(config), "evaluation": evaluation.config},
        "metrics": metrics,
    }
    if args.documents:
        report["documents"] = args.documents
    with open(args.json, "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=2, ensure_ascii=False, allow_nan=False)


def _write_attribution(
    path: str, corpora: list[Corpus], index: Any, config: MixConfig, options: dict[str, Any]
) -> None:
    from mixscope.decide.attribution import attribute

    result = attribute(corpora, index, config, **options)
    rows = [
        {"variant": r["variant"], "kind": r["kind"], "source": r["source"], "name": r["metric"],
         "value": json_number(r["value"]), "delta": json_number(r["delta"]),
         "better": json_number(r["better"]), "status": r["status"]}
        for r in result.table.to_dict("records")
    ]  # fmt: skip
    costliest = result.costliest().to_dict("records")
    out = {"rows": rows, "costliest": costliest, "skipped": result.skipped}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(out, handle, indent=2, ensure_ascii=False, allow_nan=False)
