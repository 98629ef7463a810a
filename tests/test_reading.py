"""Every command reads what people really hand in the same careful way (issue 11).

Each case is a real file built here. Every command ends with a Dutch finding or
message, exit 0 or 1, no traceback, the input byte-identical, and the rest of a
batch or merge unaffected.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from mvo_xl.cli import main
from mvo_xl.io.reader import read_workbook
from tests import hostile
from tests.builders import TODAY, clean_content, variant, write_workbook
from tests.office import convert

TODAY_ARG = TODAY.strftime("%d/%m/%Y")


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def cli(*args, timeout: int = 300) -> tuple[int, str, str, int]:
    """The real command in a fresh process: exit code, stdout, stderr and the peak memory (KiB) of it all."""
    probe = ("import resource, subprocess, sys\n"
             "r = subprocess.run([sys.executable, '-m', 'mvo_xl', *sys.argv[1:]], capture_output=True, text=True)\n"
             "sys.stdout.write(r.stdout); sys.stderr.write(r.stderr)\n"
             "print(f'\\nRC={r.returncode} KIB={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}')\n")
    p = subprocess.run([sys.executable, "-c", probe, *map(str, args)], capture_output=True, text=True,
                       timeout=timeout, cwd=Path(__file__).resolve().parents[1])
    out, tail = p.stdout.rsplit("\nRC=", 1)
    rc, kib = tail.split()
    return int(rc), out, p.stderr, int(kib.split("=")[1])


# --- (1) one reader: panics, lying ranges, broken packages become one Dutch MVO040 ---------------------------

REFUSED = {
    hostile.make_table_ref_one_cell: "ongeldig bereik 'A1'",
    hostile.make_duplicate_table_names: "komt meer dan eens voor",
    hostile.make_absolute_entry_name: "beschadigd",
    hostile.make_strict: "Strict Open XML",
}


@pytest.mark.parametrize("make", list(REFUSED), ids=lambda f: f.__name__)
@pytest.mark.parametrize("command", ["group", "plan", "validate"])
def test_every_command_refuses_a_broken_table_in_dutch_with_exit_1(tmp_path, capsys, make, command):
    src = make(tmp_path / "inzending.xlsx")
    before = sha(src)
    extra = {"group": ["-o", tmp_path / "uit.xlsx"], "plan": ["-o", tmp_path / "plan.md"],
             "validate": ["--json"]}[command]
    code, out, err = run(capsys, command, src, *extra)
    assert code == 1
    assert REFUSED[make] in out + err
    assert sha(src) == before
    assert not (tmp_path / "uit.xlsx").exists() and not (tmp_path / "plan.md").exists()


def test_a_lying_table_range_is_bounded_by_the_real_cells_in_memory(tmp_path):
    src = hostile.make_lying_table_ref(tmp_path / "liegt.xlsx")
    code, out, err, kib = cli("group", src, "-o", tmp_path / "uit.xlsx")
    assert code == 0, err
    assert "Traceback" not in err and kib < 1_000_000, kib  # the unbounded read needed over 20 GB
    assert [w.id for w in read_workbook(tmp_path / "uit.xlsx").wishes] == [f"DB-{i:03d}" for i in range(1, 8)]
    code, out, err, kib = cli("plan", src, "-o", tmp_path / "plan.md")
    assert code == 0 and kib < 1_000_000, (err, kib)


def test_a_panicking_submission_never_stops_a_merge(tmp_path, capsys):
    master = write_workbook(tmp_path / "hoofd.xlsx", variant(wishes=[]))
    folder = tmp_path / "inzendingen"
    folder.mkdir()
    good = write_workbook(folder / "goed.xlsx")
    bad = [hostile.make_table_ref_one_cell(folder / "paniek [bold].xlsx"), hostile.make_strict(folder / "strikt.xlsx"),
           hostile.make_lying_table_ref(folder / "liegt.xlsx")]
    before = {p: sha(p) for p in [master, good, *bad]}
    out = tmp_path / "samen.xlsx"
    code, stdout, err = run(capsys, "merge", folder, "--into", master, "-o", out, "--json")
    assert code == 1
    report = {Path(f["file"]).name: f for f in json.loads(stdout)["files"]}
    assert report["paniek [bold].xlsx"]["problems"] and report["strikt.xlsx"]["problems"]
    assert "ongeldig bereik" in report["paniek [bold].xlsx"]["problems"][0]["message"]
    assert "[bold]" in "".join(err.split())  # the summary table shows the name as typed
    merged = read_workbook(out)
    assert {w.text for w in merged.wishes} >= {w["Droombeeld"] for w in clean_content()["wishes"]}
    assert all(sha(p) == digest for p, digest in before.items())


# --- (2) tables as people fill them ----------------------------------------------------------------------------

def _plan_md(capsys, src: Path, out: Path) -> str:
    code, _, err = run(capsys, "plan", src, "-o", out, "--titel", "Gemeente")
    assert code in (0, 1) and "Actieplan geschreven" in err, err
    return out.read_text(encoding="utf-8")


def _groups(path: Path) -> list[tuple[str, str, str]]:
    return [(w.id, w.group, w.group_label) for w in read_workbook(path).wishes]


def _validate(capsys, src: Path) -> list[tuple[str, str, str]]:
    code, out, _ = run(capsys, "validate", src, "--json", "--vandaag", TODAY_ARG)
    findings = json.loads(out)["files"][0]["findings"]
    return sorted((f["code"], f["sheet"], f["cell"]) for f in findings if f["code"] != "MVO041")


def _rows_under_cases(tmp_path) -> tuple[Path, list[Path]]:
    content = variant()
    inside = write_workbook(tmp_path / "binnen.xlsx", content)
    typed = hostile.make_rows_under_table(tmp_path / "eronder.xlsx", content, keep=1)
    libre = convert(typed, tmp_path / "lo", "xlsx")  # a real LibreOffice save: it keeps the short range
    with zipfile.ZipFile(libre) as z:
        tables = [z.read(n) for n in z.namelist() if n.startswith("xl/tables/")]
    assert any(b'displayName="tblDroombeelden"' in t and b'ref="A1:H2"' in t for t in tables)
    return inside, [typed, libre]


def test_rows_typed_under_a_table_give_the_same_groups_findings_and_plan(tmp_path, capsys):
    inside, others = _rows_under_cases(tmp_path)
    run(capsys, "group", inside, "-o", tmp_path / "binnen_g.xlsx")
    expected_groups = _groups(tmp_path / "binnen_g.xlsx")
    expected_findings = _validate(capsys, inside)
    expected_plan = _plan_md(capsys, inside, tmp_path / "binnen.md")
    assert len(expected_groups) == 7
    for src in others:
        before = sha(src)
        out = tmp_path / f"{src.stem}_g.xlsx"
        code, _, err = run(capsys, "group", src, "-o", out)
        assert code == 0
        assert "Onder de tabel tblDroombeelden is getypt in 6 rijen (rij 3 tot 8)" in err
        assert _groups(out) == expected_groups
        ref = load_workbook(out)["Droombeelden"].tables["tblDroombeelden"].ref
        assert ref == "A1:H8"  # the written table was grown over the rows
        assert _validate(capsys, src) == expected_findings
        assert _plan_md(capsys, src, tmp_path / f"{src.stem}.md") == expected_plan
        assert sha(src) == before


def test_rows_under_the_table_are_an_info_finding_and_stop_at_the_first_empty_row(tmp_path, capsys):
    content = variant()
    src = hostile.make_rows_under_table(tmp_path / "eronder.xlsx", content, keep=3)
    book = read_workbook(src)
    assert [w.id for w in book.wishes] == [f"DB-{i:03d}" for i in range(1, 8)]
    [notice] = [f for f in book.notices if f.code == "MVO041"]
    assert notice.severity == "info" and notice.cell == "A5" and "in 4 rijen" in notice.message
    out = tmp_path / "controle.xlsx"
    code, _, _ = run(capsys, "validate", src, "--schrijf", out, "--vandaag", TODAY_ARG)
    assert load_workbook(out)["Droombeelden"].tables["tblDroombeelden"].ref == "A1:H8"


def test_a_master_with_rows_under_its_table_keeps_them_in_a_merge(tmp_path, capsys):
    master = hostile.make_rows_under_table(tmp_path / "hoofd.xlsx", variant(), keep=1)
    sub = write_workbook(tmp_path / "in.xlsx", variant(wishes=[
        {"ID": "DB-100", "Thema": "Energie en klimaat", "Droombeeld": "Een warmtenet voor de hele wijk",
         "Ingediend door": "An Peeters"}]))
    out = tmp_path / "samen.xlsx"
    code, _, err = run(capsys, "merge", sub, "--into", master, "-o", out)
    merged = read_workbook(out)
    texts = [w.text for w in merged.wishes]
    assert len(texts) == 8 and texts[-1] == "Een warmtenet voor de hele wijk"
    assert not [f for f in merged.notices if f.code == "MVO041"]  # the table now covers every row


def test_duplicate_ids_are_mvo031_and_group_still_groups(tmp_path, capsys):
    content = variant()
    content["wishes"][1]["ID"] = "DB-001"
    src = write_workbook(tmp_path / "dubbel.xlsx", content)
    out = tmp_path / "uit.xlsx"
    code, _, err = run(capsys, "group", src, "-o", out)
    assert code == 1 and "DB-001" in err and "MVO" not in err.split(":")[0]
    book = read_workbook(out)
    assert all(w.group for w in book.wishes)
    assert book.wishes[0].group == book.wishes[1].group  # both fietspaden wishes, keyed apart, grouped together


def test_merged_cells_in_a_table_are_named_and_nothing_crashes(tmp_path, capsys):
    src = write_workbook(tmp_path / "in.xlsx")
    wb = load_workbook(src)
    wb["Droombeelden"].merge_cells("E2:F3")
    wb.save(src)
    before = sha(src)
    code, _, err = run(capsys, "group", src, "-o", tmp_path / "uit.xlsx")
    assert code == 1
    assert "De cellen E2:F3 in tabel tblDroombeelden zijn samengevoegd" in err
    assert "Samenvoegen en centreren" in err
    code, out, _ = run(capsys, "validate", src, "--schrijf", tmp_path / "controle.xlsx")
    assert code == 1 and "MVO042" in out
    assert sha(src) == before


def test_a_retyped_header_cell_is_named_and_no_column_is_doubled(tmp_path, capsys):
    src = write_workbook(tmp_path / "in.xlsx")
    parts = hostile._parts(src.read_bytes())
    sheet = parts["xl/worksheets/sheet4.xml"]
    parts["xl/worksheets/sheet4.xml"] = sheet.replace(b"<t>Groepslabel</t>", b"<t>Label van de groep</t>", 1)
    src.write_bytes(hostile._zip_parts(parts))
    out = tmp_path / "uit.xlsx"
    code, _, err = run(capsys, "group", src, "-o", out)
    assert code == 0
    assert "De kopcel F1 toont 'Label van de groep', maar de tabel tblDroombeelden noemt die kolom 'Groepslabel'" in err
    table = load_workbook(out)["Droombeelden"].tables["tblDroombeelden"]
    names = [c.name for c in table.tableColumns]
    assert len(names) == len(set(names)) == 8


# --- (3) other formats -----------------------------------------------------------------------------------------

def _xlsb_like(path: Path) -> Path:
    """Not a real .xlsb (LibreOffice cannot write one): a zip with xl/workbook.bin, which is how one is told."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.bin", b"\x83\x01\x00")
    return path


