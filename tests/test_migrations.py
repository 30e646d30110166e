"""The schema is managed by migrations, on both databases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel, col, select

from survey.migrate import FIRST_REVISION, current_revision, drop_schema, head_revision, upgrade
from survey.models import Answer, Response
from survey.questionnaire import Questionnaire
from survey.store import make_engine, score_counts


def test_the_migrations_build_exactly_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    drop_schema(engine)
    upgrade(engine)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    assert differences == []
    assert current_revision(engine) == head_revision()
    engine.dispose()


def _rows_as_the_first_version_wrote_them(engine: Engine, questionnaire: Questionnaire) -> None:
    """One workshop, three responses (two rounds) with every answer, in the first schema."""
    keys = [(q.item.id, q.lens) for q in questionnaire.questions()]
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO workshop (id, code, title, kind, language, min_group_size, status, "
                "current_round, created_at) VALUES (7, 'OLD1', 'Before', 'team', 'fr', 3, "
                "'open', 2, :now)"
            ),
            {"now": datetime.now(UTC)},
        )
        for rid, role, round_number in ((11, "CEO", 1), (12, "CIO", 1), (13, "CFO", 2)):
            connection.execute(
                text(
                    "INSERT INTO response (id, workshop_id, role, language, idempotency_key, "
                    "round, submitted_at) VALUES (:id, 7, :role, 'fr', :key, :round, :now)"
                ),
                {
                    "id": rid,
                    "role": role,
                    "key": f"k{rid}",
                    "round": round_number,
                    "now": datetime.now(UTC),
                },
            )
            for number, (item_id, lens) in enumerate(keys):
                connection.execute(
                    text(
                        "INSERT INTO answer (response_id, item_id, lens, score) "
                        "VALUES (:rid, :item, :lens, :score)"
                    ),
                    {
                        "rid": rid,
                        "item": item_id,
                        "lens": lens,
                        "score": None if number == 3 else 1 + (rid + number) % 7,
                    },
                )


def test_a_database_at_the_first_version_keeps_every_row_when_upgraded(
    database_url: str, questionnaire: Questionnaire
) -> None:
    engine = make_engine(database_url)
    drop_schema(engine)
    upgrade(engine, FIRST_REVISION)
    _rows_as_the_first_version_wrote_them(engine, questionnaire)
    with engine.connect() as connection:
        before = connection.execute(
            text("SELECT response_id, item_id, lens, score FROM answer ORDER BY id")
        ).all()
    upgrade(engine)
    upgrade(engine)  # safe to run at every start
    assert current_revision(engine) == head_revision()
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Response)).one() == 3
        answers = session.exec(select(Answer).order_by(col(Answer.id))).all()
        assert [(a.response_id, a.item_id, a.lens, a.score) for a in answers] == before
        copied = {(a.response_id, a.workshop_id, a.role, a.round) for a in answers}
        assert copied == {(11, 7, "CEO", 1), (12, 7, "CIO", 1), (13, 7, "CFO", 2)}
        counts = score_counts(session=session, workshop_ids=[7], round_number=1)
        assert sum(row[-1] for row in counts) == 2 * len(questionnaire.questions())
    # the CHECK constraints survived the table rebuild
    with engine.connect() as connection, pytest.raises(IntegrityError):
        connection.execute(
            text(
                "INSERT INTO answer (response_id, item_id, lens, score, workshop_id, round, "
                "role) VALUES (11, 'extra', 'today', 9, 7, 1, 'CEO')"
            )
        )
    engine.dispose()


def test_a_database_made_before_migrations_is_recognised(
    database_url: str, questionnaire: Questionnaire
) -> None:
    engine = make_engine(database_url)
    drop_schema(engine)
    upgrade(engine, FIRST_REVISION)  # the very first builds made these tables, unversioned
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE alembic_version")
    _rows_as_the_first_version_wrote_them(engine, questionnaire)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM response")).scalar() == 3
    engine.dispose()
