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
from collections.abc import Mapping, Sequence
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
    judged scale), and a sentence saying why."""

    share: float | None
    binding: str | None
    margin: float | None
    reason: str


def guardrail_table(result: Sweep, guardrails: Sequence[Guardrail]) -> pd.DataFrame:
    """Per share and guardrail: the judged value, its pessimistic end, the margin and whether it
    holds (NaN values cannot be judged and hold; ``applies`` is False for them)."""
    rails = {rail.metric: rail for rail in guardrails}
    rows = []
    for record in result.table.to_dict("records"):
        rail = rails.get(str(record["metric"]))
        if rail is None:
            continue
        judged, worst = _judged(record, rail)
        applies = math.isfinite(worst)
        margin = (worst - rail.bound) if rail.keep == "above" else (rail.bound - worst)
        rows.append({
            "share": record["share"], "metric": rail.metric, "judged": judged,
            "pessimistic": worst, "bound": rail.bound, "keep": rail.keep,
            "margin": margin if applies else math.nan,
            "holds": (not applies) or margin >= 0, "applies": applies,
        })  # fmt: skip
    return pd.DataFrame(rows)


def _judged(record: Mapping[Any, Any], rail: Guardrail) -> tuple[float, float]:
    """(judged value, pessimistic end of its interval) on the metric's judged scale."""
    settings = json.loads(record["settings"])
    value = float(record["value"])
    scale = 1.0
    if settings.get("basis") == "ratio_to_real":
        reference = settings.get("real_reference_value")
        scale = float(reference) if reference else math.nan
    judged = value / scale
    low, high = float(record["ci_low"]) / scale, float(record["ci_high"]) / scale
    if not (math.isfinite(low) and math.isfinite(high)):
        return judged, judged  # no interval: the value is all there is
    return judged, (low if rail.keep == "above" else high)


def recommend(result: Sweep, guardrails: Sequence[Guardrail]) -> Recommendation:
    """The largest share of the sweep up to which every share holds every guardrail.

    Shares are walked in increasing order and the walk stops at the first share where a
    guardrail fails, so a share that passes by chance beyond a failing one is never
    recommended.
    """
    table = guardrail_table(result, guardrails)
    if table.empty:
        return Recommendation(None, None, None, "no guardrail metric was evaluated")
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
                    f"{worst['bound']:g}, pessimistic end {worst['pessimistic']:.4g}): "
                    f"{metric.why}",
                )  # fmt: skip
            return _at(table, allowed, f"share {share:g} fails {metric.label}")
        allowed = float(share)
    assert allowed is not None
    return _at(table, allowed, "every share of the grid holds every guardrail")


def _at(table: pd.DataFrame, share: float, why: str) -> Recommendation:
    at = table[(table["share"] == share) & table["applies"]]
    if at.empty:
        return Recommendation(share, None, None, why)
    closest = at.sort_values("margin").iloc[0]
    label = REGISTRY[str(closest["metric"])].label
    return Recommendation(
        share, str(closest["metric"]), float(closest["margin"]),
        f"{why}; closest to its bound at {share:g}: {label}",
    )  # fmt: skip
