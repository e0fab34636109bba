"""Sections of the health report that are charts: the key figures of the mix, and the sweep with
its recommendation and guardrails.

Every figure is drawn from an aggregate (counts per source, per topic cluster, per group, per
similarity bin, per share and metric), never one point per document: a report of a mix of a
million documents is as small as one of a thousand.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from mixscope import plots
from mixscope.decide import Guardrail, Recommendation, Sweep
from mixscope.decide.curves import sweep_curves
from mixscope.evaluation import (
    FOUR_FIFTHS_BAND,
    GROUPS,
    REGISTRY,
    Evaluation,
    MixIndex,
    cluster_table,
    format_value,
    representation_table,
)
from mixscope.export.report_html import Html, Page, details, escape, table, tag
from mixscope.export.report_sections import representation_rows, section
from mixscope.mixing import Mix

#: Bins of the similarity histogram (as on the Fidelity page).
SIMILARITY_BINS = 50


def charts_section(page: Page, evaluation: Evaluation, mix: Mix, index: MixIndex | None) -> Html:
    """Composition, similarity to the nearest real document and, with the index, topic-cluster
    coverage."""
    threshold = float(evaluation.config.get("index", {}).get("semantic_threshold", math.nan))
    parts = [
        tag("h3", "Composition"),
        page.figure(plots.composition_figure(mix.counts()), "Documents each source contributes."),
        tag("h3", "Similarity to the nearest real document"),
        page.figure(
            similarity_bins(evaluation.documents, threshold=threshold),
            "Cosine similarity of each mixed document to its nearest other real document, as a "
            "share of its role's documents; synthetic documents far right of the real ones "
            "restate real text. Line: the semantic duplicate threshold.",
        ),
    ]
    if index is not None:
        clusters = cluster_table(index, index.global_ids(mix))
        missing = int(clusters["missing"].sum())
        parts += [
            tag("h3", "Topic clusters: real corpus against the mix"),
            page.figure(
                plots.cluster_coverage_figure(clusters),
                f"k-means clusters of the real corpus ({len(clusters)}); {missing} of them have "
                "no document in the mix.",
            ),
        ]
    return section("charts", "Key charts", *parts)


def similarity_bins(documents: pd.DataFrame, *, threshold: float) -> go.Figure:
    """The nearest-real similarity histogram per role, binned here: one bar per bin, not one
    value per document (:func:`mixscope.plots.similarity_histogram` draws the same from the
    values)."""
    valid = documents[documents["nearest_real_similarity"].notna()]
    values = valid["nearest_real_similarity"].to_numpy(dtype=np.float64)
    low = min(0.0, float(values.min())) if len(values) else 0.0
    edges = np.linspace(low, 1.0, SIMILARITY_BINS + 1)
    width = (1.0 - low) / SIMILARITY_BINS
    figure = go.Figure()
    for role, rows in valid.groupby("role", sort=False):
        x = np.clip(rows["nearest_real_similarity"].to_numpy(dtype=np.float64), low, 1.0)
        counts = np.histogram(x, bins=edges)[0]
        figure.add_trace(go.Bar(
            x=(edges[:-1] + width / 2).tolist(), y=(100 * counts / len(x)).tolist(), width=width,
            name=escape(role), marker_color=plots.ROLE_COLORS.get(str(role)), opacity=0.65,
            hovertemplate="%{x:.3f}: %{y:.1f} %<extra>" + escape(role) + "</extra>",
        ))  # fmt: skip
    if math.isfinite(threshold):
        above = int((values >= threshold).sum())
        figure.add_vline(x=threshold, line_dash="dash", line_color=plots.STATUS_COLORS["fail"],
                         annotation_text=f"threshold {threshold:g}: {above:,} at or above",
                         annotation_position="top left")  # fmt: skip
    figure.update_layout(
        barmode="overlay", bargap=0, height=360, legend_orientation="h",
        xaxis_title="cosine similarity to the nearest (other) real document",
        yaxis_title="% of the role's documents", margin={"l": 10, "r": 10, "t": 40, "b": 40},
    )  # fmt: skip
    return figure


def representation_section(
    page: Page, evaluation: Evaluation, mix: Mix, index: MixIndex | None
) -> Html:
    """Each group's representation ratio (chart and table), judged like the card."""
    if index is None:
        note = "The representation of groups needs the mix's index, which this report was " \
               "written without."  # fmt: skip
        return section("representation", "Group representation", tag("p", note, class_="note"))
    rule = _settings(evaluation, "group_representation_ratio_min")
    metric = REGISTRY["group_representation_ratio_min"]
    frame = representation_table(
        index, index.global_ids(mix), min_docs=int(evaluation.config["min_group_docs"]),
        warn=float(rule.get("warn", metric.warn)), fail=float(rule.get("fail", metric.fail)),
        level=float(evaluation.config.get("level", 0.95)),
    )  # fmt: skip
    caption = (
        "Share of documents mentioning each group in the mix divided by that share in the real "
        "corpus, with its 95 % interval; colour: the status, read at the interval's upper end. "
        "Dashed: the four-fifths rule (0.8) and its mirror (1.25)."
    )
    figure = plots.representation_figure(frame, band=FOUR_FIFTHS_BAND)
    return section("representation", "Group representation", page.figure(figure, caption),
                   representation_rows(frame))  # fmt: skip


