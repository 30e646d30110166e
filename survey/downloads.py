"""Every download format, written for one filtered set of workshops: used alike by the
command line, the analyst page and the download URLs."""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

import pandas as pd
from sqlmodel import Session

from survey.aggregates import AGGREGATE_COLUMNS, aggregate_table
from survey.codebook import CODEBOOK_COLUMNS, codebook_rows
from survey.export import (
    LONG_COLUMNS,
    frame_rows,
    long_frame,
    wide_columns,
    wide_rows,
    write_csv,
)
from survey.filters import AnswerFilter
from survey.gap_stats import GAP_STAT_COLUMNS, gap_statistics
from survey.i18n import t
from survey.models import Workshop
from survey.questionnaire import Questionnaire
from survey.report import report_html
from survey.store import answer_rows, filtered_counts, response_details
from survey.workbook import write_workbook


@dataclass(frozen=True)
class Format:
    suffix: str
    mime: str

    @staticmethod
    def label(fmt: str, lang: str) -> str:
        return t(f"format.{fmt}", lang)


FORMATS: dict[str, Format] = {
    "csv": Format(".csv", "text/csv"),
    "wide": Format("-wide.csv", "text/csv"),
    "aggregates": Format("-aggregates.csv", "text/csv"),
    "xlsx": Format(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "html": Format(".html", "text/html"),
    "codebook": Format("-codebook.csv", "text/csv"),
}
WORKSHOP_COLUMNS = (
    "workshop_code",
    "title",
    "kind",
    "language",
    "status",
    "current_round",
    "min_group_size",
    "suppression_applied",
    "created_at",
)


@dataclass(frozen=True)
class Scope:
    """What a download covers: the filter, its workshops (by code), the questionnaire."""

    answer_filter: AnswerFilter
    workshops: Mapping[str, Workshop]
    questionnaire: Questionnaire
    lang: str = "en"
    """The language of the codebook, the report and the notes."""

    def describe(self) -> str:
        f = self.answer_filter
        parts = [f"workshops {', '.join(sorted(self.workshops))}"]
        if f.roles:
            parts.append(f"roles {', '.join(f.roles)}")
        if f.organisations:
            parts.append(f"organisations {', '.join(f.organisations)}")
        if f.submitted_from:
            parts.append(f"from {f.submitted_from:%Y-%m-%d}")
        if f.submitted_to:
            parts.append(f"before {f.submitted_to:%Y-%m-%d}")
        if f.round_number:
            parts.append(f"round {f.round_number}")
        return "Filter: " + "; ".join(parts)


def file_name(fmt: str, scope: Scope) -> str:
    return "-".join(sorted(scope.workshops)) + FORMATS[fmt].suffix


def aggregates(session: Session, scope: Scope) -> pd.DataFrame:
    rows = filtered_counts(session=session, answer_filter=scope.answer_filter)
    counts = pd.DataFrame(
        rows, columns=["workshop_code", "role", "item_id", "lens", "score", "count"]
    )
    counts["score"] = counts["score"].astype("Int64")
    return aggregate_table(counts, scope.workshops)


def write_export(fmt: str, *, session: Session, scope: Scope, out: BinaryIO) -> None:
    """Write one format to a binary stream (row by row where the format allows)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "xlsx":
        write_workbook(_sheets(session, scope), out)
        return
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        if fmt == "csv":
            write_csv(LONG_COLUMNS, _answers(session, scope), text)
        elif fmt == "wide":
            write_csv(_wide_header(scope), _wide(session, scope), text, bom=True)
        elif fmt == "aggregates":
            table = aggregates(session, scope)
            write_csv(AGGREGATE_COLUMNS, frame_rows(table), text, bom=True)
        elif fmt == "codebook":
            write_csv(
                CODEBOOK_COLUMNS, codebook_rows(scope.questionnaire, scope.lang), text, bom=True
            )
        else:
            table = aggregates(session, scope)
            text.write(
                report_html(
                    table,
                    scope.workshops,
                    scope.questionnaire,
                    filter_note=scope.describe(),
                    lang=scope.lang,
                )
            )
        text.flush()
    finally:
        text.detach()


def export_bytes(fmt: str, *, session: Session, scope: Scope) -> bytes:
    buffer = io.BytesIO()
    write_export(fmt, session=session, scope=scope, out=buffer)
    return buffer.getvalue()


def _answers(session: Session, scope: Scope) -> Iterator[tuple[Any, ...]]:
    return answer_rows(session=session, answer_filter=scope.answer_filter)


def _wide_header(scope: Scope) -> list[str]:
    return wide_columns([q.key for q in scope.questionnaire.questions()])


def _wide(session: Session, scope: Scope) -> Iterator[list[Any]]:
    details = response_details(session=session, answer_filter=scope.answer_filter)
    keys = [q.key for q in scope.questionnaire.questions()]
    return wide_rows(_answers(session, scope), details, keys)


def _workshop_rows(scope: Scope) -> list[Sequence[Any]]:
    return [
        [
            w.code,
            w.title,
            w.kind,
            w.language,
            w.status,
            w.current_round,
            w.min_group_size,
            "yes" if w.kind == "cohort" else "no (team: attributed by role)",
            w.created_at,
        ]
        for w in scope.workshops.values()
    ]


def _sheets(session: Session, scope: Scope) -> Iterator[tuple[str, Sequence[str], Any]]:
    table = aggregates(session, scope)
    yield "answers", LONG_COLUMNS, _answers(session, scope)
    yield "responses", _wide_header(scope), _wide(session, scope)
    yield "aggregates", AGGREGATE_COLUMNS, frame_rows(table)
    gaps = gap_table(session, scope)
    yield "gaps", GAP_STAT_COLUMNS, frame_rows(gaps)
    yield "codebook", CODEBOOK_COLUMNS, codebook_rows(scope.questionnaire, scope.lang)
    yield (
        "workshops",
        [*WORKSHOP_COLUMNS, "filter"],
        ([*row, scope.describe()] for row in _workshop_rows(scope)),
    )


def gap_table(session: Session, scope: Scope) -> pd.DataFrame:
    """Gaps with intervals, tests and effect sizes for each workshop of the scope."""
    answers = long_frame(_answers(session, scope))
    frames = [
        gap_statistics(
            answers[answers["workshop_code"] == code], workshop, scope.questionnaire.cio_items
        )
        for code, workshop in sorted(scope.workshops.items())
    ]
    return (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=GAP_STAT_COLUMNS)
    )
