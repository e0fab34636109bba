"""Decide: how the mix's health moves with the synthetic share, and the share to choose."""

import streamlit as st

from components import decide, decide_view, metric_session, safe, state
from mixscope import plots
from mixscope.decide import recommend
from mixscope.decide.curves import sweep_curves
from mixscope.evaluation import GROUPS

st.title("Decide")
st.caption(
    "The mix's metrics at every synthetic share from 0 to 100 % (same size, mode, weights, "
    "sampling and seed as on the Mix page), and the largest share at which every guardrail "
    "holds on the pessimistic end of its interval."
)
current = metric_session.current()
if current is None:
    st.stop()
corpora = state.mix_corpora()
config = current.mix.config

with st.expander("Guardrails: the bounds the recommendation keeps"):
    rails = decide.guardrails_editor()
result = decide.share_sweep(current, corpora, config, rails)
if result is None:
    st.stop()

chosen = recommend(result, rails)
if decide_view.recommendation(chosen, config.synthetic_share):
    state.apply_mix(chosen.share or 0.0, None, corpora)
    st.switch_page("views/mix.py")
for share, why in result.skipped.items():
    safe.error(f"Share {share:g} was not evaluated: {why}")

synthetic = [c for c in corpora if c.role == "synthetic"]
if synthetic:
    st.subheader("Each synthetic source alone")
    decide_view.source_verdicts(decide.verdicts(current, corpora, config))

st.subheader("Metrics over the share")
curves = sweep_curves(result, rails)
groups = [g for g in GROUPS if g in set(curves["group"])]
for tab, group in zip(st.tabs([g.capitalize() for g in groups]), groups, strict=True):
    figure = plots.sweep_figure(curves[curves["group"] == group], current=config.synthetic_share,
                                recommended=chosen.share)  # fmt: skip
    tab.plotly_chart(figure, width="stretch", key=f"sweep_{group}")
st.caption(
    "Line: the value at each share (points coloured by status); band: its interval; dashed: "
    "the guardrail's bound; dotted grey: the current share; green: the recommended share. "
    "Diversity is shown as a ratio to the real-only mix at the same size."
)

if len(synthetic) > 1:
    st.subheader("Weights of the synthetic sources")
    choice = decide.weight_search(current, corpora, config, rails)
    if choice is not None and decide_view.weights(choice, corpora):
        state.apply_mix(choice.recommendation.share or 0.0, choice.weights, corpora)
        st.switch_page("views/mix.py")

if synthetic:
    st.subheader("Which source causes what (current mix)")
    decide_view.attribution(decide.attribution(current, corpora, config))

st.subheader("Why these guardrails")
decide_view.evidence(rails)
