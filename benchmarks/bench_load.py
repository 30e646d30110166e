"""Load through the real server: simulated respondents answer over Streamlit's websocket
protocol (benchmarks/streamlit_client.py) while one presenter view in Chromium refreshes, step
by step up to a couple of hundred respondents.

In a step all respondents arrive spread over a ramp (BENCH_LOAD_RAMP seconds, default 30) and
answer concurrently, pausing a human think time between clicks (BENCH_LOAD_THINK, default
"0.5,2.5" seconds, drawn with a fixed seed): about 25 clicks, 30-60 s per respondent, so a room
of 100 is done within two minutes when the server keeps up.

Per step it reports: the wall time and whether everyone finished within 120 s of the step
start; responses stored, lost (thanked but not stored), duplicated (more stored than
respondents, or an idempotency key stored twice) and failed (no thank-you); submit latency (the
click on submit until the run with the thank-you finishes) and click latency (each answer's
fragment run) p50/p95; presenter staleness p95/max (a thank-you until the presenter's metric
in Chromium shows at least that many responses); the server's CPU time and peak memory, and
this client's own CPU time. Appends to benchmarks/results.md. Run with `make bench-load`; set
BENCH_DATABASE_URL to add PostgreSQL; BENCH_LOAD_STEPS (default 10,30,100,200) sets the steps.
"""

from __future__ import annotations

import asyncio
import math
import os
import platform
import random
import re
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs

from playwright.async_api import Browser, Page, async_playwright
from sqlalchemy import func
from sqlmodel import Session, col, select

from benchmarks.streamlit_client import StreamlitSession
from survey.config import _database_url
from survey.i18n import t
from survey.models import Response, WorkshopCreate
from survey.questionnaire import load_questionnaire
from survey.store import create_workshop, get_workshop, make_engine
from tests.browser import CHROMIUM, CHROMIUM_ARGS, database_with_workshop, streamlit_server

RESULTS = Path(__file__).with_name("results.md")
STEPS = tuple(int(n) for n in os.environ.get("BENCH_LOAD_STEPS", "10,30,100,200").split(","))
RAMP = float(os.environ.get("BENCH_LOAD_RAMP", "30"))
THINK = tuple(float(s) for s in os.environ.get("BENCH_LOAD_THINK", "0.5,2.5").split(","))
WITHIN = 120.0  # seconds: everyone should be done this long after the step starts
TIMEOUT = 120.0  # seconds a single run may take before the respondent gives up
SEED = 20261122
PASSWORD = "load-test"
ROLES = 5  # role options
SCORES = 7  # answer options per question
QUESTIONS = [f"answer__{q.key}" for q in load_questionnaire().questions()]
THANKS = t("survey.thanks", "en")


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


@dataclass
class Tally:
    """What the respondents of one step saw."""

    connects: list[float] = field(default_factory=list)  # first run of the page
    clicks: list[float] = field(default_factory=list)  # each answer's (fragment) run
    submits: list[float] = field(default_factory=list)  # submit click until the thank-you run
    confirmed: list[float] = field(default_factory=list)  # when each thank-you arrived
    receipts: list[str] = field(default_factory=list)  # idempotency keys of the thanked
    finished: list[float] = field(default_factory=list)  # when each respondent was done
    failures: dict[str, int] = field(default_factory=dict)  # error type -> respondents


async def _timed(tally: list[float], action) -> None:  # type: ignore[no-untyped-def]
    start = time.monotonic()
    await action
    tally.append(time.monotonic() - start)


async def _respond(base: str, code: str, index: int, start: float, tally: Tally) -> None:
    """One respondent: arrive at `start`, answer everything with think times, submit."""
    think = random.Random(SEED + index)
    await asyncio.sleep(max(0.0, start - time.monotonic()))
    session = StreamlitSession(timeout=TIMEOUT)
    try:
        await _timed(tally.connects, session.connect(base, f"code={code}"))
        await asyncio.sleep(think.uniform(*THINK))
        await _timed(tally.clicks, session.set_radio("role", index % ROLES))
        for number, key in enumerate(QUESTIONS):
            await asyncio.sleep(think.uniform(*THINK))
            await _timed(tally.clicks, session.set_radio(key, (index + number) % SCORES))
        await asyncio.sleep(think.uniform(*THINK))
        clicked = time.monotonic()
        await session.click_button("submit")
        done = time.monotonic()
        if THANKS not in session.texts("success"):
            raise RuntimeError(f"no thank-you; shown: {session.texts('error', 'warning')}")
        tally.submits.append(done - clicked)
        tally.confirmed.append(done)
        tally.receipts.extend(parse_qs(session.query_string).get("receipt", []))
        tally.finished.append(done)
    except Exception as problem:
        name = type(problem).__name__
        tally.failures[name] = tally.failures.get(name, 0) + 1
        print(f"respondent {index}: {name}: {str(problem)[:200]}", flush=True)
    finally:
        await session.close()


