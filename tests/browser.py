"""Helpers for browser tests: a real `streamlit run` server on a free port, and Chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlmodel import Session

from survey.config import PROJECT_ROOT
from survey.demo import add_demo_responses
from survey.migrate import drop_schema
from survey.models import WorkshopCreate
from survey.questionnaire import load_questionnaire
from survey.store import create_schema, create_workshop, make_engine

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
SCREENSHOTS = PROJECT_ROOT / "tests" / "screenshots"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}


def database_with_workshop(folder: Path, data: WorkshopCreate, url: str | None = None) -> str:
    """A new database holding one workshop (SQLite in `folder`, or the emptied database at
    `url`); returns its URL."""
    url = url or f"sqlite:///{folder / 'survey.db'}"
    engine = make_engine(url)
    drop_schema(engine)
    create_schema(engine)
    with Session(engine) as session:
        create_workshop(session=session, data=data)
    engine.dispose()
    return url


def add_demo_workshop(url: str, code: str, respondents: int, seed: int) -> None:
    """Fill workshop `code` (made if missing) of the database at `url` with demo answers."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            add_demo_responses(
                session=session,
                questionnaire=load_questionnaire(),
                workshop_code=code,
                respondents=respondents,
                seed=seed,
            )
    finally:
        engine.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def streamlit_server(
    database_url: str, log: Path, script: str = "dashboard.py", **env: str
) -> Iterator[str]:
    """Start `streamlit run <script>` (the app unless told) on a free port; yield its base URL."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--browser.gatherUsageStats",
        "false",
        "--server.fileWatcherType",
        "none",
    ]
    environment = {**os.environ, "DATABASE_URL": database_url, **env}
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=environment, stdout=out, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_healthy(base: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"streamlit did not become healthy:\n{log.read_text()}")


def wait_idle(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector(IDLE, timeout=30_000)


def open_page(page, url: str, ready: str) -> None:  # type: ignore[no-untyped-def]
    """Go to `url` and wait until `ready` (a selector) shows and the script is idle.

    The idle marker alone is not enough: it is also there before the first run starts.
    """
    page.goto(url)
    page.locator(ready).first.wait_for(timeout=30_000)
    wait_idle(page)


def snap(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    """Screenshot the whole page (Streamlit scrolls inside its own container)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    viewport = page.viewport_size
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll('[data-testid=stMain] *')]"
        ".slice(0, 1).map(e => e.scrollHeight), window.innerHeight)"
    )
    page.set_viewport_size({"width": viewport["width"], "height": min(int(height) + 80, 12000)})
    page.wait_for_timeout(600)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(viewport)
    return path


def sign_in(page, url: str, password: str, ready: str) -> None:  # type: ignore[no-untyped-def]
    """Open a facilitator page and sign in on it; wait until `ready` shows."""
    open_page(page, url, ".st-key-facilitator_password")
    page.locator(".st-key-facilitator_password input").fill(password)
    page.locator(".st-key-sign_in_submit button").click()
    page.locator(ready).first.wait_for(timeout=30_000)
    wait_idle(page)


def rendered_text(page) -> str:  # type: ignore[no-untyped-def]
    """The page's text as Chromium lays it out, generated content (CSS counters) included."""
    cdp = page.context.new_cdp_session(page)
    try:
        nodes = cdp.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        cdp.detach()
    return "".join(
        node.get("name", {}).get("value", "")
        for node in nodes
        if node.get("role", {}).get("value") == "StaticText"
    )


def wait_for_rendered(page, text: str, timeout: float = 10) -> None:  # type: ignore[no-untyped-def]
    """Wait until `text` is part of the laid-out page (see `rendered_text`)."""
    deadline = time.monotonic() + timeout
    while text not in (shown := rendered_text(page)):
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} never rendered; the page shows: {shown[-300:]!r}")
        page.wait_for_timeout(200)
