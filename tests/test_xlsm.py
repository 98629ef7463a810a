"""The macro-enabled workbook, read back by independent readers (olevba, pyOpenVBA, LibreOffice)."""

from __future__ import annotations

import importlib
import importlib.util
import io
import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest
from defusedxml import ElementTree as ET
from openpyxl import Workbook, load_workbook

from mvo_xl import xlsm

olevba = pytest.importorskip("oletools.olevba")

CUSTOM_UI_NS = "{http://schemas.microsoft.com/office/2009/07/customui}"
# Ribbon callback -> the function it runs in mvo_xl.excel (the button functions file fills these in).
EXPECTED_TARGETS = {
    "GroepeerDroombeelden": "group_wishes",
    "Controleer": "validate",
    "MaakActieplan": "make_plan",
    "ActieplanNaarWord": "make_plan_docx",
    "NieuweIDs": "fill_ids",
}
PURE_VBA_CALLBACKS = {"ToonHelp"}
_CALLBACK = re.compile(r"^\s*(?:Public\s+)?Sub\s+(\w+)\s*\(\s*\w+\s+As\s+IRibbonControl\s*\)(.*?)^\s*End Sub",
                       re.M | re.S | re.I)
_RUN_PYTHON = re.compile(r'"import ([\w.]+); ([\w.]+)\.(\w+)\(\)"')


def _layout() -> bytes:
    wb = Workbook()
    wb.active.title = "Instructies"
    wb.active["B1"] = "Instructies"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return xlsm.build_xlsm(_layout(), tmp_path_factory.mktemp("xlsm") / "MVO-traject.xlsm")


@pytest.fixture(scope="module")
def built_standalone(tmp_path_factory) -> Path:
    return xlsm.build_xlsm(_layout(), tmp_path_factory.mktemp("xlsm") / "MVO-standalone.xlsm", standalone=True)


def _olevba_modules(path: Path) -> dict[str, str]:
    parser = olevba.VBA_Parser(str(path))
    try:
        return {Path(name).stem: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


def _body(code: str) -> str:
    """VBA text without Attribute lines and line-ending noise, for comparing."""
    lines = code.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines if not line.startswith("Attribute ")).strip()


def _ribbon(path: Path):
    with zipfile.ZipFile(path) as z:
        return ET.fromstring(z.read(xlsm.RIBBON_PART))


def _callbacks(code: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in _CALLBACK.finditer(code)}


# --- the VBA project ---------------------------------------------------------------------------

def test_every_module_equals_its_source(built):
    modules = _olevba_modules(built)
    sources = xlsm.vba_sources()
    assert sources, "no .bas in macros/"
    for name, source in sources.items():
        assert name in modules, f"module {name} missing from the VBA project"
        assert _body(modules[name]) == _body(source)


def test_every_ribbon_action_names_an_existing_sub(built):
    code = "\n".join(_olevba_modules(built).values())
    subs = set(_callbacks(code))
    actions = [b.get("onAction") for b in _ribbon(built).iter(CUSTOM_UI_NS + "button")]
    assert len(actions) >= 3
    assert set(actions) == set(EXPECTED_TARGETS) | PURE_VBA_CALLBACKS
    for action in actions:
        assert action in subs, f"ribbon onAction {action} has no Sub {action}(control As IRibbonControl)"


def test_ribbon_tab_groups_and_buttons(built):
    root = _ribbon(built)
    tabs = list(root.iter(CUSTOM_UI_NS + "tab"))
    assert [t.get("label") for t in tabs] == ["MVO"]
    groups = [g.get("label") for g in root.iter(CUSTOM_UI_NS + "group")]
    assert groups == ["1. Droombeelden", "2. Controle", "3. Actieplan", "Hulp"]
    labels = {b.get("label"): b for b in root.iter(CUSTOM_UI_NS + "button")}
    for label in ("Groepeer droombeelden", "Controleer", "Maak actieplan", "Actieplan naar Word", "Help"):
        assert labels[label].get("size") == "large" and labels[label].get("imageMso")
    plan_group = next(g for g in root.iter(CUSTOM_UI_NS + "group") if g.get("label") == "3. Actieplan")
    assert [b.get("label") for b in plan_group] == ["Maak actieplan", "Actieplan naar Word"]
    assert "docx" in labels["Actieplan naar Word"].get("supertip")


