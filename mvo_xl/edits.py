"""What a step wants written into a workbook, as plain data.

The core never touches a workbook. A step (group, validate, plan) returns
:class:`WorkbookEdits`; the openpyxl adapter (files on disk) and the xlwings
adapter (the live workbook behind a button) both apply the same edits, so a
button and the CLI cannot disagree.

Three kinds of edit, matching what the contract lets the tool own:

* :class:`ColumnWrite`: values for a tool-owned column of an input table
  (``Groep``, ``Groepslabel``, ``Gelijkenis``) or for empty ``ID`` cells,
  addressed by table and header so reordered columns do not matter;
* :class:`SheetOutput`: an output sheet (``Groepen``, ``Controle``,
  ``Actieplan``, ``Dashboard``), rebuilt from scratch;
* :class:`CellMark`: a finding marked on its cell (fill and note); applying a
  list of marks first removes the tool's marks of an earlier run.

Every ``str`` value is text typed by a user or written by us and must stay
text: adapters write it so that a leading ``=``, ``+``, ``-``, ``@`` never
becomes a formula.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Union

Value = Union[str, int, float, bool, _dt.date, _dt.datetime, None]

# The closed vocabulary of cell styles; each adapter renders them the same way.
STYLE_TITLE = "title"  # sheet title line
STYLE_SUBTITLE = "subtitle"  # a muted line under the title
STYLE_MUTED = "muted"  # muted, wrapped text inside a table (repeated keys in Actieplan)
STYLE_HEADER = "header"  # table header row
STYLE_TOOL_HEADER = "tool_header"  # header of a column the tool fills (a lighter shade: hands off)
STYLE_SECTION = "section"  # a theme line in Actieplan, a heading in Controle
STYLE_GROUP = "group"  # an objective line in Actieplan
STYLE_BAND = "band"  # alternate band of rows (groups in Groepen)
STYLE_WRAP = "wrap"  # plain, wrapped text
STYLE_FOUT = "fout"
STYLE_WAARSCHUWING = "waarschuwing"
STYLE_INFO = "info"
STYLE_LINK = "link"
STYLES = (STYLE_TITLE, STYLE_SUBTITLE, STYLE_MUTED, STYLE_HEADER, STYLE_TOOL_HEADER, STYLE_SECTION, STYLE_GROUP, STYLE_BAND, STYLE_WRAP,
          STYLE_FOUT, STYLE_WAARSCHUWING, STYLE_INFO, STYLE_LINK)


@dataclass(frozen=True)
class Cell:
    value: Value
    style: str | None = None
    link: str | None = None  # an internal target: "'Droombeelden'!C5"
    number_format: str | None = None  # e.g. "0", "#,##0 €", "dd/mm/yyyy"


@dataclass(frozen=True)
class ChartSpec:
    """A native bar chart over a block of the sheet's own rows (1-based, inclusive)."""

    title: str
    anchor: str  # top-left cell of the chart
    categories_col: int
    values_col: int
    first_row: int  # first data row (header is first_row - 1)
    last_row: int
    y_title: str = ""
    horizontal: bool = True
    width_cm: float = 16
    height_cm: float = 8


@dataclass
class SheetOutput:
    name: str
    rows: list[list[Cell]]  # row-major; rows[0] is Excel row 1
    column_widths: list[float] = field(default_factory=list)
    freeze: str | None = None  # e.g. "A4": rows above and columns left stay put
    header_row: int | None = None  # 1-based; repeated on every printed page, gets the autofilter
    autofilter: bool = False
    landscape: bool = True
    charts: list[ChartSpec] = field(default_factory=list)
    tab_color: str | None = None  # "RRGGBB"
    # Print and geometry, as data (mvo_xl.layout computes them; adapters only translate):
    fit_to_width: bool = True  # print one page wide, as many pages tall as needed
    row_heights: dict[int, float] = field(default_factory=dict)  # row -> at least this height (points)
    row_breaks: list[int] = field(default_factory=list)  # a page break after each of these rows

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def values(self) -> list[list[Value]]:
        """The plain values, padded to a rectangle: what a button and the CLI must agree on."""
        w = self.width
        return [[c.value for c in r] + [None] * (w - len(r)) for r in self.rows]


@dataclass(frozen=True)
class ColumnWrite:
    table: str  # the table's key in mvo_xl.contract (e.g. "wishes")
    column: str  # the header (e.g. "Groep")
    values: dict[int, Value]  # Excel row -> value; rows not named are left alone
    optional: bool = False  # a column an older workbook may lack: a file gets it, a live workbook skips it


@dataclass(frozen=True)
class CellMark:
    sheet: str
    cell: str  # A1
    severity: str
    message: str


@dataclass(frozen=True)
class TableGrow:
    """Grow a table's ref down to ``last_row`` over rows users typed right under it (LibreOffice does not)."""

    table: str  # the table's key in mvo_xl.contract (e.g. "wishes")
    last_row: int  # the table's new last Excel row; the header row stays


@dataclass
class WorkbookEdits:
    column_writes: list[ColumnWrite] = field(default_factory=list)
    sheets: list[SheetOutput] = field(default_factory=list)
    marks: list[CellMark] | None = None  # None: leave earlier marks alone
    activate: str | None = None  # the sheet to show when done
    table_grows: list[TableGrow] = field(default_factory=list)

    def merged(self, other: "WorkbookEdits") -> "WorkbookEdits":
        return WorkbookEdits(
            column_writes=self.column_writes + other.column_writes,
            sheets=self.sheets + other.sheets,
            marks=other.marks if other.marks is not None else self.marks,
            activate=other.activate or self.activate,
            table_grows=self.table_grows + other.table_grows,
        )


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """True for text a spreadsheet or CSV reader could turn into a formula or DDE link (OWASP)."""
    return bool(text) and text[0] in FORMULA_TRIGGERS


def defuse_for_csv(value: Value) -> Value:
    """OWASP CSV-injection guidance: prefix risky text with a single quote."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value
