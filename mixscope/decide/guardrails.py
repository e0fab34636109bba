"""Guardrails on a sweep, and the share they allow.

A guardrail bounds one metric that moves with the synthetic share, on the metric's judged
scale (diversity as a ratio to the real-only value at the same size; the others as values). Its
default bound is the metric's warn threshold, whose source the registry states. A share passes
a guardrail when the **pessimistic end** of the metric's interval (not the point value) is
within the bound; the recommendation is the largest share of the grid up to which every share
passes every guardrail. Checks that do not depend on the share (fidelity: how real a source
looks) are not guardrails: they judge the source, not the share.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from mixscope.decide.sweep import Sweep
from mixscope.evaluation.registry import REGISTRY

__all__ = [
    "DEFAULT_GUARDRAILS",
    "Guardrail",
    "Recommendation",
    "default_guardrails",
    "guardrail_table",
    "judged_scale",
    "recommend",
]

#: Metrics that change with the share and bound a mix's health by default.
DEFAULT_GUARDRAILS = (
    "vendi", "cluster_coverage", "distinct_2", "exact_duplicate_rate", "near_duplicate_rate",
    "semantic_duplicate_rate", "cross_source_duplicate_rate", "group_representation_ratio_min",
    "gender_axis_shift", "sentiment_axis_shift", "topic_tvd", "length_ks",
)  # fmt: skip


@dataclass(frozen=True)
class Guardrail:
    """A bound on one metric: ``keep`` "above" (the judged value must stay at or above
    ``bound``) or "below"; ``source`` says where the bound comes from."""

    metric: str
    bound: float
    keep: Literal["above", "below"]
    source: str


def default_guardrails(
    names: Sequence[str] = DEFAULT_GUARDRAILS, *, bounds: Mapping[str, float] | None = None
) -> list[Guardrail]:
    """One guardrail per metric at its warn threshold (or the bound given in ``bounds``).

    Examples
    --------
    >>> rail = default_guardrails(["exact_duplicate_rate"])[0]
    >>> rail.bound, rail.keep
    (0.01, 'below')
    """
    out = []
    for name in names:
        metric = REGISTRY[name]
        if metric.compares == "synthetic":
            raise ValueError(f"{name} judges a source, not a share: it cannot be a guardrail")
        keep: Literal["above", "below"] = "above" if metric.goal == "higher" else "below"
        given = (bounds or {}).get(name)
        source = "set by the user" if given is not None else metric.threshold_source
        out.append(Guardrail(name, metric.warn if given is None else float(given), keep, source))
    return out


@dataclass(frozen=True)
class Recommendation:
    """The largest share every guardrail allows (None when no share above 0 does), the
    guardrail closest to its bound there (``binding``) and by how much (``margin``, on the
    judged scale), and a sentence saying why.

    ``lenient`` names the guardrails real text alone (share 0) does not meet with confidence at
    this size: they are judged on the optimistic end of their interval (a share fails only when
    the whole interval is past the bound). ``unjudged`` names those real text alone clearly
    fails (even its optimistic end is past the bound): no share can meet them, so they are left
    out. Neither is held against the synthetic share: a source drawn from the real distribution
    passes at every share.
    """

    share: float | None
    binding: str | None
    margin: float | None
    reason: str
    lenient: tuple[str, ...] = ()
    unjudged: tuple[str, ...] = ()


def guardrail_table(
    result: Sweep, guardrails: Sequence[Guardrail], *, lenient: Collection[str] = ()
) -> pd.DataFrame:
    """Per share and guardrail: the judged value, the pessimistic and optimistic ends of its
    interval, the end it is judged on (``judged_on``: the pessimistic end, or the optimistic one
    for metrics in ``lenient``), the margin of that end to the bound and whether it holds (NaN
    values cannot be judged and hold; ``applies`` is False for them)."""
    rails = {rail.metric: rail for rail in guardrails}
    rows = []
    for record in result.table.to_dict("records"):
        rail = rails.get(str(record["metric"]))
        if rail is None:
            continue
        judged, worst, best = _judged(record, rail)
        end, on = (best, "optimistic") if rail.metric in lenient else (worst, "pessimistic")
        applies = math.isfinite(end)
        margin = (end - rail.bound) if rail.keep == "above" else (rail.bound - end)
        rows.append({
            "share": record["share"], "metric": rail.metric, "judged": judged,
            "pessimistic": worst, "optimistic": best, "judged_on": on, "bound": rail.bound,
            "keep": rail.keep, "margin": margin if applies else math.nan,
            "holds": (not applies) or margin >= 0, "applies": applies,
        })  # fmt: skip
    return pd.DataFrame(rows)


def judged_scale(record: Mapping[Any, Any]) -> float:
    """What a sweep row's value is divided by to be on its judged scale: the real-only value at
    the same size for metrics judged as a ratio to it (NaN when that is 0), else 1."""
    settings = json.loads(record["settings"])
    if settings.get("basis") != "ratio_to_real":
        return 1.0
    reference = settings.get("real_reference_value")
    return float(reference) if reference else math.nan


def _judged(record: Mapping[Any, Any], rail: Guardrail) -> tuple[float, float, float]:
    """(judged value, pessimistic end, optimistic end) on the metric's judged scale."""
    scale = judged_scale(record)
    judged = float(record["value"]) / scale
    low, high = float(record["ci_low"]) / scale, float(record["ci_high"]) / scale
    if not (math.isfinite(low) and math.isfinite(high)):
        return judged, judged, judged  # no interval: the value is all there is
    return (judged, low, high) if rail.keep == "above" else (judged, high, low)


