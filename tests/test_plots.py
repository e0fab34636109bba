"""mixscope.plots: figures carry exactly the numbers of the frame they were built from."""

import pandas as pd
import plotly.graph_objects as go
import pytest

from mixscope.plots import ROLE_COLORS, composition_figure


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
