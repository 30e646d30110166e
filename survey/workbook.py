"""The Excel workbook: answers, responses, aggregates, gaps, codebook and workshop metadata.

Written in openpyxl's streaming (write-only) mode, row by row. Every text cell is stored as
text, so a value such as `=HYPERLINK(...)` typed by a respondent can never run as a formula.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from survey.export import format_moment


def _cells(sheet: WriteOnlyWorksheet, values: Sequence[Any]) -> list[WriteOnlyCell]:
    cells = []
    for value in values:
        if isinstance(value, datetime):
            value = format_moment(value)
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # text, never a formula
        cells.append(cell)
    return cells


def write_workbook(
    sheets: Iterable[tuple[str, Sequence[str], Iterable[Sequence[Any]]]], out: BinaryIO
) -> None:
    """`sheets` are (title, header, rows); rows are streamed into the file."""
    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.append(_cells(sheet, header))
        for row in rows:
            sheet.append(_cells(sheet, row))
    book.save(out)
