"""Lossless writes: every command edits the package and keeps what it does not own byte for byte.

The inputs come from :mod:`tests.fidelity`: the template reshaped the way
Excel 365 saves it (x14 dropdowns, a picture, user charts with style parts,
threaded comments, a user's note, rich text, a sensitivity label, customXml,
an external link, defined names, conditional formatting; VBA and ribbon for
.xlsm), and the same workbook saved by real LibreOffice.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import openpyxl
import pytest

from mvo_xl import palette
from mvo_xl.cli import main
from mvo_xl.edits import CellMark, ChartSpec, Cell, SheetOutput, WorkbookEdits
from mvo_xl.io.package import edit_file
from mvo_xl.io.reader import read_workbook
from tests import fidelity as fx
from tests.builders import write_workbook
from tests.office import soffice, to_pdf

OUR_NOTE_PARTS = ("Doelstellingen",)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    return {"xlsx": fx.excel_like(folder / "excel365.xlsx"), "xlsm": fx.excel_like(folder / "excel365.xlsm", xlsm=True)}


def run(*argv) -> int:
    code = main([*map(str, argv), "--quiet"])
    assert code in (0, 1), f"{argv}: exit {code}"
    return code


def user_parts_survive(path: Path, *, xlsm: bool = False) -> None:
    """The user's dropdowns, pictures, charts, notes, threaded comments, rich text, label and macros are there."""
    found = fx.parts(path)
    sheets = fx.sheet_parts(found)
    assert fx.X14_DROPDOWN.encode() in found[sheets["Droombeelden"]]
    assert fx.X14_DROPDOWN.encode() in found[sheets["Doelstellingen"]]
    assert fx.CONDITIONAL.encode() in found[sheets["Acties"]]
    assert b"<legacyDrawing" in found[sheets["Droombeelden"]] and b"<drawing" in found[sheets["Acties"]]
    assert "xl/media/image1.png" in found and "xl/charts/style1.xml" in found and "xl/charts/colors2.xml" in found
    assert fx.THREAD_TEXT.encode() in found["xl/threadedComments/threadedComment1.xml"]
    assert fx.USER_NOTE.encode() in found["xl/comments2.xml"]
    assert b"<b/>" in found["xl/sharedStrings.xml"] and b"MSIP_Label_" in found["docProps/custom.xml"]
    assert "customXml/item1.xml" in found and "xl/externalLinks/externalLink1.xml" in found
    assert b'name="Begroting"' in found["xl/workbook.xml"] and b"<externalReferences>" in found["xl/workbook.xml"]
    assert ("xl/vbaProject.bin" in found and "customUI/customUI14.xml" in found) == xlsm
    assert b"x15ac:absPath" in found["xl/workbook.xml"] and b"xr:revisionPtr" in found["xl/workbook.xml"]
    assert b"slicerStyles" in found["xl/styles.xml"]


def test_group_edits_only_what_it_owns(corpus, tmp_path):
    out = tmp_path / "gegroepeerd.xlsx"
    run("group", corpus["xlsx"], "-o", out)
    fx.check_consistent(out)
    fx.assert_untouched(corpus["xlsx"], out, _patched("group"))
    user_parts_survive(out)
    book = read_workbook(out)
    assert all(w.group and w.group_label and w.similarity is not None for w in book.wishes)
    assert book.wishes[-1].id == "DB-007"  # the empty ID cell was filled
    assert fx.RICH_WISH in [w.text for w in book.wishes]  # rich text still reads as the wish
    wb = openpyxl.load_workbook(out, read_only=True)
    assert "Groepen" in wb.sheetnames
    assert wb.sheetnames.index("Groepen") == wb.sheetnames.index("Droombeelden") + 1
    wb.close()


