"""Read an MVO workbook file into the model, treating it as hostile.

Every file first passes :mod:`mvo_xl.io.safety` (magic bytes, zip limits,
bounded inflate, entity-free XML, true sheet extents); only then does the fast
Rust reader (python-calamine) read the cell values of the tables, from the
bytes already in memory, so the input file is read once and never locked.
"""

from __future__ import annotations

import io
from pathlib import Path

from .. import contract as c
from ..cells import col_letter
from ..model import MvoWorkbook, build_model
from ..normalize import fold
from ..raw import RawTable, RawWorkbook
from .safety import DEFAULT_LIMITS, Limits, UnreadableWorkbook, open_package


def read_raw(path: str | Path, *, limits: Limits = DEFAULT_LIMITS, tables: tuple[str, ...] | None = None,
             display_name: str | None = None) -> RawWorkbook:
    """The tables of a workbook file as found (only ``tables`` when given: read only what is needed)."""
    import python_calamine

    path = Path(path)
    pkg = open_package(path, limits)  # verifies every part and every sheet's true extent first
    wanted = {fold(t) for t in tables} if tables else None
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(pkg.data), load_tables=True)
    except python_calamine.PasswordError as exc:
        raise UnreadableWorkbook("encrypted", str(exc)) from exc
    except Exception as exc:  # calamine reports corrupt parts with several error types
        raise UnreadableWorkbook("corrupt", _short(exc)) from exc
    raw_tables: dict[str, RawTable] = {}
    try:
        names = list(book.table_names)
        for name in names:
            if wanted is not None and fold(name) not in wanted:
                continue
            raw_tables[name] = _raw_table(book.get_table_by_name(name))
    except UnreadableWorkbook:
        raise
    except Exception as exc:
        raise UnreadableWorkbook("corrupt", _short(exc)) from exc
    finally:
        book.close()
    return RawWorkbook(source=display_name or path.name, sheets=list(pkg.sheet_parts), tables=raw_tables)


def _raw_table(table) -> RawTable:
    (row0, col0), (row1, col1) = table.start, table.end
    header_row = row0  # calamine's start is the first data row (0-based) = the header's Excel row
    first_col = col0 + 1
    last_col = max(col1 + 1, first_col + len(table.columns) - 1)
    last_row = max(row1 + 1, header_row + 1)
    ref = f"{col_letter(first_col)}{header_row}:{col_letter(last_col)}{last_row}"
    rows = [(header_row + 1 + i, list(values)) for i, values in enumerate(table.to_python())]
    return RawTable(name=table.name, sheet=table.sheet, ref=ref, headers=[str(h) for h in table.columns], rows=rows)


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def read_workbook(path: str | Path, *, limits: Limits = DEFAULT_LIMITS, display_name: str | None = None) -> MvoWorkbook:
    """The model of a workbook file; structural gaps are in ``problems``, unreadable files raise."""
    names = tuple(t.table for t in c.ALL_TABLES)
    return build_model(read_raw(path, limits=limits, tables=names, display_name=display_name))
