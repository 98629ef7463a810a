"""Which files a command works on: files as given, folders recursively, globs expanded.

Windows shells do not expand ``*.xlsx``, so the commands do it themselves.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Callable, Iterable

# Every spreadsheet a municipality may send: what cannot be read is refused by name (MVO040), never skipped.
SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".fods")
WORKBOOK_EXTENSIONS = (*SPREADSHEET_EXTENSIONS, ".csv")


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Do two paths name one file? By path, and, for existing files, by the file system itself.

    macOS and Windows ignore case ('Plan.xlsx' is 'plan.xlsx'), and a file can have several names
    (hard links, a mapped drive and its UNC path): comparing resolved paths misses these on macOS.
    """
    try:
        if Path(a).resolve() == Path(b).resolve():
            return True
    except (OSError, RuntimeError):
        pass
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):  # one of them does not exist (yet): not the same file
        return False


def _identity(path: Path) -> str | tuple[int, int]:
    """What makes a file the same file: its device and number where the file system has them."""
    try:
        st = path.stat()
    except (OSError, ValueError):
        st = None
    if st is not None and st.st_ino:
        return st.st_dev, st.st_ino
    return os.path.normcase(os.path.abspath(path))


def is_submission(path: Path) -> bool:
    """Workbook-like files in a folder; Excel's lock files (~$...) and our temp files are skipped."""
    name = path.name
    return path.suffix.lower() in WORKBOOK_EXTENSIONS and not name.startswith(("~$", ".~mvo-")) and path.is_file()


def expand_paths(items: Iterable[str | os.PathLike],
                 accept: Callable[[Path], bool] = is_submission) -> tuple[list[Path], list[str]]:
    """Files as given, folders recursively and globs expanded (both keeping what ``accept`` takes).

    Returns the files, each once, and the items that matched nothing. A path
    given explicitly is kept whatever its extension and even when it does not
    exist: the reader reports it (MVO040), so nothing is silently dropped. A
    pattern is a folder's choice made by the shell (Windows shells leave it to
    us): Excel's owner file ``~$name.xlsx`` beside an open workbook is no file
    the user meant.
    """
    def folder(path: Path) -> list[Path]:
        return sorted((p for p in path.rglob("*") if accept(p)), key=lambda p: str(p).lower())

    files: list[Path] = []
    unmatched: list[str] = []
    for item in items:
        text = os.fspath(item)
        path = Path(text)
        if path.is_dir():
            found = folder(path)
        elif path.exists() or not glob.has_magic(text):
            found = [path]
        else:
            found = []
            for match in sorted(glob.glob(text, recursive=True)):
                m = Path(match)
                found += folder(m) if m.is_dir() else [m] if accept(m) else []
        if not found:
            unmatched.append(text)
        files += found
    unique: dict[str | tuple[int, int], Path] = {}
    for f in files:
        unique.setdefault(_identity(f), f)
    return list(unique.values()), unmatched
