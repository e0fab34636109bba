"""Mix: choose the synthetic share, size, weights, mode, strategy and seed; see and export it."""

import streamlit as st

from components import (
    data,
    documents,
    metric_session,
    metrics_view,
    mix_controls,
    mix_view,
    report_view,
    review,
    safe,
    spec_io,
    state,
)
from mixscope import plots

st.title("Mix")
st.caption(
    "A mix is a table of picks over the loaded corpora: which documents of each source go in."
)
# The verdict (or the button that computes the embeddings it needs) comes first, above the
# controls, so it is seen without scrolling; it is filled once the mix is drawn.
top = st.container()
corpora = mix_controls.choose_corpora()
try:
    config = mix_controls.config(corpora)
    result = data.mixed(corpora, config)
except ValueError as err:  # MixConfig and mix say what is wrong with the request
    safe.error(str(err))
    st.stop()

counts = result.counts()
st.subheader("Composition")
mix_view.headline(counts)
chart, table = st.columns([3, 2])
chart.plotly_chart(plots.composition_figure(counts), width="stretch")
with table:
    mix_view.counts_table(counts)

downloads = st.container(horizontal=True)
mix_view.csv_buttons(downloads, result)

st.subheader("Sample of the mixed documents")
documents.documents_table(mix_view.sample(result), key=state.documents_key("mix_sample"))

st.subheader("Health metrics")
st.caption(
    "Every metric with its status against the thresholds (editable below) and its change "
    "against the real-only mix. The Diversity, Duplicates, Fidelity and Bias pages show the "
    "details."
)
with top:
    current = metric_session.evaluate(corpora, result)
    if current is not None:
        metrics_view.verdict(current)
metrics_view.settings_editor()
if current is None:
    st.caption("The metrics appear here once the embeddings are computed (button at the top).")
else:
    metrics_view.settings_caption(current)
    metrics_view.cards(current)
    metrics_view.table(current)
mix_view.findings_button(downloads, current)
mix_view.manifest_button(downloads, result, current)
report_view.report_button(downloads, result, current)
downloads.download_button(
    "Download mix spec",
    data=spec_io.spec_toml(corpora, result.config),
    file_name="mix.toml",
    mime="application/toml",
    icon=":material/description:",
    on_click="ignore",
    help="A TOML file that describes this mix: `mixscope mix --spec mix.toml --out mix.csv` "
    "draws it again, and the Corpora page opens it.",
)
review.save_form(corpora, result, current)
