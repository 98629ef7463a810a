"""The live workbook behind a button: read its tables, apply :class:`~mvo_xl.edits.WorkbookEdits`.

The twin of :mod:`mvo_xl.io.writer` (files on disk). Thin on purpose: no
business logic, only the xlwings calls, and only calls that exist on both the
classic engine (Excel on Windows/macOS through COM/AppleScript, ``RunPython``)
and the remote engine (xlwings Server / xlwings Lite: ``xw.Book(json=payload)``
reads from the JSON payload the client sent; writes become actions that the
client replays, returned by ``book.json()``).

What the remote engine cannot do synchronously, and how this adapter copes:

* reading a fill colour (``Range.color``): the previous fill of a marked cell
  is unknown, so unmarking clears the tool's fill instead of restoring an older
  one (the classic engine restores it, and leaves a fill the user changed since);
* reading a note's text: the registry records which notes are the tool's;
* notes need the Office.js client (ExcelApi 1.18); other clients: fill only;
* ``Sheet.visible`` is a bool; "very hidden" is sent as the Office.js
  visibility ``VeryHidden``;
* charts (:class:`~mvo_xl.edits.ChartSpec`) are drawn on the classic engine
  only; print setup (titles, orientation, page breaks) is set on the classic
  engine through Excel's object model, autofilter is left to the file writer;
  row heights come from :mod:`mvo_xl.layout` as in the file writer; column widths are sent in points (the remote unit) converted from
  characters.

Text safety: every ``str`` that Excel would turn into something else (a leading
``= + - @``, tab/CR, a leading apostrophe, or text that reads as a number,
date or boolean) is written with a leading apostrophe, which Excel keeps as a
text prefix and never shows.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any, Iterable, Iterator

from .. import contract as c
from .. import edit_rules as rules
from .. import layout, palette
from ..cells import col_letter, make_ref, parse_cell
from ..edits import (FORMULA_TRIGGERS, CellMark, ColumnWrite, SheetOutput, Value, WorkbookEdits)
from ..normalize import fold
from ..raw import RawTable, RawWorkbook, rows_below

log = logging.getLogger(__name__)

MARKS_SHEET = palette.MARKS_SHEET
MARKS_HEADERS = list(palette.MARKS_HEADERS)
NOTE_OURS = palette.MARK_AUTHOR
SEVERITY_ORDER = rules.SEVERITY_ORDER
POINTS_PER_CM = 28.3465


class AdapterError(Exception):
    """A problem the user can fix; the message is Dutch and names the sheet/table."""


# --- engine --------------------------------------------------------------------------------

def engine_name(book) -> str:
    try:
        return book.app.engine.name
    except Exception:  # pragma: no cover - an engine without a name
        return ""


def is_remote(book) -> bool:
    return engine_name(book) == "remote"


# --- values --------------------------------------------------------------------------------

_NUMBER_LIKE = re.compile(r"^\s*[-+]?(\d[\d\s.,]*|[.,]\d+)([eE][-+]?\d+)?\s*%?\s*$")
_DATE_LIKE = re.compile(r"^\s*(\d{1,4}[-/.]\d{1,2}([-/.]\d{1,4})?|\d{1,2}[-/ ][A-Za-z]{3,}([-/ ]\d{2,4})?)"
                        r"([ T]\d{1,2}:\d{2}(:\d{2})?)?\s*$")
_TIME_LIKE = re.compile(r"^\s*\d{1,2}:\d{2}(:\d{2})?\s*([aApP][mM])?\s*$")
_BOOL_LIKE = {"true", "false", "waar", "onwaar", "vrai", "faux"}


def needs_text_prefix(text: str) -> bool:
    """Would Excel, given this string as a cell value, store anything but this exact text?"""
    if not text:
        return False
    if text[0] in FORMULA_TRIGGERS or text[0] == "'":
        return True
    return bool(_NUMBER_LIKE.match(text) or _DATE_LIKE.match(text) or _TIME_LIKE.match(text)
                or text.strip().lower() in _BOOL_LIKE or text.strip().startswith("#"))


def xl_value(value: Value) -> Any:
    """A value as xlwings should write it so that text stays exactly that text."""
    if isinstance(value, str):
        text = "".join(ch for ch in value if ord(ch) >= 32 or ch in "\t\n\r")[:32767]
        return "'" + text if needs_text_prefix(text) else text
    if isinstance(value, dt.datetime) or isinstance(value, dt.date):
        return value
    return value


def _run_values(values: Iterable[Value]) -> list[list[Any]]:
    return [[xl_value(v)] for v in values]


def _runs(rows: Iterable[int]) -> list[list[int]]:
    """Sorted rows cut into runs of consecutive numbers: [2,3,4,7] -> [[2,3,4],[7]]."""
    out: list[list[int]] = []
    for row in sorted(set(rows)):
        if out and row == out[-1][-1] + 1:
            out[-1].append(row)
        else:
            out.append([row])
    return out


def _hex(color: str | None) -> str | None:
    return None if not color else "#" + color.lstrip("#").upper()[-6:]


def _rgb_to_hex(rgb: Any) -> str:
    if rgb is None:
        return ""
    if isinstance(rgb, str):
        return rgb.lstrip("#").upper()[-6:]
    try:
        r, g, b = rgb
        return f"{int(r):02X}{int(g):02X}{int(b):02X}"
    except (TypeError, ValueError):
        return ""


# --- reading -------------------------------------------------------------------------------

def _matrix(rng, errors: bool = False) -> list[list[Any]]:
    """The values of a range as rows; ``errors``: a cell showing an error gives its text ('#N/A'), else None."""
    if rng is None:
        return []
    return (rng.options(ndim=2, err_to_str=True) if errors else rng.options(ndim=2)).value or []


# What a cell showing an error gives with err_to_str: the classic engine's names of Excel's error codes, and
# on the remote engine the text Office.js sends (newer errors too, which xlwings would otherwise pass on as text).
ERROR_TEXTS = frozenset({"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DATA!", "#SPILL!",
                         "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#GETTING_DATA",
                         "#EXTERNAL!", "#PYTHON!"})


def _take_errors(book, sheet, rows: list[tuple[int, list[Any]]], left: int) -> list[tuple[int, int, str]]:
    """Empty the cells of ``rows`` that show an error, as the file reader reads them, and say which they are
    (:attr:`~mvo_xl.raw.RawTable.errors`). The classic engine tells a typed text '#N/A' from the error by
    reading the cell again without err_to_str; on the remote engine the two are alike (and xlwings itself
    reads both as empty)."""
    found: list[tuple[int, int, str]] = []
    remote = is_remote(book)
    for row, values in rows:
        for j, value in enumerate(values):
            if not (isinstance(value, str) and value in ERROR_TEXTS):
                continue
            if not remote and sheet.range((row, left + j)).value is not None:
                continue  # text typed as such
            values[j] = None
            found.append((row, left + j, value))
    return found


def read_raw_workbook(book) -> RawWorkbook:
    """Every Excel table (ListObject) of the live workbook, as found.

    ``Sheet.tables`` exists on both engines: the classic one asks Excel, the
    remote one reads the ``tables`` list the client puts in the payload (name,
    range/header/body/totals addresses; xlwings 0.37.8). Values come from one read of
    the table's range; rows typed under it are taken by the file reader's own rule
    (:func:`mvo_xl.raw.rows_below`): never a totals row, never another table.
    """
    tables: dict[str, RawTable] = {}
    sheets: list[str] = []
    for sheet in book.sheets:
        sheets.append(sheet.name)
        found = [(table, table.range) for table in sheet.tables]
        found = [(table, whole) for table, whole in found if whole is not None]
        bounds = [(w.column, w.row, w.column + w.shape[1] - 1, w.row + w.shape[0] - 1) for _t, w in found]
        for i, (table, whole) in enumerate(found):
            header = table.header_row_range
            body = table.data_body_range
            top, left = whole.row, whole.column
            n_rows, n_cols = whole.shape
            grid = _matrix(whole, errors=True)
            header_row = header.row if header is not None else None
            headers = ([("" if h is None else str(h)) for h in grid[header_row - top]]
                       if header_row is not None else [])
            rows: list[tuple[int, list[Any]]] = []
            if body is not None:
                first = body.row - top
                for j in range(body.shape[0]):
                    rows.append((body.row + j, list(grid[first + j])))
            last_row = top + n_rows - 1  # the whole range: a totals row is the table's, never a record
            below, stranded = rows_below(_rows_under(sheet, last_row + 1, left, n_cols), min_col=left,
                                         max_col=left + n_cols - 1, totals=_has_totals(table),
                                         others=bounds[:i] + bounds[i + 1:])
            rows += below
            tables[table.name] = RawTable(name=table.name, sheet=sheet.name,
                                          ref=make_ref(left, top, left + n_cols - 1, last_row), headers=headers,
                                          rows=rows, grown=len(below), below_totals=stranded,
                                          errors=_take_errors(book, sheet, rows, left))
    return RawWorkbook(source=book.name, sheets=sheets, tables=tables)


def _has_totals(table) -> bool:
    try:
        return table.totals_row_range is not None
    except Exception:  # noqa: BLE001 - an engine that cannot say: Excel shows no totals row by default
        return False


_BELOW_CHUNK, _BELOW_MAX, _LAST_ROW = 100, 100_000, 1_048_576


def _rows_under(sheet, first_row: int, left: int, n_cols: int) -> Iterator[tuple[int, list[Any]]]:
    """The rows under a table, read lazily in chunks (the caller stops at the first empty row)."""
    row = first_row
    while row <= min(_LAST_ROW, first_row + _BELOW_MAX - 1):
        last = min(_LAST_ROW, row + _BELOW_CHUNK - 1)
        try:
            chunk = _matrix(sheet.range((row, left), (last, left + n_cols - 1)), errors=True)
        except Exception:  # noqa: BLE001 - an engine that cannot read outside tables: nothing below
            return
        if not chunk:
            return
        for i, values in enumerate(chunk):
            yield row + i, list(values) + [None] * (n_cols - len(values))
        row = last + 1


# --- tool-owned columns --------------------------------------------------------------------

def _find_table(book, table_name: str):
    for sheet in book.sheets:
        for table in sheet.tables:
            if fold(table.name) == fold(table_name):
                return sheet, table
    return None, None


def column_target(book, write: ColumnWrite):
    """(sheet, Excel column) of a tool column; None for an optional column that is missing. Raises the Dutch
    AdapterError for a missing table or column, so :func:`apply_edits` can refuse before writing anything."""
    spec = c.TABLES_BY_KEY[write.table]
    sheet, table = _find_table(book, spec.table)
    if table is None:
        raise AdapterError(f"De tabel '{spec.table}' (blad '{spec.sheet}') is niet gevonden.")
    header = table.header_row_range
    headers = [("" if h is None else str(h)) for h in (_matrix(header)[0] if header is not None else [])]
    found = rules.header_index(headers, write.column)  # matched exactly as the reader and the file writer match
    if found is None and write.optional:
        log.info("column '%s' of %s is missing: skipped", write.column, spec.table)
        return None
    if found is None:
        raise AdapterError(f"De kolom '{write.column}' ontbreekt in de tabel '{spec.table}' op blad "
                           f"'{sheet.name}'. Voeg de kolom toe aan de tabel en probeer opnieuw.")
    return sheet, header.column + found


def _merge_cells(rng) -> bool | None:
    """Excel's Range.MergeCells: True all merged, False none, None partly; False where the engine cannot say
    (the remote engine: its client writes what it can)."""
    try:
        return rng.merge_cells
    except Exception:  # noqa: BLE001 - NotImplementedError on the remote engine
        return False


def _merge_start(rng) -> tuple[int, int]:
    area = rng.merge_area
    return area.row, area.column


def _unmerged_runs(sheet, col: int, run: list[int]) -> list[list[int]]:
    """A run of rows cut so that no write covers part of a merged range (Excel refuses that): the first cell
    of a merged range is written alone, a covered cell not at all, as the file writer leaves it empty."""
    if _merge_cells(sheet.range((run[0], col), (run[-1], col))) is False:
        return [run]
    plain: list[int] = []
    alone: list[list[int]] = []
    for row in run:
        cell = sheet.range((row, col))
        if not _merge_cells(cell):
            plain.append(row)
        elif _merge_start(cell) == (row, col):
            alone.append([row])
    return sorted(_runs(plain) + alone)


def write_column(book, write: ColumnWrite, target=None) -> None:
    target = target or column_target(book, write)
    if target is None:
        return
    sheet, col = target
    for whole in _runs(write.values):
        for run in _unmerged_runs(sheet, col, whole):
            rng = sheet.range((run[0], col), (run[-1], col))
            rng.value = _run_values(write.values[r] for r in run)
            formats = {rules.number_format(write.column, write.values[r]) for r in run} - {None}
            if len(formats) == 1:
                rng.number_format = formats.pop()


# --- output sheets -------------------------------------------------------------------------

def _sheet_names(book) -> list[str]:
    return [s.name for s in book.sheets]


def _existing(book, name: str) -> str | None:
    """The book's sheet that is ``name`` for Excel (which compares sheet names without case), as it is spelled."""
    return rules.existing_sheet(_sheet_names(book), name)