def test_every_run_python_string_resolves(built):
    code = _olevba_modules(built)["MVO"]
    callbacks = _callbacks(code)
    targets = {}
    for name, body in callbacks.items():
        found = _RUN_PYTHON.findall(body)
        if name in PURE_VBA_CALLBACKS:
            assert not found and "RunPython" not in body
            continue
        assert len(found) == 1, f"{name} must hand xlwings exactly one literal Python statement"
        module, prefix, function = found[0]
        assert module == prefix == "mvo_xl.excel"
        assert importlib.util.find_spec(module) is not None
        targets[name] = function
    assert targets == EXPECTED_TARGETS
    package = importlib.import_module("mvo_xl.excel")
    assert set(EXPECTED_TARGETS.values()) <= set(package.BUTTONS)
    if importlib.util.find_spec("mvo_xl.excel.buttons") is not None:
        for function in targets.values():
            assert callable(getattr(package, function)), f"mvo_xl.excel.{function} is not a function"


# --- the package -------------------------------------------------------------------------------

def test_content_types_and_ribbon_relationship(built):
    with zipfile.ZipFile(built) as z:
        types = ET.fromstring(z.read("[Content_Types].xml"))
        rels = ET.fromstring(z.read("_rels/.rels"))
        names = z.namelist()
    overrides = {o.get("PartName"): o.get("ContentType") for o in types if o.tag.endswith("Override")}
    assert overrides["/xl/workbook.xml"] == xlsm.MACRO_MAIN_CONTENT_TYPE
    assert overrides["/" + xlsm.RIBBON_PART] == xlsm.RIBBON_CONTENT_TYPE
    assert "xl/vbaProject.bin" in names and xlsm.RIBBON_PART in names
    ribbon_rels = [r for r in rels if r.get("Type") == xlsm.RIBBON_REL_TYPE]
    assert [r.get("Target") for r in ribbon_rels] == [xlsm.RIBBON_PART]


def test_xlwings_conf_sheet_is_hidden_with_defaults(built):
    wb = _load_with_vba(built)
    ws = wb[xlsm.CONF_SHEET]
    assert ws.sheet_state == "hidden"
    assert [(r[0], r[1]) for r in ws.iter_rows(values_only=True)] == list(xlsm.CONF_DEFAULTS)
    assert wb.sheetnames[0] == "Instructies"


def test_xlwings_conf_avoids_onedrive_mapping_and_names_the_interpreter_standalone(built, built_standalone, tmp_path):
    def conf(path):
        ws = _load_with_vba(path)[xlsm.CONF_SHEET]
        return {str(k).upper(): v for k, v in ws.iter_rows(values_only=True)}  # xlwings upper-cases keys

    plain, standalone = conf(built), conf(built_standalone)
    for settings in (plain, standalone):
        # anything but "true" stops xlwings.utils.prepare_sys_path from mapping a OneDrive/SharePoint URL
        assert str(settings["ADD_WORKBOOK_TO_PYTHONPATH"]).lower() == "false"
    assert "INTERPRETER_WIN" not in plain  # the add-in's own setting (xlwings addin install) applies
    assert standalone["INTERPRETER_WIN"] == xlsm.DEFAULT_INTERPRETER_WIN == r"%SystemRoot%\py.exe"
    own = xlsm.build_xlsm(_layout(), tmp_path / "eigen.xlsm", standalone=True,
                          interpreter=r"C:\Program Files\Python312\python.exe")
    assert conf(own)["INTERPRETER_WIN"] == r"C:\Program Files\Python312\python.exe"



def _load_with_vba(path):
    """openpyxl keeps the zip open for the VBA parts (``vba_archive``): close it, the cells are read."""
    wb = load_workbook(path, keep_vba=True)
    wb.vba_archive.close()
    return wb

def _ole_streams(path: Path) -> dict[str, bytes]:
    import olefile

    with zipfile.ZipFile(path) as z:
        ole = olefile.OleFileIO(io.BytesIO(z.read("xl/vbaProject.bin")))
    try:
        return {"/".join(entry): ole.openstream(entry).read() for entry in ole.listdir()}
    finally:
        ole.close()


def test_vba_project_stream_is_as_ms_ovba_prescribes(built, built_standalone):
    """[MS-OVBA] 2.3.4.1: Reserved1 0x61CC, Version 0xFFFF on write, Reserved2 0x00, Reserved3 (2 bytes,
    undefined), and no PerformanceCache on write: Office then compiles from the source."""
    import struct

    for path in (built, built_standalone):
        stream = _ole_streams(path)["VBA/_VBA_PROJECT"]
        assert len(stream) == 7, f"a PerformanceCache of {len(stream) - 7} bytes is present"
        reserved1, version, reserved2, _reserved3 = struct.unpack("<HHBH", stream)
        assert (reserved1, version, reserved2) == (0x61CC, 0xFFFF, 0x00)


