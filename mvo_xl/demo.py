"""The living demo: the fictional trajectory of :mod:`mvo_xl.demo_data`, run through every step.

It plays the facilitator: fill the template, group the wishes, link each
objective to the groups of the wishes it came from, then check the rules and
write the action plan, exactly as the buttons and the CLI do.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from . import contract as c
from . import demo_data
from .edits import ColumnWrite, WorkbookEdits
from .findings import Finding
from .io.reader import read_workbook
from .io.writer import apply_edits, atomic_save
from .model import MvoWorkbook
from .normalize import fold
from .plan import make_plan
from .steps.group import group_step
from .steps.plan import plan_edits
from .steps.validate import validate
from .template import build_layout


@dataclass
class DemoResult:
    path: Path
    wishes: int
    groups: int
    findings: list[Finding] = field(default_factory=list)
    objectives: int = 0
    actions: int = 0


def demo_content() -> dict[str, list[dict]]:
    """The demo tables without the helper keys (those starting with '_')."""
    tables = {
        "themes": demo_data.THEMES, "participants": demo_data.PARTICIPANTS, "wishes": demo_data.WISHES,
        "objectives": demo_data.OBJECTIVES, "actions": demo_data.ACTIONS, "votes": demo_data.VOTES,
        "synonyms": demo_data.SYNONYMS,
    }
    return {key: [{k: v for k, v in row.items() if not k.startswith("_")} for row in rows]
            for key, rows in tables.items()}


def objective_groups(book: MvoWorkbook) -> ColumnWrite:
    """The facilitator's link: each objective bundles the groups its source wishes landed in."""
    group_of_text = {fold(w.text): w.effective_group for w in book.wishes if w.effective_group}
    values = {}
    for objective, source in zip(book.objectives, demo_data.OBJECTIVES):
        groups = sorted({group_of_text[fold(t)] for t in source.get("_wishes", []) if fold(t) in group_of_text})
        values[objective.row] = "; ".join(groups)
    return ColumnWrite("objectives", "Groepen", values)


def _reread(wb, folder: Path) -> MvoWorkbook:
    stage = atomic_save(wb, folder / "demo-stap.xlsx")
    return read_workbook(stage, display_name="demo")


def build_demo(out: str | Path, *, today: dt.date | None = None, standalone: bool = False) -> DemoResult:
    out = Path(out)
    wb = build_layout(demo_content())
    with tempfile.TemporaryDirectory(prefix="mvo-demo-") as tmp:
        folder = Path(tmp)
        book = _reread(wb, folder)
        grouped = group_step(book)
        apply_edits(wb, grouped.edits)
        apply_edits(wb, WorkbookEdits(column_writes=[objective_groups(book)]))
        book = _reread(wb, folder)
        checked = validate(book, today=today)
        plan = make_plan(book)
        apply_edits(wb, checked.edits.merged(plan_edits(book, plan, title=demo_data.MUNICIPALITY)))
    wb.active = wb.sheetnames.index(c.SHEET_PLAN)
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws.title == c.SHEET_PLAN
    if out.suffix.lower() == ".xlsm":
        from .xlsm import build_xlsm

        buffer = io.BytesIO()
        wb.save(buffer)
        build_xlsm(buffer.getvalue(), out, standalone=standalone)
    else:
        atomic_save(wb, out)
    planned = [o for t in plan.themes for o in t.objectives]
    return DemoResult(path=out, wishes=len(book.wishes), groups=len(grouped.grouping.groups),
                      findings=checked.findings, objectives=len(planned),
                      actions=sum(len(o.actions) for o in planned))
