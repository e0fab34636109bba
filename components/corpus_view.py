"""What the corpora page shows about loaded corpora: the overview table and one corpus' details.

User text (documents, names, columns) only ever reaches the screen through ``st.dataframe``,
``st.text`` or escaped markdown (:mod:`components.safe`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from components import data, documents, progress, state
from mixscope.corpus import Corpus
from mixscope.embed.progress import progress_parts

SAMPLE_SIZE = 10
STATS = ("mean", "median", "min", "max", "p95")
HASH_CHARS = 12


#: Column widths of the overview table, so the embedding status stays visible.
OVERVIEW_COLUMNS = {
    "origin": st.column_config.TextColumn(width="medium"),
    "content hash": st.column_config.TextColumn(width="small"),
    "embeddings": st.column_config.TextColumn(help="For the model chosen in the sidebar."),
    "not English": st.column_config.NumberColumn(
        format="percent",
        help="Documents detected (py3langid) in another language. The group term lists and "
        "VADER read English only: their metrics are marked partial above 20 %.",
    ),
}


def overview(corpora: Sequence[Corpus], model: str) -> pd.DataFrame:
    """One row per corpus: name, role, counts, text column, origin, short hash, embeddings."""
    return pd.DataFrame(
        {
            "name": [c.name for c in corpora],
            "role": [c.role for c in corpora],
            "documents": [len(c) for c in corpora],
            "dropped": [len(c.dropped) for c in corpora],
            "text column": [c.text_column for c in corpora],
            "format": [c.format for c in corpora],
            "origin": [c.origin for c in corpora],
            "content hash": [c.content_hash[:HASH_CHARS] for c in corpora],
            "not English": non_english(corpora),
            "embeddings": [data.embedding_status(c, model) for c in corpora],
        }
    )


def non_english(corpora: Sequence[Corpus]) -> list[float]:
    """Each corpus's share of non-English documents; languages not detected yet in this
    process are (or are read from the index store) under a progress bar."""
    shares = [data.cached_non_english(c) for c in corpora]
    missing = [c for c, share in zip(corpora, shares, strict=True) if share is None]
    if not missing:
        return [float(share) for share in shares if share is not None]
    bar = progress.ProgressBar("Detected the language of", "documents", cancel_key=None)
    for corpus, report in zip(missing, progress_parts(bar, [len(c) for c in missing]), strict=True):
        data.non_english(corpus, progress=report)
    bar.close()
    return [data.non_english(c) for c in corpora]


def length_table(summary: dict[str, object]) -> pd.DataFrame:
    """Length statistics of the normalised texts: rows chars / words, columns mean ... p95."""
    rows = {unit: summary[unit] for unit in ("chars", "words")}
    return pd.DataFrame.from_dict(rows, orient="index")


def dropped_table(summary: dict[str, object]) -> pd.DataFrame:
    """Dropped rows counted by reason."""
    reasons = summary["dropped_by_reason"]
    assert isinstance(reasons, dict)
    return pd.DataFrame({"reason": list(reasons), "rows": list(reasons.values())})


def details(corpus: Corpus) -> None:
    """Counts, dropped rows by reason (and the rows), length statistics and a sample."""
    summary = data.summary(corpus)
    columns = st.columns(4)
    columns[0].metric("Documents", f"{len(corpus):,}")
    columns[1].metric("Dropped rows", f"{len(corpus.dropped):,}")
    columns[2].metric("Metadata columns", len(corpus.metadata_columns))
    columns[3].metric("Role", corpus.role)
    left, right = st.columns(2)
    with left:
        st.markdown("**Length of the normalised texts**")
        st.dataframe(
            length_table(summary),
            width="stretch",
            column_config={"_index": st.column_config.TextColumn("unit")}
            | {stat: st.column_config.NumberColumn(format="%.1f") for stat in STATS},
        )
    with right:
        st.markdown("**Dropped rows by reason**")
        if len(corpus.dropped):
            st.dataframe(dropped_table(summary), hide_index=True, width="stretch")
        else:
            st.caption("No rows were dropped.")
    with st.expander(f"Dropped rows ({len(corpus.dropped):,})"):
        dropped = documents.page(corpus.dropped, key=f"dropped_{corpus.name}")
        st.dataframe(dropped, hide_index=True, width="stretch")
    st.markdown(f"**Sample of {min(SAMPLE_SIZE, len(corpus))} documents** (seeded)")
    documents.documents_table(sample(corpus), key=state.documents_key(f"sample_{corpus.name}"))
    st.button(
        "Remove this corpus",
        key=state.remove_key(corpus.name),
        icon=":material/delete:",
        on_click=state.remove,
        args=(corpus.name,),
    )


def sample(corpus: Corpus) -> pd.DataFrame:
    """Up to ``SAMPLE_SIZE`` documents drawn with a fixed seed, in corpus order."""
    n = min(SAMPLE_SIZE, len(corpus))
    return corpus.documents.sample(n=n, random_state=0).sort_index()
