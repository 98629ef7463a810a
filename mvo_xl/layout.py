"""Sheet geometry, pure: how tall a row of wrapped text must be, where pages break.

Excel fits a row to its wrapped text when it opens a file, LibreOffice does
not, and neither knows where a chart ends: so every sheet the tool writes or
ships carries heights and page breaks estimated here. One estimate serves the
template, both adapters and the tests (a test checks no row is lower than its
text needs by this same estimate). No openpyxl, no xlwings.
"""

from __future__ import annotations

import math
from typing import Iterable, Sequence

from . import edits as e
from . import palette
from .edit_rules import MAX_ROW_HEIGHT  # Excel's maximum row height, decided once in edit_rules

DEFAULT_ROW_HEIGHT = 15.0  # a row of Calibri 10/11
DEFAULT_COLUMN_WIDTH = 8.43  # Excel's default column width (a column without its own width)
# Characters of Calibri 10 per unit of Excel column width (the unit is a digit of Calibri 11),
# kept a little low so an estimate errs on the tall side rather than clipping text.
CHARS_PER_UNIT = 1.25
CAPITAL_WEIGHT = 1.4  # a capital is wider than the average letter ("FIETSPADEN DIE NIET ..." wraps sooner)
BOLD_FACTOR = 0.92
PADDING_PT = 4.0

# A4 in points, and the margins of the print setup (0.5 inch left/right, 0.6 inch top/bottom plus the
# header and footer), so a page break can be placed before a block that would not fit.
A4_LONG, A4_SHORT = 842.0, 595.0
MARGIN_LR, MARGIN_TB = 36.0, 60.0
POINTS_PER_CHAR_UNIT = 5.6  # print width of one column-width unit
POINTS_PER_CM = 28.3465


def line_height(size: float = 10) -> float:
    """The height of one line of Calibri at ``size`` points."""
    return round(size * 1.3, 1)


def chars_per_line(width: float, *, size: float = 10, bold: bool = False) -> int:
    per_line = width * CHARS_PER_UNIT * (10 / size) * (BOLD_FACTOR if bold else 1.0)
    return max(1, int(per_line))


def wrapped_lines(text: str, per_line: int) -> int:
    """Lines ``text`` takes when wrapped at word boundaries into ``per_line`` characters (as Excel does);
    a word longer than a line is broken inside."""
    total = 0
    for paragraph in str(text).split("\n"):
        lines, used = 1, 0
        for word in paragraph.split():
            n = len(word) + round((CAPITAL_WEIGHT - 1) * sum(1 for ch in word if ch.isupper()))
            if used and used + 1 + n <= per_line:
                used += 1 + n
                continue
            if used:
                lines += 1
            extra = (n - 1) // per_line
            lines += extra
            used = n - extra * per_line
        total += lines
    return max(1, total)


def text_height(text: str, width: float, *, size: float = 10, bold: bool = False) -> float:
    """Points a cell of this width needs to show ``text`` wrapped, capped at Excel's maximum."""
    lines = wrapped_lines(text, chars_per_line(width, size=size, bold=bold))
    return min(MAX_ROW_HEIGHT, round(lines * line_height(size) + PADDING_PT, 1))


def row_height(cells: Iterable[tuple[object, float, float, bool, bool]]) -> float | None:
    """The height a row needs, or None when the default height will do.

    ``cells``: (value, column width, font size, bold, wrap) per cell. Only wrapped
    text can grow a row; a large font raises it to one line of that font.
    """
    need = DEFAULT_ROW_HEIGHT
    for value, width, size, bold, wrap in cells:
        if value is None or value == "":
            continue
        one_line = line_height(size) + PADDING_PT
        if wrap and isinstance(value, str) and width:
            need = max(need, text_height(value, width, size=size, bold=bold))
        elif size > 11:
            need = max(need, one_line)
    need = min(MAX_ROW_HEIGHT, need)
    return None if need <= DEFAULT_ROW_HEIGHT else need


