"""Readable everywhere: every sheet of the template and the demo, written and read back.

Header cells carry their own fill (LibreOffice drops table styles), no row is
lower than its wrapped text needs by mvo_xl.layout's estimate, none is above
Excel's 409 pt, and every sheet has a print setup.
"""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook

from mvo_xl import contract as c
from mvo_xl import layout
from mvo_xl.cli import main
from mvo_xl.dutch import aantal, opsomming
from mvo_xl.io.writer import _width

PLURAL_HACKS = re.compile(r"\w\((en|s)\)")


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory):
    folder = tmp_path_factory.mktemp("looks")
    template, demo = folder / "sjabloon.xlsx", folder / "demo.xlsx"
    assert main(["template", str(template)]) == 0
    assert main(["demo", str(demo)]) == 0
    return {"template": load_workbook(template), "demo": load_workbook(demo)}


def _header_rows(ws) -> list[int]:
    """Table header rows (input sheets) and rows the tool styled as header (output sheets)."""
    rows = {int(re.sub(r"\D", "", t.ref.split(":")[0])) for t in ws.tables.values()}
    for row in ws.iter_rows():
        for cell in row:
            if cell.font and cell.font.b and cell.font.color is not None and \
                    str(cell.font.color.rgb).upper().endswith("FFFFFF"):
                rows.add(cell.row)
    return sorted(rows)


@pytest.mark.parametrize("which", ["template", "demo"])
def test_every_header_cell_has_its_own_fill_and_font(workbooks, which):
    wb = workbooks[which]
    seen = 0
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        for r in _header_rows(ws):
            for cell in ws[r]:
                if cell.value is None:
                    continue
                seen += 1
                assert cell.fill.fill_type == "solid", (ws.title, cell.coordinate)
                assert cell.font.b and str(cell.font.color.rgb).upper().endswith("FFFFFF"), (ws.title, cell.coordinate)
    assert seen > 40


@pytest.mark.parametrize("which", ["template", "demo"])
def test_no_row_lower_than_its_text_needs_and_none_above_409(workbooks, which):
    wb = workbooks[which]
    checked = 0
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        for r in range(1, ws.max_row + 1):
            height = ws.row_dimensions[r].height
            assert height is None or height <= layout.MAX_ROW_HEIGHT, (ws.title, r, height)
            cells = [(cell.value, _width(ws, cell.column), cell.font.sz or 11, bool(cell.font.b),
                      bool(cell.alignment.wrap_text)) for cell in ws[r] if cell.value is not None]
            need = layout.row_height(cells)
            if need is not None:
                checked += 1
                assert height is not None and height >= need - 0.05, (ws.title, r, height, need)
    assert checked > (0 if which == "template" else 100)


@pytest.mark.parametrize("which", ["template", "demo"])
def test_every_sheet_has_a_print_setup(workbooks, which):
    for ws in workbooks[which].worksheets:
        if ws.sheet_state != "visible":
            continue
        assert ws.page_setup.orientation in ("landscape", "portrait"), ws.title
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4) and int(ws.page_setup.fitToWidth) == 1, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        if ws.tables:
            assert ws.print_title_rows, ws.title
    wide = workbooks[which][c.OBJECTIVES.sheet]
    assert wide.page_setup.orientation == "landscape"


def test_dashboard_keeps_each_chart_on_one_page(workbooks):
    ws = workbooks["demo"][c.SHEET_DASHBOARD]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks, "the demo dashboard is longer than a page: it needs breaks between its blocks"
    for chart in ws._charts:
        top = chart.anchor._from.row + 1
        bottom = top + layout.ceil_rows(chart.height)
        assert not any(top <= b < bottom - 1 for b in breaks), (top, bottom, breaks)


