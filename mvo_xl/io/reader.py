"""Read an MVO workbook file into the model, treating it as hostile.

Every file first passes :mod:`mvo_xl.io.safety` (magic bytes, zip limits,
bounded inflate, entity-free XML, true sheet extents). The tables' own
definitions (name, range, column names) are read from the package by the
safety layer's capped XML parser; the fast Rust reader (python-calamine) only
reads the cell values of the sheets that hold them, from the bytes already in
memory. The tables are then cut from those sheets here, so a table range that
lies (``A1:ZZ1048576``, ``A1``) is bounded by the real cells, rows people
typed directly under a table (LibreOffice does not grow the table) are found,
and merged cells or header cells that differ from the table's column names
are seen. Any failure of the native reader, a Rust panic included, becomes
one Dutch MVO040.
"""

from __future__ import annotations

import io
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .. import contract as c
from ..cells import col_letter, make_ref
from ..findings import Finding, make_finding
from ..model import MvoWorkbook, build_model
from ..normalize import clean_text, fold
from ..raw import RawTable, RawWorkbook, rows_below
from .safety import DEFAULT_LIMITS, Limits, SafePackage, UnreadableWorkbook, is_ods, open_package
from .xstring import decode as decode_xstring

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TABLE_REL = "/table"
_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7}):\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_MAX_COLS, _MAX_ROWS = 16384, 1048576


@dataclass
class _TableDef:
    """A table as its own part declares it (before any cell is read)."""

    name: str
    sheet: str
    ref: str
    columns: list[str]
    header_rows: int = 1
    totals_rows: int = 0
    bounds: tuple[int, int, int, int] | None = None  # min_col, min_row, max_col, max_row when the ref is valid


def read_raw(path: str | Path, *, limits: Limits = DEFAULT_LIMITS, tables: tuple[str, ...] | None = None,
             display_name: str | None = None) -> RawWorkbook:
    """The tables of a workbook file as found (only ``tables`` when given: read only what is needed)."""
    path = Path(path)
    source = display_name or path.name
    pkg = open_package(path, limits, allow_ods=True)  # verifies every part (and sheet extents of xlsx) first
    ods = is_ods(pkg)
    wanted = {fold(t) for t in tables} if tables else None
    every = _ods_table_defs(pkg) if ods else _table_defs(pkg)
    defs = [d for d in every if wanted is None or fold(d.name) in wanted]
    findings: list[Finding] = []
    by_name: dict[str, list[_TableDef]] = {}
    for d in defs:
        by_name.setdefault(fold(d.name), []).append(d)
    chosen: list[_TableDef] = []
    for same in by_name.values():
        if len(same) > 1:
            sheets = ", ".join(f"tabblad '{d.sheet}'" for d in same)
            findings.append(make_finding("MVO040", "table_duplicate", sheet=same[0].sheet, file=source,
                                         table=same[0].name, sheets=sheets))
            continue
        d = same[0]
        if d.bounds is None:
            findings.append(make_finding("MVO040", "table_ref", sheet=d.sheet, file=source, table=d.name,
                                         ref=d.ref))
            continue
        chosen.append(d)
    raw_tables: dict[str, RawTable] = {}
    errors: dict[str, dict[tuple[int, int], str]] = {}
    if chosen:
        grids = _read_sheets(pkg, sorted({d.sheet for d in chosen}))
        for d in chosen:
            others = [o.bounds for o in every if o is not d and o.sheet == d.sheet and o.bounds]
            grid, merged = grids[d.sheet]
            raw_tables[d.name] = _cut_table(d, grid, merged, others)
            if d.sheet not in errors:
                errors[d.sheet] = _error_cells(pkg, d.sheet)
            table = raw_tables[d.name]
            rows = {r for r, _v in table.rows}
            table.errors = sorted((r, col, text) for (r, col), text in errors[d.sheet].items()
                                  if r in rows and table.first_col <= col < table.first_col + len(table.headers))
    sheets = _ods_sheets(pkg) if ods else list(pkg.sheet_parts)
    located = {d.name: (d.sheet, d.ref) for d in every}
    return RawWorkbook(source=source, sheets=sheets, tables=raw_tables, findings=findings, located=located)


