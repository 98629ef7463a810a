"""The action plan as a Word chapter (.docx) for the omgevingsanalyse, with python-docx.

Built from :class:`~mvo_xl.plan.ActionPlan` alone. Only built-in Word styles
(Title, Heading 1-3, List Bullet, a built-in table style), no hard formatting:
pasted into the municipality's own document, the chapter takes on its house
style. Per theme a heading; per chosen objective its SMART fields and support,
its actions in priority order (the plan's order), and the groups of wishes
behind it.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from ..dutch import aantal
from ..plan import ActionPlan, PlannedObjective
from ..steps.plan import support_text

TABLE_STYLE = "Light Grid Accent 1"
ACTION_HEADERS = ("Actie", "Omschrijving", "Trekker", "Deadline", "Budget", "Stemmen")
ACTION_WIDTHS_CM = (1.5, 6.6, 3.0, 2.3, 2.0, 1.6)  # 17 cm: A4 with 2 cm margins
FIELD_WIDTHS_CM = (4.5, 12.5)


def _widths(table, widths_cm) -> None:
    """Column widths (layout, not formatting: Word would otherwise give every column the same width)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm):
        column.width = Cm(width)  # the table grid, which LibreOffice reads
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm):
            cell.width = Cm(width)


def _repeat_header(table) -> None:
    """The header row repeats on every page a long table runs over (a table property, w:tblHeader)."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _no_header_row(table) -> None:
    """A label/value table has no header row: switch off the style's first-row look (tblLook)."""
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        look = OxmlElement("w:tblLook")
        table._tbl.tblPr.append(look)
    look.set(qn("w:firstRow"), "0")
    look.set(qn("w:firstColumn"), "1")
    look.set(qn("w:noVBand"), "1")
    look.set(qn("w:val"), "0480")


def _text(value: object) -> str:
    """Plain text for a Word cell: dates as dd/mm/yyyy, numbers without a trailing .0, no control characters."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    return "".join(ch for ch in text if ord(ch) >= 32 or ch in "\t\n")


def _budget(value: float | None, typed: str) -> str:
    if value is None:
        return _text(typed)
    return "€ " + f"{value:,.0f}".replace(",", ".")


def _fields(o: PlannedObjective) -> list[tuple[str, str]]:
    return [
        ("Indicator", o.indicator), ("Streefwaarde", o.target), ("Deadline", _text(o.deadline_value)),
        ("Verantwoordelijke dienst", o.responsible), ("Betrokken diensten", "; ".join(o.involved)),
        ("Middelen", o.means), ("Draagvlak", support_text(o)),
    ]


def _objective(doc, o: PlannedObjective) -> None:
    doc.add_heading(_text(f"{o.id} – {o.text}" if o.id else o.text), level=2)
    fields = doc.add_table(rows=0, cols=2)
    fields.style = TABLE_STYLE
    for name, value in _fields(o):
        cells = fields.add_row().cells
        cells[0].text = name
        cells[1].text = _text(value) or "–"
    _no_header_row(fields)
    _widths(fields, FIELD_WIDTHS_CM)
    doc.add_heading("Acties in volgorde van prioriteit", level=3)
    if not o.actions:
        doc.add_paragraph("Nog geen actie voor deze doelstelling.")
    else:
        table = doc.add_table(rows=1, cols=len(ACTION_HEADERS))
        table.style = TABLE_STYLE
        for cell, header in zip(table.rows[0].cells, ACTION_HEADERS):
            cell.text = header
        _repeat_header(table)
        for a in o.actions:
            cells = table.add_row().cells
            values = (a.id, a.text, a.owner, _text(a.deadline_value), _budget(a.budget, a.budget_text), a.votes)
            for cell, value in zip(cells, values):
                cell.text = _text(value)
        _widths(table, ACTION_WIDTHS_CM)
    doc.add_heading("Groepen van wensen", level=3)
    if not o.groups:
        doc.add_paragraph("Deze doelstelling bundelt nog geen groep van wensen.")
    for g in o.groups:
        label = f" {g.label}" if g.label else ""
        doc.add_paragraph(_text(f"{g.id}{label} ({aantal(g.wish_count, 'wens', 'wensen')})"), style="List Bullet")


def plan_docx(plan: ActionPlan, title: str = "") -> bytes:
    """The chapter as .docx bytes (the CLI and the button write them atomically)."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    doc.core_properties.title = _text(f"MVO-actieplan – {title}" if title else "MVO-actieplan")
    doc.core_properties.author = "mvo-xl"
    doc.add_heading(_text(f"MVO-actieplan – {title}" if title else "MVO-actieplan"), level=0)
    objectives, actions = plan.objectives, plan.actions
    doc.add_paragraph(
        f"Per thema de doelstellingen die de kopgroep koos, met hun SMART-gegevens en het draagvlak, de acties "
        f"in volgorde van de prioriteitsstemmen van de deelnemers en de groepen van wensen waaruit ze vertrekken. "
        f"In totaal {aantal(len(objectives), 'gekozen doelstelling', 'gekozen doelstellingen')} en "
        f"{aantal(len(actions), 'actie', 'acties')}.")
    if plan.blocking:
        doc.add_paragraph(
            f"Let op: {aantal(len(plan.blocking), 'melding maakt', 'meldingen maken')} dit actieplan onvolledig "
            f"(zie het tabblad Controle van de werkmap).", style="Intense Quote")
    for theme in plan.themes:
        doc.add_heading(_text(theme.name), level=1)
        if not theme.objectives:
            doc.add_paragraph("Nog geen gekozen doelstelling voor dit thema.")
        for o in theme.objectives:
            _objective(doc, o)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
