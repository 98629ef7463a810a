"""One function per ribbon button; each is the CLI's step on the live workbook.

Called from VBA as ``import mvo_xl.excel; mvo_xl.excel.group_wishes()`` (the
book is then ``xw.Book.caller()``), or with a ``book`` argument from xlwings
Lite / xlwings Server scripts and from the tests' remote engine. Each reads the
tables into the model, runs the same step as the CLI and writes back only what
the button owns, through :func:`mvo_xl.excel.adapter.apply_edits`.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path
from typing import Iterator

from ..edits import WorkbookEdits
from ..io.paths import FREE_NAME_TRIES, free_name, is_web_address
from ..model import MvoWorkbook, NotAnMvoWorkbook, build_model, require_readable
from .adapter import AdapterError, apply_edits, is_remote, read_raw_workbook

log = logging.getLogger(__name__)
TITLE = "MVO"


class ButtonError(Exception):
    """A problem the user can fix; shown as a short Dutch message box."""


def _caller(book=None):
    if book is not None:
        return book
    import xlwings as xw

    return xw.Book.caller()


def _alert(book, message: str, *, critical: bool = True) -> None:
    log.warning("%s", message)
    try:
        book.app.alert(message, title=TITLE, buttons="ok", mode="critical" if critical else "info")
    except Exception:  # an engine without dialogs: the log line stays
        log.exception("message box failed")


@contextlib.contextmanager
def _user_messages(book) -> Iterator[None]:
    """User errors become one Dutch message box naming sheet and cell; bugs a short box plus the log."""
    try:
        yield
    except NotAnMvoWorkbook as exc:
        lines = [f"{f.sheet}: {f.message}" if f.sheet else f.message for f in exc.findings[:8]]
        _alert(book, "Deze werkmap is geen volledige MVO-werkmap:\n" + "\n".join(lines))
    except (ButtonError, AdapterError) as exc:
        _alert(book, str(exc))
    except Exception as exc:
        log.exception("button failed")
        _alert(book, f"Er ging iets mis ({type(exc).__name__}: {exc}). "
                     "Probeer het opnieuw of gebruik de opdrachtregel (mvo-xl) en meld het probleem.")


def _model(book) -> MvoWorkbook:
    return require_readable(build_model(read_raw_workbook(book)))


def group_wishes(book=None) -> None:
    """Groepeer droombeelden: Groep, Groepslabel, Gelijkenis and the Groepen sheet."""
    from ..steps.group import group_step

    book = _caller(book)
    with _user_messages(book):
        apply_edits(book, group_step(_model(book)).edits)


def validate(book=None) -> None:
    """Controleer: the Controle sheet and the marked cells."""
    from ..steps.validate import validate as validate_step

    book = _caller(book)
    with _user_messages(book):
        apply_edits(book, validate_step(_model(book)).edits)


def make_plan(book=None) -> None:
    """Maak actieplan: the Actieplan and Dashboard sheets."""
    from ..plan import make_plan as plan_core
    from ..steps.plan import plan_edits

    book = _caller(book)
    with _user_messages(book):
        model = _model(book)
        apply_edits(book, plan_edits(model, plan_core(model)))


_WORD_HINT = "Of gebruik de opdrachtregel: mvo-xl plan werkmap.xlsm --format docx."


def _documents_folder() -> Path:
    """The user's Documents folder (Windows: the shell folder, also when OneDrive redirects it)."""
    if sys.platform == "win32":
        try:
            import winreg

            with winreg.OpenKey(winreg.HKEY_CURRENT_USER,
                                r"Software\Microsoft\Windows\CurrentVersion\Explorer\User Shell Folders") as key:
                folder = Path(os.path.expandvars(winreg.QueryValueEx(key, "Personal")[0]))
            if folder.is_dir():
                return folder
        except OSError:
            pass
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def _word_folder(book) -> tuple[Path, str]:
    """Where the Word chapter goes, and a line for the message when that is not next to the workbook.

    A saved workbook: its own folder. On OneDrive/SharePoint with AutoSave Excel gives only a web
    address; like the hidden xlwings.conf sheet (ADD_WORKBOOK_TO_PYTHONPATH = False), the tool does
    not guess the synced folder from it, so the file goes to the user's Documents folder, named in
    the message. (xlwings' desktop engines do try: ``Book.fullname`` returns the synced copy's path
    when it finds one, and raises when it does not; that is the same case as the URL.) xlwings Server/Lite (the remote engine) has no folder on the user's PC at all.
    """
    if is_remote(book):
        raise ButtonError("Deze knop schrijft een Word-bestand op uw pc; dat kan niet vanuit deze versie "
                          f"van Excel. {_WORD_HINT}")
    try:
        full = str(book.fullname or "")
    except Exception:  # noqa: BLE001 - xlwings found no synced copy of the URL (XlwingsError, or a bug in its search)
        full = None
    if full is None or is_web_address(full):  # AutoSave on OneDrive/SharePoint: "https://..."
        return _documents_folder(), ("De werkmap staat op OneDrive of SharePoint: Excel geeft dan geen map op "
                                     "deze pc door, daarom staat het bestand in uw map Documenten.")
    path = Path(full)
    if path.is_absolute() and path.parent.is_dir():
        return path.parent, ""
    raise ButtonError(f"Sla de werkmap eerst op: het Word-bestand komt naast de werkmap. {_WORD_HINT}")


def _free_name(path: Path) -> Path:
    """``path`` or, when a file of that name exists, ``stem (2).docx``, ``(3)``...: never overwrite."""
    free = free_name(path)
    if free is None:
        raise ButtonError(f"Er staan al {FREE_NAME_TRIES} bestanden {path.stem} (...){path.suffix} in {path.parent}; "
                          "ruim er enkele op en probeer opnieuw.")
    return free


def make_plan_docx(book=None) -> None:
    """Actieplan naar Word: ``<werkmap>_actieplan.docx`` next to the saved workbook, never over a file."""
    from ..dutch import aantal
    from ..io.docx_export import plan_docx
    from ..io.writer import atomic_write_bytes
    from ..plan import make_plan as plan_core
    from ..steps.plan import plan_title

    book = _caller(book)
    with _user_messages(book):
        folder, where_note = _word_folder(book)
        model = _model(book)
        plan = plan_core(model)
        wanted = folder / f"{Path(book.name).stem}_actieplan.docx"
        out = _free_name(wanted)
        try:
            atomic_write_bytes(plan_docx(plan, plan_title(model)), out)
        except OSError as exc:
            raise ButtonError(f"Het Word-bestand kon niet geschreven worden in {folder} "
                              f"({exc.strerror or type(exc).__name__}). {_WORD_HINT}") from exc
        lines = [f"Het actieplan staat als Word-hoofdstuk in:\n{out}"]
        if out != wanted:
            lines.append(f"{wanted.name} bestond al en bleef ongewijzigd.")
        if where_note:
            lines.append(where_note)
        if plan.blocking:
            lines.append(f"{aantal(len(plan.blocking), 'melding maakt', 'meldingen maken')} het actieplan "
                         "onvolledig; ze staan bovenaan het document.")
        _alert(book, "\n\n".join(lines), critical=False)


def fill_ids(book=None) -> None:
    """Nieuwe ID's: fill empty IDs of wishes, objectives and actions; set IDs never change."""
    from ..steps.ids import fill_ids as fill
    from ..steps.votes import vote_descriptions

    book = _caller(book)
    with _user_messages(book):
        model = _model(book)
        apply_edits(book, WorkbookEdits(column_writes=fill(model) + vote_descriptions(model)))
