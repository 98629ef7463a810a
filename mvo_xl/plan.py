"""The action plan, pure: chosen objectives per theme with their support and voted actions.

This is the deliverable the kopgroep pastes into the omgevingsanalyse, so it
must never hide a row. Problems that make the plan unsound (a chosen objective
of an unknown theme, an action of an unknown objective, a vote for an unknown
action, a chosen objective without actions, ...) become ``blocking`` findings
shown on top of the sheet, and the rows involved stay visible where they can.

No openpyxl, no xlwings: the sheet and the exports are built from this.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .findings import Finding
from .model import Action, MvoWorkbook, Objective, Wish
from .normalize import Deadline, clean_text, deadline_value, fold
from .rules.priorities import PICKS, chosen_actions, voters
from .rules.references import duplicate_findings, unknown_action, unknown_objective, voter_role_finding
from .rules.selection import over_the_limit

_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class PlannedGroup:
    """A group of wishes an objective bundles (by effective group: the manual group wins)."""

    id: str
    label: str
    wish_count: int


@dataclass
class PlannedAction:
    id: str
    text: str
    owner: str
    deadline: str  # label: '31/12/2027', '2027', 'Q3 2027', or the raw text when unreadable
    deadline_value: object  # a date for date deadlines, else the label (what a sheet shows)
    budget: float | None
    budget_text: str  # the budget as typed when it holds no number
    votes: int
    row: int = 0  # Excel row in Acties


@dataclass
class PlannedObjective:
    id: str
    text: str
    indicator: str
    target: str
    deadline: str
    deadline_value: object
    responsible: str
    involved: list[str]
    means: str
    groups: list[PlannedGroup]
    wish_count: int  # distinct wishes (rows) in the bundled groups: the support
    department_count: int  # departments of the authors of those wishes (via Deelnemers)
    departments: list[str]  # those departments, sorted
    actions: list[PlannedAction]
    row: int = 0  # Excel row in Doelstellingen

    @property
    def votes(self) -> int:
        return sum(a.votes for a in self.actions)


@dataclass
class PlanTheme:
    name: str
    objectives: list[PlannedObjective]
    known: bool = True  # False: objectives name a theme that is not in Thema's (see blocking)
    wish_count: int = 0  # all wishes of the theme (chosen or not): the dashboard's first chart
    group_count: int = 0


@dataclass
class ActionPlan:
    themes: list[PlanTheme]
    blocking: list[Finding] = field(default_factory=list)
    source: str = ""
    # Votes that count for nothing, by reason ("actie van een ander thema", ...): the dashboard says so.
    ignored_votes: dict[str, int] = field(default_factory=dict)

    @property
    def objectives(self) -> list[PlannedObjective]:
        return [o for t in self.themes for o in t.objectives]

    @property
    def actions(self) -> list[PlannedAction]:
        return [a for o in self.objectives for a in o.actions]


def natural_key(text: str) -> tuple:
    """'D-2' before 'D-10'; IDs compared case-insensitively; empty IDs last."""
    parts = _DIGITS.split(fold(text))
    return (not text, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p != ""))


def _deadline_key(deadline: Deadline | None) -> tuple:
    """Earliest first; no (readable) deadline last."""
    return (1, "") if deadline is None else (0, deadline.sort_key.isoformat())


def _label(deadline: Deadline | None, raw: object) -> str:
    return deadline.label if deadline is not None else clean_text(raw)


def _group_labels(wishes: list[Wish]) -> dict[str, str]:
    """Folded group ID -> the tool's label for that ID (most common, ties alphabetical)."""
    counts: dict[str, Counter] = {}
    for w in wishes:
        if w.group and w.group_label:
            counts.setdefault(fold(w.group), Counter())[w.group_label] += 1
    return {k: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for k, c in counts.items()}


IGNORED_UNKNOWN, IGNORED_THEME, IGNORED_DOUBLE = "onbekende actie", "actie van een ander thema", "dubbele stem"
IGNORED_UNCHOSEN = "actie van een doelstelling die niet gekozen is"
IGNORED_VOTER = "stem van iemand die niet meekiest (geen deelnemer of kopgroeplid)"


