"""The command line: python -m survey {workshop,demo,export} ..."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from survey.config import Settings, SettingsError
from survey.demo import add_demo_responses
from survey.downloads import FORMATS, Scope, write_export
from survey.filters import AnswerFilter
from survey.importer import ImportProblems, import_long_csv
from survey.lifecycle import CLOSED, DRAFT, OPEN, WorkshopStateError
from survey.migrate import current_revision, head_revision
from survey.models import ROLES, WORKSHOP_KINDS, WorkshopCreate
from survey.questionnaire import LANGUAGES, QuestionnaireError, load_questionnaire
from survey.store import (
    change_status,
    create_schema,
    create_workshop,
    create_workshop_with_new_code,
    get_workshop,
    list_workshops,
    make_engine,
    purge_workshop,
    workshop_revision,
)


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        engine = make_engine(settings.database_url)
        create_schema(engine)
        with Session(engine) as session:
            return int(args.handler(args, session, settings))
    except (SettingsError, QuestionnaireError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0  # the reader (e.g. `head`) stopped early
    except SQLAlchemyError as exc:
        print(f"error: the database could not be used: {type(exc).__name__}", file=sys.stderr)
        return 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m survey", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    workshop = commands.add_parser("workshop", help="create and list workshops")
    workshop_commands = workshop.add_subparsers(dest="action", required=True)
    create = workshop_commands.add_parser("create", help="create a workshop")
    create.add_argument("--title", required=True)
    create.add_argument("--code", help="join code (default: a new random one)")
    create.add_argument("--kind", choices=WORKSHOP_KINDS, default="team")
    create.add_argument("--language", choices=LANGUAGES, default="en")
    create.set_defaults(handler=_workshop_create)
    create.add_argument(
        "--min-group-size",
        type=_group_size,
        default=5,
        help="cohorts: hide role cells with fewer answers (at least 3)",
    )
    create.add_argument("--draft", action="store_true", help="create it closed to answers")
    listing = workshop_commands.add_parser("list", help="list workshops")
    listing.set_defaults(handler=_workshop_list)
    opening = workshop_commands.add_parser("open", help="open a workshop for answers")
    opening.add_argument("code")
    opening.add_argument(
        "--new-round", action="store_true", help="start a new round of answers (after a discussion)"
    )
    opening.set_defaults(handler=_workshop_move, status=OPEN)
    closing = workshop_commands.add_parser("close", help="stop accepting answers")
    closing.add_argument("code")
    closing.set_defaults(handler=_workshop_move, status=CLOSED, new_round=False)
    purging = workshop_commands.add_parser(
        "purge", help="delete a closed workshop and all its answers (asks for --yes)"
    )
    purging.add_argument("code")
    purging.add_argument("--yes", action="store_true", help="confirm the deletion")
    purging.set_defaults(handler=_workshop_purge)

    demo = commands.add_parser("demo", help="add synthetic responses to a workshop")
    demo.add_argument("--workshop", required=True, metavar="CODE")
    demo.add_argument("--respondents", type=int, default=12)
    demo.add_argument("--seed", type=int, default=1)
    demo.set_defaults(handler=_demo)

    export = commands.add_parser("export", help="write workshops' answers, aggregates, report")
    export.add_argument(
        "--workshop",
        required=True,
        metavar="CODE",
        action="append",
        help="a workshop's code; repeat for several",
    )
    export.add_argument("--format", choices=tuple(FORMATS), default="csv")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    export.add_argument("--role", action="append", choices=ROLES, help="only these roles")
    export.add_argument("--organisation", action="append", help="only these organisations")
    export.add_argument("--from", dest="date_from", type=_day, help="submitted on or after")
    export.add_argument("--to", dest="date_to", type=_day, help="submitted before (YYYY-MM-DD)")
    export.add_argument("--round", type=int, help="only this round")
    export.add_argument(
        "--lang", choices=LANGUAGES, default="en", help="language of the codebook and the report"
    )
    export.set_defaults(handler=_export)

    database = commands.add_parser("db", help="the database schema")
    database_commands = database.add_subparsers(dest="action", required=True)
    upgrading = database_commands.add_parser("upgrade", help="bring the schema up to date")
    upgrading.set_defaults(handler=_db_upgrade)

    importing = commands.add_parser("import", help="read answers from a long-format CSV")
    importing.add_argument("file", type=Path)
    importing.set_defaults(handler=_import)
    return parser


def _workshop_create(args: argparse.Namespace, session: Session, _settings: Settings) -> int:
    if args.code:
        if get_workshop(session=session, code=args.code) is not None:
            print(f"error: a workshop with code {args.code} already exists", file=sys.stderr)
            return 1
        data = WorkshopCreate(
            code=args.code,
            title=args.title,
            kind=args.kind,
            language=args.language,
            min_group_size=args.min_group_size,
            status=DRAFT if args.draft else OPEN,
        )
        workshop = create_workshop(session=session, data=data)
    else:
        workshop = create_workshop_with_new_code(
            session=session,
            title=args.title,
            kind=args.kind,
            language=args.language,
            min_group_size=args.min_group_size,
            status=DRAFT if args.draft else OPEN,
        )
    print(workshop.code)
    return 0


def _workshop_purge(args: argparse.Namespace, session: Session, _settings: Settings) -> int:
    workshop = get_workshop(session=session, code=args.code)
    if workshop is None or workshop.id is None:
        print(f"error: no workshop with code {args.code}", file=sys.stderr)
        return 1
    count = workshop_revision(session=session, workshop_id=workshop.id).responses
    if not args.yes:
        print(
            f"This deletes workshop {workshop.code} ({workshop.title}) and its {count} "
            "responses for good. Export them first if needed; then run again with --yes.",
            file=sys.stderr,
        )
        return 1
    try:
        deleted = purge_workshop(session=session, workshop_id=workshop.id)
    except WorkshopStateError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    print(f"workshop {args.code.upper()} deleted with {deleted} responses")
    return 0


def _group_size(text: str) -> int:
    value = int(text)
    if value < 3:
        raise argparse.ArgumentTypeError("the minimum group size is never below 3")
    return value


def _workshop_move(args: argparse.Namespace, session: Session, _settings: Settings) -> int:
    workshop = get_workshop(session=session, code=args.code)
    if workshop is None or workshop.id is None:
        print(f"error: no workshop with code {args.code}", file=sys.stderr)
        return 1
    try:
        moved = change_status(
            session=session, workshop_id=workshop.id, status=args.status, new_round=args.new_round
        )
    except WorkshopStateError as problem:
        print(f"error: {problem}", file=sys.stderr)
        return 1
    print(f"{moved.code}\t{moved.status}\tround {moved.current_round}")
    return 0


def _workshop_list(_args: argparse.Namespace, session: Session, _settings: Settings) -> int:
    for workshop in list_workshops(session=session):
        assert workshop.id is not None
        count = workshop_revision(session=session, workshop_id=workshop.id).responses
        print(f"{workshop.code}\t{workshop.status}\t{workshop.kind}\t{count}\t{workshop.title}")
    return 0


def _demo(args: argparse.Namespace, session: Session, settings: Settings) -> int:
    if args.respondents < 1:
        print("error: --respondents must be at least 1", file=sys.stderr)
        return 2
    result = add_demo_responses(
        session=session,
        questionnaire=load_questionnaire(settings.questionnaire_path),
        workshop_code=args.workshop,
        respondents=args.respondents,
        seed=args.seed,
    )
    made = "created" if result.created_workshop else "found"
    print(
        f"workshop {result.workshop_code} {made}: {result.stored} responses added, "
        f"{result.already_there} already there (same seed)"
    )
    return 0


def _db_upgrade(_args: argparse.Namespace, session: Session, _settings: Settings) -> int:
    engine = session.get_bind()
    print(f"schema at revision {current_revision(engine)} (newest: {head_revision()})")  # type: ignore[arg-type]
    return 0


def _day(text: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-22") from None


def _export(args: argparse.Namespace, session: Session, settings: Settings) -> int:
    workshops = {}
    for code in args.workshop:
        workshop = get_workshop(session=session, code=code)
        if workshop is None or workshop.id is None:
            print(f"error: no workshop with code {code}", file=sys.stderr)
            return 1
        workshops[workshop.code] = workshop
    answer_filter = AnswerFilter(
        workshop_ids=tuple(w.id for w in workshops.values() if w.id is not None),
        roles=tuple(args.role or ()),
        organisations=tuple(args.organisation or ()),
        submitted_from=args.date_from,
        submitted_to=args.date_to,
        round_number=args.round,
    )
    questionnaire = load_questionnaire(settings.questionnaire_path)
    scope = Scope(answer_filter, workshops, questionnaire, lang=args.lang)
    if args.output:
        with args.output.open("wb") as target:
            write_export(args.format, session=session, scope=scope, out=target)
        print(f"{args.format} written to {args.output}", file=sys.stderr)
    else:
        write_export(args.format, session=session, scope=scope, out=sys.stdout.buffer)
        sys.stdout.buffer.flush()
    return 0


def _import(args: argparse.Namespace, session: Session, settings: Settings) -> int:
    questionnaire = load_questionnaire(settings.questionnaire_path)
    try:
        raw = args.file.read_bytes()
    except OSError as problem:
        print(f"error: cannot read {args.file}: {problem.strerror}", file=sys.stderr)
        return 2
    try:
        result = import_long_csv(session=session, data=raw, questionnaire=questionnaire)
    except ImportProblems as problems:
        print(f"error: nothing was imported from {args.file}:", file=sys.stderr)
        for problem in problems.problems[:50]:
            print(f"  {problem}", file=sys.stderr)
        if len(problems.problems) > 50:
            print(f"  ... and {len(problems.problems) - 50} more", file=sys.stderr)
        return 1
    print(
        f"{result.responses} responses ({result.answers} answers) imported into "
        f"{', '.join(result.workshops)}; {result.skipped} already there"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
