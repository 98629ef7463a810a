"""The rules of the method (MVO001-MVO040), pure functions of the workbook model.

One small module per rule family; each check takes the model and a
:class:`RuleContext` and returns findings. :func:`check_workbook` runs them
all. A workbook that is not structurally an MVO workbook (MVO040, in
``book.problems``) gets only those findings: the other rules would only
repeat the gap.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

from .. import contract as c
from ..catalogue import SEVERITIES
from ..cells import parse_cell
from ..findings import Finding
from ..model import MvoWorkbook
from .context import RuleContext
from .coverage import check_actions, check_grounded, check_groups_bundled
from .priorities import check_priorities
from .references import check_duplicates, check_references, check_required
from .selection import check_selection
from .smart import check_acceptable, check_measurable, check_realistic, check_specific, check_time_bound
from .transversal import check_kopgroep_involved, check_transversal

__all__ = ["RuleContext", "CHECKS", "check_workbook", "finding_order"]

Check = Callable[[MvoWorkbook, RuleContext], list[Finding]]

# In the order of the catalogue.
CHECKS: tuple[Check, ...] = (
    check_selection,  # MVO001
    check_priorities,  # MVO002, MVO003
    check_specific,  # MVO010
    check_measurable,  # MVO011
    check_acceptable,  # MVO012
    check_realistic,  # MVO013
    check_time_bound,  # MVO014
    check_transversal,  # MVO020
    check_kopgroep_involved,  # MVO021
    check_references,  # MVO030
    check_duplicates,  # MVO031
    check_required,  # MVO032
    check_actions,  # MVO033
    check_groups_bundled,  # MVO034
    check_grounded,  # MVO035
)


def finding_order(finding: Finding) -> tuple:
    """Severity first, then the sheets in workbook order, row, column, code: the order a reader works in."""
    sheet = c.SHEET_ORDER.index(finding.sheet) if finding.sheet in c.SHEET_ORDER else len(c.SHEET_ORDER)
    try:
        column = parse_cell(finding.cell)[1] if finding.cell else 0
    except ValueError:
        column = 0
    return (finding.file, SEVERITIES.index(finding.severity), sheet, finding.sheet, finding.row or 0, column,
            finding.code, finding.message)


def check_workbook(book: MvoWorkbook, *, today: dt.date | None = None, horizon: int | None = None) -> list[Finding]:
    """Every finding of every rule and the reader's notices (MVO041-043), sorted; MVO040 alone when the structure is wrong."""
    if book.problems:
        return list(book.problems)
    ctx = RuleContext.for_book(book, today=today, horizon=horizon)
    findings = list(book.notices) + [f for check in CHECKS for f in check(book, ctx)]
    return sorted(findings, key=finding_order)