def test_a_folder_with_xlsx_ods_xlsb_and_xls_lists_every_one(tmp_path, capsys):
    folder = tmp_path / "inzendingen"
    folder.mkdir()
    write_workbook(folder / "a.xlsx")
    convert(write_workbook(tmp_path / "b.xlsx"), folder, "ods")
    _xlsb_like(folder / "c.xlsb")
    hostile.make_old_xls(folder / "d.xls")
    before = {p.name: sha(p) for p in folder.iterdir()}
    code, out, _ = run(capsys, "validate", folder, "--json", "--vandaag", TODAY_ARG)
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert set(files) == {"a.xlsx", "b.ods", "c.xlsb", "d.xls"}
    assert files["a.xlsx"]["valid"] and files["b.ods"]["valid"]  # LibreOffice's own format is read
    assert "Opslaan als > 'Excel-werkmap (*.xlsx)'" in files["c.xlsb"]["findings"][0]["message"]
    assert "oude .xls-formaat" in files["d.xls"]["findings"][0]["message"]
    assert code == 1
    assert {p.name: sha(p) for p in folder.iterdir()} == before


def test_an_ods_gives_the_same_findings_and_plan_and_group_refuses_with_advice(tmp_path, capsys):
    src = write_workbook(tmp_path / "w.xlsx")
    ods = convert(src, tmp_path / "lo", "ods")
    assert _validate(capsys, ods) == _validate(capsys, src)
    assert _plan_md(capsys, ods, tmp_path / "o.md") == _plan_md(capsys, src, tmp_path / "x.md")
    code, _, err = run(capsys, "group", ods)
    assert code == 1 and "Opslaan als" in err and "Excel 2007-365" in err


