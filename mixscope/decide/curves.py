"""A sweep as curves on the judged scale: what the Decide page charts per metric group.

Each metric of the sweep becomes one curve over the shares with its interval as a band, on the
scale its status and guardrail are read on (diversity as a ratio to the real-only value at the
same size, everything else as measured), and its guardrail's bound when it has one: the card,
the chart and the recommendation read the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from mixscope.decide.guardrails import Guardrail, judged_scale
from mixscope.decide.sweep import Sweep
from mixscope.evaluation.registry import REGISTRY

__all__ = ["CURVE_COLUMNS", "sweep_curves"]

CURVE_COLUMNS = ("share", "metric", "label", "group", "unit", "value", "low", "high", "status",
                 "bound", "keep")  # fmt: skip


def sweep_curves(result: Sweep, guardrails: Sequence[Guardrail] = ()) -> pd.DataFrame:
    """One row per share and metric of ``result``: columns :data:`CURVE_COLUMNS`.

    ``value``, ``low`` and ``high`` are on the judged scale (a ratio to real-only for metrics
    judged so, whose ``unit`` then says "ratio to real-only"); ``bound`` and ``keep`` are the
    metric's guardrail (NaN and "" without one). Fidelity rows are left out: they judge the
    synthetic sources, not the share (see :mod:`mixscope.decide.sources`).

    Examples
    --------
    >>> from mixscope.mixing import MixConfig
    >>> row = {"share": 0.5, "metric": "vendi", "group": "diversity", "value": 40.0,
    ...        "ci_low": 36.0, "ci_high": 44.0, "noise_floor": math.nan, "status": "pass",
    ...        "settings": '{"basis": "ratio_to_real", "real_reference_value": 50.0}'}
    >>> sweep = Sweep(pd.DataFrame([row]), {}, MixConfig(size=10))
    >>> curve = sweep_curves(sweep).iloc[0]
    >>> [round(float(curve[c]), 3) for c in ("value", "low", "high")], curve["unit"]
    ([0.8, 0.72, 0.88], 'ratio to real-only')
    """
    rails = {rail.metric: rail for rail in guardrails}
    rows = []
    for record in result.table.to_dict("records"):
        metric = REGISTRY[str(record["metric"])]
        if metric.compares == "synthetic":
            continue
        scale = judged_scale(record)
        unit = "ratio to real-only" if metric.basis == "ratio_to_real" else metric.unit
        rail = rails.get(metric.name)
        rows.append({
            "share": float(record["share"]), "metric": metric.name, "label": metric.label,
            "group": metric.group, "unit": unit, "value": float(record["value"]) / scale,
            "low": float(record["ci_low"]) / scale, "high": float(record["ci_high"]) / scale,
            "status": record["status"], "bound": rail.bound if rail else math.nan,
            "keep": rail.keep if rail else "",
        })  # fmt: skip
    return pd.DataFrame(rows, columns=list(CURVE_COLUMNS))
