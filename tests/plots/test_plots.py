"""mixscope.plots: figures carry exactly the numbers of the frame they were built from."""

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from mixscope.plots import (
    ROLE_COLORS,
    axis_distribution_figure,
    cluster_coverage_figure,
    composition_figure,
    representation_figure,
    sentiment_figure,
    similarity_histogram,
)
from mixscope.plots.palette import STATUS_COLORS


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


def test_cluster_coverage_draws_both_sides_and_marks_the_missing_clusters():
    table = pd.DataFrame(
        {"cluster": [0, 1, 2, 3], "real_share": [0.5, 2 / 6, 1 / 6, 0.0],
         "mix_share": [0.25, 0.75, 0.0, 0.0], "missing": [False, False, True, False]}
    )  # fmt: skip
    figure = cluster_coverage_figure(table)
    traces = {t.name: t for t in figure.data}
    assert list(traces["real corpus"].y) == [0.5, 2 / 6, 1 / 6, 0.0]
    assert list(traces["mix"].x) == ["c0", "c1", "c2", "c3"]
    assert list(traces["missing in the mix"].x) == ["c2"]


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


def test_representation_bars_follow_their_status_and_the_band():
    table = pd.DataFrame(
        {"label": ["gender:women", "gender:men", "gender:non-binary", "age:older"],
         "ratio": [0.6, 1.4, np.nan, 0.7], "ratio_low": [0.5, 1.3, np.nan, 0.55],
         "ratio_high": [0.7, 1.5, np.nan, 0.9], "status": ["warn", "pass", "n/a", "pass"],
         "note": ["", "over-represented", "too few mentions", ""],
         "mix_n": [300, 700, 0, 40], "real_n": [500, 500, 2, 50]}
    )  # fmt: skip
    figure = representation_figure(table, band=(0.8, 1.25))
    traces = {t.name: t for t in figure.data}
    assert list(traces["warn"].x) == [0.6] and traces["warn"].marker.color == STATUS_COLORS["warn"]
    # a bar below the line whose interval reaches it passes, and its error bar shows why
    passed = traces["pass"]
    assert list(passed.x) == [1.4, 0.7] and passed.marker.color == STATUS_COLORS["pass"]
    assert list(passed.error_x.array) == pytest.approx([0.1, 0.2])
    assert list(passed.error_x.arrayminus) == pytest.approx([0.1, 0.15])
    few = traces["too few mentions"]
    assert list(few.y) == ["gender:non-binary"] and set(few.text) == {"too few mentions"}
    assert {s.x0 for s in figure.layout.shapes} == {0.8, 1.0, 1.25}


def test_sentiment_figure_draws_only_the_judged_groups():
    table = pd.DataFrame(
        {"label": ["gender:women", "gender:men"], "real_mean": [0.5, -0.1],
         "mix_mean": [0.1, 0.0], "judged": [True, False]}
    )  # fmt: skip
    figure = sentiment_figure(table)
    assert [list(t.x) for t in figure.data] == [[0.5], [0.1]]
    assert [list(t.y) for t in figure.data] == [["gender:women"]] * 2


def test_axis_distribution_has_both_sides_and_their_means():
    figure = axis_distribution_figure(np.array([0.0, 0.2]), np.array([0.4, 0.6]), axis="gender")
    assert [t.name for t in figure.data] == ["real corpus", "mix"]
    assert sorted(s.x0 for s in figure.layout.shapes) == pytest.approx([0.1, 0.5])


def test_user_text_is_shown_as_written_never_as_html():
    # plotly renders <a>, <b>, <br> in labels: a corpus named like a link must stay text
    name = '<a href="https://example.invalid">click</a>'
    counts = _counts().assign(source=[name, "templated", "<b>bold</b>"])
    figure = composition_figure(counts)
    labels = [y for trace in figure.data for y in trace.y] + list(figure.layout.yaxis.categoryarray)
    assert not any("<" in label or ">" in label for label in labels)
    assert '&lt;a href="https://example.invalid"&gt;click&lt;/a&gt;' in labels
    frame = pd.DataFrame({"similarity": [0.5], "group": ["<i>mine</i>"]})
    assert similarity_histogram(frame, threshold=0.9, title="x").data[0].name == (
        "&lt;i&gt;mine&lt;/i&gt;"
    )
    table = pd.DataFrame(
        {"label": ["<script>x</script>"], "ratio": [1.0], "ratio_low": [0.9], "ratio_high": [1.1],
         "status": ["pass"], "note": ["<b>"], "mix_n": [3], "real_n": [3]}
    )  # fmt: skip
    bars = representation_figure(table, band=(0.8, 1.25)).data[0]
    assert list(bars.y) == ["&lt;script&gt;x&lt;/script&gt;"]
