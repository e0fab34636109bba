"""Decide page (AppTest): the sweep, the recommendation and applying it, the weight search,
per-source verdicts, attribution and the evidence, on the demo corpora (lexical embedder)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mixscope.decide import Guardrail, default_guardrails

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 300


def _decide(rails: list[Guardrail] | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.session_state["model"] = "lexical (fast)"
    at.session_state["metrics_sample_size"] = 300
    at.session_state["metrics_n_boot"] = 20
    if rails is not None:
        at.session_state["decide_guardrails"] = rails
    at.run()
    at.switch_page("views/decide.py").run()
    compute = [b for b in at.button if b.key == "metrics_compute_embeddings"]
    if compute:
        compute[0].click().run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def decide_page(shared_cache: Path) -> AppTest:
    return _decide()


def _recommended(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == "Recommended synthetic share")


def test_the_page_recommends_a_share_and_shows_why(decide_page: AppTest) -> None:
    at = decide_page
    assert not at.error, [e.value for e in at.error]
    shown = _recommended(at)
    assert shown == "none above 0" or shown.endswith("%")
    text = " ".join(m.value for m in at.markdown)
    assert "Binding guardrail:" in text
    # one chart per metric group that moves with the share, in tabs
    assert [t.label for t in at.tabs] == ["Diversity", "Duplication", "Bias"]
    subheaders = [s.value for s in at.subheader]
    assert subheaders == ["Each synthetic source alone", "Metrics over the share",
                          "Weights of the synthetic sources", "Which source causes what "
                          "(current mix)", "Why these guardrails"]  # fmt: skip
    # the source verdicts judge each demo source alone; templated copies itself and fails
    verdicts = next(d.value for d in at.dataframe if "n_documents" in d.value)
    assert set(verdicts["source"]) == {"synthetic_templated", "synthetic_skewed"}
    templated = verdicts[verdicts["source"] == "synthetic_templated"].set_index("metric")
    assert templated.loc["coverage", "status"] == "fail"
    # attribution: the whole mix, each source left out and each alone
    attribution = next(d.value for d in at.dataframe if "helped most by leaving out" in d.value)
    assert {"all", "without synthetic_templated", "alone synthetic_skewed"} <= set(
        attribution.columns
    )
    assert any("not a prediction" in w.value for w in at.warning)  # the caveat


def test_apply_sets_the_mix_share_to_the_recommendation(shared_cache: Path) -> None:
    # only exact duplicates guarded, loosely: a share above the default 25 % is allowed
    at = _decide([Guardrail("exact_duplicate_rate", 0.5, "below", "test")])
    assert _recommended(at) == "100%"
    apply = next(b for b in at.button if b.key == "decide_apply")
    apply.click().run()
    assert not at.exception, at.exception
    assert at.session_state["mix_share"] == 1.0
    assert at.title[0].value == "Mix"  # switched to the Mix page, which shows the new share
    assert next(s for s in at.slider if s.key == "mix_share").value == 1.0


def test_the_weight_search_recommends_weights_and_applies_them(decide_page: AppTest) -> None:
    at = decide_page
    assert _recommended(at) == "none above 0" or "decide_apply_weights" not in [
        b.key for b in at.button
    ]
    next(b for b in at.button if b.key == "decide_search_weights").click().run()
    assert not at.exception, at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "Recommended weights:" in text
    assert "Costliest source:** synthetic\\_templated" in text
    next(b for b in at.button if b.key == "decide_apply_weights").click().run()
    assert not at.exception, at.exception
    assert at.session_state["mix_weight_synthetic_templated"] == 0.0
    assert at.session_state["mix_weight_synthetic_skewed"] == 1.0
    assert at.title[0].value == "Mix"


def test_guardrails_the_user_sets_change_the_recommendation(shared_cache: Path) -> None:
    strict = [g if g.metric != "exact_duplicate_rate" else Guardrail(g.metric, 0.0, "below", "x")
              for g in default_guardrails()]  # fmt: skip
    at = _decide(strict)
    assert _recommended(at) == "none above 0"
    assert "Exact duplicates" in " ".join(m.value for m in at.markdown)
