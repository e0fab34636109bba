"""The metric registry: one small frozen entry per metric, so pages and reports list metrics
without knowing them (cleanlab's issue-manager registry, SDMetrics' goal/min/max).

The entries live next to their measures (:mod:`mixscope.evaluation.measures`); this module
gathers them in stream order. Only ``group_representation_ratio_min``'s warn level has an outside
source (the four-fifths rule, 29 CFR 1607.4(D)); every other default threshold is a MixScope
default, calibrated on the demo corpora or still to be, as each entry's ``threshold_source``
says. The calibration numbers, and the bases a value is judged on (``absolute``,
``ratio_to_real``, ``ratio_to_floor``), are in docs/thresholds.md. Users override thresholds per
metric (``evaluate(thresholds=...)``).
"""

from __future__ import annotations

from mixscope.evaluation.measures import bias, diversity, duplication, fidelity, shift
from mixscope.evaluation.metric import GROUPS, Metric

__all__ = ["REGISTRY", "default_metrics", "get_metric"]


def _gather(*families: tuple[Metric, ...]) -> dict[str, Metric]:
    entries = sorted((m for family in families for m in family), key=lambda m: m.stream)
    streams = [m.stream for m in entries]
    if len(set(streams)) != len(streams) or len({m.name for m in entries}) != len(entries):
        raise ValueError(f"metric names and streams must be unique, got streams {streams}")
    return {m.name: m for m in entries}


REGISTRY: dict[str, Metric] = _gather(
    diversity.METRICS, duplication.METRICS, fidelity.METRICS, bias.METRICS, shift.METRICS
)


def get_metric(name: str) -> Metric:
    """The registry entry called ``name``, or a ValueError listing the available names."""
    if name not in REGISTRY:
        raise ValueError(f"unknown metric {name!r}; available: {sorted(REGISTRY)}")
    return REGISTRY[name]


def default_metrics() -> list[str]:
    """Names evaluated when none are given: every entry with ``default=True``, by group
    (:data:`~mixscope.evaluation.metric.GROUPS` order), then registry order."""
    chosen = [metric for metric in REGISTRY.values() if metric.default]
    return [metric.name for metric in sorted(chosen, key=lambda m: GROUPS.index(m.group))]
