"""The Mix page's controls: widgets bound to the session keys of :mod:`components.state`.

The widgets only write the session; the config itself always comes from
:func:`components.state.mix_config`, the one builder every page uses. ``persist_state="session"``
keeps the values while the user visits another page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import streamlit as st

from components import safe, state
from mixscope.corpus import Corpus
from mixscope.mixing import MODES, SAMPLERS, MixConfig, feasible_shares, largest_size

MODE_HELP = (
    "replace: a fixed total size, synthetic documents take the place of real ones. "
    "accumulate: every real document is kept and synthetic ones are added on top."
)


def choose_corpora() -> list[Corpus]:
    """The corpora to mix: asks which real corpus when several are loaded."""
    names = state.real_choices()
    if len(names) > 1:
        st.selectbox("Real corpus", names, key=state.REAL, persist_state="session")
    return state.mix_corpora()


def config(corpora: Sequence[Corpus]) -> MixConfig:
    """Draw the controls and return the session's config; raises ValueError for an impossible
    request."""
    state.set_mix_defaults(corpora)
    base = _base_config(corpora)
    low, high, why = _share_bounds(corpora, base)
    left, right = st.columns(2)
    with left:
        only = low == high  # a slider needs two ends: show the whole range, fixed
        st.slider(
            "Synthetic share", 0.0 if only else low, 1.0 if only else high, step=STEP,
            key=state.SHARE, persist_state="session", disabled=only,
        )  # fmt: skip
        if why:
            st.caption(safe.escape_markdown(why))
        mode = st.radio(
            "Mode", MODES, horizontal=True, key=state.MODE, help=MODE_HELP, persist_state="session"
        )
        largest = _largest_size(corpora, base) if mode == "replace" else None
        st.number_input(
            "Total size (documents)",
            min_value=1,
            max_value=largest,
            step=50,
            key=state.SIZE,
            persist_state="session",
            disabled=mode == "accumulate",
            help="Replace mode only: accumulate keeps every real document."
            + (
                f" At this share and these weights the corpora allow {largest:,}."
                if largest
                else ""
            ),
        )
    with right:
        _strategy(corpora)
        st.number_input("Seed", min_value=0, step=1, key=state.SEED, persist_state="session")
        _weights([c for c in corpora if c.role == "synthetic"])
    return state.mix_config(corpora)


#: The share slider's step; its bounds are the feasible shares on this grid.
STEP = 0.05
_GRID = [round(STEP * k, 2) for k in range(round(1 / STEP) + 1)]


def _base_config(corpora: Sequence[Corpus]) -> MixConfig | None:
    """The session's config at share 0 (its mode, size, weights), or None if it has none yet."""
    try:
        return state.mix_config(corpora, share=0.0)
    except ValueError:
        return None


def _share_bounds(corpora: Sequence[Corpus], base: MixConfig | None) -> tuple[float, float, str]:
    """The slider's bounds: the feasible shares on its grid for the session's mode, size and
    weights, and a sentence saying why when they are narrower than 0 to 1. The session's share
    is moved inside them (a link or an earlier choice may lie outside)."""
    allowed = feasible_shares(corpora, base, _GRID) if base is not None else []
    if not allowed or (allowed[0], allowed[-1]) == (0.0, 1.0):
        return 0.0, 1.0, ""
    low, high = allowed[0], allowed[-1]
    share = float(st.session_state[state.SHARE])
    if not low <= share <= high:
        st.session_state[state.SHARE] = min(max(share, low), high)
    real = next(c for c in corpora if c.role == "real")
    available = sum(len(c) for c in corpora if c.role == "synthetic")
    if base is not None and base.mode == "accumulate":
        why = (
            f"Accumulate keeps all {len(real):,} real documents and adds synthetic ones: the "
            f"synthetic sources hold {available:,} documents at these weights' proportions, so "
            f"the share goes up to {high:g}."
        )
    else:
        allowed_text = f"only the share {low:g}" if low == high else f"shares {low:g} to {high:g}"
        why = (
            f"At {base.size if base else 0:,} documents and these weights the corpora allow "
            f"{allowed_text} ({len(real):,} real, {available:,} synthetic documents)."
        )
    return low, high, why


def _largest_size(corpora: Sequence[Corpus], base: MixConfig | None) -> int | None:
    """The size box's maximum at the session's share and weights; the session's size is moved
    inside it."""
    if base is None:
        return None
    share = float(st.session_state[state.SHARE])
    largest = largest_size(corpora, replace(base, synthetic_share=share))
    if largest is not None and int(st.session_state[state.SIZE]) > largest:
        st.session_state[state.SIZE] = largest
    return largest


def _strategy(corpora: Sequence[Corpus]) -> None:
    # "uniform" first: it is the default; the others follow alphabetically.
    names = sorted(SAMPLERS, key=lambda name: (name != "uniform", name))
    name = st.selectbox("Sampling strategy", names, key=state.STRATEGY, persist_state="session")
    if name != "stratified":
        return
    shared = shared_metadata_columns(corpora)
    if not shared:
        st.warning(
            "Stratified sampling keeps each source's proportions of a metadata column, but no "
            "column is shared by every corpus of this mix.",
            icon=":material/warning:",
        )
        st.button(
            "Use uniform sampling",
            key=state.USE_UNIFORM,
            on_click=lambda: st.session_state.update({state.STRATEGY: "uniform"}),
        )
        st.stop()
    column = st.selectbox(
        "Stratify by",
        shared,
        index=None,
        placeholder="Choose a metadata column",
        key=state.STRATIFY_BY,
        help="Metadata columns every corpus in the mix has.",
        persist_state="session",
    )
    if column is None:
        st.info("Choose the metadata column to stratify by.", icon=":material/info:")
        st.stop()


def shared_metadata_columns(corpora: Sequence[Corpus]) -> list[str]:
    """Metadata columns present in every corpus, in the first corpus' order."""
    if not corpora:
        return []
    return [c for c in corpora[0].metadata_columns if all(c in k.metadata_columns for k in corpora)]


def _weights(synthetic: Sequence[Corpus]) -> None:
    if len(synthetic) < 2:
        return
    st.markdown("**Weight of each synthetic source**")
    for c in synthetic:
        st.slider(
            safe.escape_markdown(c.name),
            0.0,
            1.0,
            step=0.05,
            key=state.weight_key(c.name),
            persist_state="session",
        )
