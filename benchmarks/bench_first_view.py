"""First view: from ``make run`` to the Mix page's metric cards on the demo corpora.

Each case starts ``make run`` (dependencies already installed; Streamlit's port and headless
mode come from its ``STREAMLIT_*`` environment variables) with its own cache root, opens
``/mix`` in headless Chromium as soon as the server answers, and waits for what a user waits
for: the verdict and the last group of metric cards. The clock starts when ``make run`` is
started. Cases:

- ``shipped vectors``: a fresh cache root, the app as installed: the demo's vectors come from
  ``data/demo_vectors.parquet`` (built, untimed, by ``make`` with the dependencies), the index
  is built (and stored). Like every fresh root here, it starts with what building those
  vectors left in the root ``make`` used: the default model's OpenVINO conversion and this
  machine's verification of it (:func:`as_installed`), so the app embeds with the backend
  that made them.
- ``restart``: the same cache root again: the index structures are loaded from disk.
- ``embedding``: a fresh cache root with ``MIXSCOPE_DEMO_VECTORS=off``: the user clicks
  "Compute embeddings" and all-MiniLM-L6-v2 embeds the 7,200 demo documents.
- ``app verifies``: an empty cache root, not the one ``make`` used: the app converts the
  default model to OpenVINO and verifies it before it knows which vectors it may use.

Written to benchmarks/results_first_view.md.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results_first_view.md"
CHROMIUM = "/usr/bin/chromium"
LAST_GROUP = "Bias (mix against the real corpus)"  # the last group of cards
VERDICT = re.compile(r"\d+ of \d+ judged metrics")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, server: subprocess.Popen[bytes], *, timeout: float) -> None:
    """Poll Streamlit's health endpoint until it answers "ok": the server is waited for on its
    own answer, not on a delay. RuntimeError if the server exits first, TimeoutError after
    ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if server.poll() is not None:
            raise RuntimeError(f"the app's server exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"the app did not answer at {url} within {timeout} s")
        time.sleep(0.2)


@contextmanager
def app_server(cache_root: Path, *, demo_vectors: bool, timeout: float) -> Iterator[str]:
    """``make run`` with its own cache root, until the server answers; yields its URL."""
    port = free_port()
    env = {
        **os.environ,
        "MIXSCOPE_CACHE_DIR": str(cache_root),
        "MIXSCOPE_DEMO_VECTORS": "on" if demo_vectors else "off",
        "STREAMLIT_SERVER_HEADLESS": "true",
        "STREAMLIT_SERVER_PORT": str(port),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    log = open(cache_root.parent / f"streamlit-{port}.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(["make", "run"], cwd=ROOT, env=env, stdout=log, stderr=log,
                              start_new_session=True)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_healthy(url, server, timeout=timeout)
        except RuntimeError as err:
            raise RuntimeError(f"{err} (make run); see {log.name}") from None
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def as_installed(cache_root: Path) -> None:
    """Give a fresh cache root what ``make`` left in its own while building the demo vectors
    (the OpenVINO conversion of the default model and its verification on this machine)."""
    from mixscope.embed import default_cache_root

    made = default_cache_root() / "openvino"
    cache_root.mkdir(parents=True)
    if made.is_dir():
        shutil.copytree(made, cache_root / "openvino")


def first_view(
    cache_root: Path,
    *,
    demo_vectors: bool = True,
    installed: bool = True,
    timeout: float = 900,
    screenshot: Path | None = None,
) -> dict[str, float]:
    """Seconds from ``make run`` to: the server answering, the Mix page drawn, the metric cards.

    Without demo vectors the "Compute embeddings" button is clicked as soon as it shows. A
    fresh ``cache_root`` gets what ``make`` left in its own (:func:`as_installed`) unless
    ``installed`` is False: the app then converts and verifies the OpenVINO backend itself.
    Raises if the page shows an exception or the cards never come.
    """
    from playwright.sync_api import expect, sync_playwright

    if installed and not cache_root.exists():
        as_installed(cache_root)
    start = time.perf_counter()
    times: dict[str, float] = {}
    with app_server(cache_root, demo_vectors=demo_vectors, timeout=timeout) as url:
        times["server answers"] = time.perf_counter() - start
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1400, "height": 2400})
            expect.set_options(timeout=timeout * 1000)
            page.goto(f"{url}/mix")
            expect(page.get_by_role("heading", name="Mix", exact=True)).to_be_visible()
            times["Mix page drawn"] = time.perf_counter() - start
            if not demo_vectors:
                button = page.get_by_role("button", name=re.compile("Compute embeddings"))
                button.click()
            expect(page.get_by_text(VERDICT).first).to_be_visible()
            expect(page.get_by_text(LAST_GROUP, exact=True).filter(visible=True)).to_be_visible()
            times["metric cards shown"] = time.perf_counter() - start
            expect(page.get_by_test_id("stApp")).to_have_attribute(
                "data-test-script-state", "notRunning"
            )
            if page.get_by_test_id("stException").count():
                raise RuntimeError("the Mix page shows an exception")
            if screenshot is not None:
                page.screenshot(path=str(screenshot), full_page=True)
            browser.close()
    return times


def main(argv: list[str] | None = None) -> int:
    from benchmarks.bench_embed import machine_info
    from mixscope.embed import default_cache_id

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-embedding", action="store_true",
                        help="leave out the slow case that embeds the demo")  # fmt: skip
    args = parser.parse_args(argv)
    # untimed: the dependencies and the demo vectors, as `make run` leaves them after a first run
    subprocess.run(["make", "install", "data/demo_vectors.parquet"], cwd=ROOT, check=True,
                   capture_output=True)  # fmt: skip
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "cache"
        rows.append(("shipped vectors (fresh cache)", first_view(root)))
        rows.append(("restart (same cache: index loaded)", first_view(root)))
        if not args.skip_embedding:
            other = Path(scratch) / "cache-embedding"
            rows.append(("embedding the demo (fresh cache, vectors off)",
                         first_view(other, demo_vectors=False)))  # fmt: skip
        bare = Path(scratch) / "cache-bare"
        rows.append(("app verifies OpenVINO itself (cache root make did not use)",
                     first_view(bare, installed=False)))  # fmt: skip
    lines = [
        "# First view",
        "",
        "Written by `python -m benchmarks first_view` (benchmarks/bench_first_view.py): seconds "
        "from `make run` (dependencies installed) to each milestone, in headless Chromium, on "
        "the demo corpora with the default model (all-MiniLM-L6-v2).",
        "",
        "| case | server answers | Mix page drawn | metric cards shown |",
        "|---|---:|---:|---:|",
    ]
    for name, t in rows:
        lines.append(f"| {name} | {t['server answers']:.1f} | {t['Mix page drawn']:.1f} | "
                     f"{t['metric cards shown']:.1f} |")  # fmt: skip
    lines += ["", f"Embedded with: `{default_cache_id()}` (the default backend here, as "
              "verified by `make`; `+openvino-bf16`: OpenVINO in bfloat16)."]  # fmt: skip
    lines += ["", "## Machine", ""] + [f"- {k}: {v}" for k, v in machine_info().items()]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0
