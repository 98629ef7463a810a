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
from typing import Iterator

from ..edits import WorkbookEdits
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


def make_plan_docx(book=None) -> None:
    """Actieplan als Word-hoofdstuk: ``<werkmap>_actieplan.docx`` next to the saved workbook."""
    from pathlib import Path

    from ..io.docx_export import plan_docx
    from ..io.writer import atomic_write_bytes
    from ..plan import make_plan as plan_core
    from ..steps.plan import plan_title

    book = _caller(book)
    with _user_messages(book):
        full = Path(book.fullname or "")
        folder = full.parent if full.is_absolute() and not is_remote(book) else None
        if folder is None or not folder.is_dir():
            raise ButtonError("Sla de werkmap eerst op: het Word-bestand komt naast de werkmap. "
                              "Of gebruik de opdrachtregel: mvo-xl plan werkmap.xlsx --format docx.")
        model = _model(book)
        out = folder / f"{Path(book.name).stem}_actieplan.docx"
        atomic_write_bytes(plan_docx(plan_core(model), plan_title(model)), out)
        _alert(book, f"Het actieplan staat als Word-hoofdstuk in {out}.", critical=False)


def fill_ids(book=None) -> None:
    """Nieuwe ID's: fill empty IDs of wishes, objectives and actions; set IDs never change."""
    from ..steps.ids import fill_ids as fill
    from ..steps.votes import vote_descriptions

    book = _caller(book)
    with _user_messages(book):
        model = _model(book)
        apply_edits(book, WorkbookEdits(column_writes=fill(model) + vote_descriptions(model)))
