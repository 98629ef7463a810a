"""Append the rows of a :class:`~mvo_xl.merge.MergePlan` to a copy of the master, through the package editor.

Each table grows in place: rows go after its last filled row (an empty
placeholder row of the template is used first), the table's range follows,
and a missing ``Bron`` column is added at its right end. New cells take the
look of the table's first data row; text stays text. Only the rows written
and the table part change: every other part of the master (validations,
pictures, charts, notes, macros) is copied byte for byte, and the master
itself is never written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Sequence

from .. import contract as c
from .. import edit_rules as rules
from ..cells import cell_address, split_ref
from ..edits import TableGrow
from ..merge import MergePlan, Row
from ..normalize import clean_text, fold
from .package import PackageEditor, damaged_as_package_error
from .package.sheetxml import KEEP

_SOURCE_WIDTH = 28


class MergeWriteError(Exception):
    """The master cannot take the rows as planned; the message is Dutch."""


def write_merge(master: str | Path, plan: MergePlan, dest: str | Path, grows: Sequence[TableGrow] = ()) -> Path:
    """Write the master plus the planned rows to ``dest``; the master itself is never written.

    ``grows``: the master's tables first take in the rows typed under them (they are the master's rows).
    """
    editor = PackageEditor(master)
    try:
        with damaged_as_package_error(editor.src):
            append_plan(editor, plan, grows)
            return editor.save(dest)
    finally:
        editor.close()


def append_plan(editor: PackageEditor, plan: MergePlan, grows: Sequence[TableGrow] = ()) -> None:
    for grow in grows:
        editor.grow_table(grow)
    for key, rows in plan.rows.items():
        if rows:
            append_rows(editor, c.TABLES_BY_KEY[key], rows)


def append_rows(editor: PackageEditor, spec: c.TableSpec, rows: list[Row]) -> None:
    table = editor.find_table(spec.key)
    if table is None:
        raise MergeWriteError(f"De tabel '{spec.table}' ontbreekt in de hoofdwerkmap.")
    headers: dict[str, str] = {}
    for row in rows:
        for header in row:
            headers.setdefault(fold(header), header)
    min_col, min_row, max_col, max_row = split_ref(table.ref)
    totals = table.root.get("totalsRowCount") not in (None, "", "0")
    last_data = max_row - 1 if totals else max_row  # a totals row (Tabelontwerp > Totaalrij) holds no data
    new_headers = [h for key, h in headers.items() if editor.column(table, h, add=False) is None]
    last_col = max_col + len(new_headers)
    model_row = min_row + 1 if min_row + 1 <= max_row else None
    # One streaming read of the table's rows and the rows it grows into. Kept: the header and model rows,
    # what lies below the table, and per data row only whether (and through which shared strings) it is filled,
    # so a table whose ref lies (A1:ZZ1048576) costs its real cells, not its claimed ones.
    filled_rows: set[int] = set()
    maybe: dict[int, set[int]] = {}  # row -> shared strings that decide whether it is filled

    def visit(r: int, col: int, cell) -> bool:
        if r in (min_row, model_row) or r > max_row:
            return True
        if col <= max_col and r not in filled_rows:
            if cell.kind == "s" and (cell.value or "").isdigit():
                maybe.setdefault(r, set()).add(int(cell.value))
            elif clean_text(editor.cell_text(cell, {})):
                filled_rows.add(r)
        return False

    cells = editor.read_cells(table.sheet_part, min_row, max_row + len(rows), min_col, last_col, visit=visit)
    strings = editor.shared_strings({int(v.value) for v in cells.values() if v.kind == "s" and (v.value or "").isdigit()}
                                    | {i for found in maybe.values() for i in found})
    filled_rows |= {r for r, found in maybe.items() if any(clean_text(strings.get(i, "")) for i in found)}

    def filled(r: int, col: int) -> bool:
        return bool(clean_text(editor.cell_text(cells.get((r, col)), strings)))

    columns: dict[str, int] = {}
    for key, header in headers.items():
        existed = editor.column(table, header, add=False) is not None
        col = columns[key] = editor.column(table, header)
        if not existed:  # new column (Bron): look like its neighbour
            left = cells.get((min_row, col - 1))
            if left is not None and left.style is not None:
                editor.set_cell(table.sheet_part, min_row, col, style=lambda _s, v=left.style: v)
            editor.patch(table.sheet_part).col_widths[col] = _SOURCE_WIDTH
    filled_rows |= {r for (r, col) in cells if min_row < r <= max_row and col <= max_col and filled(r, col)}
    start = max((r for r in filled_rows if r <= last_data), default=min_row) + 1
    end = start + len(rows) - 1
    if totals and end > last_data:
        raise MergeWriteError(
            f"De tabel '{spec.table}' op tabblad '{table.sheet}' heeft een totaalrij (rij {max_row}) en onder die "
            f"rij kan de tabel niet groeien. Klik in de tabel, zet bij Tabelontwerp de totaalrij uit, voeg opnieuw "
            f"samen en zet de totaalrij daarna weer aan.")
    for (r, col) in sorted(cells):
        if max_row < r <= end and min_col <= col <= max_col and filled(r, col):
            raise MergeWriteError(
                f"Onder de tabel '{spec.table}' op tabblad '{table.sheet}' staat iets in cel "
                f"{cell_address(r, col)}; de tabel kan daar niet groeien. Verplaats die cellen en voeg opnieuw samen.")
    styles = editor.styles
    for offset, row in enumerate(rows):
        r = start + offset
        for header, value in row.items():
            col = columns[fold(header)]
            model = cells.get((model_row, col)) if model_row is not None and r != model_row else None

            def style(s, model=model, value=value):
                base = model.style if model is not None else s
                if isinstance(value, (dt.date, dt.datetime)):  # a date shows as a date (not as 47118)
                    return base if styles.is_date(base) else styles.derive(base, number_format=rules.DATE_FORMAT)
                if value is not None and styles.is_date(base):
                    return styles.derive(base, number_format="General")  # a year under a date row stays a year
                return base
            editor.set_cell(table.sheet_part, r, col, KEEP if value is None else value, style)
    editor.grow_table(TableGrow(spec.key, max(max_row, end)))