def _vote_counts(book: MvoWorkbook, actions: dict[str, Action], objective_theme: dict[str, str],
                 blocking: list[Finding], ignored: Counter | None = None) -> Counter:
    """Folded action ID -> distinct participants who picked it; invalid votes become findings, not counts.

    Invalid: an unknown action, one of another theme or of an objective that is not chosen, a vote by
    someone who is not a participant who votes (not in Deelnemers, or Rol Trekker), as in the rules.

    A participant with more than 2 actions for a theme (MVO002, e.g. two ballots merged) is counted for each of
    them, so that becomes a finding too: once per participant and theme, at the first of their votes.
    """
    seen: set[tuple[str, str]] = set()
    counts: Counter = Counter()
    pickable, counting = chosen_actions(book), voters(book)
    roles = {fold(p.name): p.role for p in book.participants if p.name}
    known_actions = set(actions)

    def ignore(reason: str, finding: Finding) -> None:
        blocking.append(finding)
        if ignored is not None:
            ignored[reason] += 1

    ballots: dict[tuple[str, str], list] = {}  # (participant, theme) -> [first vote, its theme, actions]
    for v in book.votes:
        if not v.action:
            continue
        action = actions.get(fold(v.action))
        if action is None:
            ignore(IGNORED_UNKNOWN, unknown_action(book, v, known_actions))  # type: ignore[arg-type] # never None
            continue
        theme = objective_theme.get(fold(action.objective), "")
        if v.theme and theme and fold(v.theme) != fold(theme):
            ignore(IGNORED_THEME, book.finding("MVO030", "vote_theme", table="votes", row=v.row, column="Actie",
                                               value=v.action, action_theme=theme, theme=v.theme))
            continue
        if fold(action.id) not in pickable:
            ignore(IGNORED_UNCHOSEN, book.finding("MVO030", "vote_unchosen", table="votes", row=v.row,
                                                  column="Actie", value=v.action, objective=action.objective))
            continue
        if fold(v.participant) not in counting:  # the same findings as the rules (MVO030, MVO032)
            if not v.participant:
                finding = book.finding("MVO032", table="votes", row=v.row, column="Deelnemer")
            elif fold(v.participant) in roles:
                finding = voter_role_finding(book, v, roles)
            else:
                finding = book.finding("MVO030", "participant", table="votes", row=v.row, column="Deelnemer",
                                       value=v.participant)
            ignore(IGNORED_VOTER, finding)
            continue
        who = fold(v.participant)
        key = (who, fold(v.action))
        if key not in seen:
            seen.add(key)
            counts[fold(v.action)] += 1
            ballots.setdefault((who, fold(theme)), [v, theme, []])[2].append(action.id)
        elif ignored is not None:
            ignored[IGNORED_DOUBLE] += 1
    for first, theme, picked in ballots.values():
        if len(picked) > PICKS:
            blocking.append(book.finding("MVO002", table="votes", row=first.row, column="Actie",
                                         participant=first.participant or f"(rij {first.row})", theme=theme,
                                         count=len(picked), ids=", ".join(picked)))
    return counts


def _over_the_limit(book: MvoWorkbook, chosen: list[Objective], blocking: list[Finding]) -> None:
    """MVO001 once per theme with more than 3 chosen objectives: the plan shows them all, the kopgroep picks."""
    for mine in over_the_limit(chosen):
        first = min(mine, key=lambda o: o.row)
        blocking.append(book.finding("MVO001", table="objectives", row=first.row, column="Gekozen",
                                     theme=first.theme, count=len(mine),
                                     ids=", ".join(o.id or f"(rij {o.row})" for o in mine)))


def _planned_action(a: Action, votes: int) -> PlannedAction:
    # NaN, infinity and TRUE are no budget (MVO043 says so): never shown as 'nan', 'inf' or 'True'
    budget_text = "" if a.budget is not None or isinstance(a.budget_raw, (bool, float)) else clean_text(a.budget_raw)
    return PlannedAction(id=a.id, text=a.text, owner=a.owner, deadline=_label(a.deadline, a.deadline_raw),
                         deadline_value=deadline_value(a.deadline, a.deadline_raw), budget=a.budget,
                         budget_text=budget_text, votes=votes, row=a.row)


