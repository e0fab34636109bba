"""What the mix page shows about a drawn mix: headline numbers, counts table, a sample."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from mixscope.mixing import Mix

SAMPLE_SIZE = 20


def headline(counts: pd.DataFrame) -> None:
    """Documents in the mix, how many are synthetic, and the share they make up."""
    total = int(counts["n"].sum())
    synthetic = int(counts.loc[counts["role"] == "synthetic", "n"].sum())
    columns = st.columns(3)
    columns[0].metric("Documents", f"{total:,}")
    columns[1].metric("Synthetic documents", f"{synthetic:,}")
    columns[2].metric("Synthetic share", f"{synthetic / total:.1%}" if total else "n/a")


def counts_table(counts: pd.DataFrame) -> None:
    """``Mix.counts()`` with the share shown as a percentage."""
    st.dataframe(
        counts,
        hide_index=True,
        width="stretch",
        column_config={
            "n": st.column_config.NumberColumn("documents", format="%d"),
            "share": st.column_config.NumberColumn("share", format="percent"),
        },
    )


def sample(result: Mix) -> pd.DataFrame:
    """Up to ``SAMPLE_SIZE`` mixed documents drawn with a fixed seed, in drawn order.

    Not sorted: the mix lists real documents first, so a sorted sample would look all real.
    """
    documents = result.documents()
    return documents.sample(n=min(SAMPLE_SIZE, len(documents)), random_state=0)
