"""Load through the real server: simulated respondents answer in Chromium browser contexts
while a presenter view refreshes, step by step up to 100 respondents.

Per step it reports responses stored, lost and duplicated, submit latency p50/p95 (from the
click on the submit button to the confirmation), presenter staleness (from a confirmation to
the presenter showing it), and the server's CPU time and peak memory. Appends to
benchmarks/results.md. Run with `make bench-load`; set BENCH_DATABASE_URL to add PostgreSQL.
"""

from __future__ import annotations

import asyncio
import os
import platform
import statistics
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from playwright.async_api import Page, async_playwright
from sqlalchemy import func
from sqlmodel import Session, select

from survey.config import _database_url
from survey.models import Response, WorkshopCreate
from survey.questionnaire import load_questionnaire
from survey.store import get_workshop, make_engine
from tests.browser import CHROMIUM, CHROMIUM_ARGS, database_with_workshop, streamlit_server

RESULTS = Path(__file__).with_name("results.md")
STEPS = tuple(int(n) for n in os.environ.get("BENCH_LOAD_STEPS", "10,30,100").split(","))
PARALLEL = 12
PASSWORD = "load-test"
ROLES = ["CEO", "CFO", "COO", "CIO", "OTHER"]
QUESTIONS = [q.key for q in load_questionnaire().questions()]


def _server_usage(pid: int) -> tuple[float, float]:
    """CPU seconds used so far and peak resident memory (MiB) of the server process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    peak = next(
        int(line.split()[1]) / 1024
        for line in Path(f"/proc/{pid}/status").read_text().splitlines()
        if line.startswith("VmHWM")
    )
    return cpu, peak


async def _respond(
    browser, base: str, code: str, index: int, latencies: list[float], confirmed: list[float]
) -> None:
    context = await browser.new_context(viewport={"width": 390, "height": 844})
    page = await context.new_page()
    try:
        await page.goto(f"{base}/?code={code}")
        await page.locator(".st-key-submit").wait_for(timeout=60_000)
        await page.locator(".st-key-role [data-testid=stRadioOption]").nth(index % 5).click()
        for number, key in enumerate(QUESTIONS):
            option = page.locator(f".st-key-answer__{key} [data-testid=stRadioOption]")
            await option.nth((index + number) % 7).click()
        start = time.monotonic()
        await page.locator(".st-key-submit button").click()
        await page.locator("[data-testid=stAlert]").first.wait_for(timeout=60_000)
        confirmed.append(time.monotonic())
        latencies.append(time.monotonic() - start)
    finally:
        await context.close()


async def _watch(page: Page, seen: list[tuple[float, int]], stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            text = await page.locator("[data-testid=stMetricValue]").first.inner_text(timeout=1000)
            seen.append((time.monotonic(), int(text)))
        except Exception:
            pass
        await asyncio.sleep(0.25)


async def _step(browser, base: str, url: str, count: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    code = f"LOAD{count}"
    engine = make_engine(url)
    with Session(engine) as session:
        if get_workshop(session=session, code=code) is None:
            from survey.store import create_workshop

            create_workshop(
                session=session, data=WorkshopCreate(code=code, title=code, kind="cohort")
            )
    presenter = await (
        await browser.new_context(viewport={"width": 1920, "height": 1080})
    ).new_page()
    await presenter.goto(f"{base}/present?code={code}")
    await presenter.locator(".st-key-facilitator_password input").fill(PASSWORD)
    await presenter.locator(".st-key-sign_in_submit button").click()
    await presenter.locator("[data-testid=stMetricValue]").first.wait_for(timeout=60_000)
    seen: list[tuple[float, int]] = []
    stop = asyncio.Event()
    watcher = asyncio.create_task(_watch(presenter, seen, stop))
    latencies: list[float] = []
    confirmed: list[float] = []
    gate = asyncio.Semaphore(PARALLEL)

    async def one(index: int) -> None:
        async with gate:
            try:
                await _respond(browser, base, code, index, latencies, confirmed)
            except Exception as problem:  # counted as not confirmed
                print(f"respondent {index}: {type(problem).__name__}", flush=True)

    started = time.monotonic()
    await asyncio.gather(*(one(i) for i in range(count)))
    elapsed = time.monotonic() - started
    await asyncio.sleep(3)
    stop.set()
    await watcher
    await presenter.context.close()
    with Session(engine) as session:
        workshop = get_workshop(session=session, code=code)
        stored = session.exec(
            select(func.count()).select_from(Response).where(Response.workshop_id == workshop.id)  # type: ignore[union-attr]
        ).one()
    engine.dispose()
    confirmed.sort()
    staleness = []
    for k, moment in enumerate(confirmed, start=1):
        shown = next((t for t, value in seen if value >= k and t >= moment - 5), None)
        if shown is not None:
            staleness.append(max(0.0, shown - moment))
    quantiles = statistics.quantiles(latencies, n=20) if len(latencies) >= 2 else [0.0] * 19
    return {
        "respondents": count,
        "seconds": elapsed,
        "stored": int(stored),
        "lost": max(0, len(confirmed) - int(stored)),
        "duplicated": max(0, int(stored) - count),
        "unconfirmed": count - len(confirmed),
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": quantiles[18],
        "stale_p95": statistics.quantiles(staleness, n=20)[18] if len(staleness) >= 2 else 0.0,
    }


async def _run(url: str, label: str, folder: Path) -> list[str]:
    lines = []
    shared = url if url.startswith("postgresql") else None
    database = database_with_workshop(folder, WorkshopCreate(code="WARM1", title="warm"), shared)
    with streamlit_server(
        database, folder / f"{label}.log", SURVEY_ADMIN_PASSWORD=PASSWORD
    ) as base:
        port = base.rsplit(":", 1)[1]
        found = subprocess.run(
            ["pgrep", "-f", f"server.port {port}"], capture_output=True, text=True
        )
        pid = int(found.stdout.split()[0])
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for count in STEPS:
                cpu_before, _ = _server_usage(pid)
                result = await _step(browser, base, database, count)
                cpu_after, peak = _server_usage(pid)
                lines.append(
                    f"| {label} | {count} | {result['seconds']:.0f} s | {result['stored']} | "
                    f"{result['lost']} | {result['duplicated']} | {result['p50']:.2f} s / "
                    f"{result['p95']:.2f} s | {result['stale_p95']:.2f} s | "
                    f"{cpu_after - cpu_before:.0f} s | {peak:.0f} MiB |"
                )
                print(lines[-1], flush=True)
            await browser.close()
    return lines


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        lines = asyncio.run(_run("sqlite", "SQLite", Path(folder)))
        other = os.environ.get("BENCH_DATABASE_URL")
        if other:
            lines += asyncio.run(_run(_database_url(other), "PostgreSQL", Path(folder)))
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    header = (
        f"\n## Load {stamp} · Python {platform.python_version()} · {os.cpu_count()} cores · "
        f"{PARALLEL} browsers at a time\n\n"
        "| database | respondents | took | stored | lost | duplicated | submit p50 / p95 | "
        "presenter staleness p95 | server CPU | server peak memory |\n"
        "|---|---|---|---|---|---|---|---|---|---|"
    )
    report = "\n".join([header, *lines]) + "\n"
    print(report)
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(report)


if __name__ == "__main__":
    main()
