"""Writers for downloads: the long CSV (one row per answer) with fixed, documented columns."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from itertools import groupby
from typing import Any, TextIO

import pandas as pd

from survey.store import ANSWER_ROW_COLUMNS, as_utc

LONG_COLUMNS: tuple[str, ...] = ANSWER_ROW_COLUMNS
"""workshop_code, response_id, submitted_at, role, organisation, language, item_id, lens, score"""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula (CSV injection, CWE-1236)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def format_moment(moment: datetime) -> str:
    """ISO 8601 in UTC to the second, e.g. 2026-11-22T10:23:09Z."""
    return as_utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_moment(value)
    if isinstance(value, str):
        return neutralise(value)
    return str(value)


def write_long_csv(rows: Iterable[tuple[Any, ...]], out: TextIO) -> int:
    """Write the header and one line per answer row; return the number of answer rows."""
    return write_csv(LONG_COLUMNS, rows, out)


def long_csv_bytes(rows: Iterable[tuple[Any, ...]]) -> bytes:
    buffer = io.StringIO()
    write_long_csv(rows, buffer)
    return buffer.getvalue().encode("utf-8")


def long_frame(rows: Iterable[tuple[Any, ...]]) -> pd.DataFrame:
    """The answer rows as a data frame with the long CSV's columns (score may be missing)."""
    frame = pd.DataFrame(list(rows), columns=list(LONG_COLUMNS))
    frame["score"] = frame["score"].astype("Int64")
    return frame


# --- wide CSV: one row per response -------------------------------------------------------

RESPONSE_COLUMNS: tuple[str, ...] = (
    "workshop_code",
    "response_id",
    "submitted_at",
    "role",
    "organisation",
    "language",
    "round",
    "comment",
)
BOM = "\ufeff"
"""Spreadsheet-minded CSVs start with a byte-order mark so Excel reads them as UTF-8."""


def wide_columns(question_keys: Sequence[str]) -> list[str]:
    """The wide CSV's header: response columns, then one `item_id__lens` per question."""
    return [*RESPONSE_COLUMNS, *question_keys]


def wide_rows(
    rows: Iterable[tuple[Any, ...]],
    details: Mapping[int, tuple[int, str | None]],
    question_keys: Sequence[str],
) -> Iterator[list[Any]]:
    """Fold the long answer rows (in submission order) into one row per response, streaming."""
    for _response_id, answers in groupby(rows, key=lambda row: row[1]):
        answered = list(answers)
        code, response_id, submitted_at, role, organisation, language = answered[0][:6]
        round_number, comment = details.get(response_id, (1, None))
        scores = {f"{row[6]}__{row[7]}": row[8] for row in answered}
        yield [
            code,
            response_id,
            submitted_at,
            role,
            organisation,
            language,
            round_number,
            comment,
            *(scores.get(key) for key in question_keys),
        ]


def write_csv(
    header: Sequence[str], rows: Iterable[Sequence[Any]], out: TextIO, *, bom: bool = False
) -> int:
    """RFC 4180 CSV with formula-safe cells; returns the number of data rows."""
    if bom:
        out.write(BOM)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow([_cell(value) for value in row])
        count += 1
    return count


def frame_rows(frame: pd.DataFrame) -> Iterator[list[Any]]:
    """Data-frame rows as plain values: missing numbers empty, floats to 4 decimals."""
    for row in frame.itertuples(index=False):
        yield [_plain(value) for value in row]


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float):
        return round(value, 4)
    return value
