"""What every rule family shares: the judging context and a few lookups on the model."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from .. import contract as c
from ..model import MvoWorkbook, Objective, Participant
from ..normalize import fold as _fold


@dataclass(frozen=True)
class RuleContext:
    """The day deadlines are judged against and the last year of the multi-year plan."""

    today: dt.date
    horizon: int

    @classmethod
    def for_book(cls, book: MvoWorkbook, *, today: dt.date | None = None, horizon: int | None = None) -> "RuleContext":
        """Parameters win over the workbook's Instellingen, which win over the defaults."""
        return cls(
            today=today or book.settings.today or dt.date.today(),
            horizon=int(horizon if horizon is not None else book.settings.horizon),
        )


def chosen_objectives(book: MvoWorkbook) -> list[Objective]:
    """Only objectives with Gekozen = Ja are judged; anything else is a candidate."""
    return [o for o in book.objectives if o.chosen is True]


def kopgroep(book: MvoWorkbook) -> list[Participant]:
    return [p for p in book.participants if p.role == c.ROLE_KOPGROEP]


def label(record_id: str, row: int) -> str:
    """How a message names a record: its ID, or its row when the ID is still empty."""
    return record_id or f"(rij {row})"


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """normalize.fold, memoised: the rules compare the same names and IDs many times over."""
    return _fold(text)


def folded(values) -> set[str]:
    return {fold(v) for v in values if fold(v)}
