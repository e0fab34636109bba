"""Tables of user documents: the one way pages show user text (a dataframe, never markdown)."""

import pandas as pd
import streamlit as st

#: Columns that hold document text get the room; similarities get four decimals.
_COLUMNS = {
    "text": st.column_config.TextColumn(width="large"),
    "synthetic text": st.column_config.TextColumn(width="large"),
    "real text": st.column_config.TextColumn(width="large"),
    "nearest_real_similarity": st.column_config.NumberColumn(format="%.4f"),
}


def documents_table(frame: pd.DataFrame) -> None:
    """Show documents (with where they come from) as a dataframe, text given the room."""
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={k: v for k, v in _COLUMNS.items() if k in frame.columns},
    )


def side_by_side(frame: pd.DataFrame, *, columns: int = 3) -> None:
    """The first ``columns`` documents of ``frame`` (``source``, ``source_row``, ``role``,
    ``text``) next to each other, as plain text; the rest, if any, as a table below."""
    shown = frame.head(columns)
    for column, (_, doc) in zip(st.columns(columns), shown.iterrows(), strict=False):
        with column.container(border=True):
            st.text(f"{doc['source']}, row {doc['source_row']} ({doc['role']})")
            st.text(doc["text"])
    if len(frame) > columns:
        documents_table(frame)
