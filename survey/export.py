"""Writers for downloads: the long CSV (one row per answer) with fixed, documented columns."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
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
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180
    writer.writerow(LONG_COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([_cell(value) for value in row])
        count += 1
    return count


def long_csv_bytes(rows: Iterable[tuple[Any, ...]]) -> bytes:
    buffer = io.StringIO()
    write_long_csv(rows, buffer)
    return buffer.getvalue().encode("utf-8")


def long_frame(rows: Iterable[tuple[Any, ...]]) -> pd.DataFrame:
    """The answer rows as a data frame with the long CSV's columns (score may be missing)."""
    frame = pd.DataFrame(list(rows), columns=list(LONG_COLUMNS))
    frame["score"] = frame["score"].astype("Int64")
    return frame
