"""MVO001: the kopgroep chooses at most 3 objectives per theme."""

from __future__ import annotations

from ..findings import Finding
from ..model import MvoWorkbook, Objective
from .context import RuleContext, chosen_objectives, fold, label

MAX_CHOSEN = 3


def check_selection(book: MvoWorkbook, ctx: RuleContext) -> list[Finding]:
    """De kopgroep kiest maximum 3 doelstellingen per thema.

    Every chosen objective of a theme that goes over is marked: the kopgroep
    decides which ones to drop, so no row is singled out by its position.
    """
    findings = []
    for objectives in over_the_limit(chosen_objectives(book)):
        ids = ", ".join(label(o.id, o.row) for o in objectives)
        for objective in objectives:
            findings.append(book.finding("MVO001", table="objectives", row=objective.row, column="Gekozen",
                                         theme=objectives[0].theme, count=len(objectives), ids=ids))
    return findings


def over_the_limit(chosen: list[Objective]) -> list[list[Objective]]:
    """The chosen objectives of each theme with more than :data:`MAX_CHOSEN` (in the given order); the
    rule marks each of them, the plan names each theme once."""
    by_theme: dict[str, list[Objective]] = {}
    for objective in chosen:
        if objective.theme:
            by_theme.setdefault(fold(objective.theme), []).append(objective)
    return [objectives for objectives in by_theme.values() if len(objectives) > MAX_CHOSEN]