def test_validate_schrijf_merges_its_note_with_the_users(corpus, tmp_path):
    out = tmp_path / "gecontroleerd.xlsx"
    run("validate", corpus["xlsx"], "--schrijf", out)
    fx.check_consistent(out)
    fx.assert_untouched(corpus["xlsx"], out, _patched("validate"))
    to_pdf(out, tmp_path)
    user_parts_survive(out)
    wb = openpyxl.load_workbook(out)
    ws = wb["Doelstellingen"]
    assert ws["J2"].comment.author == palette.MARK_AUTHOR and "middelen" in ws["J2"].comment.text
    assert ws["C2"].comment.text == fx.USER_NOTE  # the user's own note stays
    assert str(ws["J2"].fill.fgColor.rgb)[-6:].upper() == palette.WAARSCHUWING_FILL
    assert wb[palette.MARKS_SHEET].sheet_state == "veryHidden" and "Controle" in wb.sheetnames


def test_plan_and_merge_keep_every_user_part(corpus, tmp_path):
    planned = tmp_path / "plan.xlsx"
    run("plan", corpus["xlsx"], "-o", planned)
    fx.check_consistent(planned)
    fx.assert_untouched(corpus["xlsx"], planned, _patched("plan"))
    user_parts_survive(planned)
    wb = openpyxl.load_workbook(planned, read_only=True)
    assert {"Actieplan", "Dashboard"} <= set(wb.sheetnames)
    wb.close()

    submission = write_workbook(tmp_path / "inzending.xlsx", _submission())
    merged = tmp_path / "samengevoegd.xlsx"
    run("merge", "--into", planned, submission, "-o", merged)
    fx.check_consistent(merged)
    fx.assert_untouched(planned, merged, ("Droombeelden", "Thema's", "Deelnemers", "Doelstellingen", "Acties",
                                           "Prioriteiten"))
    user_parts_survive(merged)
    book = read_workbook(merged)
    assert any(w.text == "Een repaircafé in elke deelgemeente" for w in book.wishes)
    table = _table_ref(merged, "tblDroombeelden")
    assert table.endswith(str(max(w.row for w in book.wishes)))


def _submission() -> dict:
    content = fx.corpus_content()
    content["wishes"] = [{"ID": "", "Thema": fx.clean_content()["themes"][0]["Thema"],
                          "Droombeeld": "Een repaircafé in elke deelgemeente", "Ingediend door": "Nieuwe collega"}]
    return content


def _table_ref(path: Path, name: str) -> str:
    found = fx.parts(path)
    for part, data in found.items():
        if part.startswith("xl/tables/") and f'displayName="{name}"'.encode() in data:
            return re.search(rb'\sref="([^"]+)"', data).group(1).decode()
    raise KeyError(name)


@pytest.mark.parametrize("order", [("group", "validate", "plan", "merge", "validate"),
                                   ("plan", "validate", "group", "validate", "merge", "validate")])
def test_chains_in_any_order_stay_valid_and_open_in_libreoffice(corpus, tmp_path, order):
    current = corpus["xlsx"]
    for step, command in enumerate(order):
        out = tmp_path / f"stap{step}.xlsx"
        _run_step(command, current, out)
        fx.check_consistent(out)
        fx.assert_untouched(current, out, _patched(command))
        current = out
    user_parts_survive(current)
    to_pdf(current, tmp_path)


def _patched(command: str) -> tuple[str, ...]:
    # every step refreshes the tool's description columns of Prioriteiten (issue 14)
    return {"group": ("Droombeelden", "Prioriteiten"), "validate": ("Doelstellingen", "Prioriteiten"),
            "plan": ("Prioriteiten",),
            "merge": ("Droombeelden", "Thema's", "Deelnemers", "Doelstellingen", "Acties", "Prioriteiten")}[command]


def _run_step(command: str, src: Path, out: Path) -> None:
    if command == "validate":
        run("validate", src, "--schrijf", out)
    elif command == "merge":
        submission = write_workbook(out.with_name(out.stem + "-inzending.xlsx"), _submission())
        run("merge", "--into", src, submission, "-o", out)
    else:
        run(command, src, "-o", out)


