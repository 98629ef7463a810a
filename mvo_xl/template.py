"""The workbook layout: every sheet and table of the contract, styled and linked.

One builder serves the empty template (``mvo-xl template``), the demo
(``mvo-xl demo``) and the macro-enabled .xlsm (which adds VBA and the ribbon on
top of this layout in :mod:`mvo_xl.xlsm`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from . import contract as c
from . import edits as e
from . import palette
from .cells import col_letter, make_ref
from .io.writer import _print_setup, apply_look, atomic_save, set_value

DV_ROWS = 2000  # dropdowns cover this many rows, so they keep working as tables grow
TABLE_STYLE = "TableStyleMedium2"

_OUTPUT_PLACEHOLDERS = {
    c.SHEET_GROUPS: "Dit blad wordt opgebouwd door de knop 'Groepeer droombeelden' (of mvo-xl group).",
    c.SHEET_PLAN: "Dit blad wordt opgebouwd door de knop 'Maak actieplan' (of mvo-xl plan).",
    c.SHEET_DASHBOARD: "Dit blad wordt opgebouwd door de knop 'Maak actieplan' (of mvo-xl plan).",
    c.SHEET_CHECK: "Dit blad wordt opgebouwd door de knop 'Controleer' (of mvo-xl validate).",
}

# Dropdowns: (table key, header) -> list source: literal choices or (source table key, source header).
_DROPDOWNS: dict[tuple[str, str], Any] = {
    ("participants", "Rol"): c.ROLES,
    ("objectives", "Gekozen"): (c.YES, c.NO),
    ("wishes", "Thema"): ("themes", "Thema"),
    ("objectives", "Thema"): ("themes", "Thema"),
    ("votes", "Thema"): ("themes", "Thema"),
    ("wishes", "Ingediend door"): ("participants", "Naam"),
    ("votes", "Deelnemer"): ("participants", "Naam"),
    ("objectives", "Verantwoordelijke dienst"): ("participants", "Dienst"),
    ("actions", "Trekker"): ("participants", "Dienst"),
    ("actions", "Doelstelling"): ("objectives", "ID"),
    ("votes", "Actie"): ("actions", "ID"),
}
# Sources with repeated values (departments) or free extensions: a hint, not a hard stop.
_SOFT_DROPDOWNS = {("objectives", "Verantwoordelijke dienst"), ("actions", "Trekker"), ("wishes", "Ingediend door")}


def _abs_column(spec: c.TableSpec, header: str) -> str:
    col = col_letter(spec.headers.index(header) + 1)
    sheet = spec.sheet.replace("'", "''")
    return f"'{sheet}'!${col}$2:${col}${DV_ROWS}"


def _add_dropdowns(ws: Worksheet, spec: c.TableSpec) -> None:
    for (key, header), source in _DROPDOWNS.items():
        if key != spec.key:
            continue
        if isinstance(source[0], str) and source[0] in c.TABLES_BY_KEY and len(source) == 2 and source[1] in \
                c.TABLES_BY_KEY[source[0]].headers:
            formula = _abs_column(c.TABLES_BY_KEY[source[0]], source[1])
        else:
            formula = '"' + ",".join(source) + '"'
        soft = (key, header) in _SOFT_DROPDOWNS
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, showErrorMessage=not soft,
                            errorStyle="warning" if soft else "stop",
                            errorTitle="Ongeldige waarde",
                            error=f"Kies een waarde uit de lijst voor '{header}'.",
                            promptTitle=header, prompt=spec.column(header).help[:250], showInputMessage=True)
        col = col_letter(spec.headers.index(header) + 1)
        dv.add(f"{col}2:{col}{DV_ROWS}")
        ws.add_data_validation(dv)


def _input_sheet(wb: Workbook, spec: c.TableSpec, rows: Sequence[Mapping[str, Any]]) -> Worksheet:
    ws = wb.create_sheet(spec.sheet)
    ws.sheet_properties.tabColor = palette.ACCENT
    for col, column in enumerate(spec.columns, start=1):
        cell = ws.cell(row=1, column=col)
        set_value(cell, column.header)
        cell.font = Font(name=palette.FONT, bold=True, color="FFFFFF")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[col_letter(col)].width = column.width
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    for r, record in enumerate(rows, start=2):
        for col, column in enumerate(spec.columns, start=1):
            value = record.get(column.header)
            cell = ws.cell(row=r, column=col)
            set_value(cell, value)
            cell.alignment = wrap if column.width >= 30 else top
    last_row = max(2, len(rows) + 1)
    table = Table(displayName=spec.table, ref=make_ref(1, 1, len(spec.columns), last_row))
    table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 30
    ws.print_title_rows = "1:1"
    _print_setup(ws)
    _add_dropdowns(ws, spec)
    return ws


def _instructions_sheet(wb: Workbook) -> Worksheet:
    from .instructions import instruction_blocks

    ws = wb.create_sheet(c.SHEET_INSTRUCTIONS)
    ws.sheet_properties.tabColor = palette.ACCENT
    ws.column_dimensions["A"].width = 3
    ws.column_dimensions["B"].width = 110
    ws.sheet_view.showGridLines = False
    looks = {"title": e.STYLE_TITLE, "section": e.STYLE_SECTION, "text": e.STYLE_WRAP, "bullet": e.STYLE_WRAP}
    for r, (kind, text) in enumerate(instruction_blocks(), start=1):
        cell = ws.cell(row=r, column=2)
        set_value(cell, ("• " + text) if kind == "bullet" else text)
        apply_look(cell, looks.get(kind, e.STYLE_WRAP))
        if kind == "bullet":
            cell.alignment = Alignment(wrap_text=True, vertical="top", indent=1)
        if kind in ("text", "bullet") and len(text) > 110:
            ws.row_dimensions[r].height = 15 * (len(text) // 105 + 1)
    _print_setup(ws, landscape=False)
    return ws


def _output_sheet(wb: Workbook, name: str) -> Worksheet:
    ws = wb.create_sheet(name)
    ws.sheet_properties.tabColor = palette.OUTPUT_TAB
    cell = ws.cell(row=1, column=1)
    set_value(cell, name)
    apply_look(cell, e.STYLE_TITLE)
    cell = ws.cell(row=2, column=1)
    set_value(cell, _OUTPUT_PLACEHOLDERS[name])
    apply_look(cell, e.STYLE_SUBTITLE)
    ws.column_dimensions["A"].width = 18
    _print_setup(ws)
    return ws


def _settings_rows() -> list[dict[str, Any]]:
    return [{"Instelling": s.name, "Waarde": s.default, "Uitleg": s.help} for s in c.SETTINGS_DECLARED]


def build_layout(content: Mapping[str, Sequence[Mapping[str, Any]]] | None = None) -> Workbook:
    """The workbook with every sheet of the contract; ``content`` fills tables (key -> rows by header)."""
    content = content or {}
    wb = Workbook()
    wb.remove(wb.active)
    for name in c.SHEET_ORDER:
        if name == c.SHEET_INSTRUCTIONS:
            _instructions_sheet(wb)
        elif name in c.OUTPUT_SHEETS:
            _output_sheet(wb, name)
        else:
            spec = next(t for t in c.ALL_TABLES if t.sheet == name)
            rows = content.get(spec.key)
            if rows is None and spec.key == c.SETTINGS.key:
                rows = _settings_rows()
            _input_sheet(wb, spec, rows or [])
    wb.active = 0
    wb.properties.title = "MVO-traject: doelstellingen en acties"
    wb.properties.creator = "mvo-xl"
    return wb


def write_template(out: str | Path, *, standalone: bool = False, interpreter: str | None = None) -> Path:
    """``.xlsx``: the macro-free workbook; ``.xlsm``: the same layout with VBA and the MVO ribbon."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".xlsx", ".xlsm"):
        raise ValueError(out.suffix)
    wb = build_layout()
    if suffix == ".xlsx":
        return atomic_save(wb, out)
    import io

    from .xlsm import build_xlsm

    buffer = io.BytesIO()
    wb.save(buffer)
    return build_xlsm(buffer.getvalue(), out, standalone=standalone, interpreter=interpreter)
