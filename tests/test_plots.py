"""mixscope.plots: figures carry exactly the numbers of the frame they were built from."""

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from mixscope.metrics.groups import group_mentions
from mixscope.plots import (
    FOUR_FIFTHS_BAND,
    ROLE_COLORS,
    axis_distribution_figure,
    cluster_coverage_figure,
    cluster_table,
    composition_figure,
    format_value,
    metric_cards,
    representation_figure,
    representation_table,
    sentiment_figure,
    sentiment_table,
    similarity_histogram,
)


def _counts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source": ["human", "templated", "skewed"],
            "role": ["real", "synthetic", "synthetic"],
            "n": [750, 150, 100],
            "share": [0.75, 0.15, 0.10],
        }
    )


def test_one_trace_per_role_with_the_counts_of_its_sources():
    figure = composition_figure(_counts())
    assert isinstance(figure, go.Figure)
    by_role = {trace.name: trace for trace in figure.data}
    assert set(by_role) == {"real", "synthetic"}
    assert list(by_role["real"].y) == ["human"]
    assert list(by_role["real"].x) == [750]
    assert list(by_role["synthetic"].y) == ["templated", "skewed"]
    assert list(by_role["synthetic"].x) == [150, 100]


def test_bars_are_labelled_with_count_and_share_and_coloured_by_role():
    figure = composition_figure(_counts())
    synthetic = next(t for t in figure.data if t.name == "synthetic")
    assert list(synthetic.text) == ["150 (15.0%)", "100 (10.0%)"]
    assert synthetic.marker.color == ROLE_COLORS["synthetic"]


def test_sources_keep_the_order_of_the_frame_top_to_bottom():
    figure = composition_figure(_counts())
    # plotly draws the first category at the bottom, so the array is reversed
    assert list(figure.layout.yaxis.categoryarray) == ["skewed", "templated", "human"]


def test_a_role_without_sources_has_no_trace():
    counts = _counts().iloc[:1]
    assert [trace.name for trace in composition_figure(counts).data] == ["real"]


def test_an_empty_mix_says_so():
    counts = _counts().assign(n=0, share=0.0)
    texts = [a.text for a in composition_figure(counts).layout.annotations]
    assert texts == ["The mix is empty"]


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match=r"missing \['share'\]"):
        composition_figure(_counts().drop(columns="share"))


# --- metric results -------------------------------------------------------------------------


def _table(values: dict[str, float], statuses: dict[str, str]) -> pd.DataFrame:
    names = list(values)
    return pd.DataFrame(
        {
            "metric": names,
            "group": ["x"] * len(names),
            "value": [values[n] for n in names],
            "status": [statuses[n] for n in names],
            "settings": [json.dumps({"sample_size": 10})] * len(names),
        }
    )


def test_cards_carry_value_delta_status_and_colour_by_goal():
    table = _table(
        {"vendi": 90.0, "exact_duplicate_rate": 0.05, "density": 0.8},
        {"vendi": "pass", "exact_duplicate_rate": "fail", "density": "warn"},
    )
    baseline = _table(
        {"vendi": 100.0, "exact_duplicate_rate": 0.01, "density": float("nan")},
        {"vendi": "pass", "exact_duplicate_rate": "pass", "density": "n/a"},
    )
    cards = metric_cards(table, baseline).set_index("metric")
    assert cards.loc["vendi", "delta"] == -10.0
    assert cards.loc["vendi", "delta_shown"] == "-10"
    assert cards.loc["vendi", "delta_color"] == "normal"  # higher is better
    assert cards.loc["exact_duplicate_rate", "shown"] == "5.0%"
    assert cards.loc["exact_duplicate_rate", "delta_shown"] == "+4.0 pp"
    assert cards.loc["exact_duplicate_rate", "delta_color"] == "inverse"  # lower is better
    assert cards.loc["density", "delta_shown"] is None  # no baseline value: no delta, not "nan"
    assert cards.loc["density", "delta_color"] == "off"  # a target: neither way is good
    assert cards["status"].tolist() == ["pass", "fail", "warn"]


def test_cards_without_a_baseline_have_no_delta():
    cards = metric_cards(_table({"vendi": 3.0}, {"vendi": "pass"}))
    assert cards["delta_shown"].tolist() == [None]
    assert cards["unit"].tolist() == ["effective documents"]


def test_values_are_formatted_by_unit():
    assert format_value(0.5, "share of real clusters") == "50.0%"
    assert format_value(1234.5678, "bits") == "1235"
    assert format_value(float("inf"), "bits") == "n/a"


