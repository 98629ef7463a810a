"""MVO002/MVO003: per theme each participant picks exactly two priority actions."""

from __future__ import annotations

from ..findings import Finding
from ..model import MvoWorkbook, Vote
from .context import RuleContext, fold

PICKS = 2


def action_themes(book: MvoWorkbook) -> dict[str, str]:
    """Folded action ID -> the theme of its objective (as typed), for actions whose objective is known."""
    objective_theme = {fold(o.id): o.theme for o in book.objectives if o.id and o.theme}
    out = {}
    for action in book.actions:
        theme = objective_theme.get(fold(action.objective))
        if action.id and theme:
            out.setdefault(fold(action.id), theme)
    return out


def chosen_actions(book: MvoWorkbook) -> set[str]:
    """Folded IDs of the actions of a chosen objective: only those can be picked as a priority."""
    chosen = {fold(o.id) for o in book.objectives if o.id and o.chosen is True}
    return {fold(a.id) for a in book.actions if a.id and fold(a.objective) in chosen}


def voters(book: MvoWorkbook) -> set[str]:
    """Folded names of the participants whose votes count (Rol Kopgroep or Deelnemer)."""
    return {fold(p.name) for p in book.participants if p.name and p.counts_for_votes}


def check_priorities(book: MvoWorkbook, ctx: RuleContext) -> list[Finding]:
    """Per thema kiezen de deelnemers twee acties die ze als prioritair beschouwen.

    Counted per participant (Rol Kopgroep or Deelnemer) and theme: the distinct
    actions of that theme they voted for. Votes for unknown actions or actions
    of another theme or of an objective that is not chosen are MVO030, not
    counted here. Only themes with actions of a chosen objective are judged:
    before there are such actions there is nothing to pick.
    """
    pickable = chosen_actions(book)
    themes_of_action = {key: theme for key, theme in action_themes(book).items() if key in pickable}
    themes_with_actions = {fold(t) for t in themes_of_action.values()}
    votes: dict[tuple[str, str], list[Vote]] = {}
    for vote in book.votes:
        theme = themes_of_action.get(fold(vote.action))
        # an empty Thema (MVO032) counts for its action's theme, as in the plan
        if theme is not None and (not vote.theme or fold(theme) == fold(vote.theme)):
            votes.setdefault((fold(vote.participant), fold(theme)), []).append(vote)
    findings = []
    seen: set[str] = set()
    for participant in book.participants:
        if not participant.counts_for_votes or not participant.name or fold(participant.name) in seen:
            continue
        seen.add(fold(participant.name))
        done: set[str] = set()
        for theme in book.themes:
            key = fold(theme.name)
            if key not in themes_with_actions or key in done:
                continue
            done.add(key)
            findings += _judge(book, participant.name, theme.name, participant.row,
                               votes.get((fold(participant.name), key), []))
    return findings


def _judge(book: MvoWorkbook, name: str, theme: str, participant_row: int, votes: list[Vote]) -> list[Finding]:
    distinct: dict[str, Vote] = {}
    for vote in votes:
        distinct.setdefault(fold(vote.action), vote)
    count = len(distinct)
    if count > PICKS:  # every vote is marked: the participant decides which to withdraw
        ids = ", ".join(v.action for v in distinct.values())
        return [book.finding("MVO002", table="votes", row=vote.row, column="Actie",
                             participant=name, theme=theme, count=count, ids=ids) for vote in distinct.values()]
    if count == 0:
        return [book.finding("MVO003", "none", table="participants", row=participant_row, column="Naam",
                             participant=name, theme=theme)]
    if count < PICKS:
        first = next(iter(distinct.values()))
        return [book.finding("MVO003", table="votes", row=first.row, column="Deelnemer",
                             participant=name, theme=theme, count=count)]
    return []
