"""Package the macro-free layout as a macro-enabled workbook with the MVO ribbon.

The layout comes from openpyxl (:func:`mvo_xl.template.build_layout`). Three
steps, in an order that matters:

1. openpyxl adds the hidden ``xlwings.conf`` sheet and saves (openpyxl would
   drop a ribbon part, so it runs first);
2. pyOpenVBA gives the package a VBA project and adds every module in
   ``macros/*.bas`` (and, with ``standalone=True``, xlwings' own standalone VBA
   read from the *installed* xlwings package, as ``xlwings quickstart
   --standalone`` does; no xlwings source lives in this repository);
3. a plain zip pass makes the workbook part macro-enabled and adds the ribbon
   (``customUI/customUI14.xml``, its relationship in ``_rels/.rels`` and its
   content type).

The result is written atomically. :func:`restore_custom_ui` puts the ribbon
back after an openpyxl save of an existing .xlsm (test harnesses; the commands
edit the package and never lose it).
"""

from __future__ import annotations

import io
import os
import re
import struct
import tempfile
import zipfile
from pathlib import Path

RIBBON_PART = "customUI/customUI14.xml"
RIBBON_REL_TYPE = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
RIBBON_REL_ID = "mvoRibbon"
RIBBON_CONTENT_TYPE = "application/xml"
MACRO_MAIN_CONTENT_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
PLAIN_MAIN_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
RIBBON_FILE = "ribbon.xml"
CONF_SHEET = "xlwings.conf"
# Keys as xlwings' Config.bas reads them (column A from A1 down, values in B; xlwings upper-cases
# the keys). Only keys we mean to fix are listed: a listed key overrides the user's xlwings.conf
# (%USERPROFILE%\.xlwings\xlwings.conf, written by `xlwings addin install`); an absent one falls through.
#
# ADD_WORKBOOK_TO_PYTHONPATH = False: with AutoSave on OneDrive/SharePoint the workbook's FullName
# is a URL; xlwings then maps it to a local folder to put that folder on sys.path, and fails
# ("Couldn't find your local OneDrive/SharePoint file"; it guesses a library called "Documents",
# a Dutch tenant has "Gedeelde documenten"). mvo_xl is an installed package and finds the workbook
# by its name (xw.Book.caller()), so the folder is never needed: no mapping, no failure. The
# ONEDRIVE_CONSUMER_WIN / ONEDRIVE_COMMERCIAL_WIN / SHAREPOINT_WIN settings (local roots for that
# mapping) are therefore left unset.
CONF_DEFAULTS: tuple[tuple[str, object], ...] = (
    ("Show Console", False),
    ("Use UDF Server", False),
    ("Debug UDFs", False),
    ("ADD_WORKBOOK_TO_PYTHONPATH", False),
)
# The standalone build (no add-in, so no add-in settings) names its interpreter. xlwings' standalone
# VBA accepts "python"/"pythonw" (found on PATH, which python.org's installer leaves unset by
# default) or a full path that must exist; %VARIABLES% are expanded. The Python launcher for all
# users lives in %SystemRoot%; `mvo-xl template --standalone --interpreter PATH` or editing cell B of
# the hidden xlwings.conf sheet sets another (e.g. %LOCALAPPDATA%\Programs\Python\Python312\python.exe).
INTERPRETER_KEY = "INTERPRETER_WIN"
DEFAULT_INTERPRETER_WIN = r"%SystemRoot%\py.exe"
# xlwings' standalone VBA, as `xlwings quickstart --standalone` / `xlwings copy vba` embed it.
XLWINGS_STANDALONE = (("xlwings.bas", "standard"), ("addin/Dictionary.cls", "class"))

_NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"


# --- where the VBA source lives ----------------------------------------------------------------

def macros_dir() -> Path:
    """Where the VBA and ribbon sources are.

    ``<repo>/macros`` in a checkout or an editable install; in an installed wheel the data files
    ``<prefix>/share/mvo-xl/macros`` (pyproject ``[tool.setuptools.data-files]``), for a venv, the system
    or a ``--user`` install. ``MVO_XL_MACROS`` overrides both.
    """
    import site
    import sys
    import sysconfig

    candidates = []
    if os.environ.get("MVO_XL_MACROS"):
        candidates.append(Path(os.environ["MVO_XL_MACROS"]))
    candidates.append(Path(__file__).resolve().parent.parent / "macros")
    prefixes = [sysconfig.get_path("data"), sys.prefix, sys.exec_prefix, getattr(site, "USER_BASE", None)]
    try:
        prefixes.append(sysconfig.get_path("data", f"{os.name}_user"))
    except KeyError:
        pass
    candidates += [Path(p) / "share" / "mvo-xl" / "macros" for p in prefixes if p]
    for candidate in candidates:
        if (candidate / RIBBON_FILE).is_file():
            return candidate
    raise FileNotFoundError("the VBA sources (macros/) were not found; looked in "
                            + ", ".join(str(c) for c in candidates))


