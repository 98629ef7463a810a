"""The workbook model: the six input tables as plain records, shared by every step.

:func:`build_model` is the only place that gives cells meaning. It takes the
neutral :class:`~mvo_xl.raw.RawWorkbook` (from a file or from the live
workbook), finds columns by header (not position), keeps extra columns, skips
empty rows and normalises values the way users type them. Every record keeps
its Excel row so findings can point at the cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Iterator

from . import contract as c
from .cells import cell_address
from .findings import Finding, make_finding
from .normalize import (
    Deadline,
    clean_lines,
    clean_text,
    fold,
    parse_bool,
    parse_deadline,
    parse_number,
    shown_value,
    split_list,
)
from .raw import RawTable, RawWorkbook


@dataclass
class Record:
    row: int  # Excel row number
    extra: dict[str, Any] = field(default_factory=dict, repr=False)  # columns the contract does not know
    lines: dict[str, str] = field(default_factory=dict, repr=False, compare=False)  # key -> text with its line breaks


@dataclass
class Theme(Record):
    name: str = ""
    description: str = ""
    sdg: str = ""
    lead: str = ""


@dataclass
class Participant(Record):
    name: str = ""
    department: str = ""
    role: str = ""  # one of contract.ROLES when recognised, else as typed
    role_raw: str = ""

    @property
    def counts_for_votes(self) -> bool:
        return self.role in (c.ROLE_KOPGROEP, c.ROLE_DEELNEMER)


@dataclass
class Wish(Record):
    id: str = ""
    theme: str = ""
    text: str = ""
    author: str = ""
    group: str = ""
    group_label: str = ""
    manual_group: str = ""
    similarity: float | None = None

    @property
    def effective_group(self) -> str:
        """The user's manual group wins over the tool's everywhere downstream."""
        return self.manual_group or self.group


@dataclass
class Objective(Record):
    id: str = ""
    theme: str = ""
    text: str = ""
    groups: list[str] = field(default_factory=list)
    indicator: str = ""
    target: str = ""
    deadline: Deadline | None = None
    deadline_raw: Any = None
    responsible: str = ""
    involved: list[str] = field(default_factory=list)
    means: str = ""
    chosen: bool | None = None
    chosen_raw: str = ""

    @property
    def departments(self) -> list[str]:
        """Responsible plus involved departments, each once (case-insensitive)."""
        seen: dict[str, str] = {}
        for d in [self.responsible, *self.involved]:
            if d and fold(d) not in seen:
                seen[fold(d)] = d
        return list(seen.values())


@dataclass
class Action(Record):
    id: str = ""
    objective: str = ""
    text: str = ""
    owner: str = ""
    deadline: Deadline | None = None
    deadline_raw: Any = None
    budget: float | None = None
    budget_raw: Any = None


@dataclass
class Vote(Record):
    participant: str = ""
    theme: str = ""
    action: str = ""
    action_text: str = ""  # tool-owned: the chosen action's text, refreshed by every step
    action_theme: str = ""  # tool-owned: the theme that action belongs to


@dataclass
class Synonym(Record):
    term: str = ""
    means: str = ""


@dataclass
class Settings:
    threshold: float = float(c.DEFAULT_THRESHOLD)
    horizon: int = int(c.DEFAULT_HORIZON)
    today: dt.date | None = None


@dataclass
class TableInfo:
    """Where a table sits, so writers and findings can address its cells."""

    spec: c.TableSpec
    sheet: str
    ref: str
    header_row: int
    columns: dict[str, int]  # contract header (or extra header as typed) -> Excel column number
    headers: list[str]  # as typed, in sheet order
    last_row: int  # the last row that belongs to the table (rows typed under its range included)
    ref_last_row: int = 0  # the last row of the range as the file declares it (0: same as last_row)

    @property
    def grown(self) -> bool:
        """Rows typed under the range belong to the table; a writer grows the range over them."""
        return bool(self.ref_last_row) and self.last_row > self.ref_last_row

    def cell(self, row: int, header: str) -> str:
        col = self.columns.get(header)
        return cell_address(row, col) if col else ""


@dataclass
class MvoWorkbook:
    source: str
    themes: list[Theme] = field(default_factory=list)
    participants: list[Participant] = field(default_factory=list)
    wishes: list[Wish] = field(default_factory=list)
    objectives: list[Objective] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    votes: list[Vote] = field(default_factory=list)
    synonyms: list[Synonym] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    tables: dict[str, TableInfo] = field(default_factory=dict)  # by contract key
    sheets: list[str] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)  # MVO040: the structure is not an MVO workbook
    notices: list[Finding] = field(default_factory=list)  # MVO041-043: read, but the user should know

    def table_grows(self) -> list:
        """The tables a writer must grow over the rows typed under them (see :class:`~mvo_xl.edits.TableGrow`)."""
        from .edits import TableGrow

        return [TableGrow(key, info.last_row) for key, info in self.tables.items() if info.grown]

    @property
    def readable(self) -> bool:
        return not self.problems

    def records(self, key: str) -> list[Record]:
        return getattr(self, key)

    def cell(self, key: str, row: int, header: str) -> str:
        info = self.tables.get(key)
        return info.cell(row, header) if info else ""

    def finding(self, code: str, variant: str = "default", *, table: str, row: int | None = None,
                column: str = "", **params: object) -> Finding:
        """A finding at a cell of one of the tables, addressed by contract key and header."""
        spec = c.TABLES_BY_KEY[table]
        info = self.tables.get(table)
        sheet = info.sheet if info else spec.sheet
        cell = info.cell(row, column) if (info and row and column) else ""
        return make_finding(code, variant, sheet=sheet, row=row, column=column, cell=cell,
                            file=self.source, **params)

    # Lookups used by several steps; cheap to rebuild, so not cached.
    def theme_names(self) -> list[str]:
        return [t.name for t in self.themes if t.name]

    def frame(self, key: str):
        """One table as a pandas DataFrame (one row per record, ``row`` = Excel row), for own analyses."""
        import pandas as pd

        spec = c.TABLES_BY_KEY[key]
        rows = []
        for record in self.records(key):
            data = {"row": record.row}
            for column in spec.columns:
                value = getattr(record, column.key)
                if column.kind == c.DEADLINE:
                    value = value.end if value else None
                data[column.header] = "; ".join(value) if isinstance(value, list) else value
            data.update(record.extra)
            rows.append(data)
        columns = ["row", *spec.headers]
        frame = pd.DataFrame(rows, columns=columns + [k for k in (rows[0] if rows else {}) if k not in columns])
        return frame

    def objectives_by_id(self) -> dict[str, Objective]:
        return {o.id: o for o in self.objectives if o.id}

    def actions_by_id(self) -> dict[str, Action]:
        return {a.id: a for a in self.actions if a.id}


class NotAnMvoWorkbook(Exception):
    """The workbook lacks a sheet, table or column of the contract (MVO040)."""

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        super().__init__("; ".join(f.message for f in findings))


# --- building the model -------------------------------------------------------------------

_BUILDERS: dict[str, type[Record]] = {
    "themes": Theme, "participants": Participant, "wishes": Wish, "objectives": Objective,
    "actions": Action, "votes": Vote, "synonyms": Synonym,
}
_OPTIONAL_TABLES = {c.SYNONYMS.key, c.SETTINGS.key}


def _locate(spec: c.TableSpec, raw: RawTable) -> tuple[TableInfo, dict[str, int], list[str]]:
    """Match headers by folded text; return the table info, contract header -> index, and missing headers."""
    from .cells import split_ref
    from .edit_rules import header_positions

    min_col, min_row, _max_col, max_row = split_ref(raw.ref)
    by_fold = header_positions(raw.headers)  # the same rule the writers use
    index: dict[str, int] = {}
    for col in spec.columns:
        i = by_fold.get(fold(col.header))
        if i is not None:
            index[col.header] = i
    missing = [h for h in spec.required if h not in index]
    columns = {col_header: min_col + i for col_header, i in index.items()}
    known = set(index.values())
    for i, h in enumerate(raw.headers):
        if i not in known and clean_text(h):
            columns.setdefault(clean_text(h), min_col + i)
    last_row = max(max_row, raw.rows[-1][0]) if raw.grown and raw.rows else max_row
    info = TableInfo(spec=spec, sheet=raw.sheet, ref=raw.ref, header_row=min_row, columns=columns,
                     headers=[clean_text(h) for h in raw.headers], last_row=last_row, ref_last_row=max_row)
    return info, index, missing


def _rows(raw: RawTable, ignore: frozenset[int] = frozenset()) -> Iterator[tuple[int, list[Any]]]:
    """Rows with something a user typed (``ignore``: indexes of tool-owned columns, which do not count)."""
    for row, values in raw.rows:
        if any(clean_text(v) for i, v in enumerate(values) if i not in ignore):
            yield row, values


def _record(spec: c.TableSpec, cls: type[Record], row: int, values: list[Any], index: dict[str, int],
            extra_columns: list[tuple[int, str]]) -> Record:
    def get(header: str) -> Any:
        i = index.get(header)
        return values[i] if i is not None and i < len(values) else None

    fields: dict[str, Any] = {}
    lines: dict[str, str] = {}
    for col in spec.columns:
        value = get(col.header)
        if col.kind == c.LIST:
            fields[col.key] = split_list(value)
        elif col.kind == c.DEADLINE:
            fields[col.key] = parse_deadline(value)
            fields["deadline_raw"] = value
        elif col.kind == c.BOOL:
            fields[col.key] = parse_bool(value)
            fields[col.key + "_raw"] = clean_text(value)
        elif col.kind == c.NUMBER:
            fields[col.key] = parse_number(value)
            if col.key == "budget":
                fields["budget_raw"] = value
        elif col.kind == c.CHOICE:
            text = clean_text(value)
            match = next((ch for ch in col.choices if fold(ch) == fold(text)), None)
            fields[col.key] = match or text
            fields[col.key + "_raw"] = text
        else:
            fields[col.key] = clean_text(value)
            if isinstance(value, str) and ("\n" in value or "\r" in value):
                lines[col.key] = clean_lines(value)
    extra = {header: values[i] for i, header in extra_columns if i < len(values)}
    return cls(row=row, extra=extra, lines=lines, **fields)


def _settings(raw: RawTable | None, index: dict[str, int], notices: list[Finding] | None = None,
              source: str = "") -> Settings:
    settings = Settings()
    if raw is None:
        return settings
    notices = notices if notices is not None else []
    col = index.get("Waarde")

    def invalid(setting: c.Setting, row: int, value: Any, expected: str) -> None:
        from .cells import cell_address

        default = setting.default if setting.default is not None else "(vandaag)"
        cell = cell_address(row, raw.first_col + col) if col is not None else ""
        notices.append(make_finding("MVO043", "setting", sheet=raw.sheet, row=row, column="Waarde", cell=cell,
                                    file=source, setting=setting.name, value=clean_text(value)[:80],
                                    expected=expected, default=default))

    by_name = {fold(s.name): s for s in c.SETTINGS_DECLARED}
    for row, values in _rows(raw):
        name = fold(values[index.get("Instelling", 0)]) if index.get("Instelling") is not None else ""
        value = values[index["Waarde"]] if "Waarde" in index and index["Waarde"] < len(values) else None
        setting = by_name.get(name)
        if setting is None or clean_text(value) == "":
            continue
        if setting.key == "threshold":
            number = parse_number(value)
            if number is not None and 0 <= number <= 100:
                settings.threshold = number
            else:
                invalid(setting, row, value, "een getal van 0 tot 100")
        elif setting.key == "horizon":
            number = parse_number(value)
            if number is not None and 1990 <= number <= 2100 and number == int(number):
                settings.horizon = int(number)
            else:
                invalid(setting, row, value, "een jaartal zoals 2031")
        elif setting.key == "today":
            deadline = parse_deadline(value)
            if deadline is not None and deadline.kind == "date":
                settings.today = deadline.day
            else:
                invalid(setting, row, value, "een datum zoals 27/11/2026")
    return settings


def _table_notices(spec: c.TableSpec, raw: RawTable, info: TableInfo, source: str) -> list[Finding]:
    """What the reader saw about the table's shape: rows under it, merged cells, header cells that differ."""
    from .cells import cell_address, split_ref

    notices = []
    if raw.grown and raw.rows:
        first = info.ref_last_row + 1
        notices.append(make_finding("MVO041", sheet=raw.sheet, row=first, cell=cell_address(first, raw.first_col),
                                    file=source, count=raw.grown, table=raw.name, first=first, last=info.last_row))
    for ref in raw.merged:
        top = ref.split(":")[0]
        from .cells import parse_cell

        row = parse_cell(top)[0]
        notices.append(make_finding("MVO042", sheet=raw.sheet, row=row, cell=top, file=source, range=ref,
                                    table=raw.name))
    if raw.below_totals:
        total = split_ref(raw.ref)[3]
        first = total + 1
        notices.append(make_finding("MVO043", "below_totals", sheet=raw.sheet, row=first,
                                    cell=cell_address(first, raw.first_col), file=source, table=raw.name,
                                    total=total, count=raw.below_totals, first=first,
                                    last=first + raw.below_totals - 1))
    for row, col, error in raw.errors:
        header = raw.headers[col - raw.first_col] if 0 <= col - raw.first_col < len(raw.headers) else ""
        notices.append(make_finding("MVO043", "error" if error else "picture", sheet=raw.sheet, row=row,
                                    column=clean_text(header), cell=cell_address(row, col), file=source, error=error))
    for i, (name, shown) in enumerate(zip(raw.headers, raw.header_cells or [])):
        if fold(shown) != fold(name):
            cell = cell_address(info.header_row, raw.first_col + i)
            notices.append(make_finding("MVO043", "header", sheet=raw.sheet, row=info.header_row, column=name,
                                        cell=cell, file=source, shown=clean_text(shown)[:80], table=raw.name,
                                        name=name))
    return notices


