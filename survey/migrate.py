"""The database schema, managed by Alembic: `python -m survey db upgrade`, and on every start.

A database made before migrations existed (tables but no version) is recognised as the first
version and upgraded from there.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

MIGRATIONS = Path(__file__).with_name("migrations")
FIRST_REVISION = "0001"


def _config(connection: object) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config(None)).get_current_head()
    assert head is not None
    return head


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database to `revision` (the newest by default); safe to run at every start."""
    with engine.begin() as connection:
        config = _config(connection)
        tables = set(inspect(connection).get_table_names())
        unversioned = "workshop" in tables and "alembic_version" not in tables
        if unversioned:
            command.stamp(config, FIRST_REVISION)
        command.upgrade(config, revision)


def drop_schema(engine: Engine) -> None:
    """Remove every table and the migration version: an empty database (tests, benchmarks)."""
    from sqlmodel import SQLModel

    import survey.models  # noqa: F401 - the tables to drop

    SQLModel.metadata.drop_all(engine)
    with engine.begin() as connection:
        connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
