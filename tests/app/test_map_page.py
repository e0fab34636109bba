"""The Map page (AppTest): the pool's map, the note when it is a sample, the cluster table.

The demo corpora are embedded (lexical, fast) once for the module, as in test_metric_pages.
"""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mixscope.evaluation import CLUSTER_STATUSES

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 180
PAGE = "views/map.py"


def _map_page() -> AppTest:
    """The Map page with the demo corpora embedded (the first time, by its button)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.session_state["model"] = "lexical (fast)"
    at.session_state["metrics_sample_size"] = 300
    at.session_state["metrics_n_boot"] = 20
    at.run()
    at.switch_page(PAGE).run()
    compute = [b for b in at.button if b.key == "metrics_compute_embeddings"]
    if compute:
        compute[0].click().run()
    assert not at.exception, at.exception
    assert not at.error
    return at


def _captions(at: AppTest) -> list[str]:
    return [c.value.replace("\\", "") for c in at.caption]


def _cluster_table(at: AppTest):  # -> DataFrame
    return next(df.value for df in at.dataframe if "status" in df.value.columns)


def test_before_the_embeddings_the_page_offers_to_compute_them(app: AppTest):
    app.switch_page(PAGE).run()
    assert not app.exception and not app.error
    assert any("embeddings" in info.value for info in app.info)
    assert not app.get("plotly_chart")


def test_the_map_the_note_and_the_cluster_table_appear(shared_cache: Path):
    at = _map_page()
    assert at.title[0].value == "Map"
    charts = at.get("plotly_chart")
    assert len(charts) == 1 and '"scattergl"' in charts[0].proto.spec
    captions = _captions(at)
    assert "All 7,200 documents of the pool" in " ".join(captions)
    assert any(c.startswith("Mix of ") for c in captions)  # which mix is highlighted
    table = _cluster_table(at)
    assert len(table) >= 2 and set(table["status"]) <= set(CLUSTER_STATUSES)
    assert {"label", "real_share", "mix_share", "real share"} <= set(table.columns)
    assert table["label"].str.len().min() > 0
    examples = next(df.value for df in at.dataframe if "text" in df.value.columns)
    assert len(examples) >= len(table) and examples["text"].str.len().min() > 0
    assert set(examples["role"]) == {"real", "synthetic"}  # each corpus in turn


def test_a_sampled_map_says_so(shared_cache: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr("mixscope.evaluation.MAX_POINTS", 900)  # the page reads it from there
    at = _map_page()
    note = [c for c in _captions(at) if c.startswith("Showing ")]
    assert note and note[0].startswith("Showing 900 of 7,200 documents (seeded sample")
    assert "real 300 of 3,600" in note[0]


def test_colouring_by_cluster_labels_the_clusters(shared_cache: Path):
    at = _map_page()
    colour = next(box for box in at.selectbox if box.label == "Colour by")
    assert colour.value == "source"
    colour.set_value("cluster").run()
    assert not at.exception and not at.error
    spec = at.get("plotly_chart")[0].proto.spec
    assert '"annotations"' in spec
    for choice in ("duplicate", "group"):
        next(box for box in at.selectbox if box.label == "Colour by").set_value(choice).run()
        assert not at.exception and not at.error