def estimate_row_heights(out: "e.SheetOutput") -> dict[int, float]:
    """Row (1-based) -> height in points for the rows of an output sheet that need more than the default."""
    widths = out.column_widths
    heights: dict[int, float] = {}
    for r, row in enumerate(out.rows, start=1):
        cells = []
        for col, item in enumerate(row):
            look = palette.LOOKS.get(item.style, palette.LOOKS[None])
            width = widths[col] if col < len(widths) else 0
            cells.append((item.value, width, look.size, look.bold, look.wrap))
        height = row_height(cells)
        if height is not None:
            heights[r] = height
    for r, height in out.row_heights.items():
        heights[r] = min(MAX_ROW_HEIGHT, max(height, heights.get(r, 0)))
    return heights


def table_row_heights(widths: Sequence[float], rows: Iterable[Sequence[object]], *, first_row: int = 2,
                      wrap: Sequence[bool] | None = None) -> dict[int, float]:
    """Heights for the body of an input table (plain Calibri 10, wrapped where ``wrap`` says)."""
    heights: dict[int, float] = {}
    for r, values in enumerate(rows, start=first_row):
        cells = [(v, widths[i], 10, False, True if wrap is None else wrap[i])
                 for i, v in enumerate(values) if i < len(widths)]
        height = row_height(cells)
        if height is not None:
            heights[r] = height
    return heights


# --- pages -----------------------------------------------------------------------------------

def print_scale(total_width_pt: float, *, landscape: bool = True) -> float:
    """The zoom 'fit to one page wide' gives a sheet of this printed width (never above 100 %)."""
    page = (A4_LONG if landscape else A4_SHORT) - 2 * MARGIN_LR
    return min(1.0, page / total_width_pt) if total_width_pt > 0 else 1.0


def sheet_width_pt(out: "e.SheetOutput") -> float:
    """The printed width of a sheet: its columns, or further right where a chart ends."""
    columns = sum(out.column_widths) * POINTS_PER_CHAR_UNIT
    right = columns
    for chart in out.charts:
        col = 0
        for ch in "".join(c for c in chart.anchor if c.isalpha()).upper():
            col = col * 26 + ord(ch) - 64
        left = sum(out.column_widths[: col - 1]) * POINTS_PER_CHAR_UNIT
        right = max(right, left + chart.width_cm * POINTS_PER_CM)
    return right


def page_height_rows_pt(out: "e.SheetOutput") -> float:
    """How many points of sheet rows fit on one printed page at the sheet's fit-to-width zoom."""
    page = (A4_SHORT if out.landscape else A4_LONG) - 2 * MARGIN_TB
    return page / print_scale(sheet_width_pt(out), landscape=out.landscape)


def keep_blocks_together(out: "e.SheetOutput", blocks: Sequence[tuple[int, int]]) -> list[int]:
    """Rows after which a page break keeps each block (first row, last row; 1-based) on one page.

    A block that does not fit on what is left of the page starts a new one; a
    block taller than a page starts a new page and breaks where it must.
    """
    heights = estimate_row_heights(out)
    title_rows = out.header_row or 0

    def height(r: int) -> float:
        return heights.get(r, DEFAULT_ROW_HEIGHT)

    page = page_height_rows_pt(out) * 0.92  # keep a margin: the estimate is an estimate
    repeated = sum(height(r) for r in range(1, title_rows + 1)) if title_rows else 0.0
    breaks: list[int] = []
    used = 0.0
    row = 1
    for first, last in blocks:
        while row < first:
            used += height(row)
            row += 1
        block = sum(height(r) for r in range(first, last + 1))
        if used + block > page and used > 0 and first > 1:
            breaks.append(first - 1)
            used = repeated
        used += block
        row = last + 1
    return breaks


def ceil_rows(height_cm: float, row_pt: float = DEFAULT_ROW_HEIGHT) -> int:
    """Rows of the default height a chart of ``height_cm`` covers."""
    return math.ceil(height_cm * POINTS_PER_CM / row_pt)


def fit_one_line(text: str, per_line: int) -> str:
    """``text`` shortened (at a word boundary) until it takes one line of ``per_line`` characters."""
    limit = per_line
    short = shorten(text, limit)
    while limit > 1 and wrapped_lines(short, per_line) > 1:
        limit -= 1
        short = shorten(text, limit)
    return short


def shorten(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters, with an ellipsis when cut."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-–") + "…"
