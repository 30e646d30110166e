"""The live room in Chromium: a presenter view on the projector updates within 3 seconds
when an executive answers through the join link, from the same server or from another
server process sharing the database."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack

import pytest

from survey.config import _database_url
from survey.models import WorkshopCreate
from survey.questionnaire import Questionnaire
from tests.browser import (
    PHONE,
    PROJECTOR,
    database_with_workshop,
    open_page,
    sign_in,
    snap,
    streamlit_server,
)
from tests.conftest import DATABASES, TEST_DATABASE_URL

pytestmark = pytest.mark.browser

PASSWORD = "projector-password"
CODE = "LIVE23"


@pytest.fixture(scope="module", params=DATABASES)
def servers(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """Two server processes on one database (an SQLite file, and PostgreSQL when
    TEST_DATABASE_URL is set), as several app servers share one database."""
    folder = tmp_path_factory.mktemp("live")
    shared = _database_url(TEST_DATABASE_URL) if request.param == "postgresql" else None
    data = WorkshopCreate(code=CODE, title="Les Rencontres")
    url = database_with_workshop(folder, data, url=shared)
    with ExitStack() as stack:
        bases = [
            stack.enter_context(
                streamlit_server(url, folder / f"server-{name}.log", SURVEY_ADMIN_PASSWORD=PASSWORD)
            )
            for name in ("a", "b")
        ]
        yield bases[0], bases[1]


def _presenter(browser, base: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    sign_in(page, f"{base}/present?code={CODE}", PASSWORD, "[data-testid='stMetricValue']")
    return context, page


def _responses(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.locator("[data-testid='stMetricValue']").first.inner_text())


def _answer(browser, base: str, questionnaire: Questionnaire, role: str, score: int) -> float:  # type: ignore[no-untyped-def]
    """Answer on a phone through the join link; return when the answer was confirmed."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    open_page(page, f"{base}/?code={CODE}", ".st-key-submit")
    roles = ["CEO", "CFO", "COO", "CIO", "OTHER"]
    page.locator(".st-key-role [data-testid=stRadioOption]").nth(roles.index(role)).click()
    for question in questionnaire.questions():
        option = page.locator(f".st-key-answer__{question.key} [data-testid=stRadioOption]")
        option.nth(score - 1).click()
    page.locator(".st-key-submit button").click()
    page.get_by_text("your answers have been recorded").wait_for(timeout=20_000)
    confirmed = time.monotonic()
    context.close()
    return confirmed


def _wait_for_count(page, expected: int, since: float) -> float:  # type: ignore[no-untyped-def]
    """Seconds from the respondent's confirmation until the presenter shows `expected`."""
    page.wait_for_function(
        "n => Number(document.querySelector('[data-testid=stMetricValue]').innerText) === n",
        arg=expected,
        timeout=3_000,
    )
    return time.monotonic() - since


def test_the_presenter_counts_a_new_answer_within_three_seconds(
    servers: tuple[str, str], browser, questionnaire: Questionnaire
) -> None:  # type: ignore[no-untyped-def]
    base, _other = servers
    context, page = _presenter(browser, base)
    before = _responses(page)
    page.get_by_text("Perception ladder", exact=True).click()
    page.locator(".st-key-present_ladder .main-svg").first.wait_for(
        timeout=10_000
    ) if before else None
    confirmed = _answer(browser, base, questionnaire, "CFO", 2)
    delay = _wait_for_count(page, before + 1, confirmed)
    print(f"presenter updated {delay:.2f} s after the answer was confirmed (same server)")
    # The chart chosen by the facilitator is still the one on screen, now with the CFO.
    page.locator(".st-key-present_ladder").get_by_text("CFO 2.0").first.wait_for(timeout=5_000)
    assert page.url.endswith(f"present?code={CODE}")
    snap(page, "presenter-projector")
    context.close()


def test_an_answer_on_another_server_reaches_the_presenter_within_three_seconds(
    servers: tuple[str, str], browser, questionnaire: Questionnaire
) -> None:  # type: ignore[no-untyped-def]
    base, other = servers
    context, page = _presenter(browser, base)
    before = _responses(page)
    confirmed = _answer(browser, other, questionnaire, "CIO", 6)
    delay = _wait_for_count(page, before + 1, confirmed)
    print(f"presenter updated {delay:.2f} s after the answer was confirmed (other server)")
    page.get_by_text("Self vs. others", exact=True).click()
    page.locator(".st-key-present_self").get_by_text("blind spot").first.wait_for(timeout=10_000)
    snap(page, "presenter-projector-self")
    context.close()


def test_the_join_screen_shows_the_qr_code_and_the_link(servers: tuple[str, str], browser) -> None:  # type: ignore[no-untyped-def]
    base, _other = servers
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    sign_in(page, f"{base}/join?code={CODE}", PASSWORD, ".st-key-join_qr img")
    assert page.get_by_text(f"{base}/?code={CODE}").is_visible()
    box = page.locator(".st-key-join_qr img").bounding_box()
    assert box is not None and box["width"] >= 500  # large enough to scan from the room
    snap(page, "join-projector")
    context.close()