def vba_sources(directory: Path | None = None) -> dict[str, str]:
    """Module name -> source, for every ``*.bas`` in the macros directory (name from ``Attribute VB_Name``)."""
    directory = directory or macros_dir()
    out: dict[str, str] = {}
    for path in sorted(directory.glob("*.bas")):
        text = path.read_text(encoding="utf-8")
        match = re.search(r'^Attribute VB_Name\s*=\s*"([^"]+)"', text, re.M)
        out[match.group(1) if match else path.stem] = text
    return out


def ribbon_xml(directory: Path | None = None) -> bytes:
    return ((directory or macros_dir()) / RIBBON_FILE).read_bytes()


def xlwings_standalone_sources() -> list[tuple[str, str, str]]:
    """(module name, kind, source) of xlwings' standalone VBA, read from the installed xlwings."""
    import xlwings

    root = Path(xlwings.__file__).parent
    out = []
    for relative, kind in XLWINGS_STANDALONE:
        path = root / relative
        if not path.is_file():
            raise FileNotFoundError(f"xlwings {xlwings.__version__} ships no {relative}; cannot embed it")
        text = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
        match = re.search(r'^Attribute VB_Name\s*=\s*"([^"]+)"', text, re.M)
        out.append((match.group(1) if match else path.stem, kind, text))
    return out


# --- building --------------------------------------------------------------------------------

def conf_settings(interpreter: str | None = None) -> tuple[tuple[str, object], ...]:
    """The ``xlwings.conf`` rows: the defaults, plus the interpreter when one is given (standalone)."""
    return CONF_DEFAULTS + (((INTERPRETER_KEY, interpreter),) if interpreter else ())


def _layout_with_conf(layout: Path | bytes, interpreter: str | None = None) -> bytes:
    """The layout re-saved by openpyxl with the hidden ``xlwings.conf`` sheet."""
    from openpyxl import load_workbook

    source = io.BytesIO(layout) if isinstance(layout, (bytes, bytearray)) else Path(layout)
    wb = load_workbook(source)
    add_xlwings_conf(wb, interpreter=interpreter)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def add_xlwings_conf(wb, *, interpreter: str | None = None) -> None:
    """Add (or refresh) the hidden ``xlwings.conf`` sheet of an openpyxl workbook; the layout builder may call it."""
    if CONF_SHEET in wb.sheetnames:
        ws = wb[CONF_SHEET]
        ws.delete_rows(1, ws.max_row)
    else:
        ws = wb.create_sheet(CONF_SHEET)
    for row, (key, value) in enumerate(conf_settings(interpreter), start=1):
        ws.cell(row=row, column=1, value=key)
        ws.cell(row=row, column=2, value=value)
    ws.sheet_state = "hidden"


def _add_vba(package: bytes, modules: dict[str, str], extra: list[tuple[str, str, str]]) -> bytes:
    from pyopenvba import ExcelFile
    from pyopenvba.vba import VBAModuleKind

    with tempfile.TemporaryDirectory(prefix="mvo-xlsm-") as tmp:
        path = Path(tmp) / "book.xlsm"
        path.write_bytes(package)
        with ExcelFile(path) as book:
            project = book.vba_project() if book.has_vba_project() else book.add_vba_project()
            for name, source in modules.items():
                project.add_module(name, _vba_text(source))
            for name, kind, source in extra:
                project.add_module(name, _vba_text(source),
                                   kind=VBAModuleKind.other if kind == "class" else VBAModuleKind.standard)
            for module in project.modules:  # the blank project's document modules carry compiled p-code
                if module.text_offset:
                    module.source = module.source  # rewritten from source: MODULEOFFSET 0, no cache
                    module.dirty = True
            out = Path(tmp) / "out.xlsm"
            book.save(out)
        return _with_spec_vba_project_stream(out.read_bytes())


# [MS-OVBA] 2.3.4.1: Reserved1 0x61CC, Version "MUST be 0xFFFF on write", Reserved2 0x00, Reserved3
# (undefined; 0x0001 as in the example of 3.1.1), and the PerformanceCache "MUST NOT be present on
# write". With version 0xFFFF no Office build trusts a cache (1.6): it compiles from the source.
VBA_PROJECT_STREAM = struct.pack("<HHBH", 0x61CC, 0xFFFF, 0x00, 0x0001)
VBA_PROJECT_PART = "xl/vbaProject.bin"


def _with_spec_vba_project_stream(package: bytes) -> bytes:
    """Replace pyOpenVBA's ``_VBA_PROJECT`` stream (host version + p-code cache) with the one the spec prescribes."""
    from pyopenvba.cfb import CFB

    with zipfile.ZipFile(io.BytesIO(package)) as z:
        cfb = CFB.from_bytes(z.read(VBA_PROJECT_PART))
    cfb.write_stream_in_storage("VBA", "_VBA_PROJECT", VBA_PROJECT_STREAM)
    return _rezip(package, {VBA_PROJECT_PART: cfb.to_bytes()})


