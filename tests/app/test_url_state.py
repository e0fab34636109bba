"""The mix lives in the URL: a reload or a shared link restores it, and says what it could not.

AppTest runs app.py (which reads and writes the URL) on a session's first run and on plain
reruns; after ``switch_page`` it runs the page alone. So the URL is read and written on the
first page, and the restored session is then checked on the Mix page's widgets.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components import url_state

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120


def _open(page: str = "views/mix.py", query: dict | None = None, **session: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.query_params.update(query or {})
    for key, value in session.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, at.exception
    if page != "views/corpora.py":
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at


def _reload(at: AppTest, page: str = "views/mix.py") -> AppTest:
    """A new session opened on ``at``'s URL (what a reload or a shared link does)."""
    return _open(page, dict(at.query_params))


def test_the_mix_controls_survive_a_reload() -> None:
    at = _open("views/corpora.py", mix_share=0.4, mix_seed=7, mix_mode="accumulate")
    assert at.query_params["share"] == "0.4" and at.query_params["seed"] == "7"
    assert at.query_params["mode"] == "accumulate"
    assert "corpus" not in at.query_params  # the demo corpora need no entry
    again = _reload(at)
    assert again.slider(key="mix_share").value == 0.4
    assert again.number_input(key="mix_seed").value == 7
    assert again.radio(key="mix_mode").value == "accumulate"
    assert url_state.NOTES not in again.session_state


def test_weights_and_model_survive_and_bad_values_are_ignored_and_said() -> None:
    names = ["synthetic_templated", "synthetic_skewed"]
    query = {"w": [f"{names[0]}:0.3", f"{names[1]}:2.0"], "share": "lots", "model": "lexical",
             "size": "500"}  # fmt: skip
    at = _open("views/corpora.py", query)
    warnings = [w.value.replace("\\", "") for w in at.sidebar.warning]
    assert "Ignored share='lots' from the link." in warnings
    assert any(f"{names[1]}:2.0" in w for w in warnings)
    at.sidebar.button(key=url_state.DISMISS).click().run()
    assert not at.sidebar.warning
    at.switch_page("views/mix.py").run()
    assert at.slider(key=f"mix_weight_{names[0]}").value == 0.3
    assert at.slider(key=f"mix_weight_{names[1]}").value == 1.0  # 2.0 is off the slider
    assert at.slider(key="mix_share").value == 0.25
    assert at.number_input(key="mix_size").value == 500
    assert at.session_state["model"] == "lexical (fast)"


def test_corpora_read_from_paths_come_back_and_uploads_are_asked_for_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MIXSCOPE_DATA_ROOTS", str(tmp_path))
    own = tmp_path / "mine.csv"
    shutil.copy(ROOT / "data" / "real.csv", own)
    specs = [
        {"name": "mine", "role": "real", "origin": str(own), "column": "text"},
        {"name": "notes", "role": "synthetic", "origin": "upload:notes.jsonl", "column": "text"},
        {"name": "secret", "role": "synthetic", "origin": "/etc/passwd", "column": "text"},
    ]
    at = _open("views/corpora.py", {"corpus": [json.dumps(s) for s in specs]})
    loaded = at.session_state["corpora"]
    assert [(c.name, c.role) for c in loaded] == [("mine", "real")]
    warnings = " ".join(w.value.replace("\\", "") for w in at.sidebar.warning)
    assert "'notes' was uploaded (notes.jsonl): upload it again" in warnings
    # outside the allowed roots: the same generic refusal as a path typed on the Corpora page
    assert "'secret' could not be read again" in warnings and "allowed data folder" in warnings
    # the demo note is about the demo corpora: not shown once they are not loaded
    assert not any("generated" in c.value for c in at.sidebar.caption)
    # and the URL still names the user's corpus, so the next reload reads it again
    again = _reload(at, "views/corpora.py")
    assert [c.name for c in again.session_state["corpora"]] == ["mine"]
