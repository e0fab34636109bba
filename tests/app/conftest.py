"""What the page tests share: one embedding cache and clean Streamlit caches per test module."""

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def shared_cache(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """An embedding cache for the module's tests (the demo corpora are embedded once), and
    Streamlit's in-process caches cleared before and after the module."""
    import streamlit as st

    root = tmp_path_factory.mktemp(f"{request.module.__name__.rsplit('.', 1)[-1]}-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("MIXSCOPE_CACHE_DIR", str(root))
        patch.setenv("MIXSCOPE_DEMO_VECTORS", "off")  # empty unless a test turns it on
        st.cache_resource.clear()
        st.cache_data.clear()
        yield root
        st.cache_resource.clear()
        st.cache_data.clear()