def _vba_text(source: str) -> str:
    """VBA stores lines with CRLF."""
    return source.replace("\r\n", "\n").replace("\n", "\r\n")


def _with_override(types: str, part: str, content_type: str) -> str:
    pattern = re.compile(r'<Override\b[^>]*PartName="/' + re.escape(part) + r'"[^>]*/>')
    override = f'<Override PartName="/{part}" ContentType="{content_type}"/>'
    if pattern.search(types):
        return pattern.sub(override, types, count=1)
    return types.replace("</Types>", override + "</Types>", 1)


def _with_ribbon_rel(rels: str) -> str:
    if RIBBON_REL_TYPE in rels:
        rels = re.sub(r'<Relationship\b[^>]*Type="' + re.escape(RIBBON_REL_TYPE) + r'"[^>]*/>', "", rels)
    rel = f'<Relationship Id="{RIBBON_REL_ID}" Type="{RIBBON_REL_TYPE}" Target="{RIBBON_PART}"/>'
    return rels.replace("</Relationships>", rel + "</Relationships>", 1)


def _rezip(package: bytes, replace: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for name in names:
            dst.writestr(src.getinfo(name), replace[name] if name in replace else src.read(name))
        for name, data in replace.items():
            if name not in names:
                dst.writestr(name, data)
    return out.getvalue()


def _with_ribbon(package: bytes, ribbon: bytes, *, macro_enabled: bool = True) -> bytes:
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        types = z.read("[Content_Types].xml").decode("utf-8")
        rels = z.read("_rels/.rels").decode("utf-8")
    if macro_enabled:
        types = types.replace(f'ContentType="{PLAIN_MAIN_CONTENT_TYPE}"', f'ContentType="{MACRO_MAIN_CONTENT_TYPE}"')
    types = _with_override(types, RIBBON_PART, RIBBON_CONTENT_TYPE)
    return _rezip(package, {
        "[Content_Types].xml": types.encode("utf-8"),
        "_rels/.rels": _with_ribbon_rel(rels).encode("utf-8"),
        RIBBON_PART: ribbon,
    })


def build_xlsm_bytes(layout_xlsx: Path | bytes, *, standalone: bool = False, interpreter: str | None = None) -> bytes:
    directory = macros_dir()
    if standalone:
        interpreter = interpreter or DEFAULT_INTERPRETER_WIN
    package = _layout_with_conf(layout_xlsx, interpreter=interpreter)
    extra = xlwings_standalone_sources() if standalone else []
    package = _add_vba(package, vba_sources(directory), extra)
    return _with_ribbon(package, ribbon_xml(directory))


def build_xlsm(layout_xlsx: Path | bytes, out: Path, *, standalone: bool = False,
               interpreter: str | None = None) -> Path:
    """Write ``out`` (.xlsm): the layout + our VBA modules + the MVO ribbon + a hidden ``xlwings.conf`` sheet.

    ``layout_xlsx`` is an openpyxl-built macro-free workbook (path or bytes). ``standalone`` also embeds
    xlwings' standalone VBA from the installed xlwings package, for machines without the add-in, and
    names the Python interpreter (``interpreter``, default :data:`DEFAULT_INTERPRETER_WIN`).
    """
    from .io.writer import atomic_write_bytes

    out = Path(out)
    if out.suffix.lower() != ".xlsm":
        raise ValueError(f"a macro-enabled workbook needs the .xlsm extension, not {out.suffix!r}")
    if not isinstance(layout_xlsx, (bytes, bytearray)):
        layout_xlsx = Path(layout_xlsx).read_bytes()
    return atomic_write_bytes(build_xlsm_bytes(bytes(layout_xlsx), standalone=standalone,
                                               interpreter=interpreter), out)


# --- keeping the ribbon through an openpyxl save -------------------------------------------------

def custom_ui_parts(path: str | os.PathLike) -> dict[str, bytes]:
    """The ribbon parts (``customUI/...``) of a package, by part name."""
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist() if name.lower().startswith("customui/")
                and not name.endswith("/")}


def restore_custom_ui(src: str | os.PathLike, dest: str | os.PathLike) -> None:
    """Copy the ribbon of ``src`` into ``dest`` (openpyxl drops it on save); atomic; no-op when ``src`` has none."""
    from .io.writer import atomic_write_bytes

    parts = custom_ui_parts(src)
    ribbon = parts.get(RIBBON_PART)
    if ribbon is None:
        return
    package = Path(dest).read_bytes()
    package = _with_ribbon(package, ribbon, macro_enabled=Path(dest).suffix.lower() == ".xlsm")
    others = {name: data for name, data in parts.items() if name != RIBBON_PART}
    if others:  # e.g. customUI/_rels and images of a hand-edited ribbon
        package = _rezip(package, others)
    atomic_write_bytes(package, dest)
