"""How the Decide page shows a decision: the recommendation with its apply button, the source
verdicts, the weight search, the attribution table and the evidence."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from components import safe, state
from components.metrics_view import status_table
from mixscope.corpus import Corpus
from mixscope.decide import Recommendation
from mixscope.decide.attribution import Attribution
from mixscope.decide.evidence import CAVEAT, GUARDRAIL_EVIDENCE, STUDIES
from mixscope.decide.guardrails import Guardrail
from mixscope.decide.weights import WeightChoice
from mixscope.evaluation import REGISTRY


def recommendation(chosen: Recommendation, current_share: float) -> bool:
    """The recommended share, the binding guardrail and margin, the reason; True when the
    user clicks to apply it."""
    with st.container(border=True):
        left, right = st.columns([1, 3])
        shown = "none above 0" if chosen.share is None else f"{chosen.share:.0%}"
        points = None if chosen.share is None else round(100 * (chosen.share - current_share))
        delta = None if points is None else f"{points:+d} points vs now"
        left.metric("Recommended synthetic share", shown, delta=delta, delta_color="off")
        binding = REGISTRY[chosen.binding].label if chosen.binding else "none"
        margin = "" if chosen.margin is None else f", margin {chosen.margin:+.3g}"
        right.markdown(f"**Binding guardrail:** {binding}{margin}")
        right.markdown(safe.escape_markdown(chosen.reason))  # registry words and numbers
        if chosen.share is None or chosen.share == current_share:
            return False
        return left.button(f"Apply {chosen.share:.0%} to the mix", key=state.APPLY,
                           type="primary", icon=":material/check:")  # fmt: skip


def source_verdicts(table: pd.DataFrame) -> None:
    """Fidelity of each synthetic source alone, one row per source and metric."""
    st.caption(
        "How real each synthetic source looks, measured alone and judged against real text at "
        "the same size. This does not depend on the share, so it is not a guardrail: a source "
        "that fails here is better fixed or dropped than diluted."
    )
    shown = table[["source", "metric", "value", "ci_low", "ci_high", "noise_floor", "status",
                   "n_documents"]]  # fmt: skip
    st.dataframe(status_table(shown), hide_index=True, width="stretch")


def weights(choice: WeightChoice, corpora: Sequence[Corpus]) -> bool:
    """The recommended weights, each source's cost and every candidate; True to apply them."""
    names = [c.name for c in corpora if c.role == "synthetic"]
    rec = choice.recommendation
    shown = ", ".join(f"{name} {w:.0%}" for name, w in zip(names, choice.weights, strict=True))
    share = "no share above 0" if rec.share is None else f"share {rec.share:.0%}"
    st.markdown(f"**Recommended weights:** {safe.escape_markdown(shown)} ({share})")
    if choice.costliest:
        st.markdown(f"**Costliest source:** {safe.escape_markdown(choice.costliest)}: leaving it "
                    "out allows the largest gain in share.")  # fmt: skip
    st.dataframe(choice.costs, hide_index=True, width="stretch")
    with st.expander(f"Every weighting tried ({len(choice.candidates)})"):
        st.dataframe(choice.candidates, hide_index=True, width="stretch")
    if rec.share is None:
        return False
    return st.button(f"Apply these weights and share {rec.share:.0%}", key=state.APPLY_WEIGHTS,
                     icon=":material/check:")  # fmt: skip


def attribution(result: Attribution) -> None:
    """Per metric, the whole mix against each source left out and kept alone."""
    table = result.table
    wide = table.pivot_table(index="metric", columns="variant", values="value", sort=False)
    variants = list(dict.fromkeys(table["variant"]))
    wide = wide[[v for v in variants if v in wide.columns]]
    costliest = result.costliest().set_index("metric")["source"]
    wide.insert(0, "label", [REGISTRY[m].label for m in wide.index])
    wide["helped most by leaving out"] = [costliest.get(m, "") for m in wide.index]
    st.dataframe(wide, width="stretch")
    st.caption(
        "Values of the current mix (all), then with each synthetic source left out and with "
        "each kept alone, at the same share, size and seed. The last column names the source "
        "whose removal moves the metric furthest toward its goal."
    )
    for variant, why in result.skipped.items():
        safe.error(f"{variant}: not drawn ({why})")


def evidence(rails: Sequence[Guardrail]) -> None:
    """Why each guardrail, what studies say about shares, and the caveat."""
    st.warning(CAVEAT, icon=":material/info:")
    lines = []
    for rail in rails:
        metric = REGISTRY[rail.metric]
        why = GUARDRAIL_EVIDENCE.get(rail.metric, metric.why)
        # the source may come from the user's guardrails file: shown literally
        source = safe.escape_markdown(rail.source)
        lines.append(f"- **{metric.label}**, keep {rail.keep} {rail.bound:g} (bound from: "
                     f"{source}). {safe.escape_markdown(why)}")  # fmt: skip
    st.markdown("\n".join(lines))
    st.markdown("**What studies of synthetic shares found**")
    for study in STUDIES:
        st.markdown(f"- {study.finding} *{study.citation}*")
