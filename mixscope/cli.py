"""The ``mixscope`` command line: inspect corpora, fill the embedding cache, write a mix, report.

Every command loads files with :func:`mixscope.corpus.load_corpus`; bad input exits with
status 2 and one line on stderr (``mixscope: error: ...``), never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from typing import Any

from mixscope import __version__
from mixscope.corpus import (
    MAX_COLUMNS,
    SUPPORTED_FORMATS,
    Corpus,
    CorpusError,
    Role,
    describe,
    load_corpus,
)
from mixscope.export import build_manifest, escape_formula_cells, write_csv, write_manifest
from mixscope.mixing import MODES, MixConfig, mix

#: Exit status for bad input (same as argparse's usage errors).
EXIT_INPUT_ERROR = 2
#: Dropped records shown per corpus by ``inspect``.
DROPPED_EXAMPLES = 5


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 2 bad input, 130 interrupted)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, or a usage error argparse already reported
        return exit_.code if isinstance(exit_.code, int) else EXIT_INPUT_ERROR
    try:
        status: int = args.run(args)
        return status
    except (CorpusError, ValueError, OSError, ImportError) as err:  # OSError: FileNotFoundError
        message = " ".join(str(err).split()) or type(err).__name__
        print(f"mixscope: error: {message}", file=sys.stderr)
        return EXIT_INPUT_ERROR
    except KeyboardInterrupt:
        print("mixscope: interrupted", file=sys.stderr)
        return 130


def _embedding_options() -> argparse.ArgumentParser:
    """Options shared by ``embed`` and ``report``."""
    options = argparse.ArgumentParser(add_help=False)
    group = options.add_argument_group("embedding")
    group.add_argument("--model", metavar="M", help="model id or path, or 'lexical' (fast)")
    group.add_argument("--cache-dir", metavar="D", help="default: $MIXSCOPE_CACHE_DIR")
    return options


def _mixing_options() -> argparse.ArgumentParser:
    """Options shared by ``mix`` and ``report``: the corpora and the MixConfig."""
    options = argparse.ArgumentParser(add_help=False)
    group = options.add_argument_group("mix")
    group.add_argument("--real", required=True, metavar="FILE")
    group.add_argument("--synthetic", action="append", default=[], metavar="FILE")
    group.add_argument("--synthetic-share", type=float, required=True, metavar="R")
    group.add_argument("--size", type=int, metavar="N", help="total documents (replace mode)")
    group.add_argument("--weights", metavar="W1,W2", help="one weight per --synthetic")
    group.add_argument("--mode", choices=MODES, default="replace")
    group.add_argument("--strategy", default="uniform", metavar="S", help="e.g. stratified:topic")
    group.add_argument("--seed", type=int, default=0)
    return options


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with the ``inspect``, ``embed``, ``mix`` and ``report`` subcommands."""
    loading = argparse.ArgumentParser(add_help=False)
    group = loading.add_argument_group("loading (applies to every file)")
    group.add_argument("--text-column", metavar="C", help="column holding the text")
    group.add_argument("--format", choices=SUPPORTED_FORMATS, help="default: from the extension")
    group.add_argument("--txt-mode", choices=("line", "paragraph"), default="line")
    group.add_argument("--encoding", metavar="E", help="default: UTF-8 (or the byte-order mark)")
    group.add_argument(
        "--max-rows", type=_positive_int, metavar="N", help="refuse a file of more records"
    )
    group.add_argument(
        "--max-text-bytes",
        type=_positive_int,
        metavar="N",
        help="refuse a file of more decoded text (checked while reading)",
    )
    group.add_argument(
        "--max-columns",
        type=_positive_int,
        default=MAX_COLUMNS,
        metavar="N",
        help=f"refuse a file of more columns (default {MAX_COLUMNS:,})",
    )
    embedding, mixing = _embedding_options(), _mixing_options()

    parser = argparse.ArgumentParser(
        prog="mixscope", description="See how healthy a mix of real and synthetic text is."
    )
    parser.add_argument("--version", action="version", version=f"mixscope {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    inspect = commands.add_parser("inspect", parents=[loading], help="summarise corpora")
    inspect.add_argument("files", nargs="+", metavar="FILE")
    inspect.add_argument("--json", action="store_true", help="print the summaries as JSON")
    inspect.set_defaults(run=_inspect)

    embed = commands.add_parser(
        "embed", parents=[loading, embedding], help="fill the embedding cache"
    )
    embed.add_argument("files", nargs="+", metavar="FILE")
    embed.add_argument("--batch-size", type=_positive_int, default=32, metavar="B")
    embed.set_defaults(run=_embed)

    mixer = commands.add_parser(
        "mix", parents=[loading, mixing], help="draw a mix and write it as CSV"
    )
    mixer.add_argument("--out", required=True, metavar="CSV")
    mixer.add_argument("--manifest", metavar="JSON")
    mixer.add_argument("--no-escape-formulas", dest="escape_formulas", action="store_false")
    mixer.set_defaults(run=_mix)

    report = commands.add_parser(
        "report", parents=[loading, mixing, embedding], help="evaluate a mix's health"
    )
    report.add_argument("--sample-size", type=_positive_int, default=1000, metavar="N")
    report.add_argument("--n-boot", type=int, default=200, metavar="B")
    report.add_argument("--n-boot-expensive", type=int, default=0, metavar="B")
    report.add_argument(
        "--metrics",
        metavar="NAME[,NAME...]",
        help="metrics to evaluate, e.g. 'default,c2st_auc' ('default': the default selection)",
    )
    report.add_argument(
        "--label-column", metavar="C", help="metadata column whose categories label_tvd compares"
    )
    report.add_argument("--json", required=True, metavar="JSON", help="write the report here")
    report.add_argument("--documents", metavar="CSV", help="write per-document findings here")
    report.set_defaults(run=_report)
    return parser


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected an integer >= 1, got {text}")
    return value


def _load(path: str, role: Role, args: argparse.Namespace) -> Corpus:
    return load_corpus(
        path,
        role=role,
        text_column=args.text_column,
        format=args.format,
        encoding=args.encoding,
        txt_mode=args.txt_mode,
        max_rows=args.max_rows,
        max_text_bytes=args.max_text_bytes,
        max_columns=args.max_columns,
    )


def _inspect(args: argparse.Namespace) -> int:
    corpora = [_load(path, "real", args) for path in args.files]
    summaries = [describe(corpus) for corpus in corpora]
    if args.json:
        print(json.dumps(summaries, indent=2, ensure_ascii=False, default=str))
        return 0
    for corpus, summary in zip(corpora, summaries, strict=True):
        print(f"{_printable(corpus.name)}  ({_printable(corpus.origin)})")
        for key, value in summary.items():
            if key in ("name", "role"):  # the header names it; inspect assigns no role
                continue
            print(f"  {key.replace('_', ' '):<20} {_render(value)}")
        for row in corpus.dropped.head(DROPPED_EXAMPLES).itertuples(index=False):
            print(f"    dropped record {row.source_row}: {row.reason}  {str(row.value)!r}")
        if len(corpus.dropped) > DROPPED_EXAMPLES:
            print(f"    ... and {len(corpus.dropped) - DROPPED_EXAMPLES:,} more dropped")
        print()
    return 0


def _render(value: Any) -> str:
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {_render(v)}" for k, v in value.items()) or "none"
    if isinstance(value, (list, tuple)):
        return ", ".join(_render(v) for v in value) or "none"
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.4g}"
    return _printable(str(value))


