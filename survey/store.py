"""The database: engine factory, schema, and every query the app runs.

Store functions are keyword-only and take the SQLModel session; each write is one short
transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, delete, event, func, insert, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, create_engine, select

from survey.filters import AnswerFilter
from survey.lifecycle import CLOSED, OPEN, WorkshopStateError, accepts_answers, check_move
from survey.models import (
    Answer,
    Invitation,
    LoginFailure,
    Prediction,
    Response,
    ResponseCreate,
    Workshop,
    WorkshopCreate,
)

JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Join codes are read aloud in a room: no 0/O, 1/I/L look-alikes."""
JOIN_CODE_LENGTH = 6
SQLITE_BUSY_TIMEOUT_MS = 10_000

ANSWER_ROW_COLUMNS: tuple[str, ...] = (
    "workshop_code",
    "response_id",
    "submitted_at",
    "role",
    "organisation",
    "language",
    "item_id",
    "lens",
    "score",
)
SCORE_COUNT_COLUMNS: tuple[str, ...] = ("role", "item_id", "lens", "score", "count")


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite files get WAL mode, a busy timeout and foreign keys."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_schema(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration (see survey.migrate)."""
    from survey.migrate import upgrade

    upgrade(engine)


# --- workshops -------------------------------------------------------------------------------


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def normalise_code(code: str) -> str:
    return "".join(code.split()).upper()


def create_workshop(*, session: Session, data: WorkshopCreate) -> Workshop:
    workshop = Workshop.model_validate(data, update={"code": normalise_code(data.code)})
    session.add(workshop)
    session.commit()
    session.refresh(workshop)
    return workshop


def create_workshop_with_new_code(
    *,
    session: Session,
    title: str,
    kind: str = "team",
    language: str = "en",
    min_group_size: int = 5,
    status: str = OPEN,
) -> Workshop:
    """Create a workshop under a fresh random join code (retrying on the rare collision)."""
    for _ in range(20):
        code = new_join_code()
        if get_workshop(session=session, code=code) is None:
            data = WorkshopCreate(
                code=code,
                title=title,
                kind=kind,
                language=language,
                min_group_size=min_group_size,
                status=status,
            )
            try:
                return create_workshop(session=session, data=data)
            except IntegrityError:
                session.rollback()
    raise RuntimeError("could not find a free join code")


def get_workshop(*, session: Session, code: str) -> Workshop | None:
    return session.exec(select(Workshop).where(Workshop.code == normalise_code(code))).first()


def list_workshops(*, session: Session, status: str | None = None) -> list[Workshop]:
    query = select(Workshop).order_by(col(Workshop.created_at).desc(), col(Workshop.id).desc())
    if status is not None:
        query = query.where(Workshop.status == status)
    return list(session.exec(query).all())


# --- responses -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SubmitResult:
    response_id: int
    created: bool
    """False when this submission had already been stored (double click, reload, resubmit)."""


class WorkshopClosedError(RuntimeError):
    """The workshop stopped accepting answers before this submission arrived."""


class InvitationError(RuntimeError):
    """The invitation link is unknown, for another workshop, or already used."""


def submit_response(*, session: Session, workshop_id: int, data: ResponseCreate) -> SubmitResult:
    """Store a response, its answers and predictions in one transaction, once per idempotency
    key, in the workshop's current round.

    The insert comes first (no read before it), so concurrent submits of the same key are
    decided by the database's unique constraint: one wins, the rest return its id. The
    workshop's state is then read inside the same write transaction: a workshop closed on
    another server a moment ago refuses the answers.
    """
    response = Response(
        workshop_id=workshop_id,
        role=data.role,
        organisation=data.organisation,
        language=data.language,
        comment=data.comment,
        idempotency_key=data.idempotency_key,
    )
    response.round = (  # type: ignore[assignment]
        select(Workshop.current_round).where(Workshop.id == workshop_id).scalar_subquery()
    )
    try:
        session.add(response)
        session.flush()
    except IntegrityError:
        session.rollback()
        existing = find_response_id(session=session, idempotency_key=data.idempotency_key)
        if existing is None:
            raise
        return SubmitResult(response_id=existing, created=False)
    try:
        assert response.id is not None
        status = session.exec(select(Workshop.status).where(Workshop.id == workshop_id)).one()
        if not accepts_answers(status):
            raise WorkshopClosedError(status)
        if data.invitation_token:
            _use_invitation(session, workshop_id, data.invitation_token, response.id)
        copied = {"workshop_id": workshop_id, "round": response.round, "role": response.role}
        answers = []
        for key, score in data.answers.items():
            item_id, lens = key.split("__", 1)
            answers.append(
                {"response_id": response.id, "item_id": item_id, "lens": lens, "score": score}
                | copied
            )
        if answers:
            # One statement for all (the ORM's bulk insert would split it wherever a score
            # is empty).
            session.execute(insert(Answer.__table__), answers)  # type: ignore[attr-defined]
        predictions = [
            {"response_id": response.id, "role": role, "item_id": "overall", "score": score}
            for role, score in data.predictions.items()
        ]
        if predictions:
            session.execute(insert(Prediction.__table__), predictions)  # type: ignore[attr-defined]
        response_id = response.id
        session.commit()
    except BaseException:
        session.rollback()
        raise
    return SubmitResult(response_id=response_id, created=True)


