"""Every download format on a real database: columns, formula safety, BOM, suppression."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pandas as pd
import pytest
from sqlmodel import Session

from survey.aggregates import AGGREGATE_COLUMNS
from survey.downloads import FORMATS, Scope, export_bytes
from survey.export import RESPONSE_COLUMNS
from survey.filters import AnswerFilter
from survey.models import Workshop
from survey.questionnaire import Questionnaire
from tests.factories import answers_for, make_workshop, submission, submit

HOSTILE = ['=HYPERLINK("http://evil")', "+32 Acme", "-2+3", "@SUM(A1)"]


def _scope(workshops: list[Workshop], questionnaire: Questionnaire, **narrowing: object) -> Scope:
    ids = tuple(w.id for w in workshops if w.id is not None)
    return Scope(AnswerFilter.of(ids, **narrowing), {w.code: w for w in workshops}, questionnaire)


def _csv(raw: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.fixture
def hostile_workshop(session: Session, questionnaire: Questionnaire) -> Workshop:
    workshop = make_workshop(session, code="HOST1")
    for index, text in enumerate(HOSTILE):
        data = submission(
            answers_for(questionnaire, today=index + 2),
            organisation=text,
            comment=text,
            role=["CEO", "CFO", "COO", "CIO"][index],
        )
        submit(session, workshop, data)
    return workshop


def test_formula_cells_are_neutralised_in_every_csv(
    session: Session, questionnaire: Questionnaire, hostile_workshop: Workshop
) -> None:
    scope = _scope([hostile_workshop], questionnaire)
    for fmt, column in (("csv", "organisation"), ("wide", "organisation"), ("wide", "comment")):
        rows = _csv(export_bytes(fmt, session=session, scope=scope))
        assert {row[column] for row in rows} == {"'" + text for text in HOSTILE}, (fmt, column)


def test_excel_holds_text_never_formulas(
    session: Session, questionnaire: Questionnaire, hostile_workshop: Workshop, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "book.xlsx"
    path.write_bytes(
        export_bytes("xlsx", session=session, scope=_scope([hostile_workshop], questionnaire))
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [
        "answers",
        "responses",
        "aggregates",
        "gaps",
        "codebook",
        "workshops",
    ]
    for sheet in ("answers", "responses"):
        cells = [cell for row in book[sheet].iter_rows() for cell in row if cell.value in HOSTILE]
        assert cells, sheet
        assert all(cell.data_type == "s" for cell in cells)  # text, not formula ("f")
    header = [c.value for c in book["responses"][1]]
    assert header[: len(RESPONSE_COLUMNS)] == list(RESPONSE_COLUMNS)
    workshops = [c.value for c in book["workshops"][2]]
    assert workshops[0] == "HOST1" and "min_group_size" in [c.value for c in book["workshops"][1]]


def test_wide_csv_one_row_per_response_with_a_bom(
    session: Session, questionnaire: Questionnaire, hostile_workshop: Workshop
) -> None:
    raw = export_bytes("wide", session=session, scope=_scope([hostile_workshop], questionnaire))
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = _csv(raw)
    assert len(rows) == len(HOSTILE)
    keys = [q.key for q in questionnaire.questions()]
    assert list(rows[0]) == [*RESPONSE_COLUMNS, *keys]
    assert [row["overall__today"] for row in rows] == ["2", "3", "4", "5"]
    assert {row["round"] for row in rows} == {"1"}


def test_aggregates_csv_columns_and_numbers(session: Session, questionnaire: Questionnaire) -> None:
    workshop = make_workshop(session, code="AGG1")
    for score in (2, 3, 3, 6):
        submit(session, workshop, submission(answers_for(questionnaire, today=score), role="CFO"))
    raw = export_bytes("aggregates", session=session, scope=_scope([workshop], questionnaire))
    assert raw.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert tuple(frame.columns) == AGGREGATE_COLUMNS
    cfo = frame[(frame.role == "CFO") & (frame.item_id == "overall") & (frame.lens == "today")]
    row = cfo.iloc[0]
    assert (row["n"], row["mean"], row["median"]) == (4, 3.5, 3.0)
    assert row["sd"] == pytest.approx(pd.Series([2, 3, 3, 6]).std(), abs=1e-4)
    assert row["ci_low"] <= row["mean"] <= row["ci_high"] and not row["suppressed"]


def test_suppression_is_applied_after_filters(
    session: Session, questionnaire: Questionnaire
) -> None:
    workshop = make_workshop(session, code="COH1", kind="cohort")  # minimum group size 5
    for index in range(6):
        organisation = "Alpha" if index < 2 else "Beta"
        submit(
            session,
            workshop,
            submission(answers_for(questionnaire), role="CFO", organisation=organisation),
        )
    everyone = _scope([workshop], questionnaire)
    frame = pd.read_csv(
        io.BytesIO(export_bytes("aggregates", session=session, scope=everyone)),
        encoding="utf-8-sig",
    )
    assert not frame[frame.role == "CFO"]["suppressed"].any()
    alpha_only = _scope([workshop], questionnaire, organisations=("Alpha",))
    frame = pd.read_csv(
        io.BytesIO(export_bytes("aggregates", session=session, scope=alpha_only)),
        encoding="utf-8-sig",
    )
    cfo = frame[frame.role == "CFO"]
    assert cfo["suppressed"].all() and cfo["mean"].isna().all() and cfo["ci_low"].isna().all()
    assert (cfo["n"] == 2).all()


def test_html_report_is_self_contained(
    session: Session, questionnaire: Questionnaire, hostile_workshop: Workshop
) -> None:
    html = export_bytes("html", session=session, scope=_scope([hostile_workshop], questionnaire))
    text = html.decode("utf-8")
    assert text.startswith("<!doctype html>") and "Plotly.newPlot" in text
    assert not re.search(r"<script[^>]*\bsrc=", text)  # plotly.js is inline: opens offline
    assert "Perception ladder" in text and "HOST1" in text


def test_every_format_has_a_name_and_type(session: Session, questionnaire: Questionnaire) -> None:
    workshop = make_workshop(session, code="FMT1")
    submit(session, workshop, submission(answers_for(questionnaire)))
    for fmt in FORMATS:
        assert export_bytes(fmt, session=session, scope=_scope([workshop], questionnaire))
    with pytest.raises(ValueError, match="unknown format"):
        export_bytes("pdf", session=session, scope=_scope([workshop], questionnaire))
