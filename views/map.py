"""Map: every document of the pool on a 2-D map, the mix highlighted, and its topic clusters."""

import streamlit as st

from components import documents, metric_session, metrics_view, safe, state
from mixscope import plots
from mixscope.evaluation import (
    CLUSTER_STATUSES,
    MAX_POINTS,
    MIN_EXPECTED,
    OVER_FILLED,
    UNDER_COVERED,
    cluster_examples,
    cluster_summary,
    embedding_map,
    map_points,
)

#: Status of a cluster -> colour of its cell (the metric statuses' colours).
STATUS_COLORS = dict(
    zip(CLUSTER_STATUSES, (plots.STATUS_COLORS[s] for s in ("n/a", "fail", "warn", "pass")),
        strict=True)
)  # fmt: skip
SHARE = st.column_config.NumberColumn(
    format="percent", help="Share of the cluster's documents (in every corpus) from this corpus."
)

st.title("Map")
st.caption(
    "Every document of the loaded corpora on one map of their embeddings (PCA to two "
    "dimensions), computed once for these corpora: changing the mix only changes which points "
    "are bright. Hover a point to read its text."
)
current = metric_session.current()
if current is None:
    st.stop()
assert current is not None  # st.stop() ends the run
metrics_view.settings_caption(current)

color = st.selectbox(
    "Colour by",
    list(plots.MAP_COLOR_BY),
    help="source: the corpus a document comes from; cluster: its topic cluster of the real "
    "corpus; duplicate: in an exact, near or semantic duplicate pair of the pool; group: the "
    "groups it mentions (term lists).",
)
emap = embedding_map(current.index, max_points=MAX_POINTS)
points = map_points(emap, current.index, current.ids)
st.plotly_chart(
    plots.embedding_map_figure(points, color=color, label_clusters=color == "cluster"),
    width="stretch",
)
in_mix = int(points["in_mix"].sum())
if emap.sampled:
    per_corpus = ", ".join(
        f"{part.name} {shown:,} of {total:,}"
        for part, shown, total in zip(current.index.corpora, emap.shown, emap.totals, strict=True)
    )
    st.caption(  # corpus names are user text: escaped, never markdown
        safe.escape_markdown(
            f"Showing {emap.n_shown:,} of {emap.n_pool:,} documents (seeded sample, up to the "
            f"same number per corpus: {per_corpus}); {in_mix:,} of them are in the mix."
        )
    )
else:
    st.caption(f"All {emap.n_pool:,} documents of the pool; {in_mix:,} of them are in the mix.")
st.caption(
    safe.escape_markdown(
        f"Axes: the first two principal components of the unit embeddings "
        f"({sum(emap.explained):.0%} of their variance), model {current.index.model_id}."
    )
)

st.subheader("Topic clusters: what each source holds, and what the mix takes")
summary = cluster_summary(current.index, current.ids)
# what needs attention first: under-covered, over-filled, then the rest (by real share)
first = {"under-covered": 0, "over-filled": 1}
summary = summary.sort_values("status", key=lambda s: s.map(first).fillna(2), kind="stable")
sources = [part.name for part in current.index.corpora]
shown = summary[
    ["cluster", "label", "status", "real_share", "mix_share", "ratio", "pool_n"]
    + [f"pool_share[{name}]" for name in sources]
].rename(columns={f"pool_share[{name}]": f"{name} share" for name in sources})
st.dataframe(
    shown.style.map(
        lambda status: f"color: {STATUS_COLORS.get(status, '#000')}; font-weight: 600",
        subset=["status"],
    ),
    hide_index=True,
    width="stretch",
    column_config={
        "label": st.column_config.TextColumn("distinguishing terms", width="large"),
        "real_share": st.column_config.NumberColumn("share of real", format="percent"),
        "mix_share": st.column_config.NumberColumn("share of mix", format="percent"),
        "ratio": st.column_config.NumberColumn("mix / real", format="%.2f"),
        "pool_n": st.column_config.NumberColumn("documents", help="In every corpus."),
        **{f"{name} share": SHARE for name in sources},
    },
)
counts = summary["status"].value_counts()
st.caption(
    "k-means clusters of the real corpus, named by their top c-TF-IDF terms (Grootendorst "
    f"2022) over every corpus's texts. Under-covered: the mix's share of the cluster is below "
    f"{UNDER_COVERED:g} × the real corpus's; over-filled: above {OVER_FILLED:g} ×; too few to "
    f"judge: neither the mix nor the mix at the real share would hold {MIN_EXPECTED:g} "
    "documents of it. "
    + ", ".join(f"{counts.get(s, 0)} {s}" for s in CLUSTER_STATUSES if counts.get(s, 0))
    + "."
)
with st.expander("Example documents per cluster (nearest its centre, each corpus in turn)"):
    examples = summary[["cluster", "label", "status"]].merge(
        cluster_examples(current.index), on="cluster"
    )
    documents.documents_table(examples.drop(columns="id"), key=state.documents_key("map_examples"))
