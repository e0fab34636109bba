"""``mixscope simulate``: what recursive training on the real corpus (and a mix) does over
generations, with the stand-in generators of :mod:`mixscope.simulate`."""

from __future__ import annotations

import argparse
import json
from typing import Any

from mixscope.cli.options import SharedOptions, json_number, load, load_embedder, positive_int
from mixscope.cli.report import inputs


def register(commands: Any, shared: SharedOptions) -> None:
    from mixscope.simulate import GENERATORS, REGIMES

    parser = commands.add_parser(
        "simulate",
        parents=[shared.loading],
        help="simulate recursive training on the real corpus (model collapse)",
        description="Fit a stand-in generator, sample, refit on what each regime keeps, and "
        "measure every generation. The generators illustrate the dynamics of a mix; they do "
        "not predict a real model's quality.",
    )
    group = parser.add_argument_group("simulation")
    group.add_argument("--real", required=True, metavar="FILE")
    group.add_argument(
        "--synthetic",
        action="append",
        default=[],
        metavar="FILE",
        help="the mix regime's first synthetic data (all files pooled); needs --synthetic-share",
    )
    group.add_argument(
        "--synthetic-share", type=float, metavar="R", help="share of the mix regime (adds it)"
    )
    group.add_argument("--generations", type=positive_int, required=True, metavar="G")
    group.add_argument(
        "--regimes",
        metavar="R1,R2",
        help=f"any of {','.join(REGIMES)} (default: replace,accumulate,fresh, and mix with a "
        "share)",
    )
    group.add_argument("--generator", choices=list(GENERATORS), default="ngram")
    group.add_argument("--n-docs", type=positive_int, metavar="N", help="default: min(real, 1000)")
    group.add_argument("--seed", type=int, default=0)
    group.add_argument(
        "--model",
        default="lexical",
        metavar="M",
        help="embedder of the generations (default: lexical, fast; a sentence-transformers "
        "model embeds every generation, minutes on a CPU)",
    )
    group.add_argument("--json", required=True, metavar="JSON", help="write the rows here")
    parser.set_defaults(run=run)


def _regimes(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    return tuple(part.strip() for part in text.split(","))


def run(args: argparse.Namespace) -> int:
    from mixscope.embed import tqdm_progress
    from mixscope.simulate import SimulationConfig, simulate

    if args.synthetic and args.synthetic_share is None:
        raise ValueError("--synthetic is only used by the mix regime: give --synthetic-share too")
    config = SimulationConfig(  # checked before reading (possibly large) files
        generations=args.generations,
        regimes=_regimes(args.regimes),
        share=args.synthetic_share,
        n_docs=args.n_docs,
        generator=args.generator,
        seed=args.seed,
    )
    real = load(args.real, "real", args)
    synthetic = [load(path, "synthetic", args) for path in args.synthetic]
    pooled = [t for corpus in synthetic for t in corpus.texts] or None
    config.docs_for(len(real))  # a request the corpus cannot meet fails before the progress bar
    with tqdm_progress("simulating", unit="step", disable=False) as progress:
        result = simulate(
            real.texts, config, synthetic=pooled, embedder=load_embedder(args.model, None),
            progress=progress,
        )  # fmt: skip
    rows = [
        {"regime": r["regime"], "generation": int(r["generation"]), "metric": r["metric"],
         "value": json_number(float(r["value"]))}
        for r in result.rows.to_dict("records")
    ]  # fmt: skip
    out = {"inputs": inputs([real, *synthetic]), "rows": rows, "settings": result.settings}
    with open(args.json, "w", encoding="utf-8") as handle:
        json.dump(out, handle, indent=2, ensure_ascii=False, allow_nan=False)
    headline = "tail_retention" if config.generator == "ngram" else "vendi"
    summary = result.summary()
    for r in summary[summary["metric"] == headline].to_dict("records"):
        print(f"{r['regime']}: {headline} {r['start']:.3g} -> {r['end']:.3g}")
    print(f"wrote {args.json}")
    return 0
