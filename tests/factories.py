"""Test data built through the store, shared by unit, AppTest and browser tests."""

from __future__ import annotations

import random
import uuid
from collections.abc import Mapping

from sqlmodel import Session

from survey.models import ResponseCreate, Workshop, WorkshopCreate
from survey.questionnaire import Questionnaire
from survey.store import SubmitResult, create_workshop, submit_response


def make_workshop(
    session: Session, *, code: str = "TEST42", kind: str = "team", title: str = "Test workshop"
) -> Workshop:
    return create_workshop(session=session, data=WorkshopCreate(code=code, title=title, kind=kind))


def answers_for(
    questionnaire: Questionnaire,
    *,
    today: int | None = 4,
    expected: int | None = 5,
    overrides: Mapping[str, int | None] | None = None,
) -> dict[str, int | None]:
    """A complete set of answers: `today` / `expected` everywhere, then the overrides."""
    answers = {q.key: (today if q.lens == "today" else expected) for q in questionnaire.questions()}
    answers.update(overrides or {})
    return answers


def random_answers(questionnaire: Questionnaire, rng: random.Random) -> dict[str, int | None]:
    return {
        q.key: None if rng.random() < 0.1 else rng.randint(1, 7) for q in questionnaire.questions()
    }


def submission(
    answers: dict[str, int | None],
    *,
    role: str = "CEO",
    organisation: str | None = "Acme",
    key: str | None = None,
    language: str = "en",
    comment: str | None = None,
) -> ResponseCreate:
    return ResponseCreate(
        role=role,
        organisation=organisation,
        language=language,
        comment=comment,
        idempotency_key=key or uuid.uuid4().hex,
        answers=answers,
    )


def submit(session: Session, workshop: Workshop, data: ResponseCreate) -> SubmitResult:
    assert workshop.id is not None
    return submit_response(session=session, workshop_id=workshop.id, data=data)
