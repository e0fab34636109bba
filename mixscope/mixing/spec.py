"""A mix spec: one TOML file that describes a mix completely, each corpus with its own reading.

::

    [mix]
    synthetic_share = 0.3
    size = 2000
    mode = "replace"          # or "accumulate" (then no size)
    seed = 7
    strategy = "uniform"      # or "stratified:topic"

    [[corpus]]
    path = "real.csv"         # relative paths are relative to the spec file
    role = "real"
    text_column = "body"

    [[corpus]]
    path = "generated.jsonl"
    role = "synthetic"
    name = "gpt"              # default: the file name without its extension
    weight = 2.0              # every synthetic corpus has a weight, or none has

Per corpus: ``path`` and ``role`` (required), ``name``, ``text_column``, ``format``,
``encoding``, ``txt_mode`` and ``weight`` (optional). Unknown keys, a missing real corpus or two,
and weights on some synthetic corpora only are errors that say what to change.
"""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from mixscope.corpus import ROLES, SUPPORTED_FORMATS, Corpus, load_corpus
from mixscope.mixing.config import MixConfig

__all__ = ["CorpusSpec", "MixSpec", "dump_spec", "load_spec_corpora", "parse_spec", "read_spec",
           "spec_of"]  # fmt: skip

_MIX_KEYS = ("synthetic_share", "size", "mode", "seed", "strategy")
_TXT_MODES = ("line", "paragraph")


@dataclass(frozen=True)
class CorpusSpec:
    """One corpus of a spec: where it is and how to read it (see the module docstring)."""

    path: str
    role: str
    name: str | None = None
    text_column: str | None = None
    format: str | None = None
    encoding: str | None = None
    txt_mode: str = "line"
    weight: float | None = None


@dataclass(frozen=True)
class MixSpec:
    """A mix described completely: its config and its corpora (real first, then synthetic in
    the order their weights follow). ``base`` is the folder relative paths are read from."""

    config: MixConfig
    corpora: tuple[CorpusSpec, ...]
    base: Path = field(default=Path("."), compare=False)

    def resolve(self, corpus: CorpusSpec) -> Path:
        """The file a corpus spec names."""
        path = Path(corpus.path).expanduser()
        return path if path.is_absolute() else self.base / path


