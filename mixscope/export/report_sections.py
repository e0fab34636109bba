"""Sections of the health report that are tables and words: the verdict, the metric table,
duplicate and copy-of-real examples, group representation, the review, the spec and the inputs.

Each returns :class:`~mixscope.export.report_html.Html` built with the escaping helpers: every
name, column, text and comment that came from a user is escaped there.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

import pandas as pd

from mixscope.embed import model_approximation, model_label
from mixscope.evaluation import (
    DUPLICATE_KINDS,
    Evaluation,
    MixIndex,
    copies_of_real,
    duplicate_members,
    duplicate_summary,
    format_value,
    metric_cards,
    verdict,
)
from mixscope.export.manifest import package_versions
from mixscope.export.report_html import (
    Html,
    details,
    join,
    json_text,
    pre,
    status_badge,
    table,
    tag,
)
from mixscope.mixing import Mix

#: Document texts in the report are cut to this many characters (the whole text is in the data).
MAX_TEXT_CHARS = 300
#: Examples shown per kind of duplicate and of copies of real documents.
MAX_EXAMPLES = 5
_SEVERITY = ("fail", "warn", "pass")


def model_of(evaluation: Evaluation) -> str:
    """The evaluation's embedding model, naming the backend where it changed the vectors."""
    config = evaluation.config
    return model_label(str(config.get("model_id", "unknown")), str(config.get("embedder_id", "")))


