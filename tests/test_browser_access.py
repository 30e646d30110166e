"""Every executive can answer: French by keyboard alone on a phone, no serious accessibility
violations (axe-core), and the survey looked at in each language at phone width."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlmodel import Session, select

from survey.i18n import t
from survey.models import Response, WorkshopCreate
from survey.questionnaire import LANGUAGES, Questionnaire
from survey.store import make_engine
from tests.browser import (
    PHONE,
    PROJECTOR,
    add_demo_workshop,
    database_with_workshop,
    open_page,
    sign_in,
    snap,
    streamlit_server,
    wait_for_rendered,
    wait_idle,
)

pytestmark = pytest.mark.browser
PASSWORD = "accessible-password"
CODE = "ACCES1"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("access")
    data = WorkshopCreate(code=CODE, title="Les Rencontres", language="fr")
    url = database_with_workshop(folder, data)
    with streamlit_server(url, folder / "server.log", SURVEY_ADMIN_PASSWORD=PASSWORD) as base:
        yield base, url


def _serious(page) -> list[str]:  # type: ignore[no-untyped-def]
    violations = Axe().run(page).response["violations"]
    return [
        f"{v['id']}: {v['help']} ({v['nodes'][0]['target']})"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def _focus_in(page, key: str) -> bool:  # type: ignore[no-untyped-def]
    return bool(page.evaluate(f"document.activeElement.closest('.st-key-{key}') !== null"))


def _tab_to(page, key: str, limit: int = 40) -> None:  # type: ignore[no-untyped-def]
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _focus_in(page, key):
            return
    raise AssertionError(f"Tab never reached {key}")


def test_a_respondent_answers_in_french_with_the_keyboard_alone(
    server: tuple[str, str], browser, questionnaire: Questionnaire
) -> None:  # type: ignore[no-untyped-def]
    base, url = server
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    open_page(page, f"{base}/?code={CODE}", ".st-key-submit")  # the workshop speaks French
    page.get_by_text(t("survey.submit", "fr")).wait_for()
    keys = page.keyboard
    _tab_to(page, "role")
    keys.press("Space")  # CEO
    keys.press("ArrowDown")  # CFO
    _tab_to(page, "organisation")
    keys.type("Liège Acier")
    for question in questionnaire.questions():
        _tab_to(page, f"answer__{question.key}", limit=6)
        if question.key == "scope__today":
            keys.press("Space")
            keys.press("ArrowLeft")  # wraps round to "Je ne sais pas"
            continue
        keys.press("Space")  # 1
        for _ in range(2):
            keys.press("ArrowRight")  # 3
    snap(page, "survey-phone-fr-keyboard")
    _tab_to(page, "submit", limit=12)
    keys.press("Enter")
    page.get_by_text(t("survey.thanks", "fr")).wait_for(timeout=20_000)
    overflow = page.evaluate(
        "document.querySelector('[data-testid=stMain]').scrollWidth - window.innerWidth"
    )
    assert overflow <= 0
    context.close()
    engine = make_engine(url)
    with Session(engine) as session:
        response = session.exec(select(Response)).one()
        assert (response.role, response.language, response.organisation) == (
            "CFO",
            "fr",
            "Liège Acier",
        )
    engine.dispose()


def test_the_progress_counts_answers_live_and_survives_a_language_switch(
    server: tuple[str, str], browser, questionnaire: Questionnaire
) -> None:  # type: ignore[no-untyped-def]
    base, _url = server
    total = len(questionnaire.questions())
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    open_page(page, f"{base}/?code={CODE}", ".st-key-submit")
    french = t("survey.progress", "fr", answered=0, total=total)
    wait_for_rendered(page, french)
    page.locator(".st-key-role [data-testid=stRadioOption]").nth(3).click()  # not counted
    for key in ("overall__today", "change__expected", "overall__today"):  # a change of mind
        page.locator(f".st-key-answer__{key} [data-testid=stRadioOption]").nth(2).click()
    page.locator(".st-key-answer__scope__today [data-testid=stRadioOption]").nth(7).click()
    wait_idle(page)
    wait_for_rendered(page, t("survey.progress", "fr", answered=3, total=total))
    page.locator(".st-key-language button").filter(has_text="Nederlands").click()
    page.get_by_text(t("survey.submit", "nl")).wait_for()
    wait_idle(page)
    wait_for_rendered(page, t("survey.progress", "nl", answered=3, total=total))
    checked = page.evaluate(
        "Object.fromEntries([...document.querySelectorAll('[class*=st-key-] input:checked')]"
        ".map(e => [e.closest('[class*=st-key-]').className.match(/st-key-(\\S+)/)[1], e.value]))"
    )  # translated labels: the CIO and "don't know" must still be chosen
    assert checked == {
        "role": "3",
        "answer__overall__today": "2",
        "answer__change__expected": "2",
        "answer__scope__today": "7",
    }
    snap(page, "survey-phone-nl-progress")
    context.close()


def test_touch_targets_are_at_least_44_px(server: tuple[str, str], browser) -> None:  # type: ignore[no-untyped-def]
    base, _url = server
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    options = ".st-key-answer__overall__today [data-testid=stRadioOption]"
    open_page(page, f"{base}/?code={CODE}", options)
    sizes = page.evaluate(
        f"[...document.querySelectorAll('{options}')]"
        ".map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })"
    )
    assert len(sizes) == 8 and all(w >= 44 and h >= 44 for w, h in sizes), sizes
    submit = page.locator(".st-key-submit button").bounding_box()
    assert submit is not None and submit["height"] >= 40 and submit["width"] >= 300
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_survey_has_no_serious_accessibility_violations(
    server: tuple[str, str], browser, lang: str
) -> None:  # type: ignore[no-untyped-def]
    base, _url = server
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    open_page(page, f"{base}/?code={CODE}&lang={lang}", ".st-key-submit")
    page.get_by_text(t("survey.submit", lang)).wait_for()
    assert _serious(page) == []
    snap(page, f"survey-phone-{lang}")
    context.close()


def test_the_results_page_has_no_serious_accessibility_violations(
    server: tuple[str, str], browser, questionnaire: Questionnaire
) -> None:  # type: ignore[no-untyped-def]
    base, url = server
    add_demo_workshop(url, "ACCES2", respondents=8, seed=2)
    context = browser.new_context(viewport=PROJECTOR)
    page = context.new_page()
    sign_in(page, f"{base}/results?code=ACCES2", PASSWORD, ".st-key-chart_ladder .main-svg")
    assert _serious(page) == []
    context.close()
