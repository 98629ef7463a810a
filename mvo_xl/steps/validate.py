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
from ..catalogue import message as catalogue_message
from ..dutch import aantal, opsomming
from ..cells import sheet_location
from ..edits import Cell, CellMark, SheetOutput, WorkbookEdits
from ..findings import Finding
from ..model import MvoWorkbook
from ..normalize import fold
from ..rules import RuleContext, check_workbook
from .votes import vote_descriptions

SEVERITY_STYLES = {FOUT: e.STYLE_FOUT, WAARSCHUWING: e.STYLE_WAARSCHUWING, INFO: e.STYLE_INFO}
HEADERS = ("Code", "Ernst", "Tabblad", "Cel", "Kolom", "Melding")
_WIDTHS = [18, 13, 15, 9, 20, 100]
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
    edits = WorkbookEdits(column_writes=vote_descriptions(book), sheets=[check_sheet(book, findings, ctx)],
                          marks=marks, activate=c.SHEET_CHECK, table_grows=book.table_grows())
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


@dataclass
class ControlLine:
    """One line of Controle: a problem with every cell it concerns (the first one linked)."""

    code: str
    severity: str
    sheet: str
    column: str
    message: str
    cells: list[str]


def control_lines(book: MvoWorkbook, findings: list[Finding]) -> list[ControlLine]:
    """Errors and warnings first, one line per problem (same code and message: one line listing the cells);
    then the info findings, summarised per rule and theme."""
    lines: dict[tuple, ControlLine] = {}
    for f in findings:
        if f.severity == INFO:
            continue
        key = (f.code, f.severity, f.sheet, f.column, f.message)
        line = lines.setdefault(key, ControlLine(f.code, f.severity, f.sheet, f.column, f.message, []))
        if f.cell and f.cell not in line.cells:
            line.cells.append(f.cell)
    ordered = sorted(lines.values(), key=lambda ln: SEVERITIES.index(ln.severity))
    return ordered + _info_lines(book, [f for f in findings if f.severity == INFO])


def _info_lines(book: MvoWorkbook, findings: list[Finding]) -> list[ControlLine]:
    """MVO034 (groups no objective bundles): one line per theme with its groups; other info as is."""
    where = finding_themes(book)
    wishes_at = {w.row: w for w in book.wishes}
    sizes = Counter(fold(w.effective_group) for w in book.wishes if w.effective_group)
    per_theme: dict[tuple[str, str], list[Finding]] = {}
    out: list[ControlLine] = []
    for f in findings:
        if f.code == "MVO034":
            per_theme.setdefault((f.code, where.get((f.sheet, f.row or 0), NO_THEME)), []).append(f)
        else:
            out.append(ControlLine(f.code, f.severity, f.sheet, f.column, f.message, [f.cell] if f.cell else []))
    for (code, theme), group in per_theme.items():
        if len(group) == 1:
            f = group[0]
            out.append(ControlLine(code, INFO, f.sheet, f.column, f.message, [f.cell] if f.cell else []))
            continue
        labels = []
        for f in group:
            wish = wishes_at.get(f.row or 0)
            gid = wish.effective_group if wish else ""
            labels.append(f"{gid} ({aantal(sizes.get(fold(gid), 0), 'wens', 'wensen')})" if gid else f.cell)
        message = catalogue_message(code, "summary", theme=theme, count=len(group), groups=", ".join(labels))
        out.append(ControlLine(code, INFO, group[0].sheet, group[0].column, message,
                               [f.cell for f in group if f.cell]))
    return out


def check_sheet(book: MvoWorkbook, findings: list[Finding], ctx: RuleContext) -> SheetOutput:
    """Title, a summary per theme, then one line per problem with a link to its (first) cell."""
    total = Counter(f.severity for f in findings)
    verdict = ("Er zijn fouten: los ze op en controleer opnieuw." if total[FOUT]
               else "Geen fouten: de werkmap volgt de regels van de methode.")
    rows: list[list[Cell]] = [
        [Cell("Controle van de werkmap", e.STYLE_TITLE)],
        [Cell(f"{verdict} Gecontroleerd op {ctx.today.strftime('%d/%m/%Y')}, planhorizon {ctx.horizon}. "
              "Klik op een cel om ernaar te springen; gemarkeerde cellen hebben een notitie met de melding.",
              e.STYLE_SUBTITLE)],
        [Cell("Thema", e.STYLE_HEADER)] + [Cell(SEVERITY_LABELS[s], e.STYLE_HEADER) for s in SEVERITIES],
    ]
    for theme, counts in _theme_summary(book, findings):
        rows.append([Cell(theme, e.STYLE_WRAP)]
                    + [Cell(counts[s], SEVERITY_STYLES[s] if counts[s] else None) for s in SEVERITIES])
    rows.append([Cell("Totaal", e.STYLE_GROUP)] + [Cell(total[s], e.STYLE_GROUP) for s in SEVERITIES])
    rows.append([])
    rows.append([Cell(h, e.STYLE_HEADER) for h in HEADERS])
    header_row = len(rows)
    sheets = set(book.sheets)
    for line in control_lines(book, findings):
        style = SEVERITY_STYLES[line.severity]
        first = line.cells[0] if line.cells else ""
        link = sheet_location(line.sheet, first) if first and line.sheet in sheets else None
        rows.append([
            Cell(line.code, style),
            Cell(SEVERITY_LABELS[line.severity], style),
            Cell(line.sheet, e.STYLE_WRAP),
            Cell(first or None, e.STYLE_LINK if link else e.STYLE_WRAP, link=link),
            Cell(line.column, e.STYLE_WRAP),
            Cell(line.message + (f" Cellen: {opsomming(line.cells)}." if len(line.cells) > 1 else ""),
                 e.STYLE_WRAP),
        ])
    if not findings:
        rows.append([Cell("Geen meldingen.", e.STYLE_SUBTITLE)])
    return SheetOutput(name=c.SHEET_CHECK, rows=rows, column_widths=_WIDTHS, freeze=f"A{header_row + 1}",
                       header_row=header_row, autofilter=True)
