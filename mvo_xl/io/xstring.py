"""OOXML's escape for characters XML cannot hold in text (ST_Xstring): ``_xHHHH_``.

Excel writes a line feed in a table's column name as ``Groep_x000a_(handmatig)``
(a header typed with Alt+Enter), and an underscore that would start such an
escape as ``_x005F_``. Cell readers (calamine) decode cell text; the names in
a table part are ours to decode. Text we write into a cell is encoded, so a
wish that really says ``_x0041_`` does not come back as ``A``.
"""

from __future__ import annotations

import re

_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")


def decode(text: str) -> str:
    """'Groep_x000a_(handmatig)' -> 'Groep\\n(handmatig)'; '_x005F_x000a_' -> '_x000a_' (left to right, once)."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text)


def encode(text: str) -> str:
    """Text that reads back as itself: an '_xHHHH_' typed as such gets its underscore escaped."""
    if "_x" not in text:
        return text
    return _ESCAPED.sub(lambda m: "_x005F" + m.group(0), text)
