"""The command line: python -m survey {workshop,demo,export} ..."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import TextIO

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from survey.config import Settings, SettingsError
from survey.demo import add_demo_responses
from survey.export import write_long_csv
from survey.lifecycle import CLOSED, DRAFT, OPEN, WorkshopStateError
from survey.models import WORKSHOP_KINDS, WorkshopCreate
from survey.questionnaire import LANGUAGES, QuestionnaireError, load_questionnaire
from survey.store import (
    answer_rows,
    change_status,
    create_schema,
    create_workshop,
    create_workshop_with_new_code,
    get_workshop,
    list_workshops,
    make_engine,
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

    demo = commands.add_parser("demo", help="add synthetic responses to a workshop")
    demo.add_argument("--workshop", required=True, metavar="CODE")
    demo.add_argument("--respondents", type=int, default=12)
    demo.add_argument("--seed", type=int, default=1)
    demo.set_defaults(handler=_demo)

    export = commands.add_parser("export", help="write a workshop's answers")
    export.add_argument("--workshop", required=True, metavar="CODE")
    export.add_argument("--format", choices=("csv",), default="csv")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    export.set_defaults(handler=_export)
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


def _export(args: argparse.Namespace, session: Session, _settings: Settings) -> int:
    workshop = get_workshop(session=session, code=args.workshop)
    if workshop is None or workshop.id is None:
        print(f"error: no workshop with code {args.workshop}", file=sys.stderr)
        return 1
    target: TextIO
    with (
        args.output.open("w", encoding="utf-8", newline="")
        if args.output
        else nullcontext(sys.stdout)
    ) as target:
        count = write_long_csv(answer_rows(session=session, workshop_ids=[workshop.id]), target)
    if args.output:
        print(f"{count} answers written to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
