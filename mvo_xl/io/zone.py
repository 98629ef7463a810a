"""The Mark of the Web: a copy of a workbook that came from the internet keeps the internet label.

Windows marks a file that came by browser, e-mail or Teams with an alternate
data stream ``name:Zone.Identifier`` (``[ZoneTransfer]`` / ``ZoneId=3``). Excel
then opens it in Protected View and blocks its macros. A workbook the tool
writes from such a file (``group``, ``validate --schrijf``, ``plan``, ``merge``
into a marked master) is a new file: without the stream it would carry the
submitted file's macros unmarked, and a hostile submission's VBA would be one
click ("Inhoud inschakelen") from running. So the copy gets the same zone.

On Windows ``open(name + ":Zone.Identifier")`` is the stream itself; elsewhere it
is the sibling file that copying from Windows leaves (WSL, Samba), which is also
how the tests simulate it. Reading is bounded; what is written is only the
zone number, never the source's other lines (URLs).
"""

from __future__ import annotations

import os
import re

from .paths import same_file

STREAM = ":Zone.Identifier"
INTERNET = 3
_ZONE_ID = re.compile(rb"^\s*ZoneId\s*=\s*(\d+)\s*$", re.M | re.I)

ZONE_NOTICE = ("{out}: heeft net als {src} het internetlabel (Mark of the Web) gekregen, want {src} kwam via "
               "e-mail, Teams of het internet. Excel opent de kopie in de beveiligde weergave{macros}. Deblokkeer "
               "ze alleen als u weet van wie het bestand komt (zie het tabblad Instructies).")
ZONE_NOTICE_MACROS = " en blokkeert haar macro's"


def _stream(path: str | os.PathLike) -> str:
    return os.fspath(path) + STREAM


def zone_of(path: str | os.PathLike) -> int | None:
    """The zone a file is marked with (3 = internet), or None when it carries no mark."""
    try:
        with open(_stream(path), "rb") as stream:
            data = stream.read(4096)
    except OSError:  # no stream (the usual case), a file system without streams, a folder
        return None
    found = _ZONE_ID.search(data)
    # A mark that cannot be read is still a mark: treat it as the internet, as Windows does with doubt.
    return min(int(found.group(1)), 4) if found else INTERNET


def copy_mark(src: str | os.PathLike, dest: str | os.PathLike) -> int | None:
    """Give ``dest`` the zone of ``src`` (nothing when ``src`` is unmarked). Returns the zone written.

    Best effort: a file system without alternate data streams (FAT, some network shares) cannot hold
    the mark, and that does not undo the write that went before.
    """
    zone = zone_of(src)
    if zone is None or same_file(src, dest):
        return None
    try:
        with open(_stream(dest), "wb") as stream:
            stream.write(f"[ZoneTransfer]\r\nZoneId={zone}\r\n".encode("ascii"))
    except OSError:
        return None
    return zone
