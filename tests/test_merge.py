"""Merging submitted workbooks into the master: the pure plan, the writer and the command, on real files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.table import Table

from mvo_xl import contract as c
from mvo_xl.cells import make_ref
from mvo_xl.cli import main
from mvo_xl.io.merge_writer import write_merge
from mvo_xl.io.reader import read_workbook
from mvo_xl.io.writer import _table_column, atomic_save, load_for_edit
from mvo_xl.merge import plan_merge
from mvo_xl.template import build_layout
from tests.builders import ENE, MOB, clean_content, variant, write_workbook

EMPTY = {key: [] for key in ("themes", "participants", "wishes", "objectives", "actions", "votes")}


def empty_master(path: Path) -> Path:
    return atomic_save(build_layout(), path)


def wish(id_: str, theme: str, text: str, author: str) -> dict:
    return {"ID": id_, "Thema": theme, "Droombeeld": text, "Ingediend door": author}


def submission(path: Path, **tables) -> Path:
    """A submission holding only the given tables' rows (the rest empty), written as a real workbook."""
    return write_workbook(path, {**EMPTY, **tables})


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def merged(master: Path, *subs: Path):
    return plan_merge(read_workbook(master), [read_workbook(s) for s in subs])


# --- the plan ----------------------------------------------------------------------------------------

def test_id_clashes_get_new_unique_ids(tmp_path):
    master = write_workbook(tmp_path / "master.xlsx")  # DB-001..DB-007
    sub = submission(tmp_path / "a.xlsx", wishes=[
        wish("DB-001", MOB, "Een autovrije schoolstraat", "Dirk Maes"),  # clashes with the master
        wish("DB-050", MOB, "Deelfietsen aan het station", "Dirk Maes"),  # free: kept
        wish("", ENE, "Warmtepompen in de scholen", "Carla Smets"),  # empty: a new one
        wish("DB-050", ENE, "Groene stroom voor alle gebouwen", "Carla Smets"),  # clashes with an earlier row
    ])
    plan = merged(master, sub)
    ids = [r["ID"] for r in plan.rows["wishes"]]
    assert ids == ["DB-051", "DB-050", "DB-052", "DB-053"]
    master_ids = {w.id for w in read_workbook(master).wishes}
    assert not master_ids & set(ids)
    assert all(r[c.SOURCE_COLUMN] == "a.xlsx" for r in plan.rows["wishes"])
    assert plan.clean


def test_participant_with_another_department_is_a_finding(tmp_path):
    master = write_workbook(tmp_path / "master.xlsx")
    sub = submission(tmp_path / "a.xlsx", participants=[
        {"Naam": "an peeters", "Dienst": "Cultuur", "Rol": "Kopgroep"},  # the master says Mobiliteit
        {"Naam": "Bert  Claes", "Dienst": "technische dienst", "Rol": "Kopgroep"},  # same after normalising
        {"Naam": "Fien Janssens", "Dienst": "Cultuur", "Rol": "Deelnemer"},
    ])
    plan = merged(master, sub)
    assert [r["Naam"] for r in plan.rows["participants"]] == ["Fien Janssens"]
    summary = plan.files[0]
    assert summary.skipped == {"participants": 1}
    (finding,) = plan.findings
    assert (finding.code, finding.file, finding.sheet, finding.cell) == ("MVO031", "a.xlsx", "Deelnemers", "B2")
    assert "Cultuur" in finding.message and "Mobiliteit" in finding.message
    assert not plan.clean


def test_unknown_themes_are_added_and_reported(tmp_path):
    master = write_workbook(tmp_path / "master.xlsx")
    sub = submission(tmp_path / "a.xlsx",
                     themes=[{"Thema": "duurzame MOBILITEIT"}, {"Thema": "Biodiversiteit", "SDG": "15"}],
                     wishes=[wish("", "duurzame mobiliteit", "Trage wegen herwaarderen", "Dirk Maes"),
                             wish("", "Biodiversiteit", "Bloemenweides in elk park", "Dirk Maes")])
    plan = merged(master, sub)
    assert plan.rows["themes"] == [{"Thema": "Biodiversiteit", "Omschrijving": None, "SDG": "15", "Trekker": None}]
    assert plan.files[0].notes == ["nieuw thema 'Biodiversiteit' toegevoegd"]
    assert [r["Thema"] for r in plan.rows["wishes"]] == [MOB, "Biodiversiteit"]  # the master's spelling
    assert plan.clean