def _reclaim_sheet(book, name: str) -> bool:
    """Whether the book has this sheet, its name in any case; a sheet spelled otherwise ('GROEPEN') is renamed
    to the tool's spelling, as the file editor does, so ``book.sheets[name]`` finds it on every engine."""
    existing = _existing(book, name)
    if existing is not None and existing != name:
        book.sheets[existing].name = name
    return existing is not None


def _position(names: list[str], name: str) -> int:
    return rules.sheet_position(names, name)


def _add_sheet(book, name: str, position: int):
    sheets = book.sheets
    if position <= 0:
        return sheets.add(name, before=sheets[0])
    return sheets.add(name, after=sheets[min(position, len(sheets)) - 1])


def _fresh_sheet(book, name: str):
    """The output sheet, emptied (kept if it exists, so links from other sheets stay valid)."""
    if _reclaim_sheet(book, name):
        sheet = book.sheets[name]
        sheet.clear()
        if not is_remote(book):
            for chart in list(sheet.charts):
                chart.delete()
        return sheet
    return _add_sheet(book, name, _position(_sheet_names(book), name))


def _chars_to_points(width: float) -> float:
    """Excel column width in characters (Calibri 11, 7 px per char + 5 px padding) -> points."""
    return round((width * 7 + 5) * 0.75, 2)