def test_no_module_carries_compiled_p_code(built_standalone):
    """Every module stream is source only (MODULEOFFSET 0): nothing stale for Office to trust."""
    from pyopenvba.cfb import CFB
    from pyopenvba.vba import parse_vba_project

    with zipfile.ZipFile(built_standalone) as z:
        project = parse_vba_project(CFB.from_bytes(z.read("xl/vbaProject.bin")))
    offsets = {m.name: m.text_offset for m in project.modules}
    assert {"MVO", "ThisWorkbook", "xlwings"} <= set(offsets)
    assert all(offset == 0 for offset in offsets.values()), offsets
    parser = olevba.VBA_Parser(str(built_standalone))
    try:
        this = [code for _, _, name, code in parser.extract_macros() if Path(name).stem == "ThisWorkbook"]
    finally:
        parser.close()
    assert this and 'Attribute VB_Name = "ThisWorkbook"' in this[0]


# Excel control IDs (imageMso) the ribbon may use: each checked in Microsoft's own list, "Office Fluent
# User Interface Control Identifiers", excelcontrols.xlsx (github.com/OfficeDev/office-fluent-ui-command-
# identifiers, "Microsoft 365/Current Channel" and "Office 2016"), column "Control Name", all of type button.
# "Numbering" and "TableInsert" are not in it (Word/PowerPoint IDs): Excel shows them blank. Excel has no
# Word icon; "FileSaveAsOtherFormats" (a button in both lists) stands for writing another format.
EXCEL_IMAGE_MSO = frozenset({"ObjectsGroup", "DataValidation", "TableInsertExcel", "Help", "FillSeries",
                             "FileSaveAsOtherFormats"})


def test_every_ribbon_icon_is_an_excel_control_id(built):
    icons = {b.get("id"): b.get("imageMso") for b in _ribbon(built).iter(CUSTOM_UI_NS + "button")}
    assert icons and all(icons.values()), icons
    assert set(icons.values()) <= EXCEL_IMAGE_MSO, set(icons.values()) - EXCEL_IMAGE_MSO
    assert icons["mvoPlan"] == "TableInsertExcel" and icons["mvoIds"] == "FillSeries"
    assert icons["mvoPlanWord"] == "FileSaveAsOtherFormats"


def test_pyopenvba_checks_pass(built, built_standalone):
    from pyopenvba import ExcelFile, check_file

    for path in (built, built_standalone):
        report = check_file(path)
        assert report.ok, report.issues
        with ExcelFile(path) as book:
            assert book.validate() == []
            assert "MVO" in book.vba_modules()


def test_pyopenvba_parser_parses_every_bas():
    from pyopenvba.interpreter import parse_module

    for name, source in xlsm.vba_sources().items():
        module = parse_module(source, name=name)
        assert {p.name for p in module.procedures} >= set(EXPECTED_TARGETS) | PURE_VBA_CALLBACKS


def test_standalone_embeds_xlwings_from_the_installed_package(built_standalone):
    modules = _olevba_modules(built_standalone)
    for name, kind, source in xlsm.xlwings_standalone_sources():
        assert name in modules
        assert _body(modules[name]) == _body(re.sub(r"(?s)^VERSION 1\.0 CLASS.*?END\n", "", source))
    assert "MVO" in modules


def test_plain_build_embeds_no_xlwings(built):
    modules = set(_olevba_modules(built))
    assert "MVO" in modules and not modules & {"xlwings", "Dictionary"}


def test_ribbon_survives_an_openpyxl_save(built, tmp_path):
    edited = tmp_path / "edited.xlsm"
    wb = load_workbook(built, keep_vba=True)
    wb["Instructies"]["B2"] = "bewerkt"
    wb.save(edited)
    wb.vba_archive.close()
    xlsm.restore_custom_ui(built, edited)
    with zipfile.ZipFile(edited) as z:
        assert z.read(xlsm.RIBBON_PART) == xlsm.ribbon_xml()
        assert xlsm.RIBBON_REL_TYPE in z.read("_rels/.rels").decode()
    assert "MVO" in _olevba_modules(edited)


