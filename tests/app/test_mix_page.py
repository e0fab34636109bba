"""Mix page (AppTest): default composition, the slider changes it, bad requests show an error."""

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from mixscope.corpus import load_demo_corpora
from mixscope.mixing import MixConfig, mix

DEMO = load_demo_corpora()


@pytest.fixture
def page(app: AppTest) -> AppTest:
    app.switch_page("views/mix.py").run()
    assert not app.exception, app.exception
    return app


def _counts(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value


def _synthetic(counts: pd.DataFrame) -> int:
    return int(counts.loc[counts["role"] == "synthetic", "n"].sum())


def test_default_mix_shows_its_composition(page: AppTest):
    share, size = page.slider(key="mix_share").value, page.number_input(key="mix_size").value
    counts = _counts(page)
    assert counts["source"].tolist() == [c.name for c in DEMO]
    assert counts["n"].sum() == size
    assert _synthetic(counts) == round(share * size)
    assert len(page.get("plotly_chart")) == 1
    assert not page.error
    metrics = {m.label: m.value for m in page.metric}
    assert metrics["Documents"] == f"{size:,}"


def test_the_page_shows_what_the_core_computes(page: AppTest):
    config = MixConfig(
        synthetic_share=page.slider(key="mix_share").value,
        size=page.number_input(key="mix_size").value,
    )
    expected = mix(DEMO, config).counts()
    pd.testing.assert_frame_equal(_counts(page), expected)


def test_moving_the_share_slider_changes_the_counts(page: AppTest):
    before = _synthetic(_counts(page))
    page.slider(key="mix_share").set_value(0.6).run()
    size = page.number_input(key="mix_size").value
    after = _synthetic(_counts(page))
    assert after == round(0.6 * size) != before
    assert _counts(page)["n"].sum() == size


def test_weights_split_the_synthetic_documents(page: AppTest):
    first, second = (c.name for c in DEMO[1:])
    page.slider(key="mix_share").set_value(0.5)
    page.slider(key=f"mix_weight_{second}").set_value(0.0).run()
    counts = _counts(page).set_index("source")["n"]
    assert counts[second] == 0
    assert counts[first] == round(0.5 * page.number_input(key="mix_size").value)


def test_accumulate_keeps_every_real_document(page: AppTest):
    page.radio(key="mix_mode").set_value("accumulate").run()
    assert page.number_input(key="mix_size").disabled
    counts = _counts(page).set_index("source")["n"]
    assert counts[DEMO[0].name] == len(DEMO[0])


def test_a_size_beyond_the_corpora_is_bounded_next_to_its_control(app: AppTest):
    # 0.25 of the size is synthetic (two sources of 1,800), the rest real (3,600): at most 4,800.
    # (The browser's number box stops at its maximum; a link can still ask for more.)
    page = AppTest.from_file(app._script_path, default_timeout=120)
    page.query_params["size"] = str(10 * len(DEMO[0]))
    page.run()
    page.switch_page("views/mix.py").run()
    size = page.number_input(key="mix_size")
    assert page.session_state["mix_size"] == 4_800 and size.max == 4_800
    assert "the corpora allow 4,800" in size.help
    assert not page.error and not page.exception
    assert page.metric[0].value == "4,800"  # the page goes on with the mix it can draw


def test_accumulate_mode_bounds_the_share_and_says_why(page: AppTest):
    page.radio(key="mix_mode").set_value("accumulate")
    page.slider(key="mix_share").set_value(1.0).run()
    # every one of the 3,600 real documents is kept; 3,600 synthetic ones reach 0.5 at most
    share = page.slider(key="mix_share")
    assert share.max == 0.5 and share.value == 0.5
    captions = [c.value.replace("\\", "") for c in page.caption]
    assert any("Accumulate keeps all 3,600 real documents" in c for c in captions), captions
    assert not page.error and not page.exception


def test_stratified_sampling_without_a_shared_column_offers_uniform(page: AppTest):
    # a synthetic corpus with no metadata: no column is shared by every corpus
    import pandas as pd

    from mixscope.corpus import Corpus

    bare = Corpus("bare", "synthetic", pd.DataFrame({"source_row": [0, 1], "text": ["a", "b"]}),
                  "text")  # fmt: skip
    page.session_state["corpora"] = [*page.session_state["corpora"], bare]
    page.selectbox(key="mix_strategy").set_value("stratified").run()
    assert any("no column is shared by every corpus" in w.value for w in page.warning)
    page.button(key="mix_use_uniform").click().run()
    assert not page.exception, page.exception
    assert page.selectbox(key="mix_strategy").value == "uniform"
    assert not page.warning and not page.exception


def test_settings_survive_a_visit_to_the_corpora_page(page: AppTest):
    page.slider(key="mix_share").set_value(0.4).run()
    page.switch_page("views/corpora.py").run()
    page.switch_page("views/mix.py").run()
    assert page.slider(key="mix_share").value == 0.4


def test_downloads_and_health_metrics_are_there(page: AppTest):
    labels = [b.label for b in page.get("download_button")]
    assert labels == [
        "Download mix CSV",
        "Download CSV for spreadsheets",
        "Download mix Parquet",
        "Download mix JSONL",
        "Download mix with findings (CSV)",  # disabled until the metrics are computed
        "Download manifest (JSON)",
        "Download health report (HTML)",  # disabled until the metrics are computed
        "Download mix spec",
    ]
    assert "Health metrics" in [h.value for h in page.subheader]


def test_stratified_sampling_asks_for_a_column_then_mixes(page: AppTest):
    page.selectbox(key="mix_strategy").set_value("stratified").run()
    assert not page.error
    assert len(page.info) == 1  # "choose the column" rather than an error
    assert "topic" in page.selectbox(key="mix_stratify_by").options
    page.selectbox(key="mix_stratify_by").set_value("topic").run()
    assert not page.error
    assert not [i for i in page.info if "metadata column" in i.value]  # only the metrics' one
    assert _counts(page)["n"].sum() == page.number_input(key="mix_size").value


def test_all_weights_zero_is_refused(page: AppTest):
    for corpus in DEMO[1:]:
        page.slider(key=f"mix_weight_{corpus.name}").set_value(0.0)
    page.run()
    assert len(page.error) == 1
    assert "weights" in page.error[0].value


def test_reset_to_demo_restores_the_default_settings(page: AppTest):
    page.slider(key="mix_share").set_value(0.4).run()
    page.switch_page("views/corpora.py").run()
    next(b for b in page.button if b.label == "Reset to demo corpora").click().run()
    page.switch_page("views/mix.py").run()
    assert page.slider(key="mix_share").value == 0.25


def test_a_click_on_a_document_row_shows_its_whole_text(page: AppTest):
    sample = next(df.value for df in page.dataframe if "text" in df.value.columns)
    assert any(c.value == "Click a row to read its whole text." for c in page.caption)
    page.session_state["docs_mix_sample"] = {"selection": {"rows": [2], "columns": [], "cells": []}}
    page.run()
    assert not page.exception
    texts = [t.value for t in page.text]
    row = sample.iloc[2]
    assert row["text"] in texts  # the whole text, as plain text (never markdown)
    assert f"source {row['source']}, source_row {row['source_row']}, role {row['role']}" in texts
