"""The app knows the backend the session embeds with: its cache key, and the sidebar says it."""

from pathlib import Path

import pytest

from mixscope.embed import BACKEND_ENV, backend_note, get_embedder, model_cache_id
from tests.conftest import APP_TIMEOUT


def test_the_status_check_uses_the_openvino_backends_cache_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, repo_root: Path
) -> None:
    pytest.importorskip("openvino")
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from components import data, safe

    monkeypatch.setenv("MIXSCOPE_CACHE_DIR", str(tmp_path))
    st.cache_resource.clear()
    try:
        monkeypatch.setenv(BACKEND_ENV, "stock")
        stock_key, dim = data._identity("all-MiniLM-L6-v2")
        assert stock_key == model_cache_id(cache_root=tmp_path) and dim == 384
        monkeypatch.setenv(BACKEND_ENV, "openvino")
        st.cache_resource.clear()
        key, dim = data._identity("all-MiniLM-L6-v2")
        loaded = get_embedder(cache_root=tmp_path, backend="openvino")
        assert (key, dim) == (loaded.cache_id, loaded.dim)
        assert key.startswith(stock_key)  # the stock key, tagged when its vectors differ
        # the sidebar says which backend runs the default model, from the stored verification
        at = AppTest.from_file(str(repo_root / "app.py"), default_timeout=APP_TIMEOUT).run()
        assert not at.exception, at.exception
        note = backend_note(cache_root=tmp_path)
        assert note is not None and note.startswith("all-MiniLM-L6-v2 runs through OpenVINO (")
        assert safe.escape_markdown(note) in [c.value for c in at.sidebar.caption]
        monkeypatch.setenv(BACKEND_ENV, "stock")
        assert not [c for c in at.run().sidebar.caption if "runs through" in c.value]
    finally:
        st.cache_resource.clear()
