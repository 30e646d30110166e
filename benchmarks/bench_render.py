"""First render of the survey page in headless Chromium, against a bare one-line Streamlit
page served the same way (same server command, same config, same browser).

Each sample opens a new browser context (no cache, no cookies) and times from navigation to
the page being drawn and idle: the survey's submit button itself (drawn after every question)
for the app, the text for the bare page. Both servers run side by side and the samples
alternate, so a change in the machine's load hits both alike. Prints the medians and appends
them to benchmarks/results.md (`make bench`).
"""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from survey.models import WorkshopCreate
from tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    IDLE,
    PHONE,
    database_with_workshop,
    streamlit_server,
)

RESULTS = Path(__file__).with_name("results.md")
SAMPLES = int(os.environ.get("BENCH_RENDER_SAMPLES", "15"))
BARE_PAGE = 'import streamlit as st\n\nst.write("Hello")\n'


def first_render(browser: Browser, url: str, ready: str) -> float:
    """Seconds from navigation to `ready` showing with the script idle, in a fresh context."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    page.locator(ready).first.wait_for(timeout=60_000)
    page.wait_for_selector(IDLE, timeout=60_000)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def measure() -> tuple[list[float], list[float]]:
    """(survey, bare page) first-render times, SAMPLES of each, alternating."""
    survey: list[float] = []
    bare_page: list[float] = []
    with tempfile.TemporaryDirectory() as name, sync_playwright() as playwright:
        folder = Path(name)
        bare = folder / "bare.py"
        bare.write_text(BARE_PAGE)
        database = database_with_workshop(folder, WorkshopCreate(code="RENDER", title="Render"))
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        with (
            streamlit_server(database, folder / "bare.log", script=str(bare)) as bare_base,
            streamlit_server(database, folder / "app.log") as app_base,
        ):
            pages = (
                (survey, f"{app_base}/?code=RENDER", ".st-key-submit button"),
                (bare_page, bare_base, "text=Hello"),
            )
            for _, url, ready in pages:  # warm both servers: imports, caches, connections
                first_render(browser, url, ready)
            for _ in range(SAMPLES):
                for times, url, ready in pages:
                    times.append(first_render(browser, url, ready))
        browser.close()
    return survey, bare_page


def main() -> None:
    survey, reference = measure()
    app, ref = statistics.median(survey), statistics.median(reference)
    line = (
        f"| survey page, first render (median of {SAMPLES}) | {app * 1000:,.0f} ms "
        f"(bare one-line page: {ref * 1000:,.0f} ms, ratio {app / ref:.2f}x; "
        f"p90 {statistics.quantiles(survey, n=10)[8] * 1000:,.0f} ms) |"
    )
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report = (
        f"\n## Render {stamp} · Python {platform.python_version()} · {os.cpu_count()} cores · "
        "headless Chromium, 390×844\n\n| what | figure |\n|---|---|\n" + line + "\n"
    )
    print(report)
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(report)


if __name__ == "__main__":
    main()
