"""The verdict on a mix: one word first, the counts per group, and the failures named in words."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from mixscope.evaluation.metric import GROUPS
from mixscope.evaluation.registry import REGISTRY
from mixscope.metrics.stats import STATUSES

__all__ = ["Verdict", "verdict"]

#: Worst first: the overall verdict is the worst status any judged metric has.
_SEVERITY = ("fail", "warn", "pass")


@dataclass(frozen=True)
class Verdict:
    """What a table of metric results says, at a glance.

    Attributes
    ----------
    overall : {"fail", "warn", "pass", "n/a"}
        The worst status of any judged metric ("n/a" when none could be judged).
    counts : DataFrame
        One row per group present (in :data:`~mixscope.evaluation.metric.GROUPS` order), one
        column per status (pass, warn, fail, n/a).
    failing, warning : tuple of (label, why)
        The metrics with that status, in words, each with why it matters.
    uncalibrated : tuple of str
        Labels of the judged metrics whose default thresholds were not calibrated for the
        embedding model (:mod:`mixscope.evaluation.calibration`).
    partial : tuple of str
        Labels of the judged English-only metrics (term lists, VADER) that see only part of the
        documents because many are in other languages.
    """

    overall: str
    counts: pd.DataFrame
    failing: tuple[tuple[str, str], ...]
    warning: tuple[tuple[str, str], ...]
    uncalibrated: tuple[str, ...] = ()
    partial: tuple[str, ...] = ()

    @property
    def headline(self) -> str:
        """One sentence: how many metrics were judged and how many fail or warn."""
        judged = int(self.counts[["pass", "warn", "fail"]].to_numpy().sum())
        fail, warn = len(self.failing), len(self.warning)
        if judged == 0:
            return "No metric could be judged on this mix."
        if fail:
            out = f"{fail} of {judged} judged metrics fail" + (f", {warn} warn." if warn else ".")
        elif warn:
            out = f"No metric fails; {warn} of {judged} judged metrics warn."
        else:
            out = f"All {judged} judged metrics pass."
        if self.uncalibrated:
            n = len(self.uncalibrated)
            out += f" {n} of them {'uses' if n == 1 else 'use'} thresholds not calibrated for "
            out += "this embedding model."
        return out


def verdict(table: pd.DataFrame) -> Verdict:
    """The verdict of an ``Evaluation.table`` (columns ``metric, group, status``; with
    ``settings``, the metrics judged with uncalibrated thresholds are named too).

    Examples
    --------
    >>> table = pd.DataFrame({"metric": ["exact_duplicate_rate", "vendi", "label_tvd"],
    ...                       "group": ["duplication", "diversity", "bias"],
    ...                       "status": ["fail", "pass", "n/a"]})
    >>> v = verdict(table)
    >>> v.overall, v.headline, v.failing[0][0]
    ('fail', '1 of 2 judged metrics fail.', 'Exact duplicates')
    """
    missing = [c for c in ("metric", "group", "status") if c not in table.columns]
    if missing:
        raise ValueError(f"table lacks columns {missing}; expected an Evaluation.table")
    groups = [g for g in GROUPS if g in set(table["group"])]
    counts = (
        pd.crosstab(table["group"], table["status"])
        .reindex(index=groups, columns=list(STATUSES), fill_value=0)
        .astype(int)
    )
    present = set(table["status"])
    overall = next((s for s in _SEVERITY if s in present), "n/a")
    return Verdict(
        overall=overall,
        counts=counts,
        failing=_in_words(table, "fail"),
        warning=_in_words(table, "warn"),
        uncalibrated=_flagged(table, "uncalibrated"),
        partial=_flagged(table, "partial"),
    )


def _flagged(table: pd.DataFrame, flag: str) -> tuple[str, ...]:
    """Labels of the judged metrics whose settings carry ``flag``."""
    if "settings" not in table.columns:
        return ()
    judged = table[table["status"].isin(_SEVERITY)]
    names = [
        str(name)
        for name, settings in zip(judged["metric"], judged["settings"], strict=True)
        if flag in json.loads(settings or "{}")
    ]
    return tuple(REGISTRY[n].label if n in REGISTRY else n for n in names)


def _in_words(table: pd.DataFrame, status: str) -> tuple[tuple[str, str], ...]:
    names = table.loc[table["status"] == status, "metric"]
    return tuple(
        (REGISTRY[n].label, REGISTRY[n].why) if n in REGISTRY else (str(n), "") for n in names
    )
