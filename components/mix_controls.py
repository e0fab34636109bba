"""The mix page's controls: widgets in, the corpora to mix and a ``MixConfig`` out.

Widget keys start with ``state.MIX_PREFIX``; ``persist_state="session"`` keeps their values while
the user visits another page.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from components import safe
from mixscope.corpus import Corpus
from mixscope.mixing import MODES, MixConfig
from mixscope.sampling import SAMPLERS

SHARE = "mix_share"
SIZE = "mix_size"
MODE = "mix_mode"
STRATEGY = "mix_strategy"
STRATIFY_BY = "mix_stratify_by"
SEED = "mix_seed"
REAL = "mix_real"
WEIGHT_PREFIX = "mix_weight_"
DEFAULT_SHARE = 0.25
DEFAULT_SIZE = 1_000
MODE_HELP = (
    "replace: a fixed total size, synthetic documents take the place of real ones. "
    "accumulate: every real document is kept and synthetic ones are added on top."
)


def choose_corpora(corpora: Sequence[Corpus]) -> list[Corpus]:
    """The real corpus to mix (asked only when there are several) and every synthetic one."""
    real = [c for c in corpora if c.role == "real"]
    synthetic = [c for c in corpora if c.role == "synthetic"]
    if len(real) > 1:
        names = [c.name for c in real]
        chosen = st.selectbox("Real corpus", names, key=REAL, persist_state="session")
        real = [c for c in real if c.name == chosen]
    return [*real, *synthetic]


def config(corpora: Sequence[Corpus]) -> MixConfig:
    """Draw the controls and build the config; raises ValueError for an impossible request."""
    real = next((c for c in corpora if c.role == "real"), None)
    synthetic = [c for c in corpora if c.role == "synthetic"]
    _defaults(real)
    left, right = st.columns(2)
    with left:
        share = st.slider(
            "Synthetic share", 0.0, 1.0, step=0.05, key=SHARE, persist_state="session"
        )
        mode = st.radio(
            "Mode", MODES, horizontal=True, key=MODE, help=MODE_HELP, persist_state="session"
        )
        size = st.number_input(
            "Total size (documents)",
            min_value=1,
            step=50,
            key=SIZE,
            persist_state="session",
            disabled=mode == "accumulate",
            help="Replace mode only: accumulate keeps every real document.",
        )
    with right:
        strategy = _strategy(corpora)
        seed = st.number_input("Seed", min_value=0, step=1, key=SEED, persist_state="session")
        weights = _weights(synthetic)
    return MixConfig(
        synthetic_share=share,
        size=int(size) if mode == "replace" else None,
        weights=weights,
        mode=mode,
        strategy=strategy,
        seed=int(seed),
    )


def _defaults(real: Corpus | None) -> None:
    # Defaults live in session state (not value=) so the size can follow the real corpus.
    st.session_state.setdefault(SHARE, DEFAULT_SHARE)
    st.session_state.setdefault(SEED, 0)
    size = min(DEFAULT_SIZE, len(real)) if real is not None else DEFAULT_SIZE
    st.session_state.setdefault(SIZE, max(size, 1))


def _strategy(corpora: Sequence[Corpus]) -> str:
    # "uniform" first: it is the default; the others follow alphabetically.
    names = sorted(SAMPLERS, key=lambda name: (name != "uniform", name))
    name = st.selectbox("Sampling strategy", names, key=STRATEGY, persist_state="session")
    if name != "stratified":
        return name
    column = st.selectbox(
        "Stratify by",
        shared_metadata_columns(corpora),
        index=None,
        placeholder="Choose a metadata column",
        key=STRATIFY_BY,
        help="Metadata columns every corpus in the mix has.",
        persist_state="session",
    )
    if column is None:
        st.info("Choose the metadata column to stratify by.", icon=":material/info:")
        st.stop()
    return f"stratified:{column}"


def shared_metadata_columns(corpora: Sequence[Corpus]) -> list[str]:
    """Metadata columns present in every corpus, in the first corpus' order."""
    if not corpora:
        return []
    return [c for c in corpora[0].metadata_columns if all(c in k.metadata_columns for k in corpora)]


def _weights(synthetic: Sequence[Corpus]) -> tuple[float, ...] | None:
    if len(synthetic) < 2:
        return None
    st.markdown("**Weight of each synthetic source**")
    for c in synthetic:
        st.session_state.setdefault(f"{WEIGHT_PREFIX}{c.name}", 1.0)
    return tuple(
        st.slider(
            safe.escape_markdown(c.name),
            0.0,
            1.0,
            step=0.05,
            key=f"{WEIGHT_PREFIX}{c.name}",
            persist_state="session",
        )
        for c in synthetic
    )
