"""Plan the merge of submitted workbooks into the master: what to append, what to skip, what to refuse.

Pure: it reads models and returns a :class:`MergePlan`; the openpyxl adapter
(:mod:`mvo_xl.io.merge_writer`) appends the planned rows. The master always
wins: nothing in it is changed, so a conflict is reported, never resolved by a
silent choice. A row is the same as one already there when its normalised
content is (theme, text and author for a wish; the source file alone never
makes a row new), which makes merging the same file twice a no-op.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from . import contract as c
from .edits import Value
from .findings import Finding
from .model import MvoWorkbook, Record
from .normalize import clean_lines, clean_text, fold
from .rules.priorities import PICKS
from .steps.ids import format_id, highest_number

Row = dict[str, Value]

# Tables in the order they are merged: themes and participants first, so later rows can use their spelling.
MERGE_ORDER = ("themes", "participants", "wishes", "objectives", "actions", "votes")
TABLE_WORDS = {"themes": "thema's", "participants": "deelnemers", "wishes": "droombeelden",
               "objectives": "doelstellingen", "actions": "acties", "votes": "prioriteiten"}
_REASONS = {  # (code, variant) -> why a row was refused, short, Dutch
    ("MVO032", "default"): "verplichte cel leeg",
    ("MVO031", "merge_department"): "andere dienst dan in de hoofdwerkmap",
    ("MVO031", "merge_conflict"): "zelfde ID, andere inhoud",
    ("MVO030", "merge_depends"): "verwijst naar een geweigerde rij",
    ("MVO002", "merge_ballot"): "deelnemer heeft al 2 prioriteiten voor het thema",
    ("MVO031", "merge_theme"): "thema lijkt op een bestaand thema",
    ("MVO030", "merge_theme"): "thema lijkt op een bestaand thema",
}
NEAR_THEME = 85  # rapidfuzz ratio of two theme names (folded) above which a new one is taken for a typo
NEAR_PERSON = 85  # ... of two participant names above which the merge summary asks whether it is one person


@dataclass
class FileSummary:
    """What one submission contributed; ``problems`` (MVO040) means it contributed nothing."""

    file: str
    added: dict[str, int] = field(default_factory=dict)  # table key -> rows appended
    skipped: dict[str, int] = field(default_factory=dict)  # table key -> duplicates skipped
    refused: dict[str, list[Finding]] = field(default_factory=dict)  # table key -> one finding per refused row
    reasons: dict[str, int] = field(default_factory=dict)  # Dutch short reason -> refused rows
    notes: list[str] = field(default_factory=list)  # Dutch: e.g. a theme that was new
    problems: list[Finding] = field(default_factory=list)

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    @property
    def total_skipped(self) -> int:
        return sum(self.skipped.values())

    @property
    def total_refused(self) -> int:
        return sum(len(v) for v in self.refused.values())

    @property
    def findings(self) -> list[Finding]:
        return self.problems + [f for key in MERGE_ORDER for f in self.refused.get(key, [])]

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "added": self.added,
            "skipped": self.skipped,
            "refused": {k: [f.as_dict() for f in v] for k, v in self.refused.items()},
            "reasons": self.reasons,
            "notes": self.notes,
            "problems": [f.as_dict() for f in self.problems],
        }


@dataclass
class MergePlan:
    rows: dict[str, list[Row]] = field(default_factory=lambda: {k: [] for k in MERGE_ORDER})  # by header
    files: list[FileSummary] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return [f for s in self.files for f in s.findings]

    @property
    def total_added(self) -> int:
        return sum(len(v) for v in self.rows.values())

    @property
    def clean(self) -> bool:
        """Every file merged whole: nothing refused, no conflict."""
        return not self.findings

    def refuse_file(self, file: str, problems: list[Finding]) -> FileSummary:
        """Record a file that could not be read at all: it contributes nothing."""
        summary = FileSummary(file=file, problems=list(problems))
        self.files.append(summary)
        return summary


def plan_merge(master: MvoWorkbook, submissions: list[MvoWorkbook]) -> MergePlan:
    """The rows each submission adds to the master, in order; earlier submissions win over later ones."""
    plan = MergePlan()
    state = _State(master)
    for book in submissions:
        if book.problems:
            plan.refuse_file(book.source, book.problems)
            continue
        summary = FileSummary(file=book.source)
        _BookMerge(state, book, summary, plan.rows).run()
        plan.files.append(summary)
    return plan


# --- turning records back into cells ------------------------------------------------------------

def _plain(value: Any) -> Value:
    """A cell value as read, ready to write again ('' is no value; 2029.0 is 2029)."""
    if value is None or (isinstance(value, str) and not clean_text(value)):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    if isinstance(value, str):
        return clean_lines(value)  # a text typed with Alt+Enter keeps its lines
    return value


def _cell(col: c.Column, record: Record) -> Value:
    """The value to write for a contract column: as typed where the model kept it, canonical where it matched."""
    value = getattr(record, col.key)
    if col.kind == c.LIST:
        return "; ".join(value) or None
    if col.kind == c.DEADLINE:
        return _plain(getattr(record, "deadline_raw"))
    if col.kind == c.BOOL:
        return {True: c.YES, False: c.NO}.get(value) or _plain(getattr(record, col.key + "_raw"))
    if col.kind == c.NUMBER:
        return _plain(getattr(record, col.key + "_raw", value))
    return _plain(record.lines.get(col.key, value))


def _compare(col: c.Column, record: Record) -> Any:
    """A normalised value, so '2029' and 2029, 'ja' and 'Ja' count as the same content."""
    value = getattr(record, col.key)
    if col.kind == c.LIST:
        return tuple(fold(v) for v in value)
    if col.kind == c.DEADLINE:
        return value.label if value else fold(getattr(record, "deadline_raw"))
    if col.kind in (c.BOOL, c.NUMBER):
        return value if value is not None else fold(getattr(record, col.key + "_raw", ""))
    return fold(value)


def _signature(spec: c.TableSpec, record: Record) -> tuple:
    return tuple(_compare(col, record) for col in spec.columns if col.header != "ID" and not col.tool_owned)


# --- the running state: master plus everything appended so far -------------------------------------

class _State:
    def __init__(self, master: MvoWorkbook):
        self.themes: dict[str, str] = {}  # theme key -> the master's spelling ('&' and 'en' are one theme)
        for t in master.themes:
            if t.name:
                self.themes.setdefault(_theme_key(t.name), t.name)
        self.departments = {fold(p.name): p.department for p in master.participants if p.name}
        self.names = {fold(p.name): p.name for p in master.participants if p.name}
        self.wish_keys = {_wish_key(w) for w in master.wishes}
        self.vote_keys = {_vote_key(v) for v in master.votes}
        self.ballots: dict[tuple[str, str], dict[str, str]] = {}  # (participant, theme) -> folded action -> as typed
        for v in master.votes:
            self.ballot(v.participant, v.theme)[fold(v.action)] = v.action
        self.ids: dict[str, set[str]] = {
            key: {fold(r.id) for r in master.records(key) if r.id} for key in ("wishes", "objectives", "actions")
        }
        self.highest: dict[str, int] = {  # the highest ID number in use, so a fresh ID costs no scan of them all
            key: highest_number(c.TABLES_BY_KEY[key], [r.id for r in master.records(key) if r.id])
            for key in ("wishes", "objectives", "actions")
        }
        self.by_id: dict[str, dict[str, tuple]] = {
            key: {fold(r.id): _signature(c.TABLES_BY_KEY[key], r) for r in master.records(key) if r.id}
            for key in ("objectives", "actions")
        }
        self.by_content: dict[str, set[tuple]] = {
            key: {_signature(c.TABLES_BY_KEY[key], r) for r in master.records(key)} for key in ("objectives", "actions")
        }
        self.extras = {key: _extra_headers(info) for key, info in master.tables.items()}

    def take_id(self, key: str, wanted: str, reserved: int) -> str:
        """The submitted ID when it is free, else the next fresh one after every ID in use and after ``reserved``
        (the highest of the file's own IDs, so a fresh ID never takes one a later row of the file brings)."""
        spec = c.TABLES_BY_KEY[key]
        if wanted and fold(wanted) not in self.ids[key]:
            given = wanted
        else:
            given = format_id(spec, max(self.highest[key], reserved) + 1)
        self.ids[key].add(fold(given))
        self.highest[key] = max(self.highest[key], highest_number(spec, [given]))
        return given

    def theme(self, name: str) -> str:
        return self.themes.get(_theme_key(name), name)

    def near_theme(self, name: str) -> str | None:
        """The known theme a new name is almost spelled as ('Welzijn op t werk'); None for a known or a new theme."""
        key = _theme_key(name)
        if not name or key in self.themes:
            return None
        digits = re.findall(r"\d+", key)  # 'Thema 3' is no typo of 'Thema 1', nor 'SDG 12' of 'SDG 13'
        return _nearest(key, {k: spelling for k, spelling in self.themes.items() if re.findall(r"\d+", k) == digits},
                        NEAR_THEME)

    def near_person(self, name: str) -> str | None:
        """A known participant whose name a new one almost is ('Jan Peters' ~ 'Jan Peeters'); None if none."""
        return _nearest(" ".join(fold(name).split()),
                        {" ".join(fold(spelling).split()): spelling for spelling in self.names.values()}, NEAR_PERSON)

    def ballot(self, participant: str, theme: str) -> dict[str, str]:
        """The actions a participant picked for a theme so far (the master's and earlier files')."""
        return self.ballots.setdefault((fold(participant), _theme_key(theme)), {})

    def person(self, name: str) -> str:
        return self.names.get(fold(name), name)


def _extra_headers(info) -> dict[str, str]:
    """Folded header -> header as typed, for the master's columns the contract does not know."""
    known = {fold(h) for h in info.spec.headers}
    return {fold(h): h for h in info.columns if fold(h) not in known}


def _nearest(key: str, known: dict[str, str], cutoff: float) -> str | None:
    """The spelling of the known key most like ``key`` (``known``: matching key -> spelling), if at least ``cutoff``."""
    best = process.extractOne(key, list(known), scorer=fuzz.ratio, score_cutoff=cutoff)
    return known[best[0]] if best else None


def _theme_key(name: str) -> str:
    """A theme name as matched: folded, '&' read as 'en', punctuation and spacing ignored."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(name).replace("&", " en ")).split()) or fold(name)


def _wish_key(w) -> tuple[str, str, str]:
    return _theme_key(w.theme), fold(w.text), fold(w.author)


def _vote_key(v) -> tuple[str, str, str]:
    return fold(v.participant), _theme_key(v.theme), fold(v.action)


# --- merging one submission ---------------------------------------------------------------------

class _BookMerge:
    """One submission against the running state; every row ends up added, skipped or refused."""

    def __init__(self, state: _State, book: MvoWorkbook, summary: FileSummary, rows: dict[str, list[Row]]):
        self.state, self.book, self.summary, self.rows = state, book, summary, rows
        # refused IDs (objectives, actions) and names (participants) of this file
        self.blocked: dict[str, set[str]] = {"objectives": set(), "actions": set(), "participants": set()}
        self.dropped: dict[tuple[str, str], None] = {}  # (table key, header) of filled columns the master lacks
        self.own_ids = {key: highest_number(c.TABLES_BY_KEY[key], [r.id for r in book.records(key) if r.id])
                        for key in ("wishes", "objectives", "actions")}

    def run(self) -> None:
        self.themes()
        self.participants()
        self.wishes()
        self.by_id("objectives", "Doelstelling")
        self.by_id("actions", "Actie", parent=("objective", "Doelstelling", "objectives", "doelstelling"))
        self.votes()
        for key, header in self.dropped:
            self.summary.notes.append(f"kolom '{header}' ({c.TABLES_BY_KEY[key].sheet}) niet overgenomen: "
                                      "de hoofdwerkmap heeft die kolom niet")

    # bookkeeping
    def add(self, key: str, record: Record, **overrides: Value) -> None:
        self.rows[key].append({**self.row_of(key, record), **overrides})
        self.summary.added[key] = self.summary.added.get(key, 0) + 1

    def skip(self, key: str) -> None:
        self.summary.skipped[key] = self.summary.skipped.get(key, 0) + 1

    def refuse(self, key: str, record: Record, code: str, variant: str, column: str, **params: object) -> None:
        finding = self.book.finding(code, variant, table=key, row=record.row, column=column, **params)
        self.summary.refused.setdefault(key, []).append(finding)
        reason = f"{TABLE_WORDS[key]}: {_REASONS[code, variant]}"
        self.summary.reasons[reason] = self.summary.reasons.get(reason, 0) + 1
        if key in self.blocked and getattr(record, "id", ""):
            self.blocked[key].add(fold(record.id))

    def row_of(self, key: str, record: Record) -> Row:
        """Contract columns (tool-owned ones are rebuilt in the master), the master's extra columns, Bron."""
        spec = c.TABLES_BY_KEY[key]
        out: Row = {col.header: _cell(col, record) for col in spec.columns if not col.tool_owned}
        extras = self.state.extras.get(key, {})
        source, origin = fold(c.SOURCE_COLUMN), None
        for header, value in record.extra.items():
            if fold(header) == source:
                origin = _plain(value)  # the row came from an earlier merge: it keeps the file it was written in
            elif fold(header) in extras:
                out[extras[fold(header)]] = _plain(value)
            elif _plain(value) is not None:  # said in the summary: the master has no column for it
                self.dropped.setdefault((key, header), None)
        if key == "wishes" or source in extras:
            out[extras.get(source, c.SOURCE_COLUMN)] = f"{origin} (via {self.book.source})" if origin else self.book.source
        return out

    def incomplete(self, key: str, record: Record) -> bool:
        """A row without a required cell is refused: it would only add an error to the master."""
        for col in c.TABLES_BY_KEY[key].columns:
            if col.required and _cell(col, record) is None:
                self.refuse(key, record, "MVO032", "default", col.header)
                return True
        return False

    def odd_theme(self, key: str, record: Record) -> bool:
        """A row under a theme spelled almost like a known one is refused: it would start a theme of its own."""
        near = self.state.near_theme(record.theme)
        if near is not None:
            self.refuse(key, record, "MVO030", "merge_theme", "Thema", value=record.theme, near=near)
        return near is not None

    # the tables
    def themes(self) -> None:
        state = self.state
        for t in self.book.themes:
            if self.incomplete("themes", t):
                continue
            if _theme_key(t.name) in state.themes:
                self.skip("themes")
                continue
            near = state.near_theme(t.name)
            if near is not None:
                self.refuse("themes", t, "MVO031", "merge_theme", "Thema", value=t.name, near=near)
                continue
            state.themes[_theme_key(t.name)] = t.name
            self.add("themes", t)
            self.summary.notes.append(f"nieuw thema '{t.name}' toegevoegd")

    def participants(self) -> None:
        state = self.state
        for p in self.book.participants:
            if self.incomplete("participants", p):
                continue
            known = state.departments.get(fold(p.name))
            if known is None:
                near = state.near_person(p.name)
                if near is not None:  # kept (a namesake is possible), but said: a typo would split a ballot
                    self.summary.notes.append(f"nieuwe deelnemer '{p.name}' lijkt op '{near}' in de hoofdwerkmap; "
                                              "is het dezelfde persoon, verbeter dan de naam en voeg opnieuw samen")
                state.departments[fold(p.name)] = p.department
                state.names[fold(p.name)] = p.name
                self.add("participants", p)
            elif fold(known) == fold(p.department):
                self.skip("participants")
            else:  # another person of the same name, or a typo: their wishes and votes must not count as the master's
                self.refuse("participants", p, "MVO031", "merge_department", "Dienst", value=p.name,
                            department=p.department, master_department=known)
                self.blocked["participants"].add(fold(p.name))

    def refused_person(self, key: str, record: Record, name: str, column: str) -> bool:
        """A row written by (or voting as) a participant this file could not bring in is refused too."""
        if name and fold(name) in self.blocked["participants"]:
            self.refuse(key, record, "MVO030", "merge_depends", column, target="deelnemer", value=f"'{name}'")
            return True
        return False

    def wishes(self) -> None:
        state = self.state
        for w in self.book.wishes:
            if (self.incomplete("wishes", w) or self.odd_theme("wishes", w)
                    or self.refused_person("wishes", w, w.author, "Ingediend door")):
                continue
            key = _wish_key(w)
            if key in state.wish_keys:
                self.skip("wishes")
                continue
            state.wish_keys.add(key)
            self.add("wishes", w, ID=state.take_id("wishes", w.id, self.own_ids["wishes"]), Thema=state.theme(w.theme),
                     **{"Ingediend door": state.person(w.author) or None})

    def by_id(self, key: str, what: str, parent: tuple[str, str, str, str] | None = None) -> None:
        """A known ID with the same content is a duplicate; with other content a conflict, never an overwrite."""
        state, spec = self.state, c.TABLES_BY_KEY[key]
        for r in self.book.records(key):
            if self.incomplete(key, r) or (hasattr(r, "theme") and self.odd_theme(key, r)):
                continue
            signature = _signature(spec, r)
            known = state.by_id[key].get(fold(r.id)) if r.id else None
            if known is not None:
                if known == signature:
                    self.skip(key)
                else:
                    self.refuse(key, r, "MVO031", "merge_conflict", "ID", what=what, value=r.id)
                continue
            if not r.id and signature in state.by_content[key]:
                self.skip(key)
                continue
            if parent:  # a new row under a parent this file could not bring in would hang under the wrong one
                attr, column, parent_key, target = parent
                if fold(getattr(r, attr)) in self.blocked[parent_key]:
                    self.refuse(key, r, "MVO030", "merge_depends", column, target=target, value=getattr(r, attr))
                    continue
            new_id = state.take_id(key, r.id, self.own_ids[key])
            state.by_id[key][fold(new_id)] = signature
            state.by_content[key].add(signature)
            overrides: dict[str, Value] = {"ID": new_id}
            if "theme" in (col.key for col in spec.columns):
                overrides["Thema"] = state.theme(r.theme)
            self.add(key, r, **overrides)

    def votes(self) -> None:
        """A ballot already complete (2 actions) before this file is not extended: a corrected ballot sent again
        would give a third vote. Three votes within one file are that file's own error and come in (MVO002)."""
        state = self.state
        before: dict[tuple[str, str], dict[str, str]] = {}  # ballots as they were before this file
        for v in self.book.votes:
            if (self.incomplete("votes", v) or self.odd_theme("votes", v)
                    or self.refused_person("votes", v, v.participant, "Deelnemer")):
                continue
            if fold(v.action) in self.blocked["actions"]:
                self.refuse("votes", v, "MVO030", "merge_depends", "Actie", target="actie", value=v.action)
                continue
            key = _vote_key(v)
            if key in state.vote_keys:
                self.skip("votes")
                continue
            ballot = state.ballot(v.participant, v.theme)
            earlier = before.setdefault((fold(v.participant), _theme_key(v.theme)), dict(ballot))
            if len(earlier) >= PICKS:
                self.refuse("votes", v, "MVO002", "merge_ballot", "Actie", participant=state.person(v.participant),
                            theme=state.theme(v.theme), actions=", ".join(sorted(earlier.values())), value=v.action)
                continue
            ballot[fold(v.action)] = v.action
            state.vote_keys.add(key)
            self.add("votes", v, Deelnemer=state.person(v.participant), Thema=state.theme(v.theme))