def test_xlsm_chain_keeps_macros_ribbon_and_code_names(corpus, tmp_path):
    src = corpus["xlsm"]
    current = src
    for step, command in enumerate(("validate", "group", "validate", "merge", "validate")):
        out = tmp_path / f"stap{step}.xlsm"
        _run_step(command, current, out)
        fx.check_consistent(out)
        fx.assert_untouched(current, out, _patched(command))
        current = out
    user_parts_survive(current, xlsm=True)
    before, after = fx.parts(src), fx.parts(current)
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    assert after["customUI/customUI14.xml"] == before["customUI/customUI14.xml"]
    sheets = fx.sheet_parts(after)
    code = re.search(rb'codeName="([^"]+)"', after[sheets["Controle"]]).group(1)
    assert code == re.search(rb'codeName="([^"]+)"', before[fx.sheet_parts(before)["Controle"]]).group(1)
    names = list(zipfile.ZipFile(current).namelist())
    assert len(names) == len(set(names))
    to_pdf(current, tmp_path)


def test_xlsm_written_as_xlsx_drops_macros_and_ribbon(corpus, tmp_path):
    out = tmp_path / "zonder-macros.xlsx"
    run("group", corpus["xlsm"], "-o", out)
    fx.check_consistent(out)  # the content type is that of an .xlsx, no VBA, no ribbon
    after = fx.assert_untouched(corpus["xlsm"], out, _patched("group"),
                                may_drop=("xl/vbaProject.bin", "customUI/", "_rels/.rels"))
    assert b"customUI" not in after["_rels/.rels"] and b"docProps/custom.xml" in after["_rels/.rels"]
    user_parts_survive(out)
    to_pdf(out, tmp_path)


def test_xlsx_written_as_xlsm_becomes_a_macro_enabled_workbook(corpus, tmp_path):
    out = tmp_path / "met-macros.xlsm"
    run("validate", corpus["xlsx"], "--schrijf", out)
    fx.check_consistent(out)
    fx.assert_untouched(corpus["xlsx"], out, _patched("validate"))
    to_pdf(out, tmp_path)


def test_a_workbook_saved_by_libreoffice(corpus, tmp_path):
    """Real LibreOffice output (its own namespaces, shared strings, row attributes) goes through every command."""
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(tmp_path / "lo"),
                    str(corpus["xlsx"])], capture_output=True, timeout=180, check=False)
    shutil.rmtree(profile, ignore_errors=True)
    src = tmp_path / "lo" / corpus["xlsx"].name
    assert src.exists(), "LibreOffice did not save the workbook"
    current = src
    for step, command in enumerate(("group", "validate", "plan")):
        out = tmp_path / f"lo{step}.xlsx"
        _run_step(command, current, out)
        fx.check_consistent(out)
        fx.assert_untouched(current, out, _patched(command))
        current = out
    book = read_workbook(current)
    assert all(w.group for w in book.wishes)
    to_pdf(current, tmp_path)


def test_the_last_note_of_a_sheet_takes_its_parts_along(tmp_path):
    """When the tool's note was the only note of a sheet, the comments part, VML and their links go."""
    content = fx.clean_content()
    content["objectives"][0]["Middelen"] = ""
    src = write_workbook(tmp_path / "in.xlsx", content)
    first = tmp_path / "1.xlsx"
    run("validate", src, "--schrijf", first)
    found = fx.parts(first)
    sheet = fx.sheet_parts(found)["Doelstellingen"]
    ours = set(found) - set(fx.parts(src))  # the comments part and VML of our note (the template has its own)
    assert any(n.startswith("xl/comments") for n in ours) and any(n.endswith(".vml") for n in ours)
    assert b"<legacyDrawing" in found[sheet]
    fixed = tmp_path / "fixed.xlsx"
    _replace_cell_text(first, fixed, "Doelstellingen", "J2", "Personeel")
    second = tmp_path / "2.xlsx"
    run("validate", fixed, "--schrijf", second)
    fx.check_consistent(second)
    after = fx.parts(second)
    sheet = fx.sheet_parts(after)["Doelstellingen"]
    assert not ours & set(after)
    assert fx.parts(src).keys() <= after.keys()  # the template's own note (on Gelijkenis) stays
    assert b"<legacyDrawing" not in after[sheet]
    assert palette.MARKS_SHEET not in fx.sheet_parts(after)


