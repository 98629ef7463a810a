"""The action plan as CSV (for Excel-NL) and Markdown (for a Word or web document), safe to paste.

Both are built from :class:`~mvo_xl.plan.ActionPlan` alone (pure; the CLI
writes the text atomically).

Safe text, one choice for both formats (OWASP CSV-injection guidance): a
value that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
gets a leading single quote (``'=HYPERLINK(...)``). Excel and LibreOffice
treat a leading quote as "this is text", so neither opening the CSV nor
pasting a rendered Markdown table into a spreadsheet can turn the value into
a formula or a DDE link. A backslash escape would not do for Markdown: it
vanishes when the Markdown is rendered, and the pasted text would be live
again. The quote is visible in a Markdown rendering; that is the price of
safety, and it only shows on text that looked like a formula.

Markdown also escapes its own syntax (``\\ | * _ ` [ ] < >``) so a value can
neither break the table nor add links or HTML, and folds line breaks and tabs
into spaces so a value stays inside its cell.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from ..edits import defuse_for_csv
from ..plan import ActionPlan, PlannedAction, PlannedObjective
from ..steps.plan import support_text

BOM = "\ufeff"
CSV_HEADERS = (
    "Thema", "Doelstelling", "Omschrijving doelstelling", "Indicator", "Streefwaarde", "Deadline doelstelling",
    "Verantwoordelijke dienst", "Betrokken diensten", "Middelen", "Groepen van wensen", "Wensen", "Diensten",
    "Actie", "Omschrijving actie", "Trekker", "Deadline actie", "Budget", "Stemmen",
)


def _number(value: float | None) -> str:
    """Flemish notation, as Excel-NL reads it: 1250,5 (no thousands separator: it would read as text)."""
    if value is None:
        return ""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").replace(".", ",")


def _plain(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def _groups(o: PlannedObjective) -> str:
    return "; ".join(f"{g.id} {g.label}".strip() + f" ({g.wish_count})" for g in o.groups)


def plan_records(plan: ActionPlan) -> list[list[object]]:
    """One flat row per action (keys repeated); an objective without actions still gets its row."""
    out: list[list[object]] = []
    for theme in plan.themes:
        for o in theme.objectives:
            head = [theme.name, o.id, o.text, o.indicator, o.target, _plain(o.deadline_value), o.responsible,
                    "; ".join(o.involved), o.means, _groups(o), o.wish_count, o.department_count]
            actions: list[PlannedAction | None] = list(o.actions) or [None]
            for a in actions:
                if a is None:
                    out.append(head + ["", "", "", "", "", ""])
                    continue
                budget = _number(a.budget) if a.budget is not None else a.budget_text
                out.append(head + [a.id, a.text, a.owner, _plain(a.deadline_value), budget, a.votes])
    return out


def plan_csv(plan: ActionPlan) -> str:
    """';'-separated, CRLF lines, starting with a BOM: encode as UTF-8 and Excel-NL opens it right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_HEADERS)
    for record in plan_records(plan):
        writer.writerow([defuse_for_csv(v) if isinstance(v, str) else v for v in record])
    return BOM + buffer.getvalue()


# --- Markdown ---------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\|*_`\[\]<>])")
_BREAKS = re.compile(r"[\r\n\t]+")


def md_text(value: object) -> str:
    """A value as inert Markdown text: defused first (a leading tab or CR counts), then escaped and folded."""
    text = _plain(value)
    text = defuse_for_csv(text)  # before folding: a leading tab/CR must still be seen
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _BREAKS.sub(" ", text).strip()


def _row(cells: list[object]) -> str:
    return "| " + " | ".join(md_text(c) for c in cells) + " |"


def plan_markdown(plan: ActionPlan, title: str = "") -> str:
    """A heading per theme; per objective its SMART fields and a table of its actions."""
    lines = [f"# MVO-actieplan{' – ' + md_text(title) if title else ''}", ""]
    if plan.blocking:
        lines += ["> **Eerst oplossen:** deze meldingen maken het actieplan onvolledig.", ">"]
        lines += [f"> - {md_text(f.sheet)}{', cel ' + f.cell if f.cell else ''}: {md_text(f.message)}"
                  for f in plan.blocking]
        lines.append("")
    for theme in plan.themes:
        lines += [f"## {md_text(theme.name)}", ""]
        if not theme.objectives:
            lines += ["Nog geen gekozen doelstelling voor dit thema.", ""]
        for o in theme.objectives:
            lines += [f"### {md_text(o.id)} – {md_text(o.text)}", ""]
            fields = [
                ("Indicator", o.indicator), ("Streefwaarde", o.target), ("Deadline", _plain(o.deadline_value)),
                ("Verantwoordelijke dienst", o.responsible), ("Betrokken diensten", "; ".join(o.involved)),
                ("Middelen", o.means), ("Groepen van wensen", _groups(o)),
                ("Draagvlak", support_text(o)),
            ]
            lines += [f"- **{name}:** {md_text(value) or '–'}" for name, value in fields]
            lines.append("")
            if not o.actions:
                lines += ["Nog geen actie voor deze doelstelling.", ""]
                continue
            lines.append(_row(["Actie", "Omschrijving", "Trekker", "Deadline", "Budget (€)", "Stemmen"]))
            lines.append("|---|---|---|---|---:|---:|")
            for a in o.actions:
                budget = _number(a.budget) if a.budget is not None else a.budget_text
                lines.append(_row([a.id, a.text, a.owner, _plain(a.deadline_value), budget, a.votes]))
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