def test_cluster_table_counts_shares_and_marks_missing_clusters():
    real = np.array([0, 0, 0, 1, 1, 2])  # cluster 2 is real-only, cluster 3 is empty everywhere
    mixed = np.array([0, 1, 1, 1])
    table = cluster_table(real, mixed, n_clusters=4)
    assert table["cluster"].tolist() == [0, 1, 2, 3]  # by real share, largest first
    assert table["real_n"].tolist() == [3, 2, 1, 0]
    assert table["mix_n"].tolist() == [1, 3, 0, 0]
    assert table["mix_share"].tolist() == [0.25, 0.75, 0.0, 0.0]
    assert table["missing"].tolist() == [False, False, True, False]
    figure = cluster_coverage_figure(table)
    traces = {t.name: t for t in figure.data}
    assert list(traces["real corpus"].y) == [0.5, 2 / 6, 1 / 6, 0.0]
    assert list(traces["mix"].x) == ["c0", "c1", "c2", "c3"]
    assert list(traces["missing in the mix"].x) == ["c2"]


def test_cluster_labels_out_of_range_are_refused():
    with pytest.raises(ValueError, match=r"labels must be in \[0, 2\)"):
        cluster_table(np.array([0, 5]), np.array([0]), n_clusters=2)


def test_similarity_histogram_has_a_trace_per_group_and_the_threshold_line():
    frame = pd.DataFrame(
        {"similarity": [0.2, 0.97, 0.99, np.nan, 0.5], "group": ["real", "synthetic",
                                                                  "synthetic", "real", "real"]}
    )  # fmt: skip
    figure = similarity_histogram(frame, threshold=0.95, title="cosine")
    assert [t.name for t in figure.data] == ["real", "synthetic"]
    assert list(figure.data[0].x) == [0.2, 0.5]  # NaN left out
    (line,) = figure.layout.shapes
    assert (line.x0, line.x1) == (0.95, 0.95)
    assert figure.layout.annotations[0].text == "threshold 0.95: 2 at or above"


def test_representation_follows_the_metric_rule_and_the_four_fifths_band():
    # Counts large enough that the metric's 95% bounds leave no doubt (see representation_ratios).
    real = group_mentions(["she"] * 500 + ["he"] * 500 + ["they are nonbinary"] * 2 + ["x"] * 498)
    mixed = group_mentions(["she"] * 300 + ["he"] * 700 + ["x"] * 500)
    table = representation_table(mixed, real, min_docs=5).set_index("label")
    assert table.loc["gender:women", "ratio"] == pytest.approx(0.6)  # (300/1500) / (500/1500)
    assert table.loc["gender:men", "ratio"] == pytest.approx(1.4)
    assert table.loc["gender:women", "status"] == "under-represented"
    assert table.loc["gender:men", "status"] == "over-represented"
    assert table.loc["gender:non-binary", "status"] == "too few mentions"  # 2 < 5 real mentions
    assert np.isnan(table.loc["gender:non-binary", "ratio"])
    figure = representation_figure(table.reset_index())
    few = next(t for t in figure.data if t.name == "too few mentions")
    assert "gender:non-binary" in list(few.y) and set(few.text) == {"too few mentions"}
    assert {s.x0 for s in figure.layout.shapes} == {FOUR_FIFTHS_BAND[0], 1.0, 1.25}


def test_sentiment_table_judges_groups_with_enough_documents_on_both_sides():
    real = pd.DataFrame({"axis": ["gender"] * 2, "group": ["women", "men"], "n": [10, 2],
                         "mean": [0.5, -0.1]})  # fmt: skip
    mixed = real.assign(n=[8, 9], mean=[0.1, 0.0])
    table = sentiment_table(real, mixed, min_docs=5)
    assert table["judged"].tolist() == [True, False]
    figure = sentiment_figure(table)
    assert [list(t.x) for t in figure.data] == [[0.5], [0.1]]
    assert [list(t.y) for t in figure.data] == [["gender:women"]] * 2


def test_axis_distribution_has_both_sides_and_their_means():
    figure = axis_distribution_figure(np.array([0.0, 0.2]), np.array([0.4, 0.6]), axis="gender")
    assert [t.name for t in figure.data] == ["real corpus", "mix"]
    assert sorted(s.x0 for s in figure.layout.shapes) == pytest.approx([0.1, 0.5])
