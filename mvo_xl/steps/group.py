"""Step 1: bundle the wishes of each theme into groups (the 'Groepeer droombeelden' button).

Feeds the workbook model to the pure grouping core and turns its result into
edits: the tool's own columns of ``Droombeelden`` (``Groep``, ``Groepslabel``,
``Gelijkenis``, empty ``ID`` cells) and the ``Groepen`` sheet. The user's
``Groep (handmatig)`` is read, never written, and wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import contract as c
from .. import edits as e
from ..cells import sheet_location
from ..dutch import aantal
from ..edits import Cell, ColumnWrite, SheetOutput, WorkbookEdits
from ..grouping import GroupingResult, WishIn, group_wishes
from ..model import MvoWorkbook
from ..normalize import fold
from ..instructions import SIMILARITY_NOTE
from .ids import fill_ids
from .votes import vote_descriptions

@dataclass
class GroupStepResult:
    grouping: GroupingResult
    edits: WorkbookEdits
    findings: list = field(default_factory=list)  # what the user should know: the reader's notices, MVO031 IDs


def wish_keys(book: MvoWorkbook) -> dict[int, str]:
    """Excel row -> a unique key for grouping: the wish's ID, or the ID and row when an ID is used twice."""
    keys: dict[int, str] = {}
    seen: set[str] = set()
    for wish in book.wishes:
        key = wish.id if wish.id not in seen else f"{wish.id}\u2063{wish.row}"
        seen.add(wish.id)
        keys[wish.row] = key
    return keys


def group_step(book: MvoWorkbook, *, threshold: float | None = None) -> GroupStepResult:
    threshold = book.settings.threshold if threshold is None else threshold
    writes = fill_ids(book, ("wishes",))
    candidates = [w for w in book.wishes if w.text]
    keys = wish_keys(book)
    result = group_wishes(
        [WishIn(key=keys[w.row], theme=w.theme, text=w.text, group=w.group, manual_group=w.manual_group) for w in candidates],
        threshold=threshold,
        synonyms=[(s.term, s.means) for s in book.synonyms if s.term and s.means],
    )
    groups, labels, scores = {}, {}, {}
    for wish in book.wishes:
        assignment = result.assignments.get(keys[wish.row]) if wish.text else None
        groups[wish.row] = assignment.group if assignment else None
        labels[wish.row] = assignment.label if assignment else None
        scores[wish.row] = assignment.similarity if assignment else None
    writes += [
        ColumnWrite("wishes", "Groep", groups),
        ColumnWrite("wishes", "Groepslabel", labels),
        ColumnWrite("wishes", "Gelijkenis", scores),
    ]
    for wish in book.wishes:  # the model now reflects what was written, for the steps that follow
        wish.group = groups[wish.row] or ""
        wish.group_label = labels[wish.row] or ""
        wish.similarity = scores[wish.row]
    writes += vote_descriptions(book)
    return GroupStepResult(result, WorkbookEdits(column_writes=writes, sheets=[groups_sheet(book, result)],
                                                 activate=c.SHEET_GROUPS, table_grows=book.table_grows()),
                           findings=list(book.notices) + _duplicate_ids(book))


def _duplicate_ids(book: MvoWorkbook) -> list:
    """MVO031 for wish IDs used twice: grouping goes on (keyed by row), the user makes them unique."""
    from ..rules import RuleContext
    from ..rules.references import check_duplicates

    return [f for f in check_duplicates(book, RuleContext.for_book(book))
            if f.sheet == book.tables["wishes"].sheet and f.column == "ID"]


_HEADERS = ("Thema", "Groep", "Groepslabel", "Aantal wensen", "Diensten", "ID", "Droombeeld", "Ingediend door",
            "Gelijkenis")
_WIDTHS = [24, 10, 34, 9, 30, 9, 60, 20, 10]


def groups_sheet(book: MvoWorkbook, result: GroupingResult) -> SheetOutput:
    """Per theme, each group with its label, size, departments and wishes; groups banded for the eye."""
    department = {fold(p.name): p.department for p in book.participants if p.name}
    keys = wish_keys(book)
    wishes = {keys[w.row]: w for w in book.wishes}
    theme_order = {name: i for i, name in enumerate(book.theme_names())}
    ordered = sorted(result.groups, key=lambda g: (theme_order.get(g.theme, len(theme_order)), g.theme, g.id))
    rows: list[list[Cell]] = [
        [Cell("Groepen van droombeelden", e.STYLE_TITLE)],
        [Cell(f"{aantal(len(ordered), 'groep', 'groepen')} uit "
              f"{aantal(sum(len(g.keys) for g in ordered), 'droombeeld', 'droombeelden')}. "
              "Pas een groep aan in de kolom 'Groep (handmatig)' van het tabblad Droombeelden.", e.STYLE_SUBTITLE)],
        [Cell(SIMILARITY_NOTE, e.STYLE_SUBTITLE)],
        [Cell(h, e.STYLE_HEADER) for h in _HEADERS],
    ]
    header_row = len(rows)
    wishes_info = c.WISHES
    for n, group in enumerate(ordered):
        style = e.STYLE_BAND if n % 2 else e.STYLE_WRAP
        members = [wishes[k] for k in group.keys if k in wishes]
        departments = sorted({department[fold(w.author)] for w in members if fold(w.author) in department})
        for i, wish in enumerate(members):
            first = i == 0
            cell = book.cell(wishes_info.key, wish.row, "Droombeeld")
            rows.append([
                Cell(group.theme, style),
                Cell(group.id, style),
                Cell(group.label if first else None, style),
                Cell(len(members) if first else None, style),
                Cell("; ".join(departments) if first else None, style),
                Cell(wish.id, style, link=sheet_location(book.tables["wishes"].sheet, cell) if cell else None),
                Cell(wish.text, style),
                Cell(wish.author, style),
                Cell(wish.similarity if wish.similarity is not None else None, style, number_format="0"),
            ])
    return SheetOutput(name=c.SHEET_GROUPS, rows=rows, column_widths=_WIDTHS, freeze=f"A{header_row + 1}",
                       header_row=header_row, autofilter=True)
