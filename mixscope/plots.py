"""Tidy DataFrames in, plotly Figures out; nothing is displayed here (the app renders them)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from mixscope.metrics.bias import FOUR_FIFTHS
from mixscope.metrics.groups import mention_shares
from mixscope.metrics.registry import REGISTRY

#: One colour per role, so a chart reads "blue = human, orange = generated" everywhere.
ROLE_COLORS = {"real": "#3b6fb6", "synthetic": "#e08a2c"}
COUNTS_COLUMNS = ("source", "role", "n", "share")


def composition_figure(counts: pd.DataFrame) -> go.Figure:
    """Horizontal bars of how many documents each source contributes to a mix.

    Parameters
    ----------
    counts : DataFrame
        ``Mix.counts()``: one row per source with columns ``source``, ``role``, ``n`` and
        ``share`` (fraction of the mix, 0-1).

    Returns
    -------
    plotly Figure
        One bar per source, coloured by role and labelled ``n (share %)``; sources keep the
        order of ``counts`` from top to bottom.

    Raises
    ------
    ValueError
        If a required column is missing.

    Examples
    --------
    >>> counts = pd.DataFrame({"source": ["human", "gen"], "role": ["real", "synthetic"],
    ...                        "n": [75, 25], "share": [0.75, 0.25]})
    >>> [trace.name for trace in composition_figure(counts).data]
    ['real', 'synthetic']
    """
    missing = [c for c in COUNTS_COLUMNS if c not in counts.columns]
    if missing:
        raise ValueError(
            f"counts needs columns {list(COUNTS_COLUMNS)}, missing {missing} "
            f"(got {list(counts.columns)})"
        )
    figure = go.Figure()
    for role, color in ROLE_COLORS.items():
        rows = counts[counts["role"] == role]
        if rows.empty:
            continue
        figure.add_trace(
            go.Bar(
                x=rows["n"].tolist(),
                y=rows["source"].tolist(),
                orientation="h",
                name=role,
                marker_color=color,
                text=[_bar_label(n, s) for n, s in zip(rows["n"], rows["share"], strict=True)],
                textposition="auto",
                hovertemplate="%{y}: %{x} documents<extra>" + role + "</extra>",
            )
        )
    if int(counts["n"].sum()) == 0:
        figure.add_annotation(
            text="The mix is empty", showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper"
        )
    return _layout(figure, sources=counts["source"].tolist())


def _bar_label(n: int, share: float) -> str:
    return f"{int(n)} ({share:.1%})"


def _layout(figure: go.Figure, *, sources: list[str]) -> go.Figure:
    figure.update_layout(
        xaxis_title="documents in the mix",
        yaxis={"categoryorder": "array", "categoryarray": sources[::-1], "title": None},
        legend_title_text="role",
        bargap=0.35,
        height=max(180, 60 * len(sources) + 100),
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
    )
    return figure


# --- metric results -------------------------------------------------------------------------

#: Status -> colour (cards, tables and chart marks agree).
STATUS_COLORS = {"pass": "#2e7d32", "warn": "#ef8f00", "fail": "#c62828", "n/a": "#9e9e9e"}
#: st.metric's delta_color per goal: a rise is good (normal), bad (inverse) or neither (off).
DELTA_COLORS = {"higher": "normal", "lower": "inverse", "target": "off"}
#: Charts of the real corpus against the mix: the reference in grey, the mix in colour.
REFERENCE_COLOR = "#9aa5b1"
MIX_COLOR = "#6a3d9a"
TABLE_COLUMNS = ("metric", "group", "value", "status", "settings")


def format_value(value: float, unit: str) -> str:
    """A metric value for display: shares as percentages, others to 4 significant digits.

    Examples
    --------
    >>> format_value(0.0123, "share of documents"), format_value(86.154, "bits")
    ('1.2%', '86.15')
    >>> format_value(float("nan"), "bits")
    'n/a'
    """
    if not math.isfinite(value):
        return "n/a"
    return f"{value:.1%}" if unit.startswith("share") else f"{value:.4g}"


def format_delta(delta: float, unit: str) -> str | None:
    """A change for display (percentage points for shares); None when there is none.

    Examples
    --------
    >>> format_delta(0.015, "share of documents"), format_delta(-2.5, "bits")
    ('+1.5 pp', '-2.5')
    """
    if not math.isfinite(delta):
        return None
    return f"{delta * 100:+.1f} pp" if unit.startswith("share") else f"{delta:+.3g}"


def metric_cards(table: pd.DataFrame, baseline: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per metric with what a card shows: value, delta against a baseline, status.

    Parameters
    ----------
    table : DataFrame
        ``Evaluation.table`` (columns ``metric, group, value, status, settings``, ...).
    baseline : DataFrame, optional
        ``Evaluation.table`` of the mix to compare with (e.g. the real-only mix).

    Returns
    -------
    DataFrame with columns ``metric, group, value, baseline, delta, shown, delta_shown, status,
    delta_color, unit, goal, description, settings`` in the order of ``table``.

    Examples
    --------
    >>> table = pd.DataFrame({"metric": ["exact_duplicate_rate"], "group": ["duplication"],
    ...                       "value": [0.03], "status": ["warn"], "settings": ["{}"]})
    >>> base = table.assign(value=[0.01], status=["pass"])
    >>> cards = metric_cards(table, base)
    >>> cards[["shown", "delta_shown", "status", "delta_color"]].iloc[0].tolist()
    ['3.0%', '+2.0 pp', 'warn', 'inverse']
    """
    _require(table, TABLE_COLUMNS, "table")
    cards = table[list(TABLE_COLUMNS)].reset_index(drop=True).copy()
    entries = [REGISTRY.get(str(name)) for name in cards["metric"]]
    cards["unit"] = [e.unit if e else "" for e in entries]
    cards["goal"] = [e.goal if e else "target" for e in entries]
    cards["description"] = [e.description if e else "" for e in entries]
    base = baseline.set_index("metric")["value"] if baseline is not None else pd.Series()
    cards["baseline"] = cards["metric"].map(base).astype(float)
    cards["delta"] = cards["value"] - cards["baseline"]
    cards["shown"] = [
        format_value(v, u) for v, u in zip(cards["value"], cards["unit"], strict=True)
    ]
    # object dtype: None must stay None (a string column would turn it into NaN, shown "nan")
    cards["delta_shown"] = pd.Series(
        [format_delta(d, u) for d, u in zip(cards["delta"], cards["unit"], strict=True)],
        dtype=object,
    )
    cards["delta_color"] = cards["goal"].map(DELTA_COLORS)
    order = ["metric", "group", "value", "baseline", "delta", "shown", "delta_shown", "status",
             "delta_color", "unit", "goal", "description", "settings"]  # fmt: skip
    return cards[order]


