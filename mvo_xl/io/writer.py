"""Render the tool's own sheets with openpyxl; atomic writes.

A user's workbook is never loaded and re-saved here: :func:`edit_file` hands
it to the package editor (:mod:`mvo_xl.io.package`), which copies every part
it does not own byte for byte. openpyxl renders only what the tool makes
itself: the output sheets (into a scratch package the editor transplants
from), the template, the demo and reports. The in-memory functions
(:func:`apply_edits`) serve workbooks the tool builds from scratch.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from copy import copy
from pathlib import Path
from typing import Callable

from openpyxl import load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import MergedCell
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import TableColumn
from openpyxl.worksheet.worksheet import Worksheet

from .. import contract as c
from .. import edit_rules as rules
from .. import layout, palette
from ..cells import col_letter, make_ref, split_ref
from ..edits import CellMark, ColumnWrite, SheetOutput, TableGrow, Value, WorkbookEdits, is_formula_like
from ..normalize import fold

MARKS_SHEET, MARKS_HEADERS = palette.MARKS_SHEET, palette.MARKS_HEADERS
_DATE_FORMAT = rules.DATE_FORMAT


# --- values and looks ------------------------------------------------------------------------

def set_value(cell, value: Value, number_format: str | None = None) -> None:
    """Write a value so that text stays text: a leading '=' never becomes a formula."""
    if isinstance(value, str):
        value = _clean_xml_text(value)
        cell.value = value
        if is_formula_like(value) or value.startswith("="):
            cell.data_type = "s"
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format
    elif isinstance(value, (dt.date, dt.datetime)):
        cell.number_format = _DATE_FORMAT


def _clean_xml_text(text: str) -> str:
    """Drop control characters XML cannot hold (openpyxl would refuse the whole save)."""
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
        text = "".join(ch for ch in text if ord(ch) >= 32 or ch in "\t\n\r")
    return text[:32767]


_LOOK_CACHE: dict[str | None, tuple] = {}


def apply_look(cell, style: str | None) -> None:
    if style not in _LOOK_CACHE:
        look = palette.LOOKS.get(style, palette.LOOKS[None])
        font = Font(name=palette.FONT, size=look.size, bold=look.bold, italic=look.italic, color=look.color,
                    underline="single" if style == "link" else None)
        fill = PatternFill("solid", fgColor=look.fill) if look.fill else None
        align = Alignment(wrap_text=look.wrap, vertical="top")
        _LOOK_CACHE[style] = (font, fill, align)
    font, fill, align = _LOOK_CACHE[style]
    cell.font = font
    if fill is not None:
        cell.fill = fill
    cell.alignment = align


# --- sheets ----------------------------------------------------------------------------------

def _position(wb: Workbook, name: str) -> int:
    return rules.sheet_position(wb.sheetnames, name)


def replace_sheet(wb: Workbook, name: str) -> Worksheet:
    """A fresh, empty sheet in the place of the old one (output sheets are rebuilt from scratch)."""
    if name in wb.sheetnames:
        index = wb.sheetnames.index(name)
        wb.remove(wb[name])
    else:
        index = _position(wb, name)
    return wb.create_sheet(name, index)


def write_sheet(wb: Workbook, out: SheetOutput) -> Worksheet:
    ws = replace_sheet(wb, out.name)
    looks: dict[tuple, object] = {}  # openpyxl styles are slow to set: each look is built once, then copied
    for r, row in enumerate(out.rows, start=1):
        for col, item in enumerate(row, start=1):
            if item.value is None and item.style is None:
                continue
            cell = ws.cell(row=r, column=col)
            fmt = item.number_format or (_DATE_FORMAT if isinstance(item.value, (dt.date, dt.datetime)) else None)
            key = (item.style, fmt)
            set_value(cell, item.value, fmt)
            if key in looks:
                cell._style = copy(looks[key])
            else:
                apply_look(cell, item.style)
                looks[key] = copy(cell._style)
            if item.link:
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=item.link, display=str(item.value or ""))
                if item.style is None:
                    apply_look(cell, "link")
    _sheet_setup(ws, out)
    return ws


def _sheet_setup(ws: Worksheet, out: SheetOutput) -> None:
    """Widths, heights, panes, print setup, breaks, tab colour and charts: the same for both renderers."""
    for i, width in enumerate(out.column_widths, start=1):
        ws.column_dimensions[col_letter(i)].width = width
    for r, height in layout.estimate_row_heights(out).items():  # LibreOffice does not fit wrapped rows
        ws.row_dimensions[r].height = rules.row_height(height)
    if out.freeze:
        ws.freeze_panes = out.freeze
    if out.header_row:
        ws.print_title_rows = f"{out.header_row}:{out.header_row}"
        if out.autofilter and out.width and len(out.rows) > out.header_row:
            ws.auto_filter.ref = make_ref(1, out.header_row, out.width, len(out.rows))
    _print_setup(ws, out.landscape, fit_to_width=out.fit_to_width)
    for row in out.row_breaks:
        ws.row_breaks.append(Break(id=row))
    ws.sheet_properties.tabColor = out.tab_color or palette.OUTPUT_TAB
    for chart in out.charts:
        ws.add_chart(_bar_chart(ws, chart), chart.anchor)


def stream_sheet(wb: Workbook, out: SheetOutput) -> None:
    """Render ``out`` into a write-only workbook (the package editor's scratch): rows go straight to disk,
    so memory does not grow with the sheet. Same looks, links, widths, heights, print setup and charts as
    :func:`write_sheet`."""
    ws = wb.create_sheet(out.name)
    _sheet_setup(ws, out)
    looks: dict[tuple, object] = {}
    for r, row in enumerate(out.rows, start=1):
        cells = []
        for col, item in enumerate(row, start=1):
            if item.value is None and item.style is None:
                cells.append(None)
                continue
            cell = WriteOnlyCell(ws)
            fmt = item.number_format or (_DATE_FORMAT if isinstance(item.value, (dt.date, dt.datetime)) else None)
            style = item.style if item.style is not None or not item.link else "link"
            key = (style, fmt)
            set_value(cell, item.value, fmt)
            if key in looks:
                cell._style = copy(looks[key])
            else:
                apply_look(cell, style)
                looks[key] = copy(cell._style)
            if item.link:
                cell.hyperlink = Hyperlink(ref=f"{col_letter(col)}{r}", location=item.link,
                                           display=str(item.value or ""))
            cells.append(cell)
        ws.append(cells)


def _print_setup(ws: Worksheet, landscape: bool = True, *, fit_to_width: bool = True) -> None:
    """A4, one page wide, the layout's margins and a footer naming sheet and page (also for write-only sheets)."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = fit_to_width
    ws.page_margins = PageMargins(left=layout.MARGIN_LR / 72, right=layout.MARGIN_LR / 72,
                                  top=(layout.MARGIN_TB - 18) / 72, bottom=(layout.MARGIN_TB - 18) / 72,
                                  header=0.25, footer=0.25)
    ws.HeaderFooter.oddFooter.center.text = "&A – pagina &P van &N"
    ws.print_options.gridLines = False


def _bar_chart(ws: Worksheet, spec) -> BarChart:
    chart = BarChart()
    chart.type = "bar" if spec.horizontal else "col"
    chart.title = spec.title
    chart.style = 10
    chart.legend = None
    chart.y_axis.title = spec.y_title or None
    chart.y_axis.majorGridlines = None
    chart.y_axis.scaling.min = 0  # bars must start at zero or small differences look huge
    chart.width, chart.height = spec.width_cm, spec.height_cm
    data = Reference(ws, min_col=spec.values_col, min_row=spec.first_row - 1, max_row=spec.last_row)
    cats = Reference(ws, min_col=spec.categories_col, min_row=spec.first_row, max_row=spec.last_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(cats)
    if spec.horizontal:
        chart.x_axis.scaling.orientation = "maxMin"  # first row on top, as in the table
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    for series in chart.series:
        series.graphicalProperties.solidFill = palette.ACCENT
        series.graphicalProperties.line.solidFill = palette.ACCENT
    return chart


# --- tool-owned columns ----------------------------------------------------------------------

def find_table(wb: Workbook, table_name: str):
    for ws in wb.worksheets:
        for table in ws.tables.values():
            if fold(table.displayName) == fold(table_name):
                return ws, table
    return None, None


def _table_column(ws: Worksheet, table, header: str) -> int:
    """The Excel column of a header inside a table; added at the right end when missing."""
    min_col, min_row, max_col, max_row = split_ref(table.ref)
    names = [column.name for column in table.tableColumns or []]
    if not names:  # a table built in memory gets its columns only at save time: its header cells count
        names = [ws.cell(row=min_row, column=col).value for col in range(min_col, max_col + 1)]
    found = rules.header_index(names, header)  # the table's column names, as the reader matches
    if found is not None:
        return min_col + found
    if not table.tableColumns:  # a table built in memory gets its columns only at save time
        table._initialise_columns()
        for column, number in zip(table.tableColumns, range(min_col, max_col + 1)):
            column.name = str(ws.cell(row=min_row, column=number).value or column.name)
    col = max_col + 1
    set_value(ws.cell(row=min_row, column=col), header)
    apply_look(ws.cell(row=min_row, column=col), rules.added_header_look(header))
    if not ws.column_dimensions[col_letter(col)].width:
        ws.column_dimensions[col_letter(col)].width = rules.added_column_width(header)
    table.ref = make_ref(min_col, min_row, col, max_row)
    if table.autoFilter is not None:
        table.autoFilter.ref = table.ref
    table.tableColumns.append(TableColumn(id=len(table.tableColumns) + 1, name=header))
    return col


def write_column(wb: Workbook, write: ColumnWrite) -> None:
    spec = c.TABLES_BY_KEY[write.table]
    ws, table = find_table(wb, spec.table)
    if table is None:
        raise KeyError(f"table {spec.table} not found")
    col = _table_column(ws, table, write.column)
    for row, value in write.values.items():
        cell = ws.cell(row=row, column=col)
        if isinstance(cell, MergedCell):  # part of a merged range: reported as MVO042, never written
            continue
        set_value(cell, value, rules.number_format(write.column, value))
        if isinstance(value, str) and not cell.alignment.wrap_text:
            cell.alignment = _WRAP_TOP
    fit_rows(ws, write.values)


_WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def _width(ws: Worksheet, col: int) -> float:
    width = ws.column_dimensions[col_letter(col)].width
    return width if width else layout.DEFAULT_COLUMN_WIDTH


def fit_rows(ws: Worksheet, rows) -> None:
    """Give each row the height its wrapped text needs (:mod:`mvo_xl.layout`), never lower than it is.

    Excel fits rows itself when it opens a file; LibreOffice does not, so a file
    carries the heights. A row the user made taller stays as tall.
    """
    for r in rows:
        cells = [(cell.value, _width(ws, cell.column), cell.font.sz or 11, bool(cell.font.b),
                  bool(cell.alignment.wrap_text)) for cell in ws[r] if cell.value is not None]
        need = rules.fitted_row_height(layout.row_height(cells), ws.row_dimensions[r].height)
        if need is not None:
            ws.row_dimensions[r].height = need


def grow_table(wb: Workbook, grow: TableGrow) -> None:
    """Stretch a table's range (and its filter) down over the rows typed under it."""
    ws, table = find_table(wb, c.TABLES_BY_KEY[grow.table].table)
    if table is None:
        return
    min_col, min_row, max_col, max_row = split_ref(table.ref)
    if grow.last_row > max_row:
        table.ref = make_ref(min_col, min_row, max_col, grow.last_row)
        if table.autoFilter is not None:
            table.autoFilter.ref = table.ref


# --- marks -----------------------------------------------------------------------------------

def _marks_sheet(wb: Workbook) -> Worksheet:
    if MARKS_SHEET in wb.sheetnames:
        return wb[MARKS_SHEET]
    ws = wb.create_sheet(MARKS_SHEET)
    ws.sheet_state = "veryHidden"
    ws.append(list(MARKS_HEADERS))
    return ws


def _fill_hex(cell) -> str:
    fill = cell.fill
    if fill is None or fill.fill_type != "solid":
        return ""
    rgb = fill.fgColor.rgb if fill.fgColor is not None and fill.fgColor.type == "rgb" else ""
    return str(rgb)[-6:] if rgb else ""


def clear_marks(wb: Workbook) -> None:
    """Undo the tool's earlier marks only: a fill the user changed since then stays."""
    if MARKS_SHEET not in wb.sheetnames:
        return
    ws = wb[MARKS_SHEET]
    for sheet, address, previous, note in ws.iter_rows(min_row=2, max_col=len(MARKS_HEADERS), values_only=True):
        if not sheet or sheet not in wb.sheetnames or not address:
            continue
        cell = wb[sheet][address]
        if rules.is_our_fill(_fill_hex(cell)):
            cell.fill = PatternFill("solid", fgColor=previous) if previous else PatternFill(fill_type=None)
        if cell.comment is not None and palette.MARK_AUTHOR in (cell.comment.author, note):
            cell.comment = None
    wb.remove(ws)


def apply_marks(wb: Workbook, marks: list[CellMark]) -> None:
    clear_marks(wb)
    if not marks:
        return
    registry = _marks_sheet(wb)
    by_cell = rules.marks_by_cell(marks, wb.sheetnames)
    for (sheet, address), cell_marks in by_cell.items():
        cell = wb[sheet][address]
        previous = _fill_hex(cell)
        previous = "" if rules.is_our_fill(previous) else previous
        cell.fill = PatternFill("solid", fgColor=rules.mark_fill(cell_marks))
        text = rules.note_text(cell_marks)
        note = ""
        if cell.comment is None or cell.comment.author == palette.MARK_AUTHOR:
            comment = Comment(text, palette.MARK_AUTHOR)
            comment.width, comment.height = 320, 120
            cell.comment = comment
            note = palette.MARK_AUTHOR
        row = registry.max_row + 1
        for col, value in enumerate((sheet, address, previous, note), start=1):
            set_value(registry.cell(row=row, column=col), value)  # a sheet named '=1+1' stays text


# --- the whole edit --------------------------------------------------------------------------

def apply_edits(wb: Workbook, edits: WorkbookEdits) -> None:
    for grow in edits.table_grows:
        grow_table(wb, grow)
    for write in edits.column_writes:
        write_column(wb, write)
    for sheet in edits.sheets:
        write_sheet(wb, sheet)
    if edits.marks is not None:
        apply_marks(wb, edits.marks)
    if edits.activate and edits.activate in wb.sheetnames:
        wb.active = wb.sheetnames.index(edits.activate)
        for ws in wb.worksheets:
            ws.sheet_view.tabSelected = ws.title == edits.activate


def load_for_edit(path: str | Path) -> Workbook:
    """Open a workbook the tool made itself (template, demo, tests); a user's file goes through
    :mod:`mvo_xl.io.package`, which never re-saves what openpyxl does not model."""
    path = Path(path)
    return load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm", keep_links=False, rich_text=False)


def _usual_permissions(path: str) -> None:
    """mkstemp makes a private file; give the output the permissions a normal save would."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)


def atomic_write(dest: str | Path, write: Callable[[str], None]) -> Path:
    """Let ``write`` fill a temp file next to ``dest``, then rename: a reader never sees a half file.

    Missing folders are made for ``dest``; a write that fails or is interrupted removes its temp
    file and the folders it made, so nothing of it is left behind.
    """
    dest = Path(dest)
    made = [folder for folder in (dest.parent, *dest.parent.parents) if not folder.exists()]
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".~mvo-", suffix=dest.suffix, dir=dest.parent)
    except BaseException:
        _remove_empty(made)
        raise
    os.close(fd)
    try:
        write(tmp)
        _usual_permissions(tmp)
        _replace(tmp, dest)
    except BaseException:
        _discard(tmp)
        _remove_empty(made)
        raise
    return dest


_WINDOWS = os.name == "nt"
_RETRY_SECONDS = 0.1  # between tries; ten tries: a scanner's look at a new file takes well under a second


def _retry_on_windows(action: Callable[[], None], errors: type[OSError] | tuple[type[OSError], ...]) -> None:
    """Run ``action``; on Windows try again for a moment while it raises ``errors``: Defender, OneDrive or
    the indexer open a file right after it is closed. The last failure is raised."""
    for attempt in range(10):
        try:
            action()
            return
        except errors:
            if not _WINDOWS or attempt == 9:
                raise
            time.sleep(_RETRY_SECONDS)


def _replace(tmp: str, dest: Path) -> None:
    """os.replace, tried again on Windows while 'Access denied'; a file that stays locked (open in Excel)
    still fails."""
    _retry_on_windows(lambda: os.replace(tmp, dest), PermissionError)


def _discard(tmp: str) -> None:
    """Remove the temp file of a failed write (tried again on Windows); a failure here never hides the
    error that made the write fail."""
    try:
        _retry_on_windows(lambda: Path(tmp).unlink(missing_ok=True), OSError)
    except OSError:
        pass


def _remove_empty(folders: list[Path]) -> None:
    """Remove the folders a failed write made, deepest first; one that is not empty (anymore) stays."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return


def atomic_save(wb: Workbook, dest: str | Path) -> Path:
    return atomic_write(dest, wb.save)


def atomic_write_bytes(data: bytes, dest: str | Path) -> Path:
    return atomic_write(dest, lambda tmp: Path(tmp).write_bytes(data))


def edit_file(src: str | Path, dest: str | Path, edits: WorkbookEdits) -> Path:
    """Apply edits to a copy of ``src`` written to ``dest``: the package is edited, never re-saved."""
    from .package import edit_file as edit_package

    return edit_package(src, dest, edits)
