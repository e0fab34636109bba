"""The HTML health report: verdict first, every metric, hostile text escaped, nothing loaded from
outside, and a size that does not grow with the number of documents."""

from __future__ import annotations

import html
import json
import re
from dataclasses import replace
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

import numpy as np
import pandas as pd
import pytest

from mixscope.corpus import Corpus
from mixscope.decide import Guardrail, default_guardrails, recommend, sweep
from mixscope.embed import PREVIEW_MODEL_ID, get_embedder
from mixscope.embed.static_model import APPROXIMATION
from mixscope.evaluation import IndexSettings, build_index, evaluate, verdict
from mixscope.export.report import health_report_html
from mixscope.export.report_html import Html, escape, figure_json, tag
from mixscope.mixing import MixConfig, mix

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=1</script>",
    '<a href="javascript:window.__pwned=1">click me</a>',
    "<!--<script>window.__pwned=1</script>-->",
]
REAL_NAME = '<img src=x onerror="window.__pwned=1">'
SYNTHETIC_NAME = "</script><script>window.__pwned=1</script>"
TOPICS = [
    "she went to the shop with her sister",
    "he drove to work with his brother",
    "the weather was cold and wet today",
]
SECTIONS = ["verdict", "metrics", "charts", "duplicates", "representation", "decision", "review",
            "spec", "inputs"]  # fmt: skip
#: The issue's bound: a few MB at most, plotly.js (about 4.8 MB) included.
MAX_BYTES = 6_000_000


