"""Test-side stand-in for an xlwings client: a payload from a file, the returned actions back onto a file.

xlwings' remote engine (xlwings Server / xlwings Lite) runs Python against a
JSON payload that the client (the Office.js add-in, the VBA module or Office
Scripts) builds from the open workbook, and answers with a list of actions the
client replays on it. Here both ends are played with openpyxl on a real file:

* :func:`payload_from_file` builds the payload in the shape of xlwings 0.37.8's
  clients (``xlwings/js/xlwings.ts`` and the keys ``pro/_xlremote.py`` reads):
  ``client``, ``version``, ``book`` (name, active sheet, selection), ``names``,
  and per sheet ``name``, ``values`` (the used range from A1, empty cells as
  ``""``, dates as ISO strings), ``tables`` (addresses of range, header and
  body), ``notes`` (addresses), ``visibility``, ``pictures``/``shapes``/
  ``charts`` (empty here), ``show_gridlines``, ``used_range_address``;
* :func:`apply_actions` replays the actions the adapter emits, the way Excel
  would take them: a string value starting with ``'`` is text (the apostrophe
  is dropped and the cell gets the quote prefix), an unprefixed ``=...``
  becomes a formula, number- and boolean-looking text becomes a number or a
  boolean. An action it does not know raises, so a test fails loudly.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from pathlib import Path
from typing import Any

import xlwings
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.hyperlink import Hyperlink

OFFICE_JS = "Office.js"
VBA_CLIENT = "VBA"


class UnknownAction(AssertionError):
    pass


def ensure_remote_engine() -> None:
    """Register xlwings' remote engine if the license key was set only after xlwings was imported.

    xlwings checks ``XLWINGS_LICENSE_KEY`` once, when it is imported; a test sets it with monkeypatch, by
    which time another test module may have imported xlwings without it.
    """
    if "remote" in [engine.name for engine in xlwings.engines]:
        return
    from xlwings.pro import _xlofficejs, _xlremote  # raises LicenseError without a key

    xlwings.engines.add(xlwings.main.Engine(impl=_xlremote.engine))
    xlwings.engines.add(xlwings.main.Engine(impl=_xlofficejs.engine))
    xlwings.__pro__ = True


# --- payload -------------------------------------------------------------------------------

def _json_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.time):
        return value.isoformat()
    return value


def _strip(address: str) -> str:
    return address.replace("$", "")


def _table_api(ws, table) -> dict:
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    headers = (table.headerRowCount or 0) != 0 if table.headerRowCount is not None else True
    totals = bool(table.totalsRowCount)
    body_top = min_row + (1 if headers else 0)
    body_bottom = max_row - (1 if totals else 0)
    letter1, letter2 = get_column_letter(min_col), get_column_letter(max_col)
    return {
        "name": table.displayName or table.name,
        "range_address": _strip(table.ref),
        "header_row_range_address": f"{letter1}{min_row}:{letter2}{min_row}" if headers else None,
        "data_body_range_address": f"{letter1}{body_top}:{letter2}{max(body_bottom, body_top)}",
        "total_row_range_address": f"{letter1}{max_row}:{letter2}{max_row}" if totals else None,
        "show_headers": headers,
        "show_totals": totals,
        "table_style": table.tableStyleInfo.name if table.tableStyleInfo is not None else None,
        "show_autofilter": table.autoFilter is not None,
    }


def _used_extent(ws) -> tuple[int, int]:
    """(rows, cols) from A1 to the last cell holding a value (styles alone do not count)."""
    last_row = last_col = 0
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is not None:
                last_row, last_col = max(last_row, cell.row), max(last_col, cell.column)
    for table in ws.tables.values():
        c1, r1, c2, r2 = range_boundaries(table.ref)
        last_row, last_col = max(last_row, r2), max(last_col, c2)
    return last_row, last_col


def payload_from_file(path: str | Path, *, client: str = OFFICE_JS) -> dict:
    """The JSON payload an xlwings client would send for the workbook at ``path``."""
    path = Path(path)
    wb = load_workbook(path, data_only=True)
    sheets = []
    for ws in wb.worksheets:
        n_rows, n_cols = _used_extent(ws)
        if n_rows and n_cols:
            values = [[_json_value(ws.cell(row=r, column=col).value) for col in range(1, n_cols + 1)]
                      for r in range(1, n_rows + 1)]
            used = f"A1:{get_column_letter(n_cols)}{n_rows}"
        else:
            values, used = [[""]], None
        notes = [{"address": cell.coordinate} for row in ws.iter_rows() for cell in row if cell.comment is not None]
        state = {"visible": "Visible", "hidden": "Hidden", "veryHidden": "VeryHidden"}[ws.sheet_state]
        api = {
            "name": ws.title,
            "values": values,
            "used_range_address": used,
            "visibility": state,
            "pictures": [],
            "shapes": [],
            "charts": [],
            "tables": [_table_api(ws, t) for t in ws.tables.values()],
            "print_area": None,
        }
        if client == OFFICE_JS:
            api.update({"notes": notes, "notes_supported": True, "show_gridlines": bool(ws.sheet_view.showGridLines),
                        "pivot_tables": []})
        sheets.append(api)
    names = []
    for name, defined in wb.defined_names.items():
        destinations = list(defined.destinations)
        if name.startswith("_xlnm") or len(destinations) != 1 or destinations[0][0] not in wb.sheetnames:
            continue
        sheet_name, address = destinations[0]
        names.append({"name": name, "sheet_index": wb.sheetnames.index(sheet_name), "address": _strip(address),
                      "scope_sheet_name": None, "scope_sheet_index": None, "book_scope": True})
    return {
        "client": client,
        "version": xlwings.__version__,
        "book": {"name": path.name, "active_sheet_index": wb.index(wb.active) if wb.active else 0,
                 "selection": "A1"},
        "names": names,
        "sheets": sheets,
    }


# --- actions -------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}$")
_NUMBER = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")


def excel_takes(value: Any) -> tuple[Any, bool]:
    """What Excel stores when a client sets this value: (value, quote prefix)."""
    if isinstance(value, str):
        if value.startswith("'"):
            return value[1:], True
        if value == "":
            return None, False
        if value.startswith("="):
            return value, False  # a formula: what the adapter must never let happen to user text
        if _ISO_DATETIME.match(value):
            return dt.datetime.fromisoformat(value.replace(" ", "T")), False
        if _ISO_DATE.match(value):
            return dt.datetime.fromisoformat(value), False
        if _NUMBER.match(value):
            number = float(value)
            return (int(number) if number.is_integer() and "." not in value and "e" not in value.lower()
                    else number), False
        if value.strip().upper() in ("TRUE", "FALSE"):
            return value.strip().upper() == "TRUE", False
    return value, False


def _cells(ws, action):
    r0, c0 = action["start_row"] + 1, action["start_column"] + 1
    for r in range(r0, r0 + action["row_count"]):
        for col in range(c0, c0 + action["column_count"]):
            yield ws.cell(row=r, column=col)


def _set_value(cell, value: Any) -> None:
    stored, quoted = excel_takes(value)
    cell.value = stored
    if isinstance(stored, str) and not (not quoted and stored.startswith("=")):
        cell.data_type = "s"
    if quoted:
        cell.quotePrefix = True


def _clear_cell(cell, contents=True, formats=True) -> None:
    if contents:
        cell.value = None
    if formats:
        cell.style = "Normal"
        cell.hyperlink = None
        cell.comment = None


def _font(cell, **changes) -> None:
    font = copy.copy(cell.font)
    for key, value in changes.items():
        setattr(font, key, value)
    cell.font = font


class _Applier:
    def __init__(self, wb):
        self.wb = wb

    def ws(self, action):
        return self.wb.worksheets[action["sheet_position"]]

    def apply(self, action: dict) -> None:
        handler = getattr(self, "do_" + str(action.get("func")), None)
        if handler is None:
            raise UnknownAction(f"the test applier does not know the xlwings action {action.get('func')!r}: {action}")
        handler(action)

    # tables
    def do_resizeTable(self, a):
        """Table.resize on the remote engine: [index of the table on its sheet, new address]."""
        ws = self.ws(a)
        index, address = a["args"]
        table = list(ws.tables.values())[index]
        table.ref = address.replace("$", "")
        if table.autoFilter is not None:
            table.autoFilter.ref = table.ref

    # values
    def do_setValues(self, a):
        ws = self.ws(a)
        r0, c0 = a["start_row"] + 1, a["start_column"] + 1
        assert len(a["values"]) == a["row_count"], a
        for i, row in enumerate(a["values"]):
            assert len(row) == a["column_count"], a
            for j, value in enumerate(row):
                _set_value(ws.cell(row=r0 + i, column=c0 + j), value)

    def do_rangeClearContents(self, a):
        for cell in _cells(self.ws(a), a):
            _clear_cell(cell, formats=False)

    def do_rangeClear(self, a):
        for cell in _cells(self.ws(a), a):
            _clear_cell(cell)

    def do_rangeClearFormats(self, a):
        for cell in _cells(self.ws(a), a):
            _clear_cell(cell, contents=False)

    # sheets
    def do_addSheet(self, a):
        index, name = a["args"]
        if name.casefold() in [ws.title.casefold() for ws in self.wb.worksheets]:
            raise AssertionError(f"Excel refuses a second sheet {name!r} (sheet names ignore case)")
        self.wb.create_sheet(name, index)

    def do_sheetDelete(self, a):
        self.wb.remove(self.ws(a))

    def do_sheetClear(self, a):
        ws = self.ws(a)
        for row in ws.iter_rows():
            for cell in row:
                _clear_cell(cell)

    def do_sheetClearContents(self, a):
        ws = self.ws(a)
        for row in ws.iter_rows():
            for cell in row:
                _clear_cell(cell, formats=False)

    def do_setSheetName(self, a):
        ws, name = self.ws(a), a["args"][0]
        others = [other.title.casefold() for other in self.wb.worksheets if other is not ws]
        if name.casefold() in others:
            raise AssertionError(f"Excel refuses the sheet name {name!r}: another sheet has it (names ignore case)")
        ws.title = f"tijdelijk{id(ws)}"  # openpyxl counts the sheet's own old name as taken
        ws.title = name

    def do_setSheetVisibility(self, a):
        self.ws(a).sheet_state = {"Visible": "visible", "Hidden": "hidden", "VeryHidden": "veryHidden"}[a["args"][0]]

    def do_activateSheet(self, a):
        index = int(a["args"][0])
        self.wb.active = index
        for i, ws in enumerate(self.wb.worksheets):
            ws.sheet_view.tabSelected = i == index

    def do_freezePaneAtRange(self, a):
        ws = self.ws(a)
        target = a["args"][0]
        if re.fullmatch(r"\d+:\d+", target):
            ws.freeze_panes = f"A{int(target.split(':')[1]) + 1}"
        elif re.fullmatch(r"[A-Z]+:[A-Z]+", target):
            ws.freeze_panes = f"{get_column_letter(_col(target.split(':')[1]) + 1)}1"
        else:
            c1, r1, c2, r2 = range_boundaries(target)
            ws.freeze_panes = f"{get_column_letter(c2 + 1)}{r2 + 1}"

    def do_freezePaneUnfreeze(self, a):
        self.ws(a).freeze_panes = None

    # formats
    def do_setRangeColor(self, a):
        color = a["args"][0]
        for cell in _cells(self.ws(a), a):
            cell.fill = PatternFill("solid", fgColor=color.lstrip("#").upper()) if color else PatternFill(fill_type=None)

    def do_setFontProperty(self, a):
        prop, value = a["args"]
        if prop == "color":
            value = value.lstrip("#").upper()
        key = {"bold": "b", "italic": "i", "size": "sz", "color": "color", "name": "name"}[prop]
        for cell in _cells(self.ws(a), a):
            _font(cell, **{key: value})

    def do_setWrapText(self, a):
        for cell in _cells(self.ws(a), a):
            alignment = copy.copy(cell.alignment)
            alignment.wrap_text = bool(a["args"][0])
            cell.alignment = alignment

    def do_setNumberFormat(self, a):
        for cell in _cells(self.ws(a), a):
            cell.number_format = a["args"][0]

    def do_setColumnWidth(self, a):
        ws = self.ws(a)
        points = float(a["args"][0])
        chars = round((points / 0.75 - 5) / 7, 2)
        for col in range(a["start_column"] + 1, a["start_column"] + a["column_count"] + 1):
            ws.column_dimensions[get_column_letter(col)].width = chars

    def do_setRowHeight(self, a):
        ws = self.ws(a)
        for row in range(a["start_row"] + 1, a["start_row"] + a["row_count"] + 1):
            ws.row_dimensions[row].height = float(a["args"][0])

    def do_addHyperlink(self, a):
        address, text, tip = a["args"]
        for cell in _cells(self.ws(a), a):
            if address.startswith("#"):
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=address[1:], display=text, tooltip=tip)
            else:
                cell.hyperlink = Hyperlink(ref=cell.coordinate, target=address, display=text, tooltip=tip)
            cell.value = text
            cell.data_type = "s"

    # notes
    def do_addNote(self, a):
        address, text = a["args"]
        ws = self.ws(a)
        ws[_single(address)].comment = Comment(text, "Excel user")

    def do_deleteNote(self, a):
        self.ws(a)[_single(a["args"][0])].comment = None


def _col(letters: str) -> int:
    return range_boundaries(letters + "1")[0]


def _single(address: str) -> str:
    return address.replace("$", "").split(":")[0]


def apply_actions(path_in: str | Path, actions: list[dict] | dict, path_out: str | Path) -> Path:
    """Replay ``actions`` (a list, or ``book.json()``) onto a copy of ``path_in`` written to ``path_out``."""
    path_in, path_out = Path(path_in), Path(path_out)
    if isinstance(actions, dict):
        actions = actions["actions"]
    keep_vba = path_in.suffix.lower() == ".xlsm"
    wb = load_workbook(path_in, keep_vba=keep_vba)
    applier = _Applier(wb)
    for action in actions:
        applier.apply(action)
    wb.save(path_out)
    if keep_vba:
        from mvo_xl.xlsm import restore_custom_ui

        restore_custom_ui(path_in, path_out)
    return path_out