def _settings(evaluation: Evaluation, metric: str) -> dict[str, Any]:
    try:
        return evaluation.settings(metric)
    except ValueError:  # not evaluated: the registry's defaults
        return {}


def decision_section(
    page: Page, mix: Mix, result: Sweep, chosen: Recommendation, rails: Sequence[Guardrail]
) -> Html:
    """The recommended share and why, the guardrails, the sweep's curves per group and its
    numbers, and the shares that could not be drawn."""
    shown = "none above 0" if chosen.share is None else f"{chosen.share:.0%}"
    binding = REGISTRY[chosen.binding].label if chosen.binding in REGISTRY else "none"
    margin = "" if chosen.margin is None else f" (margin {chosen.margin:+.3g})"
    parts: list[object] = [
        tag("p", tag("strong", f"Recommended synthetic share: {shown}"),
            f"; current {mix.config.synthetic_share:.0%}. Binding guardrail: {binding}{margin}."),
        tag("p", chosen.reason),
    ]  # fmt: skip
    rows = [{"metric": REGISTRY[r.metric].label if r.metric in REGISTRY else r.metric,
             "name": tag("code", r.metric), "keep": r.keep, "bound": f"{r.bound:g}",
             "source": r.source} for r in rails]  # fmt: skip
    columns = {"metric": "metric", "name": "identifier", "keep": "keep", "bound": "bound",
               "source": "bound from"}  # fmt: skip
    parts += [tag("h3", "Guardrails"), table(rows, columns, numeric=["bound"])]
    curves = sweep_curves(result, rails)
    parts.append(tag("h3", "Metrics over the share"))
    for group in (g for g in GROUPS if g in set(curves["group"])):
        figure = plots.sweep_figure(
            curves[curves["group"] == group],
            current=mix.config.synthetic_share,
            recommended=chosen.share,
        )
        parts.append(page.figure(figure, f"{group.capitalize()}: value at each share (points "
                                 "coloured by status), interval band, dashed guardrail bound, "
                                 "dotted current share, green recommended share."))  # fmt: skip
    parts.append(details("the sweep's numbers", _sweep_table(result)))
    for share, why in result.skipped.items():
        parts.append(tag("p", f"Share {share:g} was not evaluated: {why}", class_="note"))
    return section("decision", "Sweep and recommendation", *parts)


def _sweep_table(result: Sweep) -> Html:
    """One row per metric, one column per share: value (status)."""
    shares = result.shares
    rows = []
    for name, frame in result.table.groupby("metric", sort=False):
        unit = REGISTRY[str(name)].unit if name in REGISTRY else ""
        cells = {f"{s:g}": f"{format_value(float(v), unit)} ({st})"
                 for s, v, st in zip(frame["share"], frame["value"], frame["status"],
                                     strict=True)}  # fmt: skip
        rows.append({"metric": str(name)} | cells)
    columns = {"metric": "metric"} | {f"{s:g}": f"share {s:g}" for s in shares}
    return table(rows, columns, numeric=[f"{s:g}" for s in shares])
