"""Import of the long CSV: all or nothing, problems named by line and column, round trip."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from survey.downloads import Scope, export_bytes
from survey.filters import AnswerFilter
from survey.importer import ImportProblems, import_long_csv
from survey.migrate import drop_schema
from survey.models import Response, Workshop
from survey.questionnaire import Questionnaire
from survey.store import create_schema, get_workshop, make_engine
from tests.factories import answers_for, make_workshop, random_answers, submission, submit

HEADER = "workshop_code,response_id,submitted_at,role,organisation,language,item_id,lens,score"
GOOD = "PAPER1,7,2026-11-20T09:00:00Z,CFO,Acme,fr,overall,today,3"


def _export(session: Session, code: str, questionnaire: Questionnaire) -> bytes:
    workshop = get_workshop(session=session, code=code)
    assert workshop is not None and workshop.id is not None
    scope = Scope(AnswerFilter((workshop.id,)), {code: workshop}, questionnaire)
    return export_bytes("csv", session=session, scope=scope)


def _count(session: Session) -> int:
    return int(session.exec(select(func.count()).select_from(Response)).one())


def test_export_import_export_is_byte_identical(
    session: Session, questionnaire: Questionnaire, database_url: str, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import random

    rng = random.Random(4)
    other = make_workshop(session, code="OTHER1")
    submit(session, other, submission(answers_for(questionnaire)))  # ids do not start at 1
    workshop = make_workshop(session, code="TRIP1")
    names = ["=cmd", "Société Générale 🚀", None, "+32 Gent", "Plain"]
    for index, name in enumerate(names):
        data = submission(
            random_answers(questionnaire, rng),
            organisation=name,
            role=["CEO", "CFO", "COO", "CIO", "OTHER"][index],
        )
        submit(session, workshop, data)
    first = _export(session, "TRIP1", questionnaire)
    session.close()  # release the tables before emptying the database
    drop_schema(session.get_bind())  # type: ignore[arg-type]  # an empty database
    create_schema(session.get_bind())  # type: ignore[arg-type]
    result = import_long_csv(session=session, data=first, questionnaire=questionnaire)
    assert (result.responses, result.skipped, result.workshops) == (5, 0, ["TRIP1"])
    assert _export(session, "TRIP1", questionnaire) == first
    again = import_long_csv(session=session, data=first, questionnaire=questionnaire)
    assert (again.responses, again.skipped) == (0, 5)  # importing twice adds nothing
    imported = get_workshop(session=session, code="TRIP1")
    assert imported is not None and imported.status == "closed"
    fresh = make_workshop(session, code="AFTER1")
    submit(session, fresh, submission(answers_for(questionnaire)))  # ids keep counting
    assert _count(session) == 6


def test_import_into_a_database_with_those_ids_taken_keeps_every_answer(
    session: Session, questionnaire: Questionnaire
) -> None:
    workshop = make_workshop(session, code="BUSY1")
    submit(session, workshop, submission(answers_for(questionnaire)))
    data = f"{HEADER}\r\n" + GOOD.replace(",7,", ",1,") + "\r\n"
    result = import_long_csv(session=session, data=data.encode(), questionnaire=questionnaire)
    assert result.responses == 1 and _count(session) == 2


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ("PAPER1,7,2026-11-20T09:00:00Z,CFO,Acme,fr,nonsense,today,3", "column item_id"),
        ("PAPER1,7,2026-11-20T09:00:00Z,CFO,Acme,fr,delivery,expected,3", "column lens"),
        ("PAPER1,7,2026-11-20T09:00:00Z,CFO,Acme,fr,overall,today,9", "column score"),
        ("PAPER1,7,2026-11-20T09:00:00Z,CFO,Acme,fr,overall,today,x", "column score"),
        ("PAPER1,7,2026-11-20T09:00:00Z,CTO,Acme,fr,overall,today,3", "column role"),
        ("PAPER1,7,2026-11-20T09:00:00Z,CFO,Acme,de,overall,today,3", "column language"),
        ("PAPER1,7,yesterday,CFO,Acme,fr,overall,today,3", "column submitted_at"),
        ("PAPER1,-4,2026-11-20T09:00:00Z,CFO,Acme,fr,overall,today,3", "column response_id"),
        ("PAPER1,7,2026-11-20T09:00:00Z,CFO,Acme", "expected 9 fields, found 5"),
        ("PAPER1,7,2026-11-20T09:00:00Z,CEO,Acme,fr,mandate,today,3", "another role"),
        ("PAPER1,7,2026-11-20T09:00:00Z,CFO,Acme,fr,overall,today,4", "twice"),
    ],
)
def test_one_bad_row_imports_nothing_and_is_named(
    session: Session, questionnaire: Questionnaire, line: str, where: str
) -> None:
    data = "\r\n".join([HEADER, GOOD, "PAPER1,8,2026-11-20T09:01:00Z,CEO,,nl,scope,today,", line])
    with pytest.raises(ImportProblems) as info:
        import_long_csv(session=session, data=data.encode(), questionnaire=questionnaire)
    assert len(info.value.problems) == 1
    assert info.value.problems[0].startswith("line 4")
    assert where in info.value.problems[0]
    assert _count(session) == 0
    assert session.exec(select(Workshop)).first() is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"   \r\n", "the file is empty"),
        (HEADER.encode() + b"\r\n", "no answers"),
        (b"code,score\r\nA,1\r\n", "line 1: the columns must be"),
        ((HEADER + "\r\n" + GOOD.replace("Acme", "Caf\xe9")).encode("latin-1"), "not UTF-8"),
        ((HEADER + "\r\n" + 'PAPER1,7,"2026-11-20T09:00:00Z,CFO').encode(), "line 2"),
    ],
)
def test_broken_files_are_refused_whole(
    session: Session, questionnaire: Questionnaire, data: bytes, message: str
) -> None:
    with pytest.raises(ImportProblems) as info:
        import_long_csv(session=session, data=data, questionnaire=questionnaire)
    assert message in str(info.value)
    assert _count(session) == 0


def test_a_file_with_a_bom_and_dont_know_imports(
    session: Session, questionnaire: Questionnaire
) -> None:
    data = "\ufeff" + "\r\n".join([HEADER, GOOD, GOOD.replace("overall,today,3", "scope,today,")])
    result = import_long_csv(session=session, data=data.encode(), questionnaire=questionnaire)
    assert (result.responses, result.answers) == (1, 2)
    stored = session.exec(select(Response)).one()
    assert (stored.role, stored.organisation, stored.language) == ("CFO", "Acme", "fr")


def test_the_command_line_reports_problems_and_imports(
    database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    from survey.__main__ import main

    monkeypatch.setenv("DATABASE_URL", database_url)
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\r\n{GOOD.replace(',3', ',0')}\r\n", encoding="utf-8")
    assert main(["import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "nothing was imported" in err and "line 2, column score" in err
    good = tmp_path / "good.csv"
    good.write_text(f"{HEADER}\r\n{GOOD}\r\n", encoding="utf-8")
    assert main(["import", str(good)]) == 0
    assert "1 responses (1 answers) imported into PAPER1" in capsys.readouterr().out
    engine = make_engine(database_url)
    with Session(engine) as session:
        assert _count(session) == 1
    engine.dispose()
