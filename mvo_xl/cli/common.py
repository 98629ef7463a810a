"""Conventions every command shares: exit codes, Dutch messages on stderr, progress, errors.

Exit 0 success, 1 findings or refused input, 2 usage error, 130 interrupted
(Ctrl-C). A user error never shows a traceback (``--debug`` does).
"""

from __future__ import annotations

import codecs
import contextlib
import json
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator, TypeVar

from rich.console import Console

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

T = TypeVar("T")


# What a narrow console code page (cp1252, cp850: a redirected or piped stdout on Windows) shows
# for a character it cannot encode. A stream that can encode the original keeps it.
ASCII_FALLBACK = {"\u2713": "OK", "\u2714": "OK", "\u2717": "X", "\u2718": "X", "\u2192": "->", "\u2190": "<-",
                  "\u2026": "...", "\u2014": "-", "\u2013": "-", "\u2265": ">=", "\u2264": "<=",
                  "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2022": "*"}
_FALLBACK_ERRORS = "mvo_xl_fallback"


def _fallback(error: UnicodeError):
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start:error.end]
    return "".join(ASCII_FALLBACK.get(ch, "?") for ch in text), error.end


codecs.register_error(_FALLBACK_ERRORS, _fallback)


def make_streams_safe(*streams) -> None:
    """Output never fails on a narrow code page: characters the stream cannot encode get an ASCII stand-in.

    ``mvo-xl validate map > rapport.txt`` on Windows writes cp1252; without this, the first
    ``✓`` stops the command with UnicodeEncodeError. The stream's encoding is kept (the user's
    editor expects it); only the error handler changes.
    """
    for stream in streams or (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            reconfigure(errors=_FALLBACK_ERRORS)
        except (ValueError, OSError):  # a closed or detached stream: nothing to protect
            pass


def print_json(data, stream=None) -> None:
    """JSON on stdout that any reader can load and that keeps every character.

    JSON readers expect UTF-8; ``--json > rapport.json`` on Windows writes the console code page
    (cp1252, cp850), where 'ë' is another byte and an emoji or '€' cannot be written at all. On a
    stream that is not UTF-8 every non-ASCII character is written as a ``\\uXXXX`` escape: the
    same text after loading, in bytes that read the same in every code page.
    """
    stream = stream or sys.stdout
    encoding = codecs.lookup(getattr(stream, "encoding", None) or "ascii").name
    json.dump(data, stream, ensure_ascii=encoding not in ("utf-8", "utf-8-sig"), indent=2, default=str)
    stream.write("\n")


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
    """'plan.xlsx' -> 'plan_<word>.xlsx' next to it, or 'plan_<word> (2).xlsx' when that exists.

    An input is never overwritten, and neither is an earlier result: it may have been edited by hand
    since (``--output`` names a file to replace on purpose).
    """
    from ..io.paths import FREE_NAME_TRIES, free_name

    extension = extension or path.suffix
    wanted = path.with_name(f"{path.stem}_{suffix_word}{extension}")
    free = free_name(wanted)
    if free is None:
        raise UserError(f"{wanted}: er staan al {FREE_NAME_TRIES} bestanden {wanted.stem} (...){extension} naast "
                        "de invoer; ruim er enkele op of kies een naam met --output.", exit_code=EXIT_USAGE)
    return free


WEB_ADDRESS = ("{text} is een webadres (OneDrive of SharePoint), geen bestand op deze pc. Geef het pad zoals "
               "Verkenner het toont (de OneDrive- of SharePoint-map van uw gemeente, gesynchroniseerd op deze pc), "
               "of download het bestand eerst.")


def local_path_text(text: str) -> str:
    """argparse type of a path argument: a web address is a usage error that says what to give instead."""
    import argparse

    from ..io.paths import is_web_address

    if is_web_address(text):
        raise argparse.ArgumentTypeError(WEB_ADDRESS.format(text=text))
    return text


def local_path(text: str) -> Path:
    return Path(local_path_text(text))


def require_windows_name(output: Path) -> None:
    """An output name Windows can hold: not a device name ('aux.xlsx'), no ':' '?' '|' ... (usage error)."""
    from ..io.paths import windows_name_problem

    problem = windows_name_problem(Path(output).name)
    if problem:
        raise UserError(f"{output}: kies een andere naam; {problem}.", exit_code=EXIT_USAGE)


def typed_paths(items: Iterable[str]) -> list[str]:
    """Paths as meant when cmd or PowerShell 5.1 mangled a quoted folder with a trailing backslash.

    ``"C:\\Inzendingen 2026\\"`` (as tab completion writes it) arrives as ``C:\\Inzendingen 2026"``: the C
    runtime reads ``\\"`` as a quote. A Windows name never holds '"', so the quote goes; when it also
    swallowed what came after (``... 2026" --json``), the options never arrived: a usage error says how
    to type it.
    """
    out = []
    for item in items:
        text = str(item)
        if '"' in text and not Path(text).exists():
            head, _, rest = text.partition('"')
            if rest.strip():
                raise UserError(f"{text}: hier staat een aanhalingsteken in het pad. In cmd en PowerShell wordt "
                                f"\\\" aan het eind van een pad (zoals \"{head}\\\") een aanhalingsteken, en dan hoort "
                                f"wat erna komt bij het pad. Laat de laatste \\ weg: \"{head.rstrip(chr(92))}\".",
                                exit_code=EXIT_USAGE)
            text = head
        out.append(text)
    return out


def ensure_not_input(output: Path, inputs: Iterable[Path]) -> None:
    from ..io.paths import same_file

    for item in inputs:
        if same_file(output, item):
            raise UserError(f"{output}: het uitvoerbestand mag niet een invoerbestand zijn; "
                            "kies een andere naam met --output.", exit_code=EXIT_USAGE)


def require_workbook_name(path: Path) -> Path:
    """Outputs that are workbooks end in .xlsx or .xlsm (Excel refuses anything else), in a name Windows can hold."""
    require_windows_name(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UserError(f"{path}: kies een naam die eindigt op .xlsx of .xlsm.", exit_code=EXIT_USAGE)
    return path


def stdout_is_pipe() -> bool:
    return not sys.stdout.isatty()


def show_notices(ui: "Ui", book) -> None:
    """What the reader saw and the user should know (rows under a table, merged cells, odd headers)."""
    for finding in getattr(book, "notices", []):
        (ui.warn if finding.severity != "info" else ui.info)(describe(finding))


_WRITE_REASONS = (
    (IsADirectoryError, "dat is een map; geef een bestandsnaam, bv. {name}"),
    (PermissionError, "geen toestemming om daar te schrijven, of het bestand is open in Excel; sluit het of kies "
                      "een andere map"),
    (FileNotFoundError, "de map bestaat niet"),
    (NotADirectoryError, "een deel van het pad is een bestand, geen map"),
)


def write_failure(output: Path, exc: OSError) -> UserError:
    """A Dutch message naming the output the user asked for (not our temp file) and why it failed."""
    from ..io.paths import too_long_for_windows

    reason = next((reason for kind, reason in _WRITE_REASONS if isinstance(exc, kind)), None)
    length = too_long_for_windows(output, writing=True)
    if length and not isinstance(exc, (IsADirectoryError, PermissionError)):  # Windows says "not found"
        reason = (f"het volledige pad is {length} tekens lang, en Windows maakt geen bestand met een pad van 260 "
                  "tekens of meer; kies een map met een korter pad (bv. C:\\MVO) of een kortere naam")
    elif reason is None:
        import errno

        reason = ("de schijf is vol" if exc.errno == errno.ENOSPC else
                  f"schrijffout ({exc.strerror or type(exc).__name__})")
    return UserError(f"{output}: kan niet geschreven worden: {reason.format(name='resultaat.xlsx')}.")


@contextlib.contextmanager
def writing(output: Path, source: Path | None = None) -> Iterator[None]:
    """Turn a failed write into a Dutch UserError that names ``output``.

    With ``source`` (a workbook copied and edited into ``output``): a copy the
    office library cannot load (odd cell values it refuses) is named too.
    """
    if Path(output).is_dir():
        raise write_failure(Path(output), IsADirectoryError())
    try:
        yield
    except OSError as exc:
        raise write_failure(Path(output), exc) from exc
    except (UserError, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - the copy of a hostile workbook could not be made
        if source is None:
            raise
        raise UserError(f"{output}: niet geschreven; {Path(source).name} bevat iets dat niet gekopieerd kan worden "
                        f"({type(exc).__name__}). Open het in Excel, sla het opnieuw op en probeer opnieuw.") from exc


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
    """Read a workbook for a command; unreadable or structurally wrong files become a Dutch UserError.

    The same reader as ``validate`` (safety layer, bounded calamine), in a child
    process capped in memory and time: a native abort ends the child, not the command.
    """
    from ..io.reader import read_workbook_isolated
    from ..io.safety import UnreadableWorkbook

    if not path.exists():
        from ..io.paths import too_long_for_windows

        if length := too_long_for_windows(path):
            raise UserError(f"{path}: {UnreadableWorkbook('long_path', length=length).message()}")
        raise UserError(f"{path}: bestand niet gevonden.")
    try:
        book = read_workbook_isolated(path)
    except UnreadableWorkbook as exc:
        raise UserError(f"{path.name}: {exc.message()}") from exc
    except (MemoryError, RecursionError) as exc:
        raise UserError(f"{path.name}: het bestand is te groot of te ingewikkeld om veilig te lezen.") from exc
    except Exception as exc:  # noqa: BLE001 - whatever else the reader hits is this file's fault: refuse it
        refused = UnreadableWorkbook("corrupt", f"onverwachte fout bij het lezen: {type(exc).__name__}")
        raise UserError(f"{path.name}: {refused.message()}") from exc
    if require_structure and book.problems:
        raise UserError("\n".join(describe(f) for f in book.problems))
    return book


def show_zone_notice(ui: "Ui", src: Path, out: Path) -> None:
    """Say so when ``out`` got the internet label of ``src`` (Excel will block its macros)."""
    from ..io.zone import INTERNET, ZONE_NOTICE, ZONE_NOTICE_MACROS, zone_of

    if (zone_of(src) or 0) >= INTERNET and (zone_of(out) or 0) >= INTERNET:
        macros = ZONE_NOTICE_MACROS if Path(out).suffix.lower() == ".xlsm" else ""
        ui.warn(ZONE_NOTICE.format(out=out, src=Path(src).name, macros=macros))


def write_edits(src: Path, out: Path, edits) -> Path:
    """Apply a step's edits to a copy of the workbook; a package that cannot be written becomes a Dutch UserError."""
    from ..io.package import PackageError, edit_file

    try:
        return edit_file(src, out, edits)
    except PackageError as exc:
        raise UserError(exc.message) from exc