def _printable(text: str) -> str:
    r"""``text`` with control characters shown as escapes: a column name holding a terminal
    escape sequence must not recolour, move or clear the user's terminal.

    Examples
    --------
    >>> _printable("name\x1b[31m\n")
    'name\\x1b[31m\\n'
    """
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)


def _embed(args: argparse.Namespace) -> int:
    from mixscope.embed import (
        EmbeddingCache,
        embed_corpus_with_counts,
        get_embedder,
        tqdm_progress,
    )

    corpora = [_load(path, "real", args) for path in args.files]
    cache = EmbeddingCache(args.cache_dir)
    embedder = get_embedder(args.model, cache_root=cache.root)
    for corpus in corpora:
        with tqdm_progress(f"embedding {corpus.name}", disable=False) as progress:
            _, counts = embed_corpus_with_counts(
                corpus, embedder, cache=cache, progress=progress, batch_size=args.batch_size
            )
        # "N documents: E embedded, C from cache", then what they were embedded with
        print(
            f"{_printable(corpus.name)}: {counts} ({embedder.model_id}, dim {embedder.dim}, "
            f"cache {cache.root})"
        )
    return 0


def _parse_weights(text: str | None) -> tuple[float, ...] | None:
    if text is None:
        return None
    try:
        return tuple(float(part) for part in text.split(","))
    except ValueError:
        raise ValueError(f"--weights expects comma-separated numbers, got {text!r}") from None