def test_only_xlsm_is_accepted(tmp_path):
    with pytest.raises(ValueError):
        xlsm.build_xlsm(_layout(), tmp_path / "x.xlsx")


# --- running a callback in pyOpenVBA's interpreter ------------------------------------------------

def _interpreter(addin: bool, standalone: bool, sheets=("Instructies",), book="MVO-traject.xlsm",
                 macros=("'MVO-traject.xlsm'!GetConfigFilePath", "'MVO-traject.xlsm'!RunPython"),
                 python_error: tuple[int, str] | None = None):
    """``macros``: what the standalone xlwings module answers to, spelled as Excel expects it."""
    from pyopenvba.exceptions import VBARuntimeError
    from pyopenvba.interpreter import HostBridge, Interpreter, VBAObject, member, method
    from pyopenvba.interpreter._runtime import UNRESOLVED

    calls: list[tuple[str, ...]] = []
    activated: list[str] = []

    class Sheet(VBAObject):
        vba_type_name = "Worksheet"

        def __init__(self, name):
            self._name = name

        @method(name="Activate")
        def activate(self):
            activated.append(self._name)

    class Named(VBAObject):
        vba_type_name = "Collection"

        def __init__(self, names, make):
            self._names, self._make = names, make

        @method(default=True, name="Item")
        def item(self, key):
            if str(key).lower() in {n.lower() for n in self._names}:
                return self._make(str(key))
            raise VBARuntimeError(9, "Subscript out of range")

    class Book(VBAObject):
        vba_type_name = "Workbook"

        def __init__(self, name):
            self._name = name

        @member(name="Name")
        def name(self):
            return self._name

        @member(name="Worksheets")
        def worksheets(self):
            return Named(sheets, Sheet)

    class Application(VBAObject):
        vba_type_name = "Application"

        @method(name="Run")
        def run(self, macro, *args):
            macro = str(macro)
            if (addin and macro == "xlwings.xlam!RunPython") or (standalone and macro in macros):
                if macro.endswith("!GetConfigFilePath"):
                    return "C:\\Users\\zoe\\.xlwings\\xlwings.conf"
                calls.append((macro, *map(str, args)))
                if python_error:  # an error raised inside RunPython reaches the caller of Application.Run
                    raise VBARuntimeError(*python_error)
                return None
            raise VBARuntimeError(1004, f"Cannot run the macro '{macro}'.")

        @member(name="Workbooks")
        def workbooks(self):
            return Named(["xlwings.xlam"] if addin else [], Book)

    app, this = Application(), Book(book)

    class Bridge(HostBridge):
        def global_object(self, name):
            return {"application": app, "thisworkbook": this}.get(name.lower(), UNRESOLVED)

        def has_global_member(self, name):
            return name.lower() in ("application", "thisworkbook")

    vba = Interpreter(Bridge())
    for name, source in xlsm.vba_sources().items():
        vba.add_module(source, name=name)
    return vba, calls, activated


@pytest.mark.parametrize("addin, standalone, macro", [
    (True, False, "xlwings.xlam!RunPython"),
    (False, True, "'MVO-traject.xlsm'!RunPython"),
    (True, True, "xlwings.xlam!RunPython"),
])
def test_callbacks_hand_xlwings_exactly_their_statement(addin, standalone, macro):
    from pyopenvba.interpreter import NOTHING

    for callback, function in EXPECTED_TARGETS.items():
        vba, calls, _ = _interpreter(addin, standalone)
        vba.run(callback, [NOTHING])
        assert calls == [(macro, f"import mvo_xl.excel; mvo_xl.excel.{function}()")]
        assert vba.dialogs == []


def test_without_xlwings_the_user_gets_a_dutch_message():
    from pyopenvba.interpreter import NOTHING

    vba, calls, _ = _interpreter(False, False)
    vba.run("Controleer", [NOTHING])
    assert calls == []
    assert len(vba.dialogs) == 1 and "xlwings" in vba.dialogs[0][1] and "Vraag uw IT-dienst" in vba.dialogs[0][1]


