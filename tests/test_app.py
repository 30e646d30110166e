"""The pages through Streamlit's AppTest, on a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import func
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from survey.config import PROJECT_ROOT
from survey.demo import add_demo_responses
from survey.models import Response, WorkshopCreate
from survey.questionnaire import Questionnaire
from survey.store import create_schema, create_workshop, make_engine
from survey.ui.access import SIGNED_IN

ENTRY = str(PROJECT_ROOT / "dashboard.py")
FACILITATOR_PAGES = [
    "pages/workshops.py",
    "pages/join.py",
    "pages/present.py",
    "pages/results.py",
    "pages/analysis.py",
]
PAGES = ["pages/survey.py", *FACILITATOR_PAGES]
PASSWORD = "correct horse battery staple"
UNREACHABLE = "postgresql+psycopg://nobody@127.0.0.1:1/none"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    st.cache_resource.clear()
    st.cache_data.clear()
    engine = make_engine(url)
    create_schema(engine)
    engine.dispose()
    yield url
    st.cache_resource.clear()
    st.cache_data.clear()


def _session(url: str) -> Session:
    return Session(make_engine(url))


def _responses(url: str) -> int:
    with _session(url) as session:
        return int(session.exec(select(func.count()).select_from(Response)).one())


def _app(code: str | None = None, *, signed_in: bool = False) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=30)
    if code:
        at.query_params["code"] = code
    if signed_in:
        at.session_state[SIGNED_IN] = True
    return at


def _open_workshop(database: str, code: str, **fields: str) -> AppTest:
    """Create a workshop and open the survey on its join link."""
    with _session(database) as session:
        data = WorkshopCreate(code=code, title=fields.pop("title", "Board"), **fields)
        create_workshop(session=session, data=data)
    at = _app(code)
    at.run()
    return at


def _fill(at: AppTest, questionnaire: Questionnaire, *, role: str = "CEO", skip: int = 0) -> None:
    at.radio(key="role").set_value(role)
    for question in questionnaire.questions()[skip:]:
        at.radio(key=f"answer__{question.key}").set_value(5)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_an_empty_database(database: str, page: str) -> None:
    at = _app(signed_in=True)
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    assert at.info  # an empty state that says what to do


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_data(
    database: str, page: str, questionnaire: Questionnaire
) -> None:
    with _session(database) as session:
        add_demo_responses(
            session=session,
            questionnaire=questionnaire,
            workshop_code="DEMO",
            respondents=30,
            seed=1,
        )
    at = _app("DEMO", signed_in=True)
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    if page == "pages/survey.py":
        assert len(at.radio) == 1 + len(questionnaire.questions()) + 3  # + CIO predictions
    elif page in ("pages/results.py", "pages/present.py"):
        values = [int(m.value) for m in at.metric]
        assert values[0] == 30 and sum(values[1:6]) == 30  # responses, then by role
    if page == "pages/results.py":
        assert len(at.get("plotly_chart")) == 6  # ladder, self, between, gap, heatmap, answers


def test_a_respondent_submits_once_and_sees_a_receipt(
    database: str, questionnaire: Questionnaire
) -> None:
    at = _open_workshop(database, "ROOM1")
    _fill(at, questionnaire, role="CIO")
    at.text_area(key="comment").input("Une remarque 🙂")
    at.button(key="submit").click().run()
    assert not at.exception
    assert "recorded" in at.success[0].value
    assert _responses(database) == 1
    receipt = at.query_params["receipt"]
    # The same browser reloads the page: the receipt, not a fresh form, and nothing new stored.
    again = _app("ROOM1")
    again.query_params["receipt"] = receipt
    again.run()
    assert again.success and not again.radio
    assert _responses(database) == 1


def test_missing_answers_are_pointed_out_and_nothing_is_stored(
    database: str, questionnaire: Questionnaire
) -> None:
    at = _open_workshop(database, "ROOM2")
    _fill(at, questionnaire, skip=2)
    at.button(key="submit").click().run()
    assert _responses(database) == 0
    assert len(at.error) == 2  # one under each unanswered item
    assert "2 answer(s) still missing" in at.warning[0].value
    assert at.radio(key="answer__overall__expected").value == 5  # answers stay on screen
    assert at.radio(key="role").value == "CEO"
    at.radio(key="answer__overall__today").set_value("dont_know")
    at.radio(key="answer__mandate__today").set_value(1)
    at.button(key="submit").click().run()
    assert _responses(database) == 1 and not at.error


def test_the_comment_is_limited_to_the_configured_length(
    database: str, questionnaire: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SURVEY_MAX_COMMENT", "10")
    at = _open_workshop(database, "ROOM3")
    assert at.text_area(key="comment").max_chars == 10  # the browser stops typing there
    _fill(at, questionnaire)
    at.text_area(key="comment").input("x" * 11)
    at.button(key="submit").click().run()
    with _session(database) as session:
        comments = session.exec(select(Response.comment)).all()
    assert all(c is None or len(c) <= 10 for c in comments)


def test_an_unknown_code_is_told_and_the_picker_offered(database: str) -> None:
    with _session(database) as session:
        create_workshop(session=session, data=WorkshopCreate(code="REAL1", title="Real one"))
    at = _app("WRONG9")
    at.run()
    assert not at.exception
    assert "WRONG9" in at.error[0].value
    assert at.selectbox(key="survey_workshop").options == ["Real one (REAL1)"]


def test_a_closed_workshop_accepts_no_answers(database: str) -> None:
    at = _open_workshop(database, "SHUT1", status="closed")
    assert "not accepting answers" in at.warning[0].value
    assert not at.radio


def test_a_database_outage_keeps_the_answers_and_a_retry_stores_once(
    database: str, questionnaire: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open_workshop(database, "ROOM4")
    _fill(at, questionnaire, role="CFO")
    monkeypatch.setenv("DATABASE_URL", UNREACHABLE)
    st.cache_resource.clear()
    at.button(key="submit").click().run()
    assert not at.exception
    assert "could not be saved" in at.error[0].value
    assert at.radio(key="answer__scope__expected").value == 5
    monkeypatch.setenv("DATABASE_URL", database)
    st.cache_resource.clear()
    at.button(key="submit").click().run()
    at.button(key="answer_again")  # the receipt's "answer again" button is there
    assert _responses(database) == 1


def test_pages_say_so_when_the_database_is_down(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", UNREACHABLE)
    for page in PAGES:
        at = _app("ANY", signed_in=True)
        at.run()
        at.switch_page(page).run()
        assert not at.exception
        assert "cannot reach its database" in at.error[0].value
