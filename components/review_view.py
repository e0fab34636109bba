"""How the Review page shows saved mixes: the list with verdicts, one mix's metrics, composition
and review history, and several side by side."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from components import safe
from components.metrics_view import status_table
from mixscope import plots
from mixscope.store import (
    SavedMix,
    comparability,
    compare_table,
    composition,
    mix_labels,
    relative_changes,
    side_by_side,
)

_LIST_CONFIG = {
    "synthetic_share": st.column_config.NumberColumn("share", format="percent"),
    "n_documents": st.column_config.NumberColumn("documents", format="%d"),
    "updated_utc": st.column_config.TextColumn("updated (UTC)"),
}


def saved_table(saved: pd.DataFrame) -> None:
    """Every saved mix (its latest version): status, share, size, verdict, author, updated."""
    shown = saved[["name", "version", "status", "synthetic_share", "n_documents", "verdict",
                   "fail", "warn", "pass", "author", "updated_utc"]].copy()  # fmt: skip
    shown["updated_utc"] = shown["updated_utc"].str.slice(0, 16).str.replace("T", " ")
    styled = shown.style.map(_review_colour, subset=["status"]).map(
        _status_colour, subset=["verdict"]
    )
    st.dataframe(styled, hide_index=True, width="stretch", column_config=_LIST_CONFIG)


def _status_colour(status: object) -> str:
    return f"color: {plots.STATUS_COLORS.get(str(status), '#000')}; font-weight: 600"


_REVIEW_COLOURS = {"approved": "pass", "rejected": "fail", "draft": "n/a"}


def _review_colour(status: object) -> str:
    return _status_colour(_REVIEW_COLOURS.get(str(status), ""))


def details(chosen: SavedMix, history: pd.DataFrame) -> None:
    """One saved mix: the verdict in words, its config and inputs, composition, every metric at
    save time, and its review history."""
    verdict = chosen.verdict()
    record = chosen.record
    config = record.mix_spec().config
    st.markdown(
        f"**{safe.escape_markdown(chosen.name)}**, version {chosen.version}: "
        f"**{chosen.status}**. Verdict at save time: **{verdict.overall}**. "
        + safe.escape_markdown(verdict.headline)
    )
    st.caption(safe.escape_markdown(
        f"Synthetic share {config.synthetic_share:.0%}, {record.n_documents:,} documents, mode "
        f"{config.mode}, sampling {config.strategy}, seed {config.seed}; metrics computed with "
        f"{record.model_id or 'an unknown model'}; saved by {chosen.author or 'someone'} at "
        f"{chosen.created_utc[:16].replace('T', ' ')} UTC."
    ))  # fmt: skip
    chart, inputs = st.columns([3, 2])
    counts = composition([chosen]).drop(columns="mix")
    chart.plotly_chart(plots.composition_figure(counts), width="stretch",
                       key=f"review_composition_{chosen.name}")  # fmt: skip
    inputs.dataframe(pd.DataFrame([vars(i) for i in record.inputs]), hide_index=True,
                     width="stretch")  # fmt: skip
    with st.expander(f"Every metric at save time ({len(record.table)})", expanded=True):
        st.dataframe(status_table(record.table.drop(columns="settings")), hide_index=True,
                     width="stretch")  # fmt: skip
    st.markdown("**Review history**")
    st.dataframe(history, hide_index=True, width="stretch")


def comparison(mixes: Sequence[SavedMix]) -> None:
    """Several saved mixes: what makes them hard to compare, their metrics side by side with
    the change against the first, their compositions, and the relative changes charted
    (versions of one name are told apart as ``NAME@VERSION``)."""
    long = compare_table(mixes)
    first = mix_labels(mixes)[0]
    for note in comparability(mixes):
        st.warning(safe.escape_markdown(note), icon=":material/warning:")
    wide = side_by_side(long)
    statuses: list[Any] = [c for c in wide.columns if c.endswith(" status")]
    numbers: list[Any] = [c for c in wide.columns if c.endswith((" value", " delta"))]
    styled = wide.style.map(_status_colour, subset=statuses).format(_number, subset=numbers)
    st.dataframe(styled, hide_index=True, width="stretch", key="review_compare_table")
    st.caption(f"delta: the value minus {safe.escape_markdown(first)}'s (the first mix chosen).")
    left, right = st.columns(2)
    with left:
        st.markdown("**Composition**")
        figure = plots.mixes_composition_figure(composition(mixes))
        st.plotly_chart(figure, width="stretch", key="review_compare_composition")
    with right:
        st.markdown(f"**Change against {safe.escape_markdown(first)}** (% of its value)")
        changes = relative_changes(long)
        if changes.empty:
            st.caption("No metric has a non-zero value in the first mix to compare against.")
        else:
            figure = plots.relative_change_figure(changes, first=first)
            st.plotly_chart(figure, width="stretch", key="review_compare_changes")


def _number(value: Any) -> str:
    return "" if pd.isna(value) else f"{value:.4g}"
