"""The workbook layout: every sheet and table of the contract, styled and linked.

One builder serves the empty template (``mvo-xl template``), the demo
(``mvo-xl demo``) and the macro-enabled .xlsm (which adds VBA and the ribbon on
top of this layout in :mod:`mvo_xl.xlsm`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from . import contract as c
from . import edits as e
from . import palette
from .cells import col_letter, make_ref
from .io.writer import _print_setup, apply_look, atomic_save, fit_rows, set_value

DV_ROWS = 2000  # dropdowns cover this many rows, so they keep working as tables grow
TABLE_STYLE = "TableStyleMedium2"
PORTRAIT_WIDTH = 140  # tables up to this width print in portrait (more rows a page), wider ones in landscape
LEGEND_WIDTH = 40
INSTRUCTIONS_WIDTH = 110
# A year (2028) and a date both read left-aligned in a Deadline column; a budget in euro.
_LEFT_WRAP = Alignment(wrap_text=True, vertical="top", horizontal="left")
_FORMATS = {"budget": '"€ "#,##0'}
_LEGEND_LOOKS = {"legend_fout": e.STYLE_FOUT, "legend_waarschuwing": e.STYLE_WAARSCHUWING,
                 "legend_info": e.STYLE_INFO}

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
        # Its own fill and font: LibreOffice neither shows nor keeps the table style's colours.
        apply_look(cell, e.STYLE_TOOL_HEADER if column.tool_owned else e.STYLE_HEADER)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[col_letter(col)].width = column.width
    wrap = Alignment(wrap_text=True, vertical="top")
    for r, record in enumerate(rows, start=2):
        for col, column in enumerate(spec.columns, start=1):
            value = record.get(column.header)
            cell = ws.cell(row=r, column=col)
            set_value(cell, value, _FORMATS.get(column.key))
            cell.alignment = _LEFT_WRAP if column.kind == c.DEADLINE else wrap
    last_row = max(2, len(rows) + 1)
    table = Table(displayName=spec.table, ref=make_ref(1, 1, len(spec.columns), last_row))
    table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
    ws.add_table(table)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _print_setup(ws, landscape=sum(col.width for col in spec.columns) > PORTRAIT_WIDTH)
    _add_dropdowns(ws, spec)
    if spec is c.WISHES:
        _similarity_help(ws, spec)
        _legend(ws, len(spec.columns) + 3)
    fit_rows(ws, range(1, ws.max_row + 1))
    ws.row_dimensions[1].height = max(ws.row_dimensions[1].height or 0, 30)
    return ws


def _similarity_help(ws: Worksheet, spec: c.TableSpec) -> None:
    """One line on what 'Gelijkenis' means: a note on its header and a hint when a cell is selected."""
    from .instructions import SIMILARITY_NOTE

    col = col_letter(spec.headers.index("Gelijkenis") + 1)
    note = Comment(SIMILARITY_NOTE, palette.MARK_AUTHOR + " (uitleg)")
    note.width, note.height = 300, 90
    ws[f"{col}1"].comment = note
    dv = DataValidation(allow_blank=True, showInputMessage=True, promptTitle="Gelijkenis",
                        prompt=SIMILARITY_NOTE[:250])
    dv.add(f"{col}2:{col}{DV_ROWS}")
    ws.add_data_validation(dv)


def _legend(ws: Worksheet, col: int) -> None:
    """The tool's colours, beside the table (two free columns between, so the table can grow)."""
    from .instructions import LEGEND, SIMILARITY_NOTE

    letter = col_letter(col)
    ws.column_dimensions[letter].width = LEGEND_WIDTH
    cell = ws.cell(row=1, column=col)
    set_value(cell, "Legende")
    apply_look(cell, e.STYLE_HEADER)
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    for r, (kind, text) in enumerate(LEGEND + (("text", SIMILARITY_NOTE),), start=2):
        cell = ws.cell(row=r, column=col)
        set_value(cell, text)
        apply_look(cell, _LEGEND_LOOKS.get(kind, e.STYLE_WRAP))


def _instructions_sheet(wb: Workbook) -> Worksheet:
    """The method in blocks: a section heading on its own band, a small gap before it, bullets indented."""
    from .instructions import instruction_blocks

    ws = wb.create_sheet(c.SHEET_INSTRUCTIONS)
    ws.sheet_properties.tabColor = palette.ACCENT
    ws.column_dimensions["A"].width = 3
    ws.column_dimensions["B"].width = INSTRUCTIONS_WIDTH
    ws.sheet_view.showGridLines = False
    looks = {"title": e.STYLE_TITLE, "section": e.STYLE_SECTION, "text": e.STYLE_WRAP, "bullet": e.STYLE_WRAP,
             **_LEGEND_LOOKS}
    r = 0
    for kind, text in instruction_blocks():
        r += 1
        if kind == "section":  # a gap before every section: blocks, not a wall of text
            ws.row_dimensions[r].height = 9
            r += 1
        cell = ws.cell(row=r, column=2)
        set_value(cell, ("• " + text) if kind == "bullet" else text)
        apply_look(cell, looks.get(kind, e.STYLE_WRAP))
        if kind == "bullet":
            cell.alignment = Alignment(wrap_text=True, vertical="top", indent=2)
    fit_rows(ws, range(1, r + 1))
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
    fit_rows(ws, (1, 2))
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
