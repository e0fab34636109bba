"""The sidebar every page shares: embedding model choice, what the link could not restore, and
what the demo data is (while it is loaded)."""

from __future__ import annotations

import streamlit as st

from components import data, safe, state, url_state
from mixscope.corpus import DEMO_NOTE
from mixscope.embed import is_default_model, model_approximation


def render() -> None:
    """Draw the shared sidebar (below the page navigation)."""
    with st.sidebar:
        st.selectbox(
            "Embedding model",
            options=list(state.MODEL_CHOICES),
            key=state.MODEL,
            persist_state="session",  # kept across pages like the mix controls
            help="all-MiniLM-L6-v2 is a real sentence-embedding model (runs on CPU, offline). "
            "'preview (fast, approximate)' is a static model2vec table distilled from it once "
            "(a minute or two the first time): about a hundred times faster, and every number "
            "it gives is an approximation. 'lexical (fast)' hashes words and character "
            "n-grams: it sees wording, not meaning, and is meant for quick looks at large files.",
        )
        note = model_approximation(state.model_name())
        if note is not None:  # on every page, next to the choice that causes it
            st.warning(note, icon=":material/speed:")
        if is_default_model(state.model_name()) and (backend := data.backend()) is not None:
            st.caption(safe.escape_markdown(backend))
        for note in url_state.pending_notes():
            st.warning(safe.escape_markdown(note), icon=":material/link_off:")
        if url_state.pending_notes():
            st.button("Dismiss", key=url_state.DISMISS, on_click=url_state.dismiss_notes)
        if state.demo_loaded():
            st.caption(DEMO_NOTE)
