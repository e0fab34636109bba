"""``mixscope sweep``: the metric table over a grid of shares, the share the guardrails allow,
recommended weights with several sources, and each source's fidelity verdict."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import Any

from mixscope.cli.options import (
    SharedOptions,
    evaluate_options,
    index_pool,
    json_number,
    load_pool,
    mix_config,
    printable,
)
from mixscope.cli.report import inputs


def register(commands: Any, shared: SharedOptions) -> None:
    parser = commands.add_parser(
        "sweep",
        parents=[shared.loading, shared.pool, shared.embedding, shared.evaluating],
        help="evaluate a mix over a grid of shares and recommend one",
    )
    parser.add_argument("--shares", metavar="S1,S2,...", help="default: 0,0.1,...,1")
    parser.add_argument("--guardrails", metavar="TOML", help="bounds (default: the defaults)")
    parser.add_argument(
        "--search-weights",
        action="store_true",
        help="with several --synthetic, also search the weights (one sweep per candidate)",
    )
    parser.add_argument("--json", required=True, metavar="JSON", help="write the sweep here")
    parser.set_defaults(run=run)


def _shares(text: str | None) -> list[float] | None:
    if text is None:
        return None
    try:
        return [float(part) for part in text.split(",")]
    except ValueError:
        raise ValueError(f"--shares expects comma-separated numbers, got {text!r}") from None


def run(args: argparse.Namespace) -> int:
    from mixscope.decide import DEFAULT_SHARES, default_guardrails, recommend, sweep
    from mixscope.decide.guardrail_file import load_guardrails
    from mixscope.decide.sources import source_verdicts
    from mixscope.decide.weights import recommend_weights
    from mixscope.embed import tqdm_progress

    config = mix_config(args)  # everything checked before reading (possibly large) files
    shares = _shares(args.shares) or list(DEFAULT_SHARES)
    rails = load_guardrails(args.guardrails) if args.guardrails else default_guardrails()
    options = evaluate_options(args)
    corpora = load_pool(args)
    index = index_pool(args, corpora)
    with tqdm_progress("sweeping", unit="share", disable=False) as progress:
        result = sweep(corpora, index, config, shares=shares, progress=progress, **options)
    chosen = recommend(result, rails)
    out: dict[str, Any] = {
        "inputs": inputs(corpora),
        "config": {"mix": asdict(config) | {"synthetic_share": None}, "shares": shares,
                   "evaluation": {k: v for k, v in options.items() if k != "metrics"}},
        "points": _points(result.table),
        "skipped": [{"share": s, "reason": why} for s, why in result.skipped.items()],
        "guardrails": [asdict(rail) for rail in rails],
        "recommendation": _recommendation(chosen),
    }  # fmt: skip
    verdicts = source_verdicts(corpora, index, config, **_without_metrics(options))
    out["sources"] = [
        {"source": r["source"], "n_documents": int(r["n_documents"]), "name": r["metric"],
         "value": json_number(r["value"]), "ci_low": json_number(r["ci_low"]),
         "ci_high": json_number(r["ci_high"]), "noise_floor": json_number(r["noise_floor"]),
         "status": r["status"]}
        for r in verdicts.to_dict("records")
    ]  # fmt: skip
    if args.search_weights and len(args.synthetic) > 1:
        with tqdm_progress("searching weights", unit="sweep", disable=False) as progress:
            weights = recommend_weights(corpora, index, config, rails, shares=shares,
                                        progress=progress, **_without_metrics(options))  # fmt: skip
        out["weights"] = {
            "weights": list(weights.weights),
            "recommendation": _recommendation(weights.recommendation),
            "costliest": weights.costliest,
            "costs": json.loads(weights.costs.to_json(orient="records")),
            "candidates": json.loads(weights.candidates.to_json(orient="records")),
        }
    with open(args.json, "w", encoding="utf-8") as handle:
        json.dump(out, handle, indent=2, ensure_ascii=False, allow_nan=False)
    _print_summary(out)
    print(f"wrote {args.json}")
    return 0


def _without_metrics(options: dict[str, Any]) -> dict[str, Any]:
    """Options for the searches that choose their own metrics."""
    return {k: v for k, v in options.items() if k != "metrics"}


def _points(table: Any) -> list[dict[str, Any]]:
    points = []
    for share, rows in table.groupby("share", sort=False):
        metrics = [
            {"name": r.metric, "value": json_number(r.value), "ci_low": json_number(r.ci_low),
             "ci_high": json_number(r.ci_high), "status": r.status}
            for r in rows.itertuples(index=False)
        ]  # fmt: skip
        points.append({"share": float(share), "metrics": metrics})
    return points


def _recommendation(chosen: Any) -> dict[str, Any]:
    return {
        "share": chosen.share,
        "binding": chosen.binding,
        "margin": None if chosen.margin is None else json_number(chosen.margin),
        "lenient": list(chosen.lenient),
        "unjudged": list(chosen.unjudged),
        "reason": chosen.reason,
    }


def _print_summary(out: dict[str, Any]) -> None:
    rec = out["recommendation"]
    share = "none" if rec["share"] is None else f"{rec['share']:g}"
    print(f"recommended synthetic share: {share} ({printable(rec['reason'])})")
    for row in out["sources"]:
        print(f"  {printable(row['source'])} {row['name']}: {row['status']}")
    if "weights" in out:
        w = out["weights"]
        weights = ", ".join(f"{x:.3g}" for x in w["weights"])
        print(f"recommended weights: {weights} (share {w['recommendation']['share']})")
        if w["costliest"]:
            print(f"costliest source: {printable(w['costliest'])}")