def read_spec(path: str | Path) -> MixSpec:
    """The spec of a TOML file; relative corpus paths are read from the file's folder."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as err:
        raise ValueError(f"spec {str(path)!r} is not valid TOML: {err}") from None
    except UnicodeDecodeError:
        raise ValueError(f"spec {str(path)!r} is not UTF-8 text") from None
    return parse_spec(data, origin=str(path), base=path.parent)


def parse_spec(data: Mapping[str, Any], *, origin: str = "spec", base: str | Path = ".") -> MixSpec:
    """A :class:`MixSpec` from parsed TOML, every key checked.

    Examples
    --------
    >>> spec = parse_spec({"mix": {"synthetic_share": 0.5, "size": 10},
    ...                    "corpus": [{"path": "r.csv", "role": "real"},
    ...                               {"path": "s.jsonl", "role": "synthetic"}]})
    >>> spec.config.size, [c.role for c in spec.corpora]
    (10, ['real', 'synthetic'])
    """
    extra = set(data) - {"mix", "corpus"}
    if extra:
        raise ValueError(f"{origin}: unknown key(s) {sorted(extra)}; a spec has a [mix] table "
                         "and [[corpus]] tables")  # fmt: skip
    mix = data.get("mix")
    if not isinstance(mix, Mapping):
        raise ValueError(f"{origin}: missing [mix] table (synthetic_share, size, mode, seed, "
                         "strategy)")  # fmt: skip
    unknown = set(mix) - set(_MIX_KEYS)
    if unknown:
        raise ValueError(f"{origin}: [mix] has unknown key(s) {sorted(unknown)}; allowed: "
                         f"{list(_MIX_KEYS)}")  # fmt: skip
    tables = data.get("corpus")
    if not isinstance(tables, list) or not tables:
        raise ValueError(f"{origin}: no [[corpus]] tables; give one real corpus and any number "
                         "of synthetic ones")  # fmt: skip
    corpora = [_corpus(t, f"{origin}: [[corpus]] #{i + 1}") for i, t in enumerate(tables)]
    real = [c for c in corpora if c.role == "real"]
    synthetic = [c for c in corpora if c.role == "synthetic"]
    if len(real) != 1:
        raise ValueError(f"{origin}: a spec has exactly one real corpus, got {len(real)}")
    weighted = [c.weight is not None for c in synthetic]
    if any(weighted) and not all(weighted):
        raise ValueError(f"{origin}: give a weight to every synthetic corpus or to none")
    weights = tuple(float(c.weight) for c in synthetic if c.weight is not None) or None
    try:
        config = MixConfig(weights=weights, **{k: mix[k] for k in _MIX_KEYS if k in mix})
    except (TypeError, ValueError) as err:
        raise ValueError(f"{origin}: [mix]: {err}") from None
    return MixSpec(config, (*real, *synthetic), Path(base))


def _corpus(table: Any, where: str) -> CorpusSpec:
    if not isinstance(table, Mapping):
        raise ValueError(f"{where} must be a table with path and role")
    allowed = [f.name for f in fields(CorpusSpec)]
    unknown = set(table) - set(allowed)
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {sorted(unknown)}; allowed: {allowed}")
    for key in ("path", "role"):
        if not isinstance(table.get(key), str) or not table[key]:
            raise ValueError(f"{where}: {key!r} is required (a string)")
    if table["role"] not in ROLES:
        raise ValueError(f"{where}: role must be one of {list(ROLES)}, got {table['role']!r}")
    for key in ("name", "text_column", "format", "encoding"):
        if key in table and not isinstance(table[key], str):
            raise ValueError(f"{where}: {key!r} must be a string")
    if table.get("format") is not None and table["format"] not in SUPPORTED_FORMATS:
        raise ValueError(f"{where}: format must be one of {list(SUPPORTED_FORMATS)}")
    if table.get("txt_mode", "line") not in _TXT_MODES:
        raise ValueError(f"{where}: txt_mode must be one of {list(_TXT_MODES)}")
    weight = table.get("weight")
    if weight is not None:
        if (
            isinstance(weight, bool)
            or not isinstance(weight, int | float)
            or not (math.isfinite(weight) and weight >= 0)
        ):
            raise ValueError(f"{where}: weight must be a finite number >= 0, got {weight!r}")
        if table["role"] == "real":
            raise ValueError(f"{where}: the real corpus takes no weight (weights split the "
                             "synthetic part)")  # fmt: skip
    return CorpusSpec(**{k: table[k] for k in allowed if k in table})


def load_spec_corpora(spec: MixSpec, **limits: Any) -> list[Corpus]:
    """Read every corpus of ``spec`` (real first), each with its own options; ``limits`` go to
    :func:`mixscope.corpus.load_corpus` (``max_rows``, ``max_text_bytes``, ...)."""
    out = []
    for c in spec.corpora:
        out.append(load_corpus(
            spec.resolve(c), name=c.name, role=c.role,  # type: ignore[arg-type]
            text_column=c.text_column, format=c.format, encoding=c.encoding,
            txt_mode=c.txt_mode, **limits,  # type: ignore[arg-type]
        ))  # fmt: skip
    names = [c.name for c in out]
    if len(set(names)) != len(names):
        raise ValueError(f"two corpora of the spec are called the same ({names}); give each a "
                         "'name'")  # fmt: skip
    return out


def spec_of(
    corpora: Sequence[Corpus],
    config: MixConfig,
    *,
    reading: Mapping[str, Mapping[str, Any]] | None = None,
) -> MixSpec:
    """The spec of a mix drawn from ``corpora`` (as given to :func:`mixscope.mixing.mix`) with
    ``config``: each corpus's origin as its path, its reader and text column, and its
    ``reading`` options (encoding, txt_mode) when known. An uploaded corpus's origin
    (``upload:<name>``) is kept: point its path at the file before reading the spec."""
    synthetic = [c for c in corpora if c.role == "synthetic"]
    weights = dict(zip([c.name for c in synthetic], config.weights or (), strict=False))
    specs = [
        CorpusSpec(path=c.origin or c.name, role=c.role, name=c.name, text_column=c.text_column,
                   format=c.format or None, weight=weights.get(c.name),
                   **dict((reading or {}).get(c.name, {})))
        for c in corpora
    ]  # fmt: skip
    real = [s for s in specs if s.role == "real"]
    return MixSpec(config, (*real, *(s for s in specs if s.role == "synthetic")))


def dump_spec(spec: MixSpec) -> str:
    """TOML that :func:`read_spec` reads back to ``spec``."""
    config = spec.config
    mix: dict[str, Any] = {"synthetic_share": config.synthetic_share, "size": config.size,
                           "mode": config.mode, "seed": config.seed,
                           "strategy": config.strategy}  # fmt: skip
    lines = ["# MixScope mix spec: `mixscope mix --spec FILE --out mix.csv` draws this mix", "",
             "[mix]"]  # fmt: skip
    lines += [f"{key} = {_value(value)}" for key, value in mix.items() if value is not None]
    for corpus in spec.corpora:
        lines += ["", "[[corpus]]"]
        for f in fields(CorpusSpec):
            value = getattr(corpus, f.name)
            if value is not None and not (f.name == "txt_mode" and value == "line"):
                lines.append(f"{f.name} = {_value(value)}")
    return "\n".join(lines) + "\n"


def _value(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # JSON escapes are valid TOML escapes
    return repr(value) if isinstance(value, float) else str(value)
