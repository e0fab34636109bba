"""The real app in headless Chromium: open it, move the share slider, download the mix CSV.

Screenshots of each page go to test-artifacts/ (gitignored) for a human to look at.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_SECONDS = 90
TIMEOUT_MS = 60_000

pytestmark = [
    pytest.mark.e2e,
    # On CI (CI=true) a missing browser is a failure, never a silent skip.
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason="needs Chromium at /usr/bin/chromium (CI installs it: apt-get install chromium)",
    ),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {url} within {STARTUP_SECONDS} s")


@pytest.fixture(scope="module")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "MIXSCOPE_CACHE_DIR": str(tmp_path_factory.mktemp("cache")),
    }
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.port", str(port), "--browser.gatherUsageStats", "false"]  # fmt: skip
    log = tmp_path_factory.mktemp("log") / "streamlit.log"
    with log.open("wb") as out:
        server = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=out, stderr=out)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_healthy(url, server)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=20)


@pytest.fixture
def browser_page(server_url: str) -> Iterator:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(
            viewport={"width": 1400, "height": 2400}, accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        try:
            yield page
        finally:
            context.close()
            browser.close()


def _metric(page, label: str) -> str:
    metric = page.get_by_test_id("stMetric").filter(has_text=label)
    return metric.get_by_test_id("stMetricValue").inner_text().strip()


def test_move_the_slider_and_download_the_mix(browser_page, server_url: str, tmp_path: Path):
    page = browser_page
    artifacts = REPO_ROOT / "test-artifacts"
    artifacts.mkdir(exist_ok=True)

    page.goto(server_url)
    page.get_by_role("heading", name="Corpora").wait_for()
    page.get_by_test_id("stDataFrame").first.wait_for()
    page.screenshot(path=str(artifacts / "corpora.png"), full_page=True)

    page.get_by_test_id("stSidebarNav").get_by_text("Mix", exact=True).click()
    page.get_by_role("heading", name="Composition").wait_for()
    size = int(page.get_by_role("spinbutton", name="Total size (documents)").input_value())
    assert _metric(page, "Synthetic share") == "25.0%"

    slider = page.get_by_test_id("stSlider").filter(has_text="Synthetic share")
    thumb = slider.get_by_role("slider")
    thumb.focus()
    for _ in range(3):
        thumb.press("ArrowRight")
    # 0.25 + 3 steps of 0.05; the page reruns and redraws the composition
    page.get_by_test_id("stMetric").filter(has_text="Synthetic share").filter(
        has_text="40.0%"
    ).wait_for()
    expected_synthetic = round(0.4 * size)
    assert _metric(page, "Synthetic documents") == f"{expected_synthetic:,}"
    page.get_by_role("heading", name="Health metrics").wait_for()
    page.locator(".js-plotly-plot .bars").first.wait_for()  # chart drawn, not a skeleton
    page.screenshot(path=str(artifacts / "mix.png"), full_page=True)

    with page.expect_download() as download_info:
        page.get_by_role("button", name=re.compile("Download mix CSV")).click()
    download = download_info.value
    assert download.suggested_filename == "mix.csv"
    target = tmp_path / "mix.csv"
    download.save_as(target)

    mixed = pd.read_csv(target)
    assert len(mixed) == size
    assert {"text", "source", "role", "source_row"} <= set(mixed.columns)
    assert int((mixed["role"] == "synthetic").sum()) == expected_synthetic

    # A metric page before any embedding exists: it offers to compute them, nothing breaks.
    page.get_by_test_id("stSidebarNav").get_by_text("Diversity", exact=True).click()
    page.get_by_role("heading", name="Diversity").wait_for()
    page.get_by_role("button", name=re.compile("Compute embeddings")).wait_for()
    assert page.get_by_test_id("stException").count() == 0
    page.screenshot(path=str(artifacts / "diversity_before_embeddings.png"), full_page=True)
