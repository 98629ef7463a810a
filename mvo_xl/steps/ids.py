"""Fill empty IDs (DB-001, D-01, A-01) without ever changing one that is set."""

from __future__ import annotations

import re

from .. import contract as c
from ..edits import ColumnWrite
from ..model import MvoWorkbook


def format_id(spec: c.TableSpec, number: int) -> str:
    return f"{spec.id_prefix}{number:0{spec.id_digits}d}"


def highest_number(spec: c.TableSpec, ids: list[str]) -> int:
    pattern = re.compile(rf"^{re.escape(spec.id_prefix or '')}(\d+)$", re.IGNORECASE)
    numbers = [int(m.group(1)) for i in ids if (m := pattern.match(i.strip()))]
    return max(numbers, default=0)


def new_ids(spec: c.TableSpec, taken: list[str], count: int) -> list[str]:
    """``count`` fresh IDs after the highest one in use (never reusing a gap: an old ID may live on in notes)."""
    start = highest_number(spec, taken)
    return [format_id(spec, start + i) for i in range(1, count + 1)]


def fill_ids(book: MvoWorkbook, keys: tuple[str, ...] = ("wishes", "objectives", "actions")) -> list[ColumnWrite]:
    """Column writes for the empty ID cells of the given tables; also updates the model in place."""
    writes = []
    for key in keys:
        spec = c.TABLES_BY_KEY[key]
        if key not in book.tables:
            continue
        records = book.records(key)
        empty = [r for r in records if not r.id]
        if not empty:
            continue
        fresh = new_ids(spec, [r.id for r in records], len(empty))
        for record, new in zip(empty, fresh):
            record.id = new
        writes.append(ColumnWrite(table=key, column="ID", values={r.row: r.id for r in empty}))
    return writes
