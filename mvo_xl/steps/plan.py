"""Step 'Maak actieplan': the ``Actieplan`` and ``Dashboard`` sheets, as plain edits.

The Actieplan is pasted into the omgevingsanalyse (often via Word), so it is
one table of plain values: no formulas, no links, no merged cells. The
hierarchy theme → objective → action survives a paste because every row
repeats its keys (Thema, Doelstelling) and the level shows in which ID column
is filled; the section/group styles only add the visual structure. The output
holds no timestamp: the same input gives the same sheet.
"""

from __future__ import annotations

import math
from pathlib import PurePath

from .. import contract as c
from .. import edits as e
from .. import layout
from ..catalogue import FOUT, SEVERITY_LABELS
from ..dutch import aantal
from ..edits import Cell, ChartSpec, SheetOutput, WorkbookEdits
from ..findings import Finding
from ..model import MvoWorkbook
from ..normalize import fold
from ..plan import ActionPlan, PlannedAction, PlannedObjective, natural_key
from .votes import vote_descriptions

# The Actieplan table. Shared columns carry the objective's value on its row and the action's on its rows.
PLAN_HEADERS = (
    "Thema", "Doelstelling", "Actie", "Omschrijving", "Indicator", "Streefwaarde", "Deadline",
    "Verantwoordelijke dienst / trekker", "Betrokken diensten", "Middelen / budget", "Groepen van wensen",
    "Draagvlak", "Stemmen",
)
PLAN_WIDTHS = [15, 11, 8, 46, 22, 15, 11, 18, 20, 17, 30, 13, 9]
BUDGET_FORMAT = '"€ "#,##0'
MAX_BOX = 8  # blocking findings shown in the box; the rest are counted (all of them are in Controle)
TOP_ACTIONS = 10


def plan_title(book: MvoWorkbook, title: str | None = None) -> str:
    """The municipality or workbook name for the title line (the file name when nothing better is given)."""
    if title:
        return title
    stem = PurePath(book.source).stem if book.source else ""
    return stem or "MVO-werkmap"


def plan_edits(book: MvoWorkbook, plan: ActionPlan, *, title: str | None = None) -> WorkbookEdits:
    name = plan_title(book, title)
    return WorkbookEdits(column_writes=vote_descriptions(book),
                         sheets=[plan_sheet(plan, name), dashboard_sheet(book, plan, name)], activate=c.SHEET_PLAN,
                         table_grows=book.table_grows())


# --- Actieplan --------------------------------------------------------------------------------

def support_text(o: PlannedObjective) -> str:
    """'5 wensen uit 3 diensten': how many wishes and departments stand behind an objective."""
    wishes = aantal(o.wish_count, "wens", "wensen")
    if not o.department_count:
        return wishes
    return f"{wishes} uit {aantal(o.department_count, 'dienst', 'diensten')}"


def groups_text(o: PlannedObjective) -> str:
    """'DM-01 Veilige fietspaden (2); DM-03 (0)': the groups an objective bundles, with their size."""
    parts = []
    for g in o.groups:
        label = f" {g.label}" if g.label else ""
        parts.append(f"{g.id}{label} ({g.wish_count})")
    return "; ".join(parts)


_count = aantal


def _where(f: Finding) -> str:
    where = f.sheet
    if f.cell:
        where += f", cel {f.cell}"
    elif f.row:
        where += f", rij {f.row}"
    return where


def _padded(cells: list[Cell], style: str | None, width: int) -> list[Cell]:
    """A row whose style fills the whole table width, so a band reads as one line."""
    return cells + [Cell(None, style)] * (width - len(cells))


def blocking_box(findings: list[Finding], width: int) -> list[list[Cell]]:
    """The findings that make the plan unsound, in a coloured box above the table."""
    if not findings:
        return []
    errors = sum(1 for f in findings if f.severity == FOUT)
    style = e.STYLE_FOUT if errors else e.STYLE_WAARSCHUWING
    head = (f"{_count(len(findings), 'melding maakt', 'meldingen maken')} dit actieplan onvolledig. "
            "Los ze op in de werkmap en maak het actieplan opnieuw.")
    rows = [_padded([Cell("Eerst oplossen", style), Cell(None, style), Cell(None, style), Cell(head, style)],
                    style, width)]
    for f in findings[:MAX_BOX]:
        f_style = e.STYLE_FOUT if f.severity == FOUT else e.STYLE_WAARSCHUWING
        rows.append(_padded([Cell(SEVERITY_LABELS[f.severity], f_style), Cell(f.code, f_style),
                             Cell(None, f_style), Cell(f"{_where(f)}: {f.message}", f_style)], f_style, width))
    if len(findings) > MAX_BOX:
        rest = len(findings) - MAX_BOX
        rows.append(_padded([Cell(None, style), Cell(None, style), Cell(None, style),
                             Cell(f"... en nog {aantal(rest, 'melding', 'meldingen')}: zie het tabblad Controle.", style)], style, width))
    return rows