def _require(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{name} needs columns {list(columns)}, missing {missing} (got {list(frame.columns)})"
        )


# --- diversity: topic clusters --------------------------------------------------------------


def cluster_table(
    real_labels: np.ndarray, mix_labels: np.ndarray, *, n_clusters: int
) -> pd.DataFrame:
    """Documents per topic cluster in the real corpus and in the mix.

    Returns
    -------
    DataFrame with columns ``cluster, real_n, mix_n, real_share, mix_share, missing``, one row
    per cluster, sorted by real share (largest first); ``missing`` marks clusters the real
    corpus has and the mix lacks.

    Examples
    --------
    >>> cluster_table(np.array([0, 0, 1, 2]), np.array([0, 2]), n_clusters=3)["missing"].tolist()
    [False, True, False]
    """
    real = np.bincount(np.asarray(real_labels, dtype=np.int64), minlength=n_clusters)
    mixed = np.bincount(np.asarray(mix_labels, dtype=np.int64), minlength=n_clusters)
    if len(real) != n_clusters or len(mixed) != n_clusters:
        raise ValueError(
            f"labels must be in [0, {n_clusters}), got up to {max(len(real), len(mixed)) - 1}"
        )
    table = pd.DataFrame({"cluster": np.arange(n_clusters), "real_n": real, "mix_n": mixed})
    table["real_share"] = real / max(real.sum(), 1)
    table["mix_share"] = mixed / max(mixed.sum(), 1)
    table["missing"] = (table["real_n"] > 0) & (table["mix_n"] == 0)
    return table.sort_values(["real_share", "cluster"], ascending=[False, True], ignore_index=True)


