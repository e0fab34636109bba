"""The ``mixscope`` command line: inspect, embed, mix, report, sweep, map, simulate, and the
saved-mix store (save, list, review, compare).

One module per command, each adding its subparser with ``register(commands, options)``; the
options and helpers commands share are in :mod:`~mixscope.cli.options`. Every command loads
files with :func:`mixscope.corpus.load_corpus`; bad input exits with status 2 and one line on
stderr (``mixscope: error: ...``), never a traceback.
"""

from __future__ import annotations

import argparse
import sys

from mixscope import __version__
from mixscope.cli import (
    archive,
    backend,
    compare,
    embed,
    inspect,
    listing,
    map,
    mix,
    report,
    review,
    save,
    simulate,
    sweep,
)
from mixscope.cli.options import EXIT_INPUT_ERROR, SharedOptions
from mixscope.corpus import CorpusError

__all__ = ["EXIT_INPUT_ERROR", "build_parser", "main"]

#: The command modules, in the order ``--help`` lists them.
COMMANDS = (inspect, embed, backend, mix, report, sweep, map, simulate, save, listing, review,
            compare, archive)  # fmt: skip


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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with one subcommand per module of :data:`COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog="mixscope", description="See how healthy a mix of real and synthetic text is."
    )
    parser.add_argument("--version", action="version", version=f"mixscope {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    shared = SharedOptions.build()
    for command in COMMANDS:
        command.register(commands, shared)
    return parser
