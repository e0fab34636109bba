"""What a saved mix is: its spec, inputs, composition and metric table, then its review."""

from __future__ import annotations

import json
import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from mixscope.corpus import ROLES, Corpus
from mixscope.mixing import Mix, MixSpec, dump_spec, parse_spec

if TYPE_CHECKING:
    from mixscope.evaluation import Evaluation, Verdict

__all__ = [
    "COUNT_COLUMNS", "METRIC_COLUMNS", "REVIEW_STATUSES", "Input", "MixRecord", "SavedMix",
    "record_of", "resolved_spec",
]  # fmt: skip

#: A saved mix's review status: every save starts as a draft.
REVIEW_STATUSES = ("draft", "approved", "rejected")
#: The metric table the store keeps: ``Evaluation.table``'s columns (a test keeps them equal;
#: a new column there is a new schema version here).
METRIC_COLUMNS = (
    "metric", "group", "value", "ci_low", "ci_high", "noise_floor", "status", "settings",
)  # fmt: skip
#: The composition the store keeps: ``Mix.counts()`` without the share (it follows from n).
COUNT_COLUMNS = ("source", "role", "n")
_METRIC_STATUSES = ("pass", "warn", "fail", "n/a")


@dataclass(frozen=True)
class Input:
    """One corpus of a saved mix: what identifies its exact texts."""

    name: str
    role: str
    origin: str
    content_hash: str
    n_documents: int

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"input {self.name!r}: role must be one of {ROLES}, got {self.role!r}")

    @classmethod
    def of(cls, corpus: Corpus) -> Input:
        return cls(corpus.name, corpus.role, corpus.origin, corpus.content_hash, len(corpus))


@dataclass(frozen=True, eq=False)
class MixRecord:
    """Everything saved about a mix.

    Attributes
    ----------
    spec : str
        The mix spec as TOML (:func:`mixscope.mixing.dump_spec`): the config and the corpora.
    inputs : tuple of Input
        The corpora with their content hashes, in spec order.
    table : DataFrame
        The evaluation table at save time, columns :data:`METRIC_COLUMNS`.
    counts : DataFrame
        Documents per source, columns :data:`COUNT_COLUMNS` (``Mix.counts()``).
    model_id : str or None
        The embedding model the metrics were computed with.
    evaluation : dict
        The evaluation options (``Evaluation.config``), JSON-able.
    """

    spec: str
    inputs: tuple[Input, ...]
    table: pd.DataFrame
    counts: pd.DataFrame
    model_id: str | None = None
    evaluation: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.mix_spec()  # the spec must read back
        if not self.inputs:
            raise ValueError("a saved mix needs its inputs (the corpora with content hashes)")
        _check_columns(self.table, METRIC_COLUMNS, "metric table")
        _check_columns(self.counts, COUNT_COLUMNS, "counts")
        bad = sorted(set(self.table["status"]) - set(_METRIC_STATUSES))
        if bad:
            raise ValueError(f"metric table: unknown status(es) {bad}; expected {_METRIC_STATUSES}")
        json.dumps(dict(self.evaluation), allow_nan=False)  # ValueError if not JSON-able

    def mix_spec(self) -> MixSpec:
        """The spec, parsed."""
        try:
            return parse_spec(tomllib.loads(self.spec), origin="saved spec")
        except tomllib.TOMLDecodeError as err:
            raise ValueError(f"saved spec is not valid TOML: {err}") from None

    @property
    def synthetic_share(self) -> float:
        return self.mix_spec().config.synthetic_share

    @property
    def n_documents(self) -> int:
        return int(self.counts["n"].sum())


@dataclass(frozen=True, eq=False)
class SavedMix:
    """A mix as the store holds it: the record of one version, and its review."""

    name: str
    version: int
    record: MixRecord
    author: str
    created_utc: str
    status: str
    updated_utc: str

    def verdict(self) -> Verdict:
        """The verdict of the stored metric table (:func:`mixscope.evaluation.verdict`)."""
        from mixscope.evaluation import verdict  # the metric engine: only when judged

        return verdict(self.record.table)


def record_of(
    corpora: Sequence[Corpus], mix: Mix, evaluation: Evaluation, spec: MixSpec
) -> MixRecord:
    """The record of ``mix`` (drawn from ``corpora`` as ``spec`` describes) and its evaluation."""
    named = {c.name for c in corpora}
    unnamed = [s.name for s in spec.corpora if s.name is not None and s.name not in named]
    if unnamed:
        raise ValueError(f"the spec names corpora {unnamed} that are not among {sorted(named)}")
    return MixRecord(
        spec=dump_spec(spec),
        inputs=tuple(Input.of(c) for c in corpora),
        table=evaluation.table.loc[:, list(METRIC_COLUMNS)].copy(),
        counts=mix.counts().loc[:, list(COUNT_COLUMNS)].copy(),
        model_id=evaluation.config.get("model_id"),
        evaluation=_jsonable(evaluation.config),
    )


def resolved_spec(spec: MixSpec, corpora: Sequence[Corpus]) -> MixSpec:
    """``spec`` with every path absolute and every corpus named as loaded (``corpora`` are
    :func:`~mixscope.mixing.load_spec_corpora` of it): the saved spec reads back anywhere."""
    if len(corpora) != len(spec.corpora):
        raise ValueError(f"the spec has {len(spec.corpora)} corpora, got {len(corpora)}")
    named = [
        replace(c, path=str(Path(spec.resolve(c)).resolve()), name=loaded.name)
        for c, loaded in zip(spec.corpora, corpora, strict=True)
    ]
    return replace(spec, corpora=tuple(named), base=Path("."))


def _check_columns(frame: pd.DataFrame, expected: Sequence[str], what: str) -> None:
    missing = [c for c in expected if c not in frame.columns]
    if missing:
        raise ValueError(f"{what} lacks columns {missing}; expected {list(expected)}")


def _jsonable(value: Any) -> Any:
    """``value`` with NaN as None and tuples as lists (the evaluation config is JSON-able but for
    those)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value
