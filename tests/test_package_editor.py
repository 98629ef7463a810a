"""The package editor's pieces on hand-written XML: streaming cell patches, styles appended, notes merged."""

from __future__ import annotations

import io
import re

import pytest
from lxml import etree

from mvo_xl import palette
from mvo_xl.io.package.notes import SheetNotes
from mvo_xl.io.package.sheetxml import KEEP, CellEdit, SheetPatch, read_cells, rewrite_sheet
from mvo_xl.io.package.styles import StylesEditor
from tests import fidelity as fx

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def patch_xml(xml: str, patch: SheetPatch, chunk: int = 7) -> str:
    data = xml.encode()
    out = io.BytesIO()
    rewrite_sheet((data[i:i + chunk] for i in range(0, len(data), chunk)), out, patch)
    return out.getvalue().decode()


def test_cells_are_patched_in_place_with_any_prefix_and_tiny_chunks():
    xml = (f'<x:worksheet xmlns:x="{MAIN}"><x:dimension ref="A1:C2"/><x:sheetData>'
           '<x:row r="1" spans="1:3"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" s="2"><x:v>5</x:v></x:c></x:row>'
           '<x:row r="3"><x:c r="A3"><x:v>1</x:v></x:c></x:row>'
           '</x:sheetData><x:extLst><x:ext uri="{X}"/></x:extLst></x:worksheet>')
    patch = SheetPatch()
    patch.edit(1, 2, CellEdit("=SOM(A1)"))  # text that looks like a formula stays text
    patch.edit(1, 3, CellEdit(KEEP, lambda s: 9))
    patch.edit(2, 1, CellEdit(42))  # a row that does not exist yet
    patch.edit(5, 4, CellEdit("nieuw"))  # after the last row
    out = patch_xml(xml, patch)
    root = etree.fromstring(out.encode())
    cells = {c.get("r"): c for c in root.iter(f"{{{MAIN}}}c")}
    assert cells["B1"].get("t") == "inlineStr" and cells["B1"].findtext(f".//{{{MAIN}}}t") == "=SOM(A1)"
    assert cells["B1"].find(f"{{{MAIN}}}f") is None
    assert cells["C1"].get("s") == "9" and cells["C1"].findtext(f"{{{MAIN}}}v") == "5"
    assert cells["A2"].findtext(f"{{{MAIN}}}v") == "42" and cells["D5"].findtext(f".//{{{MAIN}}}t") == "nieuw"
    assert [r.get("r") for r in root.iter(f"{{{MAIN}}}row")] == ["1", "2", "3", "5"]
    assert 'spans="1:3"' not in out and '<x:ext uri="{X}"/>' in out and 'ref="A1:D5"' in out