def cluster_coverage_figure(table: pd.DataFrame) -> go.Figure:
    """Share of documents per topic cluster, real corpus against the mix; missing ones marked.

    Parameters
    ----------
    table : DataFrame
        :func:`cluster_table`.

    Returns
    -------
    plotly Figure with a ``real corpus`` and a ``mix`` bar trace (clusters in table order) and a
    ``missing in the mix`` marker trace at the clusters the mix lacks.
    """
    _require(table, ("cluster", "real_share", "mix_share", "missing"), "table")
    x = [f"c{c}" for c in table["cluster"]]
    figure = go.Figure()
    for name, column, color in (("real corpus", "real_share", REFERENCE_COLOR),
                                ("mix", "mix_share", MIX_COLOR)):  # fmt: skip
        figure.add_trace(
            go.Bar(
                x=x,
                y=table[column].tolist(),
                name=name,
                marker_color=color,
                hovertemplate="%{x}: %{y:.1%}<extra>" + name + "</extra>",
            )
        )
    gone = table[table["missing"]]
    figure.add_trace(
        go.Scatter(
            x=[f"c{c}" for c in gone["cluster"]],
            y=gone["real_share"].tolist(),
            mode="markers+text",
            name="missing in the mix",
            marker={"symbol": "x", "size": 11, "color": STATUS_COLORS["fail"]},
            text=["missing"] * len(gone),
            textposition="top center",
        )
    )
    figure.update_layout(
        barmode="group", xaxis_title="topic cluster of the real corpus (largest first)",
        yaxis={"title": "share of documents", "tickformat": ".0%"},
        height=380, margin={"l": 10, "r": 10, "t": 30, "b": 40}, legend_orientation="h",
    )  # fmt: skip
    return figure


# --- duplicates and fidelity: similarity to a neighbour -------------------------------------


def similarity_histogram(
    frame: pd.DataFrame, *, threshold: float, title: str, colors: Mapping[str, str] | None = None
) -> go.Figure:
    """Histogram of cosine similarities per group of documents, with the threshold line.

    Parameters
    ----------
    frame : DataFrame
        Columns ``similarity`` (float; NaN rows are left out) and ``group`` (e.g. the role).
    threshold : float
        Drawn as a vertical line, labelled with the number of documents at or above it.
    title : str
        Title of the x axis (what the similarity is to).
    colors : mapping group -> colour, optional
        Default :data:`ROLE_COLORS` (others get plotly's defaults).

    Returns
    -------
    plotly Figure with one histogram trace per group (first-appearance order), percentages of
    the group's documents, 50 bins on [min(0, lowest), 1].
    """
    _require(frame, ("similarity", "group"), "frame")
    palette = ROLE_COLORS if colors is None else colors
    valid = frame[frame["similarity"].notna()]
    low = min(0.0, float(valid["similarity"].min())) if len(valid) else 0.0
    figure = go.Figure()
    for group, rows in valid.groupby("group", sort=False):
        figure.add_trace(
            go.Histogram(
                x=rows["similarity"].tolist(), name=str(group), histnorm="percent",
                xbins={"start": low, "end": 1.0, "size": (1.0 - low) / 50},
                marker_color=palette.get(str(group)), opacity=0.65,
            )
        )  # fmt: skip
    above = int((valid["similarity"] >= threshold).sum())
    figure.add_vline(
        x=threshold, line_dash="dash", line_color=STATUS_COLORS["fail"],
        annotation_text=f"threshold {threshold:g}: {above:,} at or above",
        annotation_position="top left",
    )  # fmt: skip
    figure.update_layout(
        barmode="overlay", xaxis_title=title, yaxis_title="% of the group's documents",
        height=360, margin={"l": 10, "r": 10, "t": 40, "b": 40}, legend_orientation="h",
    )  # fmt: skip
    return figure


# --- bias: groups, sentiment, concept axes --------------------------------------------------

