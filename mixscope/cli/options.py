"""What the commands share: option groups, loading, the mix config, embedding and indexing."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mixscope.corpus import MAX_COLUMNS, SUPPORTED_FORMATS, Corpus, Role, load_corpus
from mixscope.mixing import MODES, MixConfig, MixSpec, load_spec_corpora, read_spec

if TYPE_CHECKING:
    from mixscope.embed import Embedder
    from mixscope.evaluation import MixIndex

#: Exit status for bad input (same as argparse's usage errors).
EXIT_INPUT_ERROR = 2


@dataclass(frozen=True)
class SharedOptions:
    """Parent parsers the commands combine: ``loading`` (how every file is read), ``embedding``
    (model and cache), ``mixing`` (the corpora and a mix at one share), ``pool`` (the corpora
    and a mix without its share, for commands that choose the share) and ``evaluating`` (what
    :func:`~mixscope.evaluation.evaluate` measures and how)."""

    loading: argparse.ArgumentParser
    embedding: argparse.ArgumentParser
    mixing: argparse.ArgumentParser
    pool: argparse.ArgumentParser
    evaluating: argparse.ArgumentParser

    @classmethod
    def build(cls) -> SharedOptions:
        return cls(
            _loading(), _embedding(), _mixing(share=True), _mixing(share=False), _evaluating()
        )


def _loading() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    group = options.add_argument_group("loading (applies to every file)")
    group.add_argument("--text-column", metavar="C", help="column holding the text")
    group.add_argument("--format", choices=SUPPORTED_FORMATS, help="default: from the extension")
    group.add_argument("--txt-mode", choices=("line", "paragraph"), default="line")
    group.add_argument("--encoding", metavar="E", help="default: UTF-8 (or the byte-order mark)")
    group.add_argument(
        "--max-rows", type=positive_int, metavar="N", help="refuse a file of more records"
    )
    group.add_argument(
        "--max-text-bytes",
        type=positive_int,
        metavar="N",
        help="refuse a file of more decoded text (checked while reading)",
    )
    group.add_argument(
        "--max-columns",
        type=positive_int,
        default=MAX_COLUMNS,
        metavar="N",
        help=f"refuse a file of more columns (default {MAX_COLUMNS:,})",
    )
    return options


def _embedding() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    group = options.add_argument_group("embedding")
    group.add_argument(
        "--model",
        metavar="M",
        help="model id or path; 'lexical' (fast, wording only); or 'preview' (fast, "
        "approximate: a model2vec model distilled once from the bundled MiniLM, needs model2vec)",
    )
    group.add_argument("--cache-dir", metavar="D", help="default: $MIXSCOPE_CACHE_DIR")
    group.add_argument(
        "--float16",
        action="store_true",
        help="hold the index's embeddings in float16: half the memory for large pools; moves "
        "metrics by at most about 0.002 (benchmarks/results_precision.md)",
    )
    return options


def _mixing(*, share: bool) -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    group = options.add_argument_group("mix (a --spec file, or --real and the options below)")
    group.add_argument(
        "--spec", metavar="TOML", help="a mix spec: the corpora, how to read each, the mix"
    )
    group.add_argument("--real", metavar="FILE", help="required without --spec")
    group.add_argument("--synthetic", action="append", default=[], metavar="FILE")
    if share:
        group.add_argument(
            "--synthetic-share", type=float, metavar="R", help="required without --spec"
        )
    group.add_argument("--size", type=int, metavar="N", help="total documents (replace mode)")
    group.add_argument("--weights", metavar="W1,W2", help="one weight per --synthetic")
    group.add_argument("--mode", choices=MODES, help="default: replace")
    group.add_argument("--strategy", metavar="S", help="e.g. stratified:topic (default: uniform)")
    group.add_argument("--seed", type=int, help="default: 0")
    return options


def _evaluating() -> argparse.ArgumentParser:
    options = argparse.ArgumentParser(add_help=False)
    group = options.add_argument_group("evaluation")
    group.add_argument("--sample-size", type=positive_int, default=1000, metavar="N")
    group.add_argument("--n-boot", type=int, default=200, metavar="B")
    group.add_argument("--n-boot-expensive", type=int, default=0, metavar="B")
    group.add_argument(
        "--metrics",
        metavar="NAME[,NAME...]",
        help="metrics to evaluate, e.g. 'default,c2st_auc' ('default': the default selection)",
    )
    group.add_argument(
        "--label-column", metavar="C", help="metadata column whose categories label_tvd compares"
    )
    return options


def evaluate_options(args: argparse.Namespace) -> dict[str, Any]:
    """Keyword arguments of :func:`~mixscope.evaluation.evaluate` from the evaluating options."""
    return {
        "sample_size": args.sample_size,
        "n_boot": args.n_boot,
        "n_boot_expensive": args.n_boot_expensive,
        "seed": mix_config(args).seed,
        "metrics": parse_metrics(args.metrics),
        "label_column": args.label_column,
    }


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected an integer >= 1, got {text}")
    return value


def load(path: str, role: Role, args: argparse.Namespace) -> Corpus:
    """One file, read with the loading options."""
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


def spec(args: argparse.Namespace) -> MixSpec | None:
    """The ``--spec`` file, read once (None without one); it excludes the options it sets."""
    if not getattr(args, "spec", None):
        if getattr(args, "real", None) is None:
            raise ValueError("give --spec FILE, or --real FILE (and --synthetic-share)")
        if "synthetic_share" in args and args.synthetic_share is None:
            raise ValueError("--synthetic-share is required without --spec")
        return None
    if "_spec" not in args:
        mixing = ("real", "synthetic", "synthetic_share", "size", "weights", "mode", "strategy",
                  "seed")  # fmt: skip
        reading = ("text_column", "format", "encoding")
        given = [f"--{o.replace('_', '-')}" for o in mixing + reading
                 if getattr(args, o, None) not in (None, [])]  # fmt: skip
        if given:
            raise ValueError(f"--spec describes the corpora and the mix: drop {', '.join(given)}")
        args._spec = read_spec(args.spec)
    found: MixSpec = args._spec
    return found


def load_pool(args: argparse.Namespace) -> list[Corpus]:
    """The spec's corpora, each read its own way, or ``--real`` then every ``--synthetic``;
    ``--label-column``, when the command has it, must be a column of the real corpus."""
    described = spec(args)
    if described is not None:
        corpora = load_spec_corpora(
            described, max_rows=args.max_rows, max_text_bytes=args.max_text_bytes,
            max_columns=args.max_columns,
        )  # fmt: skip
    else:
        corpora = [load(args.real, "real", args)]
        corpora += [load(path, "synthetic", args) for path in args.synthetic]
    # an evaluating command's --label-column is checked before the slow embedding
    check_label_column(getattr(args, "label_column", None), corpora[0])
    return corpora


def printable(text: str) -> str:
    r"""``text`` with control characters shown as escapes: a column name holding a terminal
    escape sequence must not recolour, move or clear the user's terminal.

    Examples
    --------
    >>> printable("name\x1b[31m\n")
    'name\\x1b[31m\\n'
    """
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)


def parse_weights(text: str | None) -> tuple[float, ...] | None:
    if text is None:
        return None
    try:
        return tuple(float(part) for part in text.split(","))
    except ValueError:
        raise ValueError(f"--weights expects comma-separated numbers, got {text!r}") from None


def mix_config(args: argparse.Namespace) -> MixConfig:
    """The MixConfig of the spec, or of the mixing options (share 0 when the command has no
    share: its sweep chooses it)."""
    described = spec(args)
    if described is not None:
        return described.config
    return MixConfig(
        synthetic_share=getattr(args, "synthetic_share", None) or 0.0,
        size=args.size,
        weights=parse_weights(args.weights),
        mode=args.mode or "replace",
        strategy=args.strategy or "uniform",
        seed=0 if args.seed is None else args.seed,
    )


def parse_metrics(text: str | None) -> list[str] | None:
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


def check_label_column(column: str | None, real: Corpus) -> None:
    if column is not None and column not in real.metadata_columns:
        raise ValueError(
            f"--label-column {column!r} is not a metadata column of the real corpus "
            f"{real.name!r}; available: {real.metadata_columns}"
        )


def load_embedder(model: str | None, cache_root: str | os.PathLike[str] | None) -> Embedder:
    """``get_embedder(model, cache_root=...)``, saying on stderr when it first has to convert
    the default model to OpenVINO and check it on this machine (silent seconds otherwise)."""
    from mixscope.embed import default_cache_id, get_embedder, is_default_model

    if is_default_model(model) and default_cache_id(cache_root=cache_root) is None:
        print(
            "converting all-MiniLM-L6-v2 to OpenVINO and checking it against the stock model "
            "on this machine (once, about 15 s)...",
            file=sys.stderr,
        )
    return get_embedder(model, cache_root=cache_root)


def index_pool(args: argparse.Namespace, corpora: list[Corpus]) -> MixIndex:
    """Embed every corpus (through the cache) and index them (loading what an earlier run kept
    next to the cache), with progress on stderr."""
    from mixscope.embed import EmbeddingCache, axis_directions, embed_corpus, tqdm_progress
    from mixscope.evaluation import IndexSettings, IndexStore, build_index

    cache = EmbeddingCache(args.cache_dir)
    embedder = load_embedder(args.model, cache.root)
    vectors = {}
    for corpus in corpora:
        with tqdm_progress(f"embedding {corpus.name}", disable=False) as progress:
            vectors[corpus.name] = embed_corpus(corpus, embedder, cache=cache, progress=progress)
    with tqdm_progress("indexing", unit="step", disable=False) as progress:
        return build_index(
            corpora,
            vectors,
            model_id=embedder.model_id,
            embedder_id=embedder.cache_id,
            settings=IndexSettings(embedding_dtype="float16" if args.float16 else "float32"),
            progress=progress,
            axes=axis_directions(embedder),
            store=IndexStore(cache.root),
            workers=os.cpu_count() or 1,
        )


def json_number(x: float) -> float | None:
    """A float for JSON: NaN (not JSON) is null."""
    return None if x != x else float(x)


def saved_review(corpora: Sequence[Corpus], config: MixConfig) -> dict[str, Any] | None:
    """The review of this exact mix if it was saved in the store ($MIXSCOPE_STORE or the
    default); None when it was not, or there is no store (none is created here)."""
    from mixscope.store import Input, MixStore, StoreError, default_store_path

    path = default_store_path()
    if not path.exists():
        return None
    try:
        with MixStore.open(path) as store:
            found = store.matching(config, [Input.of(c) for c in corpora])
            if found is None:
                return None
            return store.review_summary(found.name, version=found.version)
    except StoreError:
        return None
