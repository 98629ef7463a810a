"""``mvo-xl validate`` end to end: exit codes, the --json shape, reports, untouched inputs, hostile files."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import openpyxl
import pytest

from mvo_xl.catalogue import RULES_BY_CODE
from mvo_xl.cli import main
from tests.builders import clean_content, write_workbook
from tests.hostile import HOSTILE

TODAY = ["--vandaag", "27/11/2026"]
FINDING_KEYS = {"code", "severity", "sheet", "row", "column", "cell", "message", "file"}


def digest(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def submissions(tmp_path) -> Path:
    """A folder with a clean workbook and, in a subfolder, one with a fout (=formula-like text included)."""
    folder = tmp_path / "inzendingen"
    (folder / "sub").mkdir(parents=True)
    write_workbook(folder / "gemeente-a.xlsx")
    content = clean_content()
    content["objectives"][0]["Deadline"] = 2020  # MVO014
    content["wishes"][0]["Thema"] = "=HYPERLINK(\"http://x\")"  # MVO030, text that must stay text
    write_workbook(folder / "sub" / "gemeente-b.xlsx", content)
    return folder


def run_json(capsys, *args) -> tuple[int, dict]:
    code = main(["validate", *args, "--json", *TODAY])
    return code, json.loads(capsys.readouterr().out)


def test_clean_file_exit_0_and_readable_output(tmp_path, capsys):
    path = write_workbook(tmp_path / "w.xlsx")
    assert main(["validate", str(path), *TODAY]) == 0
    out = capsys.readouterr().out
    assert "w.xlsx: in orde" in out and "1 bestand gecontroleerd" in out


def test_folder_recursive_exit_1_and_table(submissions, capsys):
    assert main(["validate", str(submissions), *TODAY]) == 1
    out = capsys.readouterr().out
    assert "gemeente-a.xlsx: in orde" in out
    assert "gemeente-b.xlsx: 2 fouten" in out and "MVO014" in out and "MVO030" in out


def test_json_shape(submissions, capsys):
    code, data = run_json(capsys, str(submissions))
    assert code == 1 and set(data) == {"files", "summary"}
    assert set(data["summary"]) == {"files", "valid", "errors", "warnings", "infos", "seconds"}
    assert data["summary"] | {"seconds": 0} == {"files": 2, "valid": 1, "errors": 2, "warnings": 0, "infos": 0,
                                                 "seconds": 0}
    a, b = data["files"]
    assert set(a) == {"path", "valid", "findings"} and a["valid"] and a["findings"] == []
    assert b["path"].endswith("gemeente-b.xlsx") and not b["valid"]
    assert all(set(f) == FINDING_KEYS for f in b["findings"])
    first = b["findings"][0]
    assert (first["code"], first["sheet"], first["row"], first["cell"]) == ("MVO030", "Droombeelden", 2, "B2")
    assert first["file"] == b["path"]


def test_glob_and_options(submissions, capsys):
    code, data = run_json(capsys, str(submissions / "*" / "*.xlsx"), "--jobs", "1", "--planhorizon", "2035")
    assert code == 1 and [Path(f["path"]).name for f in data["files"]] == ["gemeente-b.xlsx"]


def test_today_parameter_changes_the_verdict(tmp_path, capsys):
    content = clean_content()
    content["objectives"][0]["Deadline"] = "Q4 2026"
    path = write_workbook(tmp_path / "w.xlsx", content)
    assert main(["validate", str(path), "--today", "2026-11-27"]) == 0
    assert main(["validate", str(path), "--today", "2027-01-15"]) == 1


@pytest.mark.parametrize("args", [
    ["--jobs", "0"],
    ["--output", "rapport.txt"],
    ["--vandaag", "morgen"],
    ["--planhorizon", "31"],
    ["--schrijf", "uit.docx"],
])
def test_usage_errors_exit_2(submissions, capsys, args):
    assert main(["validate", str(submissions / "gemeente-a.xlsx"), *args]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() and not captured.out


def test_usage_errors_no_files_and_write_with_many(submissions, tmp_path, capsys):
    assert main(["validate", str(tmp_path / "niets" / "*.xlsx")]) == 2
    assert main(["validate", str(submissions), "--schrijf", str(tmp_path / "uit.xlsx")]) == 2
    a = submissions / "gemeente-a.xlsx"
    assert main(["validate", str(a), "--schrijf", str(a)]) == 2
    assert main(["validate", str(a), "--output", str(a)]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["validate"])
    assert exc.value.code == 2


def test_missing_file_is_one_mvo040_and_the_batch_goes_on(submissions, tmp_path, capsys):
    code, data = run_json(capsys, str(tmp_path / "weg.xlsx"), str(submissions / "gemeente-a.xlsx"))
    assert code == 1
    missing, clean = data["files"]
    assert [f["code"] for f in missing["findings"]] == ["MVO040"] and clean["valid"]


def test_reports_read_back_and_inputs_untouched(submissions, tmp_path, capsys):
    before = digest(submissions)
    for ext in ("xlsx", "json", "csv"):
        assert main(["validate", str(submissions), "--output", str(tmp_path / f"rapport.{ext}"), *TODAY]) == 1
    assert digest(submissions) == before

    data = json.loads((tmp_path / "rapport.json").read_text(encoding="utf-8"))
    assert data["summary"]["errors"] == 2 and len(data["files"]) == 2

    raw = (tmp_path / "rapport.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Bestand", "Code", "Ernst", "Tabblad", "Rij", "Kolom", "Cel", "Melding"]
    assert {r[1] for r in rows[1:]} == {"MVO014", "MVO030"}
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)

    wb = openpyxl.load_workbook(tmp_path / "rapport.xlsx")
    assert wb.sheetnames == ["Overzicht", "Meldingen", "Fouten", "Waarschuwingen", "Info"]
    overview = [[c.value for c in r] for r in wb["Overzicht"].iter_rows(min_row=2)]
    assert [(Path(r[0]).name, r[1], r[2]) for r in overview] == [("gemeente-a.xlsx", "Ja", 0),
                                                                 ("gemeente-b.xlsx", "Nee", 2)]
    findings = wb["Meldingen"]
    assert "tblMeldingen" in findings.tables
    cells = [c for r in findings.iter_rows(min_row=2) for c in r]
    assert {c.value for c in cells if c.column == 2} == {"MVO014", "MVO030"}
    assert all(c.data_type != "f" for c in cells)
    assert wb["Fouten"].max_row == 3


def test_write_the_checked_workbook(submissions, tmp_path, capsys):
    src = submissions / "sub" / "gemeente-b.xlsx"
    before = digest(submissions)
    out = tmp_path / "gecontroleerd.xlsx"
    assert main(["validate", str(src), "--schrijf", str(out), *TODAY]) == 1
    assert digest(submissions) == before
    wb = openpyxl.load_workbook(out)
    assert "Controle" in wb.sheetnames
    assert wb["Doelstellingen"]["G2"].comment is not None
    assert wb["Droombeelden"]["B2"].data_type == "s"  # the formula-like theme stays text


def test_hostile_folder_each_kind_gives_mvo040_and_the_batch_goes_on(tmp_path, capsys):
    folder = tmp_path / "vijandig"
    folder.mkdir()
    expected = {}
    for build, (name, variant) in HOSTILE.items():
        build(folder / name)
        expected[name] = variant
    write_workbook(folder / "echt.xlsx")
    before = digest(folder)
    code, data = run_json(capsys, str(folder), str(folder / "brief.docx"))
    assert code == 1 and digest(folder) == before
    by_name = {Path(f["path"]).name: f for f in data["files"]}
    assert set(by_name) == set(expected) | {"echt.xlsx"}
    assert by_name["echt.xlsx"]["valid"]
    for name, variant in expected.items():
        findings = by_name[name]["findings"]
        assert findings and {f["code"] for f in findings} == {"MVO040"}, name
        if variant is not None:  # unreadable: exactly one finding, saying why
            assert len(findings) == 1, name
            prefix = RULES_BY_CODE["MVO040"].messages[variant].split("{")[0]
            assert findings[0]["message"].startswith(prefix), (name, findings[0]["message"])


def test_a_file_that_takes_too_long_is_stopped(submissions, capsys):
    code, data = run_json(capsys, str(submissions), "--timeout", "0.0001")
    assert code == 1
    assert all(f["findings"][0]["message"].startswith("Het lezen duurde te lang") for f in data["files"])


def test_a_pattern_skips_excels_owner_file_like_a_folder_does(submissions, capsys):
    """Windows shells hand '*.xlsx' to the tool; while a workbook is open in Excel, '~$name.xlsx' (a
    165-byte owner file, hidden in Explorer) sits beside it. A folder skips it; a pattern must too."""
    (submissions / "~$gemeente-a.xlsx").write_bytes(b"\x0bZo\xeb De Smet" + b" " * 150)
    code, data = run_json(capsys, str(submissions / "*.xlsx"))
    assert [Path(f["path"]).name for f in data["files"]] == ["gemeente-a.xlsx"]
    assert code == 0


def test_a_pattern_in_a_folder_with_brackets_in_its_name(tmp_path, capsys):
    """'Inzendingen [2026]\\*.xlsx': Windows users name folders with brackets, and no Windows shell treats
    '[...]' as a pattern; the tool expands the pattern itself, so a literal folder name must still match."""
    folder = tmp_path / "Inzendingen [2026]"
    write_workbook(folder / "gemeente-a.xlsx")
    code, data = run_json(capsys, str(folder / "*.xlsx"))
    assert code == 0 and [Path(f["path"]).name for f in data["files"]] == ["gemeente-a.xlsx"]


def test_a_folder_typed_with_a_trailing_backslash_in_quotes_on_windows(tmp_path, capsys, monkeypatch):
    """cmd and PowerShell 5.1 pass '"C:\\Inzendingen 2026\\"' (tab completion writes it so) as
    'C:\\Inzendingen 2026"': the C runtime reads '\\"' as a quote. Windows names never hold '"', so the
    folder is meant; when the quote also swallowed the options after it, say how to type it."""
    folder = tmp_path / "Inzendingen 2026"
    write_workbook(folder / "gemeente-a.xlsx")
    monkeypatch.chdir(tmp_path)
    code, data = run_json(capsys, 'Inzendingen 2026"')
    assert code == 0 and [Path(f["path"]).name for f in data["files"]] == ["gemeente-a.xlsx"]
    assert main(["validate", 'Inzendingen 2026" --json --vandaag 27/11/2026']) == 2
    err = capsys.readouterr().err
    assert "Inzendingen 2026" in err and "aanhalingsteken" in err and "Traceback" not in err
    master = write_workbook(tmp_path / "hoofdwerkmap.xlsx")
    assert main(["merge", 'Inzendingen 2026"', "--into", str(master), "--dry-run", "-q"]) == 0
