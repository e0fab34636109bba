"""collapse_figure: one panel per metric, one line per regime, exactly the frame's numbers."""

import math

import pandas as pd
import plotly.graph_objects as go
import pytest

from mixscope.plots import collapse_figure
from mixscope.plots.collapse import REGIME_COLORS


def _rows() -> pd.DataFrame:
    records = []
    for regime, loss in (("replace", 0.3), ("accumulate", 0.05)):
        for g in range(3):
            records.append((regime, g, "tail_retention", 1.0 - loss * g))
            records.append((regime, g, "vendi", 50.0 - 10 * loss * g))
    return pd.DataFrame.from_records(records, columns=["regime", "generation", "metric", "value"])


def test_one_line_per_metric_and_regime_with_the_frame_values() -> None:
    figure = collapse_figure(_rows())
    assert isinstance(figure, go.Figure)
    assert len(figure.data) == 4
    first = figure.data[0]
    assert first.name == "replace"
    assert list(first.x) == [0, 1, 2]
    assert list(first.y) == pytest.approx([1.0, 0.7, 0.4])
    assert first.line.color == REGIME_COLORS["replace"]


def test_panels_are_titled_by_metric_in_order_of_appearance() -> None:
    titles = [a.text for a in collapse_figure(_rows()).layout.annotations]
    assert titles == ["Rare words kept (tail retention)", "Vendi score (effective documents)"]


def test_each_regime_has_one_legend_entry() -> None:
    shown = [t.name for t in collapse_figure(_rows()).data if t.showlegend]
    assert shown == ["replace", "accumulate"]


def test_labels_name_the_regimes_and_are_escaped() -> None:
    figure = collapse_figure(_rows(), labels={"replace": "<b>mine</b>"})
    assert figure.data[0].name == "&lt;b&gt;mine&lt;/b&gt;"
    assert figure.data[1].name == "accumulate"


def test_generations_are_drawn_in_order_and_nan_leaves_a_gap() -> None:
    rows = _rows().iloc[::-1].reset_index(drop=True)
    rows.loc[rows["generation"] == 1, "value"] = float("nan")
    trace = collapse_figure(rows).data[0]
    assert list(trace.x) == [0, 1, 2]
    assert math.isnan(trace.y[1])


def test_many_metrics_wrap_into_rows_of_panels() -> None:
    rows = pd.DataFrame(
        {"regime": "fresh", "generation": 0, "metric": [f"m{i}" for i in range(5)], "value": 1.0}
    )
    figure = collapse_figure(rows, columns=2)
    assert len(figure.data) == 5
    assert figure.layout.height == 300 * 3 + 90


def test_no_rows_says_so() -> None:
    empty = pd.DataFrame(columns=["regime", "generation", "metric", "value"])
    figure = collapse_figure(empty)
    assert figure.layout.annotations[0].text == "No generations to show"


def test_missing_columns_are_named() -> None:
    with pytest.raises(ValueError, match=r"missing \['value'\]"):
        collapse_figure(_rows().drop(columns="value"))


def test_shares_are_drawn_on_a_fixed_0_to_100_percent_scale() -> None:
    figure = collapse_figure(_rows())
    assert figure.layout.yaxis.tickformat == ".0%"
    assert list(figure.layout.yaxis.range) == [0, 1.05]
    assert figure.layout.yaxis2.range is None  # Vendi: plotly's own range
