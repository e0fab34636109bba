"""Metric results as cards: the value, its change against a baseline and its status, formatted."""

from __future__ import annotations

import math

import pandas as pd

from mixscope.evaluation.registry import REGISTRY

#: st.metric's delta_color per goal: a rise is good (normal), bad (inverse) or neither (off).
DELTA_COLORS = {"higher": "normal", "lower": "inverse", "target": "off"}
#: Columns of ``Evaluation.table`` a card reads.
CARD_COLUMNS = ("metric", "group", "value", "status", "settings")


def format_value(value: float, unit: str) -> str:
    """A metric value for display: shares as percentages, others to 4 significant digits.

    Examples
    --------
    >>> format_value(0.0123, "share of documents"), format_value(86.154, "bits")
    ('1.2%', '86.15')
    >>> format_value(float("nan"), "bits")
    'n/a'
    """
    if not math.isfinite(value):
        return "n/a"
    return f"{value:.1%}" if unit.startswith("share") else f"{value:.4g}"


def format_delta(delta: float, unit: str) -> str | None:
    """A change for display (percentage points for shares); None when there is none.

    Examples
    --------
    >>> format_delta(0.015, "share of documents"), format_delta(-2.5, "bits")
    ('+1.5 pp', '-2.5')
    """
    if not math.isfinite(delta):
        return None
    return f"{delta * 100:+.1f} pp" if unit.startswith("share") else f"{delta:+.3g}"


def metric_cards(table: pd.DataFrame, baseline: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per metric with what a card shows: value, delta against a baseline, status.

    Parameters
    ----------
    table : DataFrame
        ``Evaluation.table`` (columns ``metric, group, value, status, settings``, ...).
    baseline : DataFrame, optional
        ``Evaluation.table`` of the mix to compare with (e.g. the real-only mix).

    Returns
    -------
    DataFrame with columns ``metric, group, value, baseline, delta, shown, delta_shown, status,
    delta_color, unit, goal, description, settings`` in the order of ``table``.

    Examples
    --------
    >>> table = pd.DataFrame({"metric": ["exact_duplicate_rate"], "group": ["duplication"],
    ...                       "value": [0.03], "status": ["warn"], "settings": ["{}"]})
    >>> base = table.assign(value=[0.01], status=["pass"])
    >>> cards = metric_cards(table, base)
    >>> cards[["shown", "delta_shown", "status", "delta_color"]].iloc[0].tolist()
    ['3.0%', '+2.0 pp', 'warn', 'inverse']
    """
    missing = [c for c in CARD_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"table lacks columns {missing}; expected an Evaluation.table")
    cards = table[list(CARD_COLUMNS)].reset_index(drop=True).copy()
    entries = [REGISTRY.get(str(name)) for name in cards["metric"]]
    cards["unit"] = [e.unit if e else "" for e in entries]
    cards["goal"] = [e.goal if e else "target" for e in entries]
    cards["description"] = [e.description if e else "" for e in entries]
    base = baseline.set_index("metric")["value"] if baseline is not None else pd.Series()
    cards["baseline"] = cards["metric"].map(base).astype(float)
    cards["delta"] = cards["value"] - cards["baseline"]
    cards["shown"] = [
        format_value(v, u) for v, u in zip(cards["value"], cards["unit"], strict=True)
    ]
    # object dtype: None must stay None (a string column would turn it into NaN, shown "nan")
    cards["delta_shown"] = pd.Series(
        [format_delta(d, u) for d, u in zip(cards["delta"], cards["unit"], strict=True)],
        dtype=object,
    )
    cards["delta_color"] = cards["goal"].map(DELTA_COLORS)
    order = ["metric", "group", "value", "baseline", "delta", "shown", "delta_shown", "status",
             "delta_color", "unit", "goal", "description", "settings"]  # fmt: skip
    return cards[order]