def _style_runs(row: list) -> list[tuple[int, int, str | None, str | None]]:
    """(first col, last col, style, number format) runs of equal look in one row (1-based cols)."""
    runs: list[tuple[int, int, str | None, str | None]] = []
    for i, cell in enumerate(row, start=1):
        key = (cell.style, cell.number_format)
        if runs and runs[-1][1] == i - 1 and (runs[-1][2], runs[-1][3]) == key:
            runs[-1] = (runs[-1][0], i, key[0], key[1])
        else:
            runs.append((i, i, key[0], key[1]))
    return runs


def _apply_look(rng, style: str | None) -> None:
    look = palette.LOOKS.get(style, palette.LOOKS[None])
    if look.fill:
        rng.color = _hex(look.fill)
    font = rng.font
    if look.bold:
        font.bold = True
    if look.italic:
        font.italic = True
    if look.color and look.color != palette.INK:
        font.color = _hex(look.color)
    if look.size != palette.LOOKS[None].size:
        font.size = look.size
    if look.wrap:
        rng.wrap_text = True


def _freeze_range(freeze: str) -> str | None:
    """openpyxl's freeze cell ("A4": rows 1-3 stay) -> the frozen range xlwings wants ("1:3")."""
    row, col = parse_cell(freeze)
    rows, cols = row - 1, col - 1
    if rows > 0 and cols > 0:
        return f"A1:{col_letter(cols)}{rows}"
    if rows > 0:
        return f"1:{rows}"
    if cols > 0:
        return f"A:{col_letter(cols)}"
    return None


