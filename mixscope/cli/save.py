"""``mixscope save``: evaluate a mix and keep it, with its metric table, in the store."""

from __future__ import annotations

import argparse
from typing import Any

from mixscope.cli.options import (
    SharedOptions,
    evaluate_options,
    index_pool,
    load_pool,
    mix_config,
    printable,
    spec,
)
from mixscope.cli.stored import add_author, author, open_store, store_options
from mixscope.corpus import Corpus
from mixscope.mixing import MixConfig, MixSpec, mix, spec_of
from mixscope.store import StoreError, record_of, resolved_spec


def register(commands: Any, shared: SharedOptions) -> None:
    parser = commands.add_parser(
        "save",
        parents=[shared.loading, shared.mixing, shared.embedding, shared.evaluating,
                 store_options()],
        help="evaluate a mix and save it (spec, inputs, metric table) under a name",
    )  # fmt: skip
    parser.add_argument("name", metavar="NAME", help="the saved mix's name")
    add_author(parser)
    parser.add_argument("--comment", default="", metavar="TEXT", help="a note on this save")
    parser.add_argument(
        "--replace", action="store_true",
        help="NAME is saved already: save a new version of it (earlier ones are kept)",
    )  # fmt: skip
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from mixscope.evaluation import evaluate

    config = mix_config(args)  # checked before reading (possibly large) files
    options = evaluate_options(args)
    with open_store(args) as store:  # a taken name or an unusable store fails before the work
        taken = args.name.strip() in store.names()
    if taken and not args.replace:
        raise StoreError(f"a mix named {args.name.strip()!r} is saved already; choose another "
                         "name, or --replace it (a new version; the old one is kept)")  # fmt: skip
    corpora = load_pool(args)
    result = mix(corpora, config)
    evaluation = evaluate(result, index_pool(args, corpora), **options)
    record = record_of(corpora, result, evaluation, _spec(args, corpora, config))
    with open_store(args) as store:
        saved = store.save(args.name, record, author=author(args), comment=args.comment,
                           replace=args.replace)  # fmt: skip
    print(f"saved {printable(saved.name)} version {saved.version} ({saved.status}) in "
          f"{printable(str(store.path))}")  # fmt: skip
    print(f"verdict: {saved.verdict().overall}. {saved.verdict().headline}")
    return 0


def _spec(args: argparse.Namespace, corpora: list[Corpus], config: MixConfig) -> MixSpec:
    """The spec to save: the --spec file's, or the options' (paths made absolute either way)."""
    described = spec(args)
    if described is None:
        reading = {c.name: {"encoding": args.encoding, "txt_mode": args.txt_mode} for c in corpora}
        described = spec_of(corpora, config, reading=reading)
    return resolved_spec(described, corpora)