def _use_invitation(session: Session, workshop_id: int, token: str, response_id: int) -> None:
    used = session.execute(
        update(Invitation)
        .where(
            col(Invitation.token) == token,
            col(Invitation.workshop_id) == workshop_id,
            col(Invitation.response_id).is_(None),
        )
        .values(response_id=response_id)
    )
    if used.rowcount != 1:  # type: ignore[attr-defined]
        raise InvitationError(token)


def find_response_id(*, session: Session, idempotency_key: str) -> int | None:
    query = select(Response.id).where(Response.idempotency_key == idempotency_key)
    return session.exec(query).first()


@dataclass(frozen=True)
class WorkshopRevision:
    """Changes whenever a response arrives: a cheap cache key for aggregates."""

    responses: int
    latest_response_id: int


def workshop_revision(*, session: Session, workshop_id: int) -> WorkshopRevision:
    query = select(func.count(col(Response.id)), func.coalesce(func.max(Response.id), 0)).where(
        Response.workshop_id == workshop_id
    )
    count, latest = session.exec(query).one()
    return WorkshopRevision(responses=int(count), latest_response_id=int(latest))


def responses_by_role(
    *, session: Session, workshop_id: int, round_number: int | None = None
) -> dict[str, int]:
    query = (
        select(Response.role, func.count(col(Response.id)))
        .where(Response.workshop_id == workshop_id)
        .group_by(Response.role)
    )
    if round_number is not None:
        query = query.where(Response.round == round_number)
    return {role: int(n) for role, n in session.exec(query).all()}


def score_counts(
    *, session: Session, workshop_ids: Iterable[int], round_number: int | None = None
) -> list[tuple[Any, ...]]:
    """(role, item_id, lens, score, count) rows: all any per-cell statistic needs (read off
    the `answer_cell` index alone)."""
    query = (
        select(Answer.role, Answer.item_id, Answer.lens, Answer.score, func.count())
        .where(col(Answer.workshop_id).in_(list(workshop_ids)))
        .group_by(Answer.role, Answer.item_id, Answer.lens, Answer.score)
    )
    if round_number is not None:
        query = query.where(Answer.round == round_number)
    return [tuple(row) for row in session.exec(query).all()]


def prediction_rows(
    *, session: Session, workshop_id: int, round_number: int | None = None
) -> list[tuple[str, str, int]]:
    """(role, item_id, score) for every CIO prediction of a peer role."""
    query = (
        select(Prediction.role, Prediction.item_id, Prediction.score)
        .join(Response, col(Prediction.response_id) == col(Response.id))
        .where(Response.workshop_id == workshop_id)
    )
    if round_number is not None:
        query = query.where(Response.round == round_number)
    return [(role, item, int(score)) for role, item, score in session.exec(query).all()]


def comments(
    *, session: Session, workshop_id: int, round_number: int | None = None
) -> list[tuple[str, str]]:
    """(role, comment) for every response that left one: for the facilitator's eyes only."""
    query = (
        select(Response.role, Response.comment)
        .where(Response.workshop_id == workshop_id, col(Response.comment).is_not(None))
        .order_by(col(Response.id))
    )
    if round_number is not None:
        query = query.where(Response.round == round_number)
    return [(role, str(text)) for role, text in session.exec(query).all()]


def narrow(query: Any, answer_filter: AnswerFilter) -> Any:
    """Apply a filter's conditions (all on the response) to a query that joins Response."""
    query = query.where(col(Response.workshop_id).in_(answer_filter.workshop_ids))
    if answer_filter.roles:
        query = query.where(col(Response.role).in_(answer_filter.roles))
    if answer_filter.organisations:
        query = query.where(col(Response.organisation).in_(answer_filter.organisations))
    if answer_filter.submitted_from:
        query = query.where(col(Response.submitted_at) >= answer_filter.submitted_from)
    if answer_filter.submitted_to:
        query = query.where(col(Response.submitted_at) < answer_filter.submitted_to)
    if answer_filter.round_number is not None:
        query = query.where(Response.round == answer_filter.round_number)
    return query


