"""Append the rows of a :class:`~mvo_xl.merge.MergePlan` to a copy of the master, with openpyxl.

Each table grows in place: rows go after its last filled row (an empty
placeholder row of the template is used first), the table's range follows,
and a missing ``Bron`` column is added at its right end. Cells are written
as text stays text; data validations, other sheets and the master file
itself are left alone (the copy is saved to a temp file, then renamed).
"""

from __future__ import annotations

import datetime as dt
from copy import copy
from pathlib import Path
from typing import Sequence

from openpyxl.workbook.workbook import Workbook

from .. import contract as c
from ..cells import col_letter, make_ref, split_ref
from ..edits import TableGrow
from ..merge import MergePlan, Row
from ..normalize import clean_text, fold
from .writer import _table_column, edit_copy, find_table, grow_table, set_value

_SOURCE_WIDTH = 28


class MergeWriteError(Exception):
    """The master cannot take the rows as planned; the message is Dutch."""


def write_merge(master: str | Path, plan: MergePlan, dest: str | Path, grows: Sequence[TableGrow] = ()) -> Path:
    """Write the master plus the planned rows to ``dest``; the master itself is never written.

    ``grows``: the master's tables first take in the rows typed under them (they are the master's rows).
    """
    return edit_copy(master, dest, lambda wb: append_plan(wb, plan, grows))


def append_plan(wb: Workbook, plan: MergePlan, grows: Sequence[TableGrow] = ()) -> None:
    for grow in grows:
        grow_table(wb, grow)
    for key, rows in plan.rows.items():
        if rows:
            append_rows(wb, c.TABLES_BY_KEY[key], rows)


def append_rows(wb: Workbook, spec: c.TableSpec, rows: list[Row]) -> None:
    ws, table = find_table(wb, spec.table)
    if table is None:
        raise MergeWriteError(f"De tabel '{spec.table}' ontbreekt in de hoofdwerkmap.")
    headers: dict[str, str] = {}
    for row in rows:
        for header in row:
            headers.setdefault(fold(header), header)
    present = _present_headers(ws, table)
    columns = {}
    for key, header in headers.items():
        col = columns[key] = _table_column(ws, table, header)
        if key not in present:  # new column (Bron): look like its neighbour
            header_row = split_ref(table.ref)[1]
            ws.cell(row=header_row, column=col)._style = copy(ws.cell(row=header_row, column=col - 1)._style)
            ws.column_dimensions[col_letter(col)].width = _SOURCE_WIDTH
    min_col, min_row, max_col, max_row = split_ref(table.ref)
    start = _last_filled_row(ws, min_col, min_row, max_col, max_row) + 1
    end = start + len(rows) - 1
    _check_free_below(ws, spec, min_col, max_col, max_row + 1, end)
    model_row = min_row + 1 if min_row + 1 <= max_row else None
    for offset, row in enumerate(rows):
        r = start + offset
        for header, value in row.items():
            col = columns[fold(header)]
            cell = ws.cell(row=r, column=col)
            if model_row is not None and r != model_row:
                cell._style = copy(ws.cell(row=model_row, column=col)._style)
            if value is not None:
                set_value(cell, value)
                if cell.is_date and not isinstance(value, (dt.date, dt.datetime)):
                    cell.number_format = "General"  # a year (2030) under a date-formatted row stays a year
    table.ref = make_ref(min_col, min_row, max_col, max(max_row, end))
    if table.autoFilter is not None:
        table.autoFilter.ref = table.ref


def _present_headers(ws, table) -> set[str]:
    min_col, min_row, max_col, _ = split_ref(table.ref)
    return {fold(ws.cell(row=min_row, column=col).value or "") for col in range(min_col, max_col + 1)}


def _last_filled_row(ws, min_col: int, header_row: int, max_col: int, max_row: int) -> int:
    for r in range(max_row, header_row, -1):
        if any(clean_text(ws.cell(row=r, column=col).value) for col in range(min_col, max_col + 1)):
            return r
    return header_row


def _check_free_below(ws, spec: c.TableSpec, min_col: int, max_col: int, first: int, last: int) -> None:
    """The table grows downwards: refuse rather than overwrite what a user put under it."""
    for r in range(first, last + 1):
        for col in range(min_col, max_col + 1):
            cell = ws.cell(row=r, column=col)
            if clean_text(cell.value):
                raise MergeWriteError(
                    f"Onder de tabel '{spec.table}' op tabblad '{ws.title}' staat iets in cel {cell.coordinate}; "
                    "de tabel kan daar niet groeien. Verplaats die cellen en voeg opnieuw samen.")