def _budget_notices(book: MvoWorkbook, actions: list) -> list[Finding]:
    """A budget that is filled in but is no amount (TRUE, NaN, 1e309, text) or is negative."""
    notices = []
    for action in actions:
        raw = action.budget_raw
        if action.budget is None and clean_text(raw):
            # text is shown in the plan as typed (see plan._planned_action); TRUE, NaN, infinity are not
            variant = "budget_invalid" if isinstance(raw, (bool, float)) else "budget_text"
        elif action.budget is not None and action.budget < 0:
            variant = "budget_negative"
        else:
            continue
        value = shown_value(raw)[:80]
        notices.append(book.finding("MVO043", variant, table=c.ACTIONS.key, row=action.row, column="Budget",
                                    value=value))
    return notices


def _missing_table(book: MvoWorkbook, spec: c.TableSpec, raw: RawWorkbook, folded_sheets: set[str]) -> None:
    """A table of the contract that is not there: say what is on its sheet instead and how to put it back
    (a table renamed, or turned into a plain range); an optional table is read on without it."""
    ours = {fold(t.table) for t in c.ALL_TABLES}
    other = [(name, ref) for name, (sheet, ref) in raw.table_places().items()
             if fold(sheet) == fold(spec.sheet) and fold(name) not in ours]
    if other:
        name, ref = other[0]
        cell = ref.split(":")[0].replace("$", "") if ref else ""
        finding = make_finding("MVO040" if spec.key not in _OPTIONAL_TABLES else "MVO043", "table_renamed",
                               sheet=spec.sheet, cell=cell, file=raw.source, table=spec.table, found=name)
        (book.notices if spec.key in _OPTIONAL_TABLES else book.problems).append(finding)
    elif spec.key not in _OPTIONAL_TABLES:
        variant = "table_missing" if fold(spec.sheet) in folded_sheets else "sheet_missing"
        book.problems.append(make_finding("MVO040", variant, sheet=spec.sheet, file=raw.source, table=spec.table))


