"""Fixtures shared across the suite. Keep it small: a fixture used by one module lives there."""

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
#: Seconds an AppTest run may take; the first run of a session reads the demo corpora.
APP_TIMEOUT = 60


@pytest.fixture
def repo_root() -> Path:
    """Absolute path of the repository (where app.py and data/ live)."""
    return REPO_ROOT


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh, empty embedding cache root, set as $MIXSCOPE_CACHE_DIR for one test (the app
    copies no demo vectors into it)."""
    root = tmp_path / "mixscope-cache"
    monkeypatch.setenv("MIXSCOPE_CACHE_DIR", str(root))
    # The app copies the shipped demo vectors into a cache it opens; tests start empty unless
    # they turn it on (tests/app/test_first_view.py).
    monkeypatch.setenv("MIXSCOPE_DEMO_VECTORS", "off")
    return root


@pytest.fixture(scope="module")
def ray_cluster():  # -> Iterator[None]
    """A local Ray (2 CPUs, no dashboard) for one test module; skips when Ray is missing."""
    ray = pytest.importorskip("ray")
    pytest.importorskip("ray.data")
    ray.init(num_cpus=2, include_dashboard=False)
    yield
    ray.shutdown()


@pytest.fixture
def data_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder the app may read server files from ($MIXSCOPE_DATA_ROOTS), for one test."""
    root = tmp_path / "data-root"
    root.mkdir()
    monkeypatch.setenv("MIXSCOPE_DATA_ROOTS", str(root))
    return root


@pytest.fixture
def app(cache_dir: Path, data_root: Path):  # -> AppTest (imported lazily: only tests/app)
    """The real app.py after its first run (corpora page), with the fast lexical embedder;
    "Path on the server" may read ``data_root``."""
    # Imported here so only the page tests pay for streamlit (the ban is for mixscope/).
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    # Streamlit caches are per process: clear them so the embedding store uses cache_dir.
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=APP_TIMEOUT)
    at.session_state["model"] = "lexical (fast)"
    at.run()
    assert not at.exception, at.exception
    return at
