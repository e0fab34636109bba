"""Metric results as cards: the value, its change against a baseline and its status, formatted."""

from __future__ import annotations

import json
import math
from typing import Any

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
    """One row per metric with what a card shows: its label, value, change against a baseline,
    status and a tooltip in sentences.

    A change is shown as "no change" (no colour, no arrow) when it is round-off; for diversity
    and duplication metrics (whose noise floor is the difference between two halves of the
    real corpus) when it is no larger than that floor; for the others when the baseline lies
    inside the value's own interval: a change inside the noise is no change.

    Parameters
    ----------
    table : DataFrame
        ``Evaluation.table`` (columns ``metric, group, value, status, settings``; ``ci_low``,
        ``ci_high`` and ``noise_floor`` are used when present).
    baseline : DataFrame, optional
        ``Evaluation.table`` of the mix to compare with (e.g. the real-only mix).

    Returns
    -------
    DataFrame with columns ``metric, label, group, value, baseline, delta, shown, delta_shown,
    status, delta_color, delta_arrow, unit, goal, description, why, help, settings`` in the
    order of ``table``.

    Examples
    --------
    >>> table = pd.DataFrame({"metric": ["exact_duplicate_rate"], "group": ["duplication"],
    ...                       "value": [0.03], "status": ["warn"], "settings": ["{}"]})
    >>> base = table.assign(value=[0.01], status=["pass"])
    >>> cards = metric_cards(table, base)
    >>> cards[["label", "shown", "delta_shown", "status", "delta_color"]].iloc[0].tolist()
    ['Exact duplicates', '3.0%', '+2.0 pp', 'warn', 'inverse']
    >>> metric_cards(table, table.assign(value=[0.03 + 1e-17]))["delta_shown"].tolist()
    ['no change']
    """
    missing = [c for c in CARD_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"table lacks columns {missing}; expected an Evaluation.table")
    cards = table.reset_index(drop=True).copy()
    for column in ("ci_low", "ci_high", "noise_floor"):
        if column not in cards.columns:
            cards[column] = math.nan
    entries = [REGISTRY.get(str(name)) for name in cards["metric"]]
    cards["label"] = [
        e.label if e else str(n) for e, n in zip(entries, cards["metric"], strict=True)
    ]
    cards["unit"] = [e.unit if e else "" for e in entries]
    cards["goal"] = [e.goal if e else "target" for e in entries]
    cards["description"] = [e.description if e else "" for e in entries]
    cards["why"] = [e.why if e else "" for e in entries]
    cards["reads_embeddings"] = [bool(e and e.reads_embeddings) for e in entries]
    base = baseline.set_index("metric")["value"] if baseline is not None else pd.Series()
    cards["baseline"] = cards["metric"].map(base).astype(float)
    cards["delta"] = cards["value"] - cards["baseline"]
    cards["shown"] = [
        format_value(v, u) for v, u in zip(cards["value"], cards["unit"], strict=True)
    ]
    quiet = [_within_noise(row) for row in cards.itertuples()]
    # object dtype: None must stay None (a string column would turn it into NaN, shown "nan")
    cards["delta_shown"] = pd.Series(
        [
            NO_CHANGE if q and math.isfinite(d) else format_delta(d, u)
            for d, u, q in zip(cards["delta"], cards["unit"], quiet, strict=True)
        ],
        dtype=object,
    )
    cards["delta_color"] = [
        "off" if q else DELTA_COLORS[g] for g, q in zip(cards["goal"], quiet, strict=True)
    ]
    cards["delta_arrow"] = ["off" if q else "auto" for q in quiet]
    parsed = [json.loads(v) if v else {} for v in cards["settings"]]
    cards["help"] = [_help(row, p) for row, p in zip(cards.itertuples(), parsed, strict=True)]
    # keys of the settings, not text in them: a user's column name may read "partial"
    cards["uncalibrated"] = ["uncalibrated" in p for p in parsed]
    cards["partial"] = ["partial" in p for p in parsed]
    order = ["metric", "label", "group", "value", "baseline", "delta", "shown", "delta_shown",
             "status", "uncalibrated", "partial", "delta_color", "delta_arrow", "unit", "goal",
             "description", "why", "help", "settings", "reads_embeddings"]  # fmt: skip
    return cards[order]


#: What a card shows for a change inside the noise.
NO_CHANGE = "no change"


def _within_noise(row: Any) -> bool:
    """Whether a card's change against its baseline is indistinguishable from noise."""
    delta, value, baseline = row.delta, row.value, row.baseline
    if not math.isfinite(delta):
        return False
    if abs(delta) <= 1e-9 * max(1.0, abs(value), abs(baseline)):  # round-off
        return True
    if row.group in ("diversity", "duplication"):
        # These floors are differences between two halves of the real corpus: a change of that
        # size happens between two real samples (a duplicate count is no sample: any new
        # duplicate is a change, and their floor is 0).
        return math.isfinite(row.noise_floor) and abs(delta) <= row.noise_floor
    if math.isfinite(row.ci_low) and math.isfinite(row.ci_high):
        return bool(row.ci_low <= baseline <= row.ci_high)
    return False


def _help(row: Any, settings: dict[str, Any]) -> str:
    """The tooltip of a card, in sentences: what it measures, why it matters, what the number
    was measured on and how it is judged (``settings``: the row's, parsed)."""
    parts = [f"{row.description}." if row.description else "", row.why]
    if "not_applicable" in settings:
        parts.append(f"Not measured: {settings['not_applicable']}.")
    elif {"sample_size", "compares", "n_documents"} <= set(settings):
        side = "" if settings["compares"] == "mix" else f"{settings['compares']} "
        parts.append(
            f"Measured on {settings['sample_size']:,} of the mix's {side}documents "
            f"({settings['n_documents']:,} in all)."
        )
        if settings.get("reference") == "real half A":
            n = settings["sample_size"]
            parts.append(
                f"Compared with half of the real corpus, like {n:,} other real documents are "
                "(the noise floor: what real text reaches at this size); the status is read at "
                "the end of the interval nearest the ideal, so it fails only what the data show."
            )
    if "warn" in settings and "fail" in settings:
        on = _BASES.get(settings.get("basis", "absolute"), "the value")
        parts.append(
            f"Judged on {on}: warn at {settings['warn']:g}, fail at {settings['fail']:g} "
            f"({settings.get('threshold_source', 'MixScope default')})."
        )
    if "uncalibrated" in settings:
        parts.append(f"Uncalibrated: {settings['uncalibrated']}.")
    if "partial" in settings:
        parts.append(f"Partial: {settings['partial']}.")
    parts.append(f"Identifier: {row.metric}.")
    return " ".join(p for p in parts if p)


_BASES = {
    "absolute": "the value",
    "ratio_to_real": "the ratio to the real corpus's own value at the same sample size",
    "ratio_to_floor": "the ratio to the real-vs-real value at the same size",
}