def test_duplicate_rows_within_one_submission_are_skipped(tmp_path):
    master = write_workbook(tmp_path / "master.xlsx")
    sub = submission(tmp_path / "a.xlsx", wishes=[
        wish("", MOB, "Een  autovrije schoolstraat ", "Dirk Maes"),
        wish("", MOB, "een autovrije schoolstraat", "dirk maes"),  # same after normalisation
        wish("", MOB, "Een autovrije schoolstraat", "Carla Smets"),  # another author: another wish
        wish("DB-001", MOB, "Veilige fietspaden naar elke school", "An Peeters"),  # already in the master
    ], votes=[{"Deelnemer": "Fien Janssens", "Thema": MOB, "Actie": "A-09"}] * 2)  # no ballot in the master yet
    plan = merged(master, sub)
    assert len(plan.rows["wishes"]) == 2 and len(plan.rows["votes"]) == 1
    assert plan.files[0].skipped == {"wishes": 2, "votes": 1}


def test_objectives_and_actions_merge_by_id_and_conflicts_are_reported(tmp_path):
    master = write_workbook(tmp_path / "master.xlsx")
    content = clean_content()
    objectives = content["objectives"]
    objectives[0]["Streefwaarde"] = "90%"  # D-01 with other content: a conflict
    objectives.append({"ID": "D-09", "Thema": ENE, "Doelstelling": "Een energieloket voor alle inwoners",
                       "Gekozen": "Nee"})
    actions = content["actions"] + [
        {"ID": "A-20", "Doelstelling": "D-01", "Actie": "Fietsstraten invoeren"},  # under the refused D-01
        {"ID": "A-21", "Doelstelling": "D-09", "Actie": "Loket openen in het gemeentehuis"},
    ]
    sub = submission(tmp_path / "a.xlsx", objectives=objectives, actions=actions, votes=[
        {"Deelnemer": "Fien Janssens", "Thema": MOB, "Actie": "A-20"},  # votes for a refused action
        {"Deelnemer": "Fien Janssens", "Thema": MOB, "Actie": "A-01"},  # an identical action: fine
    ])
    plan = merged(master, sub)
    assert [r["ID"] for r in plan.rows["objectives"]] == ["D-09"]
    assert [r["ID"] for r in plan.rows["actions"]] == ["A-21"]
    assert plan.rows["votes"] == [{"Deelnemer": "Fien Janssens", "Thema": MOB, "Actie": "A-01"}]
    summary = plan.files[0]
    assert summary.skipped == {"objectives": 3, "actions": 6}
    assert [(f.code, f.sheet, f.cell) for f in plan.findings] == [
        ("MVO031", "Doelstellingen", "A2"), ("MVO030", "Acties", "B8"), ("MVO030", "Prioriteiten", "C2")]


def test_required_cell_missing_is_refused(tmp_path):
    master = write_workbook(tmp_path / "master.xlsx")
    sub = submission(tmp_path / "a.xlsx", wishes=[wish("", "", "Een wens zonder thema", "Dirk Maes")])
    plan = merged(master, sub)
    assert plan.total_added == 0
    assert [(f.code, f.cell) for f in plan.findings] == [("MVO032", "B2")]


def test_reordered_columns_and_extra_columns(tmp_path):
    master_wb = load_for_edit(write_workbook(tmp_path / "master.xlsx"))
    ws = master_wb["Droombeelden"]
    _table_column(ws, ws.tables["tblDroombeelden"], "Opmerking")  # an extra column of the master
    master = atomic_save(master_wb, tmp_path / "master.xlsx")

    wb = build_layout({**EMPTY})
    del wb["Droombeelden"]
    ws = wb.create_sheet("Droombeelden", 3)
    headers = ["Opmerking", "Ingediend door", "Droombeeld", "Thema", "Notitie", "ID"]
    rows = [["dringend", "Dirk Maes", "Een repair café in de bib", ENE, "niet overnemen", "DB-001"],
            [None, "Fien Janssens", "=Elke straat een boom", MOB, None, None]]
    ws.append(headers)
    for row in rows:
        ws.append(row)
    ws["C3"].data_type = "s"
    ws.add_table(Table(displayName="tblDroombeelden", ref=make_ref(1, 1, len(headers), 3)))
    sub = atomic_save(wb, tmp_path / "omgekeerd.xlsx")

    plan = merged(master, sub)
    assert plan.rows["wishes"] == [
        {"ID": "DB-008", "Thema": ENE, "Droombeeld": "Een repair café in de bib", "Ingediend door": "Dirk Maes",
         "Groep (handmatig)": None, "Opmerking": "dringend", "Bron": "omgekeerd.xlsx"},
        {"ID": "DB-009", "Thema": MOB, "Droombeeld": "=Elke straat een boom", "Ingediend door": "Fien Janssens",
         "Groep (handmatig)": None, "Opmerking": None, "Bron": "omgekeerd.xlsx"},
    ]
    out = write_merge(master, plan, tmp_path / "uit.xlsx")
    result = read_workbook(out)
    assert [(w.id, w.text, w.extra) for w in result.wishes[-2:]] == [
        ("DB-008", "Een repair café in de bib", {"Opmerking": "dringend", "Bron": "omgekeerd.xlsx"}),
        ("DB-009", "=Elke straat een boom", {"Opmerking": "", "Bron": "omgekeerd.xlsx"}),
    ]
    cell = openpyxl.load_workbook(out)["Droombeelden"]["C10"]
    assert (cell.value, cell.data_type) == ("=Elke straat een boom", "s")  # text stays text