def write_sheet(book, out: SheetOutput) -> None:
    remote = is_remote(book)
    sheet = _fresh_sheet(book, out.name)
    width, height = out.width, len(out.rows)
    # Links first: adding one sets the cell text, the bulk value write below then puts the real value.
    for r, row in enumerate(out.rows, start=1):
        for col, cell in enumerate(row, start=1):
            if cell.link:
                sheet.range((r, col)).add_hyperlink("#" + cell.link, text_to_display="link")
    if width and height:
        values = [[xl_value(v) for v in row] for row in out.values()]
        sheet.range((1, 1), (height, width)).value = values
    for r, row in enumerate(out.rows, start=1):
        for first, last, style, number_format in _style_runs(row):
            links = any(cell.link for cell in row[first - 1:last])
            if style is None and number_format is None and not links:
                continue
            rng = sheet.range((r, first), (r, last))
            if style is not None or links:
                _apply_look(rng, style if style is not None else "link")
            if number_format:
                rng.number_format = number_format
    for first, last, w in _width_runs(out.column_widths):
        rng = sheet.range((1, first), (1, last))
        rng.column_width = _chars_to_points(w) if remote else w
    for first, last, h in _height_runs(layout.estimate_row_heights(out)):
        _best_effort(lambda first=first, last=last, h=h: setattr(sheet.range((first, 1), (last, 1)), "row_height", h),
                     "row height", out.name)
    if not remote:
        _best_effort(lambda: _page_setup(sheet, out), "page setup", out.name, quiet=True)
    if out.freeze and (frozen := _freeze_range(out.freeze)):
        _best_effort(lambda: sheet.freeze_panes.freeze_at(frozen), "freeze panes", out.name)
    if out.tab_color and not remote:
        _best_effort(lambda: _tab_color(sheet, out.tab_color), "tab colour", out.name, quiet=True)
    for chart in out.charts:
        if remote:
            log.info("chart '%s' on %s skipped: the remote engine does not draw charts here", chart.title, out.name)
            continue
        _best_effort(lambda chart=chart: _add_chart(sheet, chart), "chart", out.name)


