"""Guardrails as a TOML file: a team's bounds, kept next to its data and passed to the CLI.

The file starts from the default guardrails (:data:`~mixscope.decide.DEFAULT_GUARDRAILS`) and
changes what it names; ``defaults = false`` starts from none instead::

    # keep duplicates rarer than the default allows, and drop the length check
    [guardrails.exact_duplicate_rate]
    max = 0.005
    source = "data team policy, 2026-11"

    [guardrails.vendi]
    min = 0.85               # a ratio to the real-only value at the same size

    [guardrails.length_ks]
    enabled = false

A metric kept above its bound takes ``min``, one kept below takes ``max``; the other key is an
error, not a silent flip. Bounds are on the judged scale the Mix page shows (diversity as a
ratio to real-only, everything else as values).
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from mixscope.decide.guardrails import DEFAULT_GUARDRAILS, Guardrail, default_guardrails
from mixscope.evaluation.registry import REGISTRY

__all__ = ["dump_guardrails", "load_guardrails", "parse_guardrails"]

_KEYS = {"min", "max", "source", "enabled"}


def load_guardrails(path: str | Path) -> list[Guardrail]:
    """The guardrails of a TOML file (see the module docstring); ValueError says what is wrong."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"guardrails file {str(path)!r} is not valid TOML: {err}") from None
    return parse_guardrails(data, origin=str(path))


def parse_guardrails(data: Mapping[str, Any], *, origin: str = "guardrails") -> list[Guardrail]:
    """Guardrails from parsed TOML: the defaults (unless ``defaults = false``) changed by each
    ``[guardrails.NAME]`` table, in the defaults' order, then added metrics in file order.

    Examples
    --------
    >>> rails = parse_guardrails({"guardrails": {"exact_duplicate_rate": {"max": 0.005}}})
    >>> [(r.metric, r.bound) for r in rails if r.metric == "exact_duplicate_rate"]
    [('exact_duplicate_rate', 0.005)]
    >>> len(parse_guardrails({"defaults": False}))
    0
    """
    unknown_top = set(data) - {"defaults", "guardrails"}
    if unknown_top:
        raise ValueError(f"{origin}: unknown key(s) {sorted(unknown_top)}; expected 'defaults' "
                         "and [guardrails.NAME] tables")  # fmt: skip
    keep_defaults = data.get("defaults", True)
    if not isinstance(keep_defaults, bool):
        raise ValueError(f"{origin}: 'defaults' must be true or false, got {keep_defaults!r}")
    tables = data.get("guardrails", {})
    if not isinstance(tables, Mapping):
        raise ValueError(f"{origin}: 'guardrails' must be tables: [guardrails.METRIC_NAME]")
    rails = {r.metric: r for r in (default_guardrails() if keep_defaults else [])}
    for name, table in tables.items():
        rail = _rail(name, table, origin)
        if rail is None:
            rails.pop(name, None)
        else:
            rails[name] = rail
    first = [n for n in DEFAULT_GUARDRAILS if n in rails]
    order = first + [n for n in rails if n not in DEFAULT_GUARDRAILS]
    return [rails[n] for n in order]


def _rail(name: str, table: Any, origin: str) -> Guardrail | None:
    where = f"{origin}: [guardrails.{name}]"
    if name not in REGISTRY:
        raise ValueError(f"{where}: unknown metric; metrics: {', '.join(sorted(REGISTRY))}")
    if not isinstance(table, Mapping):
        raise ValueError(f"{where} must be a table with 'min' or 'max'")
    extra = set(table) - _KEYS
    if extra:
        raise ValueError(f"{where}: unknown key(s) {sorted(extra)}; allowed: {sorted(_KEYS)}")
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ValueError(f"{where}: 'enabled' must be true or false")
    if not enabled:
        return None
    (rail,) = default_guardrails([name])  # refuses share-independent (fidelity) metrics
    key, wrong = ("min", "max") if rail.keep == "above" else ("max", "min")
    if wrong in table:
        raise ValueError(f"{where}: {REGISTRY[name].label} must stay {rail.keep} its bound: "
                         f"give '{key}', not '{wrong}'")  # fmt: skip
    bound = table.get(key, rail.bound)
    if isinstance(bound, bool) or not isinstance(bound, (int, float)) or not math.isfinite(bound):
        raise ValueError(f"{where}: '{key}' must be a finite number, got {bound!r}")
    source = table.get("source", "set in " + origin if key in table else rail.source)
    return Guardrail(name, float(bound), rail.keep, str(source))


def dump_guardrails(rails: Sequence[Guardrail]) -> str:
    """TOML that :func:`load_guardrails` reads back to ``rails`` (``defaults = false``: the file
    says every guardrail it holds)."""
    lines = ["# MixScope guardrails: bounds on the judged scale (diversity: ratio to real-only)",
             "defaults = false", ""]  # fmt: skip
    for rail in rails:
        key = "min" if rail.keep == "above" else "max"
        lines += [f"[guardrails.{rail.metric}]", f"{key} = {rail.bound!r}",
                  f"source = {_toml_string(rail.source)}", ""]  # fmt: skip
    return "\n".join(lines)


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML escapes for these characters)."""
    import json

    return json.dumps(text, ensure_ascii=False)
