"""The first view, as a new user gets it: ``make run``, then the Mix page shows the demo's
metric cards with the default model and no click, from the shipped vectors; a restart loads the
stored index. Timed by benchmarks/bench_first_view.py (the same code), never asserted here."""

import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from mixscope.embed import EmbeddingCache, default_cache_id
from mixscope.embed.demo_vectors import DEMO_VECTORS

ON_CI = bool(os.environ.get("CI"))
try:
    from playwright.sync_api import sync_playwright  # noqa: F401 (needed by first_view)

    from benchmarks.bench_first_view import first_view
except ImportError:
    if ON_CI:
        raise
    pytest.skip("needs playwright (pip install -r requirements-dev.txt)", allow_module_level=True)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.model,
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").exists() and not ON_CI,
        reason="needs Chromium at /usr/bin/chromium (CI installs it: apt-get install chromium)",
    ),
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_make_run_shows_the_demo_metrics_without_embedding(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    ARTIFACTS.mkdir(exist_ok=True)
    times = first_view(root, timeout=600, screenshot=ARTIFACTS / "first_view.png")
    assert times["server answers"] < times["Mix page drawn"] <= times["metric cards shown"]
    # the demo's vectors came from the shipped file, under the key of the backend that made it
    cache_id = default_cache_id(cache_root=root)
    assert cache_id == pq.read_schema(DEMO_VECTORS).metadata[b"cache_id"].decode()
    shipped = pq.read_metadata(DEMO_VECTORS).num_rows
    assert EmbeddingCache(root).count(cache_id, dim=384) == shipped
    stored = {p.parent.name for p in (root / "indexes").rglob("*.npz")}
    assert stored == {"corpus", "languages", "pool"}  # languages: the Corpora page reads them
    # a restart finds everything on disk: nothing new is written
    before = sorted((root / "indexes").rglob("*.npz"))
    first_view(root, timeout=600)
    assert sorted((root / "indexes").rglob("*.npz")) == before