def _height_runs(heights: dict[int, float]) -> list[tuple[int, int, float]]:
    """Consecutive rows of the same height, so the remote engine gets one action per run."""
    runs: list[tuple[int, int, float]] = []
    for row in sorted(heights):
        if runs and runs[-1][1] == row - 1 and runs[-1][2] == heights[row]:
            runs[-1] = (runs[-1][0], row, heights[row])
        else:
            runs.append((row, row, heights[row]))
    return runs


def _page_setup(sheet, out: SheetOutput) -> None:
    """The file writer's print setup on Excel's object model (classic engine, Windows COM)."""
    setup = sheet.api.PageSetup
    setup.Orientation = 2 if out.landscape else 1  # xlLandscape / xlPortrait
    if out.header_row:
        setup.PrintTitleRows = f"${out.header_row}:${out.header_row}"
    if out.fit_to_width:
        setup.Zoom = False
        setup.FitToPagesWide = 1
        setup.FitToPagesTall = False
    sheet.api.ResetAllPageBreaks()
    for row in out.row_breaks:
        sheet.api.HPageBreaks.Add(sheet.api.Rows(row + 1))


def _tab_color(sheet, color: str) -> None:
    r, g, b = (int(color[i:i + 2], 16) for i in (0, 2, 4))
    sheet.api.Tab.Color = r + g * 256 + b * 65536  # Windows COM (BGR); elsewhere skipped


def _width_runs(widths: list[float]) -> list[tuple[int, int, float]]:
    runs: list[tuple[int, int, float]] = []
    for i, w in enumerate(widths, start=1):
        if w is None:
            continue
        if runs and runs[-1][1] == i - 1 and runs[-1][2] == w:
            runs[-1] = (runs[-1][0], i, w)
        else:
            runs.append((i, i, w))
    return runs


