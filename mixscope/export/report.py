"""The health report: one self-contained HTML file that leads with the verdict.

Order: the verdict (overall and per group, failing metrics named with why), the metric table
(values, intervals, noise floors, thresholds and settings), the key charts, duplicate and
copy-of-real examples, group representation, the sweep and recommendation when given, the
review when given, the spec when given, and the inputs (content hashes), settings and versions.

Self-contained and offline: plotly.js is inlined once (about 4.8 MB) and draws every chart from
JSON kept in the page; nothing is loaded from anywhere (the page's Content-Security-Policy
forbids it, and lets only its own two scripts run). Charts are drawn from aggregates, so the
size does not grow with the number of documents. Every user string (corpus and column names,
document texts, guardrail sources, review comments, the spec) is escaped
(:mod:`~mixscope.export.report_html`): a corpus of ``<script>`` payloads shows them as text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from mixscope.decide import Guardrail, Recommendation, Sweep, default_guardrails, recommend
from mixscope.evaluation import Evaluation, MixIndex
from mixscope.export.report_charts import charts_section, decision_section, representation_section
from mixscope.export.report_html import Html, Page, join, tag
from mixscope.export.report_sections import (
    duplicates_section,
    inputs_section,
    metrics_section,
    model_of,
    review_section,
    spec_section,
    verdict_section,
)
from mixscope.mixing import Mix

__all__ = ["health_report_html"]

_SECTIONS = {
    "metrics": "Metrics", "charts": "Key charts", "duplicates": "Duplicates and copies",
    "representation": "Group representation", "decision": "Sweep and recommendation",
    "review": "Review", "spec": "Spec", "inputs": "Inputs, settings and versions",
}  # fmt: skip


def health_report_html(
    evaluation: Evaluation,
    *,
    mix: Mix,
    index: MixIndex | None = None,
    sweep: Sweep | None = None,
    recommendation: Recommendation | None = None,
    guardrails: Sequence[Guardrail] | None = None,
    review: Mapping[str, Any] | None = None,
    spec: str | None = None,
    title: str = "MixScope health report",
    created: datetime | None = None,
    plotly_js: bool = True,
) -> str:
    """The health report of an evaluated mix as one self-contained HTML page.

    Parameters
    ----------
    evaluation : Evaluation
        :func:`mixscope.evaluation.evaluate` of ``mix``.
    mix : Mix
        The evaluated mix (its corpora, config and counts are reported).
    index : MixIndex, optional
        The index ``evaluation`` was computed on; without it the report leaves out the
        duplicate examples, topic-cluster coverage and group representation (and says so).
    sweep : Sweep, optional
        :func:`mixscope.decide.sweep` of the same mix: adds the curves per metric group.
    recommendation : Recommendation, optional
        Default with a sweep: :func:`mixscope.decide.recommend` of ``sweep`` and ``guardrails``.
    guardrails : sequence of Guardrail, optional
        The bounds of the recommendation; default :func:`mixscope.decide.default_guardrails`.
    review : mapping, optional
        The review's ``status``, ``reviewer``, ``comments`` (a string, a list, or a list of
        records such as a review history, shown as a table) and any other fields, in that
        order.
    spec : str, optional
        The mix spec (TOML), shown as written.
    title : str, default="MixScope health report"
    created : datetime, optional
        When the report was written (default now, UTC).
    plotly_js : bool, default=True
        Inline plotly.js (about 4.8 MB). Without it the page is small but draws no chart: each
        chart's place says so (for tests and previews).

    Returns
    -------
    str
        The HTML page.

    Raises
    ------
    ValueError
        ``evaluation`` is not of ``mix`` (another number of documents).
    """
    if len(evaluation.documents) != len(mix):
        raise ValueError(f"the evaluation is of a mix of {len(evaluation.documents):,} documents, "
                         f"but the mix given has {len(mix):,}: pass the evaluated mix")  # fmt: skip
    page = Page()
    parts: dict[str, Html] = {
        "metrics": metrics_section(evaluation),
        "charts": charts_section(page, evaluation, mix, index),
        "duplicates": duplicates_section(evaluation, mix, index),
        "representation": representation_section(page, evaluation, mix, index),
    }
    if sweep is not None:
        rails = list(guardrails) if guardrails is not None else default_guardrails()
        chosen = recommendation if recommendation is not None else recommend(sweep, rails)
        parts["decision"] = decision_section(page, mix, sweep, chosen, rails)
    if review is not None:
        parts["review"] = review_section(review)
    if spec is not None:
        parts["spec"] = spec_section(spec)
    stamp = (created or datetime.now(UTC)).isoformat(timespec="seconds")
    parts["inputs"] = inputs_section(evaluation, mix, stamp)
    contents = tag("nav", tag("ul", *(tag("li", tag("a", _SECTIONS[key], href=f"#{key}"))
                                      for key in parts)))  # fmt: skip
    header = tag("header", tag("h1", title), tag("p", _subtitle(evaluation, mix, stamp),
                                                 class_="sub"))  # fmt: skip
    body = join([header, verdict_section(evaluation), contents, *parts.values()], "\n")
    return page.render(title, body, plotly_js=plotly_js)


def _subtitle(evaluation: Evaluation, mix: Mix, stamp: str) -> str:
    counts = mix.counts()
    synthetic = float(counts.loc[counts["role"] == "synthetic", "share"].sum())
    sources = ", ".join(f"{s} {int(n):,}" for s, n in zip(counts["source"], counts["n"],
                                                          strict=True) if n)  # fmt: skip
    config = mix.config
    return (
        f"Mix of {len(mix):,} documents, {synthetic:.0%} synthetic ({sources}); {config.mode} "
        f"mode, {config.strategy} sampling, seed {config.seed}. Model "
        f"{model_of(evaluation)}. Written {stamp}."
    )
