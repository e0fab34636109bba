"""Corpora: what is loaded, what was dropped and why, embeddings; add, remove, reset."""

import streamlit as st

from components import add_corpus, corpus_view, embedding, safe, spec_io, state

st.title("Corpora")
st.caption(
    "One real (human) corpus and any number of synthetic ones. Every input row is either a "
    "document or a dropped row with its reason."
)
corpora = state.corpora()
model = state.model_name()

gone = state.removed()
if gone is not None:
    note, undo = st.columns([6, 1], vertical_alignment="center")
    note.info(f"Removed {safe.escape_markdown(gone.name)}.", icon=":material/delete:")
    undo.button("Undo", icon=":material/undo:", on_click=state.undo_remove, key=state.UNDO_REMOVE)

if corpora:
    st.dataframe(
        corpus_view.overview(corpora, model),
        hide_index=True,
        width="stretch",
        column_config=corpus_view.OVERVIEW_COLUMNS,
    )
else:
    st.info("No corpora loaded: add one below or reset to the demo corpora.")

embedding.cancelled_note()
compute, reset, _ = st.columns([2, 2, 5])
clicked = compute.button(
    "Compute embeddings", type="primary", icon=":material/memory:", disabled=not corpora
)
if clicked and embedding.embed_with_progress(corpora, model):
    st.rerun()
reset.button(
    "Reset to demo corpora",
    icon=":material/restart_alt:",
    on_click=state.reset,
    help="Back to the demo corpora and every default: mix, metric settings, thresholds, model.",
)
st.caption(
    "Embeddings use the model chosen in the sidebar and are cached on disk, keyed by "
    "content hash and model: each text is embedded once."
)

if corpora:
    tabs = st.tabs([safe.escape_markdown(c.name) for c in corpora])
    for tab, corpus in zip(tabs, corpora, strict=True):
        with tab:
            corpus_view.details(corpus)

st.divider()
add_corpus.render()

st.divider()
st.subheader("Open a mix spec")
st.caption(
    "A spec names the corpora (server files inside the allowed folders, or corpora uploaded "
    "above) and the mix; opening it loads them and sets the Mix page to its mix."
)
spec_io.open_form()
