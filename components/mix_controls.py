"""The Mix page's controls: widgets bound to the session keys of :mod:`components.state`.

The widgets only write the session; the config itself always comes from
:func:`components.state.mix_config`, the one builder every page uses. ``persist_state="session"``
keeps the values while the user visits another page.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components import safe, state
from mixscope.corpus import Corpus
from mixscope.mixing import MODES, SAMPLERS, MixConfig

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
    left, right = st.columns(2)
    with left:
        st.slider("Synthetic share", 0.0, 1.0, step=0.05, key=state.SHARE, persist_state="session")
        mode = st.radio(
            "Mode", MODES, horizontal=True, key=state.MODE, help=MODE_HELP, persist_state="session"
        )
        st.number_input(
            "Total size (documents)",
            min_value=1,
            step=50,
            key=state.SIZE,
            persist_state="session",
            disabled=mode == "accumulate",
            help="Replace mode only: accumulate keeps every real document.",
        )
    with right:
        _strategy(corpora)
        st.number_input("Seed", min_value=0, step=1, key=state.SEED, persist_state="session")
        _weights([c for c in corpora if c.role == "synthetic"])
    return state.mix_config(corpora)


def _strategy(corpora: Sequence[Corpus]) -> None:
    # "uniform" first: it is the default; the others follow alphabetically.
    names = sorted(SAMPLERS, key=lambda name: (name != "uniform", name))
    name = st.selectbox("Sampling strategy", names, key=state.STRATEGY, persist_state="session")
    if name != "stratified":
        return
    column = st.selectbox(
        "Stratify by",
        shared_metadata_columns(corpora),
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
