"""MVO030-MVO032: references point somewhere, names and IDs are unique, required cells are filled."""

from __future__ import annotations

from .. import contract as c
from ..findings import Finding
from ..model import Action, MvoWorkbook, Record, Vote
from ..normalize import split_list
from .context import RuleContext, fold, folded
from .priorities import action_themes, chosen_actions, voters


def check_references(book: MvoWorkbook, ctx: RuleContext) -> list[Finding]:
    """Elke verwijzing wijst naar iets dat bestaat.

    Themes of wishes, objectives and votes; the objective of an action; the
    participant and action of a vote (the participant must be one who votes, the
    action must be of the vote's theme and of a chosen objective); the groups
    an objective bundles (a wish's manual group wins over the tool's). Empty
    cells are MVO032, not this.
    """
    themes = folded(book.theme_names())
    participants = folded(p.name for p in book.participants)
    objectives = folded(o.id for o in book.objectives)
    actions = action_themes(book)
    known_actions = folded(a.id for a in book.actions)
    groups = folded(w.effective_group for w in book.wishes)
    pickable = chosen_actions(book)
    objective_of: dict[str, str] = {}
    for a in book.actions:
        if a.id:
            objective_of.setdefault(fold(a.id), a.objective)
    counting = voters(book)
    roles = {fold(p.name): p.role for p in book.participants if p.name}
    findings = []

    def unknown(variant: str, table: str, row: int, column: str, value: str, known: set[str]) -> None:
        if value and fold(value) not in known:
            findings.append(book.finding("MVO030", variant, table=table, row=row, column=column, value=value))

    for w in book.wishes:
        unknown("theme", "wishes", w.row, "Thema", w.theme, themes)
    for o in book.objectives:
        unknown("theme", "objectives", o.row, "Thema", o.theme, themes)
        for group in o.groups:
            unknown("group", "objectives", o.row, "Groepen", group, groups)
    for a in book.actions:
        finding = unknown_objective(book, a, objectives)
        if finding is not None:
            findings.append(finding)
    for v in book.votes:
        unknown("participant", "votes", v.row, "Deelnemer", v.participant, participants)
        unknown("theme", "votes", v.row, "Thema", v.theme, themes)
        finding = unknown_action(book, v, known_actions)
        if finding is not None:
            findings.append(finding)
        action_theme = actions.get(fold(v.action))
        if v.theme and action_theme and fold(action_theme) != fold(v.theme):
            findings.append(book.finding("MVO030", "vote_theme", table="votes", row=v.row, column="Actie",
                                         value=v.action, action_theme=action_theme, theme=v.theme))
        elif action_theme and fold(v.action) not in pickable:
            findings.append(book.finding("MVO030", "vote_unchosen", table="votes", row=v.row, column="Actie",
                                         value=v.action, objective=objective_of[fold(v.action)]))
        if v.participant and fold(v.participant) in roles and fold(v.participant) not in counting:
            findings.append(voter_role_finding(book, v, roles))
    return findings


def voter_role_finding(book: MvoWorkbook, vote: Vote, roles: dict[str, str]) -> Finding:
    """MVO030 for a vote by a participant whose Rol does not vote (a Trekker); the plan reports it the same way."""
    return book.finding("MVO030", "voter_role", table="votes", row=vote.row, column="Deelnemer",
                        value=vote.participant, role=roles[fold(vote.participant)] or "(leeg)")


def unknown_objective(book: MvoWorkbook, action: Action, known: set[str]) -> Finding | None:
    """MVO030 when an action's Doelstelling is no objective ID (the plan reports it the same way);
    several known IDs in the cell ('D-01; D-02') get a message of their own."""
    return _unknown(book, action.objective, known, "actions", action.row, "Doelstelling", "objective")


def unknown_action(book: MvoWorkbook, vote: Vote, known: set[str]) -> Finding | None:
    """MVO030 when a vote's Actie is no action ID (the plan reports it the same way); several known
    IDs in one cell ('A-01; A-02') get a message of their own."""
    return _unknown(book, vote.action, known, "votes", vote.row, "Actie", "action")


def _unknown(book: MvoWorkbook, value: str, known: set[str], table: str, row: int, column: str,
             variant: str) -> Finding | None:
    if not value or fold(value) in known:
        return None
    parts = split_list(value)
    if len(parts) > 1 and all(fold(p) in known for p in parts):
        return book.finding("MVO030", f"{variant}_several", table=table, row=row, column=column,
                            value=value, count=len(parts))
    return book.finding("MVO030", variant, table=table, row=row, column=column, value=value)


def check_duplicates(book: MvoWorkbook, ctx: RuleContext) -> list[Finding]:
    """Elk ID, elk thema en elke deelnemer komt maar één keer voor.

    Compared case- and accent-insensitively; every repeat points back at the first row.
    """
    return duplicate_findings(book)


def duplicate_findings(book: MvoWorkbook) -> list[Finding]:
    """MVO031 for every repeated ID, theme or participant name (the plan shows them as blocking too)."""
    findings = []
    for key in ("wishes", "objectives", "actions"):
        findings += _repeats(book, key, "ID", "id", [(r, r.id) for r in book.records(key)])
    findings += _repeats(book, "themes", "Thema", "theme", [(t, t.name) for t in book.themes])
    findings += _repeats(book, "participants", "Naam", "participant", [(p, p.name) for p in book.participants])
    return findings


def _repeats(book: MvoWorkbook, table: str, column: str, variant: str,
             items: list[tuple[Record, str]]) -> list[Finding]:
    first: dict[str, int] = {}
    findings = []
    for record, value in items:
        if not value:
            continue
        key = fold(value)
        if key in first:
            findings.append(book.finding("MVO031", variant, table=table, row=record.row, column=column,
                                         value=value, other_row=first[key]))
        else:
            first[key] = record.row
    return findings


def check_required(book: MvoWorkbook, ctx: RuleContext) -> list[Finding]:
    """De verplichte kolommen van elke tabel zijn ingevuld.

    A Rol or Gekozen that is not one of its choices is reported here too
    (variant invalid_choice); the other rules treat such a Gekozen as not chosen.
    """
    findings = []
    for spec in c.INPUT_TABLES + (c.SYNONYMS,):
        if spec.key not in book.tables:
            continue
        for record in book.records(spec.key):
            for column in spec.columns:
                if not column.required:
                    continue
                value = getattr(record, column.key)
                raw = getattr(record, column.key + "_raw", value)
                if raw in ("", None):
                    findings.append(book.finding("MVO032", table=spec.key, row=record.row, column=column.header))
                elif (value is None) if column.kind == c.BOOL else (column.choices and value not in column.choices):
                    findings.append(book.finding("MVO032", "invalid_choice", table=spec.key, row=record.row,
                                                 column=column.header, value=raw,
                                                 choices=", ".join(column.choices)))
    return findings