def make_plan(book: MvoWorkbook) -> ActionPlan:
    """Per theme (order of Thema's), each chosen objective by ID, its actions by votes, deadline, ID."""
    # A repeated ID or name makes the plan ambiguous (one ID's actions under two objectives, one action twice).
    blocking: list[Finding] = duplicate_findings(book)
    objectives_known = {fold(o.id) for o in book.objectives if o.id}
    objective_theme = {fold(o.id): o.theme for o in book.objectives if o.id}
    actions_by_id: dict[str, Action] = {}
    for a in book.actions:
        if a.id:
            actions_by_id.setdefault(fold(a.id), a)
    for a in book.actions:
        finding = unknown_objective(book, a, objectives_known)
        if finding is not None:
            blocking.append(finding)
    ignored: Counter = Counter()
    votes = _vote_counts(book, actions_by_id, objective_theme, blocking, ignored)

    department = {fold(p.name): p.department for p in book.participants if p.name and p.department}
    wishes_by_group: dict[str, list[Wish]] = {}
    for w in book.wishes:
        if w.effective_group:
            wishes_by_group.setdefault(fold(w.effective_group), []).append(w)
    labels = _group_labels(book.wishes)
    actions_of: dict[str, list[Action]] = {}
    for a in book.actions:
        if a.objective:
            actions_of.setdefault(fold(a.objective), []).append(a)

    def planned(o: Objective) -> PlannedObjective:
        groups, support, departments = [], {}, {}
        for g in o.groups:
            members = wishes_by_group.get(fold(g), [])
            if not members:
                blocking.append(book.finding("MVO030", "group", table="objectives", row=o.row, column="Groepen",
                                             value=g))
            groups.append(PlannedGroup(id=g, label=labels.get(fold(g), ""), wish_count=len(members)))
            for w in members:
                support[w.row] = w  # by row: two wishes that share an ID are still two wishes
                dep = department.get(fold(w.author))
                if dep:
                    departments.setdefault(fold(dep), dep)
        mine = actions_of.get(fold(o.id), []) if o.id else []
        if not mine:
            blocking.append(book.finding("MVO033", table="objectives", row=o.row, column="ID", id=o.id or f"(rij {o.row})"))
        def count(a: Action) -> int:
            return votes.get(fold(a.id), 0) if a.id else 0

        ranked = sorted(mine, key=lambda a: (-count(a), _deadline_key(a.deadline), natural_key(a.id), a.row))
        acts = [_planned_action(a, count(a)) for a in ranked]
        return PlannedObjective(
            id=o.id, text=o.text, indicator=o.indicator, target=o.target,
            deadline=_label(o.deadline, o.deadline_raw), deadline_value=deadline_value(o.deadline, o.deadline_raw),
            responsible=o.responsible, involved=list(o.involved), means=o.means, groups=groups,
            wish_count=len(support), department_count=len(departments),
            departments=sorted(departments.values(), key=fold), actions=acts, row=o.row)

    chosen = sorted((o for o in book.objectives if o.chosen is True), key=lambda o: (natural_key(o.id), o.row))
    _over_the_limit(book, chosen, blocking)
    themes: list[PlanTheme] = []
    by_theme: dict[str, PlanTheme] = {}
    for t in book.themes:
        if t.name and fold(t.name) not in by_theme:
            by_theme[fold(t.name)] = PlanTheme(name=t.name, objectives=[])
            themes.append(by_theme[fold(t.name)])
    unknown: list[PlanTheme] = []
    for o in chosen:
        theme = by_theme.get(fold(o.theme))
        if theme is None:
            if o.theme:
                blocking.append(book.finding("MVO030", "theme", table="objectives", row=o.row, column="Thema",
                                             value=o.theme))
            else:
                blocking.append(book.finding("MVO032", table="objectives", row=o.row, column="Thema"))
            name = o.theme or "(geen thema)"
            theme = PlanTheme(name=name, objectives=[], known=False)
            by_theme[fold(o.theme)] = theme
            unknown.append(theme)
        theme.objectives.append(planned(o))
    themes += sorted(unknown, key=lambda t: fold(t.name))
    for theme in themes:
        mine = [w for w in book.wishes if fold(w.theme) == fold(theme.name)]
        theme.wish_count = len(mine)
        theme.group_count = len({fold(w.effective_group) for w in mine if w.effective_group})
    unique = {(f.sheet, f.row, f.column, f.code, f.message): f for f in blocking}
    return ActionPlan(themes=themes, blocking=sorted(unique.values(), key=lambda f: f.sort_key), source=book.source,
                      ignored_votes=dict(ignored))
