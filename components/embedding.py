"""Embedding every loaded corpus with a progress bar (shared by the Corpora and metric pages)."""

from collections.abc import Sequence

import streamlit as st

from components import data, progress, safe, state
from mixscope.corpus import Corpus


def embed_with_progress(corpora: Sequence[Corpus], model: str) -> bool:
    """Embed ``corpora`` through the on-disk cache, drawing a progress bar with the time left
    and a Cancel button.

    Returns True when every corpus is embedded; shows the error and returns False otherwise.
    """
    bar = progress.ProgressBar("Embedded", "documents", cancel_key=state.CANCEL_EMBEDDING)
    try:
        data.compute_embeddings(corpora, model, progress=bar)
    except (OSError, ValueError) as err:
        bar.close()
        safe.error(str(err))
        return False
    bar.close()
    return True


def cancelled_note() -> None:
    """After a click on Cancel: what was kept, and how to go on."""
    if progress.cancelled(state.CANCEL_EMBEDDING):
        st.info(
            "Embedding cancelled. The documents embedded so far are kept in the cache (up to "
            "the last 1,024-document chunk): computing again continues from there.",
            icon=":material/pause_circle:",
        )
