"""The template: every sheet, table and header of the contract, dropdowns, and kept up to date."""

from pathlib import Path

from openpyxl import load_workbook

from mvo_xl import contract as c
from mvo_xl.cli import main
from mvo_xl.io.reader import read_workbook
from tests.office import pdf_pages, to_pdf
from tests.workbook_facts import fingerprint

REPO = Path(__file__).resolve().parents[1]
COMMITTED_XLSX = REPO / "workbook_template" / "MVO-traject.xlsx"


def assert_contract_layout(path: Path) -> None:
    wb = load_workbook(path)
    for name in c.SHEET_ORDER:
        assert name in wb.sheetnames, name
    for spec in c.ALL_TABLES:
        ws = wb[spec.sheet]
        assert spec.table in ws.tables, spec.table
        ref = ws.tables[spec.table].ref
        first_row = int("".join(ch for ch in ref.split(":")[0] if ch.isdigit()))
        headers = [cell.value for cell in ws[first_row] if cell.value is not None]
        for header in spec.headers:
            assert header in headers, (spec.sheet, header)
        assert ws.freeze_panes == "A2"
    assert "Instructies" in wb.sheetnames and wb["Instructies"]["B1"].value


def test_template_holds_the_whole_contract(tmp_path):
    out = tmp_path / "leeg.xlsx"
    assert main(["template", str(out)]) == 0
    assert_contract_layout(out)
    book = read_workbook(out)
    assert book.readable and not book.wishes and not book.objectives


def test_template_has_dropdowns_linked_to_their_sources(tmp_path):
    out = tmp_path / "leeg.xlsx"
    main(["template", str(out)])
    wb = load_workbook(out)
    formulas = {ws.title: {(str(dv.sqref).split(":")[0][0], dv.formula1) for dv in ws.data_validations.dataValidation}
                for ws in wb.worksheets}
    assert ("B", "'Thema''s'!$A$2:$A$2000") in formulas["Droombeelden"]
    assert ("C", '"Kopgroep,Deelnemer,Trekker"') in formulas["Deelnemers"]
    assert ("K", '"Ja,Nee"') in formulas["Doelstellingen"]
    assert ("C", "'Acties'!$A$2:$A$2000") in formulas["Prioriteiten"]
    assert ("B", "'Doelstellingen'!$A$2:$A$2000") in formulas["Acties"]


def test_committed_template_is_up_to_date(tmp_path):
    fresh = tmp_path / "MVO-traject.xlsx"
    main(["template", str(fresh)])
    assert COMMITTED_XLSX.exists(), "run: mvo-xl template workbook_template/MVO-traject.xlsx"
    assert fingerprint(COMMITTED_XLSX) == fingerprint(fresh), \
        "workbook_template/MVO-traject.xlsx is out of date: rebuild it with mvo-xl template"


def test_template_refuses_other_extensions(tmp_path, capsys):
    assert main(["template", str(tmp_path / "x.csv")]) == 2
    assert ".xlsx of .xlsm" in capsys.readouterr().err


def test_libreoffice_opens_the_template(tmp_path):
    out = tmp_path / "leeg.xlsx"
    main(["template", str(out)])
    assert pdf_pages(to_pdf(out, tmp_path)) >= 3


COMMITTED_XLSM = REPO / "workbook_template" / "MVO-traject.xlsm"


def test_committed_macro_template_is_up_to_date(tmp_path):
    from oletools.olevba import VBA_Parser

    from mvo_xl.xlsm import custom_ui_parts

    def modules(path):
        parser = VBA_Parser(str(path))
        try:
            return {name.rsplit(".", 1)[0]: code.replace("\r\n", "\n").strip()
                    for _f, _s, name, code in parser.extract_macros()}
        finally:
            parser.close()

    fresh = tmp_path / "MVO-traject.xlsm"
    assert main(["template", str(fresh)]) == 0
    assert COMMITTED_XLSM.exists(), "run: mvo-xl template workbook_template/MVO-traject.xlsm"
    message = "workbook_template/MVO-traject.xlsm is out of date: rebuild it with mvo-xl template"
    assert fingerprint(COMMITTED_XLSM) == fingerprint(fresh), message
    assert modules(COMMITTED_XLSM) == modules(fresh), message
    assert custom_ui_parts(COMMITTED_XLSM) == custom_ui_parts(fresh), message
    assert "MVO" in modules(fresh)


def test_libreoffice_opens_the_macro_template(tmp_path):
    assert pdf_pages(to_pdf(COMMITTED_XLSM, tmp_path)) >= 3
