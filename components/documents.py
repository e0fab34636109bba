"""Tables of user documents: the one way pages show user text (a dataframe, never markdown).

Long tables are shown a page at a time (:func:`page`): a million-document pool can list
hundreds of thousands of duplicate pairs, and the browser only ever receives one page.
"""

import math

import pandas as pd
import streamlit as st

#: Rows a table sends to the browser at once.
PAGE_ROWS = 500

#: Columns that hold document text get the room; similarities get four decimals.
_COLUMNS = {
    "text": st.column_config.TextColumn(width="large"),
    "synthetic text": st.column_config.TextColumn(width="large"),
    "real text": st.column_config.TextColumn(width="large"),
    "nearest_real_similarity": st.column_config.NumberColumn(format="%.4f"),
}


def page(frame: pd.DataFrame, *, key: str, rows: int = PAGE_ROWS) -> pd.DataFrame:
    """The rows of ``frame`` to show: all of them up to ``rows``, else one page of ``rows``
    chosen with a page number next to a caption saying which rows of how many are shown."""
    if len(frame) <= rows:
        return frame
    pages = math.ceil(len(frame) / rows)
    chosen = st.number_input(
        f"Page (of {pages:,})", min_value=1, max_value=pages, value=1, step=1, key=f"{key}_page"
    )
    start = (int(chosen) - 1) * rows
    shown = frame.iloc[start : start + rows]
    st.caption(f"Rows {start + 1:,} to {start + len(shown):,} of {len(frame):,}.")
    return shown


def documents_table(frame: pd.DataFrame, *, key: str) -> None:
    """Show documents (with where they come from) as a dataframe, text given the room, a page
    at a time when long; a click on a row shows that row's whole texts below the table (as
    plain text, never markdown)."""
    frame = page(frame, key=key)
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={k: v for k, v in _COLUMNS.items() if k in frame.columns},
        on_select="rerun",
        selection_mode="single-row",
        key=key,
    )
    rows = event.selection.rows if event is not None else []
    text_columns = [c for c in _TEXT_COLUMNS if c in frame.columns]
    if not rows or not text_columns:
        st.caption("Click a row to read its whole text.")
        return
    doc = frame.iloc[rows[0]]
    with st.container(border=True):
        where = [f"{c} {doc[c]}" for c in ("source", "source_row", "role") if c in frame.columns]
        st.text(", ".join(where) if where else f"row {rows[0]}")
        for column in text_columns:
            if len(text_columns) > 1:
                st.caption(column)
            st.text(str(doc[column]))


#: Columns holding whole documents, shown in full when their row is clicked.
_TEXT_COLUMNS = ("text", "synthetic text", "real text")


def side_by_side(frame: pd.DataFrame, *, key: str, columns: int = 3) -> None:
    """The first ``columns`` documents of ``frame`` (``source``, ``source_row``, ``role``,
    ``text``) next to each other, as plain text; the rest, if any, as a table below."""
    shown = frame.head(columns)
    for column, (_, doc) in zip(st.columns(columns), shown.iterrows(), strict=False):
        with column.container(border=True):
            st.text(f"{doc['source']}, row {doc['source_row']} ({doc['role']})")
            st.text(doc["text"])
    if len(frame) > columns:
        documents_table(frame, key=key)
