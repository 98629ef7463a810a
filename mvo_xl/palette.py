"""The calm house style, declared once for the template and both adapters.

Colours are hex RGB without '#'. Each style of :mod:`mvo_xl.edits` maps to a
fill, a font colour, bold/italic and wrap, so openpyxl and xlwings render the
same sheet the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import edits as e

INK = "1F2A37"  # body text
MUTED = "5B6B7C"
ACCENT = "1F6F78"  # deep teal: headers, tab colour of input sheets
ACCENT_LIGHT = "D7ECEE"
TOOL_HEADER = "4F8F96"  # header of a column the tool fills: the accent, lighter (still white text)
BAND = "F2F7F7"
SECTION = "E3EEF0"
FOUT_FILL = "F8D7DA"
WAARSCHUWING_FILL = "FFF3CD"
INFO_FILL = "DCEBFA"
LINK = "1F5FAF"
FONT = "Calibri"
OUTPUT_TAB = "8FB8BE"  # tab colour of sheets the tool writes
MARK_FILLS = {"fout": FOUT_FILL, "waarschuwing": WAARSCHUWING_FILL, "info": INFO_FILL}
MARK_AUTHOR = "mvo-xl"
# The registry of the tool's own marks (a very hidden sheet), shared by both adapters, so a
# mark made by a button is undone by the CLI and the other way round.
MARKS_SHEET = "_mvo_markeringen"
MARKS_HEADERS = ("Blad", "Cel", "Vorige vulling", "Notitie")


@dataclass(frozen=True)
class Look:
    fill: str | None = None
    color: str = INK
    bold: bool = False
    italic: bool = False
    size: float = 10
    wrap: bool = False


LOOKS: dict[str | None, Look] = {
    None: Look(),
    e.STYLE_TITLE: Look(color=ACCENT, bold=True, size=16),
    e.STYLE_SUBTITLE: Look(color=MUTED, italic=True),
    e.STYLE_MUTED: Look(color=MUTED, italic=True, wrap=True),
    e.STYLE_HEADER: Look(fill=ACCENT, color="FFFFFF", bold=True, wrap=True),
    e.STYLE_TOOL_HEADER: Look(fill=TOOL_HEADER, color="FFFFFF", bold=True, wrap=True),
    e.STYLE_SECTION: Look(fill=SECTION, color=ACCENT, bold=True, size=12),
    e.STYLE_GROUP: Look(fill=ACCENT_LIGHT, bold=True, wrap=True),
    e.STYLE_BAND: Look(fill=BAND, wrap=True),
    e.STYLE_WRAP: Look(wrap=True),
    e.STYLE_FOUT: Look(fill=FOUT_FILL, wrap=True),
    e.STYLE_WAARSCHUWING: Look(fill=WAARSCHUWING_FILL, wrap=True),
    e.STYLE_INFO: Look(fill=INFO_FILL, wrap=True),
    e.STYLE_LINK: Look(color=LINK, wrap=True),
}
