"""Bias: which groups the mix mentions, with what sentiment, and where it sits on concept axes."""

import streamlit as st

from components import metrics_view, safe, state
from mixscope import evaluation, plots

GROUPS = ("bias",)

current = metrics_view.metric_page(
    "Bias",
    "The whole mix against the real corpus: how often each social group is mentioned (term "
    "lists), the sentiment of the documents that mention it, and the documents' positions on "
    "concept axes of the embedding space.",
    GROUPS,
)
min_docs = int(current.evaluation.config["min_group_docs"])

st.subheader("Representation of groups")
rule = current.evaluation.settings("group_representation_ratio_min")
representation = evaluation.representation_table(
    current.index,
    current.ids,
    min_docs=min_docs,
    warn=rule["warn"],
    fail=rule["fail"],
    level=float(current.evaluation.config["level"]),
)
st.plotly_chart(
    plots.representation_figure(representation, band=evaluation.FOUR_FIFTHS_BAND),
    width="stretch",
)
too_few = int((representation["status"] == "n/a").sum())
st.caption(
    f"Share of documents mentioning each group in the mix divided by that share in the real "
    f"corpus, with its 95 % interval. Colours are the status by the card's rule: read at the "
    f"interval's upper end, pass from {rule['warn']:g}, fail below {rule['fail']:g}, so a bar "
    f"below the line whose interval reaches it is within sampling noise. Dashed lines: the "
    f"four-fifths rule (0.8) and its mirror (1.25). {too_few} group(s) have fewer than "
    f"{min_docs} mentions in the real corpus and are not judged."
)

st.subheader("Sentiment of documents mentioning each group")
sentiment = evaluation.sentiment_table(current.index, current.ids, min_docs=min_docs)
st.plotly_chart(plots.sentiment_figure(sentiment), width="stretch")
st.caption(
    f"Mean VADER compound sentiment; groups with at least {min_docs} mentioning documents in "
    f"both the real corpus and the mix ({int(sentiment['judged'].sum())} of {len(sentiment)})."
)

st.subheader("Position on concept axes")
axes = sorted(current.index.axis_scores)
if not axes:
    st.info("This index has no concept axes.", icon=":material/info:")
else:
    axis = st.selectbox(
        "Axis", axes, index=axes.index("gender") if "gender" in axes else 0, key=state.BIAS_AXIS
    )
    real, mixed = evaluation.axis_scores(current.index, current.ids, axis)
    st.plotly_chart(plots.axis_distribution_figure(real, mixed, axis=axis), width="stretch")
    st.caption(
        safe.escape_markdown(
            f"Cosine of each document with the {axis} axis direction (anchor phrases of "
            f"mixscope.embed.axes, embedded with {current.index.model_id}); dotted lines: means."
        )
    )

metrics_view.table(current, GROUPS)
metrics_view.settings_editor(GROUPS)
