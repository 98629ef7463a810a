"""Beside each chosen action code in ``Prioriteiten``: what the action is and to which theme it belongs.

A participant choosing two actions sees a code (``A-04``) otherwise. Every step
(group, check, plan, new IDs) refreshes these tool-owned columns, so they
follow the ``Acties`` sheet; the text is shortened at a word boundary to one
printed line, so the sheet stays compact (the full text is in ``Acties``).
"""

from __future__ import annotations

from .. import contract as c
from .. import layout
from ..edits import ColumnWrite
from ..model import MvoWorkbook
from ..normalize import fold

UNKNOWN_ACTION = "(deze actie staat niet in het tabblad Acties)"


def _text_limit() -> int:
    width = c.VOTES.column("action_text").width
    return layout.chars_per_line(width, size=11)


def vote_descriptions(book: MvoWorkbook) -> list[ColumnWrite]:
    """Column writes for ``Actie (omschrijving)`` and ``Thema van de actie`` of every vote row."""
    if "votes" not in book.tables or not book.votes:
        return []
    actions = {}
    for a in book.actions:
        if a.id:
            actions.setdefault(fold(a.id), a)
    objective_theme = {fold(o.id): o.theme for o in book.objectives if o.id}
    limit = _text_limit()
    texts, themes = {}, {}
    for v in book.votes:
        action = actions.get(fold(v.action)) if v.action else None
        if action is None:
            texts[v.row] = UNKNOWN_ACTION if v.action else None
            themes[v.row] = None
        else:
            texts[v.row] = layout.fit_one_line(action.text, limit) or None
            themes[v.row] = objective_theme.get(fold(action.objective)) or None
        v.action_text, v.action_theme = texts[v.row] or "", themes[v.row] or ""
    return [ColumnWrite("votes", "Actie (omschrijving)", texts, optional=True),
            ColumnWrite("votes", "Thema van de actie", themes, optional=True)]