def test_an_ods_submission_is_merged_and_a_password_one_refused(tmp_path, capsys):
    master = write_workbook(tmp_path / "hoofd.xlsx", variant(wishes=[]))
    ods = convert(write_workbook(tmp_path / "gemeente.xlsx"), tmp_path / "in", "ods")
    locked = tmp_path / "in" / "slot.ods"
    parts = hostile._parts(ods.read_bytes())
    parts["META-INF/manifest.xml"] = parts["META-INF/manifest.xml"].replace(
        b"</manifest:manifest>", b"<manifest:encryption-data/></manifest:manifest>")
    locked.write_bytes(hostile._zip_parts(parts))  # how LibreOffice marks 'Opslaan met wachtwoord'
    out = tmp_path / "samen.xlsx"
    code, stdout, _ = run(capsys, "merge", tmp_path / "in", "--into", master, "-o", out, "--json")
    files = {Path(f["file"]).name: f for f in json.loads(stdout)["files"]}
    assert "versleuteld" in files["slot.ods"]["problems"][0]["message"]
    assert len(read_workbook(out).wishes) == len(clean_content()["wishes"])


# --- (4) untrusted text stays text -----------------------------------------------------------------------------

def test_markup_in_file_and_sheet_names_is_printed_as_typed(tmp_path, capsys):
    content = variant()
    content["wishes"][1]["Thema"] = "[/]x"  # a theme that does not exist: its name is in the message
    src = write_workbook(tmp_path / "inzending [bold red].xlsx", content)
    code, out, _ = run(capsys, "validate", src, "--vandaag", TODAY_ARG)
    assert code == 1
    flat = " ".join(out.split())
    assert "inzending [bold red].xlsx" in flat and "[/]x" in flat


