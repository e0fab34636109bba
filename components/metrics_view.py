"""How metric results are shown: status cards, the full table, thresholds and settings.

A card is a status badge with the metric's name over an ``st.metric`` (value, delta against
the real-only mix coloured by whether the change is good for the metric); the settings that
produced a number are in the card's help and in the full table. User text never reaches
markdown here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import streamlit as st

from components import metric_session, safe, state
from components.metric_session import Evaluated
from mixscope import evaluation, plots
from mixscope.embed import model_approximation, model_label
from mixscope.evaluation import GROUPS, REGISTRY, metric_cards

CARDS_PER_ROW = 4
#: Status -> (badge colour, material icon) of the cards.
STATUS_STYLE = {
    "pass": ("green", ":material/check_circle:"),
    "warn": ("orange", ":material/warning:"),
    "fail": ("red", ":material/cancel:"),
    "n/a": ("gray", ":material/remove:"),
}
GROUP_TITLES = {
    "diversity": "Diversity",
    "duplication": "Duplication",
    "fidelity": "Fidelity (synthetic part against the real corpus)",
    "bias": "Bias (mix against the real corpus)",
}
BASIS_NOTES = {
    "absolute": "on the value",
    "ratio_to_real": "on the ratio to the real corpus's own value",
    "ratio_to_floor": "on the ratio to the real-vs-real noise floor",
}
TABLE_COLUMNS = {
    "value": st.column_config.NumberColumn(format="%.4g"),
    "ci_low": st.column_config.NumberColumn("CI low", format="%.4g"),
    "ci_high": st.column_config.NumberColumn("CI high", format="%.4g"),
    "noise_floor": st.column_config.NumberColumn("noise floor", format="%.4g"),
    "settings": st.column_config.TextColumn(width="large"),
}


def cards(current: Evaluated, groups: Sequence[str] = GROUPS) -> None:
    """One card per metric of ``groups``, grouped, with its status and delta vs real-only."""
    frame = metric_cards(current.evaluation.table, current.baseline.table)
    approximate = model_approximation(current.index.model_id) is not None
    for group in groups:
        rows = frame[frame["group"] == group]
        if len(groups) > 1:
            st.markdown(f"**{GROUP_TITLES[group]}**")
        for start in range(0, len(rows), CARDS_PER_ROW):
            columns = st.columns(CARDS_PER_ROW)
            chunk = rows.iloc[start : start + CARDS_PER_ROW].itertuples()
            for column, card in zip(columns, chunk, strict=False):
                with column.container(border=True):
                    _card(card, approximate=approximate and bool(card.reads_embeddings))
    no_delta = frame.loc[frame["group"].isin(list(groups)), "delta_shown"].isna().all()
    st.caption(
        "Badge: status against the thresholds. "
        + (
            "No delta: the real-only mix has no synthetic part to compare. "
            if no_delta
            else "Delta: change against the real-only mix (synthetic share 0, same size, mode, "
            "strategy and seed), green when the change is good for the metric. "
        )
        + "Hover a card's question mark for what the number means and the exact settings that "
        "produced it."
    )


def _card(card: Any, *, approximate: bool = False) -> None:
    color, icon = STATUS_STYLE.get(card.status, STATUS_STYLE["n/a"])
    # registry labels and statuses only: no user text reaches this markdown
    badge = f":{color}-badge[{icon} {card.status}]"
    if approximate:  # the preview model, on a metric whose number depends on the embedder
        badge += " :violet-badge[:material/speed: approximate]"
    if card.uncalibrated:  # said on the card, never a silent pass or fail
        badge += " :gray-badge[:material/tune: uncalibrated]"
    if card.partial:  # English-only metric on a corpus with many other languages
        badge += " :gray-badge[:material/translate: partial]"
    st.markdown(f"{badge} **{safe.escape_markdown(card.label)}**")
    st.metric(
        card.unit,
        card.shown,
        delta=card.delta_shown,
        delta_color=card.delta_color,
        delta_arrow=card.delta_arrow,
        help=safe.escape_markdown(card.help),
    )


def verdict(current: Evaluated, groups: Sequence[str] = GROUPS) -> None:
    """The verdict first: one sentence, the counts per group, and every failing (then warning)
    metric named in words with why it matters."""
    table = current.evaluation.table
    found = evaluation.verdict(table[table["group"].isin(list(groups))])
    color, icon = STATUS_STYLE[found.overall]
    # A bordered box, not st.error: an error box means the app could not do something.
    with st.container(border=True):
        lines = [f":{color}-badge[{icon} {found.overall}] **{found.headline}**"]
        for title, named in (("Fails", found.failing), ("Warns", found.warning)):
            lines += [f"- {title}: **{label}**. {why}" for label, why in named]
        if found.uncalibrated:
            lines.append(
                "- Thresholds not calibrated for this embedding model: "
                + ", ".join(found.uncalibrated)
                + ". Read them against their noise floor, or set thresholds for this model."
            )
        if found.partial:
            lines.append(
                "- Partial (many documents are not in English; term lists and VADER read English "
                "only): " + ", ".join(found.partial) + "."
            )
        note = model_approximation(current.index.model_id)
        if note is not None:
            lines.append(f"- :violet-badge[:material/speed: approximate] {note}")
        st.markdown("\n".join(lines))  # registry words and our own note only: no user text
        st.caption(
            " · ".join(
                f"{GROUP_TITLES[str(group)].split(' (')[0]}: "
                + ", ".join(f"{row[status]} {status}" for status in STATUS_STYLE if row[status])
                for group, row in found.counts.iterrows()
            )
        )


def status_table(frame: pd.DataFrame) -> Any:
    """``frame`` styled with each ``status`` cell coloured by its status."""
    return frame.style.map(
        lambda status: f"color: {plots.STATUS_COLORS.get(status, '#000')}; font-weight: 600",
        subset=["status"],
    )


def table(current: Evaluated, groups: Sequence[str] = GROUPS) -> None:
    """The long-form table (value, interval, noise floor, status, settings) in an expander."""
    frame = current.evaluation.table
    frame = frame[frame["group"].isin(list(groups))]
    with st.expander(f"All numbers with their settings ({len(frame)} metrics)"):
        st.dataframe(
            status_table(frame),
            hide_index=True,
            width="stretch",
            column_config=TABLE_COLUMNS,
        )
        st.caption("Evaluation settings")
        st.json(current.evaluation.config, expanded=False)


def settings_editor(groups: Sequence[str] = GROUPS) -> None:
    """Sample size, bootstrap resamples and the warn / fail thresholds of ``groups``."""
    state.set_metric_defaults()
    with st.expander("Metric settings and thresholds", icon=":material/tune:"):
        left, right = st.columns(2)
        left.number_input(
            "Sample size (documents)",
            min_value=2,
            step=100,
            key=state.SAMPLE_SIZE,
            persist_state="session",
            help="Size-dependent metrics (Vendi, PRDC, Fréchet, ...) use a seeded sample.",
        )
        right.number_input(
            "Bootstrap resamples",
            min_value=0,
            step=50,
            key=state.N_BOOT,
            persist_state="session",
            help="For the intervals of per-document metrics; 0 for no interval.",
        )
        st.selectbox(
            "Label column for label_tvd",
            [state.NO_LABEL, *state.label_columns(state.mix_corpora())],
            key=state.LABEL_COLUMN,
            help="A metadata column of the real corpus (e.g. topic) whose category shares "
            "label_tvd compares between the mix and the real corpus.",
        )
        for group in groups:
            st.markdown(f"**{GROUP_TITLES[group]}**")
            for metric in [m for m in REGISTRY.values() if m.group == group]:
                _threshold_row(metric.name)


def _threshold_row(name: str) -> None:
    metric = REGISTRY[name]
    target = f" (target {metric.target:g})" if metric.target is not None else ""
    label, warn, fail = st.columns([2, 1, 1], vertical_alignment="bottom")
    label.text(f"{name}: {metric.goal} is better{target}, judged {BASIS_NOTES[metric.basis]}")
    for column, level in ((warn, "warn"), (fail, "fail")):
        column.number_input(
            level,
            step=0.05,
            format="%.4g",
            key=state.threshold_key(name, level),
            persist_state="session",
            help=f"Default {getattr(metric, level):g}. {metric.threshold_source}.",
        )


def settings_caption(current: Evaluated) -> None:
    """Which mix the page shows (size, share, sources, mode, sampling, seed), and the settings
    every number on it shares."""
    config, mix = current.evaluation.config, current.mix
    counts = mix.counts()
    sources = ", ".join(
        f"{source} {n:,}" for source, n in zip(counts["source"], counts["n"], strict=True) if n
    )
    synthetic = counts.loc[counts["role"] == "synthetic", "share"].sum()
    st.caption(
        safe.escape_markdown(
            f"Mix of {len(current.ids):,} documents, {synthetic:.0%} synthetic ({sources}); "
            f"{mix.config.mode} mode, {mix.config.strategy} sampling, seed {mix.config.seed}. "
            f"Model {model_label(config['model_id'], config.get('embedder_id', ''))}; "
            f"sample size {config['sample_size']}; "
            f"{config['n_boot']} bootstrap resamples; {config['index']['n_clusters']} topic "
            "clusters."
        )
    )


def metric_page(title: str, caption: str, groups: Sequence[str]) -> Evaluated:
    """The top every metric page shares: title, caption, then the session's mix evaluated (or
    what stands in the way, and the page stops), its verdict, which mix it is, and its cards."""
    st.title(title)
    st.caption(caption)
    current = metric_session.current()
    if current is None:
        st.stop()
    assert current is not None  # st.stop() ends the run
    verdict(current, groups)
    settings_caption(current)
    cards(current, groups)
    return current
