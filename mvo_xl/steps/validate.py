"""Step 'Controleer': every rule of the method, as the Controle sheet and marks on the offending cells.

The button and ``mvo-xl validate --write`` both apply these edits; marks of an
earlier run are replaced, so fixing a cell and checking again clears its mark.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from .. import contract as c
from .. import edits as e
from ..catalogue import FOUT, INFO, SEVERITIES, SEVERITY_LABELS, WAARSCHUWING
from ..cells import sheet_location
from ..edits import Cell, CellMark, SheetOutput, WorkbookEdits
from ..findings import Finding
from ..model import MvoWorkbook
from ..normalize import fold
from ..rules import RuleContext, check_workbook

SEVERITY_STYLES = {FOUT: e.STYLE_FOUT, WAARSCHUWING: e.STYLE_WAARSCHUWING, INFO: e.STYLE_INFO}
HEADERS = ("Code", "Ernst", "Tabblad", "Cel", "Kolom", "Melding")
_WIDTHS = [11, 15, 16, 9, 24, 100]
NO_THEME = "(geen thema)"


@dataclass
class ValidationResult:
    findings: list[Finding]
    edits: WorkbookEdits

    @property
    def valid(self) -> bool:
        """Valid means no fout; warnings and info do not block."""
        return not any(f.severity == FOUT for f in self.findings)


def validate(book: MvoWorkbook, *, today: dt.date | None = None, horizon: int | None = None) -> ValidationResult:
    ctx = RuleContext.for_book(book, today=today, horizon=horizon)
    findings = check_workbook(book, today=ctx.today, horizon=ctx.horizon)
    marks = [CellMark(f.sheet, f.cell, f.severity, f.message) for f in findings if f.cell]
    edits = WorkbookEdits(sheets=[check_sheet(book, findings, ctx)], marks=marks, activate=c.SHEET_CHECK,
                          table_grows=book.table_grows())
    return ValidationResult(findings, edits)


def finding_themes(book: MvoWorkbook) -> dict[tuple[str, int], str]:
    """(sheet, Excel row) -> the theme that row belongs to, so findings can be summed per theme."""
    objective_theme = {fold(o.id): o.theme for o in book.objectives if o.id}
    rows: dict[str, list[tuple[int, str]]] = {
        "themes": [(t.row, t.name) for t in book.themes],
        "wishes": [(w.row, w.theme) for w in book.wishes],
        "objectives": [(o.row, o.theme) for o in book.objectives],
        "actions": [(a.row, objective_theme.get(fold(a.objective), "")) for a in book.actions],
        "votes": [(v.row, v.theme) for v in book.votes],
    }
    out = {}
    for key, pairs in rows.items():
        info = book.tables.get(key)
        if info is None:
            continue
        for row, theme in pairs:
            if theme:
                out[(info.sheet, row)] = theme
    return out


def _theme_summary(book: MvoWorkbook, findings: list[Finding]) -> list[tuple[str, Counter]]:
    """Per known theme (in sheet order) and one line for findings outside any theme."""
    where = finding_themes(book)
    names = {fold(n): n for n in reversed(book.theme_names())}
    counts: dict[str, Counter] = {fold(n): Counter() for n in book.theme_names()}
    for f in findings:
        theme = where.get((f.sheet, f.row or 0), "")
        key = fold(theme) if fold(theme) in counts else ""
        counts.setdefault(key, Counter())[f.severity] += 1
    lines = [(names[k], counts[k]) for k in dict.fromkeys(fold(n) for n in book.theme_names())]
    if counts.get(""):
        lines.append((NO_THEME, counts[""]))
    return lines


def check_sheet(book: MvoWorkbook, findings: list[Finding], ctx: RuleContext) -> SheetOutput:
    """Title, one compact summary (severity x theme), then every finding with a link to its cell."""
    total = Counter(f.severity for f in findings)
    verdict = ("Er zijn fouten: los ze op en controleer opnieuw." if total[FOUT]
               else "Geen fouten: de werkmap volgt de regels van de methode.")
    rows: list[list[Cell]] = [
        [Cell("Controle van de werkmap", e.STYLE_TITLE)],
        [Cell(f"{verdict} Gecontroleerd op {ctx.today.strftime('%d/%m/%Y')}, planhorizon {ctx.horizon}. "
              "Klik op een cel om ernaar te springen; gemarkeerde cellen hebben een notitie met de melding.",
              e.STYLE_SUBTITLE)],
        [Cell(SEVERITY_LABELS[s], e.STYLE_HEADER) for s in SEVERITIES] + [Cell("Thema", e.STYLE_HEADER)],
    ]
    for theme, counts in _theme_summary(book, findings):
        rows.append([Cell(counts[s], SEVERITY_STYLES[s] if counts[s] else None) for s in SEVERITIES]
                    + [Cell(theme)])
    rows.append([Cell(total[s], SEVERITY_STYLES[s]) for s in SEVERITIES] + [Cell("Totaal", e.STYLE_SECTION)])
    rows.append([])
    rows.append([Cell(h, e.STYLE_HEADER) for h in HEADERS])
    header_row = len(rows)
    sheets = set(book.sheets)
    for f in findings:
        style = SEVERITY_STYLES[f.severity]
        link = sheet_location(f.sheet, f.cell) if f.cell and f.sheet in sheets else None
        rows.append([
            Cell(f.code, style),
            Cell(SEVERITY_LABELS[f.severity], style),
            Cell(f.sheet),
            Cell(f.cell or None, e.STYLE_LINK if link else None, link=link),
            Cell(f.column),
            Cell(f.message, e.STYLE_WRAP),
        ])
    if not findings:
        rows.append([Cell("Geen meldingen.", e.STYLE_SUBTITLE)])
    return SheetOutput(name=c.SHEET_CHECK, rows=rows, column_widths=_WIDTHS, freeze=f"A{header_row + 1}",
                       header_row=header_row, autofilter=True)