def test_droombeelden_has_a_legend_and_gelijkenis_is_explained(workbooks):
    ws = workbooks["template"][c.WISHES.sheet]
    texts = [cell.value for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert "Legende" in texts and any(t.startswith("Rood") for t in texts)
    col = c.WISHES.headers.index("Gelijkenis") + 1
    assert "0-100" in ws.cell(1, col).comment.text
    groepen = workbooks["demo"][c.SHEET_GROUPS]
    assert any("Gelijkenis" in str(cell.value) for cell in groepen[3])


def test_prioriteiten_shows_what_each_chosen_action_is(workbooks):
    wb = workbooks["demo"]
    actions = {r[0]: r[2] for r in wb[c.ACTIONS.sheet].iter_rows(min_row=2, values_only=True) if r[0]}
    rows = list(wb[c.VOTES.sheet].iter_rows(min_row=2, values_only=True))
    assert rows
    for row in rows:
        if row[2] in actions:
            text = row[3].rstrip("…")
            assert actions[row[2]].startswith(text) and row[4], row
    # one printed line per vote: compact
    widths = c.VOTES.column("action_text").width
    assert all(layout.wrapped_lines(r[3], layout.chars_per_line(widths, size=11)) == 1 for r in rows if r[3])


def test_controle_of_the_demo_reads_like_a_note(workbooks):
    ws = workbooks["demo"][c.SHEET_CHECK]
    rows = [tuple(cell.value for cell in row) for row in ws.iter_rows()]
    lines = [r for r in rows if r[0] and str(r[0]).startswith("MVO")]
    messages = [r[5] for r in lines]
    assert len(messages) == len(set(messages)), "a message appears twice"
    assert sum(1 for r in lines if r[0] == "MVO034") <= 6  # one line per theme at most
    severities = [r[1] for r in lines]
    assert severities == sorted(severities, key=["Fout", "Waarschuwing", "Info"].index)
    head = next(i for i, r in enumerate(rows) if r[0] == "Thema")
    assert rows[head][:4] == ("Thema", "Fout", "Waarschuwing", "Info")
    every_text = " ".join(str(v) for r in rows for v in r if isinstance(v, str))
    assert not PLURAL_HACKS.search(every_text), PLURAL_HACKS.search(every_text)
    mvo001 = next(r for r in lines if r[0] == "MVO001")
    assert mvo001[3] == "K6" and "Cellen: K6, K7, K8 en K9." in mvo001[5]


@pytest.mark.parametrize("which", ["template", "demo"])
def test_no_bracket_plurals_anywhere_in_the_workbook(workbooks, which):
    for ws in workbooks[which].worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert not PLURAL_HACKS.search(cell.value), (ws.title, cell.coordinate, cell.value)


def test_dashboard_says_which_votes_are_left_out(workbooks):
    ws = workbooks["demo"][c.SHEET_DASHBOARD]
    texts = [str(cell.value) for row in ws.iter_rows() for cell in row if cell.value]
    assert any("1 stem telt niet mee: actie van een ander thema" in t for t in texts)
    labels = [t for t in texts if t.endswith("…")]
    assert labels and all(t[-2] != " " for t in labels)


def test_dutch_counts():
    assert aantal(1, "droombeeld", "droombeelden") == "1 droombeeld"
    assert aantal(0, "wens", "wensen") == "0 wensen" and aantal(2, "wens", "wensen") == "2 wensen"
    assert opsomming(["a"]) == "a" and opsomming(["a", "b", "c"]) == "a, b en c"
    from mvo_xl.catalogue import message
    assert "met 1 wens wordt" in message("MVO034", group="G", label="x", count=1)
    assert "betrekt maar 1 dienst (" in message("MVO020", id="D-01", count=1, departments="X")


def test_layout_estimate():
    assert layout.wrapped_lines("een twee drie", 8) == 2
    assert layout.wrapped_lines("x" * 25, 10) == 3
    assert layout.wrapped_lines("a\nb", 10) == 2
    assert layout.text_height("woord " * 5000, 10) == layout.MAX_ROW_HEIGHT
    assert layout.shorten("Het aandeel dienstverplaatsingen stijgt", 20) == "Het aandeel…"
    assert layout.shorten("kort", 20) == "kort"


def test_prioriteiten_prints_one_page_wide_with_its_header_on_every_page(tmp_path):
    """The demo's 180 votes print on several A4 pages (it is long), each page holding every column and the header."""
    import shutil
    import subprocess

    from mvo_xl.io.writer import atomic_save, load_for_edit
    from tests.office import pdf_pages, to_pdf

    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (Debian package poppler-utils) is not installed; .ci/run installs it")
    demo = tmp_path / "demo.xlsx"
    assert main(["demo", str(demo), "-q"]) == 0
    wb = load_for_edit(demo)
    votes = [r for r in wb[c.VOTES.sheet].iter_rows(min_row=2, values_only=True) if r[0]]
    for ws in list(wb.worksheets):
        if ws.title != c.VOTES.sheet:
            wb.remove(ws)
    alone = atomic_save(wb, tmp_path / "prioriteiten.xlsx")
    pdf = to_pdf(alone, tmp_path)
    pages = pdf_pages(pdf)
    assert pages > 1
    header = re.compile(r"^\s*" + r"\s+".join(map(re.escape, c.VOTES.headers)) + r"\s*$", re.M)
    printed = 0
    for page in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
                              capture_output=True, text=True, check=True, timeout=60).stdout
        first_line = next(line for line in text.splitlines() if line.strip())
        assert header.fullmatch(first_line), f"page {page} starts with {first_line!r}, not the header"
        assert len(header.findall(text)) == 1, page
        assert f"{c.VOTES.sheet} – pagina {page} van {pages}" in text
        printed += len(re.findall(r"\s(A-\d+)\s", text))
    assert printed == len(votes)  # every vote on a page, none pushed to a page of its own columns
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=60).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    assert round(width) == 595 and round(height) == 842  # A4 portrait: the table is narrow enough