def _objective_row(theme: str, o: PlannedObjective) -> list[Cell]:
    s = e.STYLE_GROUP
    return [
        Cell(theme, s), Cell(o.id, s), Cell(None, s), Cell(o.text, s), Cell(o.indicator, s), Cell(o.target, s),
        Cell(o.deadline_value, s), Cell(o.responsible, s), Cell("; ".join(o.involved), s), Cell(o.means, s),
        Cell(groups_text(o), s), Cell(support_text(o), s), Cell(o.votes, s),
    ]


def _action_row(theme: str, o: PlannedObjective, a: PlannedAction) -> list[Cell]:
    s, key = e.STYLE_WRAP, e.STYLE_MUTED  # repeated keys muted: the eye reads the hierarchy
    budget = Cell(a.budget, s, number_format=BUDGET_FORMAT) if a.budget is not None else Cell(a.budget_text, s)
    return [
        Cell(theme, key), Cell(o.id, key), Cell(a.id, s), Cell(a.text, s), Cell(None, s), Cell(None, s),
        Cell(a.deadline_value, s), Cell(a.owner, s), Cell(None, s), budget, Cell(None, s), Cell(None, s),
        Cell(a.votes, s),
    ]


def plan_rows(plan: ActionPlan) -> list[list[Cell]]:
    """The table body (without title, box or header): what a button and the CLI must agree on."""
    width = len(PLAN_HEADERS)
    rows: list[list[Cell]] = []
    for theme in plan.themes:
        rows.append(_padded([Cell(theme.name, e.STYLE_SECTION)], e.STYLE_SECTION, width))
        if not theme.known:
            rows.append([Cell(theme.name, e.STYLE_MUTED), None, None,
                         Cell("Dit thema staat niet in het tabblad Thema's (zie de meldingen bovenaan).",
                              e.STYLE_MUTED)])
        if not theme.objectives:
            rows.append([Cell(theme.name, e.STYLE_MUTED), None, None,
                         Cell("Nog geen gekozen doelstelling voor dit thema.", e.STYLE_MUTED)])
        for o in theme.objectives:
            rows.append(_objective_row(theme.name, o))
            if not o.actions:
                rows.append([Cell(theme.name, e.STYLE_MUTED), Cell(o.id, e.STYLE_MUTED), None,
                             Cell("Nog geen actie voor deze doelstelling.", e.STYLE_MUTED)])
            for a in o.actions:
                rows.append(_action_row(theme.name, o, a))
    return [[cell if cell is not None else Cell(None) for cell in row] for row in rows]


def plan_sheet(plan: ActionPlan, name: str) -> SheetOutput:
    objectives, actions = plan.objectives, plan.actions
    width = len(PLAN_HEADERS)
    rows: list[list[Cell]] = [
        [Cell(f"MVO-actieplan – {name}", e.STYLE_TITLE)],
        [Cell(f"{_count(sum(1 for t in plan.themes if t.known), 'thema', 'thema’s')} · "
              f"{_count(len(objectives), 'gekozen doelstelling', 'gekozen doelstellingen')} · "
              f"{_count(len(actions), 'actie', 'acties')} · "
              f"{_count(sum(a.votes for a in actions), 'prioriteitsstem', 'prioriteitsstemmen')}", e.STYLE_SUBTITLE)],
        [Cell("Per thema de gekozen doelstellingen (Gekozen = Ja) met hun acties, gerangschikt op stemmen "
              "(bij gelijke stand: vroegste deadline, dan ID). Alleen waarden: klaar om te kopiëren naar de "
              "omgevingsanalyse.", e.STYLE_SUBTITLE)],
        [],
    ]
    box = blocking_box(plan.blocking, width)
    if box:
        rows += box + [[]]
    rows.append([Cell(h, e.STYLE_HEADER) for h in PLAN_HEADERS])
    header_row = len(rows)
    rows += plan_rows(plan)
    # Freeze under the header, unless a long box would eat the screen.
    freeze = f"A{header_row + 1}" if header_row <= 16 else None
    return SheetOutput(name=c.SHEET_PLAN, rows=rows, column_widths=PLAN_WIDTHS, freeze=freeze,
                       header_row=header_row, autofilter=True, landscape=True)


