"""Session state: the corpora a user is working with and the chosen embedding model.

Every page reads state through these functions, so the keys live in one place.
"""

from __future__ import annotations

import streamlit as st

from components import data
from mixscope.corpus import Corpus

CORPORA = "corpora"
#: Widget key of the sidebar's model choice (tests set it to ``"lexical (fast)"``).
MODEL = "model"
#: Sidebar label -> name understood by ``mixscope.embed.get_embedder``.
MODEL_CHOICES = {"all-MiniLM-L6-v2": "all-MiniLM-L6-v2", "lexical (fast)": "lexical"}
DEFAULT_MODEL = "all-MiniLM-L6-v2"
#: Prefix of the mix page's widget keys (``reset`` clears them).
MIX_PREFIX = "mix_"


def init() -> None:
    """First run of a session: the bundled demo corpora and the default model."""
    if CORPORA not in st.session_state:
        st.session_state[CORPORA] = list(data.demo_corpora())
    st.session_state.setdefault(MODEL, DEFAULT_MODEL)


def corpora() -> list[Corpus]:
    """The corpora loaded in this session, in the order they were added."""
    return list(st.session_state[CORPORA])


def model_name() -> str:
    """Name of the chosen embedding model as ``get_embedder`` understands it."""
    return MODEL_CHOICES[st.session_state[MODEL]]


def add(corpus: Corpus) -> None:
    """Add a corpus; raises ValueError if the name is already taken (names key a mix)."""
    taken = [c.name for c in corpora()]
    if corpus.name in taken:
        raise ValueError(
            f"a corpus named {corpus.name!r} is already loaded; choose another name "
            f"(loaded: {taken})"
        )
    st.session_state[CORPORA] = [*corpora(), corpus]


def remove(name: str) -> None:
    """Remove the corpus called ``name`` (nothing happens if there is none)."""
    st.session_state[CORPORA] = [c for c in corpora() if c.name != name]


def reset() -> None:
    """Back to the bundled demo corpora and default mix settings."""
    st.session_state[CORPORA] = list(data.demo_corpora())
    for key in [k for k in st.session_state if str(k).startswith(MIX_PREFIX)]:
        del st.session_state[key]