def _replace_cell_text(src: Path, dest: Path, sheet: str, cell: str, text: str) -> None:
    """Type into a cell the way a user would, without re-saving the package (inline string in place)."""
    found = fx.parts(src)
    part = fx.sheet_parts(found)[sheet]
    xml = found[part].decode()
    new = f'<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>'
    xml, n = re.subn(rf'<c r="{cell}"[^>]*?(/>|>.*?</c>)', new, xml, count=1, flags=re.S)
    assert n == 1
    found[part] = xml.encode()
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            zout.writestr(name, found[name])


def test_a_lying_table_ref_stays_bounded(tmp_path):
    """A table that claims A1:ZZ1048576 costs what its real cells cost, in the writer too."""
    import tracemalloc

    from mvo_xl.io.merge_writer import append_rows
    from mvo_xl.io.package import PackageEditor
    from mvo_xl import contract as c

    src = write_workbook(tmp_path / "in.xlsx", fx.corpus_content())
    found = fx.parts(src)
    for name, data in found.items():
        if name.startswith("xl/tables/") and b'displayName="tblDroombeelden"' in data:
            found[name] = re.sub(rb'ref="[^"]+"', b'ref="A1:ZZ1048576"', data)
    lying = tmp_path / "liegt.xlsx"
    with zipfile.ZipFile(lying, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in found.items():
            zf.writestr(name, data)
    tracemalloc.start()
    editor = PackageEditor(lying)
    editor.write_column(__import__("mvo_xl.edits", fromlist=["ColumnWrite"]).ColumnWrite("wishes", "Groep", {2: "X"}))
    append_rows(editor, c.WISHES, [{"Thema": "Mobiliteit", "Droombeeld": "Nog een wens"}])
    editor.save(tmp_path / "uit.xlsx")
    editor.close()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 64 * 2**20, f"peak {peak / 2**20:.0f} MB"
    fx.check_consistent(tmp_path / "uit.xlsx")


def test_output_rows_are_capped_at_409_points(tmp_path):
    src = write_workbook(tmp_path / "in.xlsx", fx.corpus_content())
    long_text = "lange tekst " * 800
    sheet = SheetOutput("Controle", rows=[[Cell("Titel", "title")], [Cell(long_text, "wrap")]], column_widths=[10])
    out = edit_file(src, tmp_path / "uit.xlsx", WorkbookEdits(sheets=[sheet]))
    fx.check_consistent(out)


# --- files we did not make: Apache POI's test data (used when present; never committed) ---------------------

POI = Path(os.environ.get("MVO_POI_SPREADSHEETS", "/tmp/poi-spreadsheet"))
POI_FILES = sorted(p.name for p in POI.glob("*.xls[xm]")) if POI.is_dir() else []


# Files validate's door lets in that the editor refuses, and why: validate's reader (calamine) reads cells only,
# finding the workbook at xl/workbook.xml by name and ignoring its namespace; the editor must follow the package's
# relationships and change the workbook part, so it refuses what it cannot understand rather than guess.
REFUSED_PAST_THE_DOOR = {
    "xlsx-corrupted.xlsx": "_rels/.rels is the text 'CORRUPTED': no relationship names the workbook part",
    "sample-beta.xlsx": "the workbook is in the namespace of an Excel 2007 beta, not SpreadsheetML",
}
_DUTCH = re.compile(r"\b(het|de|een|geen|niet|kan|werkmap|bestand|onderdeel)\b")


def _door(path: Path):
    """What validate's door (open_package) says of ``path``: None, or the UnreadableWorkbook it raises."""
    from mvo_xl.io.safety import UnreadableWorkbook, open_package

    try:
        open_package(path)
    except UnreadableWorkbook as exc:
        return exc
    return None


def _assert_refused(exc, src: Path, door, folder: Path) -> None:
    """A clean refusal: the editor's error, in Dutch, naming the file, as validate's door words it; no output."""
    assert exc.message.startswith(f"{src.name}: ") and _DUTCH.search(exc.message), exc.message
    assert door is not None or src.name in REFUSED_PAST_THE_DOOR, \
        f"validate reads it, the editor refuses: {exc.message}"
    assert door is None or door.message() in exc.message, (door.message(), exc.message)
    assert not list(folder.iterdir()), "a refused edit leaves no file behind"


@pytest.mark.skipif(not POI_FILES, reason="Apache POI test-data/spreadsheet not present (set MVO_POI_SPREADSHEETS)")
@pytest.mark.parametrize("name", POI_FILES)
def test_poi_workbooks_keep_what_the_tool_does_not_own(name, tmp_path):
    """Each file is either refused cleanly (as validate refuses it) or edited without adding a problem."""
    from mvo_xl.io.package import PackageError

    src = POI / name
    door = _door(src)
    sheets = list(fx.sheet_parts(fx.parts(src))) if door is None else []
    patched = tuple(sheets[:1])
    out_sheet = SheetOutput("Controle", rows=[[Cell("Controle", "title")], [Cell("a", "header"), Cell("b", "header")],
                                              [Cell("x"), Cell(3)], [Cell("y"), Cell(5)]],
                            column_widths=[20, 10], header_row=2, autofilter=True,
                            charts=[ChartSpec("Test", "D2", 1, 2, 3, 4)])
    marks = [CellMark(s, a, kind, text) for s in patched for a, kind, text in (("A1", "fout", "een fout"),
                                                                               ("B2", "info", "een info"))]
    out = tmp_path / "uit"
    out.mkdir()
    try:
        first = edit_file(src, out / ("1" + src.suffix),
                          WorkbookEdits(sheets=[out_sheet], marks=marks, activate="Controle"))
    except PackageError as exc:
        _assert_refused(exc, src, door, out)
        return
    assert door is None, f"validate refuses it, the editor wrote it: {door.message()}"
    fx.assert_no_new_problems(src, first)
    fx.assert_untouched(src, first, patched)
    assert _door(first) is None, "the tool's output passes validate's door"
    second = edit_file(first, out / ("2" + src.suffix), WorkbookEdits(sheets=[out_sheet], marks=[]))
    fx.assert_no_new_problems(src, second)
    fx.assert_untouched(src, second, patched)
    if any(word in name.lower() for word in ("comment", "macro", "chart", "drawing")):
        to_pdf(second, tmp_path)


# --- what main's openpyxl writer did, now done by the package editor ----------------------------------------

def _older_workbook(path: Path, *, drop: tuple[str, ...] = (), tall_row: int | None = None,
                    merge: str | None = None) -> Path:
    """A workbook of an older version (``drop``: Prioriteiten columns it did not have yet), saved by openpyxl."""
    from mvo_xl.cells import make_ref, split_ref

    content = fx.corpus_content()
    content["wishes"][0]["Droombeeld"] = "Een lange wens " * 40
    src = write_workbook(path.with_name("bron-" + path.name), content)
    wb = openpyxl.load_workbook(src)
    ws = wb["Prioriteiten"]
    table = next(iter(ws.tables.values()))
    for header in drop:
        names = [col.name for col in table.tableColumns]
        assert names[-1] == header, names  # the tool's columns are the last ones
        min_col, min_row, max_col, max_row = split_ref(table.ref)
        for r in range(min_row, ws.max_row + 1):
            ws.cell(row=r, column=max_col).value = None
        table.tableColumns.pop()
        table.ref = make_ref(min_col, min_row, max_col - 1, max_row)
        table.autoFilter.ref = table.ref
    wishes = wb["Droombeelden"]
    for r in range(2, wishes.max_row + 1):
        wishes.row_dimensions[r].height = None
    if tall_row:
        wishes.row_dimensions[tall_row].height = 200
    if merge:
        wishes.merge_cells(merge)
    wb.save(path)
    return path


def test_written_input_rows_get_the_height_their_text_needs_and_taller_rows_stay(tmp_path):
    from mvo_xl import layout
    from mvo_xl.io.writer import _width

    src = _older_workbook(tmp_path / "in.xlsx", tall_row=3)
    out = tmp_path / "uit.xlsx"
    run("group", src, "-o", out)
    fx.check_consistent(out)
    ws = openpyxl.load_workbook(out)["Droombeelden"]
    assert ws.row_dimensions[3].height == 200  # the user's taller row stays as tall
    checked = 0
    for r in range(2, ws.max_row + 1):
        if ws.cell(row=r, column=6).value is None:  # no Groepslabel written in this row
            continue
        assert ws.cell(row=r, column=6).alignment.wrap_text
        cells = [(cell.value, _width(ws, cell.column), cell.font.sz or 11, bool(cell.font.b),
                  bool(cell.alignment.wrap_text)) for cell in ws[r] if cell.value is not None]
        need = layout.row_height(cells)
        height = ws.row_dimensions[r].height
        if need is not None:
            checked += 1
            assert height is not None and height >= need - 0.05, (r, height, need)
        assert height is None or height <= layout.MAX_ROW_HEIGHT
    assert checked >= 1 and ws.row_dimensions[2].height > 100  # the long wish's row grew


def test_tool_values_skip_the_covered_part_of_a_merged_range(tmp_path):
    src = _older_workbook(tmp_path / "in.xlsx", merge="E2:F2")  # Groep and Groepslabel of the first wish
    out = tmp_path / "uit.xlsx"
    run("group", src, "-o", out)
    fx.check_consistent(out)
    xml = fx.parts(out)[fx.sheet_parts(fx.parts(out))["Droombeelden"]].decode()
    cells = dict(re.findall(r'<c r="([EF][23])"[^>]*?(/>|>.*?</c>)', xml))
    assert "<v>" in cells["E2"] or "<t" in cells["E2"]  # the merged range's own cell is written
    assert cells.get("F2", "/>") == "/>"  # its covered part is not (openpyxl would not even show it)
    assert "<t" in cells["F3"]  # the next row got its label
    assert '<mergeCell ref="E2:F2"/>' in xml


def test_an_older_workbook_gets_the_prioriteiten_columns_with_the_tool_header(tmp_path):
    from mvo_xl import contract as c

    src = _older_workbook(tmp_path / "in.xlsx", drop=("Thema van de actie", "Actie (omschrijving)"))
    out = tmp_path / "uit.xlsx"
    run("validate", src, "--schrijf", out)
    fx.check_consistent(out)
    fx.assert_untouched(src, out, _patched("validate"))
    wb = openpyxl.load_workbook(out)
    ws = wb["Prioriteiten"]
    table = next(iter(ws.tables.values()))
    names = [col.name for col in table.tableColumns]
    assert names[-2:] == ["Actie (omschrijving)", "Thema van de actie"]
    for offset, header in ((-2, "Actie (omschrijving)"), (-1, "Thema van de actie")):
        col = openpyxl.utils.column_index_from_string(table.ref.split(":")[1].rstrip("0123456789")) + offset + 1
        cell = ws.cell(row=1, column=col)
        assert cell.value == header and cell.fill.fill_type == "solid"
        assert str(cell.fill.fgColor.rgb)[-6:].upper() == palette.TOOL_HEADER and cell.font.b
        assert ws.column_dimensions[openpyxl.utils.get_column_letter(col)].width == c.VOTES.column(
            "action_text" if offset == -2 else "action_theme").width
    book = read_workbook(out)
    assert any(v.action_text for v in book.votes)


def test_output_sheets_carry_the_print_setup_footer_and_page_breaks(tmp_path):
    src = write_workbook(tmp_path / "in.xlsx", fx.corpus_content())
    sheet = SheetOutput("Controle", rows=[[Cell("Titel", "title")]] + [[Cell(f"regel {i}")] for i in range(60)],
                        column_widths=[30], header_row=1, landscape=False, row_breaks=[20, 40])
    out = edit_file(src, tmp_path / "uit.xlsx", WorkbookEdits(sheets=[sheet]))
    fx.check_consistent(out)
    ws = openpyxl.load_workbook(out)["Controle"]
    assert ws.page_setup.orientation == "portrait" and ws.page_setup.fitToWidth == 1
    assert [b.id for b in ws.row_breaks.brk] == [20, 40]
    assert "pagina &P van &N" in ws.oddFooter.center.text
    assert ws.page_margins.left == pytest.approx(0.5)


def test_group_on_a_date_cell_holding_a_bad_date_or_nan(tmp_path):
    """Nothing loads the user's workbook in openpyxl any more: a t="d" cell it would choke on is just copied."""
    src = write_workbook(tmp_path / "in.xlsx", fx.corpus_content())
    found = fx.parts(src)
    part = fx.sheet_parts(found)["Acties"]
    xml = found[part].decode()
    odd_cells = '<c r="Y2" t="n"><v>NaN</v></c><c r="Z2" t="d"><v>niet-een-datum</v></c>'
    xml, n = re.subn(r'(<row r="2"[^>]*>.*?)(</row>)', lambda m: m.group(1) + odd_cells + m.group(2), xml, count=1,
                     flags=re.S)
    assert n == 1
    found[part] = xml.encode()
    odd = tmp_path / "vreemd.xlsx"
    with zipfile.ZipFile(odd, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in found.items():
            zf.writestr(name, data)
    out = tmp_path / "uit.xlsx"
    run("group", odd, "-o", out)
    fx.check_consistent(out)
    assert fx.parts(out)[part] == found[part]  # the odd cells are copied as they were


def test_libreoffice_content_types_stay_whole_when_an_output_sheet_is_rebuilt(tmp_path):
    """LibreOffice types every .rels part by its own override. When a command rebuilds an output sheet whose
    relationships go (Groepen, Actieplan, Controle of the filled demo), their override goes too: a content
    type for a part that is not there is an inconsistent package."""
    from tests.office import convert

    demo = tmp_path / "demo.xlsx"
    assert run("demo", demo) == 0
    saved = convert(demo, tmp_path / "lo", "xlsx")
    types = fx.parts(saved)["[Content_Types].xml"].decode()
    assert any(n.endswith(".rels") for n in re.findall(r'PartName="/([^"]+)"', types))
    for command in ("group", "plan", "validate"):
        out = tmp_path / f"{command}.xlsx"
        _run_step(command, saved, out)
        fx.assert_no_new_problems(saved, out)


def test_an_output_sheet_renamed_in_another_case_is_rebuilt_not_doubled(tmp_path):
    """Excel compares sheet names without case: a user's 'GROEPEN' is the tool's Groepen. Adding a second
    'Groepen' beside it makes a workbook Excel must repair."""
    demo = tmp_path / "demo.xlsx"
    assert run("demo", demo) == 0
    parts = fx.parts(demo)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'name="Groepen"', b'name="GROEPEN"', 1) \
        .replace(b'name="Controle"', b'name="controle"', 1)
    src = tmp_path / "hernoemd.xlsx"
    with zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    for command in ("group", "validate", "plan"):
        out = tmp_path / f"{command}.xlsx"
        _run_step(command, src, out)
        names = list(fx.sheet_parts(fx.parts(out)))
        assert len({n.casefold() for n in names}) == len(names), names
        assert {"group": "Groepen", "validate": "Controle", "plan": "Actieplan"}[command] in names
        fx.assert_no_new_problems(src, out)