def clip(text: object, limit: int = MAX_TEXT_CHARS) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut (escaped later).

    Examples
    --------
    >>> clip("abcdef", 4), clip("abc", 4)
    ('abcd…', 'abc')
    """
    value = str(text)
    return value if len(value) <= limit else value[:limit] + "…"


def section(anchor: str, title: str, *children: object) -> Html:
    return tag("section", tag("h2", title), *children, id=anchor)


def verdict_section(evaluation: Evaluation) -> Html:
    """The overall verdict and headline, each group's verdict and counts, the failing and
    warning metrics with why they matter, and the notes on uncalibrated and partial metrics."""
    found = verdict(evaluation.table)
    rows = []
    for group, counts in found.counts.iterrows():
        worst = next((s for s in _SEVERITY if counts[s]), "n/a")
        rows.append({"group": str(group).capitalize(), "verdict": status_badge(worst)}
                    | {status: int(counts[status]) for status in counts.index})  # fmt: skip
    named = [tag("li", tag("strong", f"{title}: {label}."), f" {why}")
             for title, listed in (("Fails", found.failing), ("Warns", found.warning))
             for label, why in listed]  # fmt: skip
    notes = []
    if found.uncalibrated:
        notes.append(tag("p", "Thresholds not calibrated for this embedding model: "
                         + ", ".join(found.uncalibrated) + ". Read them against their noise "
                         "floor, or set thresholds for this model.", class_="note"))  # fmt: skip
    if found.partial:
        notes.append(tag("p", "Partial (many documents are not in English; term lists and VADER "
                         "read English only): " + ", ".join(found.partial) + ".",
                         class_="note"))  # fmt: skip
    approximation = model_approximation(evaluation.config.get("model_id"))
    if approximation is not None:
        notes.append(tag("p", tag("strong", "Preview model. "), approximation, class_="note"))
    heading = tag("h2", "Verdict: ", status_badge(found.overall))
    columns = {"group": "group", "verdict": "verdict", "pass": "pass", "warn": "warn",
               "fail": "fail", "n/a": "n/a"}  # fmt: skip
    counts_table = table(rows, columns, numeric=("pass", "warn", "fail", "n/a"))
    overall = {"pass": "pass", "warn": "warn", "fail": "fail"}.get(found.overall, "na")
    return tag("section", heading, tag("p", found.headline, class_="headline"), counts_table,
               tag("ul", *named) if named else "", *notes, id="verdict",
               class_=overall)  # fmt: skip


def metrics_section(evaluation: Evaluation) -> Html:
    """Every metric: value, interval, noise floor, status, and its thresholds and settings."""
    cards = metric_cards(evaluation.table).to_dict("records")
    rows = []
    for card, record in zip(cards, evaluation.table.to_dict("records"), strict=True):
        unit = str(card["unit"])
        flags = [tag("span", flag, class_="badge flag") for flag in ("uncalibrated", "partial")
                 if card[flag]]  # fmt: skip
        settings = json.loads(str(card["settings"] or "{}"))
        rows.append({
            "metric": join([tag("strong", card["label"]), Html("<br>"),
                            tag("code", card["metric"])]),
            "group": card["group"], "value": format_value(float(card["value"]), unit),
            "interval": _interval(record["ci_low"], record["ci_high"], unit),
            "noise": format_value(float(record["noise_floor"]), unit),
            "status": join([status_badge(card["status"]), *flags], " "), "unit": unit,
            "details": details("how it is judged", tag("p", card["help"]),
                               pre(json_text(settings))),
        })  # fmt: skip
    level = float(evaluation.config.get("level", 0.95))
    columns = {"metric": "metric", "group": "group", "value": "value",
               "interval": f"{level:.0%} interval", "noise": "noise floor", "status": "status",
               "unit": "unit", "details": "thresholds and settings"}  # fmt: skip
    note = tag("p", "Interval: bootstrap or subsample interval of the value (none when not "
               "resampled). Noise floor: the same metric between two random halves of the real "
               "corpus at the same size; a value within it of its ideal is indistinguishable "
               "from real-vs-real sampling noise. Evaluation settings are under Inputs.",
               class_="note")  # fmt: skip
    return section("metrics", "Metrics", note,
                   table(rows, columns, numeric=("value", "interval", "noise")))  # fmt: skip


def _interval(ci_low: Any, ci_high: Any, unit: str) -> str:
    low, high = float(ci_low), float(ci_high)
    if not (math.isfinite(low) and math.isfinite(high)):
        return "none"
    return f"{format_value(low, unit)} to {format_value(high, unit)}"


def duplicates_section(evaluation: Evaluation, mix: Mix, index: MixIndex | None) -> Html:
    """Duplicate counts, the largest duplicate clusters of each kind and synthetic copies of
    real documents (a few each, texts cut and escaped)."""
    docs = evaluation.documents
    counts = tag("p", f"{int(docs['is_exact_duplicate'].sum()):,} exact repeats, "
                 f"{int((docs['near_duplicate_of'] >= 0).sum()):,} near duplicates (MinHash) and "
                 f"{int((docs['semantic_duplicate_of'] >= 0).sum()):,} semantic duplicates "
                 f"(embedding) of an earlier document, in a mix of {len(docs):,}.")  # fmt: skip
    if index is None:
        return section("duplicates", "Duplicates and copies of real documents", counts,
                       tag("p", "Examples need the mix's index, which this report was written "
                           "without.", class_="note"))  # fmt: skip
    ids = index.global_ids(mix)
    parts: list[object] = [counts]
    for kind in DUPLICATE_KINDS:
        members = duplicate_members(index, ids, docs, kind)
        parts.append(tag("h3", f"Largest {kind.split(' (')[0]} duplicate clusters"))
        parts.append(_clusters(members))
    copies = copies_of_real(mix, index, ids)
    parts.append(tag("h3", "Synthetic copies of real documents"))
    parts.append(
        tag(
            "p",
            f"{len(copies):,} pair(s) of a synthetic document of the mix and a real "
            "document it near-duplicates (MinHash), anywhere in the real corpus.",
        )
    )
    if len(copies):
        rows = [{**row, "synthetic text": clip(row["synthetic text"]),
                 "real text": clip(row["real text"]),
                 "real_in_mix": "yes" if row["real_in_mix"] else "no"}
                for row in copies.head(MAX_EXAMPLES).to_dict("records")]  # fmt: skip
        parts.append(table(rows, {c: c for c in copies.columns},
                           numeric=("synthetic row", "real row"),
                           text=("synthetic text", "real text")))  # fmt: skip
    return section("duplicates", "Duplicates and copies of real documents", *parts)


def _clusters(members: pd.DataFrame) -> Html:
    if members.empty:
        return tag("p", "None in the mix.")
    summary = duplicate_summary(members).sort_values(["size", "cluster"], ascending=[False, True])
    shown = summary.head(MAX_EXAMPLES)
    rows = [{**row, "first text": clip(row["first text"])} for row in shown.to_dict("records")]
    note = tag("p", f"{len(summary):,} cluster(s); the {len(shown)} largest.", class_="note")
    columns = {"cluster": "cluster", "size": "documents", "sources": "sources",
               "first text": "first text"}  # fmt: skip
    return join([note, table(rows, columns, numeric=("cluster", "size"), text=["first text"])])


def representation_rows(frame: pd.DataFrame) -> Html:
    """The judged groups of :func:`mixscope.evaluation.representation_table` as a table, the
    groups with too few mentions to judge named below it."""
    judged = frame[frame["status"] != "n/a"]
    rows = [{"group": row["label"], "mix": int(row["mix_n"]), "real": int(row["real_n"]),
             "ratio": _number(row["ratio"]),
             "interval": _range(row["ratio_low"], row["ratio_high"]),
             "status": status_badge(row["status"]), "note": row["note"]}
            for row in judged.to_dict("records")]  # fmt: skip
    columns = {"group": "group", "mix": "documents in the mix", "real": "in the real corpus",
               "ratio": "ratio mix / real", "interval": "95 % interval", "status": "status",
               "note": "note"}  # fmt: skip
    unjudged = frame.loc[frame["status"] == "n/a", "label"].astype(str).tolist()
    rest = (tag("p", f"Not judged, too few mentions in the real corpus ({len(unjudged)}): "
                + ", ".join(unjudged) + ".", class_="note") if unjudged else "")  # fmt: skip
    shown = table(rows, columns, numeric=("mix", "real", "ratio", "interval")) if rows else ""
    return join([shown, rest])


def _range(low: Any, high: Any) -> str:
    if not (math.isfinite(float(low)) and math.isfinite(float(high))):
        return "none"
    return f"{_number(low)} to {_number(high)}"


def _number(value: Any) -> str:
    x = float(value)
    return f"{x:.3g}" if math.isfinite(x) else "n/a"


def review_section(review: Mapping[str, Any]) -> Html:
    """The review: status, reviewer and comments first, then any other field, all escaped."""
    order = ["status", "reviewer", "comments"]
    keys = [k for k in order if k in review] + [k for k in review if k not in order]
    rows = [{"field": str(key), "value": _value(review[key])} for key in keys]
    return section("review", "Review", table(rows, {"field": "field", "value": "value"}))


def _value(value: Any) -> Html | str:
    """A review field: text, a list (of texts, or of records such as a review history, shown as
    a table) or a mapping."""
    if isinstance(value, Mapping):
        return pre(json_text(dict(value)))
    if isinstance(value, list | tuple) and value and all(isinstance(v, Mapping) for v in value):
        keys = list(dict.fromkeys(str(k) for v in value for k in v))
        rows = [{str(k): _value(v) for k, v in record.items()} for record in value]
        return table(rows, {k: k for k in keys})
    if isinstance(value, list | tuple):
        return tag("ul", *(tag("li", _value(v)) for v in value)) if value else "none"
    return "" if value is None else str(value)


def spec_section(spec: str) -> Html:
    return section("spec", "Spec", tag("p", "The mix spec this report was drawn from (TOML).",
                                       class_="note"), pre(spec))  # fmt: skip


def inputs_section(evaluation: Evaluation, mix: Mix, created: str) -> Html:
    """The corpora with their content hashes, the mix config, counts, evaluation settings,
    model and software versions."""
    corpora = [{"name": c.name, "role": c.role, "origin": c.origin, "format": c.format,
                "text column": c.text_column, "documents": f"{len(c):,}",
                "dropped": f"{len(c.dropped):,}", "content hash": tag("code", c.content_hash)}
               for c in mix.corpora]  # fmt: skip
    counts = [{"source": r["source"], "role": r["role"], "documents": f"{int(r['n']):,}",
               "share": f"{float(r['share']):.1%}"}
              for r in mix.counts().to_dict("records")]  # fmt: skip
    config = [{"setting": k, "value": "none" if v is None else str(v)}
              for k, v in asdict(mix.config).items()]  # fmt: skip
    versions = [{"package": k, "version": v or "not installed"}
                for k, v in package_versions().items()]  # fmt: skip
    return section(
        "inputs", "Inputs, settings and versions",
        tag("h3", "Corpora"), table(corpora, {k: k for k in corpora[0]},
                                    numeric=("documents", "dropped")),
        tag("h3", "Mix"), table(config, {"setting": "setting", "value": "value"}),
        table(counts, {k: k for k in counts[0]}, numeric=("documents", "share")),
        tag("h3", "Evaluation"),
        tag("p", f"Embedding model: {model_of(evaluation)}.",
            f" {model_approximation(evaluation.config.get('model_id')) or ''}"),
        details("evaluation settings (JSON)", pre(json_text(evaluation.config))),
        tag("h3", "Software"), table(versions, {"package": "package", "version": "version"}),
        tag("p", f"Written {created} by MixScope.", class_="note"),
    )  # fmt: skip