#: Representation ratios outside [0.8, 1.25] fail the four-fifths rule (and its mirror).
FOUR_FIFTHS_BAND = (FOUR_FIFTHS, 1 / FOUR_FIFTHS)


def representation_table(
    mix_mentions: pd.DataFrame, real_mentions: pd.DataFrame, *, min_docs: int
) -> pd.DataFrame:
    """Per group: share of documents mentioning it in the mix relative to the real corpus.

    The rule of the ``group_representation_ratio_min`` metric: groups mentioned by fewer than
    ``min_docs`` real documents are not judged (``status`` "too few mentions", ratio NaN); a
    judged group the mix never mentions has ratio 0. The smallest ratio is the metric's value.

    Returns
    -------
    DataFrame with columns ``axis, group, label, mix_n, real_n, mix_share, real_share, ratio,
    status`` (status "too few mentions", "under-represented", "over-represented" or "ok").

    Examples
    --------
    >>> from mixscope.metrics.groups import group_mentions
    >>> mix = group_mentions(["she"] * 3 + ["he"] * 7)
    >>> real = group_mentions(["she"] * 5 + ["he"] * 5)
    >>> t = representation_table(mix, real, min_docs=5).set_index("label")
    >>> t.loc[["gender:women", "gender:men", "gender:non-binary"], "status"].tolist()
    ['under-represented', 'over-represented', 'too few mentions']
    """
    if min_docs < 1:
        raise ValueError(f"min_docs must be >= 1, got {min_docs!r}")
    mix, real = mention_shares(mix_mentions), mention_shares(real_mentions)
    if mix["group"].tolist() != real["group"].tolist():
        raise ValueError("mix_mentions and real_mentions must have the same group columns")
    table = mix[["axis", "group"]].assign(
        label=mix["axis"] + ":" + mix["group"], mix_n=mix["n_docs"], real_n=real["n_docs"],
        mix_share=mix["share_of_docs"], real_share=real["share_of_docs"],
    )  # fmt: skip
    judged = table["real_n"] >= min_docs
    table["ratio"] = (table["mix_share"] / table["real_share"]).where(judged)
    low, high = FOUR_FIFTHS_BAND
    table["status"] = np.select(
        [~judged, table["ratio"] < low, table["ratio"] > high],
        ["too few mentions", "under-represented", "over-represented"],
        default="ok",
    )
    return table


_REPRESENTATION_COLORS = {
    "ok": STATUS_COLORS["pass"], "under-represented": STATUS_COLORS["fail"],
    "over-represented": STATUS_COLORS["warn"], "too few mentions": STATUS_COLORS["n/a"],
}  # fmt: skip


def representation_figure(table: pd.DataFrame) -> go.Figure:
    """Horizontal bars of each group's representation ratio, with the four-fifths lines.

    Parameters
    ----------
    table : DataFrame
        :func:`representation_table`.

    Returns
    -------
    plotly Figure with one bar trace per status present; groups with too few mentions get a
    grey "too few mentions" label at 0 instead of a bar. Lines at 0.8, 1 and 1.25.
    """
    _require(table, ("label", "ratio", "status", "mix_n", "real_n"), "table")
    figure = go.Figure()
    for status, color in _REPRESENTATION_COLORS.items():
        rows = table[table["status"] == status]
        if rows.empty:
            continue
        few = status == "too few mentions"
        figure.add_trace(
            go.Bar(
                x=[0.0] * len(rows) if few else rows["ratio"].tolist(), y=rows["label"].tolist(),
                orientation="h", name=status, marker_color=color,
                text=["too few mentions"] * len(rows) if few else None,
                textposition="outside" if few else "none",
                customdata=rows[["mix_n", "real_n"]].to_numpy(),
                hovertemplate="%{y}: ratio %{x:.2f} (mix %{customdata[0]} / real "
                "%{customdata[1]} documents)<extra></extra>",
            )
        )  # fmt: skip
    for x, dash in ((FOUR_FIFTHS_BAND[0], "dash"), (1.0, "dot"), (FOUR_FIFTHS_BAND[1], "dash")):
        figure.add_vline(x=x, line_dash=dash, line_color="#555", annotation_text=f"{x:g}")
    figure.update_layout(
        xaxis_title="share of documents mentioning the group, mix / real",
        yaxis={"categoryorder": "array", "categoryarray": table["label"].tolist()[::-1]},
        height=max(260, 22 * len(table) + 120), margin={"l": 10, "r": 10, "t": 40, "b": 40},
        legend_orientation="h",
    )  # fmt: skip
    return figure


