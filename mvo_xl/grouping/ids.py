"""Group IDs: a short code per theme and ``<code>-NN`` numbers that stay put.

Objectives refer to groups by ID, so a re-run must give a group the ID most
of its wishes had, and give new groups numbers never used in the theme yet.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Sequence

from .normalize import fold

_ID = re.compile(r"^(?P<code>[A-Z0-9]+)-(?P<num>\d+)$")
_LINK_WORDS = frozenset({"en", "de", "het", "van", "voor", "in", "op", "met", "een", "of"})


def theme_code(theme: str, taken: Iterable[str] = frozenset()) -> str:
    """A short upper-case code for a theme, not in ``taken``.

    Initials of the meaningful words ("Duurzame mobiliteit" -> "DM",
    "Afval en circulaire economie" -> "ACE"); one word gives its first three
    letters ("Armoede" -> "ARM"). On a collision the code grows, then gets a
    digit. Deterministic: same name and ``taken``, same code.
    """
    taken = set(taken)
    words = [w for w in fold(theme).split() if w not in _LINK_WORDS] or fold(theme).split() or ["thema"]
    words = [re.sub(r"[^a-z0-9]", "", w).upper() or "T" for w in words]
    if len(words) == 1:
        candidates = [words[0][:3]] + [words[0][:size] for size in range(4, len(words[0]) + 1)]
    else:
        initials = "".join(w[0] for w in words[:4])
        candidates = [initials] + [words[0][:size] + initials[1:] for size in range(2, len(words[0]) + 1)]
    for code in candidates:
        if code not in taken:
            return code
    base = candidates[0]
    return next(f"{base}{i}" for i in range(2, 10_000) if f"{base}{i}" not in taken)


def format_id(code: str, number: int) -> str:
    return f"{code}-{number:02d}"


def code_of(group_id: str) -> str | None:
    """The theme code of a tool-made ID ("DM-03" -> "DM"); None for other names."""
    m = _ID.match(group_id.strip())
    return m.group("code") if m else None


def number_of(group_id: str, code: str) -> int:
    m = _ID.match(group_id.strip())
    return int(m.group("num")) if m and m.group("code") == code else 0


def previous_code(previous_ids: Iterable[str]) -> str | None:
    """The code most earlier IDs of a theme carried, so a theme keeps its code."""
    counts = Counter(c for c in map(code_of, previous_ids) if c)
    if not counts:
        return None
    return min(counts, key=lambda c: (-counts[c], c))


def assign_ids(code: str, clusters: Sequence[Sequence[str]], previous: Sequence[Sequence[str]],
               reserved: Iterable[str]) -> list[str]:
    """IDs for clusters of one theme, in the order given.

    ``previous[i]`` holds the earlier IDs of cluster i's wishes. A cluster takes
    the earlier ID most of its wishes had (the biggest claim wins when two
    clusters want the same ID); the rest get numbers after the highest in use.
    ``clusters[i]`` holds member keys, used only to break ties.
    """
    reserved = set(reserved)
    claims = []
    for i, prev in enumerate(previous):
        for gid, count in Counter(p for p in prev if p and p not in reserved).items():
            claims.append((-count, gid, min(clusters[i]), i))
    ids: list[str | None] = [None] * len(clusters)
    used: set[str] = set(reserved)
    for _, gid, _, i in sorted(claims):
        if ids[i] is None and gid not in used:
            ids[i] = gid
            used.add(gid)
    every = used | {p for prev in previous for p in prev if p}
    next_number = max((number_of(g, code) for g in every), default=0) + 1
    for i in range(len(clusters)):
        if ids[i] is None:
            ids[i] = format_id(code, next_number)
            next_number += 1
    return ids  # type: ignore[return-value]
