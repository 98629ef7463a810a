"""Grouping on real workbooks: tool columns and the Groepen sheet written, the user's cells never."""

import hashlib

from openpyxl import load_workbook

from mvo_xl.cli import main
from mvo_xl.io.reader import read_workbook
from tests.builders import MOB, variant, write_workbook
from tests.workbook_facts import all_cells


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wishes_without_groups(overrides=None):
    content = variant()
    for wish in content["wishes"]:
        wish["Groep"] = wish["Groepslabel"] = ""
        wish["ID"] = ""
    for i, changes in (overrides or {}).items():
        content["wishes"][i].update(changes)
    return content


def test_group_writes_tool_columns_ids_and_groups_sheet(tmp_path):
    src = write_workbook(tmp_path / "in.xlsx", wishes_without_groups())
    before = sha(src)
    out = tmp_path / "uit.xlsx"
    assert main(["group", str(src), "-o", str(out)]) == 0
    assert sha(src) == before
    book = read_workbook(out)
    assert [w.id for w in book.wishes] == [f"DB-{i:03d}" for i in range(1, 8)]
    assert all(w.group and w.group_label and w.similarity is not None for w in book.wishes)
    by_text = {w.text: w.group for w in book.wishes}
    assert by_text["Zonnepanelen op alle gemeentegebouwen"] == by_text["Alle daken van de gemeente vol zonnepanelen"]
    assert by_text["Veilige fietspaden naar elke school"] != by_text["Zonnepanelen op alle gemeentegebouwen"]
    ws = load_workbook(out)["Groepen"]
    listed = [row for row in ws.iter_rows(values_only=True) if row[5] and str(row[5]).startswith("DB-")]
    assert len(listed) == 7
    assert {row[1] for row in listed} == {w.group for w in book.wishes}


def test_manual_group_is_never_overwritten_and_wins(tmp_path):
    src = write_workbook(tmp_path / "in.xlsx", wishes_without_groups({0: {"Groep (handmatig)": "MIJN-1"}}))
    out = tmp_path / "uit.xlsx"
    assert main(["group", str(src), "-o", str(out)]) == 0
    wish = read_workbook(out).wishes[0]
    assert wish.manual_group == "MIJN-1"
    assert wish.effective_group == "MIJN-1"


def test_rerun_keeps_group_ids(tmp_path):
    src = write_workbook(tmp_path / "in.xlsx", wishes_without_groups())
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    main(["group", str(src), "-o", str(first)])
    main(["group", str(first), "-o", str(second)])
    assert [w.group for w in read_workbook(first).wishes] == [w.group for w in read_workbook(second).wishes]


def test_formula_like_wishes_stay_text_everywhere(tmp_path):
    hostile = '=HYPERLINK("http://example.invalid","klik")'
    src = write_workbook(tmp_path / "in.xlsx", wishes_without_groups({1: {"Droombeeld": hostile},
                                                                      2: {"Droombeeld": "+32 fietsen"}}))
    out = tmp_path / "uit.xlsx"
    assert main(["group", str(src), "-o", str(out)]) == 0
    texts = set()
    for _sheet, cell in all_cells(out):
        assert cell.data_type != "f", (cell.coordinate, cell.value)
        texts.add(cell.value)
    assert hostile in texts and "+32 fietsen" in texts


def test_threshold_from_the_command_line_changes_the_groups(tmp_path):
    src = write_workbook(tmp_path / "in.xlsx", wishes_without_groups())
    strict, loose = tmp_path / "s.xlsx", tmp_path / "l.xlsx"
    main(["group", str(src), "-o", str(strict), "--drempel", "100"])
    main(["group", str(src), "-o", str(loose), "--drempel", "0"])
    count = lambda p: len({w.group for w in read_workbook(p).wishes})  # noqa: E731
    assert count(strict) >= count(loose)
    assert count(loose) <= 2  # one group per theme at most when everything may join