def recommend(result: Sweep, guardrails: Sequence[Guardrail]) -> Recommendation:
    """The largest share of the sweep up to which every share holds every guardrail.

    Shares are walked in increasing order and the walk stops at the first share where a
    guardrail fails, so a share that passes by chance beyond a failing one is never
    recommended. Guardrails real text alone (share 0, when the grid has it) does not meet on
    the pessimistic end are judged leniently or left out (see :class:`Recommendation`).
    """
    table = guardrail_table(result, guardrails)
    if table.empty:
        return Recommendation(None, None, None, "no guardrail metric was evaluated")
    real_only = table[table["share"] == 0.0]
    lenient = _names(real_only[~real_only["holds"]])
    table = guardrail_table(result, guardrails, lenient=lenient)
    real_only = table[table["share"] == 0.0]
    unjudged = _names(real_only[~real_only["holds"]])
    lenient = tuple(name for name in lenient if name not in unjudged)
    table = table[~table["metric"].isin(unjudged)]
    note = _note(lenient, unjudged)
    if table.empty:
        return Recommendation(None, None, None, _with("no guardrail can be judged", note), lenient,
                              unjudged)  # fmt: skip
    allowed: float | None = None
    for share in sorted(table["share"].unique()):
        at = table[table["share"] == share]
        failing = at[~at["holds"]]
        if not failing.empty:
            worst = failing.sort_values("margin").iloc[0]
            metric = REGISTRY[str(worst["metric"])]
            if allowed is None or allowed == 0.0:
                return Recommendation(
                    None, str(worst["metric"]), float(worst["margin"]),
                    f"at share {share:g}, {metric.label} is past its bound ({worst['keep']} "
                    f"{worst['bound']:g}, {worst['judged_on']} end of its interval "
                    f"{worst[str(worst['judged_on'])]:.4g}): " + _with(metric.why, note), lenient,
                    unjudged,
                )  # fmt: skip
            why = f"share {share:g} fails {metric.label}"
            return _at(table, allowed, why, note, lenient, unjudged)
        allowed = float(share)
    assert allowed is not None
    why = "every share of the grid holds every guardrail"
    return _at(table, allowed, why, note, lenient, unjudged)


def _names(rows: pd.DataFrame) -> tuple[str, ...]:
    return tuple(dict.fromkeys(rows["metric"].astype(str)))


def _note(lenient: tuple[str, ...], unjudged: tuple[str, ...]) -> str:
    def labels(names: tuple[str, ...]) -> str:
        return ", ".join(REGISTRY[name].label for name in names)

    sentences = []
    if lenient:
        sentences.append(f"Judged on the optimistic end of its interval: {labels(lenient)} (real "
                         "text alone does not meet it with confidence at this size; a larger mix "
                         "narrows the interval).")  # fmt: skip
    if unjudged:
        sentences.append(f"Not judged: {labels(unjudged)} (real text alone is past the bound: "
                         "no share can meet it).")  # fmt: skip
    return " ".join(sentences)


def _with(text: str, note: str) -> str:
    """``text`` as a sentence, then ``note``."""
    return text if not note else f"{text.rstrip('.')}. {note}"


def _at(
    table: pd.DataFrame, share: float, why: str, note: str, lenient: tuple[str, ...],
    unjudged: tuple[str, ...],
) -> Recommendation:  # fmt: skip
    at = table[(table["share"] == share) & table["applies"]]
    if at.empty:
        return Recommendation(share, None, None, _with(why, note), lenient, unjudged)
    closest = at.sort_values("margin").iloc[0]
    label = REGISTRY[str(closest["metric"])].label
    return Recommendation(
        share, str(closest["metric"]), float(closest["margin"]),
        _with(f"{why}; closest to its bound at {share:g}: {label}", note), lenient, unjudged,
    )  # fmt: skip
