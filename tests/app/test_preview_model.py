"""The preview model in the app: chosen in the sidebar, its numbers marked approximate on every
page (the sidebar), on each card whose number depends on the embedder (not on text-only ones) and
in the verdict; the report says it too."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from mixscope.embed.static_model import APPROXIMATION
from mixscope.evaluation import REGISTRY

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 600  # the first use distils the preview model from MiniLM (minutes on a busy machine)


@pytest.mark.model
def test_the_preview_marks_every_embedding_number_approximate(shared_cache: Path) -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.session_state["model"] = "preview (fast, approximate)"
    at.session_state["metrics_sample_size"] = 300
    at.session_state["metrics_n_boot"] = 20
    at.run()
    assert APPROXIMATION in [w.value for w in at.sidebar.warning]  # on every page
    at.switch_page("views/mix.py").run()
    next(b for b in at.button if b.label == "Compute embeddings").click().run()
    assert not at.exception, at.exception
    texts = [m.value for m in at.markdown]
    cards = [t for t in texts if t.endswith("**") and "-badge[" in t and "\n" not in t]
    assert len(cards) > 20
    reads = {m.label: m.reads_embeddings for m in REGISTRY.values()}
    marked = {
        label: ":violet-badge[:material/speed: approximate]" in card
        for card in cards
        for label in [card.rsplit("**", 2)[-2].replace("\\", "")]
    }
    assert set(marked) <= set(reads), set(marked) - set(reads)
    assert marked == {label: reads[label] for label in marked}
    assert any(marked.values()) and not all(marked.values())  # text-only cards are unmarked
    verdict = next(t for t in texts if "judged metrics" in t)
    assert APPROXIMATION in verdict
    # the settings caption names the model (markdown-escaped)
    assert any(r"\(model2vec preview\, approximate\)" in c.value for c in at.caption)

    at.session_state["model"] = "lexical (fast)"  # another model: no mark anywhere
    at.run()
    assert APPROXIMATION not in [w.value for w in at.sidebar.warning]
