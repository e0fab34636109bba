"""Metric pages (AppTest): cards with statuses on the Mix page, the four detail pages, the
thresholds, and what is shown before the embeddings exist.

The index of the demo corpora takes a while to build, so the tests of this module share one
embedding cache and Streamlit's in-process caches (cleared once, at the start of the module).
"""

import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mixscope.evaluation import GROUPS, REGISTRY, default_metrics

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 180
STATUSES = ("pass", "warn", "fail", "n/a")
CARD = re.compile(
    r"^:(\w+)-badge\[:material/\w+: ([a-z/]+)\]( :gray-badge\[:material/tune: uncalibrated\])? "
    r"\*\*(.+)\*\*$"
)
PAGES = ("views/diversity.py", "views/duplicates.py", "views/fidelity.py", "views/bias.py")


def _app(page: str = "views/mix.py") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.session_state["model"] = "lexical (fast)"
    at.session_state["metrics_sample_size"] = 300
    at.session_state["metrics_n_boot"] = 20
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def mix_page(shared_cache: Path) -> AppTest:
    """The Mix page with the embeddings computed (once per module) and the metrics shown."""
    at = _app()
    compute = [b for b in at.button if b.key == "metrics_compute_embeddings"]
    if compute:
        compute[0].click().run()
        assert not at.exception, at.exception
    return at


BY_LABEL = {metric.label: name for name, metric in REGISTRY.items()}