def _mix_config(args: argparse.Namespace) -> MixConfig:
    return MixConfig(
        synthetic_share=args.synthetic_share,
        size=args.size,
        weights=_parse_weights(args.weights),
        mode=args.mode,
        strategy=args.strategy,
        seed=args.seed,
    )


def _mix(args: argparse.Namespace) -> int:
    config = _mix_config(args)  # checked before reading (possibly large) files
    corpora = [_load(args.real, "real", args)]
    corpora += [_load(path, "synthetic", args) for path in args.synthetic]
    result = mix(corpora, config)
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


def _report(args: argparse.Namespace) -> int:
    from mixscope.embed import (
        EmbeddingCache,
        axis_directions,
        embed_corpus,
        get_embedder,
        tqdm_progress,
    )
    from mixscope.evaluation import build_index, evaluate

    config = _mix_config(args)  # checked before reading (possibly large) files
    metrics = _parse_metrics(args.metrics)
    corpora = [_load(args.real, "real", args)]
    corpora += [_load(path, "synthetic", args) for path in args.synthetic]
    _check_label_column(args.label_column, corpora[0])  # before the slow embedding
    result = mix(corpora, config)
    cache = EmbeddingCache(args.cache_dir)
    embedder = get_embedder(args.model, cache_root=cache.root)
    vectors = {}
    for corpus in corpora:
        with tqdm_progress(f"embedding {corpus.name}", disable=False) as progress:
            vectors[corpus.name] = embed_corpus(corpus, embedder, cache=cache, progress=progress)
    with tqdm_progress("indexing", unit="step", disable=False) as progress:
        index = build_index(
            corpora,
            vectors,
            model_id=embedder.model_id,
            progress=progress,
            axes=axis_directions(embedder),
        )
    evaluation = evaluate(
        result,
        index,
        sample_size=args.sample_size,
        n_boot=args.n_boot,
        n_boot_expensive=args.n_boot_expensive,
        seed=args.seed,
        metrics=metrics,
        label_column=args.label_column,
    )
    if args.documents:
        frame, _ = escape_formula_cells(evaluation.documents)
        write_csv(frame, args.documents)
    _write_report(args, corpora, config, evaluation)
    table = evaluation.table.drop(columns="settings")
    print(table.to_string(index=False, float_format="{:.4g}".format))
    print(f"wrote {args.json}" + (f" and {args.documents}" if args.documents else ""))
    return 0


def _parse_metrics(text: str | None) -> list[str] | None:
    """``--metrics`` as names (``default`` expands to the default selection), checked early."""
    from mixscope.evaluation import REGISTRY, default_metrics

    if text is None:
        return None
    names: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        expanded = default_metrics() if part == "default" else [part]
        unknown = [name for name in expanded if name not in REGISTRY]
        if unknown or not part:
            raise ValueError(
                f"--metrics: unknown metric {part!r}; available: default, "
                + ", ".join(sorted(REGISTRY))
            )
        names += [name for name in expanded if name not in names]
    return names


def _check_label_column(column: str | None, real: Corpus) -> None:
    if column is not None and column not in real.metadata_columns:
        raise ValueError(
            f"--label-column {column!r} is not a metadata column of the real corpus "
            f"{real.name!r}; available: {real.metadata_columns}"
        )


def _write_report(
    args: argparse.Namespace, corpora: list[Corpus], config: MixConfig, evaluation: Any
) -> None:
    from dataclasses import asdict

    def number(x: float) -> float | None:
        return None if x != x else float(x)  # NaN is not JSON: null

    metrics = [
        {
            "name": row.metric,
            "group": row.group,
            "value": number(row.value),
            "ci_low": number(row.ci_low),
            "ci_high": number(row.ci_high),
            "noise_floor": number(row.noise_floor),
            "status": row.status,
            "settings": json.loads(row.settings),
        }
        for row in evaluation.table.itertuples(index=False)
    ]
    report: dict[str, Any] = {
        "inputs": [
            {
                "name": c.name,
                "role": c.role,
                "origin": c.origin,
                "content_hash": c.content_hash,
                "n_documents": len(c),
            }
            for c in corpora
        ],
        "config": {"mix": asdict(config), "evaluation": evaluation.config},
        "metrics": metrics,
    }
    if args.documents:
        report["documents"] = args.documents
    with open(args.json, "w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=2, ensure_ascii=False, allow_nan=False)