def filtered_counts(*, session: Session, answer_filter: AnswerFilter) -> list[tuple[Any, ...]]:
    """(workshop_code, role, item_id, lens, score, count) for the filtered answers."""
    query = (
        select(
            Workshop.code, Response.role, Answer.item_id, Answer.lens, Answer.score, func.count()
        )
        .join(Response, col(Answer.response_id) == col(Response.id))
        .join(Workshop, col(Response.workshop_id) == col(Workshop.id))
        .group_by(Workshop.code, Response.role, Answer.item_id, Answer.lens, Answer.score)
    )
    return [tuple(row) for row in session.exec(narrow(query, answer_filter)).all()]


def response_details(
    *, session: Session, answer_filter: AnswerFilter
) -> dict[int, tuple[int, str | None]]:
    """response id -> (round, comment) for the filtered responses."""
    query = select(Response.id, Response.round, Response.comment)
    rows = session.exec(narrow(query, answer_filter)).all()
    return {int(rid): (int(rnd), comment) for rid, rnd, comment in rows}


def organisations(*, session: Session, workshop_ids: Iterable[int]) -> list[str]:
    query = (
        select(Response.organisation)
        .where(col(Response.workshop_id).in_(list(workshop_ids)))
        .where(col(Response.organisation).is_not(None))
        .distinct()
    )
    return sorted(str(name) for name in session.exec(query).all())


def answer_rows(
    *,
    session: Session,
    workshop_ids: Iterable[int] = (),
    round_number: int | None = None,
    answer_filter: AnswerFilter | None = None,
) -> Iterator[tuple[Any, ...]]:
    """Every answer as a row of ANSWER_ROW_COLUMNS, streamed in submission order."""
    query = (
        select(
            Workshop.code,
            Response.id,
            Response.submitted_at,
            Response.role,
            Response.organisation,
            Response.language,
            Answer.item_id,
            Answer.lens,
            Answer.score,
        )
        .join(Response, col(Answer.response_id) == col(Response.id))
        .join(Workshop, col(Response.workshop_id) == col(Workshop.id))
        .order_by(col(Response.id), col(Answer.id))
        .execution_options(yield_per=2000)
    )
    if answer_filter is None:
        answer_filter = AnswerFilter(tuple(workshop_ids), round_number=round_number)
    for row in session.exec(narrow(query, answer_filter)):
        code, response_id, submitted_at, *rest = row
        yield (code, response_id, as_utc(submitted_at), *rest)


# --- workshop states, invitations ---------------------------------------------------------


def change_status(
    *, session: Session, workshop_id: int, status: str, new_round: bool = False
) -> Workshop:
    """Move the workshop to `status` (see survey.lifecycle); `new_round` opens round n + 1."""
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise LookupError(workshop_id)
    check_move(workshop.status, status, new_round=new_round)
    workshop.status = status
    if new_round and status == OPEN:
        workshop.current_round += 1
    session.add(workshop)
    session.commit()
    session.refresh(workshop)
    return workshop


def purge_workshop(*, session: Session, workshop_id: int) -> int:
    """Delete a closed workshop and everything answered in it; returns the responses deleted.

    Open or draft workshops are refused: close the workshop first (nobody is answering).
    """
    workshop = session.get(Workshop, workshop_id)
    if workshop is None:
        raise LookupError(workshop_id)
    if workshop.status != CLOSED:
        raise WorkshopStateError("state.purge_closed_only", workshop.status, "purged")
    count = workshop_revision(session=session, workshop_id=workshop_id).responses
    session.delete(workshop)  # responses, answers, predictions, invitations go with it
    session.commit()
    return count


def create_invitations(
    *, session: Session, workshop_id: int, roles: Iterable[str]
) -> list[Invitation]:
    invitations = [
        Invitation(workshop_id=workshop_id, role=role, token=secrets.token_urlsafe(16))
        for role in roles
    ]
    session.add_all(invitations)
    session.commit()
    for invitation in invitations:
        session.refresh(invitation)
    return invitations


def list_invitations(*, session: Session, workshop_id: int) -> list[Invitation]:
    query = select(Invitation).where(Invitation.workshop_id == workshop_id)
    return list(session.exec(query.order_by(col(Invitation.id))).all())


def get_invitation(*, session: Session, token: str) -> Invitation | None:
    return session.exec(select(Invitation).where(Invitation.token == token)).first()


def response_round(*, session: Session, response_id: int) -> int | None:
    return session.exec(select(Response.round).where(Response.id == response_id)).first()


# --- facilitator sign-in ----------------------------------------------------------------------


def record_login_failure(*, session: Session, client: str) -> None:
    session.add(LoginFailure(client=client[:128]))
    session.commit()


def login_failures(*, session: Session, client: str, since: datetime) -> list[datetime]:
    query = select(LoginFailure.failed_at).where(
        LoginFailure.client == client[:128], col(LoginFailure.failed_at) >= since
    )
    return [as_utc(moment) for moment in session.exec(query).all()]


def clear_login_failures(*, session: Session, client: str) -> None:
    session.execute(delete(LoginFailure).where(col(LoginFailure.client) == client[:128]))
    session.commit()


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored moment is UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
