"""Fidelity: does the synthetic part of the mix look like the real corpus?"""

import streamlit as st

from components import documents, metrics_view, state
from mixscope import evaluation, plots

GROUPS = ("fidelity",)

current = metrics_view.metric_page(
    "Fidelity",
    "The synthetic documents of the mix against the real corpus: realism (precision, "
    "density), how much of the real variety they reach (recall, coverage), and the gap "
    "between the two distributions (MAUVE, Fréchet distance). Each is compared with half of "
    "the real corpus and judged against the other half's real documents at the same size, "
    "so 50 synthetic documents are held to what 50 real ones reach.",
    GROUPS,
)

st.subheader("Similarity to the nearest real document")
threshold = current.index.settings.semantic_threshold
st.plotly_chart(
    plots.similarity_histogram(
        evaluation.nearest_real_table(current.evaluation.documents),
        threshold=threshold,
        title="cosine similarity to the nearest (other) real document",
    ),
    width="stretch",
)
st.caption(
    f"Real documents are compared with the nearest *other* real document, synthetic ones with "
    f"the nearest real document (model {current.index.model_id}). Synthetic documents far "
    f"right of the real ones restate real text; the line is the semantic duplicate threshold "
    f"({threshold:g})."
)
st.markdown("**Synthetic documents closest to a real one**")
documents.documents_table(
    evaluation.most_real_like(current.index, current.ids, current.evaluation.documents),
    key=state.documents_key("most_real_like"),
)

metrics_view.table(current, GROUPS)
metrics_view.settings_editor(GROUPS)
