"""Embedding every loaded corpus with a progress bar (shared by the Corpora and metric pages)."""

from collections.abc import Sequence

import streamlit as st

from components import data, safe
from mixscope.corpus import Corpus


def embed_with_progress(corpora: Sequence[Corpus], model: str) -> bool:
    """Embed ``corpora`` through the on-disk cache, drawing a progress bar.

    Returns True when every corpus is embedded; shows the error and returns False otherwise.
    """
    bar = st.progress(0.0, text="Embedding…")

    def report(done: int, total: int) -> None:
        bar.progress(
            done / total if total else 1.0, text=f"Embedded {done:,} of {total:,} documents"
        )

    try:
        data.compute_embeddings(corpora, model, progress=report)
    except (OSError, ValueError) as err:
        safe.error(str(err))
        return False
    return True
