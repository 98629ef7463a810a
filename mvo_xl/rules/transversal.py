"""MVO020/MVO021: objectives are transversal, and no part of the kopgroep is left out."""

from __future__ import annotations

from ..findings import Finding
from ..model import MvoWorkbook, Participant
from .context import RuleContext, chosen_objectives, fold, folded, kopgroep, label
from .smart import filled

MIN_DEPARTMENTS = 2


def check_transversal(book: MvoWorkbook, ctx: RuleContext) -> list[Finding]:
    """Streef naar doelstellingen met een transversaal karakter: meer dan één dienst.

    Counted: the responsible department plus the involved ones, each once ('?' is none).
    """
    findings = []
    for o in chosen_objectives(book):
        departments = [d for d in o.departments if filled(d)]
        if len(departments) < MIN_DEPARTMENTS:
            findings.append(book.finding("MVO020", table="objectives", row=o.row, column="Betrokken diensten",
                                         id=label(o.id, o.row), count=len(departments),
                                         departments=", ".join(departments) or "geen"))
    return findings


def check_kopgroep_involved(book: MvoWorkbook, ctx: RuleContext) -> list[Finding]:
    """Zorg dat geen deel van de kopgroep of dienst zich niet langer betrokken voelt.

    A kopgroep member's department counts as involved when it is responsible
    for or involved in a chosen objective, or leads (Trekker) one of its actions.
    """
    chosen = chosen_objectives(book)
    involved = folded(d for o in chosen for d in o.departments)
    chosen_ids = {fold(o.id) for o in chosen if o.id}
    involved |= folded(a.owner for a in book.actions if fold(a.objective) in chosen_ids)
    members: dict[str, list[Participant]] = {}
    for p in kopgroep(book):
        if p.department:
            members.setdefault(fold(p.department), []).append(p)
    return [
        book.finding("MVO021", table="participants", row=people[0].row, column="Dienst",
                     department=people[0].department, members=", ".join(p.name for p in people))
        for key, people in members.items()
        if key not in involved
    ]
