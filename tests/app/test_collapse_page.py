"""The Collapse page (AppTest): nothing runs until Run; then the chart, the values, the settings.

The simulation embeds its own generations with the lexical embedder: the page needs no corpus
embeddings, so it works before anything is computed on the Corpora page.
"""

import math

from streamlit.testing.v1 import AppTest

PAGE = "views/collapse.py"


def _page(app: AppTest) -> AppTest:
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    return app


def _small(at: AppTest) -> None:
    at.number_input(key="collapse_n_docs").set_value(150)
    at.number_input(key="collapse_generations").set_value(2)


def test_nothing_runs_until_the_button_is_pressed(app: AppTest) -> None:
    at = _page(app)
    assert not at.get("plotly_chart")
    assert any("press Run" in i.value for i in at.info)
    labels = at.multiselect(key="collapse_regimes").value
    assert labels == ["replace", "accumulate", "fresh", "mix"]
    assert any("not predict a real model" in w.value for w in at.warning)


def test_run_shows_the_chart_and_the_values_of_every_regime(app: AppTest) -> None:
    at = _page(app)
    _small(at)
    at.run()
    at.button(key="collapse_run").click().run()
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert len(at.get("plotly_chart")) == 1
    table = at.dataframe[0].value
    assert set(table["regime"]) == {
        "replace", "accumulate", "fresh (20% real)", "current mix (share 0.25)",
    }  # fmt: skip
    assert set(table["metric"]) == {
        "vendi", "cluster_coverage", "distinct_2", "tail_retention", "embedding_variance",
    }  # fmt: skip
    assert all(math.isfinite(v) for v in table["end"])
    tail = table[table["metric"] == "tail_retention"].set_index("regime")
    assert (tail["start"] == 1.0).all()
    assert tail.loc["replace", "end"] < 1.0
    # a rerun with the same settings shows the stored result without running again
    at.run()
    assert len(at.get("plotly_chart")) == 1


def test_gaussian_generator_runs_without_text_metrics(app: AppTest) -> None:
    at = _page(app)
    _small(at)
    at.radio(key="collapse_generator").set_value("gaussian")
    at.multiselect(key="collapse_regimes").set_value(["replace"])
    at.run()
    at.button(key="collapse_run").click().run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert set(table["metric"]) == {"vendi", "cluster_coverage", "embedding_variance"}


def test_no_regime_is_an_error_in_words(app: AppTest) -> None:
    at = _page(app)
    at.multiselect(key="collapse_regimes").set_value([])
    at.run()
    assert not at.exception, at.exception
    assert any("regimes must be one or more" in e.value.replace("\\", "") for e in at.error)
    assert not at.get("plotly_chart")