def _values(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def _cards(at: AppTest) -> dict[str, str]:
    """Metric name -> status, from the badge line of each card (which shows the label)."""
    found = [CARD.match(m.value) for m in at.markdown]
    labels = [(m[4].replace("\\", ""), m[2]) for m in found if m]
    return {BY_LABEL[label]: status for label, status in labels if label in BY_LABEL}


def _deltas(at: AppTest) -> dict[str, str | None]:
    """Metric name -> delta shown on its card (the cards are the page's last metrics)."""
    names = list(_cards(at))
    return dict(zip(names, [m.delta for m in at.metric][-len(names) :], strict=True))


def test_without_embeddings_the_metrics_offer_to_compute_them(app: AppTest):
    app.switch_page("views/mix.py").run()
    assert not app.exception and not app.error
    assert "Compute embeddings" in [b.label for b in app.button]
    assert any("embeddings" in info.value for info in app.info)
    assert not _cards(app)  # nothing pretends to be a result
    app.switch_page("views/diversity.py").run()
    assert not app.exception and not app.error
    assert any("embeddings" in info.value for info in app.info)


def test_mix_page_shows_a_card_with_a_status_for_every_metric(mix_page: AppTest):
    assert not mix_page.error
    cards = _cards(mix_page)
    assert list(cards) == default_metrics()
    assert set(cards.values()) <= set(STATUSES)
    assert {"pass", "fail"} <= set(cards.values())  # the demo mix is not all healthy
    # the delta is against the real-only mix: fidelity has no synthetic part there
    deltas = _deltas(mix_page)
    assert deltas["precision"] in (None, "")
    assert deltas["exact_duplicate_rate"].endswith("pp")


def test_the_full_table_carries_the_settings_of_every_number(mix_page: AppTest):
    table = next(df.value for df in mix_page.dataframe if "settings" in df.value.columns)
    assert table["metric"].tolist() == default_metrics()
    assert table["settings"].str.contains('"sample_size": ').all()
    assert table["settings"].str.contains('"model_id": "lexical').all()


def test_changing_a_threshold_changes_the_status(mix_page: AppTest):
    before = _cards(mix_page)["exact_duplicate_rate"]
    assert before == "pass"
    mix_page.number_input(key="threshold_exact_duplicate_rate_warn").set_value(0.0)
    mix_page.number_input(key="threshold_exact_duplicate_rate_fail").set_value(0.0).run()
    assert not mix_page.exception and not mix_page.error
    value = (
        next(df.value for df in mix_page.dataframe if "settings" in df.value.columns)
        .set_index("metric")
        .loc["exact_duplicate_rate", "value"]
    )
    expected = "fail" if value > 0 else "pass"
    assert _cards(mix_page)["exact_duplicate_rate"] == expected


def test_choosing_a_label_column_makes_label_tvd_applicable(mix_page: AppTest):
    assert _cards(mix_page)["label_tvd"] == "n/a"  # no label column chosen yet
    mix_page.selectbox(key="metrics_label_column").set_value("topic").run()
    assert not mix_page.exception and not mix_page.error
    table = next(df.value for df in mix_page.dataframe if "settings" in df.value.columns)
    row = table.set_index("metric").loc["label_tvd"]
    assert '"label_column": "topic"' in row["settings"]
    assert 0.0 <= row["value"] <= 1.0
    assert _cards(mix_page)["label_tvd"] in ("pass", "warn", "fail")


def test_thresholds_in_the_wrong_order_show_the_core_error(mix_page: AppTest):
    # higher is better for vendi: warn must be >= fail
    mix_page.number_input(key="threshold_vendi_warn").set_value(0.5)
    mix_page.number_input(key="threshold_vendi_fail").set_value(0.9).run()
    assert not mix_page.exception
    assert len(mix_page.error) == 1
    assert "warn >= fail" in mix_page.error[0].value.replace("\\", "")
    assert not _cards(mix_page)


@pytest.mark.parametrize("page", PAGES)
def test_each_metric_page_renders_its_cards_and_charts(mix_page: AppTest, page: str):
    mix_page.switch_page(page).run()
    assert not mix_page.exception, mix_page.exception
    assert not mix_page.error
    group = GROUPS[PAGES.index(page)]
    expected = [m for m in default_metrics() if REGISTRY[m].group == group]
    assert list(_cards(mix_page)) == expected
    assert len(mix_page.get("plotly_chart")) >= 1


def test_metric_pages_follow_the_mix_page_settings(mix_page: AppTest):
    mix_page.slider(key="mix_share").set_value(0.0).run()
    mix_page.switch_page("views/fidelity.py").run()
    assert not mix_page.exception
    assert set(_cards(mix_page).values()) == {"n/a"}  # no synthetic documents to judge


def test_duplicates_page_shows_a_cluster_side_by_side(mix_page: AppTest):
    mix_page.slider(key="mix_share").set_value(0.8).run()
    mix_page.switch_page("views/duplicates.py").run()
    assert not mix_page.exception and not mix_page.error
    chosen = mix_page.selectbox(key="dup_cluster")
    assert chosen.options  # the templated demo corpus repeats itself
    assert len(mix_page.text) >= 4  # at least two members: a header and the text each
    mix_page.radio(key="dup_kind").set_value("semantic (embedding cosine)").run()
    assert not mix_page.exception and not mix_page.error


def test_bias_page_shows_every_concept_axis(mix_page: AppTest):
    mix_page.switch_page("views/bias.py").run()
    axes = mix_page.selectbox(key="bias_axis")
    assert axes.value == "gender"
    assert set(axes.options) >= {"gender", "sentiment"}
    axes.set_value("sentiment").run()
    assert not mix_page.exception and not mix_page.error


def _table(at: AppTest) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if "settings" in df.value.columns)


def test_a_metric_page_opened_first_shows_the_mix_page_default_mix(mix_page: AppTest):
    # One builder and one set of defaults: the Diversity page, opened before the Mix page was
    # ever drawn, evaluates exactly the mix the Mix page shows by default.
    on_mix = _table(mix_page).set_index("metric")
    direct = _app("views/diversity.py")
    assert not direct.error
    on_page = _table(direct).set_index("metric")
    assert len(on_page) and set(on_page.index) <= set(on_mix.index)
    pd.testing.assert_frame_equal(on_page, on_mix.loc[on_page.index])