# --- the writer ----------------------------------------------------------------------------------------

def test_writer_grows_tables_in_place_and_keeps_validations(tmp_path):
    master = empty_master(tmp_path / "master.xlsx")
    sub = write_workbook(tmp_path / "a.xlsx")
    plan = merged(master, sub)
    out = write_merge(master, plan, tmp_path / "uit.xlsx")
    before, after = openpyxl.load_workbook(master), openpyxl.load_workbook(out)
    for spec in c.INPUT_TABLES:
        rows = clean_content()[spec.key]
        table = after[spec.sheet].tables[spec.table]
        width = len(spec.columns) + (spec.key == "wishes")
        assert table.ref == make_ref(1, 1, width, 1 + max(1, len(rows))), spec.table  # placeholder row used
        old = [(str(dv.sqref), dv.formula1) for dv in before[spec.sheet].data_validations.dataValidation]
        new = [(str(dv.sqref), dv.formula1) for dv in after[spec.sheet].data_validations.dataValidation]
        assert old == new
    assert after["Droombeelden"]["I1"].value == c.SOURCE_COLUMN
    result = read_workbook(out)
    assert result.readable
    assert len(result.wishes) == 7 and len(result.votes) == 16


def test_writer_refuses_to_overwrite_cells_under_a_table(tmp_path):
    wb = build_layout()
    wb["Droombeelden"]["B4"] = "een notitie onder de tabel"
    master = atomic_save(wb, tmp_path / "master.xlsx")
    plan = merged(master, write_workbook(tmp_path / "a.xlsx"))
    with pytest.raises(Exception, match="B4"):
        write_merge(master, plan, tmp_path / "uit.xlsx")
    assert not (tmp_path / "uit.xlsx").exists()


def _with_totals_row(master: Path, spare: int = 0) -> Path:
    """Excel's Tabelontwerp > Totaalrij on tblDroombeelden (7 wishes in rows 2-8): the table gets a last row
    'Totaal' counting the wishes; ``spare`` empty data rows stand between the wishes and that row."""
    from tests import hostile

    parts = hostile._parts(master.read_bytes())
    last = 9 + spare
    table = parts["xl/tables/table3.xml"].decode()
    table = table.replace('ref="A1:H8"', f'ref="A1:H{last}" totalsRowCount="1"', 1)
    table = table.replace('<autoFilter ref="A1:H8"/>', f'<autoFilter ref="A1:H{last - 1}"/>', 1)
    table = table.replace('name="ID"/>', 'name="ID" totalsRowLabel="Totaal"/>', 1)
    table = table.replace('name="Droombeeld"/>', 'name="Droombeeld" totalsRowFunction="count"/>', 1)
    parts["xl/tables/table3.xml"] = table.encode()
    total = (f'<row r="{last}"><c r="A{last}" t="inlineStr"><is><t>Totaal</t></is></c><c r="C{last}"><f>'
             f'SUBTOTAL(103,tblDroombeelden[Droombeeld])</f><v>7</v></c></row></sheetData>')
    parts["xl/worksheets/sheet4.xml"] = parts["xl/worksheets/sheet4.xml"].replace(b"</sheetData>", total.encode(), 1)
    master.write_bytes(hostile._zip_parts(parts))
    return master