async def _watch(page: Page, seen: list[tuple[float, int]], stop: asyncio.Event) -> None:
    """What the presenter shows (responses so far), sampled four times a second."""
    metric = page.locator("[data-testid=stMetricValue]").first
    while not stop.is_set():
        try:
            text = await metric.inner_text(timeout=1000)
            seen.append((time.monotonic(), int(re.sub(r"\D", "", text))))
        except Exception:
            pass
        await asyncio.sleep(0.25)


def _staleness(confirmed: list[float], seen: list[tuple[float, int]]) -> tuple[list[float], int]:
    """For the k-th thank-you: how long until the presenter showed at least k (0 when it
    already did at that moment); and how many thank-yous it never caught up with."""
    delays, missed = [], 0
    for k, moment in enumerate(sorted(confirmed), start=1):
        before = [value for at, value in seen if at <= moment]
        if before and before[-1] >= k:
            delays.append(0.0)
            continue
        shown = next((at for at, value in seen if at > moment and value >= k), None)
        if shown is None:
            missed += 1
        else:
            delays.append(shown - moment)
    return delays, missed


def _p(values: list[float], q: int) -> float:
    """The q-th percentile (nan without values)."""
    if not values:
        return math.nan
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _stored(url: str, code: str) -> tuple[int, int, set[str]]:
    """Responses stored in the workshop, idempotency keys stored more than once, and the keys."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            workshop = get_workshop(session=session, code=code)
            assert workshop is not None and workshop.id is not None
            mine = Response.workshop_id == workshop.id
            stored = session.exec(select(func.count()).where(mine)).one()
            twice = session.exec(
                select(func.count()).select_from(
                    select(Response.idempotency_key)
                    .where(mine)
                    .group_by(col(Response.idempotency_key))
                    .having(func.count() > 1)
                    .subquery()
                )
            ).one()
            keys = set(session.exec(select(Response.idempotency_key).where(mine)).all())
    finally:
        engine.dispose()
    return int(stored), int(twice), keys


def _new_workshop(url: str, code: str) -> None:
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            if get_workshop(session=session, code=code) is None:
                create_workshop(
                    session=session, data=WorkshopCreate(code=code, title=code, kind="cohort")
                )
    finally:
        engine.dispose()


async def _presenter(browser: Browser, base: str, code: str) -> Page:
    """One projector page, signed in, showing the live counts."""
    context = await browser.new_context(viewport={"width": 1920, "height": 1080})
    page = await context.new_page()
    await page.goto(f"{base}/present?code={code}")
    await page.locator(".st-key-facilitator_password input").fill(PASSWORD)
    await page.locator(".st-key-sign_in_submit button").click()
    await page.locator("[data-testid=stMetricValue]").first.wait_for(timeout=60_000)
    return page


async def _step(browser: Browser, base: str, url: str, count: int, pid: int) -> dict:  # type: ignore[type-arg]
    code = f"LOAD{count}"
    _new_workshop(url, code)
    presenter = await _presenter(browser, base, code)
    seen: list[tuple[float, int]] = []
    stop = asyncio.Event()
    watcher = asyncio.create_task(_watch(presenter, seen, stop))
    tally = Tally()
    cpu_before, _ = _server_usage(pid)
    client_before = time.process_time()
    started = time.monotonic()
    arrivals = [started + RAMP * i / count for i in range(count)]
    await asyncio.gather(*(_respond(base, code, i, arrivals[i], tally) for i in range(count)))
    took = time.monotonic() - started
    cpu_after, peak = _server_usage(pid)
    client_cpu = time.process_time() - client_before
    await asyncio.sleep(3)  # let the presenter catch up with the last thank-yous
    stop.set()
    await watcher
    await presenter.context.close()
    stored, twice, keys = _stored(url, code)
    delays, missed = _staleness(tally.confirmed, seen)
    failed = count - len(tally.confirmed)
    if tally.failures:
        print(f"  failures: {tally.failures}", flush=True)
    if missed:
        print(f"  presenter never showed {missed} thank-yous", flush=True)
    print(
        f"  first run p50/p95 {_p(tally.connects, 50):.2f}/{_p(tally.connects, 95):.2f} s, "
        f"click max {max(tally.clicks, default=math.nan):.2f} s, "
        f"submit max {max(tally.submits, default=math.nan):.2f} s, "
        f"presenter samples {len(seen)}, last shown {seen[-1][1] if seen else '-'}",
        flush=True,
    )
    return {
        "took": took,
        "within": failed == 0 and all(at - started <= WITHIN for at in tally.finished),
        "stored": stored,
        "lost": len(set(tally.receipts) - keys) + (len(tally.confirmed) - len(tally.receipts)),
        "duplicated": max(0, stored - count) + twice,
        "failed": failed,
        "submit": (_p(tally.submits, 50), _p(tally.submits, 95)),
        "click": (_p(tally.clicks, 50), _p(tally.clicks, 95)),
        "stale": (_p(delays, 95), max(delays, default=math.nan)),
        "server_cpu": cpu_after - cpu_before,
        "peak": peak,
        "client_cpu": client_cpu,
    }


def _row(label: str, count: int, r: dict) -> str:  # type: ignore[type-arg]
    return (
        f"| {label} | {count} | {r['took']:.0f} s | {'yes' if r['within'] else 'no'} | "
        f"{r['stored']} | {r['lost']} | {r['duplicated']} | {r['failed']} | "
        f"{r['submit'][0]:.2f} s / {r['submit'][1]:.2f} s | "
        f"{r['click'][0]:.2f} s / {r['click'][1]:.2f} s | "
        f"{r['stale'][0]:.2f} s / {r['stale'][1]:.2f} s | "
        f"{r['server_cpu']:.0f} s | {r['peak']:.0f} MiB | {r['client_cpu']:.0f} s |"
    )


def _log_problems(log: Path) -> None:
    """Print what looks like trouble in the server log."""
    lines = log.read_text(errors="replace").splitlines()
    bad = [line for line in lines if re.search(r"Traceback|Error|Exception|WARNING", line)]
    print(f"server log {log.name}: {len(lines)} lines, {len(bad)} look like trouble", flush=True)
    for line in bad[:20]:
        print(f"  {line[:200]}", flush=True)


async def _run(url: str, label: str, folder: Path) -> list[str]:
    lines = []
    shared = url if url.startswith("postgresql") else None
    database = database_with_workshop(folder, WorkshopCreate(code="WARM1", title="warm"), shared)
    log = folder / f"{label}.log"
    with streamlit_server(database, log, SURVEY_ADMIN_PASSWORD=PASSWORD) as base:
        port = base.rsplit(":", 1)[1]
        found = subprocess.run(
            ["pgrep", "-f", f"server.port {port}"], capture_output=True, text=True
        )
        pid = int(found.stdout.split()[0])
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for count in STEPS:
                print(f"{label}: {count} respondents", flush=True)
                lines.append(_row(label, count, await _step(browser, base, database, count, pid)))
                print(lines[-1], flush=True)
            await browser.close()
    _log_problems(log)
    return lines


def main() -> None:
    began = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        lines = asyncio.run(_run("sqlite", "SQLite", Path(folder)))
        other = os.environ.get("BENCH_DATABASE_URL")
        if other:
            lines += asyncio.run(_run(_database_url(other), "PostgreSQL", Path(folder)))
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    header = (
        f"\n## Load {stamp} · Python {platform.python_version()} · {os.cpu_count()} cores · "
        f"websocket respondents arriving over {RAMP:.0f} s, {THINK[0]:g}-{THINK[1]:g} s "
        f"between clicks · one presenter in Chromium\n\n"
        "| database | respondents | took | all within 2 min | stored | lost | duplicated | "
        "failed | submit p50 / p95 | click p50 / p95 | presenter staleness p95 / max | "
        "server CPU | server peak memory | client CPU |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    )
    report = "\n".join([header, *lines]) + "\n"
    print(report)
    print(f"whole run: {time.monotonic() - began:.0f} s", flush=True)
    with RESULTS.open("a", encoding="utf-8") as out:
        out.write(report)


if __name__ == "__main__":
    main()
