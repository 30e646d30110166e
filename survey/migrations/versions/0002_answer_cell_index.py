"""answers carry their response's workshop, round and role, indexed for the dashboards

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 13:20:00.000000

The dashboards' GROUP BY then reads one index in order instead of joining every answer to
its response and sorting. Existing answers get the values of their response.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COPIED = ("workshop_id", "round", "role")


def _answer_table(*, copied_nullable: bool) -> sa.Table:
    """The answer table in full, so that SQLite's copy-and-move keeps its CHECK constraints."""
    return sa.Table(
        "answer",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("lens", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("workshop_id", sa.Integer(), nullable=copied_nullable),
        sa.Column("round", sa.Integer(), nullable=copied_nullable),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=copied_nullable),
        sa.CheckConstraint("lens IN ('today', 'expected')", name="answer_lens"),
        sa.CheckConstraint("score IS NULL OR (score BETWEEN 1 AND 7)", name="answer_score"),
        sa.ForeignKeyConstraint(["response_id"], ["response.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("response_id", "item_id", "lens", name="answer_once"),
        sa.Index("ix_answer_response_id", "response_id"),
    )


def upgrade() -> None:
    with op.batch_alter_table("answer") as batch_op:
        batch_op.add_column(sa.Column("workshop_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("round", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True)
        )
    for column in COPIED:
        op.execute(
            f"UPDATE answer SET {column} = "
            f"(SELECT response.{column} FROM response WHERE response.id = answer.response_id)"
        )
    with op.batch_alter_table("answer", copy_from=_answer_table(copied_nullable=True)) as batch_op:
        for column in COPIED:
            batch_op.alter_column(column, nullable=False)
        batch_op.create_index(
            "answer_cell", ["workshop_id", "round", "role", "item_id", "lens", "score"]
        )


def downgrade() -> None:
    with op.batch_alter_table("answer", copy_from=_answer_table(copied_nullable=False)) as batch_op:
        batch_op.drop_index("answer_cell")
        for column in COPIED:
            batch_op.drop_column(column)
