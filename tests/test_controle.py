"""The Controle sheet and the marks on offending cells, written into a real workbook and read back."""

from __future__ import annotations

import datetime as dt

import openpyxl
from openpyxl.styles import PatternFill

from mvo_xl import palette
from mvo_xl.io.reader import read_workbook
from mvo_xl.io.writer import MARKS_SHEET, edit_file
from mvo_xl.steps.validate import HEADERS, validate
from tests.builders import MOB, TODAY, clean_content, write_workbook

USER_FILL = "00B050"


def fill(cell) -> str:
    return str(cell.fill.fgColor.rgb)[-6:].upper() if cell.fill.fill_type == "solid" else ""


def header_row(ws) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == HEADERS[0])


def check(src, dest, today=TODAY):
    result = validate(read_workbook(src), today=today)
    edit_file(src, dest, result.edits)
    return result


def test_controle_sheet_summary_and_links(tmp_path):
    content = clean_content()
    content["objectives"][0]["Middelen"] = ""  # MVO013 at J2 (mobility)
    content["objectives"][2]["Deadline"] = 2020  # MVO014 at G4 (energy)
    src = write_workbook(tmp_path / "in.xlsx", content)
    result = check(src, tmp_path / "uit.xlsx")
    assert [f.code for f in result.findings] == ["MVO014", "MVO013"] and not result.valid

    ws = openpyxl.load_workbook(tmp_path / "uit.xlsx")["Controle"]
    head = header_row(ws)
    assert [ws.cell(head, c).value for c in range(1, 7)] == list(HEADERS)
    assert ws.auto_filter.ref.startswith(f"A{head}:F") and ws.freeze_panes == f"A{head + 1}"
    first = [ws.cell(head + 1, c).value for c in range(1, 7)]
    assert first[:5] == ["MVO014", "Fout", "Doelstellingen", "G4", "Deadline"] and "2020" in first[5]
    link = ws.cell(head + 1, 4).hyperlink
    assert link.location == "'Doelstellingen'!G4"
    summary = {ws.cell(r, 1).value: [ws.cell(r, c).value for c in range(2, 5)] for r in range(4, head - 1)}
    assert summary[MOB] == [0, 1, 0] and summary["Totaal"] == [1, 1, 0]


def test_marks_written_then_removed_when_fixed_and_user_fill_kept(tmp_path):
    content = clean_content()
    content["objectives"][1]["Middelen"] = ""  # MVO013 at J3
    src = write_workbook(tmp_path / "in.xlsx", content)
    wb = openpyxl.load_workbook(src)
    ws = wb["Doelstellingen"]
    ws["J3"].fill = PatternFill("solid", fgColor=USER_FILL)  # the user's own colour on the cell we mark
    ws["C2"].fill = PatternFill("solid", fgColor="FFC000")  # and elsewhere
    wb.save(src)

    check(src, tmp_path / "1.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "1.xlsx")
    ws = wb["Doelstellingen"]
    assert fill(ws["J3"]) == palette.WAARSCHUWING_FILL.upper()
    assert ws["J3"].comment.author == palette.MARK_AUTHOR and "MVO" not in ws["J3"].comment.text
    assert "geen middelen" in ws["J3"].comment.text
    assert fill(ws["C2"]) == "FFC000" and ws["C2"].comment is None
    assert MARKS_SHEET in wb.sheetnames

    ws["J3"].value = "Personeel en 10.000 euro"  # the user fixes it in the written copy
    wb.save(tmp_path / "1.xlsx")
    result = check(tmp_path / "1.xlsx", tmp_path / "2.xlsx")
    assert not result.findings
    wb = openpyxl.load_workbook(tmp_path / "2.xlsx")
    ws = wb["Doelstellingen"]
    assert fill(ws["J3"]) == USER_FILL and ws["J3"].comment is None
    assert fill(ws["C2"]) == "FFC000"
    assert MARKS_SHEET not in wb.sheetnames


def test_every_finding_with_a_cell_gets_one_mark(tmp_path):
    content = clean_content()
    content["objectives"][0]["Indicator"] = ""
    content["objectives"][0]["Middelen"] = ""
    book = read_workbook(write_workbook(tmp_path / "in.xlsx", content))
    result = validate(book, today=dt.date(2026, 11, 27))
    assert [(m.sheet, m.cell, m.severity) for m in result.edits.marks] == [
        (f.sheet, f.cell, f.severity) for f in result.findings]
    assert {m.cell for m in result.edits.marks} == {"E2", "J2"}


def test_clean_workbook_controle_says_no_findings(tmp_path):
    src = write_workbook(tmp_path / "in.xlsx")
    result = check(src, tmp_path / "uit.xlsx")
    assert result.valid and not result.findings and result.edits.marks == []
    ws = openpyxl.load_workbook(tmp_path / "uit.xlsx")["Controle"]
    assert ws.cell(header_row(ws) + 1, 1).value == "Geen meldingen."
