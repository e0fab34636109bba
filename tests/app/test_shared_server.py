"""The app on a shared server: sessions never see each other's data, server files stay inside
the allowed roots, and limits are the configured ones.

Two AppTest runs in one process share Streamlit's caches, exactly as two browser sessions of
one server do.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components import settings
from mixscope.corpus.roots import OUTSIDE_ROOTS

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
#: Session A's file: original text with extra spaces and a private metadata column.
PRIVATE = "text,secret\n" + "".join(
    f'"Review  number {i}:   the soup was  cold.",private-note-{i}\n' for i in range(30)
)
#: Session B's file: the same texts once normalised, other spacing, no metadata.
PUBLIC = "text\n" + "".join(f"Review number {i}: the soup was cold.\n" for i in range(30))


def _session() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.session_state["model"] = "lexical (fast)"
    at.run()
    assert not at.exception, at.exception
    return at


def _only_upload(at: AppTest, content: str) -> None:
    """Upload ``reviews.csv`` as the only synthetic corpus, next to the demo real corpus."""
    for name in ("synthetic_templated", "synthetic_skewed"):
        if any(b.key == f"remove_{name}" for b in at.button):
            at.button(key=f"remove_{name}").click().run()
    at.file_uploader[0].set_value(("reviews.csv", content.encode(), "text/csv")).run()
    form = next(b.key for b in at.button if b.key and b.key.startswith("upload_"))
    at.radio(key=form.replace("_add", "_role")).set_value("synthetic")
    at.button(key=form).click().run()
    assert not at.exception and not at.error


def _mixed_documents(at: AppTest) -> pd.DataFrame:
    at.switch_page("views/mix.py").run()
    # the size first: at 1,000 documents the 30 synthetic ones allow no share above 0
    at.number_input(key="mix_size").set_value(60).run()
    at.slider(key="mix_share").set_value(0.5).run()  # all 30 synthetic documents
    assert not at.exception and not at.error
    return next(df.value for df in at.dataframe if "text" in df.value.columns)


def test_a_second_session_with_the_same_texts_never_gets_the_first_sessions_data(
    cache_dir: Path,
) -> None:
    import streamlit as st

    st.cache_resource.clear()
    st.cache_data.clear()
    first, second = _session(), _session()
    _only_upload(first, PRIVATE)
    _only_upload(second, PUBLIC)
    mine = _mixed_documents(first)
    theirs = _mixed_documents(second)
    assert "secret" in mine.columns  # the first session sees its own metadata
    assert "secret" not in theirs.columns  # the second never does, although the texts normalise
    assert not theirs["text"].str.contains("  ").any()  # alike: its own original text only
    own = second.session_state["corpora"][-1]
    reviews = theirs[theirs["source"] == "reviews"]
    assert set(reviews["text"]) <= set(own.documents["text"])


def test_a_corrected_upload_is_read_again_in_the_same_session(cache_dir: Path) -> None:
    at = _session()
    _only_upload(at, PRIVATE)
    at.button(key="remove_reviews").click().run()
    _only_upload(at, PUBLIC)
    assert "secret" not in _mixed_documents(at).columns


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A readable file outside the allowed root."""
    path = tmp_path / "elsewhere" / "private.csv"
    path.parent.mkdir()
    path.write_text("text\nsomeone else's data\n", encoding="utf-8")
    return path


def _use_path(at: AppTest, path: str) -> AppTest:
    at.radio(key="add_source").set_value("Path on the server").run()
    return at.text_input(key="add_path").set_value(path).run()


def _error(at: AppTest) -> str:
    assert len(at.error) == 1 and not at.exception
    return at.error[0].value.replace("\\", "")


def test_server_paths_outside_the_roots_get_one_message_whether_they_exist_or_not(
    app: AppTest, data_root: Path, outside: Path
) -> None:
    typed = [
        str(outside),
        str(outside.parent / "missing.csv"),
        str(data_root / ".." / "elsewhere" / "private.csv"),
    ]
    errors = [_error(_use_path(app, path)) for path in typed]
    # each names only what the user typed, then says the same thing
    assert {error.split(": ", 1)[1] for error in errors} == {OUTSIDE_ROOTS}
    assert all(path in error for path, error in zip(typed, errors, strict=True))
    assert not [b for b in app.button if b.key == "path_add"]  # nothing was read


def test_a_link_inside_the_roots_that_points_outside_is_refused(
    app: AppTest, data_root: Path, outside: Path
) -> None:
    link = data_root / "innocent.csv"
    os.symlink(outside, link)
    assert OUTSIDE_ROOTS in _error(_use_path(app, str(link)))
    (data_root / "fine.csv").write_text("text\nour own words\n", encoding="utf-8")
    _use_path(app, str(data_root / "sub" / ".." / "fine.csv"))
    assert not app.error and app.text_input(key="path_name").value == "fine"


def test_a_file_with_more_records_than_the_server_allows_is_refused(
    app: AppTest, data_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(settings.MAX_ROWS_ENV, "5")
    path = data_root / "long.csv"
    path.write_text("text\n" + "".join(f"line {i}\n" for i in range(6)), encoding="utf-8")
    assert "max_rows=5" in _error(_use_path(app, str(path)))


def test_the_upload_limit_and_the_text_limit_agree() -> None:
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    found = re.search(r"^maxUploadSize\s*=\s*(\d+)", config, re.M)
    assert found is not None and int(found[1]) == settings.MAX_UPLOAD_MB
    assert settings.DEFAULT_MAX_TEXT_BYTES == settings.MAX_UPLOAD_MB * 2**20


def test_the_server_watches_no_files() -> None:
    # .venv lies inside the app folder: a watcher re-walking it took more CPU than the model
    # while a corpus was embedded (README, First view); a server has no use for reload-on-save.
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["fileWatcherType"] == "none"