def test_reset_clears_every_setting_the_user_made(mix_page: AppTest):
    mix_page.slider(key="mix_share").set_value(0.6)
    mix_page.number_input(key="threshold_vendi_warn").set_value(0.95)
    mix_page.number_input(key="metrics_n_boot").set_value(50)
    mix_page.selectbox(key="metrics_label_column").set_value("topic").run()
    mix_page.switch_page("views/corpora.py").run()
    next(b for b in mix_page.button if b.label == "Reset to demo corpora").click().run()
    state = mix_page.session_state
    for key in ("mix_share", "threshold_vendi_warn", "metrics_n_boot", "metrics_label_column"):
        assert key not in state
    assert state["model"] == "all-MiniLM-L6-v2"  # the model choice is a setting too
    mix_page.session_state["model"] = "lexical (fast)"
    mix_page.switch_page("views/mix.py").run()
    assert not mix_page.exception
    assert mix_page.slider(key="mix_share").value == 0.25
    assert mix_page.number_input(key="threshold_vendi_warn").value == REGISTRY["vendi"].warn
    assert mix_page.number_input(key="metrics_n_boot").value == 200


def test_the_verdict_comes_first_in_words(mix_page: AppTest):
    table = _table(mix_page)
    failing = table.loc[table["status"] == "fail", "metric"].tolist()
    assert failing  # the demo mix has defects
    verdict = next(m.value for m in mix_page.markdown if "judged metrics" in m.value)
    assert verdict.startswith(":red-badge[") and f"{len(failing)} of " in verdict
    for name in failing:  # each failure named in words, with why it matters
        assert f"**{REGISTRY[name].label}**. {REGISTRY[name].why}" in verdict
    assert name not in verdict.replace(REGISTRY[name].label, "")  # no identifiers
    counts = [c.value for c in mix_page.caption if c.value.startswith("Diversity: ")]
    assert counts and "Duplication: " in counts[0] and " fail" in counts[0]


@pytest.mark.parametrize("page", PAGES)
def test_each_metric_page_says_which_mix_it_shows(mix_page: AppTest, page: str):
    mix_page.switch_page(page).run()
    captions = [c.value.replace("\\", "") for c in mix_page.caption]
    mix = next(c for c in captions if c.startswith("Mix of "))
    assert "1,000 documents, 25% synthetic (real 750, synthetic_templated 125" in mix
    assert "replace mode, uniform sampling, seed 0" in mix


def test_the_manifest_records_the_model_and_the_metrics(mix_page: AppTest) -> None:
    import json

    from components import data, state
    from mixscope.evaluation import evaluate
    from mixscope.mixing import MixConfig

    model = state.MODEL_CHOICES["lexical (fast)"]
    corpora = data.demo_corpora()
    index = data.cached_index(corpora, model)  # built by the Mix page above
    assert index is not None
    result = data.mixed(corpora, MixConfig(synthetic_share=0.3, size=400))
    evaluation = evaluate(result, index, sample_size=300, n_boot=20)
    manifest = json.loads(data.manifest_json(result, model=model, metrics=evaluation))
    assert manifest["model"]["id"] == data.embedder(model).model_id
    assert manifest["model"]["backend"] == "Lexical"
    recorded = {m["metric"]: m["status"] for m in manifest["metrics"]}
    assert recorded == dict(
        zip(evaluation.table["metric"], evaluation.table["status"], strict=True)
    )
    without = json.loads(data.manifest_json(result))
    assert without["model"] is None and "metrics" not in without


def test_a_model_without_calibration_is_said_on_its_cards_and_the_verdict(mix_page: AppTest):
    # The lexical embedder has no calibration for the semantic-duplicate cosine threshold.
    label = REGISTRY["semantic_duplicate_rate"].label
    badges = {m[4].replace("\\", ""): bool(m[3]) for m in map(CARD.match, _values(mix_page)) if m}
    assert badges[label] and sum(badges.values()) == 1  # on that card, and on no other
    verdict = next(m.value for m in mix_page.markdown if "judged metrics" in m.value)
    assert f"not calibrated for this embedding model: {label}" in verdict
