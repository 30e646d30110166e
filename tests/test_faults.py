"""Faults during a live workshop: the database restarting under concurrent submissions, and a
read-only SQLite file. Nothing is lost, nothing is counted twice, nothing is corrupted."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest
import streamlit as st
from sqlalchemy import func
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session, select
from streamlit.testing.v1 import AppTest

from survey.config import PROJECT_ROOT, _database_url
from survey.models import Answer, Response, WorkshopCreate
from survey.questionnaire import Questionnaire
from survey.store import create_schema, create_workshop, make_engine, submit_response
from tests.conftest import TEST_DATABASE_URL
from tests.factories import answers_for, submission

RESPONDENTS = 24


def _pg_cluster() -> list[str] | None:
    """The command that restarts this machine's PostgreSQL, if we may run it."""
    if not TEST_DATABASE_URL or shutil.which("pg_ctlcluster") is None or os.geteuid() != 0:
        return None
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if not versions:
        return None
    return ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main"]


def _submit_until_stored(engine, workshop_id: int, data, outcomes: list[str]) -> None:  # type: ignore[no-untyped-def]
    """What a respondent does when told to retry: press the button again, same form."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with Session(engine) as session:
                submit_response(session=session, workshop_id=workshop_id, data=data)
            outcomes.append("stored")
            return
        except SQLAlchemyError:
            outcomes.append("retry")
            time.sleep(0.2)
    outcomes.append("gave up")


def test_postgresql_restarting_under_concurrent_submissions_loses_and_doubles_nothing(
    questionnaire: Questionnaire,
) -> None:
    cluster = _pg_cluster()
    if cluster is None:
        pytest.skip("needs TEST_DATABASE_URL and the right to restart the local PostgreSQL")
    url = _database_url(TEST_DATABASE_URL)
    engine = make_engine(url)
    from survey.migrate import drop_schema

    drop_schema(engine)
    create_schema(engine)
    with Session(engine) as session:
        workshop_id = create_workshop(
            session=session, data=WorkshopCreate(code="FAULT1", title="Restart")
        ).id
    assert workshop_id is not None
    forms = [submission(answers_for(questionnaire), role="CFO") for _ in range(RESPONDENTS)]
    outcomes: list[str] = []

    def phone(mine: list) -> None:  # type: ignore[type-arg]
        for form in mine:
            _submit_until_stored(engine, workshop_id, form, outcomes)
            time.sleep(0.1)

    threads = [threading.Thread(target=phone, args=(forms[i::6],)) for i in range(6)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)
    restart = subprocess.Popen(
        [*cluster, "restart"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        for thread in threads:
            thread.join(timeout=120)
        restart.wait(timeout=60)
    finally:
        subprocess.run([*cluster, "start"], capture_output=True, timeout=60)
    print(f"{outcomes.count('retry')} retries during the restart")
    assert outcomes.count("stored") == RESPONDENTS and "gave up" not in outcomes
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Response)).one() == RESPONDENTS
        answers = session.exec(select(func.count()).select_from(Answer)).one()
        assert answers == RESPONDENTS * len(questionnaire.questions())
    engine.dispose()


def test_a_read_only_database_file_gets_a_clear_message_and_stays_intact(
    tmp_path: Path, questionnaire: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "survey.db"
    writable = make_engine(f"sqlite:///{path}")
    create_schema(writable)
    with Session(writable) as session:
        create_workshop(session=session, data=WorkshopCreate(code="RO1", title="Read only"))
    writable.dispose()
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    engine = make_engine(read_only)
    with Session(engine) as session, pytest.raises(OperationalError, match="readonly"):
        submit_response(session=session, workshop_id=1, data=submission(answers_for(questionnaire)))
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", read_only)
    st.cache_resource.clear()
    at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=30)
    at.query_params["code"] = "RO1"
    at.run()
    for question in questionnaire.questions():
        at.radio(key=f"answer__{question.key}").set_value(5)
    at.radio(key="role").set_value("CEO")
    at.button(key="submit").click().run()
    assert not at.exception
    assert "could not be saved" in at.error[0].value  # and the answers stay on screen
    assert at.radio(key="answer__overall__today").value == 5
    st.cache_resource.clear()
    check = make_engine(f"sqlite:///{path}")
    with check.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    with Session(check) as session:
        assert session.exec(select(func.count()).select_from(Response)).one() == 0
    check.dispose()