# --- Dashboard --------------------------------------------------------------------------------

DASH_WIDTHS = [46, 11, 11, 13, 11, 11, 13, 3]
CHART_COL = "I"
_ROW_CM = 0.53  # a default row is 15 pt


def _short(text: str, n: int = 44) -> str:
    """A chart label: cut at a word boundary, never inside a word."""
    return layout.shorten(text, n)


def votes_note(book: MvoWorkbook, plan: ActionPlan) -> str:
    """'1 stem telt niet mee: actie van een ander thema.': why the votes shown are fewer than the rows."""
    cast = sum(1 for v in book.votes if v.action)
    counted = sum(a.votes for a in plan.actions)
    reasons = dict(plan.ignored_votes)
    rest = cast - counted - sum(reasons.values())
    if rest > 0:
        reasons["actie van een doelstelling die niet gekozen is"] = rest
    if not reasons:
        return ""
    total = sum(reasons.values())
    parts = [f"{n}× {reason}" if len(reasons) > 1 else reason for reason, n in reasons.items()]
    return (f"{aantal(cast, 'stem', 'stemmen')} in Prioriteiten, waarvan "
            f"{aantal(total, 'stem telt', 'stemmen tellen')} niet mee: {'; '.join(parts)}.")


def _chart_rows(height_cm: float) -> int:
    return math.ceil(height_cm / _ROW_CM) + 1


class _Blocks:
    """Stacks small titled tables, each with room for the chart next to it."""

    def __init__(self, rows: list[list[Cell]]):
        self.rows = rows
        self.charts: list[ChartSpec] = []
        self.spans: list[tuple[int, int]] = []  # (first row, last row) of each block: kept on one page

    def table(self, title: str, note: str, headers: list[str], body: list[list[Cell]], *,
              chart: tuple[str, int, str] | None = None, total: list[Cell] | None = None) -> None:
        """``chart``: (title, values column, axis title) of a bar chart over the body rows."""
        start = len(self.rows) + 1
        self.rows.append([Cell(title, e.STYLE_SECTION)] + [Cell(None, e.STYLE_SECTION)] * (len(headers) - 1))
        self.rows.append([Cell(note, e.STYLE_SUBTITLE)])
        self.rows.append([Cell(h, e.STYLE_HEADER) for h in headers])
        first = len(self.rows) + 1
        if not body:
            self.rows.append([Cell("Nog geen gegevens.", e.STYLE_SUBTITLE)])
        self.rows += body
        last = first + len(body) - 1
        if total:
            self.rows.append(total)
        used = len(self.rows) - start + 1
        if chart and body:
            chart_title, values_col, axis = chart
            height = min(16.0, max(6.0, 0.75 * len(body) + 2.5))
            self.charts.append(ChartSpec(title=chart_title, anchor=f"{CHART_COL}{start}", categories_col=1,
                                         values_col=values_col, first_row=first, last_row=last, y_title=axis,
                                         horizontal=True, width_cm=17, height_cm=height))
            used = max(used, _chart_rows(height))
        self.spans.append((start, start + used - 1))
        while len(self.rows) - start + 1 < used + 1:
            self.rows.append([])