def test_an_apostrophe_in_the_workbook_name_is_doubled_in_the_macro_name():
    from pyopenvba.interpreter import NOTHING

    book = "Zoë's MVO-traject (v2).xlsm"
    vba, calls, _ = _interpreter(False, True, book=book,
                                 macros=("'Zoë''s MVO-traject (v2).xlsm'!GetConfigFilePath",
                                         "'Zoë''s MVO-traject (v2).xlsm'!RunPython"))
    vba.run("MaakActieplan", [NOTHING])
    vba.run("ActieplanNaarWord", [NOTHING])
    assert calls == [("'Zoë''s MVO-traject (v2).xlsm'!RunPython", "import mvo_xl.excel; mvo_xl.excel.make_plan()"),
                     ("'Zoë''s MVO-traject (v2).xlsm'!RunPython", "import mvo_xl.excel; mvo_xl.excel.make_plan_docx()")]
    assert vba.dialogs == []


@pytest.mark.parametrize("addin, standalone", [(True, False), (False, True)])
def test_an_error_inside_python_is_named_as_such_not_as_missing_xlwings(addin, standalone):
    from pyopenvba.interpreter import NOTHING

    vba, calls, _ = _interpreter(addin, standalone, python_error=(1004, "ModuleNotFoundError: No module named 'mvo_xl'"))
    vba.run("Controleer", [NOTHING])  # handled: no error escapes to VBA's Debug dialog
    assert len(calls) == 1 and len(vba.dialogs) == 1
    text = vba.dialogs[0][1]
    assert "ModuleNotFoundError: No module named 'mvo_xl'" in text and "Fout 1004" in text
    assert "'Controleer'" in text and "Python" in text and "ontbreekt" not in text
    assert "xlwings ontbreekt" not in str(vba.dialogs[0])


def test_every_public_sub_handles_its_errors():
    """No public Sub can end in VBA's Debug dialog: each starts with an On Error GoTo handler."""
    code = xlsm.vba_sources()["MVO"]
    subs = re.findall(r"^Public Sub (\w+)\(.*?\)\n(.*?)^End Sub", code, re.M | re.S)
    assert {name for name, _ in subs} == set(EXPECTED_TARGETS) | PURE_VBA_CALLBACKS
    for name, body in subs:
        first = body.strip().splitlines()[0].strip()
        assert re.fullmatch(r"On Error GoTo \w+", first), f"{name} starts with {first!r}"
        label = first.split()[-1]
        assert re.search(rf"^{label}:\s*$", body, re.M) and "Exit Sub" in body and "MsgBox" in code


def test_help_activates_instructies_without_python():
    from pyopenvba.interpreter import NOTHING

    vba, calls, activated = _interpreter(False, False)
    vba.run("ToonHelp", [NOTHING])
    assert activated == ["Instructies"] and calls == [] and vba.dialogs == []
    vba, calls, activated = _interpreter(False, False, sheets=())
    vba.run("ToonHelp", [NOTHING])
    assert activated == [] and "Instructies" in vba.dialogs[0][1]


# --- LibreOffice -------------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_xlsm(built, tmp_path):
    profile = f"file:///tmp/lo_profile_{uuid.uuid4().hex}"
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(built)],
        capture_output=True, text=True, timeout=120)
    pdf = tmp_path / (built.stem + ".pdf")
    assert pdf.is_file() and pdf.stat().st_size > 0, result.stdout + result.stderr
    shutil.rmtree(profile.removeprefix("file://"), ignore_errors=True)


def test_committed_macro_template_carries_the_spec_stream_and_the_conf_sheet():
    committed = Path(__file__).resolve().parent.parent / "workbook_template" / "MVO-traject.xlsm"
    assert _ole_streams(committed)["VBA/_VBA_PROJECT"] == xlsm.VBA_PROJECT_STREAM, \
        "rebuild it: mvo-xl template workbook_template/MVO-traject.xlsm"
    ws = load_workbook(committed, keep_vba=True)[xlsm.CONF_SHEET]
    assert [tuple(r) for r in ws.iter_rows(values_only=True)] == list(xlsm.CONF_DEFAULTS)


def test_template_command_sets_the_standalone_interpreter(tmp_path, capsys):
    from mvo_xl.cli import main

    python = r"C:\Users\Zoë De Smet\AppData\Local\Programs\Python\Python312\python.exe"
    assert main(["template", str(tmp_path / "a.xlsm"), "--interpreter", python]) == 2  # needs --standalone
    assert "--interpreter kan alleen met --standalone" in capsys.readouterr().err
    out = tmp_path / "sa.xlsm"
    assert main(["template", str(out), "--standalone", "--interpreter", python]) == 0
    ws = load_workbook(out, keep_vba=True)[xlsm.CONF_SHEET]
    assert dict(ws.iter_rows(values_only=True))["INTERPRETER_WIN"] == python
