"""Facilitator pages through AppTest: sign-in, workshops, invitations, rounds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import func
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from survey.config import PROJECT_ROOT
from survey.lifecycle import CLOSED, OPEN
from survey.models import Prediction, Response, Workshop, WorkshopCreate
from survey.questionnaire import Questionnaire
from survey.store import (
    change_status,
    create_invitations,
    create_schema,
    create_workshop,
    get_invitation,
    make_engine,
)

ENTRY = str(PROJECT_ROOT / "dashboard.py")
FACILITATOR_PAGES = [
    "pages/workshops.py",
    "pages/join.py",
    "pages/present.py",
    "pages/results.py",
    "pages/analysis.py",
]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'app.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("SURVEY_ADMIN_PASSWORD", raising=False)
    monkeypatch.setenv("SURVEY_ADMIN_PASSWORD_FILE", str(tmp_path / "no-password-here"))
    st.cache_resource.clear()
    st.cache_data.clear()
    engine = make_engine(url)
    create_schema(engine)
    with Session(engine) as session:
        create_workshop(session=session, data=WorkshopCreate(code="ROOM1", title="Secret board"))
    engine.dispose()
    yield url
    st.cache_resource.clear()
    st.cache_data.clear()


def _session(url: str) -> Session:
    return Session(make_engine(url))


def _count(url: str, model: type) -> int:
    with _session(url) as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def _page(page: str, *, password: str | None = PASSWORD, **query: str) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=30)
    if password is not None:
        at.secrets["SURVEY_ADMIN_PASSWORD"] = password
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(page).run()
    return at


def _sign_in(at: AppTest, password: str) -> AppTest:
    at.text_input(key="facilitator_password").input(password)
    return at.button(key="sign_in_submit").click().run()


@pytest.mark.parametrize("page", FACILITATOR_PAGES)
def test_facilitator_pages_are_unreachable_without_signing_in(database: str, page: str) -> None:
    at = _page(page, code="ROOM1")
    assert not at.exception
    assert at.text_input(key="facilitator_password")
    assert not at.metric and not at.get("plotly_chart") and not at.dataframe
    assert "Secret board" not in str(at.main)


def test_one_sign_in_opens_every_facilitator_page_of_the_session(database: str) -> None:
    at = _page("pages/workshops.py")
    _sign_in(at, PASSWORD)
    for page in FACILITATOR_PAGES[1:]:
        at.switch_page(page).run()
        assert not at.exception
        assert not [t for t in at.text_input if t.key == "facilitator_password"]


def test_a_wrong_password_is_refused_and_the_right_one_lets_in(database: str) -> None:
    at = _page("pages/present.py", code="ROOM1")
    _sign_in(at, "guess")
    assert "not right" in at.error[0].value
    assert not at.metric
    _sign_in(at, PASSWORD)
    assert not at.exception
    assert at.metric[0].label == "Responses" and at.metric[0].value == "0"


def test_a_missing_configuration_is_told_apart_from_a_wrong_password(database: str) -> None:
    at = _page("pages/workshops.py", password=None)
    _sign_in(at, "anything")
    assert "No facilitator password is configured" in at.error[0].value
    assert "not right" not in at.error[0].value


def test_repeated_wrong_passwords_are_slowed_down(database: str) -> None:
    at = _page("pages/workshops.py")
    for _ in range(3):
        _sign_in(at, "guess")
        assert "not right" in at.error[0].value
    _sign_in(at, PASSWORD)  # even the right password waits its turn
    assert "please wait" in at.warning[0].value
    assert at.text_input(key="facilitator_password")  # still signed out


def test_a_facilitator_creates_opens_and_closes_a_workshop(database: str) -> None:
    at = _page("pages/workshops.py")
    _sign_in(at, PASSWORD)
    at.text_input(key="new_title").input("CIOFEST 2026")
    at.radio(key="new_kind").set_value("cohort")
    at.button(key="create_workshop_submit").click().run()
    assert not at.exception
    assert "Join code" in at.success[0].value
    with _session(database) as session:
        created = session.exec(select(Workshop).where(Workshop.title == "CIOFEST 2026")).one()
    assert created.kind == "cohort" and created.status == OPEN and created.min_group_size == 5
    assert at.selectbox(key="facilitator_workshop").value == created.code
    at.button(key="workshop_close").click().run()
    with _session(database) as session:
        assert session.get(Workshop, created.id).status == CLOSED
    at.button(key="workshop_new_round").click().run()
    with _session(database) as session:
        reopened = session.get(Workshop, created.id)
        assert reopened.status == OPEN and reopened.current_round == 2


def test_a_workshop_needs_a_title(database: str) -> None:
    at = _page("pages/workshops.py")
    _sign_in(at, PASSWORD)
    at.button(key="create_workshop_submit").click().run()
    assert "give the workshop a title" in at.error[0].value
    assert _count(database, Workshop) == 1


def _fill(at: AppTest, questionnaire: Questionnaire, role: str | None = "CEO") -> None:
    if role:
        at.radio(key="role").set_value(role)
    for question in questionnaire.questions():
        at.radio(key=f"answer__{question.key}").set_value(4)


def _survey(**query: str) -> AppTest:
    at = AppTest.from_file(ENTRY, default_timeout=30)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def test_an_invitation_presets_the_role_and_works_once(
    database: str, questionnaire: Questionnaire
) -> None:
    with _session(database) as session:
        (invitation,) = create_invitations(session=session, workshop_id=1, roles=["CFO"])
        token = invitation.token
    at = _survey(code="ROOM1", invite=token)
    assert at.radio(key="role").value == "CFO" and at.radio(key="role").disabled
    assert not [r for r in at.radio if r.key.startswith("predict__")]  # CFOs predict nothing
    _fill(at, questionnaire, role=None)
    at.button(key="submit").click().run()
    assert "recorded" in at.success[0].value
    with _session(database) as session:
        used = get_invitation(session=session, token=token)
        assert used is not None and used.response_id is not None
    again = _survey(code="ROOM1", invite=token)  # the link opened again, on another phone
    assert "already been used" in again.error[0].value and not again.radio
    forged = _survey(code="ROOM1", invite="not-a-real-token")
    assert "not valid" in forged.error[0].value
    assert _count(database, Response) == 1


def test_the_cio_may_predict_how_peers_place_them(
    database: str, questionnaire: Questionnaire
) -> None:
    at = _survey(code="ROOM1")
    _fill(at, questionnaire, role="CIO")
    at.radio(key="predict__CFO").set_value(3)
    at.button(key="submit").click().run()
    assert at.success
    with _session(database) as session:
        rows = session.exec(select(Prediction.role, Prediction.score)).all()
    assert rows == [("CFO", 3)]


def test_a_workshop_closed_while_answering_stores_nothing(
    database: str, questionnaire: Questionnaire
) -> None:
    at = _survey(code="ROOM1")
    _fill(at, questionnaire)
    with _session(database) as session:
        change_status(session=session, workshop_id=1, status=CLOSED)
    at.button(key="submit").click().run()
    assert not at.exception
    assert "not accepting answers" in at.warning[0].value
    assert _count(database, Response) == 0


def test_a_new_round_asks_again_after_a_receipt(
    database: str, questionnaire: Questionnaire
) -> None:
    at = _survey(code="ROOM1")
    _fill(at, questionnaire)
    at.button(key="submit").click().run()
    receipt = at.query_params["receipt"]
    with _session(database) as session:
        change_status(session=session, workshop_id=1, status=CLOSED)
        change_status(session=session, workshop_id=1, status=OPEN, new_round=True)
    later = _survey(code="ROOM1", receipt=receipt)  # the same phone, after the discussion
    assert not later.success and later.radio(key="role")
    _fill(later, questionnaire)
    later.button(key="submit").click().run()
    assert later.success
    with _session(database) as session:
        rounds = session.exec(select(Response.round).order_by(Response.id)).all()
    assert rounds == [1, 2]


def test_the_presenter_rides_out_a_database_outage(
    database: str, questionnaire: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _page("pages/present.py", code="ROOM1")
    _sign_in(at, PASSWORD)
    assert at.metric[0].value == "0"
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    st.cache_resource.clear()
    at.run()
    assert not at.exception
    assert "Reconnecting" in at.warning[0].value
    assert at.metric[0].label == "Responses"  # the last figures stay on the screen
    monkeypatch.setenv("DATABASE_URL", database)
    st.cache_resource.clear()
    answer = _survey(code="ROOM1")
    _fill(answer, questionnaire)
    answer.button(key="submit").click().run()
    at.run()
    assert not at.warning and at.metric[0].value == "1"  # recovered by itself


def test_the_analysis_page_hides_small_cells_after_filtering(
    database: str, questionnaire: Questionnaire
) -> None:
    from tests.factories import answers_for, submission, submit

    with _session(database) as session:
        cohort = create_workshop(
            session=session, data=WorkshopCreate(code="COH1", title="CIOFEST", kind="cohort")
        )
        for index in range(6):
            organisation = "Alpha" if index < 2 else "Beta"
            data = submission(answers_for(questionnaire), role="CFO", organisation=organisation)
            submit(session, cohort, data)
    at = _page("pages/analysis.py", code="COH1")
    _sign_in(at, PASSWORD)
    assert not at.exception
    table = at.dataframe[0].value  # the aggregates come first
    assert list(table.columns)[:4] == ["workshop_code", "role", "item_id", "lens"]
    assert not table[table.role == "CFO"]["suppressed"].any()
    at.multiselect(key="analysis_organisations").set_value(["Alpha"]).run()
    table = at.dataframe[0].value
    cfo = table[table.role == "CFO"]
    assert cfo["suppressed"].all() and cfo["mean"].isna().all()


def test_a_closed_workshop_is_deleted_only_after_typing_its_code(
    database: str, questionnaire: Questionnaire
) -> None:
    answer = _survey(code="ROOM1")
    _fill(answer, questionnaire)
    answer.button(key="submit").click().run()
    with _session(database) as session:
        change_status(session=session, workshop_id=1, status=CLOSED)
    at = _page("pages/workshops.py", code="ROOM1")
    _sign_in(at, PASSWORD)
    at.text_input(key="purge_code").input("WRONG")
    at.button(key="purge_submit").click().run()
    assert "does not match" in at.error[0].value
    assert _count(database, Workshop) == 1
    at.text_input(key="purge_code").input("room1")
    at.button(key="purge_submit").click().run()
    assert not at.exception
    assert "were deleted" in at.success[0].value
    assert _count(database, Workshop) == 0 and _count(database, Response) == 0