def dashboard_sheet(book: MvoWorkbook, plan: ActionPlan, name: str) -> SheetOutput:
    """The overview a kopgroep meeting puts on the screen: small tables, each with a native bar chart."""
    rows: list[list[Cell]] = [
        [Cell(f"Dashboard – {name}", e.STYLE_TITLE)],
        [Cell("Overzicht voor de kopgroep: wensen, draagvlak en prioriteiten. Wordt bij elk actieplan opnieuw "
              "opgebouwd.", e.STYLE_SUBTITLE)],
        [],
    ]
    blocks = _Blocks(rows)
    num = e.STYLE_WRAP

    # 1. Per theme: the meeting's overview, and the wishes-per-theme chart.
    body = []
    for t in plan.themes:
        acts = [a for o in t.objectives for a in o.actions]
        budget = sum(a.budget or 0 for a in acts)
        body.append([Cell(t.name, num), Cell(t.wish_count, num), Cell(t.group_count, num),
                     Cell(len(t.objectives), num), Cell(len(acts), num), Cell(sum(a.votes for a in acts), num),
                     Cell(budget, num, number_format=BUDGET_FORMAT)])
    total = [Cell("Totaal", e.STYLE_GROUP)] + [
        Cell(sum(r[i].value or 0 for r in body), e.STYLE_GROUP,
             number_format=BUDGET_FORMAT if i == 6 else None) for i in range(1, 7)]
    note = votes_note(book, plan)
    blocks.table("Overzicht per thema", "Wensen en groepen uit Droombeelden; doelstellingen met Gekozen = Ja."
                 + (f" {note}" if note else ""),
                 ["Thema", "Wensen", "Groepen", "Gekozen doelstellingen", "Acties", "Stemmen", "Budget acties"],
                 body, chart=("Wensen per thema", 2, "Aantal wensen"), total=total if body else None)

    # 2. Support per chosen objective.
    body = [[Cell(_short(f"{o.id} {o.text}"), num), Cell(o.wish_count, num), Cell(o.department_count, num),
             Cell(len(o.actions), num), Cell(o.votes, num)] for o in plan.objectives]
    blocks.table("Draagvlak per gekozen doelstelling",
                 "Wensen in de gebundelde groepen en de diensten van wie ze schreef.",
                 ["Doelstelling", "Wensen", "Diensten", "Acties", "Stemmen"], body,
                 chart=("Draagvlak: wensen per doelstelling", 2, "Aantal wensen"))

    # 3. The most voted actions.
    ranked = sorted(((a, o) for o in plan.objectives for a in o.actions),
                    key=lambda ao: (-ao[0].votes, natural_key(ao[0].id), ao[0].row))[:TOP_ACTIONS]
    body = [[Cell(_short(f"{a.id} {a.text}"), num), Cell(a.votes, num), Cell(o.id, num), Cell(a.owner, num)]
            for a, o in ranked]
    blocks.table(f"Stemmen per actie (top {TOP_ACTIONS})",
                 "Prioriteitsstemmen uit het tabblad Prioriteiten." + (f" {note}" if note else ""),
                 ["Actie", "Stemmen", "Doelstelling", "Trekker"], body,
                 chart=("Prioriteitsstemmen per actie", 2, "Aantal stemmen"))

    # 4. Which departments carry the plan (the method's warning: nobody of the kopgroep left out).
    blocks.table("Betrokkenheid per dienst",
                 "Verantwoordelijk of betrokken bij een gekozen doelstelling, of trekker van een actie ervan.",
                 ["Dienst", "In kopgroep", "Verantwoordelijk", "Betrokken", "Trekker acties"],
                 _department_rows(book, plan))
    out = SheetOutput(name=c.SHEET_DASHBOARD, rows=blocks.rows, column_widths=DASH_WIDTHS, charts=blocks.charts,
                      landscape=True)
    out.row_breaks = layout.keep_blocks_together(out, blocks.spans)  # no chart split over two pages
    return out


def _department_rows(book: MvoWorkbook, plan: ActionPlan) -> list[list[Cell]]:
    names: dict[str, str] = {}
    kop: dict[str, int] = {}
    for p in book.participants:
        if p.department:
            names.setdefault(fold(p.department), p.department)
            if p.role == c.ROLE_KOPGROEP:
                kop[fold(p.department)] = kop.get(fold(p.department), 0) + 1
    lead: dict[str, int] = {}
    inv: dict[str, int] = {}
    own: dict[str, int] = {}
    for o in plan.objectives:
        if o.responsible:
            names.setdefault(fold(o.responsible), o.responsible)
            lead[fold(o.responsible)] = lead.get(fold(o.responsible), 0) + 1
        for d in o.involved:
            names.setdefault(fold(d), d)
            inv[fold(d)] = inv.get(fold(d), 0) + 1
        for a in o.actions:
            if a.owner:
                names.setdefault(fold(a.owner), a.owner)
                own[fold(a.owner)] = own.get(fold(a.owner), 0) + 1
    s = e.STYLE_WRAP
    out = []
    for key in sorted(names, key=lambda k: (-(lead.get(k, 0) + inv.get(k, 0) + own.get(k, 0)), k)):
        involved = lead.get(key, 0) + inv.get(key, 0) + own.get(key, 0)
        style = e.STYLE_WAARSCHUWING if kop.get(key) and not involved else s
        out.append([Cell(names[key], style), Cell(kop.get(key, 0), style), Cell(lead.get(key, 0), style),
                    Cell(inv.get(key, 0), style), Cell(own.get(key, 0), style)])
    return out


# --- row heights ------------------------------------------------------------------------------

_LINE_PT = {e.STYLE_TITLE: 21.0, e.STYLE_SECTION: 16.0}
