"""``mixscope backend``: which backend runs the default model on this machine, and why; with
``--check``, check the OpenVINO backend again now and keep that verdict."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from mixscope.cli.options import SharedOptions


def register(commands: Any, shared: SharedOptions) -> None:
    parser = commands.add_parser(
        "backend",
        help="which backend runs all-MiniLM-L6-v2 here and why; --check checks it again",
        description="Say which backend runs the default model (all-MiniLM-L6-v2) on this "
        "machine and why, from the stored check of its OpenVINO backend. The check is made "
        "once per machine and kept; --check makes it again now and keeps the new verdict (say "
        "after a check on a busy machine fell back to the stock model).",
    )
    parser.add_argument(
        "--check", action="store_true", help="check again now (about 15 s) and keep the verdict"
    )
    parser.add_argument("--cache-dir", metavar="D", help="default: $MIXSCOPE_CACHE_DIR")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from mixscope.embed import (
        BACKEND_ENV,
        EmbeddingCache,
        backend_note,
        check_backend,
        default_cache_id,
        stored_backend_check,
    )

    root = EmbeddingCache(args.cache_dir).root
    found = stored_backend_check(cache_root=root)
    if found is None:
        if args.check:
            raise ImportError("the OpenVINO backend needs openvino: pip install openvino")
        print("all-MiniLM-L6-v2 runs through sentence-transformers: openvino is not installed.")
        return 0
    before = default_cache_id(cache_root=root)
    if args.check:
        print("checking the OpenVINO backend against the stock model on this machine "
              "(about 15 s)...", file=sys.stderr)  # fmt: skip
        check_backend(cache_root=root)
        found = stored_backend_check(cache_root=root)
        assert found is not None
    path, verification = found
    note = backend_note(cache_root=root)
    if verification is None:
        print("OpenVINO has not been checked on this machine yet: the first use of the default "
              "model converts and checks it (about 15 s), as does mixscope backend "
              "--check.")  # fmt: skip
        return 0
    print(note or f"all-MiniLM-L6-v2 runs through sentence-transformers: {BACKEND_ENV}=stock "
          "forces it; the stored check of OpenVINO:")  # fmt: skip
    for line in _details(verification):
        print(f"  {line}")
    print(f"  stored in {path}")
    after = default_cache_id(cache_root=root)
    if args.check and before is not None and after != before:
        print(f"The default model's cache key changed from {before} to {after}: documents are "
              "embedded again under the new key when next used. Restart a running app to "
              "use the new backend.")  # fmt: skip
    return 0


def _details(verification: dict[str, Any]) -> list[str]:
    """The stored check, one fact a line (checks stored by older versions lack some)."""
    passed = "passed" if verification["passed"] else f"failed: {verification['reason']}"
    lines = [f"check: {passed}"]
    speedup, stock, fast = (verification.get(k) for k in
                            ("speedup", "stock_seconds", "openvino_seconds"))  # fmt: skip
    if speedup is not None and stock is not None and fast is not None:
        lines.append(f"speed-up: {speedup:.2f}x on {verification.get('probe_texts', '?')} probe "
                     f"texts (stock {stock:.2f} s, OpenVINO {fast:.2f} s)")  # fmt: skip
    if verification.get("min_cosine") is not None:
        lines.append(f"min cosine to the stock vectors: {verification['min_cosine']:.6f}")
    if verification.get("precision"):
        lines.append(f"precision: {verification['precision']}")
    if verification.get("checked_utc"):
        lines.append(f"checked at: {verification['checked_utc']}")
    return lines
