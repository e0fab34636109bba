"""The HTML health report opened from disk in headless Chromium: the verdict is seen first, the
charts are drawn, document text full of script payloads is shown as text and runs nothing, and
nothing is requested from anywhere.

The page's Content-Security-Policy would also stop a script that escaping let through, so the
test checks the escaping itself too: no element or event handler made from document text, and
no policy violation reported on the console.
"""

import os
import re
from pathlib import Path

import pandas as pd
import pytest

from mixscope.corpus import Corpus
from mixscope.embed import get_embedder
from mixscope.evaluation import build_index, evaluate, verdict
from mixscope.export.report import health_report_html
from mixscope.mixing import MixConfig, mix

ON_CI = bool(os.environ.get("CI"))
try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:
    if ON_CI:  # on CI a missing package is a failure, never a silent skip
        raise
    pytest.skip("needs playwright (pip install -r requirements-dev.txt)", allow_module_level=True)

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
TIMEOUT_MS = 60_000
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    "</script><script>window.__pwned=1</script>",
    '<a href="javascript:window.__pwned=1">click me</a>',
    "<svg onload=\"alert('pwned')\"></svg>",
]
TOPICS = ["she went to the shop with her sister", "he drove to work with his brother",
          "the weather was cold and wet today"]  # fmt: skip

pytestmark = [
    pytest.mark.e2e,
    # On CI (CI=true) a missing browser is a failure, never a silent skip.
    pytest.mark.skipif(
        not CHROMIUM.exists() and not ON_CI,
        reason="needs Chromium at /usr/bin/chromium (CI installs it: apt-get install chromium)",
    ),
]


def _report(path: Path) -> str:
    """A hostile corpus (names and texts are payloads) evaluated and written to ``path``;
    returns the verdict's headline."""
    real = [f"{TOPICS[i % 3]} on day {i} " + PAYLOADS[i % 5] for i in range(120)]
    synthetic = [f"{TOPICS[0]} again {i % 3} {PAYLOADS[i % 5]}" for i in range(60)] + real[:5]
    corpora = [
        Corpus(PAYLOADS[1], "real", pd.DataFrame({"source_row": range(120), "text": real}),
               "text"),
        Corpus(PAYLOADS[2], "synthetic", pd.DataFrame({"source_row": range(65),
                                                       "text": synthetic}), "text"),
    ]  # fmt: skip
    embedder = get_embedder("lexical")
    vectors = {c.name: embedder.encode(c.documents["text"].tolist()) for c in corpora}
    index = build_index(corpora, vectors, model_id=embedder.model_id)
    drawn = mix(corpora, MixConfig(synthetic_share=0.3, size=100, seed=1))
    evaluation = evaluate(drawn, index, sample_size=60, n_boot=50)
    review = {"status": "approved", "reviewer": PAYLOADS[3], "comments": [PAYLOADS[0]]}
    page = health_report_html(evaluation, mix=drawn, index=index, review=review,
                              spec="# " + PAYLOADS[2])  # fmt: skip
    path.write_text(page, encoding="utf-8")
    return verdict(evaluation.table).headline


def test_the_report_opens_offline_shows_the_verdict_and_runs_no_document_text(
    tmp_path: Path,
) -> None:
    target = tmp_path / "report.html"
    headline = _report(target)
    artifacts = REPO_ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1300, "height": 1000})
        page.set_default_timeout(TIMEOUT_MS)
        requests: list[str] = []
        dialogs: list[str] = []
        errors: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        try:
            page.goto(target.as_uri())
            verdict_box = page.locator("#verdict")
            expect(verdict_box).to_be_in_viewport()  # seen first, without scrolling
            expect(
                verdict_box.get_by_role("heading", name=re.compile(r"^Verdict: (pass|warn|fail)"))
            ).to_be_visible()
            expect(verdict_box.get_by_text(headline, exact=True)).to_be_visible()
            # every chart drawn by the inlined plotly.js
            plots = page.locator("div.plot")
            expect(plots.first.locator(".main-svg").first).to_be_visible()
            for k in range(plots.count()):
                expect(plots.nth(k).locator(".main-svg").first).to_be_attached()
            # the payloads are there, as text
            expect(page.locator("header")).to_contain_text(PAYLOADS[1])
            expect(page.locator("#duplicates")).to_contain_text(PAYLOADS[0])
            expect(page.locator("#review")).to_contain_text(PAYLOADS[3])
            expect(page.locator("#spec pre")).to_have_text("# " + PAYLOADS[2])
            page.locator("#spec").scroll_into_view_if_needed()
            page.screenshot(path=str(artifacts / "health_report.png"))
            assert page.evaluate("window.__pwned") is None
            assert dialogs == []
            created = page.evaluate(
                """() => Array.from(document.querySelectorAll('*')).flatMap(e =>
                    Array.from(e.attributes)
                        .filter(a => a.name.startsWith('on') || /^\\s*javascript:/i.test(a.value)
                                     || ((a.name === 'src' || a.name === 'href')
                                         && /^(https?:)?\\/\\//i.test(a.value)))
                        .map(a => e.tagName + ' ' + a.name + '=' + a.value))"""
            )
            assert created == []
            assert page.locator("img, iframe, object, embed, link").count() == 0
        finally:
            browser.close()
    assert [u for u in requests if not u.startswith(("file://", "data:", "blob:"))] == []
    assert errors == []  # no script error, no Content-Security-Policy violation
