"""Reading real workbooks into the model: headers by name, values as users type them."""

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.table import Table

from mvo_xl import contract as c
from mvo_xl.cells import make_ref
from mvo_xl.io.reader import read_workbook
from mvo_xl.model import NotAnMvoWorkbook, require_readable
from tests.builders import clean_content, write_workbook


def write_tables(path: Path, tables: dict[c.TableSpec, tuple[list[str], list[list]]], origin=(1, 1)) -> Path:
    """A workbook with only the given tables, headers in the given order, at the given top-left cell."""
    wb = Workbook()
    wb.remove(wb.active)
    for spec in c.INPUT_TABLES:
        ws = wb.create_sheet(spec.sheet)
        headers, rows = tables.get(spec, (list(spec.headers), []))
        row0, col0 = origin
        for j, h in enumerate(headers):
            ws.cell(row=row0, column=col0 + j, value=h)
        for i, values in enumerate(rows, start=1):
            for j, v in enumerate(values):
                ws.cell(row=row0 + i, column=col0 + j, value=v)
        last = row0 + max(1, len(rows))
        ws.add_table(Table(displayName=spec.table, ref=make_ref(col0, row0, col0 + len(headers) - 1, last)))
    wb.save(path)
    return path


def test_clean_workbook_round_trip(tmp_path):
    book = read_workbook(write_workbook(tmp_path / "clean.xlsx"))
    assert book.readable, book.problems
    content = clean_content()
    assert [t.name for t in book.themes] == [t["Thema"] for t in content["themes"]]
    assert len(book.wishes) == len(content["wishes"])
    assert book.wishes[0].row == 2 and book.wishes[0].id == "DB-001"
    assert book.cell("wishes", 2, "Droombeeld") == "C2"
    d3 = book.objectives_by_id()["D-03"]
    assert d3.involved == ["Technische dienst", "Financiën", "Mobiliteit"]
    assert d3.deadline.end == dt.date(2030, 6, 30)
    assert [o.chosen for o in book.objectives] == [True, True, True, False]
    assert book.actions_by_id()["A-02"].budget == 200000
    assert book.synonyms[0].term == "velo"
    assert book.settings.threshold == c.DEFAULT_THRESHOLD and book.settings.horizon == 2031


def test_reordered_and_extra_columns_and_offset_table(tmp_path):
    headers = ["Opmerking", "Droombeeld", "Groep (handmatig)", "Thema", "ID", "Ingediend door"]
    rows = [["eigen notitie", "Meer fietsenstallingen", "X-1", "Mobiliteit", "DB-009", "An"]]
    path = write_tables(tmp_path / "r.xlsx", {c.WISHES: (headers, rows)}, origin=(3, 2))
    book = read_workbook(path)
    assert book.readable, book.problems
    wish = book.wishes[0]
    assert (wish.id, wish.theme, wish.text, wish.author, wish.manual_group) == (
        "DB-009", "Mobiliteit", "Meer fietsenstallingen", "An", "X-1")
    assert wish.effective_group == "X-1"
    assert wish.extra == {"Opmerking": "eigen notitie"}
    assert wish.row == 4
    # Droombeeld is the 2nd header of a table starting in column B
    assert book.cell("wishes", 4, "Droombeeld") == "C4"


def test_empty_rows_inside_a_table_are_skipped(tmp_path):
    rows = [["Thema A", "", "", ""], [None, None, None, None], ["  ", "", "", ""], ["Thema B", "x", "", ""]]
    path = write_tables(tmp_path / "e.xlsx", {c.THEMES: (list(c.THEMES.headers), rows)})
    book = read_workbook(path)
    assert [(t.name, t.row) for t in book.themes] == [("Thema A", 2), ("Thema B", 5)]


def test_deadline_and_choice_forms_from_real_cells(tmp_path):
    headers = list(c.OBJECTIVES.headers)
    base = dict.fromkeys(headers, "")
    forms = [dt.date(2028, 5, 1), 2029, "Q3 2027", "2030", "eind 2028", "31/12/2027", "onbekend"]
    chosen = ["Ja", "nee", "JA", " ja ", "NEE", "j", "misschien"]
    rows = []
    for i, (deadline, pick) in enumerate(zip(forms, chosen), start=1):
        row = dict(base, ID=f"D-{i:02d}", Thema="T", Doelstelling="Iets", Deadline=deadline, Gekozen=pick)
        rows.append([row[h] for h in headers])
    book = read_workbook(write_tables(tmp_path / "d.xlsx", {c.OBJECTIVES: (headers, rows)}))
    labels = [o.deadline.label if o.deadline else None for o in book.objectives]
    assert labels == ["01/05/2028", "2029", "Q3 2027", "2030", "2028", "31/12/2027", None]
    assert [o.chosen for o in book.objectives] == [True, False, True, True, False, True, None]
    assert book.objectives[-1].chosen_raw == "misschien"


def test_missing_sheet_and_table_are_named(tmp_path):
    wb = Workbook()
    wb.active.title = "Blad1"
    wb.create_sheet("Droombeelden")  # the sheet is there, its table is not
    wb.save(tmp_path / "m.xlsx")
    book = read_workbook(tmp_path / "m.xlsx")
    assert not book.readable
    messages = {f.message for f in book.problems}
    assert all(f.code == "MVO040" for f in book.problems)
    assert any("tblDroombeelden" in m and "Droombeelden" in m for m in messages)
    assert any("Thema's" in m and "ontbreekt" in m for m in messages)
    with pytest.raises(NotAnMvoWorkbook) as exc:
        require_readable(book)
    assert "Deelnemers" in str(exc.value)


def test_missing_required_column_is_named(tmp_path):
    headers = ["ID", "Thema", "Ingediend door"]  # no Droombeeld
    book = read_workbook(write_tables(tmp_path / "c.xlsx", {c.WISHES: (headers, [["DB-001", "T", "An"]])}))
    problem = next(f for f in book.problems if f.column == "Droombeeld")
    assert problem.sheet == "Droombeelden" and "Droombeeld" in problem.message and problem.code == "MVO040"


def test_tables_as_dataframes_for_own_analyses(tmp_path):
    book = read_workbook(write_workbook(tmp_path / "clean.xlsx"))
    objectives = book.frame("objectives")
    assert list(objectives.columns[:4]) == ["row", "ID", "Thema", "Doelstelling"]
    assert objectives.loc[objectives["ID"] == "D-03", "Betrokken diensten"].item() == \
        "Technische dienst; Financiën; Mobiliteit"
    assert objectives["Gekozen"].tolist() == [True, True, True, False]
    assert book.frame("votes").groupby("Actie").size()["A-01"] == 3
