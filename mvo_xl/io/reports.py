"""The coordinator's report of a batch run: .xlsx (filterable), .json (the --json shape) or .csv.

Every format is written atomically (a temp file next to the target, then a
rename). Text from submissions is untrusted: in .xlsx it goes through
:func:`~mvo_xl.io.writer.set_value` (never a formula), in .csv through
:func:`~mvo_xl.edits.defuse_for_csv` (OWASP CSV injection).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Sequence

from openpyxl import Workbook
from openpyxl.worksheet.table import Table, TableStyleInfo

from .. import edits as e
from ..batch import FileReport, report_data
from ..catalogue import FOUT, INFO, SEVERITIES, SEVERITY_LABELS, WAARSCHUWING
from ..cells import col_letter, make_ref
from ..edits import defuse_for_csv
from .writer import apply_look, atomic_save, atomic_write_bytes, set_value

FORMATS = (".xlsx", ".json", ".csv")
COLUMNS = ("Bestand", "Code", "Ernst", "Tabblad", "Rij", "Kolom", "Cel", "Melding")
_WIDTHS = (34, 9, 14, 16, 7, 22, 8, 100)
OVERVIEW = "Overzicht"
OVERVIEW_COLUMNS = ("Bestand", "Geldig", "Fouten", "Waarschuwingen", "Info", "Seconden")
_OVERVIEW_WIDTHS = (50, 9, 9, 15, 9, 10)
SEVERITY_SHEETS = {FOUT: "Fouten", WAARSCHUWING: "Waarschuwingen", INFO: "Info"}
_STYLES = {FOUT: e.STYLE_FOUT, WAARSCHUWING: e.STYLE_WAARSCHUWING, INFO: e.STYLE_INFO}


def write_report(path: str | Path, reports: Sequence[FileReport], seconds: float) -> Path:
    """Write the report in the format its extension names; ValueError for another extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        text = json.dumps(report_data(reports, seconds), ensure_ascii=False, indent=2) + "\n"
        return atomic_write_bytes(text.encode("utf-8"), path)
    if suffix == ".csv":
        return atomic_write_bytes(csv_bytes(reports), path)
    if suffix == ".xlsx":
        return atomic_save(report_workbook(reports), path)
    raise ValueError(f"unknown report format: {path.suffix}")


def finding_rows(reports: Sequence[FileReport], severity: str | None = None) -> list[list]:
    return [
        [r.path, f.code, SEVERITY_LABELS[f.severity], f.sheet, f.row, f.column, f.cell, f.message]
        for r in reports for f in r.findings if severity in (None, f.severity)
    ]


def csv_bytes(reports: Sequence[FileReport]) -> bytes:
    """UTF-8 with BOM and ';' as separator: a double click opens it right in Excel with Dutch settings."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in finding_rows(reports):
        writer.writerow(["" if v is None else defuse_for_csv(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def report_workbook(reports: Sequence[FileReport]) -> Workbook:
    """Overzicht per file, then all findings in one filterable table, then one sheet per severity."""
    wb = Workbook()
    overview = wb.active
    overview.title = OVERVIEW
    rows = []
    for r in reports:
        counts = {s: sum(f.severity == s for f in r.findings) for s in SEVERITIES}
        rows.append([r.path, "Ja" if r.valid else "Nee", counts[FOUT], counts[WAARSCHUWING], counts[INFO],
                     r.seconds])
    _table_sheet(overview, "tblOverzicht", OVERVIEW_COLUMNS, rows, _OVERVIEW_WIDTHS)
    _table_sheet(wb.create_sheet("Meldingen"), "tblMeldingen", COLUMNS, finding_rows(reports), _WIDTHS)
    for severity, title in SEVERITY_SHEETS.items():
        ws = wb.create_sheet(title)
        _table_sheet(ws, "tbl" + title, COLUMNS, finding_rows(reports, severity), _WIDTHS, _STYLES[severity])
    return wb


def _table_sheet(ws, name: str, headers: Sequence[str], rows: list[list], widths: Sequence[float],
                 severity_style: str | None = None) -> None:
    """A real Excel table (filter buttons, banding) over the rows; an empty sheet keeps its header."""
    for col, header in enumerate(headers, start=1):
        set_value(ws.cell(row=1, column=col), header)
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values, start=1):
            set_value(ws.cell(row=r, column=col), value)
    for col, width in enumerate(widths, start=1):
        ws.column_dimensions[col_letter(col)].width = width
    ws.freeze_panes = "A2"
    ref = make_ref(1, 1, len(headers), max(2, len(rows) + 1))
    table = Table(displayName=name, ref=ref)
    table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
    ws.add_table(table)
    if severity_style:
        for row in ws.iter_rows(min_row=2, max_row=len(rows) + 1, min_col=3, max_col=3):
            for cell in row:
                apply_look(cell, severity_style)
