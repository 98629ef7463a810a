"""Read an MVO workbook file into the model, treating it as hostile.

Every file first passes :mod:`mvo_xl.io.safety` (magic bytes, zip limits,
bounded inflate, entity-free XML, true sheet extents); only then does the fast
Rust reader (python-calamine) read the cell values of the tables, from the
bytes already in memory, so the input file is read once and never locked.
"""

from __future__ import annotations

import io
from pathlib import Path, PurePosixPath

from .. import contract as c
from ..cells import col_letter
from ..model import MvoWorkbook, build_model
from ..normalize import fold
from ..raw import RawTable, RawWorkbook
from .safety import DEFAULT_LIMITS, Limits, SafePackage, UnreadableWorkbook, check_sheet_extent, open_package

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _rels(pkg: SafePackage, part: str) -> dict[str, str]:
    """Relationship id -> absolute part name, for the part's .rels (if any)."""
    path = PurePosixPath(part)
    rels_name = str(path.parent / "_rels" / (path.name + ".rels"))
    if rels_name not in pkg.names:
        return {}
    out = {}
    for rel in pkg.parse_xml(rels_name).iter(_NS_PKG_REL + "Relationship"):
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue  # never followed
        if target.startswith("/"):
            resolved = target.lstrip("/")
        else:
            parts: list[str] = []
            for piece in (str(path.parent) + "/" + target).split("/"):
                if piece == "..":
                    if parts:
                        parts.pop()
                elif piece and piece != ".":
                    parts.append(piece)
            resolved = "/".join(parts)
        out[rel.get("Id", "")] = resolved
    return out


def sheet_parts(pkg: SafePackage) -> dict[str, str]:
    """Sheet name -> worksheet part, from xl/workbook.xml and its relationships."""
    rels = _rels(pkg, "xl/workbook.xml")
    out = {}
    for sheet in pkg.parse_xml("xl/workbook.xml").iter(_NS_MAIN + "sheet"):
        part = rels.get(sheet.get(_NS_REL + "id", ""))
        if part:
            out[sheet.get("name", "")] = part
    return out


def read_raw(path: str | Path, *, limits: Limits = DEFAULT_LIMITS, tables: tuple[str, ...] | None = None,
             display_name: str | None = None) -> RawWorkbook:
    """The tables of a workbook file as found (only ``tables`` when given: read only what is needed)."""
    import python_calamine

    path = Path(path)
    pkg = open_package(path, limits)
    parts = sheet_parts(pkg)
    wanted = {fold(t) for t in tables} if tables else None
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(pkg.data), load_tables=True)
    except python_calamine.PasswordError as exc:
        raise UnreadableWorkbook("encrypted", str(exc)) from exc
    except Exception as exc:  # calamine reports corrupt parts with several error types
        raise UnreadableWorkbook("corrupt", _short(exc)) from exc
    checked: set[str] = set()
    raw_tables: dict[str, RawTable] = {}
    try:
        names = list(book.table_names)
        for name in names:
            if wanted is not None and fold(name) not in wanted:
                continue
            table = book.get_table_by_name(name)
            sheet = table.sheet
            if sheet in parts and sheet not in checked:
                check_sheet_extent(pkg, parts[sheet], limits)  # lying <dimension> or far cells
                checked.add(sheet)
            raw_tables[name] = _raw_table(table)
    except UnreadableWorkbook:
        raise
    except Exception as exc:
        raise UnreadableWorkbook("corrupt", _short(exc)) from exc
    finally:
        book.close()
    return RawWorkbook(source=display_name or path.name, sheets=list(parts), tables=raw_tables)


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