# --- the tables' own definitions ---------------------------------------------------------------

def _table_defs(pkg: SafePackage) -> list[_TableDef]:
    """Every table of every sheet, from the sheet's relationships and the table parts (never followed outside)."""
    defs: list[_TableDef] = []
    for sheet, part in pkg.sheet_parts.items():
        folder = str(PurePosixPath(part).parent)
        rels = f"{folder}/_rels/{PurePosixPath(part).name}.rels"
        if rels not in pkg:
            continue
        for rel in pkg.parse_xml(rels).iter(f"{_NS_PKG_REL}Relationship"):
            if not rel.get("Type", "").endswith(_TABLE_REL) or rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"{folder}/{target}")
            stored = pkg.resolve(name)
            if stored is None:
                continue
            root = pkg.parse_xml(stored)
            defs.append(_table_def(root, sheet))
    return defs


# LibreOffice keeps an Excel table as a database range: <table:database-range table:name="tblX"
# table:target-range-address="'Thema''s'.A1:'Thema''s'.D3" [table:contains-header="false"]/>
_ODS_RANGE = re.compile(rb"<table:database-range\s[^>]*>")
_ODS_ATTR = re.compile(rb'table:([\w-]+)="([^"]*)"')
_ODS_ADDRESS = re.compile(r"^\$?('(?:[^']|'')*'|[^.]+)\.\$?([A-Za-z]{1,3})\$?([0-9]{1,7})"
                          r":(?:\$?(?:'(?:[^']|'')*'|[^.]*)\.)?\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")
_ODS_SHEET = re.compile(rb"<table:table\s[^>]*?table:name=\"([^\"]*)\"")


def _unescape(text: bytes) -> str:
    from xml.sax.saxutils import unescape

    return unescape(text.decode("utf-8", "replace"), {"&apos;": "'", "&quot;": '"'})


def _ods_sheets(pkg: SafePackage) -> list[str]:
    return [_unescape(m.group(1)) for m in _ODS_SHEET.finditer(pkg.read("content.xml"))]


def _ods_table_defs(pkg: SafePackage) -> list[_TableDef]:
    """The database ranges of an .ods (how LibreOffice keeps Excel tables): name, sheet, range, header."""
    from ..cells import col_index

    defs = []
    for tag in _ODS_RANGE.findall(pkg.read("content.xml")):
        attrs = {k.decode(): _unescape(v) for k, v in _ODS_ATTR.findall(tag)}
        name, address = attrs.get("name", ""), attrs.get("target-range-address", "")
        m = _ODS_ADDRESS.match(address)
        if not name or name.startswith("__Anonymous_Sheet_DB__"):
            continue
        header_rows = 0 if attrs.get("contains-header") == "false" else 1
        if not m:
            defs.append(_TableDef(name=name, sheet="", ref=address, columns=[], header_rows=header_rows))
            continue
        sheet = m.group(1)
        if sheet.startswith("'"):
            sheet = sheet[1:-1].replace("''", "'")
        c1, r1, c2, r2 = col_index(m.group(2)), int(m.group(3)), col_index(m.group(4)), int(m.group(5))
        d = _TableDef(name=name, sheet=sheet, ref=f"{m.group(2)}{r1}:{m.group(4)}{r2}", columns=[],
                      header_rows=header_rows)
        if c1 <= c2 <= _MAX_COLS and 1 <= r1 < r2 <= _MAX_ROWS:
            d.bounds = (c1, r1, c2, r2)
        defs.append(d)
    return defs


