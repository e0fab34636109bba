"""Showing user-controlled strings (names, paths, column names) without interpreting them.

Streamlit renders markdown in titles, labels, alerts and captions; a corpus named ``*x*`` or a
file called ``:red[a].csv`` must appear literally. Whole documents go through ``st.dataframe``,
``st.text`` or ``st.code`` instead, which never interpret markdown.
"""

from __future__ import annotations

import re

import streamlit as st

# Every ASCII punctuation character may be backslash-escaped in CommonMark; ":" also stops
# Streamlit's emoji / icon / colour directives and "$" its LaTeX.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """Backslash-escape punctuation so markdown shows ``text`` literally."""
    return _PUNCTUATION.sub(r"\\\1", text)


def error(message: str) -> None:
    """``st.error`` with a message that may quote user input (file names, columns)."""
    st.error(escape_markdown(message), icon=":material/error:")