def hostile_corpora() -> list[Corpus]:
    """A real and a synthetic corpus whose names and texts are script payloads; the synthetic
    one repeats itself and copies five real documents."""
    real = [f"{TOPICS[i % 3]} on day {i} of month {i % 7} " + PAYLOADS[i % 5] for i in range(120)]
    synthetic = [f"{TOPICS[0]} again and again {i % 3} {PAYLOADS[i % 5]}" for i in range(60)]
    synthetic += real[:5]
    return [
        Corpus(REAL_NAME, "real", pd.DataFrame({"source_row": range(120), "text": real}), "text"),
        Corpus(SYNTHETIC_NAME, "synthetic",
               pd.DataFrame({"source_row": range(65), "text": synthetic}), "text"),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def hostile() -> dict[str, object]:
    corpora = hostile_corpora()
    embedder = get_embedder("lexical")
    vectors = {c.name: embedder.encode(c.documents["text"].tolist()) for c in corpora}
    index = build_index(corpora, vectors, model_id=embedder.model_id)
    drawn = mix(corpora, MixConfig(synthetic_share=0.3, size=100, seed=3))
    evaluation = evaluate(drawn, index, sample_size=60, n_boot=50)
    swept = sweep(corpora, index, MixConfig(size=100, seed=3), shares=[0.0, 0.2, 0.4],
                  sample_size=60, n_boot=20)  # fmt: skip
    rails = default_guardrails()
    rails[0] = Guardrail(rails[0].metric, rails[0].bound, rails[0].keep, PAYLOADS[1])
    review = {"comments": ["looks fine " + PAYLOADS[0], {"author": PAYLOADS[2], "text": "ok"}],
              "status": "approved", "reviewer": PAYLOADS[3]}  # fmt: skip
    page = health_report_html(
        evaluation, mix=drawn, index=index, sweep=swept, guardrails=rails, review=review,
        spec="[mix]\nsize = 100  # </pre>" + PAYLOADS[0], title="Report " + PAYLOADS[1],
        created=datetime(2026, 11, 30, tzinfo=UTC),
    )  # fmt: skip
    return {"html": page, "evaluation": evaluation, "sweep": swept, "rails": rails, "mix": drawn}


class Elements(HTMLParser):
    """Every element the page creates (tag, attributes), the text shown, and script bodies."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.scripts.append((self._script, data))
        else:
            self.text.append(data)


def parse(page: str) -> Elements:
    parser = Elements()
    parser.feed(page)
    parser.close()
    return parser


def section_of(page: str, anchor: str) -> str:
    start = page.index(f'<section id="{anchor}"')
    return page[start : page.index("</section>", start)]


def test_the_verdict_leads_then_every_section_in_order(hostile: dict[str, object]) -> None:
    page = str(hostile["html"])
    positions = [page.index(f'<section id="{anchor}"') for anchor in SECTIONS]
    assert positions == sorted(positions)
    body = page[page.index("<body>") :]
    before = body[: body.index('<section id="verdict"')]
    # nothing but the title and the line saying which mix comes before the verdict
    assert re.findall(r"</?(\w+)", before) == ["body", "header", "h1", "h1", "p", "p", "header"]
    assert body.index("<nav>") < body.index('<section id="metrics"')
    found = verdict(hostile["evaluation"].table)  # type: ignore[attr-defined]
    top = section_of(page, "verdict")
    assert f'<h2>Verdict: <span class="badge {found.overall}">{found.overall}</span></h2>' in top
    assert html.escape(found.headline) in top
    for label, _ in found.failing + found.warning:
        assert html.escape(label) in top
    for group in found.counts.index:
        assert f"<td>{group.capitalize()}</td>" in top


def test_every_metric_has_a_row_with_interval_noise_floor_and_settings(
    hostile: dict[str, object],
) -> None:
    table = hostile["evaluation"].table  # type: ignore[attr-defined]
    metrics = section_of(str(hostile["html"]), "metrics")
    rows = re.findall(r"<tr><td><strong>.*?</tr>", metrics, flags=re.S)
    assert len(rows) == len(table)
    for row, name, status in zip(rows, table["metric"], table["status"], strict=True):
        assert f"<code>{name}</code>" in row and f">{status}</span>" in row
        assert "<details><summary>how it is judged</summary>" in row
    exact = rows[table["metric"].tolist().index("exact_duplicate_rate")]
    value = float(table.set_index("metric").loc["exact_duplicate_rate", "value"])
    assert f'<td class="num">{value:.1%}</td>' in exact


def test_hostile_names_and_texts_are_text_never_markup(hostile: dict[str, object]) -> None:
    page = str(hostile["html"])
    parsed = parse(page)
    allowed = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p",
               "section", "nav", "ul", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
               "span", "strong", "code", "br", "details", "summary", "pre", "figure", "div",
               "figcaption", "script"}  # fmt: skip
    assert {name for name, _ in parsed.elements} <= allowed
    for name, attrs in parsed.elements:
        assert not any(key.startswith("on") for key in attrs), (name, attrs)
        assert not any("javascript:" in (value or "") for value in attrs.values())
    runnable = [body for attrs, body in parsed.scripts if "type" not in attrs]
    assert len(runnable) == 2 and not any("__pwned" in body for body in runnable)
    data = [body for attrs, body in parsed.scripts if attrs.get("type") == "application/json"]
    assert data and all("<" not in body for body in data)
    for body in data:
        json.loads(body)
    shown = "".join(parsed.text)
    for payload in (*PAYLOADS[:3], REAL_NAME, SYNTHETIC_NAME):
        assert payload in shown  # the text is there, as text
    assert "</pre>" + PAYLOADS[0] in shown and "Report " + PAYLOADS[1] in shown
    assert html.escape(PAYLOADS[0]) in section_of(page, "review")
    assert html.escape(PAYLOADS[1]) in section_of(page, "decision")  # the guardrail's source


def test_nothing_is_loaded_from_outside(hostile: dict[str, object]) -> None:
    parsed = parse(str(hostile["html"]))
    for _, attrs in parsed.elements:
        for key in ("src", "href", "action", "data", "srcset", "poster"):
            value = attrs.get(key)
            assert value is None or value.startswith("#"), (key, value)
    policy = next(a["content"] for t, a in parsed.elements if a.get("http-equiv"))
    assert policy is not None and policy.startswith("default-src 'none'; script-src 'sha256-")
    assert "unsafe-inline" not in policy.split("style-src")[0]  # scripts: by hash only
    assert not re.search(r"<(link|iframe|object|embed|img|base)\b", str(hostile["html"]), re.I)


def test_the_sweep_recommendation_and_guardrails(hostile: dict[str, object]) -> None:
    decision = section_of(str(hostile["html"]), "decision")
    chosen = recommend(hostile["sweep"], hostile["rails"])  # type: ignore[arg-type]
    shown = "none above 0" if chosen.share is None else f"{chosen.share:.0%}"
    assert f"Recommended synthetic share: {shown}" in decision
    assert html.escape(chosen.reason) in decision
    assert decision.count('class="plot"') >= 2  # one chart per metric group
    assert decision.count("<code>") == len(hostile["rails"])  # type: ignore[arg-type]


def test_review_fields_come_in_order_and_a_history_is_a_table() -> None:
    from mixscope.export.report_sections import review_section

    history = [
        {"version": 1, "status": "draft", "comment": ""},
        {"version": 1, "status": "approved", "comment": PAYLOADS[0], "author": "<eve>"},
    ]
    markup = review_section({"history": history, "comments": "c", "reviewer": "r",
                             "status": "approved"})  # fmt: skip
    fields = re.findall(r"<tr><td>([a-z]+)</td>", markup)
    assert fields == ["status", "reviewer", "comments", "history"]
    assert "<th>version</th><th>status</th><th>comment</th><th>author</th>" in markup
    assert html.escape(PAYLOADS[0]) in markup and "&lt;eve&gt;" in markup


def test_without_index_sweep_review_or_spec_it_says_what_is_left_out(
    hostile: dict[str, object],
) -> None:
    page = health_report_html(
        hostile["evaluation"],
        mix=hostile["mix"],
        plotly_js=False,  # type: ignore[arg-type]
    )
    assert 'id="decision"' not in page and 'id="review"' not in page and 'id="spec"' not in page
    assert "which this report was written without" in section_of(page, "duplicates")
    assert "which this report was written without" in section_of(page, "representation")
    assert page.count('class="plot"') == 2  # composition and similarity: no index needed
    assert len(page) < 400_000  # no plotly.js


def test_a_preview_models_report_says_its_numbers_are_approximate(
    hostile: dict[str, object],
) -> None:
    evaluation = hostile["evaluation"]
    plain = health_report_html(evaluation, mix=hostile["mix"], plotly_js=False)  # type: ignore[arg-type]
    assert "Preview model" not in plain and APPROXIMATION not in html.unescape(plain)
    config = {**evaluation.config, "model_id": PREVIEW_MODEL_ID}  # type: ignore[attr-defined]
    preview = replace(evaluation, config=config)  # type: ignore[type-var]
    page = health_report_html(preview, mix=hostile["mix"], plotly_js=False)  # type: ignore[arg-type]
    verdict_text = html.unescape(section_of(page, "verdict"))
    assert "Preview model" in verdict_text and APPROXIMATION in verdict_text
    assert APPROXIMATION in html.unescape(section_of(page, "inputs"))


def test_an_evaluation_of_another_mix_is_refused(hostile: dict[str, object]) -> None:
    corpora = hostile_corpora()
    other = mix(corpora, MixConfig(synthetic_share=0.3, size=50))
    with pytest.raises(ValueError, match="evaluation is of a mix of 100 documents"):
        health_report_html(hostile["evaluation"], mix=other)  # type: ignore[arg-type]


def test_markup_helpers_escape_everything_but_their_own() -> None:
    assert tag("td", PAYLOADS[1], title='"><script>') == (
        '<td title="&quot;&gt;&lt;script&gt;">&lt;img src=x onerror=&quot;window.__pwned=1'
        "&quot;&gt;</td>"
    )
    assert escape(Html("<b>")) == "<b>" and escape("<b>") == "&lt;b&gt;"
    import plotly.graph_objects as go

    text = figure_json(go.Figure(go.Bar(x=[PAYLOADS[2]], y=[1])))
    assert "<" not in text and ">" not in text
    assert json.loads(text)["data"][0]["x"] == [PAYLOADS[2]]


def test_a_20000_document_mix_stays_small() -> None:
    # 5,000 distinct texts, each four times in the real corpus; the synthetic corpus copies 200
    # of them: thousands of duplicate clusters and 200+ copies of real documents, 20,000 points
    # of similarity. Planted 8-dimensional embeddings keep the index quick to build.
    rng = np.random.default_rng(0)
    words = np.array([f"w{i}" for i in range(2000)])
    base = [" ".join(rng.choice(words, 8)) + f" number {i}" for i in range(5000)]
    real = Corpus("real", "real", pd.DataFrame({"source_row": range(20_000), "text": base * 4}),
                  "text")  # fmt: skip
    copies = pd.DataFrame({"source_row": range(200), "text": base[:200]})
    synthetic = Corpus("synthetic", "synthetic", copies, "text")
    vectors = {c.name: rng.standard_normal((len(c), 8)).astype(np.float32)
               for c in (real, synthetic)}  # fmt: skip
    index = build_index([real, synthetic], vectors, model_id="planted",
                        settings=IndexSettings(n_clusters=8))  # fmt: skip
    drawn = mix([real, synthetic], MixConfig(synthetic_share=0.01, size=20_000))
    evaluation = evaluate(drawn, index, sample_size=300, n_boot=20)
    page = health_report_html(evaluation, mix=drawn, index=index)
    size = len(page.encode("utf-8"))
    without_plotly = len(health_report_html(evaluation, mix=drawn, index=index, plotly_js=False))
    assert size < MAX_BYTES, f"{size:,} bytes"
    assert without_plotly < 300_000, f"{without_plotly:,} bytes besides plotly.js"
    assert len(drawn) == 20_000 and "20,000 documents" in page


def test_the_report_names_the_backend_that_changed_the_vectors(hostile: dict[str, Any]) -> None:
    evaluation = hostile["evaluation"]
    backend = {"model_id": "all-MiniLM-L6-v2", "embedder_id": "all-MiniLM-L6-v2@01+openvino-bf16"}
    tagged = replace(evaluation, config=evaluation.config | backend)
    page = health_report_html(tagged, mix=hostile["mix"], plotly_js=False)
    assert page.count("all-MiniLM-L6-v2 via OpenVINO bf16") == 2  # the subtitle and the inputs
    plain = health_report_html(evaluation, mix=hostile["mix"], plotly_js=False)
    assert "via OpenVINO" not in plain
