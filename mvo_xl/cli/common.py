"""Conventions every command shares: exit codes, Dutch messages on stderr, progress, errors.

Exit 0 success, 1 findings or refused input, 2 usage error. A user error
never shows a traceback (``--debug`` does).
"""

from __future__ import annotations

import contextlib
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator, TypeVar

from rich.console import Console

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

T = TypeVar("T")


class UserError(Exception):
    """A problem the user can fix; the message is Dutch and names file, sheet and cell where known."""

    def __init__(self, message: str, exit_code: int = EXIT_FINDINGS):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


class Ui:
    """Where a command talks to the user: results to stdout, messages and progress to stderr."""

    def __init__(self, quiet: bool = False, debug: bool = False):
        self.quiet = quiet
        self.debug = debug
        self.out = Console(highlight=False, soft_wrap=True)
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)

    def info(self, message: str) -> None:
        if not self.quiet:
            self.err.print(message, markup=False)

    def warn(self, message: str) -> None:
        self.err.print(message, markup=False, style="yellow")

    def error(self, message: str) -> None:
        self.err.print(message, markup=False, style="bold red")

    def progress(self, items: Iterable[T], total: int | None, description: str) -> Iterator[T]:
        """Yield items; show a progress bar on stderr once the work has taken over a second."""
        if self.quiet or not self.err.is_terminal:
            yield from items
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        start = time.monotonic()
        bar: Progress | None = None
        task = None
        try:
            for done, item in enumerate(items, start=1):
                yield item
                if bar is None and time.monotonic() - start > 1.0:
                    bar = Progress(TextColumn(description), BarColumn(), MofNCompleteColumn(),
                                   TimeRemainingColumn(), console=self.err, transient=True)
                    bar.start()
                    task = bar.add_task(description, total=total)
                if bar is not None:
                    bar.update(task, completed=done)
        finally:
            if bar is not None:
                bar.stop()

    @contextlib.contextmanager
    def status(self, message: str) -> Iterator[None]:
        """A spinner for a single long step (shown only on a terminal)."""
        if self.quiet or not self.err.is_terminal:
            yield
            return
        with self.err.status(message):
            yield


def default_output(path: Path, suffix_word: str, extension: str | None = None) -> Path:
    """'plan.xlsx' -> 'plan_<word>.xlsx' next to it: an input file is never overwritten."""
    extension = extension or path.suffix
    return path.with_name(f"{path.stem}_{suffix_word}{extension}")


def ensure_not_input(output: Path, inputs: Iterable[Path]) -> None:
    for item in inputs:
        try:
            same = output.resolve() == Path(item).resolve()
        except OSError:
            same = False
        if same:
            raise UserError(f"{output}: het uitvoerbestand mag niet een invoerbestand zijn; "
                            "kies een andere naam met --output.", exit_code=EXIT_USAGE)


def require_workbook_name(path: Path) -> Path:
    """Outputs that are workbooks end in .xlsx or .xlsm (Excel refuses anything else)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UserError(f"{path}: kies een naam die eindigt op .xlsx of .xlsm.", exit_code=EXIT_USAGE)
    return path


def stdout_is_pipe() -> bool:
    return not sys.stdout.isatty()


def where(file: str, sheet: str = "", cell: str = "") -> str:
    """'plan.xlsx, tabblad Acties, cel C5' — how every message says where."""
    parts = [file] if file else []
    if sheet:
        parts.append(f"tabblad {sheet}")
    if cell:
        parts.append(f"cel {cell}")
    return ", ".join(parts)


def describe(finding) -> str:
    return f"{where(finding.file, finding.sheet, finding.cell)}: {finding.message}"


def load_model(path: Path, *, require_structure: bool = True):
    """Read a workbook for a command; unreadable or structurally wrong files become a Dutch UserError."""
    from ..io.reader import read_workbook
    from ..io.safety import UnreadableWorkbook

    if not path.exists():
        raise UserError(f"{path}: bestand niet gevonden.")
    try:
        book = read_workbook(path)
    except UnreadableWorkbook as exc:
        raise UserError(f"{path.name}: {exc.message()}") from exc
    if require_structure and book.problems:
        raise UserError("\n".join(describe(f) for f in book.problems))
    return book


def write_edits(src: Path, out: Path, edits) -> Path:
    """Apply a step's edits to a copy of the workbook; a package that cannot be written becomes a Dutch UserError."""
    from ..io.package import PackageError, edit_file

    try:
        return edit_file(src, out, edits)
    except PackageError as exc:
        raise UserError(exc.message) from exc
