"""What a workbook holds, as comparable plain data (bytes differ by timestamps; content must not)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook


def fingerprint(path: Path) -> dict:
    wb = load_workbook(path, keep_vba=str(path).lower().endswith(".xlsm"))
    facts = {"sheets": wb.sheetnames, "states": [ws.sheet_state for ws in wb.worksheets]}
    for ws in wb.worksheets:
        facts[ws.title] = {
            "cells": [[(c.value, c.data_type) for c in row] for row in ws.iter_rows()],
            "tables": sorted(ws.tables.items()),
            "validations": sorted((str(dv.sqref), dv.formula1 or "") for dv in ws.data_validations.dataValidation),
            "widths": sorted((k, round(v.width or 0, 2)) for k, v in ws.column_dimensions.items()),
            "freeze": ws.freeze_panes,
            "print": (ws.page_setup.orientation, ws.page_setup.fitToWidth, ws.print_title_rows),
        }
    return facts


def all_cells(path: Path):
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield ws.title, cell
