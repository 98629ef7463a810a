"""Decisions both edit backends share, written once.

The package writer (:mod:`mvo_xl.io.package`, files on disk), the openpyxl
renderer of new sheets (:mod:`mvo_xl.io.writer`) and the xlwings adapter
(:mod:`mvo_xl.excel.adapter`, the live workbook) apply the same
:class:`~mvo_xl.edits.WorkbookEdits`; where a sheet goes, how a header is
found, which number format a value gets and how a cell is marked are decided
here, so the two backends cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable, Sequence

from . import contract as c
from . import palette
from .edits import STYLE_HEADER, STYLE_TOOL_HEADER, CellMark, Value
from .normalize import clean_text, fold

DATE_FORMAT = "dd/mm/yyyy"
SCORE_FORMAT = "0"
MAX_ROW_HEIGHT = 409.0  # Excel's maximum row height in points
SEVERITY_ORDER = ("fout", "waarschuwing", "info")
OUR_FILLS = frozenset(v.upper() for v in palette.MARK_FILLS.values())


def sheet_position(existing: Sequence[str], name: str) -> int:
    """Where a new sheet goes: after the last existing sheet that precedes it in the contract order."""
    order = list(c.SHEET_ORDER)
    if name not in order:
        return len(existing)
    mine = order.index(name)
    pos = 0
    for i, other in enumerate(existing):
        if other in order and order.index(other) < mine:
            pos = i + 1
    return pos


def existing_sheet(existing: Sequence[str], name: str) -> str | None:
    """The sheet that is ``name`` for Excel, which compares sheet names without case ('GROEPEN' is the tool's
    Groepen: rebuilt under its own name, never a second sheet beside it); None when there is none."""
    if name in existing:
        return name
    return next((other for other in existing if other.casefold() == name.casefold()), None)


def header_positions(headers: Sequence[object]) -> dict[str, int]:
    """Folded header -> 0-based position; the one matching rule of reader and writers (of two headers that
    fold alike, the last wins; empty headers never match)."""
    return {fold(str(h)): i for i, h in enumerate(headers) if h is not None and clean_text(str(h))}


def header_index(headers: Sequence[object], header: str) -> int | None:
    """The 0-based position of ``header`` among a table's headers, matched exactly as the reader matches."""
    return header_positions(headers).get(fold(header))


def number_format(column: str, value: Value) -> str | None:
    """The number format a written value needs (None: leave the cell's format alone)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return DATE_FORMAT
    if column == "Gelijkenis" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return SCORE_FORMAT
    return None


def row_height(points: float) -> float:
    """A row height Excel accepts."""
    return min(float(points), MAX_ROW_HEIGHT)


def fitted_row_height(need: float | None, current: float | None) -> float | None:
    """The height to give a row the tool wrote into (``need``: :func:`mvo_xl.layout.row_height`), or None to
    leave it: a row is never made lower than it is (a user's taller row stays), and never above 409 pt."""
    if need is None:
        return None
    need = row_height(need)
    return None if current is not None and current >= need else need


def _contract_column(header: str):
    return next((column for spec in c.ALL_TABLES for column in spec.columns if fold(column.header) == fold(header)),
                None)


def added_header_look(header: str) -> str:
    """The look of a header the tool adds to a table: a tool column's lighter header, else a plain one."""
    known = _contract_column(header)
    return STYLE_TOOL_HEADER if known is not None and known.tool_owned else STYLE_HEADER


def added_column_width(header: str, default: float | None = None) -> float | None:
    """The width of a column the tool adds to a table: the contract's width of that column, else ``default``."""
    known = _contract_column(header)
    return known.width if known is not None else default


def marks_by_cell(marks: Iterable[CellMark], sheets: Iterable[str]) -> dict[tuple[str, str], list[CellMark]]:
    """Marks grouped per cell, only on sheets that exist, in first-seen order."""
    known = set(sheets)
    out: dict[tuple[str, str], list[CellMark]] = {}
    for mark in marks:
        if mark.sheet in known and mark.cell:
            out.setdefault((mark.sheet, mark.cell.replace("$", "").upper()), []).append(mark)
    return out


def worst(marks: Sequence[CellMark]) -> CellMark:
    return min(marks, key=lambda m: SEVERITY_ORDER.index(m.severity) if m.severity in SEVERITY_ORDER else 9)


def mark_fill(marks: Sequence[CellMark]) -> str:
    return palette.MARK_FILLS.get(worst(marks).severity, palette.INFO_FILL)


def note_text(marks: Sequence[CellMark]) -> str:
    return "\n".join(f"{m.severity.upper()}: {m.message}" for m in marks)


def is_our_fill(hex_rgb: str | None) -> bool:
    return bool(hex_rgb) and hex_rgb.upper()[-6:] in OUR_FILLS
