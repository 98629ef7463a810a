"""Small Dutch text helpers: counts with the right singular or plural, and lists in words.

Every message that counts uses :func:`aantal`, so no user ever reads
"wens(en)" or "1 droombeelden". The catalogue's templates reach it through a
format spec: ``{count:wens|wensen}`` formats as "1 wens" or "3 wensen".
"""

from __future__ import annotations

import string
from typing import Iterable


def aantal(n: int, one: str, many: str) -> str:
    """``aantal(1, "droombeeld", "droombeelden")`` -> "1 droombeeld"; 0 and 2+ take the plural."""
    return f"{n} {one if n == 1 else many}"


def woord(n: int, one: str, many: str) -> str:
    """Only the noun or verb that goes with ``n`` (for "1 melding maakt" / "2 meldingen maken")."""
    return one if n == 1 else many


def opsomming(items: Iterable[str], last: str = "en") -> str:
    """'a', 'a en b', 'a, b en c'."""
    items = [str(i) for i in items if str(i)]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


class CountFormatter(string.Formatter):
    """``str.format`` plus one format spec: ``{n:enkelvoud|meervoud}`` -> :func:`aantal`."""

    def format_field(self, value, format_spec: str):
        if "|" in format_spec and isinstance(value, int):
            one, many = format_spec.split("|", 1)
            return aantal(value, one, many)
        return super().format_field(value, format_spec)


FORMATTER = CountFormatter()
