"""Saved mixes side by side as figures: known tables give known bars, and names stay text."""

from __future__ import annotations

import pandas as pd
import pytest

from mixscope.plots import mixes_composition_figure, relative_change_figure

HOSTILE = '<a href="http://x">me</a>'


def test_each_source_stacks_its_documents_on_each_mix() -> None:
    parts = pd.DataFrame({
        "mix": ["a", "a", "b", "b", "b"],
        "source": ["human", "gen", "human", "gen", "other"],
        "n": [750, 250, 500, 300, 200],
        "share": [0.75, 0.25, 0.5, 0.3, 0.2],
    })  # fmt: skip
    figure = mixes_composition_figure(parts)
    assert figure.layout.barmode == "stack"
    bars = {t.name: (list(t.y), list(t.x), list(t.customdata)) for t in figure.data}
    assert bars == {
        "human": (["a", "b"], [750, 500], [0.75, 0.5]),
        "gen": (["a", "b"], [250, 300], [0.25, 0.3]),
        "other": (["a", "b"], [0, 200], [0.0, 0.2]),  # absent from a: a zero-length bar
    }
    assert list(figure.layout.yaxis.categoryarray) == ["b", "a"]  # first mix on top


def test_changes_are_grouped_by_mix_with_a_zero_line() -> None:
    changes = pd.DataFrame({
        "metric": ["vendi", "tvd", "vendi", "tvd"],
        "mix": ["b", "b", "c", "c"],
        "change %": [-25.0, 50.0, 10.0, -5.0],
    })  # fmt: skip
    figure = relative_change_figure(changes, first="a")
    assert figure.layout.barmode == "group"
    assert [(t.name, list(t.y), list(t.x)) for t in figure.data] == [
        ("b", ["vendi", "tvd"], [-25.0, 50.0]),
        ("c", ["vendi", "tvd"], [10.0, -5.0]),
    ]
    assert figure.layout.shapes[0].x0 == 0 and "against a" in figure.layout.xaxis.title.text


def test_user_names_are_escaped_in_every_figure() -> None:
    escaped = '&lt;a href="http://x"&gt;me&lt;/a&gt;'
    parts = pd.DataFrame({"mix": [HOSTILE], "source": [HOSTILE], "n": [1], "share": [1.0]})
    stacked = mixes_composition_figure(parts)
    assert stacked.data[0].name == escaped and list(stacked.data[0].y) == [escaped]
    changes = pd.DataFrame({"metric": ["vendi"], "mix": [HOSTILE], "change %": [1.0]})
    grouped = relative_change_figure(changes, first=HOSTILE)
    assert grouped.data[0].name == escaped
    title = grouped.layout.xaxis.title.text
    assert HOSTILE not in title and escaped in title


def test_a_missing_column_is_named() -> None:
    with pytest.raises(ValueError, match="share"):
        mixes_composition_figure(pd.DataFrame({"mix": ["a"], "source": ["s"], "n": [1]}))
    with pytest.raises(ValueError, match="change %"):
        relative_change_figure(pd.DataFrame({"metric": ["m"], "mix": ["b"]}), first="a")
