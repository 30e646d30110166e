"""Read answers in the long CSV format (collected on paper or in another tool).

Every row is checked first; problems are listed by line and column, and then either every
response is imported, in one transaction, or nothing is. Importing the same file twice adds
nothing the second time. Response ids are kept when they are free, so exporting, importing
into an empty database and exporting again gives the same file.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, text
from sqlmodel import Session, col, select

from survey.export import FORMULA_STARTS, LONG_COLUMNS
from survey.lifecycle import CLOSED
from survey.models import MAX_ORGANISATION, ROLES, Answer, Response, Workshop, WorkshopCreate
from survey.questionnaire import LANGUAGES, POINTS, Questionnaire
from survey.store import get_workshop, normalise_code

MAX_PROBLEMS = 200
RESPONSE_FIELDS = ("workshop_code", "submitted_at", "role", "organisation", "language")


@dataclass
class ImportProblems(Exception):  # noqa: N818 - it carries the problems
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(self.problems[:5])


@dataclass(frozen=True)
class ImportResult:
    responses: int
    answers: int
    skipped: int
    workshops: list[str]


@dataclass
class _Response:
    line: int
    values: dict[str, Any]
    answers: dict[tuple[str, str], int | None] = field(default_factory=dict)


def import_long_csv(*, session: Session, data: bytes, questionnaire: Questionnaire) -> ImportResult:
    responses = parse_long_csv(data, questionnaire)
    return _store(session, responses)


def parse_long_csv(data: bytes, questionnaire: Questionnaire) -> dict[tuple[str, int], _Response]:
    """Check every row; raise ImportProblems naming line and column of each problem."""
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        raise ImportProblems(
            [f"the file is not UTF-8 text (undecodable byte at position {problem.start})"]
        ) from None
    if not content.strip():
        raise ImportProblems(["the file is empty"])
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    problems: list[str] = []
    try:
        header = next(reader)
    except csv.Error as error:
        raise ImportProblems([f"line 1: not readable as CSV ({error})"]) from None
    if tuple(header) != LONG_COLUMNS:
        raise ImportProblems(
            [f"line 1: the columns must be {', '.join(LONG_COLUMNS)} (found {', '.join(header)})"]
        )
    responses: dict[tuple[str, int], _Response] = {}
    try:
        for row in reader:
            line = reader.line_num
            if len(problems) >= MAX_PROBLEMS:
                break
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(LONG_COLUMNS):
                problems.append(
                    f"line {line}: expected {len(LONG_COLUMNS)} fields, found {len(row)} "
                    "(a truncated or broken line?)"
                )
                continue
            _check_row(
                dict(zip(LONG_COLUMNS, row, strict=True)), line, questionnaire, responses, problems
            )
    except csv.Error as error:
        problems.append(f"line {reader.line_num}: not readable as CSV ({error})")
    if not responses and not problems:
        problems.append("the file has a header but no answers")
    if problems:
        raise ImportProblems(problems)
    return responses


def _check_row(
    row: dict[str, str],
    line: int,
    questionnaire: Questionnaire,
    responses: dict[tuple[str, int], _Response],
    problems: list[str],
) -> None:
    def bad(column: str, message: str) -> None:
        problems.append(f"line {line}, column {column}: {message}")

    before = len(problems)
    code = normalise_code(row["workshop_code"])
    if not code or len(code) > 16 or not code.isalnum():
        bad("workshop_code", f"{row['workshop_code']!r} is not a workshop code")
    response_id = _int(row["response_id"])
    if response_id is None or response_id < 1:
        bad("response_id", f"{row['response_id']!r} is not a positive whole number")
    submitted_at = _moment(row["submitted_at"])
    if submitted_at is None:
        bad("submitted_at", f"{row['submitted_at']!r} is not a UTC time like 2026-11-22T10:23:09Z")
    if row["role"] not in ROLES:
        bad("role", f"{row['role']!r} is not one of {', '.join(ROLES)}")
    organisation = _unneutralise(row["organisation"]) or None
    if organisation and len(organisation) > MAX_ORGANISATION:
        bad("organisation", f"longer than {MAX_ORGANISATION} characters")
    if row["language"] not in LANGUAGES:
        bad("language", f"{row['language']!r} is not one of {', '.join(LANGUAGES)}")
    if not questionnaire.is_valid_answer(row["item_id"], row["lens"]):
        known = row["item_id"] in questionnaire.item_ids
        column = "lens" if known else "item_id"
        bad(column, f"{row[column]!r} is not an item and lens of the questionnaire")
    score: int | None = None
    if row["score"].strip():
        score = _int(row["score"])
        if score is None or not 1 <= score <= POINTS:
            bad("score", f"{row['score']!r} is not a score from 1 to {POINTS} (or empty)")
    if len(problems) > before or response_id is None:
        return
    values = {
        "workshop_code": code,
        "submitted_at": submitted_at,
        "role": row["role"],
        "organisation": organisation,
        "language": row["language"],
    }
    response = responses.setdefault((code, response_id), _Response(line, values))
    for name in RESPONSE_FIELDS:
        if response.values[name] != values[name]:
            bad(name, f"response {response_id} has another {name} on line {response.line}")
    key = (row["item_id"], row["lens"])
    if key in response.answers:
        bad("item_id", f"response {response_id} answers {key[0]} ({key[1]}) twice")
    response.answers[key] = score


def _int(value: str) -> int | None:
    try:
        return int(value.strip())
    except ValueError:
        return None


def _moment(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.astimezone(UTC) if moment.tzinfo else None


def _unneutralise(value: str) -> str:
    """Undo the export's protection against spreadsheet formulas (`'=...` back to `=...`)."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value.strip()


def _store(session: Session, responses: dict[tuple[str, int], _Response]) -> ImportResult:
    keys = {f"import:{code}:{rid}": (code, rid) for code, rid in responses}
    existing_keys = set(
        session.exec(
            select(Response.idempotency_key).where(col(Response.idempotency_key).in_(keys))
        ).all()
    )
    taken_ids = set(
        session.exec(
            select(Response.id).where(col(Response.id).in_([rid for _code, rid in responses]))
        ).all()
    )
    workshops: dict[str, Workshop] = {}
    stored = answers = 0
    try:
        for key, (code, rid) in keys.items():
            if key in existing_keys:
                continue
            workshop = workshops.get(code) or _workshop(session, code)
            workshops[code] = workshop
            response = responses[(code, rid)]
            row = Response(
                id=None if rid in taken_ids else rid,
                workshop_id=workshop.id,  # type: ignore[arg-type]
                role=response.values["role"],
                organisation=response.values["organisation"],
                language=response.values["language"],
                submitted_at=response.values["submitted_at"],
                idempotency_key=key,
            )
            session.add(row)
            session.flush()
            for (item_id, lens), score in response.answers.items():
                session.add(
                    Answer(
                        response_id=row.id,  # type: ignore[arg-type]
                        item_id=item_id,
                        lens=lens,
                        score=score,
                        workshop_id=row.workshop_id,
                        round=row.round,
                        role=row.role,
                    )
                )
                answers += 1
            stored += 1
        _advance_id_sequence(session)
        session.commit()
    except BaseException:
        session.rollback()
        raise
    codes = sorted({code for code, _rid in responses})
    return ImportResult(stored, answers, len(keys) - stored, codes)


def _workshop(session: Session, code: str) -> Workshop:
    """The workshop named in the file; created (closed to new answers) when it is new."""
    workshop = get_workshop(session=session, code=code)
    if workshop is not None:
        return workshop
    data = WorkshopCreate(code=code, title=f"Imported workshop {code}", status=CLOSED)
    workshop = Workshop.model_validate(data)
    session.add(workshop)
    session.flush()
    return workshop


def _advance_id_sequence(session: Session) -> None:
    """PostgreSQL: after explicit ids, move the id sequence past them."""
    if session.get_bind().dialect.name != "postgresql":
        return
    highest = session.exec(select(func.max(Response.id))).one() or 1
    session.execute(
        text("SELECT setval(pg_get_serial_sequence('response', 'id'), :highest)"),
        {"highest": highest},
    )