def _table_def(root, sheet: str) -> _TableDef:
    name = root.get("displayName") or root.get("name") or ""
    ref = root.get("ref") or ""
    columns = [decode_xstring(col.get("name") or "") for col in root.iter(f"{_NS_MAIN}tableColumn")]
    d = _TableDef(name=name, sheet=sheet, ref=ref, columns=columns,
                  header_rows=_count(root.get("headerRowCount"), 1), totals_rows=_count(root.get("totalsRowCount"), 0))
    m = _REF.match(ref.strip())
    if m:
        from ..cells import col_index

        c1, r1, c2, r2 = col_index(m.group(1)), int(m.group(2)), col_index(m.group(3)), int(m.group(4))
        min_col, max_col, min_row, max_row = min(c1, c2), max(c1, c2), min(r1, r2), max(r1, r2)
        # A table with a header row spans at least two rows (Excel never writes a header-only range).
        valid = (1 <= min_col and max_col <= _MAX_COLS and 1 <= min_row and max_row <= _MAX_ROWS
                 and max_row - min_row + 1 > d.header_rows + d.totals_rows - (0 if d.header_rows else 1))
        if valid:
            d.bounds = (min_col, min_row, max_col, max_row)
    return d


def _count(text: str | None, default: int) -> int:
    try:
        return max(0, min(int(text), 1)) if text is not None else default
    except ValueError:
        return default


# --- the cells ---------------------------------------------------------------------------------

# A cell holding an error value (#N/A, #REF!, ...): calamine reads it as empty, the user sees the error.
_ERROR_CELL = re.compile(rb"<(?:[\w.-]+:)?c\s([^>]*?\bt=[\"']e[\"'][^>]*)(?<!/)>(.*?)</(?:[\w.-]+:)?c>", re.S)
_ERROR_REF = re.compile(rb"\br=[\"']([A-Z]{1,3})0*([0-9]{1,7})[\"']")
_ERROR_VALUE = re.compile(rb"<(?:[\w.-]+:)?v>([^<]{1,16})</")
_RICH_VALUE = re.compile(rb"\svm=[\"']")


def _error_cells(pkg: SafePackage, sheet: str) -> dict[tuple[int, int], str]:
    """(row, column) -> the error a cell shows, for the cells of a sheet that hold one (none in an .ods)."""
    from ..cells import col_index

    part = None if is_ods(pkg) else pkg.sheet_parts.get(sheet)
    if part is None:
        return {}
    data = pkg.read(part)
    if b'"e"' not in data and b"'e'" not in data:
        return {}
    found = {}
    for m in _ERROR_CELL.finditer(data):
        ref, value = _ERROR_REF.search(m.group(1)), _ERROR_VALUE.search(m.group(2))
        if ref and value:
            # vm=: a rich value (a picture placed in the cell, a linked data type); '#VALUE!' is only its fallback
            shown = "" if _RICH_VALUE.search(m.group(1)) else value.group(1).decode("ascii", "replace")
            found[(int(ref.group(2)), col_index(ref.group(1).decode()))] = shown
    return found


def _read_sheets(pkg: SafePackage, sheets: list[str]) -> dict[str, tuple[list[list[Any]], list[tuple]]]:
    """The cell values of some sheets (dense, bounded by the safety layer's true extent) and their merged ranges."""
    import python_calamine

    out: dict[str, tuple[list[list[Any]], list[tuple]]] = {}
    book = None
    step = "de werkmap"
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(pkg.data))
        for sheet in sheets:
            step = f"tabblad '{sheet}'"
            ws = book.get_sheet_by_name(sheet)
            grid = ws.to_python(skip_empty_area=False)
            try:
                merged = list(ws.merged_cell_ranges or [])
            except (KeyboardInterrupt, SystemExit):
                raise
            except BaseException:  # noqa: BLE001 - merged ranges are a courtesy; the cells are what counts
                merged = []
            out[sheet] = (grid, merged)
    except python_calamine.PasswordError:
        raise UnreadableWorkbook("encrypted") from None
    except (KeyboardInterrupt, SystemExit, MemoryError, UnreadableWorkbook):
        raise
    except BaseException:  # noqa: BLE001 - calamine raises several types, and a Rust panic is a BaseException
        raise UnreadableWorkbook("corrupt", f"de cellen van {step} zijn onleesbaar") from None
    finally:
        if book is not None:
            try:
                book.close()
            except BaseException:  # noqa: BLE001
                pass
    return out


