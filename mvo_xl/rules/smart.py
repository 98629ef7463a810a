"""MVO010-MVO014: chosen objectives are SMART (specific, measurable, acceptable, realistic, time-bound)."""

from __future__ import annotations

import re
from typing import Any

from ..findings import Finding
from ..model import MvoWorkbook
from ..normalize import Deadline, is_placeholder, shown_value
from .context import RuleContext, chosen_objectives, fold, folded, kopgroep, label

MIN_WORDS = 4
# "A number in the text": a digit or a percent sign; simple enough to explain in one sentence.
_NUMBER = re.compile(r"[0-9%]")


def filled(text: str) -> bool:
    """A SMART field counts when it holds something: '?', '-', 'nog te bepalen' or 'n.v.t.' do not."""
    return bool(text) and not is_placeholder(text)


def check_specific(book: MvoWorkbook, ctx: RuleContext) -> list[Finding]:
    """Doelstellingen zijn specifiek: duidelijk wat er bereikt wordt en wie het trekt.

    Vague means fewer than 4 words; who leads it is the Verantwoordelijke dienst.
    """
    findings = []
    for o in chosen_objectives(book):
        words = len(o.text.split())
        if o.text and words < MIN_WORDS:
            findings.append(book.finding("MVO010", "short", table="objectives", row=o.row, column="Doelstelling",
                                         id=label(o.id, o.row), text=o.text, words=words))
        if not filled(o.responsible):
            findings.append(book.finding("MVO010", "no_responsible", table="objectives", row=o.row,
                                         column="Verantwoordelijke dienst", id=label(o.id, o.row)))
    return findings


def check_measurable(book: MvoWorkbook, ctx: RuleContext) -> list[Finding]:
    """Doelstellingen zijn meetbaar: een indicator en een streefwaarde.

    A number in the objective's text (a digit or %) stands in for the Streefwaarde;
    a placeholder ('?', 'nog te bepalen') is no indicator or target.
    """
    findings = []
    for o in chosen_objectives(book):
        if not filled(o.indicator):
            findings.append(book.finding("MVO011", "no_indicator", table="objectives", row=o.row,
                                         column="Indicator", id=label(o.id, o.row)))
        if not filled(o.target) and not _NUMBER.search(o.text):
            findings.append(book.finding("MVO011", "no_target", table="objectives", row=o.row,
                                         column="Streefwaarde", id=label(o.id, o.row)))
    return findings


def check_acceptable(book: MvoWorkbook, ctx: RuleContext) -> list[Finding]:
    """Doelstellingen zijn acceptabel: de trekkende dienst zit mee in de kopgroep."""
    represented = folded(p.department for p in kopgroep(book))
    return [
        book.finding("MVO012", table="objectives", row=o.row, column="Verantwoordelijke dienst",
                     department=o.responsible, id=label(o.id, o.row))
        for o in chosen_objectives(book)
        if filled(o.responsible) and fold(o.responsible) not in represented
    ]


def check_realistic(book: MvoWorkbook, ctx: RuleContext) -> list[Finding]:
    """Doelstellingen zijn realistisch: er zijn middelen voorzien."""
    return [
        book.finding("MVO013", table="objectives", row=o.row, column="Middelen", id=label(o.id, o.row))
        for o in chosen_objectives(book)
        if not filled(o.means)
    ]


def check_time_bound(book: MvoWorkbook, ctx: RuleContext) -> list[Finding]:
    """Doelstellingen zijn tijdgebonden: een haalbare deadline binnen het meerjarenplan.

    A chosen objective needs a deadline; an action of a chosen objective may
    leave it empty, but a deadline it has must be readable, not past and not
    beyond the plan horizon.
    """
    findings = []
    chosen = chosen_objectives(book)
    for o in chosen:
        findings += _deadline(book, ctx, "objectives", "Doelstelling", o.id, o.row, o.deadline, o.deadline_raw,
                              required=True)
    chosen_ids = {fold(o.id) for o in chosen if o.id}
    for a in book.actions:
        if fold(a.objective) in chosen_ids:
            findings += _deadline(book, ctx, "actions", "Actie", a.id, a.row, a.deadline, a.deadline_raw,
                                  required=False)
    return findings


def _deadline(book: MvoWorkbook, ctx: RuleContext, table: str, what: str, record_id: str, row: int,
              deadline: Deadline | None, raw: Any, *, required: bool) -> list[Finding]:
    params = dict(table=table, row=row, column="Deadline", what=what, what_lower=what.lower(),
                  id=label(record_id, row), horizon=ctx.horizon, today=ctx.today.strftime("%d/%m/%Y"))
    if deadline is None:
        text = shown_value(raw)
        if text:
            return [book.finding("MVO014", "invalid", value=text, **params)]
        return [book.finding("MVO014", "missing", **params)] if required else []
    if deadline.end < ctx.today:
        return [book.finding("MVO014", "past", value=deadline.label, **params)]
    if deadline.end.year > ctx.horizon:
        return [book.finding("MVO014", "beyond", value=deadline.label, **params)]
    return []
