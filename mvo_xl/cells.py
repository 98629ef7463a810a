"""A1 addresses: small helpers shared by readers, rules and writers."""

from __future__ import annotations

import re

_CELL = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def col_letter(col: int) -> str:
    """1 -> A, 27 -> AA."""
    out = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def col_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def cell_address(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


def parse_cell(address: str) -> tuple[int, int]:
    """'C5' -> (row 5, col 3)."""
    m = _CELL.match(address.strip())
    if not m:
        raise ValueError(f"not a cell address: {address!r}")
    return int(m.group(2)), col_index(m.group(1))


def split_ref(ref: str) -> tuple[int, int, int, int]:
    """'B2:D10' -> (min_col 2, min_row 2, max_col 4, max_row 10)."""
    parts = ref.replace("$", "").split(":")
    r1, c1 = parse_cell(parts[0])
    r2, c2 = parse_cell(parts[-1])
    return min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)


def make_ref(min_col: int, min_row: int, max_col: int, max_row: int) -> str:
    return f"{cell_address(min_row, min_col)}:{cell_address(max_row, max_col)}"


def sheet_location(sheet: str, cell: str) -> str:
    """An internal hyperlink location ("'Thema''s'!A5"), as Cell.link carries it."""
    return "'" + sheet.replace("'", "''") + "'!" + cell
