"""The neutral form every reader produces: an Excel table as found, before meaning.

The openpyxl/calamine file reader and the xlwings live-workbook reader both
produce :class:`RawTable` objects; :func:`mvo_xl.model.build_model` turns them
into the workbook model. Nothing downstream ever parses a sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable


@dataclass
class RawTable:
    name: str  # the ListObject name, e.g. "tblDroombeelden"
    sheet: str
    ref: str  # the table's range, e.g. "A1:H40" (header row included)
    headers: list[str]  # as typed, in sheet order
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)  # (Excel row, values in header order)
    grown: int = 0  # rows typed directly under ``ref`` that belong to the table (the last ones of ``rows``)
    header_cells: list[str] | None = None  # the header row's cells as shown, when they can differ from ``headers``
    merged: list[str] = field(default_factory=list)  # merged ranges overlapping the table, e.g. "B3:C4"
    below_totals: int = 0  # rows typed directly under the table's totals row: not the table's, not read
    # cells read as empty that show something: (row, column, '#N/A'), '' for a picture placed in the cell
    errors: list[tuple[int, int, str]] = field(default_factory=list)

    @property
    def first_row(self) -> int:
        from .cells import split_ref
        return split_ref(self.ref)[1]

    @property
    def first_col(self) -> int:
        from .cells import split_ref
        return split_ref(self.ref)[0]


@dataclass
class RawWorkbook:
    source: str  # file name (or workbook name) shown in findings
    sheets: list[str]
    tables: dict[str, RawTable]  # by table name
    findings: list[Any] = field(default_factory=list)  # what the reader found about the structure (Finding)
    # every table of the file, also those not read: name -> (sheet, ref); empty when ``tables`` holds them all
    located: dict[str, tuple[str, str]] = field(default_factory=dict)

    def table_places(self) -> dict[str, tuple[str, str]]:
        """Where each table of the workbook is (name -> sheet, ref), read or not."""
        return self.located or {name: (t.sheet, t.ref) for name, t in self.tables.items()}


def rows_below(rows: Iterable[tuple[int, list[Any]]], *, min_col: int, max_col: int, totals: bool,
               others: Iterable[tuple[int, int, int, int]] = ()) -> tuple[list[tuple[int, list[Any]]], int]:
    """The rows typed directly under a table, the one rule of the file reader and the live-workbook reader.

    ``rows``: (Excel row, values) from the row right under the table's range down, read lazily. They are
    taken until the first empty row or a row of another table on the sheet (``others``: its min_col,
    min_row, max_col, max_row). Under a totals row they never belong to the table (Excel does not grow it
    over them): they are only counted. Returns (rows that belong to the table, rows stranded under a totals row).
    """
    from .normalize import clean_text

    others = list(others)
    taken: list[tuple[int, list[Any]]] = []
    stranded = 0
    for row, values in rows:
        if any(o[1] <= row <= o[3] and o[0] <= max_col and o[2] >= min_col for o in others):
            break
        if not any(clean_text(v) for v in values):
            break
        if totals:
            stranded += 1
        else:
            taken.append((row, values))
    return taken, stranded
