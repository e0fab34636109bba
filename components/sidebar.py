"""The sidebar every page shares: embedding model choice and what the demo data is."""

from __future__ import annotations

import streamlit as st

from components import state
from mixscope.corpus import DEMO_NOTE


def render() -> None:
    """Draw the shared sidebar (below the page navigation)."""
    with st.sidebar:
        st.selectbox(
            "Embedding model",
            options=list(state.MODEL_CHOICES),
            key=state.MODEL,
            help="all-MiniLM-L6-v2 is a real sentence-embedding model (runs on CPU, offline). "
            "'lexical (fast)' hashes words and character n-grams: it sees wording, not "
            "meaning, and is meant for quick looks at large files.",
        )
        st.caption(DEMO_NOTE)
