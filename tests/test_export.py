"""The long CSV on a real database: columns, order, formula safety, UTF-8, and numbers that
match the dashboard's."""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pytest
from sqlmodel import Session

from survey.export import LONG_COLUMNS, long_csv_bytes, neutralise
from survey.questionnaire import Questionnaire
from survey.results import workshop_results
from survey.store import answer_rows
from tests.factories import answers_for, make_workshop, submission, submit

EXPECTED_HEADER = (
    "workshop_code,response_id,submitted_at,role,organisation,language,item_id,lens,score"
)


def _export(session: Session, workshop_id: int) -> str:
    return long_csv_bytes(answer_rows(session=session, workshop_ids=[workshop_id])).decode("utf-8")


def test_columns_order_and_one_row_per_answer(
    session: Session, questionnaire: Questionnaire
) -> None:
    workshop = make_workshop(session, code="CSV1")
    other = make_workshop(session, code="OTHER")
    cio_answers = answers_for(questionnaire, overrides={"scope__today": None})
    first = submit(session, workshop, submission(cio_answers, role="CIO", language="fr"))
    submit(session, workshop, submission(answers_for(questionnaire, today=2), role="CFO"))
    submit(session, other, submission(answers_for(questionnaire), role="CEO"))
    text = _export(session, workshop.id)  # type: ignore[arg-type]
    lines = text.splitlines()
    assert lines[0] == EXPECTED_HEADER and tuple(lines[0].split(",")) == LONG_COLUMNS
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 2 * len(questionnaire.questions())
    assert {row["workshop_code"] for row in rows} == {"CSV1"}
    cio = [row for row in rows if row["response_id"] == str(first.response_id)]
    assert [(r["item_id"], r["lens"]) for r in cio] == [
        (q.item.id, q.lens) for q in questionnaire.questions()
    ]
    assert {r["role"] for r in cio} == {"CIO"} and {r["language"] for r in cio} == {"fr"}
    scope = next(r for r in cio if (r["item_id"], r["lens"]) == ("scope", "today"))
    assert scope["score"] == ""
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r["submitted_at"]) for r in rows)


@pytest.mark.parametrize(
    ("organisation", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+32 Acme", "'+32 Acme"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTabbed", "'\tTabbed"),
        ("\rReturn", "'\rReturn"),
        ("Plain & simple", "Plain & simple"),
    ],
)
def test_formula_like_cells_are_neutralised(
    session: Session, questionnaire: Questionnaire, organisation: str, written: str
) -> None:
    workshop = make_workshop(session)
    submit(session, workshop, submission(answers_for(questionnaire), organisation=organisation))
    rows = list(csv.DictReader(io.StringIO(_export(session, workshop.id), newline="")))  # type: ignore[arg-type]
    assert {row["organisation"] for row in rows} == {written}
    assert neutralise(organisation) == written


def test_utf8_accents_and_emoji_survive(session: Session, questionnaire: Questionnaire) -> None:
    workshop = make_workshop(session)
    name = "Société Générale – Brussel 🚀"
    submit(session, workshop, submission(answers_for(questionnaire), organisation=name))
    raw = long_csv_bytes(answer_rows(session=session, workshop_ids=[workshop.id]))  # type: ignore[list-item]
    assert not raw.startswith(b"\xef\xbb\xbf")  # plain UTF-8 for this format
    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8")
    assert set(frame["organisation"]) == {name}


def test_the_dashboard_numbers_equal_the_numbers_recomputed_from_the_csv(
    session: Session, questionnaire: Questionnaire
) -> None:
    import random

    from tests.factories import random_answers

    rng = random.Random(7)
    workshop = make_workshop(session)
    for role in ["CEO", "CFO", "COO", "CIO", "OTHER", "CFO", "CEO"]:
        submit(session, workshop, submission(random_answers(questionnaire, rng), role=role))
    results = workshop_results(
        session=session, workshop=workshop, questionnaire=questionnaire, small_group=10
    )
    frame = pd.read_csv(io.StringIO(_export(session, workshop.id)))  # type: ignore[arg-type]
    means = frame.groupby(["role", "item_id", "lens"])["score"].mean()
    dont_know = frame["score"].isna().groupby([frame.role, frame.item_id, frame.lens]).sum()
    for cell in results.stats[results.stats.role != "PEERS"].itertuples():
        key = (cell.role, cell.item_id, cell.lens)
        assert cell.dont_know == dont_know[key]
        if cell.n:
            assert cell.mean == pytest.approx(means[key])
    peers = frame[frame.role != "CIO"].groupby(["item_id", "lens"])["score"].mean()
    cio = frame[frame.role == "CIO"].groupby(["item_id", "lens"])["score"].mean()
    for gap in results.self_vs_others.itertuples():
        assert gap.gap == pytest.approx(
            cio[(gap.item_id, gap.lens)] - peers[(gap.item_id, gap.lens)]
        )
    assert results.answers is not None and len(results.answers) == len(frame)
