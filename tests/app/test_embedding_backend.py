"""The app's cache-status check knows the key of the backend the session embeds with."""

from pathlib import Path

import pytest

from mixscope.embed import BACKEND_ENV, get_embedder, model_cache_id


def test_the_status_check_uses_the_openvino_backends_cache_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("openvino")
    import streamlit as st

    from components import data

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
    finally:
        st.cache_resource.clear()