def test_a_sheet_named_like_a_formula_stays_text_in_the_marks_registry(tmp_path, capsys):
    content = variant()
    content["wishes"][1]["ID"] = "DB-001"
    src = write_workbook(tmp_path / "in.xlsx", content)
    wb = load_workbook(src)
    wb["Droombeelden"].title = "=1+1"
    wb.save(src)
    out = tmp_path / "controle.xlsx"
    code, _, _ = run(capsys, "validate", src, "--schrijf", out, "--vandaag", TODAY_ARG)
    assert code == 1
    wb = load_workbook(out)
    formulas = [(ws.title, c.coordinate) for ws in wb.worksheets for row in ws.iter_rows() for c in row
                if c.data_type == "f"]
    assert formulas == []
    registry = [ws for ws in wb.worksheets if ws.sheet_state == "veryHidden"][0]
    assert "=1+1" in [c.value for row in registry.iter_rows() for c in row]


# --- (5) exit codes and words ----------------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["group", "plan", "validate", "merge"])
def test_a_refused_input_exits_1_in_every_command(tmp_path, capsys, command):
    bad = hostile.make_old_xls(tmp_path / "oud.xlsx")
    master = write_workbook(tmp_path / "hoofd.xlsx")
    args = {"group": [bad], "plan": [bad, "-f", "md"], "validate": [bad],
            "merge": [tmp_path / "hoofd.xlsx", "--into", bad]}[command]
    code, out, err = run(capsys, command, *args)
    assert code == 1, err
    assert "oude .xls-formaat" in out + err
    assert master.exists()


@pytest.mark.parametrize("args, dutch", [
    (["validate"], "deze argumenten ontbreken: PAD"),
    (["merge", "x.xlsx"], "deze argumenten ontbreken: --into"),
    (["plan", "x.xlsx", "--format", "pdf"], "ongeldige keuze"),
    (["validate", "x.xlsx", "--jobs", "twee"], "ongeldige waarde"),
    (["group", "x.xlsx", "--onbekend"], "onbekende argumenten: --onbekend"),
])
def test_usage_errors_are_dutch_and_exit_2(capsys, args, dutch):
    with pytest.raises(SystemExit) as stop:
        main(args)
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert dutch in err and "required" not in err and "invalid" not in err


def test_ctrl_c_exits_130_without_a_traceback(monkeypatch, tmp_path, capsys):
    import mvo_xl.cli.validate_cmd as validate_cmd

    def interrupted(args, ui):
        raise KeyboardInterrupt

    monkeypatch.setattr(validate_cmd, "run", interrupted)
    code, _, err = run(capsys, "validate", write_workbook(tmp_path / "in.xlsx"))
    assert code == 130 and "Onderbroken" in err


