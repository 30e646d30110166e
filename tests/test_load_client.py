"""The websocket load client (benchmarks/streamlit_client.py) answers the survey on the real
server like a browser: one response stored, the thank-you shown, a double click stored once."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from benchmarks.streamlit_client import StreamlitSession
from survey.i18n import t
from survey.models import Response, WorkshopCreate
from survey.questionnaire import Questionnaire
from survey.store import get_workshop, make_engine
from tests.browser import database_with_workshop, streamlit_server

CODE = "LOADWS"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder: Path = tmp_path_factory.mktemp("load_client")
    url = database_with_workshop(folder, WorkshopCreate(code=CODE, title="Websocket load"))
    with streamlit_server(url, folder / "server.log") as base:
        yield base, url


async def _respond(base: str, questionnaire: Questionnaire, clicks: int) -> StreamlitSession:
    session = StreamlitSession(timeout=60)
    await session.connect(base, f"code={CODE}")
    try:
        await session.set_radio("role", 1)
        for number, question in enumerate(questionnaire.questions()):
            await session.set_radio(f"answer__{question.key}", number % 7)
        await session.click_button("submit", clicks=clicks)
    finally:
        await session.close()
    return session


def _stored(url: str, idempotency_key: str) -> tuple[int, int]:
    """Responses in the workshop, and those under this idempotency key."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            workshop = get_workshop(session=session, code=CODE)
            assert workshop is not None
            in_workshop = select(func.count()).where(Response.workshop_id == workshop.id)
            with_key = select(func.count()).where(Response.idempotency_key == idempotency_key)
            return session.exec(in_workshop).one(), session.exec(with_key).one()
    finally:
        engine.dispose()


@pytest.mark.parametrize("clicks", [1, 2], ids=["click", "double-click"])
def test_a_websocket_respondent_is_stored_once(
    server: tuple[str, str], questionnaire: Questionnaire, clicks: int
) -> None:
    base, url = server
    before = _stored(url, "")[0]
    session = asyncio.run(_respond(base, questionnaire, clicks))
    assert t("survey.thanks", "en") in session.texts("success")
    receipt = parse_qs(session.query_string)["receipt"][0]
    assert _stored(url, receipt) == (before + 1, 1)
