"""The schema is managed by migrations, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, text
from sqlmodel import Session, SQLModel, select

from survey.migrate import FIRST_REVISION, current_revision, drop_schema, head_revision, upgrade
from survey.models import Answer, Response
from survey.questionnaire import Questionnaire
from survey.store import make_engine
from tests.factories import answers_for, make_workshop, submission, submit


def test_the_migrations_build_exactly_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    drop_schema(engine)
    upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_a_database_at_the_first_version_keeps_every_row_when_upgraded(
    database_url: str, questionnaire: Questionnaire
) -> None:
    engine = make_engine(database_url)
    drop_schema(engine)
    upgrade(engine, FIRST_REVISION)
    with Session(engine) as session:
        workshop = make_workshop(session)
        for role in ("CEO", "CFO", "CIO"):
            submit(session, workshop, submission(answers_for(questionnaire), role=role))
    upgrade(engine)
    upgrade(engine)  # safe to run at every start
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Response)).one() == 3
        assert session.exec(select(func.count()).select_from(Answer)).one() == 3 * 23
    assert current_revision(engine) == head_revision()
    engine.dispose()


def test_a_database_made_before_migrations_is_recognised(
    database_url: str, questionnaire: Questionnaire
) -> None:
    engine = make_engine(database_url)
    drop_schema(engine)
    SQLModel.metadata.create_all(engine)  # as the very first builds made it
    with Session(engine) as session:
        submit(session, make_workshop(session), submission(answers_for(questionnaire)))
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM response")).scalar() == 1
    engine.dispose()