def test_group_refuses_unreadable_input_without_traceback(tmp_path, capsys):
    bad = tmp_path / "kapot.xlsx"
    bad.write_bytes(b"dit is geen werkmap")
    assert main(["group", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "kapot.xlsx" in err and "Traceback" not in err


def test_group_csv_round_trip(tmp_path):
    src = tmp_path / "wensen.csv"
    src.write_bytes("id;thema;droombeeld\r\n1;Mobiliteit;Veilige fietspaden\r\n2;Mobiliteit;Meer veilige fietspaden\r\n"
                    "3;Mobiliteit;=1+1 laadpalen\r\n".encode("cp1252"))
    out = tmp_path / "uit.csv"
    assert main(["group", str(src), "-o", str(out)]) == 0
    lines = out.read_bytes().decode("cp1252").splitlines()
    assert lines[0] == "id;thema;droombeeld;groep;groepslabel;gelijkenis"
    assert lines[1].split(";")[3] == lines[2].split(";")[3] != ""
    assert ";'=1+1 laadpalen;" in lines[3]


def test_theme_code_prefix_is_kept_from_earlier_groups(tmp_path):
    content = wishes_without_groups()
    content["wishes"][0]["Groep"] = "FIETS-07"
    src = write_workbook(tmp_path / "in.xlsx", content)
    out = tmp_path / "uit.xlsx"
    main(["group", str(src), "-o", str(out)])
    mob = [w.group for w in read_workbook(out).wishes if w.theme == MOB]
    assert all(g.startswith("FIETS-") for g in mob)
    assert read_workbook(out).wishes[0].group == "FIETS-07"


def test_a_second_run_never_replaces_the_first_result(tmp_path, capsys):
    """The default output exists (perhaps edited by hand since): the new result gets ' (2)', the old one stays."""
    src = write_workbook(tmp_path / "in.xlsx", wishes_without_groups())
    assert main(["group", str(src)]) == 0
    first = tmp_path / "in_gegroepeerd.xlsx"
    before = sha(first)
    capsys.readouterr()
    assert main(["group", str(src)]) == 0
    second = tmp_path / "in_gegroepeerd (2).xlsx"
    assert sha(first) == before
    assert [w.group for w in read_workbook(second).wishes] == [w.group for w in read_workbook(first).wishes]
    assert "in_gegroepeerd (2).xlsx" in capsys.readouterr().err  # the report says where it went


def test_wishes_without_a_theme_are_not_counted_as_a_theme(tmp_path, capsys):
    src = write_workbook(tmp_path / "in.xlsx", wishes_without_groups({0: {"Thema": ""}}))
    main(["group", str(src), "-o", str(tmp_path / "uit.xlsx")])
    err = capsys.readouterr().err
    assert "over 2 thema’s (en 1 droombeeld zonder thema)" in err, err


def test_a_missing_tool_column_is_never_added_over_the_users_cells(tmp_path, capsys):
    """The user renamed 'Gelijkenis' and typed notes in column I, right of the table: the tool would add its
    column there. It refuses, naming the cell, and writes nothing."""
    from openpyxl import load_workbook

    from mvo_xl.cli import main
    from tests.hostile import make_alt_enter_headers

    src = make_alt_enter_headers(tmp_path / "in.xlsx", renamed=True)
    wb = load_workbook(src)
    wb["Droombeelden"]["I3"] = "mijn notitie"
    wb.save(src)
    out = tmp_path / "uit.xlsx"
    capsys.readouterr()
    assert main(["group", str(src), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Gelijkenis" in err and "I3" in err, err
    assert not out.exists()
    free = make_alt_enter_headers(tmp_path / "vrij.xlsx", renamed=True)  # column I empty: the column is added
    assert main(["group", str(free), "-o", str(out)]) == 0
    ws = load_workbook(out)["Droombeelden"]
    assert ws["I1"].value == "Gelijkenis" and isinstance(ws["I3"].value, int)