def test_rows_without_edits_pass_through_byte_for_byte():
    rows = "".join(f'<row r="{r}" x14ac:dyDescent="0.25"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 200))
    xml = f'<worksheet xmlns="{MAIN}" xmlns:x14ac="urn:x"><sheetData>{rows}</sheetData></worksheet>'
    patch = SheetPatch()
    patch.edit(50, 2, CellEdit("x"))
    out = patch_xml(xml, patch, chunk=13)
    assert out.replace('<c r="B50" t="inlineStr"><is><t xml:space="preserve">x</t></is></c>', "") == xml
    found = read_cells(iter([out.encode()]), 50, 50)
    assert found[(50, 2)].text == "x" and found[(50, 1)].value == "50"


def test_an_empty_sheet_gets_its_rows():
    xml = f'<worksheet xmlns="{MAIN}"><sheetData/><pageMargins left="1"/></worksheet>'
    patch = SheetPatch()
    patch.edit(2, 1, CellEdit(1.5))
    out = patch_xml(xml, patch)
    assert '<sheetData><row r="2"><c r="A2"><v>1.5</v></c></row></sheetData><pageMargins' in out


def test_styles_are_appended_and_reused():
    styles = StylesEditor(None)
    before = etree.tostring(styles.xf(0))
    marked = styles.derive(0, fill=palette.FOUT_FILL)
    assert marked == 1 and styles.fill_hex(marked) == palette.FOUT_FILL and etree.tostring(styles.xf(0)) == before
    assert styles.derive(0, fill=palette.FOUT_FILL) == marked
    restored = styles.derive(marked, fill="")
    assert restored == 0  # the same look as the original: reused, not appended
    score = styles.derive(0, number_format="0")
    assert styles.xf(score).get("numFmtId") == "1"


def test_notes_merge_with_the_users_and_leave_threaded_comments():
    comments = (f'<comments xmlns="{MAIN}"><authors><author>tc={{1}}</author><author>An</author></authors><commentList>'
                '<comment ref="B2" authorId="0"><text><t>draad</t></text></comment>'
                '<comment ref="C3" authorId="1"><text><t>van An</t></text></comment></commentList></comments>')
    notes = SheetNotes(comments.encode(), fx._vml([(1, 1), (2, 2)], 1).encode(), 1)
    assert not notes.add("B2", "FOUT: x")  # a threaded comment there: the fill alone marks it
    assert notes.add("D4", "FOUT: y")
    assert notes.vml.count(b"<v:shape ") == 3
    notes.remove_ours("D4")
    assert notes.vml.count(b"<v:shape ") == 2 and not notes.comments_empty()
    text = notes.comments_bytes().decode()
    assert "draad" in text and "van An" in text and "FOUT: y" not in text


def test_repeated_runs_do_not_grow_the_workbook(tmp_path):
    from mvo_xl.cli import main

    src = fx.excel_like(tmp_path / "in.xlsx")
    sizes = []
    current = src
    for step in range(3):
        out = tmp_path / f"{step}.xlsx"
        assert main(["validate", str(current), "--schrijf", str(out), "--quiet"]) in (0, 1)
        found = fx.parts(out)
        sizes.append((len(found), len(found["xl/styles.xml"]), len(re.findall(rb"<comment ", found["xl/comments2.xml"]))))
        current = out
    assert sizes[1] == sizes[2]


def test_table_grows_and_overwritten_formulas_drop_the_calc_chain(tmp_path):
    """A TableGrow moves the table's ref and autofilter; a formula the tool overwrites takes calcChain along."""
    import zipfile

    from mvo_xl.edits import ColumnWrite, TableGrow, WorkbookEdits
    from mvo_xl.io.package import edit_file
    from tests.builders import clean_content, write_workbook

    src = write_workbook(tmp_path / "in.xlsx", clean_content())
    pkg = fx.Package(src.read_bytes())
    part = pkg.sheet_part("Droombeelden")
    pkg.set(part, re.sub(r'<c r="E2"[^>]*?(/>|>.*?</c>)', '<c r="E2"><f>1+1</f><v>2</v></c>', pkg.text(part), count=1,
                         flags=re.S))
    pkg.set("xl/calcChain.xml", f'<calcChain xmlns="{MAIN}"><c r="E2" i="4"/></calcChain>')
    pkg.override("xl/calcChain.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml")
    pkg.add_rel("xl/workbook.xml", "rIdCalc", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                "calcChain", "calcChain.xml")
    with_chain = tmp_path / "keten.xlsx"
    with_chain.write_bytes(pkg.bytes())
    out = edit_file(with_chain, tmp_path / "uit.xlsx", WorkbookEdits(
        column_writes=[ColumnWrite("wishes", "Groep", {2: "MOB-01"})], table_grows=[TableGrow("wishes", 40)]))
    fx.check_consistent(out)
    found = fx.parts(out)
    assert "xl/calcChain.xml" not in found and b"calcChain" not in found["xl/_rels/workbook.xml.rels"]
    table = next(d for n, d in found.items() if n.startswith("xl/tables/") and b"tblDroombeelden" in d)
    assert re.findall(rb'ref="([^"]+)"', table) == [b"A1:H40", b"A1:H40"]
    with zipfile.ZipFile(out) as zf:
        assert b"<f>" not in zf.read(fx.sheet_parts(found)["Droombeelden"]).split(b'r="E2"')[1][:60]


def test_a_damaged_or_hostile_part_is_refused_in_dutch(tmp_path):

    from mvo_xl.edits import CellMark, WorkbookEdits
    from mvo_xl.io.package import PackageError, edit_file
    from tests.builders import clean_content, write_workbook

    src = write_workbook(tmp_path / "in.xlsx", clean_content())
    pkg = fx.Package(src.read_bytes())
    fx.add_note(pkg, "Doelstellingen", "C2", 1, 2, 1)
    pkg.set("xl/comments1.xml", '<!DOCTYPE x [<!ENTITY a "aaaa">]>' + pkg.text("xl/comments1.xml").split("\n", 1)[1])
    hostile = tmp_path / "vijandig.xlsx"
    hostile.write_bytes(pkg.bytes())
    marks = WorkbookEdits(marks=[CellMark("Doelstellingen", "J2", "fout", "x")])
    with pytest.raises(PackageError, match=r"^vijandig\.xlsx: Het bestand is beschadigd \(onveilige XML"):
        edit_file(hostile, tmp_path / "uit.xlsx", marks)  # at validate's door, in its words
    pkg.set("xl/comments1.xml", pkg.text("xl/comments1.xml").split("]>", 1)[1].replace("</comments>", ""))
    broken = tmp_path / "kapot.xlsx"
    broken.write_bytes(pkg.bytes())
    with pytest.raises(PackageError, match=r"^kapot\.xlsx: .*beschadigd of onveilig"):
        edit_file(broken, tmp_path / "uit.xlsx", marks)  # past the door (it does not parse XML), when read
    assert not (tmp_path / "uit.xlsx").exists() and not list(tmp_path.glob(".~mvo-*"))


def test_an_unexpected_shape_is_not_blamed_on_the_file(tmp_path, monkeypatch):
    """A KeyError or ValueError inside the editor may be the editor's own fault: the message says nothing was
    written and how to go on, and does not call the user's workbook damaged."""
    from mvo_xl.edits import CellMark, WorkbookEdits
    from mvo_xl.io.package import PackageEditor, PackageError, edit_file
    from tests.builders import clean_content, write_workbook

    src = write_workbook(tmp_path / "in.xlsx", clean_content())
    before = src.read_bytes()

    def unexpected(self, *args, **kwargs):
        raise KeyError("xl/onbekend.xml")
    monkeypatch.setattr(PackageEditor, "apply", unexpected)
    with pytest.raises(PackageError) as caught:
        edit_file(src, tmp_path / "uit.xlsx", WorkbookEdits(marks=[CellMark("Doelstellingen", "J2", "fout", "x")]))
    message = caught.value.message
    assert message.startswith("in.xlsx: mvo-xl kan deze werkmap niet bewerken (KeyError")
    assert "er is niets geschreven" in message and "beschadigd" not in message
    assert not (tmp_path / "uit.xlsx").exists() and src.read_bytes() == before


def test_new_relationship_parts_get_a_content_type_without_a_rels_default(tmp_path):
    """A package that types each .rels by an override (no 'rels' default): the .rels parts the tool adds get one."""
    from mvo_xl.edits import Cell, CellMark, ChartSpec, SheetOutput, WorkbookEdits
    from mvo_xl.io.package import edit_file
    from tests.builders import clean_content, write_workbook

    pkg = fx.Package(write_workbook(tmp_path / "in.xlsx", clean_content()).read_bytes())
    types = re.sub(r'<Default Extension="rels"[^>]*/>', "", pkg.text("[Content_Types].xml"))
    assert 'Extension="rels"' not in types
    pkg.set("[Content_Types].xml", types)
    for name in [n for n in pkg.parts if n.endswith(".rels")]:
        pkg.override(name, "application/vnd.openxmlformats-package.relationships+xml")
    src = tmp_path / "overrides.xlsx"
    src.write_bytes(pkg.bytes())
    fx.check_consistent(src)
    sheet = SheetOutput("Controle", rows=[[Cell("a", "header"), Cell("b", "header")], [Cell("x"), Cell(3)]],
                        column_widths=[20, 10], charts=[ChartSpec("Test", "D2", 1, 2, 2, 2)])
    marks = [CellMark("Droombeelden", "B2", "fout", "een fout")]
    out = edit_file(src, tmp_path / "uit.xlsx", WorkbookEdits(sheets=[sheet], marks=marks))
    fx.check_consistent(out)
    assert 'Extension="rels"' in fx.parts(out)["[Content_Types].xml"].decode()


def _with_odd_sheets(tmp_path):
    """The clean workbook plus a chart sheet ('Grafiek', no cells) and a sheet no relationship names ('Module',
    r:id="", as a macro sheet looks once another tool dropped its part), the chart sheet selected."""
    from tests.builders import clean_content, write_workbook

    pkg = fx.Package(write_workbook(tmp_path / "in.xlsx", clean_content()).read_bytes())
    pkg.set("xl/chartsheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<chartsheet '
            f'xmlns="{MAIN}"><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews></chartsheet>')
    pkg.override("xl/chartsheets/sheet1.xml",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml")
    pkg.add_rel("xl/workbook.xml", "rIdGrafiek", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                "chartsheet", "chartsheets/sheet1.xml")
    wb = re.sub(r'tabSelected="1"', "", pkg.text("xl/workbook.xml"))
    r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    pkg.set("xl/workbook.xml", wb.replace("</sheets>", f'<sheet name="Grafiek" sheetId="90" {r} r:id="rIdGrafiek"/>'
                                                       f'<sheet name="Module" sheetId="91" {r} r:id=""/></sheets>'))
    for name in [n for n in pkg.parts if n.startswith("xl/worksheets/sheet")]:
        pkg.set(name, pkg.text(name).replace('tabSelected="1"', 'tabSelected="0"'))
    src = tmp_path / "vreemd.xlsx"
    src.write_bytes(pkg.bytes())
    return src


def test_chart_sheets_and_unnamed_sheets_are_left_alone(tmp_path):
    """A mark on a chart sheet is not placed (it has no cells), and a sheet without a part does not stop the
    activation of the tool's sheet; both were a crash, refused as a 'damaged' workbook."""
    from mvo_xl.edits import Cell, CellMark, SheetOutput, WorkbookEdits
    from mvo_xl.io.package import edit_file

    src = _with_odd_sheets(tmp_path)
    sheet = SheetOutput("Controle", rows=[[Cell("a")]], column_widths=[10])
    marks = [CellMark("Grafiek", "A1", "fout", "een fout"), CellMark("Droombeelden", "B2", "fout", "een fout")]
    out = edit_file(src, tmp_path / "uit.xlsx", WorkbookEdits(sheets=[sheet], marks=marks, activate="Controle"))
    fx.assert_no_new_problems(src, out)
    fx.assert_untouched(src, out, ("Droombeelden",))
    found = fx.parts(out)
    assert found["xl/chartsheets/sheet1.xml"] == fx.parts(src)["xl/chartsheets/sheet1.xml"]
    again = edit_file(out, tmp_path / "opnieuw.xlsx", WorkbookEdits(marks=[], activate="Droombeelden"))
    fx.assert_no_new_problems(src, again)
