"""Which files a command works on: files as given, folders recursively, globs expanded.

Windows shells do not expand ``*.xlsx``, so the commands do it themselves.
"""

from __future__ import annotations

import glob
import os
import re
from pathlib import Path
from typing import Callable, Iterable

# Every spreadsheet a municipality may send: what cannot be read is refused by name (MVO040), never skipped.
SPREADSHEET_EXTENSIONS = (".xlsx", ".xlsm", ".xltx", ".xltm", ".xls", ".xlsb", ".ods", ".fods")
WORKBOOK_EXTENSIONS = (*SPREADSHEET_EXTENSIONS, ".csv")


# A web address: Excel's "Copy path" and FullName of a workbook on OneDrive/SharePoint ("https://...").
# Two letters at least, so that a drive ("C://map") is no address.
_WEB_ADDRESS = re.compile(r"^[a-z][a-z0-9+.-]+://", re.I)


def is_web_address(text: str) -> bool:
    return bool(_WEB_ADDRESS.match(text.strip()))


FREE_NAME_TRIES = 99


def free_name(path: Path) -> Path | None:
    """``path``, or when a file of that name exists ``stem (2).ext``, ``(3)``... as Windows names copies.

    A default output never replaces a file: an earlier result may have been edited by hand since.
    None when ``stem`` up to ``(99)`` all exist.
    """
    for n in range(1, FREE_NAME_TRIES + 1):
        candidate = path if n == 1 else path.with_name(f"{path.stem} ({n}){path.suffix}")
        if not os.path.lexists(candidate):
            return candidate
    return None


# Windows' MAX_PATH: without the LongPathsEnabled policy (off on most managed PCs) a path of 260
# characters or more is not found, and a file cannot be made there.
MAX_PATH = 260
_WINDOWS = os.name == "nt"
_TEMP_NAME = len(".~mvo-12345678")  # the temp file an atomic write makes next to its output


def too_long_for_windows(path: str | os.PathLike, *, writing: bool = False) -> int | None:
    """The path's full length when Windows (without long-path support) would not find or make it, else None.

    ``writing``: the temp file next to the output counts too (its name may be longer than the output's).
    """
    if not _WINDOWS:
        return None
    try:
        full = os.path.abspath(path)
    except (OSError, ValueError):
        return None
    length = len(full)
    if writing:
        length = max(length, len(os.path.dirname(full)) + 1 + _TEMP_NAME + len(os.path.splitext(full)[1]))
    return length if length >= MAX_PATH else None


# Names Windows keeps for devices, whatever the extension ('aux.xlsx' is the AUX device), and characters
# Windows, OneDrive and SharePoint refuse in a file name (':' would name a hidden stream of another file).
_DEVICE_NAMES = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", *(f"COM{i}" for i in "123456789¹²³"),
                           *(f"LPT{i}" for i in "123456789¹²³")})
_NOT_IN_NAMES = frozenset('<>:"|?*')


def windows_name_problem(name: str) -> str | None:
    """Why Windows cannot hold a file of this name (Dutch), or None. Checked on every platform: the
    workbook is for colleagues on Windows and on OneDrive/SharePoint."""
    base = name.split(".")[0].rstrip(" ").upper()
    if base in _DEVICE_NAMES:
        return f"'{base}' is op Windows de naam van een apparaat, geen bestand"
    bad = sorted({ch for ch in name if ch in _NOT_IN_NAMES or ord(ch) < 32})
    if bad:
        shown = " ".join(dict.fromkeys(f"'{ch}'" if ord(ch) >= 32 else "een tab of regeleinde" for ch in bad))
        return f"Windows, OneDrive en SharePoint staan {shown} niet toe in een bestandsnaam"
    if name != name.rstrip(" ."):
        return "Windows laat een punt of spatie aan het eind van een bestandsnaam weg"
    return None


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Do two paths name one file? By path, and, for existing files, by the file system itself.

    macOS and Windows ignore case ('Plan.xlsx' is 'plan.xlsx'), and a file can have several names
    (hard links, a mapped drive and its UNC path): comparing resolved paths misses these on macOS.
    Some network drives give no reliable file number, so size and time must agree as well.
    """
    try:
        if Path(a).resolve() == Path(b).resolve():
            return True
    except (OSError, RuntimeError):
        pass
    try:
        x, y = os.stat(a), os.stat(b)
    except (OSError, ValueError):  # one of them does not exist (yet): not the same file
        return False
    return bool(x.st_ino) and (x.st_dev, x.st_ino, x.st_size, x.st_mtime_ns) == \
        (y.st_dev, y.st_ino, y.st_size, y.st_mtime_ns)


def is_submission(path: Path) -> bool:
    """Workbook-like files in a folder; Excel's lock files (~$...) and our temp files are skipped."""
    name = path.name
    return path.suffix.lower() in WORKBOOK_EXTENSIONS and not name.startswith(("~$", ".~mvo-")) and path.is_file()


def _glob(pattern: str) -> list[str]:
    """glob, and when that finds nothing, the same with '[' taken literally: no Windows shell knows
    '[...]' patterns, while 'Inzendingen [2026]' is a common folder name there."""
    found = glob.glob(pattern, recursive=True)
    if not found and "[" in pattern:
        found = glob.glob(pattern.replace("[", "[[]"), recursive=True)
    return found


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
            for match in sorted(_glob(text)):
                m = Path(match)
                found += folder(m) if m.is_dir() else [m] if accept(m) else []
        if not found:
            unmatched.append(text)
        files += found
    unique: dict[str, Path] = {}
    for f in files:
        unique.setdefault(os.path.normcase(os.path.abspath(f)), f)
    return list(unique.values()), unmatched