def _add_chart(sheet, spec) -> None:
    anchor = sheet.range(spec.anchor)
    chart = sheet.charts.add(anchor.left, anchor.top, spec.width_cm * POINTS_PER_CM, spec.height_cm * POINTS_PER_CM)
    if abs(spec.values_col - spec.categories_col) == 1:
        source = sheet.range((spec.first_row - 1, min(spec.categories_col, spec.values_col)),
                             (spec.last_row, max(spec.categories_col, spec.values_col)))
    else:
        source = sheet.range((spec.first_row - 1, spec.values_col), (spec.last_row, spec.values_col))
    chart.set_source_data(source)
    chart.chart_type = "bar_clustered" if spec.horizontal else "column_clustered"


def _best_effort(action, what: str, sheet: str, quiet: bool = False) -> None:
    try:
        action()
    except Exception as exc:  # an engine without this feature: the values are what matter
        if not quiet:
            log.info("%s on %s skipped: %s", what, sheet, exc)


# --- marks ---------------------------------------------------------------------------------

def _read_registry(book) -> list[tuple[str, str, str, str]]:
    existing = _existing(book, MARKS_SHEET)
    if existing is None:
        return []
    sheet = book.sheets[existing]
    grid = _matrix(sheet.used_range)
    out = []
    for row in grid[1:]:
        row = list(row) + [None] * 4
        name, address, previous, note = row[:4]
        if name and address:
            out.append((str(name), str(address), "" if previous is None else str(previous),
                        "" if note is None else str(note)))
    return out


def _current_fill(rng) -> str | None:
    """The cell's fill as RRGGBB, "" for none; None where the engine cannot say (remote)."""
    try:
        return _rgb_to_hex(rng.color)
    except NotImplementedError:
        return None


def _has_note(rng) -> bool:
    try:
        return rng.note is not None
    except NotImplementedError:
        return False


def clear_marks(book) -> None:
    """Undo the tool's earlier marks only: fills and notes in the registry; nothing else is touched."""
    registry = _read_registry(book)
    names = set(_sheet_names(book))
    for name, address, previous, note in registry:
        if name not in names:
            continue
        rng = book.sheets[name].range(address)
        current = _current_fill(rng)
        if current is None or rules.is_our_fill(current):  # remote: cannot check, the registry says it is ours
            rng.color = _hex(previous) if previous else None
        if note == NOTE_OURS and _has_note(rng):
            _best_effort(lambda rng=rng: rng.note.delete(), "note removal", name)


def _write_registry(book, rows: list[list[str]]) -> None:
    if _reclaim_sheet(book, MARKS_SHEET):
        sheet = book.sheets[MARKS_SHEET]
        sheet.clear_contents()
    else:
        sheet = book.sheets.add(MARKS_SHEET, after=book.sheets[len(book.sheets) - 1])
        _very_hidden(book, sheet)
    data = [MARKS_HEADERS] + rows
    sheet.range((1, 1), (len(data), len(MARKS_HEADERS))).value = [[xl_value(v) for v in r] for r in data]


def _very_hidden(book, sheet) -> None:
    if is_remote(book):
        sheet.impl.append_json_action(func="setSheetVisibility", args="VeryHidden")
        sheet.impl.api["visibility"] = "VeryHidden"
        return
    try:
        sheet.api.Visible = 2  # xlSheetVeryHidden (Windows COM)
    except Exception:
        sheet.visible = False


def apply_marks(book, marks: list[CellMark]) -> None:
    clear_marks(book)
    by_cell = rules.marks_by_cell(marks, _sheet_names(book))
    previous_rows = {(n, a): p for n, a, p, _ in _read_registry(book)}
    rows: list[list[str]] = []
    for (name, address), cell_marks in by_cell.items():
        rng = book.sheets[name].range(address)
        current = _current_fill(rng)
        if current is None:  # remote: the fill we restored just now, if any
            current = previous_rows.get((name, address), "")
        previous = "" if rules.is_our_fill(current) else current
        rng.color = _hex(rules.mark_fill(cell_marks))
        note = ""
        if not _has_note(rng):
            text = rules.note_text(cell_marks)
            try:
                rng.add_note(text)
                note = NOTE_OURS
            except NotImplementedError as exc:
                log.info("note on %s!%s skipped: %s", name, address, exc)
        rows.append([name, address, previous, note])
    if rows:
        _write_registry(book, rows)
    elif _reclaim_sheet(book, MARKS_SHEET):
        _write_registry(book, [])


