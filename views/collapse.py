"""Collapse: what training again and again on the chosen mix does over generations."""

import streamlit as st

from components import collapse, safe, state
from mixscope import plots
from mixscope.mixing import MixConfig

st.title("Collapse")
st.caption(
    "A simulation of recursive training: a stand-in generator is fitted on the training data, "
    "its output becomes (part of) the next generation's training data, and so on. Each line is "
    "a regime of what the next generation keeps; each panel a metric of the generated data."
)
st.warning(
    "The generators are cheap stand-ins (a smoothed word bigram model, or a Gaussian in "
    "embedding space), not language models: they illustrate the dynamics of the chosen mix, "
    "they do not predict a real model's quality.",
    icon=":material/science:",
)

corpora = state.mix_corpora()
if not corpora or corpora[0].role != "real":
    st.info("Load a real corpus on the Corpora page first.", icon=":material/info:")
    st.stop()
real = corpora[0]
mix: MixConfig | None
try:
    mix = state.mix_config(corpora)
    synthetic = collapse.synthetic_texts(corpora, mix)
except ValueError as err:
    safe.error(f"The current mix cannot be drawn, so its regime is not offered: {err}")
    mix, synthetic = None, None

try:
    config = collapse.controls(real, None if mix is None else mix.synthetic_share)
except ValueError as err:
    safe.error(str(err))
    st.stop()
uses_mix = "mix" in config.chosen
run_key = collapse.run_key(corpora, mix if uses_mix else None, config)
result = collapse.cached(run_key)
if collapse.cancelled():
    st.info("Simulation cancelled.", icon=":material/pause_circle:")
if st.button("Run", key=collapse.RUN, type="primary", icon=":material/play_arrow:"):
    result = collapse.run(run_key, real, synthetic if uses_mix else None, config)
if result is None:
    st.info(
        "Choose the settings and press Run: a thousand documents over five generations take "
        "a few seconds per regime.",
        icon=":material/autorenew:",
    )
    st.stop()

st.plotly_chart(plots.collapse_figure(result.rows, labels=result.labels), width="stretch")
st.caption(collapse.caption(result))
st.dataframe(
    result.summary(),
    hide_index=True,
    width="stretch",
    column_config={
        "start": st.column_config.NumberColumn("generation 0", format="%.4g"),
        "end": st.column_config.NumberColumn("last generation", format="%.4g"),
        "change": st.column_config.NumberColumn(format="%+.4g"),
    },
)
with st.expander("How to read it"):
    st.markdown(
        "- **replace**: each generation trains only on the previous generation's output. "
        "Shumailov et al. (2024), *AI models collapse when trained on recursively generated "
        "data*, Nature: rare events vanish first, then the distribution narrows.\n"
        "- **accumulate**: every earlier generation is kept, the real data included. "
        "Gerstgrasser et al. (2024), *Is Model Collapse Inevitable?*, arXiv:2404.01413: the "
        "error then stays bounded.\n"
        "- **fresh**: a fixed share of real data in every generation. Bertrand et al. (2024), "
        "*On the Stability of Iterative Retraining of Generative Models on their own Data*, "
        "ICLR: stable when the real share is large enough.\n"
        "- **current mix**: your mix's synthetic share of the previous generation's output, "
        "the rest real; the first generation trains on your mix itself.\n\n"
        "Rare words kept (tail retention) is the first to fall; Vendi score and topic-cluster "
        "coverage are measured in the embedding space of generation 0; distinct-2 counts "
        "distinct word bigrams over a fixed budget."
    )
with st.expander("Settings"):
    st.json(result.settings, expanded=False)