def sentiment_table(real: pd.DataFrame, mix: pd.DataFrame, *, min_docs: int) -> pd.DataFrame:
    """Mean sentiment per group, real corpus and mix side by side.

    Parameters
    ----------
    real, mix : DataFrame
        :func:`mixscope.metrics.bias.sentiment_by_group` of the real corpus and of the mix.
    min_docs : int
        Groups with fewer mentioning documents on either side are not ``judged``.

    Returns
    -------
    DataFrame with columns ``label, real_n, real_mean, mix_n, mix_mean, judged``.
    """
    for frame, name in ((real, "real"), (mix, "mix")):
        _require(frame, ("axis", "group", "n", "mean"), name)
    table = pd.DataFrame({
        "label": real["axis"] + ":" + real["group"], "real_n": real["n"],
        "real_mean": real["mean"], "mix_n": mix["n"].to_numpy(), "mix_mean": mix["mean"].to_numpy(),
    })  # fmt: skip
    table["judged"] = (table["real_n"] >= min_docs) & (table["mix_n"] >= min_docs)
    return table


def sentiment_figure(table: pd.DataFrame) -> go.Figure:
    """Grouped horizontal bars of mean sentiment per judged group, real corpus against mix.

    Parameters
    ----------
    table : DataFrame
        :func:`sentiment_table`; only ``judged`` rows are drawn.
    """
    _require(table, ("label", "real_mean", "mix_mean", "judged"), "table")
    rows = table[table["judged"]]
    figure = go.Figure()
    for name, column, color in (("real corpus", "real_mean", REFERENCE_COLOR),
                                ("mix", "mix_mean", MIX_COLOR)):  # fmt: skip
        figure.add_trace(go.Bar(x=rows[column].tolist(), y=rows["label"].tolist(), name=name,
                                orientation="h", marker_color=color))  # fmt: skip
    if rows.empty:
        figure.add_annotation(
            text="No group has enough mentions on both sides",
            showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
        )  # fmt: skip
    figure.update_layout(
        barmode="group", xaxis_title="mean VADER compound sentiment (-1 to 1)",
        yaxis={"categoryorder": "array", "categoryarray": rows["label"].tolist()[::-1]},
        height=max(260, 40 * len(rows) + 120), margin={"l": 10, "r": 10, "t": 30, "b": 40},
        legend_orientation="h",
    )  # fmt: skip
    return figure


def axis_distribution_figure(real: np.ndarray, mix: np.ndarray, *, axis: str) -> go.Figure:
    """Distribution of documents' scores on a concept axis, real corpus against the mix.

    Parameters
    ----------
    real, mix : ndarray of shape (n,)
        Scores (cosine with the axis direction) of the real corpus's and the mix's documents.
    axis : str
        Axis name, for the x-axis title.

    Returns
    -------
    plotly Figure with two overlaid density histograms (``real corpus``, ``mix``) and a dotted
    line at each side's mean.
    """
    figure = go.Figure()
    for name, scores, color in (
        ("real corpus", real, REFERENCE_COLOR),
        ("mix", mix, MIX_COLOR),
    ):
        values = np.asarray(scores, dtype=np.float64)
        figure.add_trace(go.Histogram(x=values.tolist(), name=name, histnorm="probability density",
                                      nbinsx=50, marker_color=color, opacity=0.6))  # fmt: skip
        if len(values):
            figure.add_vline(x=float(values.mean()), line_dash="dot", line_color=color)
    figure.update_layout(
        barmode="overlay", xaxis_title=f"score on the {axis} axis (cosine with its direction)",
        yaxis_title="density", height=340, margin={"l": 10, "r": 10, "t": 30, "b": 40},
        legend_orientation="h",
    )  # fmt: skip
    return figure