# --- the whole edit ------------------------------------------------------------------------

def _protected(sheet) -> bool:
    """Whether Excel refuses writes to the sheet's cells (Controleren > Blad beveiligen)."""
    return _api_flag(sheet.api, "ProtectContents", "protect_contents")


def _structure_protected(book) -> bool:
    """Whether Excel refuses to add or rename sheets (Controleren > Werkmap beveiligen)."""
    return _api_flag(book.api, "ProtectStructure", "protect_structure")


def _api_flag(api, com_name: str, mac_name: str) -> bool:
    """A yes/no property of Excel's object model: Windows COM ``api.<com_name>``, macOS (appscript)
    ``api.<mac_name>.get()``; the remote engine cannot say (False)."""
    for ask in (lambda: getattr(api, com_name), lambda: getattr(api, mac_name).get()):
        try:
            return bool(ask())
        except Exception:  # noqa: BLE001 - not this engine's way of asking
            continue
    return False


def _refuse_protected(book, edits: WorkbookEdits, targets: list) -> None:
    """Name the first protected sheet the edits would write to, before anything is written."""
    names = {target[0].name for target in targets if target is not None}
    for grow in edits.table_grows:
        sheet, _table = _find_table(book, c.TABLES_BY_KEY[grow.table].table)
        if sheet is not None:
            names.add(sheet.name)
    wanted = [out.name for out in edits.sheets]
    if edits.marks is not None:
        wanted.append(MARKS_SHEET)
        names.update(name for name, _a, _p, _n in _read_registry(book))
        names.update(mark.sheet for mark in edits.marks)
    sheet_names = _sheet_names(book)  # read once: each look-up below is then a list search, not a call to Excel

    def existing(name: str) -> str | None:
        return rules.existing_sheet(sheet_names, name)

    names.update(filter(None, map(existing, wanted)))
    for name in sorted(n for n in names if existing(n) is not None):
        if _protected(book.sheets[existing(name)]):
            raise AdapterError(f"Het tabblad '{name}' is beveiligd, en de knop moet erin schrijven. Hef de "
                               "beveiliging op (Controleren > Beveiliging blad opheffen) en probeer opnieuw.")
    new = [name for name in wanted if existing(name) != name]  # a sheet to add, or to give its name back
    if new and _structure_protected(book):
        raise AdapterError(f"De werkmap is beveiligd (Controleren > Werkmap beveiligen), en de knop moet het "
                           f"tabblad '{new[0]}' toevoegen of hernoemen. Hef die beveiliging op en probeer opnieuw.")


def grow_table(book, grow) -> None:
    """Stretch a ListObject down over the rows typed under it (Table.Resize keeps header and columns)."""
    sheet, table = _find_table(book, c.TABLES_BY_KEY[grow.table].table)
    if table is None or table.range is None:
        return
    whole = table.range
    last = whole.row + whole.shape[0] - 1
    if grow.last_row > last:
        try:
            table.resize(sheet.range((whole.row, whole.column),
                                     (grow.last_row, whole.column + whole.shape[1] - 1)))
        except (AttributeError, NotImplementedError):  # an engine without Table.resize: the rows stay readable
            pass


def apply_edits(book, edits: WorkbookEdits) -> None:
    """Apply the edits to the live workbook; only what the edits name is touched. Every column is found
    first: a missing one is refused before anything is written."""
    targets = [column_target(book, write) for write in edits.column_writes]
    _refuse_protected(book, edits, targets)
    for grow in edits.table_grows:
        grow_table(book, grow)
    for write, target in zip(edits.column_writes, targets):
        if target is not None:
            write_column(book, write, target)
    for sheet in edits.sheets:
        write_sheet(book, sheet)
    if edits.marks is not None:
        apply_marks(book, edits.marks)
    if edits.activate and _reclaim_sheet(book, edits.activate):
        book.sheets[edits.activate].activate()
