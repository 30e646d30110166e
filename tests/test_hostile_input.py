"""Random and hostile values at every input path: nothing invalid is stored, nothing valid is
lost, and no error escapes as a stack trace."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func
from sqlmodel import Session, select

from survey.export import LONG_COLUMNS
from survey.importer import ImportProblems, parse_long_csv
from survey.models import ROLES, Response
from survey.questionnaire import LANGUAGES, load_questionnaire
from survey.store import create_schema, make_engine
from survey.submission import DONT_KNOW, SubmissionProblems, build_submission

QUESTIONNAIRE = load_questionnaire()
KEYS = [q.key for q in QUESTIONNAIRE.questions()]
anything = st.one_of(
    st.none(),
    st.integers(-10, 20),
    st.text(max_size=30),
    st.booleans(),
    st.floats(),
    st.just(DONT_KNOW),
    st.sampled_from(ROLES),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    role=anything,
    organisation=anything,
    language=st.one_of(st.sampled_from(LANGUAGES), st.text(max_size=5)),
    comment=st.one_of(st.none(), st.text(max_size=80)),
    answers=st.dictionaries(st.sampled_from([*KEYS, "bogus__today", "overall"]), anything),
)
def test_a_submission_is_either_valid_or_refused_with_reasons(
    role: object, organisation: object, language: str, comment: str | None, answers: dict
) -> None:
    try:
        data = build_submission(
            questionnaire=QUESTIONNAIRE,
            role=role,
            organisation=organisation,
            language=language,
            comment=comment,
            answers=answers,
            idempotency_key="k",
            max_comment_length=50,
        )
    except SubmissionProblems as problems:
        assert problems.problems and all(v.startswith("error.") for v in problems.problems.values())
        return
    assert data.role in ROLES and data.language in LANGUAGES
    assert set(data.answers) == set(KEYS)
    assert all(v is None or (type(v) is int and 1 <= v <= 7) for v in data.answers.values())
    assert data.comment is None or len(data.comment) <= 50


@settings(max_examples=300)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash_the_import(data: bytes) -> None:
    try:
        parse_long_csv(data, QUESTIONNAIRE)
    except ImportProblems as problems:
        assert problems.problems


valid_rows = st.lists(
    st.tuples(
        st.integers(1, 50),
        st.sampled_from(ROLES),
        st.sampled_from(LANGUAGES),
        st.sampled_from([(q.item.id, q.lens) for q in QUESTIONNAIRE.questions()]),
        st.one_of(st.none(), st.integers(1, 7)),
    ),
    min_size=1,
    max_size=40,
    unique_by=lambda row: (row[0], row[3]),
)


def _file(rows: list[tuple]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(LONG_COLUMNS)
    first: dict[int, tuple] = {}
    for rid, role, lang, (item, lens), score in rows:
        role, lang = first.setdefault(rid, (role, lang))
        writer.writerow(
            [
                "FUZZ1",
                rid,
                "2026-11-20T09:00:00Z",
                role,
                "Org",
                lang,
                item,
                lens,
                "" if score is None else score,
            ]
        )
    return buffer.getvalue().encode()


@settings(max_examples=200)
@given(valid_rows)
def test_every_valid_row_is_kept(rows: list[tuple]) -> None:
    parsed = parse_long_csv(_file(rows), QUESTIONNAIRE)
    assert sum(len(r.answers) for r in parsed.values()) == len(rows)
    assert {rid for rid, *_ in rows} == {rid for _code, rid in parsed}


@settings(max_examples=150)
@given(
    valid_rows,
    st.integers(0, 39),
    st.sampled_from(["role", "score", "lens", "item_id"]),
    st.text(min_size=1, max_size=8),
)
def test_one_spoiled_cell_refuses_the_whole_file(
    rows: list[tuple], index: int, column: str, junk: str
) -> None:
    lines = _file(rows).decode().split("\r\n")
    target = 1 + index % len(rows)
    cells = next(csv.reader([lines[target]]))
    position = LONG_COLUMNS.index(column)
    bad = {"role": "CTO", "score": "8", "lens": "tomorrow", "item_id": "x" + junk}[column]
    cells[position] = bad
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    lines[target] = buffer.getvalue()
    with pytest.raises(ImportProblems) as info:
        parse_long_csv("\r\n".join(lines).encode(), QUESTIONNAIRE)
    assert any(p.startswith(f"line {target + 1}") for p in info.value.problems)


@settings(max_examples=40, deadline=None)
@given(code=st.text(max_size=40), fmt=st.text(max_size=12))
def test_the_command_line_answers_hostile_arguments_without_a_traceback(
    code: str, fmt: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from survey.__main__ import main

    folder = tmp_path_factory.mktemp("cli")
    url = f"sqlite:///{folder / 'cli.db'}"
    engine = make_engine(url)
    create_schema(engine)
    engine.dispose()
    mp = pytest.MonkeyPatch()
    mp.setenv("DATABASE_URL", url)
    try:
        for argv in (
            ["export", "--workshop", code],
            ["workshop", "close", code],
            ["export", "--workshop", "X", "--format", fmt],
        ):
            try:
                assert main(argv) in (0, 1, 2)
            except SystemExit as exit_:  # argparse refusing an argument, with a message
                assert exit_.code == 2
    finally:
        mp.undo()
    with Session(make_engine(url)) as session:
        assert session.exec(select(func.count()).select_from(Response)).one() == 0


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    code=st.text(max_size=40),
    lang=st.text(max_size=6),
    invite=st.text(max_size=70),
    receipt=st.text(max_size=70),
)
def test_hostile_links_show_messages_never_tracebacks(
    code: str, lang: str, invite: str, receipt: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    import streamlit as streamlit_api
    from streamlit.testing.v1 import AppTest

    from survey.config import PROJECT_ROOT

    folder = tmp_path_factory.mktemp("links")
    mp = pytest.MonkeyPatch()
    mp.setenv("DATABASE_URL", f"sqlite:///{folder / 'links.db'}")
    streamlit_api.cache_resource.clear()
    try:
        at = AppTest.from_file(str(PROJECT_ROOT / "dashboard.py"), default_timeout=30)
        for name, value in (
            ("code", code),
            ("lang", lang),
            ("invite", invite),
            ("receipt", receipt),
        ):
            if value:
                at.query_params[name] = value
        at.run()
        assert not at.exception
    finally:
        mp.undo()
        streamlit_api.cache_resource.clear()
