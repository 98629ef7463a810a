"""The demo: one command shows the whole product on a realistic trajectory."""

from openpyxl import load_workbook

from mvo_xl import contract as c
from mvo_xl import demo_data
from mvo_xl.cli import main
from mvo_xl.io.reader import read_workbook
from tests.office import pdf_pages, to_pdf
from tests.test_template import assert_contract_layout
from tests.workbook_facts import all_cells


def test_demo_runs_every_step(tmp_path, capsys):
    out = tmp_path / "demo.xlsx"
    assert main(["demo", str(out)]) == 0
    assert "Voorbeeldwerkmap geschreven" in capsys.readouterr().err
    assert_contract_layout(out)
    book = read_workbook(out)
    assert book.readable
    assert len(book.wishes) >= 120
    assert len({p.department for p in book.participants}) >= 8
    assert 5 <= len(book.themes) <= 7
    assert all(w.group for w in book.wishes)
    assert all(o.groups for o in book.objectives if o.chosen)
    wb = load_workbook(out)
    codes = {row[0] for row in wb[c.SHEET_CHECK].iter_rows(values_only=True) if row and row[0]}
    for violation in demo_data.DELIBERATE_VIOLATIONS:
        if violation["code"].startswith("MVO"):
            assert violation["code"] in codes, violation
    plan_text = {cell.value for _s, cell in all_cells(out) if _s == c.SHEET_PLAN}
    assert any(isinstance(v, str) and v.startswith("+50%") for v in plan_text)
    assert all(cell.data_type != "f" for _s, cell in all_cells(out))


def test_libreoffice_opens_the_demo(tmp_path):
    out = tmp_path / "demo.xlsx"
    main(["demo", str(out)])
    assert pdf_pages(to_pdf(out, tmp_path)) >= 5
