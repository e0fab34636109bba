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