def test_a_master_with_a_totals_row_never_loses_a_row_to_it(tmp_path, capsys):
    sub = submission(tmp_path / "a.xlsx", wishes=[wish("", MOB, "Deelfietsen aan het station", "Dirk Maes"),
                                                  wish("", ENE, "Warmtepompen in de scholen", "Carla Smets")])
    roomy = _with_totals_row(write_workbook(tmp_path / "ruim.xlsx"), spare=2)
    assert len(read_workbook(roomy).wishes) == 7  # the totals row is no wish
    out = tmp_path / "ruim_uit.xlsx"
    assert main(["merge", str(sub), "--into", str(roomy), "-o", str(out)]) == 0
    book = read_workbook(out)
    assert [w.text for w in book.wishes][-2:] == ["Deelfietsen aan het station", "Warmtepompen in de scholen"]
    assert len(book.wishes) == 9 and [w.row for w in book.wishes][-2:] == [9, 10]
    assert openpyxl.load_workbook(out)["Droombeelden"]["A11"].value == "Totaal"
    full = _with_totals_row(write_workbook(tmp_path / "vol.xlsx"))
    before = digest(full)
    capsys.readouterr()
    assert main(["merge", str(sub), "--into", str(full), "-o", str(tmp_path / "vol_uit.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "totaalrij" in err and "tblDroombeelden" in err and "Tabelontwerp" in err, err
    assert not (tmp_path / "vol_uit.xlsx").exists() and digest(full) == before


def test_merged_text_keeps_its_line_breaks_and_reads_back_as_typed(tmp_path):
    """A wish typed with Alt+Enter keeps its lines in the master; text that looks like OOXML's escape
    (_x0041_, stored by Excel as _x005F_x0041_) and a control character pasted from Word stay readable."""
    from tests import hostile

    lines = "Fietspaden:\n- veilig\n- breed genoeg voor de bakfiets"
    sub = submission(tmp_path / "a.xlsx", wishes=[wish("", MOB, lines, "Dirk Maes"),
                                                  wish("", ENE, "Wifi-code PLACEHOLDER op het scherm", "Carla Smets")],
                     objectives=[{"ID": "D-07", "Thema": MOB, "Doelstelling": "Elke school een fietsroute",
                                  "Middelen": "1 VTE\n20.000 euro", "Gekozen": "Nee"}])
    parts = hostile._parts(sub.read_bytes())
    name = next(n for n, d in parts.items() if b"PLACEHOLDER" in d)
    parts[name] = parts[name].replace(b"PLACEHOLDER", b"_x005F_x0041_ en_x000B_regel")
    sub.write_bytes(hostile._zip_parts(parts))
    assert read_workbook(sub).wishes[1].text == "Wifi-code _x0041_ en regel op het scherm"
    out = tmp_path / "uit.xlsx"
    write_merge(empty_master(tmp_path / "master.xlsx"), merged(empty_master(tmp_path / "m.xlsx"), sub), out)
    book = read_workbook(out)
    ws = openpyxl.load_workbook(out)["Droombeelden"]
    assert ws.cell(book.wishes[0].row, 3).value == lines
    assert book.wishes[1].text == "Wifi-code _x0041_ en regel op het scherm"
    objectives = openpyxl.load_workbook(out)["Doelstellingen"]
    assert objectives.cell(book.objectives[0].row, 10).value == "1 VTE\n20.000 euro"


@pytest.mark.parametrize("date1904", [False, True], ids=["1900", "1904"])
def test_a_date_merged_into_an_empty_master_is_a_date(tmp_path, date1904):
    """The usual start: an empty template as master. A deadline typed as a date must show as a date there (not
    as 47118), and read back as the same day, also in a workbook on the 1904 date system (Excel for Mac)."""
    from tests import hostile

    sub = submission(tmp_path / "a.xlsx", objectives=[clean_content()["objectives"][2]])  # Deadline 30/06/2030
    master = empty_master(tmp_path / "master.xlsx")
    if date1904:
        parts = hostile._parts(master.read_bytes())
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"<workbookPr/>", b'<workbookPr date1904="1"/>')
        assert b"date1904" in parts["xl/workbook.xml"]
        master.write_bytes(hostile._zip_parts(parts))
    out = tmp_path / "uit.xlsx"
    assert main(["merge", str(sub), "--into", str(master), "-o", str(out), "--quiet"]) == 0
    objective = read_workbook(out).objectives[0]
    assert objective.deadline is not None and objective.deadline.day == dt.date(2030, 6, 30)
    cell = openpyxl.load_workbook(out)["Doelstellingen"].cell(objective.row, 7)
    assert cell.is_date, cell.number_format


# --- the command ---------------------------------------------------------------------------------------

def _twenty_submissions(folder: Path) -> list[Path]:
    """20 departments, each with its own people and wishes, IDs that clash, and one wish sent twice."""
    departments = ["Mobiliteit", "Milieudienst", "Financiën", "Cultuur", "Sport"]
    paths = []
    for i in range(1, 21):
        person = f"Persoon {i:02d}"
        wishes = [wish(f"DB-{j:03d}", MOB if j % 2 else ENE, f"Wens {j} van dienst {i}", person)
                  for j in range(1, 4 + i % 3)]
        if i in (4, 5):
            wishes.append(wish("", MOB, "Een gedeelde wens van twee diensten", "Persoon 99"))
        themes = [{"Thema": MOB}, {"Thema": ENE}] + ([{"Thema": "Biodiversiteit"}] if i == 7 else [])
        content = {**EMPTY, "themes": themes, "wishes": wishes,
                   "participants": [{"Naam": person, "Dienst": departments[i % 5], "Rol": "Deelnemer"}],
                   "votes": [{"Deelnemer": person, "Thema": MOB, "Actie": "A-01"}]}
        paths.append(write_workbook(folder / f"dienst_{i:02d}.xlsx", content))
    return paths


def test_twenty_submissions_and_an_encrypted_one(tmp_path, capsys):
    from tests.hostile import make_encrypted

    master = empty_master(tmp_path / "sjabloon.xlsx")
    folder = tmp_path / "inzendingen"
    subs = _twenty_submissions(folder)
    encrypted = make_encrypted(folder / "geheim.xlsx")
    inputs = [master, *subs, encrypted]
    hashes = {p: digest(p) for p in inputs}
    out = tmp_path / "samen.xlsx"

    code = main(["merge", str(folder), "--into", str(master), "--output", str(out), "--json"])
    assert code == 1  # the encrypted file was refused
    report = json.loads(capsys.readouterr().out)
    by_file = {f["file"]: f for f in report["files"]}
    assert len(by_file) == 21
    assert by_file["geheim.xlsx"]["problems"][0]["code"] == "MVO040"
    assert "versleuteld" in by_file["geheim.xlsx"]["problems"][0]["message"]
    assert by_file["dienst_05.xlsx"]["skipped"] == {"themes": 2, "wishes": 1}

    result = read_workbook(out)
    expected = {}
    for path in subs:
        for w in read_workbook(path).wishes:
            expected.setdefault((w.theme, w.text, w.author), path.name)
    got = Counter((w.theme, w.text, w.author) for w in result.wishes)
    assert set(got) == set(expected) and set(got.values()) == {1}  # every wish exactly once
    assert {(w.theme, w.text, w.author): w.extra["Bron"] for w in result.wishes} == expected
    ids = [w.id for w in result.wishes]
    assert all(ids) and len(set(ids)) == len(ids)
    assert len(result.participants) == 20 and len(result.votes) == 20
    assert [t.name for t in result.themes] == [MOB, ENE, "Biodiversiteit"]
    assert {p: digest(p) for p in inputs} == hashes  # inputs byte-identical

    again = tmp_path / "nogmaals.xlsx"
    code = main(["merge", *map(str, subs), "--into", str(out), "--output", str(again), "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["added"] == 0
    assert len(read_workbook(again).wishes) == len(result.wishes)


def test_dry_run_writes_nothing(tmp_path, capsys):
    master = empty_master(tmp_path / "master.xlsx")
    sub = write_workbook(tmp_path / "in" / "a.xlsx")
    before = sorted(tmp_path.rglob("*"))
    assert main(["merge", str(sub), "--into", str(master), "--dry-run"]) == 0
    assert sorted(tmp_path.rglob("*")) == before
    err = capsys.readouterr().err
    assert "a.xlsx" in err and "niets geschreven" in err


def test_default_output_next_to_the_master(tmp_path, capsys):
    master = empty_master(tmp_path / "master.xlsx")
    sub = write_workbook(tmp_path / "in" / "a.xlsx")
    assert main(["merge", str(tmp_path / "in" / "*.xlsx"), "--into", str(master)]) == 0
    (out,) = tmp_path.glob("master_samengevoegd_*.xlsx")
    assert len(out.stem.rsplit("_", 1)[1]) == len("YYYYMMDD-HHMMSS")
    assert len(read_workbook(out).wishes) == 7
    assert sub.exists()
    (tmp_path / "in" / out.name).write_bytes(out.read_bytes())  # an earlier result among the submissions
    assert main(["merge", str(tmp_path / "in"), "--into", str(master), "--dry-run", "--json"]) == 0
    assert [f["file"] for f in json.loads(capsys.readouterr().out)["files"]] == ["a.xlsx"]


def test_usage_errors(tmp_path, capsys):
    master = empty_master(tmp_path / "master.xlsx")
    sub = write_workbook(tmp_path / "a.xlsx")
    assert main(["merge", str(sub), "--into", str(master), "--output", str(sub)]) == 2  # an input
    assert main(["merge", str(tmp_path / "leeg" / "*.xlsx"), "--into", str(master)]) == 2  # nothing found
    assert main(["merge", str(sub), "--into", str(master), "--output", str(tmp_path / "uit.csv")]) == 2
    assert not list(tmp_path.glob("master_samengevoegd_*"))


def test_unreadable_and_not_mvo_files_are_reported_by_name(tmp_path, capsys):
    master = empty_master(tmp_path / "master.xlsx")
    good = write_workbook(tmp_path / "goed.xlsx")
    text = tmp_path / "tekst.xlsx"
    text.write_text("Thema;Droombeeld\nMobiliteit;fietspaden\n", encoding="utf-8")
    other = tmp_path / "ander.xlsx"
    openpyxl.Workbook().save(other)
    out = tmp_path / "uit.xlsx"
    assert main(["merge", str(good), str(text), str(other), str(tmp_path / "weg.xlsx"),
                 "--into", str(master), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    for name in ("tekst.xlsx", "ander.xlsx", "weg.xlsx"):
        assert f"{name}, " in err or f"{name}: " in err
    assert "geen Excel-bestand" in err and "ontbreekt" in err
    assert len(read_workbook(out).wishes) == 7


def test_years_stay_years_under_a_date_formatted_row(tmp_path):
    """A deadline typed as a year must not turn into a 1905 date by copying the first row's date format."""
    import datetime as dt

    from mvo_xl.io.reader import read_workbook
    from mvo_xl.io.writer import atomic_save
    from mvo_xl.template import build_layout
    from tests.builders import variant, write_workbook

    master = atomic_save(build_layout(), tmp_path / "master.xlsx")
    content = variant()
    content["objectives"][0]["Deadline"] = dt.date(2029, 6, 30)
    content["objectives"][1]["Deadline"] = 2030
    submission = write_workbook(tmp_path / "dienst.xlsx", content)
    merged, again = tmp_path / "samen.xlsx", tmp_path / "opnieuw.xlsx"
    assert main(["merge", str(submission), "--into", str(master), "-o", str(merged), "-q"]) == 0
    deadlines = {o.id: o.deadline.label if o.deadline else "" for o in read_workbook(merged).objectives}
    assert deadlines["D-01"] == "30/06/2029" and deadlines["D-02"] == "2030"
    assert main(["merge", str(submission), "--into", str(merged), "-o", str(again), "-q"]) == 0


# --- namesakes and corrected ballots ---------------------------------------------------------------------

def test_a_namesake_from_another_department_brings_no_wishes_or_votes_under_the_masters_person(tmp_path):
    """'An Peeters' of Cultuur is not the master's 'An Peeters' of Mobiliteit: her rows must not be counted as his."""
    master = write_workbook(tmp_path / "master.xlsx")
    sub = submission(tmp_path / "cultuur.xlsx",
                     participants=[{"Naam": "An Peeters", "Dienst": "Cultuur", "Rol": "Deelnemer"}],
                     wishes=[wish("", MOB, "Een fietsbib aan het cultuurcentrum", "An Peeters")],
                     votes=[{"Deelnemer": "An Peeters", "Thema": ENE, "Actie": "A-05"},
                            {"Deelnemer": "An Peeters", "Thema": ENE, "Actie": "A-06"}])
    out = tmp_path / "samen.xlsx"
    assert main(["merge", str(sub), "--into", str(master), "-o", str(out), "-q"]) == 1
    result = read_workbook(out) if out.exists() else read_workbook(master)
    assert "Een fietsbib aan het cultuurcentrum" not in {w.text for w in result.wishes}
    assert len([v for v in result.votes if v.participant == "An Peeters"]) == 4  # the master's own two themes

    plan = merged(master, sub)
    assert plan.total_added == 0
    assert [(f.code, f.sheet, f.cell) for f in plan.findings] == [
        ("MVO031", "Deelnemers", "B2"), ("MVO030", "Droombeelden", "D2"),
        ("MVO030", "Prioriteiten", "A2"), ("MVO030", "Prioriteiten", "A3")]
    assert "An Peeters" in plan.findings[1].message


def test_a_new_participant_spelled_almost_like_a_known_one_is_kept_and_named(tmp_path):
    """'Dirk Maas' may be Dirk Maes with a typo (his votes would then be split) or someone else: kept, but asked."""
    master = write_workbook(tmp_path / "master.xlsx")
    sub = submission(tmp_path / "a.xlsx",
                     participants=[{"Naam": "Dirk Maas", "Dienst": "Mobiliteit", "Rol": "Deelnemer"},
                                   {"Naam": "Zoë Claes", "Dienst": "Cultuur", "Rol": "Deelnemer"}])
    plan = merged(master, sub)
    assert [r["Naam"] for r in plan.rows["participants"]] == ["Dirk Maas", "Zoë Claes"]
    assert plan.files[0].notes == ["nieuwe deelnemer 'Dirk Maas' lijkt op 'Dirk Maes' in de hoofdwerkmap; is het "
                                   "dezelfde persoon, verbeter dan de naam en voeg opnieuw samen"]


def test_a_corrected_ballot_sent_again_does_not_give_a_third_vote(tmp_path, capsys):
    """The master holds two votes of Dirk Maes for a theme; his corrected file must not add a third one."""
    master = write_workbook(tmp_path / "master.xlsx")  # Dirk Maes: for MOB
    folder = tmp_path / "in"
    corrected = submission(folder / "dirk_v2.xlsx", votes=[
        {"Deelnemer": "Dirk Maes", "Thema": MOB, "Actie": "A-01"},  # already there: skipped
        {"Deelnemer": "Dirk Maes", "Thema": MOB, "Actie": "A-02"},  # would be his third: refused
        {"Deelnemer": "Fien Janssens", "Thema": MOB, "Actie": "A-01"},
        {"Deelnemer": "Fien Janssens", "Thema": MOB, "Actie": "A-02"},
        {"Deelnemer": "Fien Janssens", "Thema": MOB, "Actie": "A-03"},  # three in one file: the file's own error
    ])
    plan = merged(master, corrected)
    assert plan.rows["votes"] == [{"Deelnemer": "Fien Janssens", "Thema": MOB, "Actie": a} for a in
                                  ("A-01", "A-02", "A-03")]
    assert plan.files[0].skipped == {"votes": 1}
    (finding,) = plan.findings
    assert (finding.code, finding.file, finding.sheet, finding.cell) == ("MVO002", "dirk_v2.xlsx", "Prioriteiten", "C3")
    assert "A-01" in finding.message and "A-04" in finding.message and "A-02" in finding.message

    out = tmp_path / "samen.xlsx"
    assert main(["merge", str(folder), "--into", str(master), "-o", str(out)]) == 1
    assert "dirk_v2.xlsx, tabblad Prioriteiten, cel C3" in capsys.readouterr().err
    dirk = sorted(v.action for v in read_workbook(out).votes if v.participant == "Dirk Maes" and v.theme == MOB)
    assert dirk == ["A-01", "A-04"]


def test_the_first_of_two_files_wins_a_ballot_and_merging_again_adds_nothing(tmp_path):
    master = empty_master(tmp_path / "master.xlsx")
    first = submission(tmp_path / "a.xlsx", votes=[{"Deelnemer": "Dirk Maes", "Thema": MOB, "Actie": a}
                                                   for a in ("A-01", "A-02")])
    second = submission(tmp_path / "b.xlsx", votes=[{"Deelnemer": "dirk maes", "Thema": MOB, "Actie": a}
                                                    for a in ("A-02", "A-03")])
    plan = merged(master, first, second)
    assert [r["Actie"] for r in plan.rows["votes"]] == ["A-01", "A-02"]
    assert [(f.code, f.file, f.cell) for f in plan.findings] == [("MVO002", "b.xlsx", "C3")]
    out = write_merge(master, plan, tmp_path / "samen.xlsx")
    again = merged(out, first, second)
    assert again.total_added == 0 and [f.code for f in again.findings] == ["MVO002"]


def test_a_theme_spelled_almost_like_a_known_one_is_refused_with_its_rows(tmp_path, capsys):
    """'Welzijn op t werk' next to 'Welzijn op het werk' is a typo, not a new theme: nothing of it lands in the master.
    'Armoede & sociale inclusie' is the master's 'Armoede en sociale inclusie', as case and accents are."""
    wel, arm = "Welzijn op het werk", "Armoede en sociale inclusie"
    master = write_workbook(tmp_path / "master.xlsx", variant(themes=clean_content()["themes"] + [
        {"Thema": wel}, {"Thema": arm}]))
    sub = submission(tmp_path / "a.xlsx",
                     themes=[{"Thema": "welzijn op t werk"}, {"Thema": "DUURZAME  mobiliteit"},
                             {"Thema": "Biodiversiteit"}, {"Thema": "Thema 1"}, {"Thema": "Thema 2"},
                             {"Thema": "Armoede & sociale inclusie"}],
                     wishes=[wish("", "welzijn op t werk", "Een stille ruimte om te bellen", "Dirk Maes"),
                             wish("", "Armoede en sociale inlcusie", "Een sociaal restaurant", "Dirk Maes"),
                             wish("", "Énergie en klimaat", "Slimme thermostaten", "Dirk Maes"),
                             wish("", "Biodiversiteit", "Bloemenweides in elk park", "Dirk Maes"),
                             wish("", "Armoede & sociale inclusie", "Een buurtrestaurant", "Dirk Maes")],
                     votes=[{"Deelnemer": "Fien Janssens", "Thema": "Welzijn op t werk", "Actie": "A-01"},
                            {"Deelnemer": "Fien Janssens", "Thema": "armoede & sociale inclusie", "Actie": "A-01"}])
    plan = merged(master, sub)
    assert [r["Thema"] for r in plan.rows["themes"]] == ["Biodiversiteit", "Thema 1", "Thema 2"]  # numbered: new
    assert [(r["Thema"], r["Droombeeld"]) for r in plan.rows["wishes"]] == [
        (ENE, "Slimme thermostaten"), ("Biodiversiteit", "Bloemenweides in elk park"), (arm, "Een buurtrestaurant")]
    assert plan.rows["votes"] == [{"Deelnemer": "Fien Janssens", "Thema": arm, "Actie": "A-01"}]
    assert [(f.code, f.sheet, f.cell) for f in plan.findings] == [
        ("MVO031", "Thema's", "A2"), ("MVO030", "Droombeelden", "B2"), ("MVO030", "Droombeelden", "B3"),
        ("MVO030", "Prioriteiten", "B2")]
    assert all(wel in f.message for f in plan.findings if "t werk" in f.message)
    assert arm in plan.findings[2].message

    out = tmp_path / "samen.xlsx"
    assert main(["merge", str(sub), "--into", str(master), "-o", str(out)]) == 1
    assert "a.xlsx, tabblad Droombeelden, cel B3" in capsys.readouterr().err
    assert [t.name for t in read_workbook(out).themes] == [MOB, ENE, wel, arm, "Biodiversiteit", "Thema 1", "Thema 2"]
    assert merged(out, sub).total_added == 0  # merging again adds nothing


def test_an_earlier_merge_result_sent_as_a_submission_keeps_each_rows_own_source(tmp_path):
    """Two halves merged apart, then together: a wish still names the file it was written in."""
    first_half = empty_master(tmp_path / "helft1.xlsx")
    sub = submission(tmp_path / "dienst_a.xlsx", wishes=[wish("", MOB, "Deelfietsen aan het station", "Dirk Maes")])
    half = tmp_path / "helft1_klaar.xlsx"
    assert main(["merge", str(sub), "--into", str(first_half), "-o", str(half), "-q"]) == 0
    master = empty_master(tmp_path / "master.xlsx")
    out = tmp_path / "samen.xlsx"
    assert main(["merge", str(half), "--into", str(master), "-o", str(out), "-q"]) == 0
    (w,) = read_workbook(out).wishes
    assert w.extra["Bron"] == "dienst_a.xlsx (via helft1_klaar.xlsx)"


def test_a_filled_column_the_master_lacks_is_named_in_the_summary(tmp_path, capsys):
    """A department that adds 'Toelichting' to its wishes must hear that the master has no place for it."""
    master = empty_master(tmp_path / "master.xlsx")
    wb = build_layout({**EMPTY, "wishes": [wish("", MOB, "Deelfietsen aan het station", "Dirk Maes")]})
    ws = wb["Droombeelden"]
    _table_column(ws, ws.tables["tblDroombeelden"], "Toelichting")
    _table_column(ws, ws.tables["tblDroombeelden"], "Leeg")
    column = next(cell.column for cell in ws[1] if cell.value == "Toelichting")
    ws.cell(2, column, "voor pendelaars uit de buurgemeente")
    sub = atomic_save(wb, tmp_path / "a.xlsx")
    plan = merged(master, sub)
    assert plan.rows["wishes"][0]["Droombeeld"] == "Deelfietsen aan het station"
    assert plan.files[0].notes == ["kolom 'Toelichting' (Droombeelden) niet overgenomen: de hoofdwerkmap heeft die "
                                   "kolom niet"]
    assert main(["merge", str(sub), "--into", str(master), "--dry-run"]) == 0
    assert "Toelichting" in capsys.readouterr().err


def test_a_pattern_skips_owner_files_and_earlier_results(tmp_path, capsys):
    """'merge *.xlsx' in the folder of the master (Windows shells pass the pattern on): the owner file of a
    workbook open in Excel and an earlier merge result are no submissions, as with a folder."""
    master = empty_master(tmp_path / "master.xlsx")
    write_workbook(tmp_path / "a.xlsx")
    assert main(["merge", str(tmp_path / "*.xlsx"), "--into", str(master), "-q"]) == 0
    (tmp_path / "~$a.xlsx").write_bytes(b"\x0bZo\xeb De Smet" + b" " * 150)
    assert main(["merge", str(tmp_path / "*.xlsx"), "--into", str(master), "--dry-run", "--json"]) == 0
    assert [f["file"] for f in json.loads(capsys.readouterr().out)["files"]] == ["a.xlsx"]


def test_a_file_name_from_a_mac_is_written_as_typed_on_windows(tmp_path, capsys):
    """macOS hands out names in decomposed form ('Zoe' + U+0308): written as such into Bron, Excel on
    Windows neither finds nor filters 'Zoë' in it. Bron and the report use the composed form."""
    import unicodedata

    master = empty_master(tmp_path / "master.xlsx")
    nfd = unicodedata.normalize("NFD", "Zoë's inzending.xlsx")
    write_workbook(tmp_path / "in" / nfd)
    out = tmp_path / "uit.xlsx"
    assert main(["merge", str(tmp_path / "in"), "--into", str(master), "-o", str(out), "--json"]) == 0
    assert [f["file"] for f in json.loads(capsys.readouterr().out)["files"]] == ["Zoë's inzending.xlsx"]
    assert {w.extra["Bron"] for w in read_workbook(out).wishes} == {"Zoë's inzending.xlsx"}
