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


def first_render(browser: Browser, url: str, *ready: str) -> list[float]:
    """Seconds from navigation until each of `ready` (in turn) shows with the script idle,
    in a fresh browser context."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url)
    times = []
    for selector in ready:
        page.locator(selector).first.wait_for(timeout=60_000)
        page.wait_for_selector(IDLE, timeout=60_000)
        times.append(time.perf_counter() - start)
    context.close()
    return times


FIRST_QUESTION = ".st-key-answer__overall__today [data-testid=stRadioOption]"
"""What a phone shows first: the first question's choices, drawn."""
WHOLE_FORM = ".st-key-submit button"
"""The submit button, drawn after every question."""


def measure() -> tuple[list[list[float]], list[float]]:
    """(survey [first question, whole form], bare page) first-render times, SAMPLES of each,
    alternating."""
    survey: list[list[float]] = []
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
            app_url = f"{app_base}/?code=RENDER"
            first_render(browser, app_url, WHOLE_FORM)  # warm both servers: imports, caches
            first_render(browser, bare_base, "text=Hello")
            for _ in range(SAMPLES):
                survey.append(first_render(browser, app_url, FIRST_QUESTION, WHOLE_FORM))
                bare_page += first_render(browser, bare_base, "text=Hello")
        browser.close()
    return survey, bare_page


def main() -> None:
    survey, reference = measure()
    ref = statistics.median(reference)
    lines = []
    for index, what in enumerate(("first question drawn", "whole form drawn")):
        times = [sample[index] for sample in survey]
        app = statistics.median(times)
        lines.append(
            f"| survey page, {what} (median of {SAMPLES}) | {app * 1000:,.0f} ms "
            f"(bare one-line page: {ref * 1000:,.0f} ms, ratio {app / ref:.2f}x; "
            f"p90 {statistics.quantiles(times, n=10)[8] * 1000:,.0f} ms) |"
        )
    line = "\n".join(lines)
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
