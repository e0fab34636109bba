"""What the mix page shows about a drawn mix: headline numbers, counts table, a sample."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import pandas as pd
import streamlit as st

from components import data, review
from mixscope.mixing import Mix

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator

    from components.metric_session import Evaluated

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


#: The other formats the mix downloads in, with their media types.
FILE_FORMATS = {
    "parquet": ("Parquet", "application/vnd.apache.parquet"),
    "jsonl": ("JSONL", "application/jsonl"),
}


def csv_buttons(downloads: DeltaGenerator, result: Mix) -> None:
    """The mix as byte-exact CSV (training data) and as a CSV for spreadsheets."""
    downloads.download_button(
        "Download mix CSV",
        data=lambda: data.mix_csv(result),
        file_name="mix.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        help="Every document exactly as loaded (UTF-8): the file to train on.",
    )
    downloads.download_button(
        "Download CSV for spreadsheets",
        data=lambda: data.spreadsheet_csv(result),
        file_name="mix_for_spreadsheets.csv",
        mime="text/csv",
        icon=":material/table_view:",
        on_click="ignore",
        help="For Excel and other spreadsheets: UTF-8 with a byte-order mark, and cells "
        "starting with =, +, -, @, tab or ' prefixed with ' so they are not run as formulas. "
        "This changes the text: do not train on this file.",
    )
    with downloads.popover("Parquet, JSONL", icon=":material/download:"):
        for fmt, (label, mime) in FILE_FORMATS.items():
            st.download_button(
                f"Download mix {label}",
                data=functools.partial(data.mix_file, result, fmt),
                file_name=f"mix.{fmt}",
                mime=mime,
                on_click="ignore",
                help="Every document exactly as loaded, columns typed as read.",
            )


def findings_button(downloads: DeltaGenerator, current: Evaluated | None) -> None:
    """The mix with each document's findings as columns, once the metrics are computed."""
    help_ = (
        "The mix CSV (exact text) with each document's findings as columns: exact duplicate, "
        "near and semantic duplicate of (a row of this file, -1 for none), cross-source "
        "duplicate, nearest real similarity, topic cluster, groups, sentiment, words."
    )
    if current is None:
        downloads.download_button(
            "Download mix with findings (CSV)",
            data=b"",
            file_name="mix_findings.csv",
            disabled=True,
            icon=":material/fact_check:",
            help=help_ + " Available once the metrics are computed (button at the top).",
        )
        return
    downloads.download_button(
        "Download mix with findings (CSV)",
        data=lambda: data.findings_csv(current.mix, current.index, current.key),
        file_name="mix_findings.csv",
        mime="text/csv",
        icon=":material/fact_check:",
        on_click="ignore",
        help=help_,
    )


def manifest_button(downloads: DeltaGenerator, result: Mix, current: Evaluated | None) -> None:
    """The manifest download in ``downloads``: with the model and metrics once evaluated."""
    model, metrics = (None, None) if current is None else (current.key[0][1], current.evaluation)

    def manifest() -> str:  # built on click: it reads the review store
        found = review.review_of(list(result.corpora), result)
        return data.manifest_json(result, model=model, metrics=metrics, review=found)

    downloads.download_button(
        "Download manifest (JSON)",
        data=manifest,
        file_name="mix_manifest.json",
        mime="application/json",
        icon=":material/description:",
        on_click="ignore",
        help="Inputs (names and hashes), mix settings, counts, package versions, the review "
        "status when the mix was saved and, once the metrics are computed, the embedding model "
        "and every metric with its status.",
    )