def test_ctrl_c_during_a_batch_exits_130_and_no_worker_speaks(tmp_path):
    import shutil
    import signal

    folder = tmp_path / "map"
    folder.mkdir()
    one = write_workbook(tmp_path / "een.xlsx")
    for i in range(1000):  # several seconds of work: the key is pressed once the first result is out
        shutil.copy(one, folder / f"{i}.xlsx")
    proc = subprocess.Popen([sys.executable, "-m", "mvo_xl", "validate", folder, "-j", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[1], start_new_session=True)
    first = proc.stdout.readline()
    assert "in orde" in first
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the whole process group, workers included
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (out[-300:], err)
    assert "gecontroleerd" not in out and err.strip() == "Onderbroken."  # no worker traceback, nothing else


def test_write_failures_name_the_output_in_dutch(tmp_path, capsys):
    src = write_workbook(tmp_path / "in.xlsx")
    folder = tmp_path / "een map.xlsx"
    folder.mkdir()
    code, _, err = run(capsys, "group", src, "-o", folder)
    assert code == 1 and "een map.xlsx" in err and "map" in err and ".~mvo-" not in err
    blocker = tmp_path / "bestand"
    blocker.write_text("x")
    code, _, err = run(capsys, "plan", src, "-o", blocker / "plan.md")
    assert code == 1 and "plan.md: kan niet geschreven worden" in err and ".~mvo-" not in err
    code, _, err = run(capsys, "validate", src, "-o", folder)
    assert code != 0 and "Traceback" not in err


# --- (6) values ------------------------------------------------------------------------------------------------

def test_bad_dates_nan_and_infinite_budgets_are_findings_never_numbers(tmp_path, capsys):
    src = hostile.make_bad_values(tmp_path / "waarden.xlsx")
    before = sha(src)
    code, out, _ = run(capsys, "validate", src, "--json", "--vandaag", TODAY_ARG)
    budget = {f["cell"]: f["message"] for f in json.loads(out)["files"][0]["findings"] if f["code"] == "MVO043"}
    assert set(budget) == {"F2", "F3", "F4"} and all("geen bedrag" in m for m in budget.values())
    plan = tmp_path / "plan.md"
    code, _, err = run(capsys, "plan", src, "-o", plan)
    text = plan.read_text(encoding="utf-8")
    assert not re.search(r"\b(nan|inf|True)\b", text)
    code, _, err = run(capsys, "group", src, "-o", tmp_path / "uit.xlsx")
    assert code in (0, 1) and "Onverwachte fout" not in err
    assert sha(src) == before


def test_an_invalid_setting_is_a_finding(tmp_path, capsys):
    src = write_workbook(tmp_path / "in.xlsx")
    wb = load_workbook(src)
    ws = wb["Instellingen"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == "Drempel groeperen":
            row[1].value = "abc"
    wb.save(src)
    code, out, _ = run(capsys, "validate", src, "--json", "--vandaag", TODAY_ARG)
    [finding] = [f for f in json.loads(out)["files"][0]["findings"] if f["code"] == "MVO043"]
    assert "'Drempel groeperen' heeft de waarde 'abc'" in finding["message"] and "60" in finding["message"]


@pytest.mark.parametrize("encoding, prefix", [("utf-8", "sep=;\n"), ("utf-16-le", ""), ("utf-16-be", ""),
                                              ("utf-32-le", ""), ("cp1252", "sep=;\r\n")])
def test_csv_sep_line_and_utf16_32_without_bom(tmp_path, capsys, encoding, prefix):
    text = prefix + ("thema;droombeeld\nMobiliteit;Veilige fietspaden naar school\n"
                     "Mobiliteit;Meer veilige fietspaden naar de scholen\nEnergie;Zonnepanelen op het stadhuis\n")
    src = tmp_path / "wensen.csv"
    src.write_bytes(text.encode(encoding))
    out = tmp_path / "uit.csv"
    code, _, err = run(capsys, "group", src, "-o", out)
    assert code == 0, err
    assert "3 droombeelden in 2 groepen" in err


@pytest.mark.parametrize("value", [True, False, float("nan"), float("inf"), "1e309", "NaN", "inf", "١٢٥٠", "12_500"])
def test_no_number_from_booleans_nan_infinity_or_other_digits(value):
    from mvo_xl.normalize import parse_number

    assert parse_number(value) is None


@pytest.mark.parametrize("value", [0, -5, float("nan"), float("inf"), "٢٠٢٧", "Q3 ٢٠٢٧"])
def test_no_deadline_from_serial_0_negative_nan_or_other_digits(value):
    import datetime as dt

    from mvo_xl.normalize import parse_deadline

    assert parse_deadline(value) is None
    assert parse_deadline(dt.time(0)) is None and parse_deadline(dt.datetime(1899, 12, 30)) is None
    assert parse_deadline(2027).label == "2027" and parse_number_ok()


def parse_number_ok() -> bool:
    from mvo_xl.normalize import parse_number

    return parse_number("€ 1.250,50") == 1250.5 and parse_number("1 250 euro") == 1250 and parse_number(12) == 12


def test_a_date_cell_holding_0_is_named_in_words(tmp_path, capsys):
    content = variant()
    content["actions"][0]["Deadline"] = 0
    src = write_workbook(tmp_path / "in.xlsx", content)
    wb = load_workbook(src)
    wb["Acties"]["E2"].number_format = "dd/mm/yyyy"
    wb.save(src)
    code, out, _ = run(capsys, "validate", src, "--json", "--vandaag", TODAY_ARG)
    [finding] = [f for f in json.loads(out)["files"][0]["findings"] if f["code"] == "MVO014"]
    assert "'0 of een negatief getal in een datumcel'" in finding["message"] and "00:00" not in finding["message"]


def test_office_library_notes_stay_silent(tmp_path):
    """Excel's x14 data validations make openpyxl warn in English with a source path; the user sees nothing."""
    src = write_workbook(tmp_path / "in.xlsx")
    parts = hostile._parts(src.read_bytes())
    ext = (b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
           b'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations '
           b'count="0" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"/></ext></extLst></worksheet>')
    parts["xl/worksheets/sheet4.xml"] = parts["xl/worksheets/sheet4.xml"].replace(b"</worksheet>", ext)
    src.write_bytes(hostile._zip_parts(parts))
    code, _, err, _ = cli("group", src, "-o", tmp_path / "uit.xlsx")
    assert code == 0 and "Warning" not in err and "openpyxl" not in err and "site-packages" not in err
    assert err.strip().startswith("7 droombeelden")


def test_validate_schrijf_on_an_ods_says_what_to_do(tmp_path, capsys):
    ods = convert(write_workbook(tmp_path / "w.xlsx"), tmp_path / "lo", "ods")
    code, _, err = run(capsys, "validate", ods, "--schrijf", tmp_path / "uit.xlsx", "--vandaag", TODAY_ARG)
    assert code == 1 and "Excel 2007-365" in err and not (tmp_path / "uit.xlsx").exists()


def test_a_table_never_grows_into_the_users_own_table_below_it(tmp_path):
    from openpyxl.worksheet.table import Table

    src = hostile.make_rows_under_table(tmp_path / "in.xlsx", keep=7)  # the wishes table as made: A1:H8
    wb = load_workbook(src)
    ws = wb["Droombeelden"]
    ws["A9"], ws["B9"] = "Notities", "Wie"
    ws["A10"], ws["B10"] = "bel de schepen", "An"
    ws.add_table(Table(displayName="tblEigen", ref="A9:B10"))
    wb.save(src)
    book = read_workbook(src)
    assert len(book.wishes) == 7 and not [f for f in book.notices if f.code == "MVO041"]


def _wrap_headers(src: Path, table_part: str, sheet_part: str, headers: tuple[str, ...]) -> Path:
    """Headers typed with Alt+Enter, as Excel saves them: a line feed in the header cell, and in the table's
    column name the ST_Xstring escape '_x000a_' (Excel writes 'Handle_x000a_Bars'; see POI's samples)."""
    parts = hostile._parts(src.read_bytes())
    for header in headers:
        first, rest = header.split(" ", 1)
        for part, old, new in ((table_part, f'name="{header}"', f'name="{first}_x000a_{rest}"'),
                               (sheet_part, f"<t>{header}</t>", f"<t>{first}\n{rest}</t>")):
            assert old.encode() in parts[part], (part, old)
            parts[part] = parts[part].replace(old.encode(), new.encode(), 1)
    src.write_bytes(hostile._zip_parts(parts))
    return src


def test_a_header_with_a_line_break_is_the_same_column(tmp_path, capsys):
    content = clean_content()
    content["wishes"][6]["Groep (handmatig)"] = "EK-01"  # the facilitator's own group for the LED wish
    src = write_workbook(tmp_path / "in.xlsx", content)
    _wrap_headers(src, "xl/tables/table3.xml", "xl/worksheets/sheet4.xml",
                  ("Ingediend door", "Groep (handmatig)"))
    _wrap_headers(src, "xl/tables/table4.xml", "xl/worksheets/sheet6.xml", ("Verantwoordelijke dienst",))
    _wrap_headers(src, "xl/tables/table6.xml", "xl/worksheets/sheet8.xml", ("Thema van de actie",))  # the tool's
    before = sha(src)
    book = read_workbook(src)
    assert not book.problems and not [f for f in book.notices if f.code == "MVO043"], book.notices
    assert book.wishes[6].manual_group == "EK-01" and book.wishes[0].author == "An Peeters"
    assert book.objectives[0].responsible == "Mobiliteit"
    code, out, _ = run(capsys, "validate", src, "--json", "--vandaag", TODAY_ARG)
    assert not [f for f in json.loads(out)["files"][0]["findings"] if f["code"] in ("MVO010", "MVO043")]
    result = tmp_path / "uit.xlsx"
    code, _, err = run(capsys, "group", src, "-o", result)
    assert code == 0, err
    table = load_workbook(result)["Droombeelden"].tables["tblDroombeelden"]
    assert [c.name for c in table.tableColumns][6] == "Groep\n(handmatig)"
    assert len(table.tableColumns) == 8  # no second 'Groep (handmatig)' column added
    assert b'name="Groep_x000a_(handmatig)"' in hostile._parts(result.read_bytes())["xl/tables/table3.xml"]
    assert read_workbook(result).wishes[6].manual_group == "EK-01"
    votes = load_workbook(result)["Prioriteiten"]
    assert len(votes.tables["tblPrioriteiten"].tableColumns) == 5  # its own column found, not added again
    assert votes["E1"].value == "Thema\nvan de actie" and votes["E2"].value == "Duurzame mobiliteit"
    assert sha(src) == before


def _rename_table(src: Path, table_part: str, old: str, new: str) -> Path:
    parts = hostile._parts(src.read_bytes())
    parts[table_part] = parts[table_part].replace(f'name="{old}" displayName="{old}"'.encode(),
                                                  f'name="{new}" displayName="{new}"'.encode(), 1)
    assert new.encode() in parts[table_part]
    src.write_bytes(hostile._zip_parts(parts))
    return src


def _table_to_range(src: Path, table_part: str, sheet_part: str) -> Path:
    """Excel's Tabelontwerp > Converteren naar bereik: the cells stay, the table part and its links go."""
    parts = hostile._parts(src.read_bytes())
    del parts[table_part]
    rels = sheet_part.replace("worksheets/", "worksheets/_rels/") + ".rels"
    name = table_part.rsplit("/", 1)[1]
    parts[rels] = re.sub(rb'<Relationship [^>]*' + re.escape(name.encode()) + rb'[^>]*/>', b"", parts[rels])
    parts[sheet_part] = re.sub(rb"<tableParts.*?</tableParts>", b"", parts[sheet_part])
    parts["[Content_Types].xml"] = re.sub(rb'<Override PartName="/' + re.escape(table_part.encode()) + rb'"[^>]*/>',
                                          b"", parts["[Content_Types].xml"])
    src.write_bytes(hostile._zip_parts(parts))
    return src


def test_a_renamed_table_or_one_turned_into_a_range_says_how_to_put_it_back(tmp_path, capsys):
    renamed = _rename_table(write_workbook(tmp_path / "hernoemd.xlsx"), "xl/tables/table3.xml",
                            "tblDroombeelden", "Tabel3")
    ranged = _table_to_range(write_workbook(tmp_path / "bereik.xlsx"), "xl/tables/table3.xml",
                             "xl/worksheets/sheet4.xml")
    synonyms = _rename_table(write_workbook(tmp_path / "synoniemen.xlsx"), "xl/tables/table7.xml",
                             "tblSynoniemen", "Tabel7")
    code, out, _ = run(capsys, "validate", "--json", renamed, ranged, synonyms)
    found = {Path(f["path"]).name: f["findings"] for f in json.loads(out)["files"]}
    first = found["hernoemd.xlsx"][0]
    assert (first["code"], first["sheet"], first["cell"]) == ("MVO040", "Droombeelden", "A1")
    assert "heet 'Tabel3' in plaats van 'tblDroombeelden'" in first["message"]
    assert "Tabelontwerp > Tabelnaam" in first["message"] and "sjabloon" not in first["message"]
    second = found["bereik.xlsx"][0]
    assert (second["code"], second["sheet"]) == ("MVO040", "Droombeelden")
    assert "Invoegen > Tabel" in second["message"] and "tblDroombeelden" in second["message"]
    third = [f for f in found["synoniemen.xlsx"] if f["code"] == "MVO043"]  # optional: read on, but said
    assert third and "heet 'Tabel7' in plaats van 'tblSynoniemen'" in third[0]["message"]
    code, _, err = run(capsys, "group", renamed, "-o", tmp_path / "uit.xlsx")
    assert code == 1 and "Tabelontwerp > Tabelnaam" in err and not (tmp_path / "uit.xlsx").exists()


def _set_cell(parts: dict[str, bytes], part: str, ref: str, xml: str) -> None:
    sheet, n = re.subn(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', xml.encode(), parts[part], count=1)
    assert n == 1, ref
    parts[part] = sheet


def test_a_cell_showing_an_error_value_is_named_with_that_error(tmp_path, capsys):
    """A formula that broke (#N/A from a lookup, #REF! after a deleted row) is not an empty cell to the user."""
    src = write_workbook(tmp_path / "in.xlsx")
    parts = hostile._parts(src.read_bytes())
    _set_cell(parts, "xl/worksheets/sheet4.xml", "B3",
              '<c r="B3" t="e"><f>VLOOKUP(C3,Lijst!A:B,2,FALSE)</f><v>#N/A</v></c>')
    _set_cell(parts, "xl/worksheets/sheet6.xml", "H2", '<c r="H2" s="9" t="e"><f>#REF!</f><v>#REF!</v></c>')
    # Excel 365's Invoegen > Afbeelding > In cel plaatsen: the picture is the cell's value, '#VALUE!' its fallback
    _set_cell(parts, "xl/worksheets/sheet4.xml", "C4", '<c r="C4" t="e" vm="1"><v>#VALUE!</v></c>')
    src.write_bytes(hostile._zip_parts(parts))
    code, out, _ = run(capsys, "validate", "--json", "--vandaag", TODAY_ARG, src)
    findings = json.loads(out)["files"][0]["findings"]
    errors = {f["cell"]: f for f in findings if "foutwaarde" in f["message"]}
    assert set(errors) == {"B3", "H2"}, findings
    assert errors["B3"]["sheet"] == "Droombeelden" and "#N/A" in errors["B3"]["message"]
    assert errors["H2"]["sheet"] == "Doelstellingen" and "#REF!" in errors["H2"]["message"]
    assert "formule" in errors["B3"]["message"]
    picture = [f for f in findings if f["cell"] == "C4" and f["code"] == "MVO043"]
    assert len(picture) == 1 and "afbeelding" in picture[0]["message"] and "#VALUE!" not in picture[0]["message"]


def _as_template(src: Path, dest: Path) -> Path:
    """The workbook saved by Excel as a template (Opslaan als > Excel-sjabloon): .xltx, its own content type."""
    parts = hostile._parts(src.read_bytes())
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"spreadsheetml.sheet.main+xml",
                                                                        b"spreadsheetml.template.main+xml")
    dest.write_bytes(hostile._zip_parts(parts))
    return dest


def test_an_excel_template_is_listed_read_and_refused_for_writing_with_excel_advice(tmp_path, capsys):
    folder = tmp_path / "inzendingen"
    folder.mkdir()
    template = _as_template(write_workbook(tmp_path / "w.xlsx"), folder / "sjabloon.xltx")
    code, out, _ = run(capsys, "validate", folder, "--json", "--vandaag", TODAY_ARG)
    files = {Path(f["path"]).name: f for f in json.loads(out)["files"]}
    assert set(files) == {"sjabloon.xltx"} and files["sjabloon.xltx"]["valid"]  # never skipped in silence
    for args in (("group", template, "-o", tmp_path / "uit.xlsx"), ("plan", template, "-o", tmp_path / "p.xlsx")):
        code, _, err = run(capsys, *args)
        assert code == 1 and "Excel-werkmap (*.xlsx)" in err and "LibreOffice" not in err, err


def test_rows_typed_under_a_totals_row_are_named_never_skipped_in_silence(tmp_path, capsys):
    """Excel does not grow a table with a totals row (Tabelontwerp > Totaalrij) over what is typed below it."""
    src = write_workbook(tmp_path / "in.xlsx")
    parts = hostile._parts(src.read_bytes())
    table = parts["xl/tables/table3.xml"].decode().replace('ref="A1:H8"', 'ref="A1:H9" totalsRowCount="1"', 1)
    parts["xl/tables/table3.xml"] = table.encode()
    typed = ('<row r="9"><c r="A9" t="inlineStr"><is><t>Totaal</t></is></c></row><row r="10">'
             '<c r="B10" t="inlineStr"><is><t>Duurzame mobiliteit</t></is></c><c r="C10" t="inlineStr"><is>'
             '<t>Een wens onder de totaalrij</t></is></c></row></sheetData>')
    parts["xl/worksheets/sheet4.xml"] = parts["xl/worksheets/sheet4.xml"].replace(b"</sheetData>", typed.encode(), 1)
    src.write_bytes(hostile._zip_parts(parts))
    assert len(read_workbook(src).wishes) == 7
    code, out, _ = run(capsys, "validate", "--json", "--vandaag", TODAY_ARG, src)
    found = [f for f in json.loads(out)["files"][0]["findings"] if "totaalrij" in f["message"]]
    assert len(found) == 1 and found[0]["severity"] == "waarschuwing", found
    assert (found[0]["sheet"], found[0]["cell"]) == ("Droombeelden", "A10")
    assert "rij 10" in found[0]["message"] and "niet gelezen" in found[0]["message"]
