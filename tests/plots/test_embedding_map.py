"""The embedding map figure: WebGL points, the mix bright, user text escaped, role colours."""

import json

import pandas as pd
import pytest

from mixscope.plots import MAP_COLOR_BY, ROLE_COLORS, embedding_map_figure
from mixscope.plots.palette import STATUS_COLORS

ATTACK = "<img src=x onerror=alert(1)>"


def _points() -> pd.DataFrame:
    return pd.DataFrame({
        "id": [0, 1, 2, 3, 4, 5],
        "x": [0.0, 0.1, 1.0, 1.1, 2.0, 2.1],
        "y": [0.0, 0.2, 1.0, 0.9, 0.0, 0.1],
        "source": ["human", "human", "gen <b>", "gen <b>", "other", "other"],
        "role": ["real", "real", "synthetic", "synthetic", "synthetic", "synthetic"],
        "cluster": [1, 1, 0, 0, 2, 2],
        "cluster_label": ["c1: goal, team", "c1: goal, team", "c0: soup", "c0: soup",
                          "c2: train", "c2: train"],
        "duplicate": [False, False, True, True, False, False],
        "duplicate_kinds": ["", "", "exact", "exact", "", ""],
        "groups": ["", "gender:women", "", "gender:women;age:old", "", ""],
        "in_mix": [True, False, True, True, False, False],
        "text": [ATTACK, "plain text", "a & b", "x", "y", "z"],
    })  # fmt: skip


def _strings(figure: object) -> str:
    """Every string of the figure's JSON, decoded (``to_json`` writes ``<`` as ``\\u003c``)."""
    return json.dumps(json.loads(figure.to_json()), ensure_ascii=False)  # type: ignore[attr-defined]


def test_points_are_webgl_and_the_mix_is_drawn_bright_on_top():
    figure = embedding_map_figure(_points())
    assert {trace.type for trace in figure.data} == {"scattergl"}
    assert sum(len(trace.x) for trace in figure.data) == 6
    faded = [t for t in figure.data if t.marker.opacity < 0.5]
    bright = [t for t in figure.data if t.marker.opacity > 0.5]
    assert sum(len(t.x) for t in bright) == 3 and sum(len(t.x) for t in faded) == 3
    assert figure.data.index(faded[-1]) < figure.data.index(bright[0])  # mix on top
    # one legend entry per source, also for "other", which has no document in the mix
    assert sorted(t.name for t in figure.data if t.showlegend) == ["gen &lt;b&gt;", "human",
                                                                    "other"]  # fmt: skip


def test_user_text_is_escaped_never_html():
    strings = _strings(embedding_map_figure(_points(), label_clusters=True))
    assert ATTACK not in strings and "<b>gen <b>" not in strings
    assert "&lt;img src=x onerror=alert(1)&gt;" in strings
    assert "gen &lt;b&gt;" in strings and "a &amp; b" in strings


def test_colours_follow_the_roles_and_the_choice():
    by_source = {t.name: t.marker.color for t in embedding_map_figure(_points()).data}
    assert by_source["human"] == ROLE_COLORS["real"]
    assert by_source["gen &lt;b&gt;"] == ROLE_COLORS["synthetic"]
    assert by_source["other"] not in (ROLE_COLORS["real"], ROLE_COLORS["synthetic"])
    by_dup = {
        t.name: t.marker.color for t in embedding_map_figure(_points(), color="duplicate").data
    }
    assert by_dup["duplicate"] == STATUS_COLORS["fail"]
    clusters = embedding_map_figure(_points(), color="cluster")
    shown = sorted((t.legendrank, t.name) for t in clusters.data if t.showlegend)
    assert [name for _, name in shown] == ["c0: soup", "c1: goal, team",
                                            "c2: train"]  # fmt: skip
    groups = {t.name for t in embedding_map_figure(_points(), color="group").data}
    assert groups == {"no group mentioned", "gender:women", "gender:women;age:old"}
    assert set(MAP_COLOR_BY) == {"source", "cluster", "duplicate", "group"}


def test_hover_names_the_document_and_cluster_labels_are_optional():
    figure = embedding_map_figure(_points())
    hover = [h for t in figure.data for h in t.hovertext]
    assert any("c1: goal, team" in h and "in the mix" in h for h in hover)
    assert any("duplicate: exact" in h for h in hover)
    assert not figure.layout.annotations
    labelled = embedding_map_figure(_points(), label_clusters=True)
    assert sorted(a.text for a in labelled.layout.annotations) == ["c0: soup", "c1: goal, team",
                                                                   "c2: train"]  # fmt: skip


def test_many_clusters_are_marked_by_number_only():
    points = pd.concat([_points()] * 5, ignore_index=True)
    points["cluster"] = range(len(points))
    points["cluster_label"] = [f"c{i}: word{i}" for i in range(len(points))]
    figure = embedding_map_figure(points, color="cluster", label_clusters=True)
    assert sorted(a.text for a in figure.layout.annotations) == sorted(f"c{i}" for i in range(30))
    assert "c7: word7" in {t.name for t in figure.data}  # the terms stay in the legend


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="color must be one of"):
        embedding_map_figure(_points(), color="sentiment")
    with pytest.raises(ValueError, match="missing"):
        embedding_map_figure(_points().drop(columns="in_mix"))
