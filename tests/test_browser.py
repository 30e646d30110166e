"""End to end in Chromium against a real `streamlit run` server: three executives answer on
their own devices, the dashboard shows their gaps, and the CSV holds exactly their answers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from survey.downloads import FORMATS
from survey.models import WorkshopCreate
from survey.questionnaire import Questionnaire
from tests.browser import (
    PHONE,
    PROJECTOR,
    add_demo_workshop,
    database_with_workshop,
    open_page,
    sign_in,
    snap,
    streamlit_server,
    wait_idle,
)

pytestmark = pytest.mark.browser

CODE = "ROOM42"
PASSWORD = "facilitator-password"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("browser")
    url = database_with_workshop(folder, WorkshopCreate(code=CODE, title="Board offsite"))
    with streamlit_server(url, folder / "streamlit.log", SURVEY_ADMIN_PASSWORD=PASSWORD) as base:
        yield base, url


def planned_answers(questionnaire: Questionnaire, role: str) -> dict[str, int | None]:
    """What each executive will click: the CIO sees a strategist, the CFO an IT manager."""
    today, expected = {"CEO": (3, 6), "CFO": (2, 5), "CIO": (6, 7)}[role]
    answers: dict[str, int | None] = {
        q.key: today if q.lens == "today" else expected for q in questionnaire.questions()
    }
    if role == "CFO":
        answers["scope__today"] = None  # "don't know"
    return answers


def answer_survey(page, questionnaire: Questionnaire, role: str, answers) -> None:  # type: ignore[no-untyped-def]
    roles = ["CEO", "CFO", "COO", "CIO", "OTHER"]
    page.locator(".st-key-role [data-testid=stRadioOption]").nth(roles.index(role)).click()
    page.locator(".st-key-organisation input").fill("Brabant Logistics")
    for question in questionnaire.questions():
        score = answers[question.key]
        index = 7 if score is None else score - 1
        page.locator(f".st-key-answer__{question.key} [data-testid=stRadioOption]").nth(
            index
        ).click()


def test_three_executives_answer_and_the_dashboard_and_csv_show_it(
    server: tuple[str, str], browser, questionnaire: Questionnaire
) -> None:  # type: ignore[no-untyped-def]
    base, _url = server
    devices = {"CEO": PROJECTOR, "CFO": PHONE, "CIO": PHONE}
    for role, viewport in devices.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        open_page(page, f"{base}/?code={CODE}", ".st-key-submit")
        assert page.get_by_text("Board offsite").is_visible()
        if role == "CFO":
            # Submitting too early points at what is missing and stores nothing.
            page.locator(".st-key-submit button").click()
            wait_idle(page)
            page.get_by_text("still missing").wait_for()
            assert page.locator("[data-testid='stAlert']").count() > len(questionnaire.questions())
        answer_survey(page, questionnaire, role, planned_answers(questionnaire, role))
        if role == "CFO":
            snap(page, "survey-phone-filled")
        submit = page.locator(".st-key-submit button")
        submit.dblclick()  # an impatient double click still stores one response
        page.get_by_text("your answers have been recorded").wait_for(timeout=20_000)
        if role == "CIO":
            snap(page, "survey-phone-thanks")
            page.reload()  # the reload shows the receipt again, and stores nothing new
            page.get_by_text("your answers have been recorded").wait_for()
            assert page.locator(".st-key-submit").count() == 0
        context.close()

    context = browser.new_context(viewport=PROJECTOR, accept_downloads=True)
    page = context.new_page()
    sign_in(page, f"{base}/results?code={CODE}", PASSWORD, "[data-testid='stMetricValue']")
    metrics = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    assert metrics[:4] == ["3", "1", "1", "0"]  # responses, CEO, CFO, COO
    page.locator(".st-key-chart_self_vs_others .main-svg").first.wait_for()
    self_chart = page.locator(".st-key-chart_self_vs_others").inner_text()
    assert "+3.5 blind spot" in self_chart  # CIO 6 vs peers (3 + 2) / 2 on the overall item
    ladder = page.locator(".st-key-chart_ladder").inner_text()
    assert "CFO 2.0" in ladder and "CIO 6.0" in ladder and "CEO 3.0" in ladder
    gaps = page.locator(".st-key-chart_expectation_gap").inner_text()
    assert "+3.0" in gaps and "+1.0" in gaps
    assert page.locator("[data-testid='stPlotlyChart']").count() == 6
    snap(page, "results-projector")

    with page.expect_download() as download_info:
        page.locator(".st-key-download_csv button").click()
    raw = Path(download_info.value.path()).read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert len(rows) == 3 * len(questionnaire.questions())
    for role in devices:
        expected = planned_answers(questionnaire, role)
        got = {f"{r['item_id']}__{r['lens']}": r["score"] for r in rows if r["role"] == role}
        assert got == {k: "" if v is None else str(v) for k, v in expected.items()}
    assert {r["workshop_code"] for r in rows} == {CODE}
    assert {r["organisation"] for r in rows} == {"Brabant Logistics"}
    context.close()

    phone = browser.new_context(viewport=PHONE)
    page = phone.new_page()
    sign_in(page, f"{base}/results?code={CODE}", PASSWORD, ".st-key-chart_heatmap .main-svg")
    snap(page, "results-phone")
    open_page(page, f"{base}/?code={CODE}", ".st-key-submit")
    snap(page, "survey-phone")
    phone.close()


def test_pages_fit_a_phone_without_sideways_scrolling(server: tuple[str, str], browser) -> None:  # type: ignore[no-untyped-def]
    base, _url = server
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    sign_in(page, f"{base}/results?code={CODE}", PASSWORD, ".st-key-chart_ladder")
    pages = {
        f"/results?code={CODE}": None,  # signed in just now, on this page
        f"/?code={CODE}": ".st-key-submit",
        "/?code=NOSUCH": ".st-key-survey_workshop",
    }
    for path, ready in pages.items():
        if ready:
            open_page(page, base + path, ready)
        overflow = page.evaluate(
            "document.querySelector('[data-testid=stMain]').scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    snap(page, "survey-phone-unknown-code")
    page.set_viewport_size(PROJECTOR)
    open_page(page, f"{base}/?code={CODE}", ".st-key-submit")
    snap(page, "survey-projector")
    context.close()


def test_the_analyst_downloads_every_format_and_opens_it(
    server: tuple[str, str], browser, questionnaire: Questionnaire, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    base, url = server
    add_demo_workshop(url, "ANAL1", respondents=12, seed=5)
    context = browser.new_context(viewport=PROJECTOR, accept_downloads=True)
    page = context.new_page()
    sign_in(page, f"{base}/analysis?code=ANAL1", PASSWORD, ".st-key-download_xlsx")
    snap(page, "analysis-projector")
    opened = {}
    for fmt in FORMATS:
        with page.expect_download() as info:
            page.locator(f".st-key-download_{fmt} button").click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        if fmt == "xlsx":
            opened[fmt] = openpyxl.load_workbook(path).sheetnames
        elif fmt == "html":
            opened[fmt] = path.read_text(encoding="utf-8")[:15]
        else:
            opened[fmt] = pd.read_csv(path, encoding="utf-8-sig")
    assert opened["csv"]["response_id"].nunique() == 12
    assert len(opened["wide"]) == 12
    assert set(opened["aggregates"]["workshop_code"]) == {"ANAL1"}
    assert "gaps" in opened["xlsx"] and opened["html"] == "<!doctype html>"
    assert "score" in set(opened["codebook"]["name"])
    context.close()
