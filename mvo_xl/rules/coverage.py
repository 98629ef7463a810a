"""MVO033-MVO035: objectives have actions and rest on the wishes; groups of wishes are bundled."""

from __future__ import annotations

from ..findings import Finding
from ..model import MvoWorkbook, Wish
from .context import RuleContext, chosen_objectives, fold, folded, label


def check_actions(book: MvoWorkbook, ctx: RuleContext) -> list[Finding]:
    """De kopgroep koppelt aan elke doelstelling concrete acties."""
    with_actions = folded(a.objective for a in book.actions)
    return [
        book.finding("MVO033", table="objectives", row=o.row, column="ID", id=label(o.id, o.row))
        for o in chosen_objectives(book)
        if not o.id or fold(o.id) not in with_actions
    ]


def check_groups_bundled(book: MvoWorkbook, ctx: RuleContext) -> list[Finding]:
    """De droombeelden worden logisch gebundeld en onder een doelstelling gegroepeerd.

    Any objective counts (chosen or not): the group has been considered.
    Reported once per group, at its first wish.
    """
    bundled = folded(g for o in book.objectives for g in o.groups)
    groups: dict[str, list[Wish]] = {}
    for wish in book.wishes:
        if wish.effective_group:
            groups.setdefault(fold(wish.effective_group), []).append(wish)
    findings = []
    for key, wishes in groups.items():
        if key in bundled:
            continue
        first = wishes[0]
        column = "Groep (handmatig)" if first.manual_group else "Groep"
        group_label = next((w.group_label for w in wishes if w.group_label and not w.manual_group), "")
        group_label = group_label or _shorten(first.text)
        findings.append(book.finding("MVO034", table="wishes", row=first.row, column=column,
                                     group=first.effective_group, label=group_label, count=len(wishes)))
    return findings


def check_grounded(book: MvoWorkbook, ctx: RuleContext) -> list[Finding]:
    """Doelstellingen vertrekken van de droombeelden."""
    return [
        book.finding("MVO035", table="objectives", row=o.row, column="Groepen", id=label(o.id, o.row))
        for o in chosen_objectives(book)
        if not o.groups
    ]


def _shorten(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