def _cut_table(d: _TableDef, grid: list[list[Any]], merged: list[tuple], others: list[tuple]) -> RawTable:
    """The table's cells from its sheet: the range as declared but never beyond the real cells, plus the
    non-empty rows typed directly under it (until the first empty row)."""
    min_col, min_row, max_col, max_row = d.bounds  # type: ignore[misc]
    if d.columns and len(d.columns) < max_col - min_col + 1:  # a range wider than its columns lies: bound it
        max_col = min_col + len(d.columns) - 1
    width = max_col - min_col + 1
    names = (d.columns + [f"Kolom{i + 1}" for i in range(len(d.columns), width)])[:width]
    if not d.columns and d.header_rows:  # an .ods database range: its header cells are its column names
        line = grid[min_row - 1] if min_row <= len(grid) else []
        names = [clean_text(v) for v in (list(line[min_col - 1:max_col]) + [""] * width)[:width]]

    def row_values(r: int) -> list[Any]:
        if r > len(grid):
            return [""] * width
        line = grid[r - 1]
        values = list(line[min_col - 1:max_col])
        return values + [""] * (width - len(values))

    header_cells = [clean_text(v) for v in row_values(min_row)] if d.header_rows else list(names)
    first_data = min_row + d.header_rows
    last_data = max_row - d.totals_rows
    rows = [(r, row_values(r)) for r in range(first_data, min(last_data, len(grid)) + 1)]
    below, stranded = rows_below(((r, row_values(r)) for r in range(max_row + 1, len(grid) + 1)),
                                 min_col=min_col, max_col=max_col, totals=bool(d.totals_rows), others=others)
    rows += below
    grown = len(below)
    last = max_row + grown
    merged_refs = []
    for (r0, c0), (r1, c1) in merged:
        r0, c0, r1, c1 = r0 + 1, c0 + 1, r1 + 1, c1 + 1
        if r1 >= min_row and r0 <= last and c1 >= min_col and c0 <= max_col:
            merged_refs.append(make_ref(c0, r0, c1, r1))
    ref = f"{col_letter(min_col)}{min_row}:{col_letter(max_col)}{max_row}"
    return RawTable(name=d.name, sheet=d.sheet, ref=ref, headers=names, rows=rows, grown=grown,
                    header_cells=header_cells, merged=merged_refs, below_totals=stranded)


# --- the model ---------------------------------------------------------------------------------

def read_workbook(path: str | Path, *, limits: Limits = DEFAULT_LIMITS, display_name: str | None = None) -> MvoWorkbook:
    """The model of a workbook file; structural gaps are in ``problems``, unreadable files raise."""
    names = tuple(t.table for t in c.ALL_TABLES)
    return build_model(read_raw(path, limits=limits, tables=names, display_name=display_name))


def read_workbook_isolated(path: str | Path, *, display_name: str | None = None, timeout_s: float = 120,
                           memory_bytes: int = 1_000_000_000) -> MvoWorkbook:
    """:func:`read_workbook` in a child process capped in memory and time.

    A native abort or a runaway read of a hostile file then ends that child,
    never the command: it becomes one MVO040 for this file (UnreadableWorkbook).
    """
    from .safety import run_bounded

    names = tuple(t.table for t in c.ALL_TABLES)
    raw = run_bounded(read_raw, path, tables=names, display_name=display_name, timeout_s=timeout_s,
                      memory_bytes=memory_bytes)
    return build_model(raw)
