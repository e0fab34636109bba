"""Duplicates: exact, near and semantic duplicates in the mix, and synthetic copies of real."""

import streamlit as st

from components import data, documents, metrics_view, state
from mixscope import evaluation, plots

GROUPS = ("duplication",)
SIDE_BY_SIDE = 3

current = metrics_view.metric_page(
    "Duplicates",
    "Documents that repeat each other inside the mix, and synthetic documents that copy real "
    "ones. Each rate is the share a deduplication would drop.",
    GROUPS,
)

st.subheader("How close each document's nearest neighbour in the mix is")
threshold = current.index.settings.semantic_threshold
similarity = data.mix_neighbor_similarity(current.mix, current.index, current.key)
frame = current.evaluation.documents[["role"]].assign(similarity=similarity)
st.plotly_chart(
    plots.similarity_histogram(
        frame.rename(columns={"role": "group"}),
        threshold=threshold,
        title="cosine similarity to the most similar other document of the mix",
    ),
    width="stretch",
)
st.caption(
    f"Embedding cosine with model {current.index.model_id}; the line is the semantic "
    f"duplicate threshold ({threshold:g}, {current.index.settings.semantic_k} nearest "
    "neighbours searched)."
)

st.subheader("Duplicate clusters in the mix")
kinds = list(evaluation.DUPLICATE_KINDS)
kind = st.radio("Kind", kinds, horizontal=True, key=state.DUPLICATE_KIND)
members = evaluation.duplicate_members(
    current.index, current.ids, current.evaluation.documents, kind
)
if members.empty:
    st.success("No duplicate clusters of this kind in the mix.", icon=":material/check:")
else:
    summary = evaluation.duplicate_summary(members)
    st.dataframe(documents.page(summary, key=state.DUPLICATE_CLUSTER), hide_index=True,
                 width="stretch")  # fmt: skip
    chosen: object = st.selectbox(
        "Show the documents of cluster", summary["cluster"], key=state.DUPLICATE_CLUSTER
    )
    documents.side_by_side(
        members[members["cluster"] == chosen],
        columns=SIDE_BY_SIDE,
        key=state.documents_key("duplicate_members"),
    )

st.subheader("Synthetic copies of real documents")
copies = evaluation.copies_of_real(current.mix, current.index, current.ids)
if copies.empty:
    st.success(
        "No synthetic document of the mix near-duplicates a real document.", icon=":material/check:"
    )
else:
    documents.documents_table(copies, key=state.documents_key("copies_of_real"))
st.caption(
    f"{len(copies):,} pair(s) of a synthetic document of the mix and a real document it "
    f"near-duplicates (MinHash: {current.index.settings.num_perm} permutations, "
    f"{current.index.settings.shingle_size}-word shingles, Jaccard ≥ "
    f"{current.index.settings.jaccard_threshold:g}) against the whole real corpus; "
    "real_in_mix says whether the real original was drawn into the mix too."
)

metrics_view.table(current, GROUPS)
metrics_view.settings_editor(GROUPS)