def _on_output_sheet(sheet: str) -> bool:
    """Whether a sheet is one the tool rebuilds whole at every step (its name in any case, as Excel compares)."""
    from .edit_rules import existing_sheet
    from .palette import MARKS_SHEET

    return any(existing_sheet([sheet], name) for name in (*c.OUTPUT_SHEETS, MARKS_SHEET))


def build_model(raw: RawWorkbook) -> MvoWorkbook:
    """Give the raw tables their meaning; structural gaps become MVO040 findings in ``problems``."""
    book = MvoWorkbook(source=raw.source, sheets=list(raw.sheets))
    for finding in getattr(raw, "findings", []):
        (book.problems if finding.code == "MVO040" else book.notices).append(finding)
    broken = {fold(t.table) for t in c.ALL_TABLES for f in book.problems if f"'{t.table}'" in f.message}
    folded_sheets = {fold(s) for s in raw.sheets}
    raw_by_fold = {fold(name): t for name, t in raw.tables.items()}
    for spec in c.ALL_TABLES:
        table = raw_by_fold.get(fold(spec.table))
        if table is None:
            if fold(spec.table) not in broken:
                _missing_table(book, spec, raw, folded_sheets)
            continue
        if _on_output_sheet(table.sheet):
            book.problems.append(make_finding("MVO040", "table_on_output", sheet=table.sheet,
                                              cell=table.ref.split(":")[0], file=raw.source, table=spec.table,
                                              home=spec.sheet))
            continue
        info, index, missing = _locate(spec, table)
        book.tables[spec.key] = info
        book.notices += _table_notices(spec, table, info, raw.source)
        for header in missing:
            book.problems.append(make_finding(
                "MVO040", "column_missing", sheet=table.sheet, row=info.header_row, column=header,
                cell=table.ref.split(":")[0], file=raw.source, table=spec.table))
        if missing:
            continue
        if spec.key == c.SETTINGS.key:
            book.settings = _settings(table, index, book.notices, raw.source)
            continue
        cls = _BUILDERS[spec.key]
        known = set(index.values())
        extra_columns = [(i, h) for i, h in enumerate(info.headers) if h and i not in known]
        owned = frozenset(index[col.header] for col in spec.columns if col.tool_owned and col.header in index)
        records = [_record(spec, cls, row, values, index, extra_columns) for row, values in _rows(table, owned)]
        setattr(book, spec.key, records)
        if spec.key == c.ACTIONS.key:
            book.notices += _budget_notices(book, records)
    return book


def require_readable(book: MvoWorkbook) -> MvoWorkbook:
    if book.problems:
        raise NotAnMvoWorkbook(book.problems)
    return book
