"""The store on a real database (SQLite file, and PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, func, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from survey.models import Answer, Response, WorkshopCreate
from survey.questionnaire import Questionnaire
from survey.store import (
    JOIN_CODE_ALPHABET,
    create_workshop,
    create_workshop_with_new_code,
    get_workshop,
    new_join_code,
    responses_by_role,
    workshop_revision,
)
from tests.factories import answers_for, make_workshop, submission, submit


def _count(session: Session, model: type) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def test_a_submission_stores_one_response_and_every_answer(
    session: Session, questionnaire: Questionnaire
) -> None:
    workshop = make_workshop(session)
    answers = answers_for(questionnaire, overrides={"mandate__today": None})
    result = submit(session, workshop, submission(answers, role="CIO", comment="Hé 🚀"))
    assert result.created
    stored = session.get(Response, result.response_id)
    assert stored is not None and stored.role == "CIO" and stored.comment == "Hé 🚀"
    rows = session.exec(select(Answer).where(Answer.response_id == result.response_id)).all()
    assert len(rows) == len(questionnaire.questions())
    assert {(a.item_id, a.lens): a.score for a in rows}[("mandate", "today")] is None
    assert workshop_revision(session=session, workshop_id=workshop.id).responses == 1  # type: ignore[arg-type]


def test_the_same_submission_twice_is_stored_once(
    session: Session, questionnaire: Questionnaire
) -> None:
    workshop = make_workshop(session)
    data = submission(answers_for(questionnaire), key="double-click")
    first = submit(session, workshop, data)
    second = submit(session, workshop, data)
    assert first.created and not second.created
    assert first.response_id == second.response_id
    assert _count(session, Response) == 1
    assert _count(session, Answer) == len(questionnaire.questions())


def test_concurrent_submits_are_each_stored_exactly_once(
    engine: Engine, questionnaire: Questionnaire
) -> None:
    with Session(engine) as session:
        workshop = make_workshop(session)
    shared = submission(answers_for(questionnaire), key="same-form-many-clicks")
    distinct = [submission(answers_for(questionnaire), role="CFO") for _ in range(8)]
    jobs = [shared] * 8 + distinct
    results: list[bool] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(jobs))

    def worker(data):  # type: ignore[no-untyped-def]
        try:
            with Session(engine) as own:
                barrier.wait()
                results.append(submit(own, workshop, data).created)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [False] * 7 + [True] * 9
    with Session(engine) as session:
        assert _count(session, Response) == 9
        assert _count(session, Answer) == 9 * len(questionnaire.questions())
        assert responses_by_role(session=session, workshop_id=workshop.id) == {  # type: ignore[arg-type]
            "CEO": 1,
            "CFO": 8,
        }


@pytest.mark.parametrize("score", [0, 8, -3])
def test_the_database_refuses_scores_outside_the_scale(session: Session, score: int) -> None:
    workshop = make_workshop(session)
    response = Response(workshop_id=workshop.id, role="CEO", idempotency_key="k")  # type: ignore[arg-type]
    session.add(response)
    session.commit()
    session.add(Answer(response_id=response.id, item_id="overall", lens="today", score=score))  # type: ignore[arg-type]
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()
    assert _count(session, Answer) == 0


def test_the_database_refuses_a_second_answer_to_the_same_question(session: Session) -> None:
    workshop = make_workshop(session)
    response = Response(workshop_id=workshop.id, role="CEO", idempotency_key="k")  # type: ignore[arg-type]
    session.add(response)
    session.commit()
    for score in (3, 5):
        session.add(Answer(response_id=response.id, item_id="overall", lens="today", score=score))  # type: ignore[arg-type]
    with pytest.raises(IntegrityError):
        session.commit()


@pytest.mark.parametrize(
    "row",
    [
        {"role": "CTO", "idempotency_key": "a"},
        {"role": "CEO", "idempotency_key": "b", "language": "de"},
    ],
)
def test_the_database_refuses_unknown_roles_and_languages(session: Session, row: dict) -> None:
    workshop = make_workshop(session)
    session.add(Response(workshop_id=workshop.id, **row))  # type: ignore[arg-type]
    with pytest.raises(IntegrityError):
        session.commit()


def test_foreign_keys_and_idempotency_keys_are_enforced(session: Session) -> None:
    session.add(Response(workshop_id=999, role="CEO", idempotency_key="orphan"))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()
    orphan = Answer(response_id=12345, item_id="overall", lens="today", score=4)
    session.add(orphan.model_copy(update={"workshop_id": 1, "round": 1, "role": "CEO"}))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()
    workshop = make_workshop(session)
    for _ in range(2):
        session.add(Response(workshop_id=workshop.id, role="CEO", idempotency_key="same"))  # type: ignore[arg-type]
    with pytest.raises(IntegrityError):
        session.commit()


def test_a_failing_submission_leaves_nothing_behind(
    session: Session, questionnaire: Questionnaire
) -> None:
    workshop = make_workshop(session)
    answers = answers_for(questionnaire, overrides={"scope__expected": 9})  # past validation
    with pytest.raises(IntegrityError):
        submit(session, workshop, submission(answers))
    assert _count(session, Response) == 0 and _count(session, Answer) == 0


def test_join_codes_are_readable_aloud_and_unique(session: Session) -> None:
    assert not set("0O1IL") & set(JOIN_CODE_ALPHABET)
    codes = {new_join_code() for _ in range(2000)}
    assert len(codes) == 2000
    assert all(set(code) <= set(JOIN_CODE_ALPHABET) and len(code) == 6 for code in codes)
    created = {
        create_workshop_with_new_code(session=session, title=f"W{i}").code for i in range(25)
    }
    assert len(created) == 25


def test_workshop_codes_are_found_whatever_the_case_and_spaces(session: Session) -> None:
    create_workshop(session=session, data=WorkshopCreate(code="ab c23", title="T"))
    found = get_workshop(session=session, code=" abc 23 ")
    assert found is not None and found.code == "ABC23"
    assert get_workshop(session=session, code="NOPE") is None


def test_sqlite_files_use_wal_and_a_busy_timeout(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_deleting_a_workshop_cascades_to_its_answers(
    session: Session, questionnaire: Questionnaire
) -> None:
    workshop = make_workshop(session)
    submit(session, workshop, submission(answers_for(questionnaire)))
    session.delete(workshop)
    session.commit()
    assert _count(session, Response) == 0 and _count(session, Answer) == 0
    assert session.exec(select(col(Answer.id))).first() is None
