"""Diversity: how varied the mix is, and which topics of the real corpus it keeps."""

import streamlit as st

from components import metrics_view
from mixscope import evaluation, plots

GROUPS = ("diversity",)

current = metrics_view.metric_page(
    "Diversity",
    "How many distinct documents the mix is worth, how repetitive its wording is, and which "
    "topic clusters of the real corpus it still reaches.",
    GROUPS,
)

st.subheader("Topic clusters: real corpus against the mix")
clusters = evaluation.cluster_table(current.index, current.ids)
missing = clusters[clusters["missing"]]
st.plotly_chart(plots.cluster_coverage_figure(clusters), width="stretch")
st.caption(
    f"k-means clusters fitted on the real corpus's embeddings "
    f"({len(clusters)} clusters); the mix's documents are assigned to the nearest centroid. "
    f"{len(missing)} cluster(s) of the real corpus have no document in the mix."
)
if len(missing):
    with st.expander(f"Clusters missing from the mix ({len(missing)})"):
        st.dataframe(missing, hide_index=True, width="stretch")

metrics_view.table(current, GROUPS)
metrics_view.settings_editor(GROUPS)
