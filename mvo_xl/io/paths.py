"""Which files a command works on: files as given, folders recursively, globs expanded.

Windows shells do not expand ``*.xlsx``, so the commands do it themselves.
"""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Callable, Iterable

# Every spreadsheet a municipality may send: what cannot be read is refused by name (MVO040), never skipped.
SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods", ".fods")
WORKBOOK_EXTENSIONS = (*SPREADSHEET_EXTENSIONS, ".csv")


def is_submission(path: Path) -> bool:
    """Workbook-like files in a folder; Excel's lock files (~$...) and our temp files are skipped."""
    name = path.name
    return path.suffix.lower() in WORKBOOK_EXTENSIONS and not name.startswith(("~$", ".~mvo-")) and path.is_file()


def expand_paths(items: Iterable[str | os.PathLike],
                 accept: Callable[[Path], bool] = is_submission) -> tuple[list[Path], list[str]]:
    """Files as given, folders recursively (keeping what ``accept`` takes), globs expanded.

    Returns the files, each once, and the items that matched nothing. A path
    given explicitly is kept whatever its extension and even when it does not
    exist: the reader reports it (MVO040), so nothing is silently dropped.
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
                found += folder(m) if m.is_dir() else [m]
        if not found:
            unmatched.append(text)
        files += found
    unique: dict[str, Path] = {}
    for f in files:
        unique.setdefault(os.path.normcase(os.path.abspath(f)), f)
    return list(unique.values()), unmatched
