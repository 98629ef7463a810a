"""Stream a worksheet's XML and patch a few cells on the way, or read a few cells.

The sheet XML can be hundreds of megabytes; it is never held whole. Rows are
cut out of the stream one at a time; rows without an edit pass through
untouched (and once the last edited row is behind, the rest streams through as
raw chunks). Within an edited row only the edited cells are rebuilt; every
other cell, attribute and extension stays as written.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from typing import BinaryIO, Callable, Iterable, Iterator
from xml.sax.saxutils import escape

from ...cells import col_index, col_letter, make_ref, split_ref
from ...edits import Value
from ..xstring import encode as encode_xstring
from .ooxml import R

KEEP = object()  # a cell edit that leaves the value alone
StyleFn = Callable[["int | None"], "int | None"]

_SHEETDATA = re.compile(rb"<(?P<p>(?:[\w.-]+:)?)sheetData(?P<a>\s[^>]*?)?(?P<e>/?)>")
_ROW_START = re.compile(rb"<(?P<p>(?:[\w.-]+:)?)row(?=[\s>/])[^>]*?(?P<e>/?)>")
_SHEETDATA_END = re.compile(rb"</(?:[\w.-]+:)?sheetData\s*>")
_CELL = re.compile(rb"<(?P<p>(?:[\w.-]+:)?)c(?=[\s>/])(?P<a>[^>]*?)(?:/>|>(?P<b>.*?)</(?P=p)c\s*>)", re.S)
_R_ROW = re.compile(rb"(?<=\s)r\s*=\s*[\"'](\d+)[\"']")
_R_CELL = re.compile(rb"(?<=\s)r\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?(\d+)[\"']")
_ATTR = re.compile(rb"(?<=\s)([\w:.-]+)\s*=\s*(\"[^\"]*\"|'[^']*')")
_V = re.compile(rb"<(?:[\w.-]+:)?v>(.*?)</(?:[\w.-]+:)?v>", re.S)
_T = re.compile(rb"<(?:[\w.-]+:)?t(?:\s[^>]*)?>(.*?)</(?:[\w.-]+:)?t>|<(?:[\w.-]+:)?t(?:\s[^>]*)?/>", re.S)
_F = re.compile(rb"<(?:[\w.-]+:)?f[\s>/]")
_RPH = re.compile(rb"<(?:[\w.-]+:)?rPh(?=[\s>]).*?</(?:[\w.-]+:)?rPh>", re.S)
_S_ATTR = re.compile(rb"(?<=\s)s\s*=\s*[\"']([^\"']*)[\"']")
_SPANS = re.compile(rb"\s+spans\s*=\s*(\"[^\"]*\"|'[^']*')")


@dataclass
class CellEdit:
    value: object = KEEP  # a Value, or KEEP
    style: StyleFn | None = None  # old style index -> new one
    column_write: bool = False  # a tool column's value: never written into the covered part of a merged range

    def then(self, other: "CellEdit") -> "CellEdit":
        value = other.value if other.value is not KEEP else self.value
        if self.style and other.style:
            first, second = self.style, other.style
            style = lambda s: second(first(s))  # noqa: E731
        else:
            style = other.style or self.style
        return CellEdit(value, style, self.column_write or other.column_write)


@dataclass
class SheetPatch:
    cells: dict[int, dict[int, CellEdit]] = field(default_factory=dict)
    add_legacy_drawing: str | None = None  # relationship id
    drop_legacy_drawing: bool = False
    col_widths: dict[int, float] = field(default_factory=dict)
    tab_selected: bool | None = None
    date1904: bool = False
    fit_rows: set[int] = field(default_factory=set)  # rows the tool wrote text into: fit their height
    row_heights: dict[int, float] = field(default_factory=dict)  # row -> the height its text needs (points)

    def edit(self, row: int, col: int, edit: CellEdit) -> None:
        cells = self.cells.setdefault(row, {})
        cells[col] = cells[col].then(edit) if col in cells else edit

    def empty(self) -> bool:
        return not (self.cells or self.add_legacy_drawing or self.drop_legacy_drawing or self.col_widths
                    or self.tab_selected is not None)


# --- the stream --------------------------------------------------------------------------------

class _Stream:
    def __init__(self, chunks: Iterable[bytes]):
        self.chunks = iter(chunks)
        self.buf = b""
        self.pos = 0

    def more(self) -> bool:
        chunk = next(self.chunks, None)
        if chunk is None:
            return False
        if self.pos:
            self.buf = self.buf[self.pos:]
            self.pos = 0
        self.buf += chunk
        return True

    def take(self, end: int) -> bytes:
        out = self.buf[self.pos:end]
        self.pos = end
        return out

    def rest(self) -> bytes:
        parts = [self.buf[self.pos:]]
        parts.extend(self.chunks)
        self.buf, self.pos = b"", 0
        return b"".join(parts)


def _search(stream: _Stream, pattern: re.Pattern) -> re.Match | None:
    while True:
        m = pattern.search(stream.buf, stream.pos)
        if m is not None and m.end() < len(stream.buf):
            return m
        if not stream.more():
            return pattern.search(stream.buf, stream.pos)


def _rows(stream: _Stream) -> Iterator[tuple[int | None, bytes, bytes]]:
    """(row number, raw row, what came before it) until </sheetData> (left in the stream)."""
    last = 0
    while True:
        while True:
            start = _ROW_START.search(stream.buf, stream.pos)
            stop = _SHEETDATA_END.search(stream.buf, stream.pos, start.start() if start is not None else len(stream.buf))
            if stop is not None:
                yield None, b"", stream.take(stop.start())
                return
            if start is not None and start.end() < len(stream.buf):
                break
            if not stream.more():
                raise ValueError("sheetData does not end")
        gap = stream.take(start.start())
        tag = start.group(0)
        m = _R_ROW.search(tag)
        number = int(m.group(1)) if m else last + 1
        last = number
        if start.group("e"):
            yield number, stream.take(stream.pos + len(tag)), gap
            continue
        close = re.compile(b"</" + re.escape(start.group("p")) + rb"row\s*>")
        tag_len = len(tag)
        while True:
            end = close.search(stream.buf, stream.pos + tag_len)
            if end is not None:
                break
            if not stream.more():
                raise ValueError("row does not end")
        yield number, stream.take(end.end()), gap


def _open(stream: _Stream) -> tuple[bytes, re.Match]:
    m = _search(stream, _SHEETDATA)
    if m is None:
        raise ValueError("no sheetData")
    prefix = stream.take(m.start())
    stream.take(m.end())
    return prefix, m


# --- cell values -------------------------------------------------------------------------------

def _excel_serial(value: dt.date, date1904: bool) -> float:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, to_excel

    return to_excel(value, CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900)


def clean_text(text: str) -> str:
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in text):
        text = "".join(ch for ch in text if ord(ch) >= 32 or ch in "\t\n\r")
    text = "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF and ch not in "\ufffe\uffff")
    return text[:32767]


def _num(value: float) -> str:
    if isinstance(value, int):
        return str(value)
    if math.isnan(value) or math.isinf(value):
        return ""
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def cell_xml(prefix: bytes, ref: str, style: int | None, value: Value, date1904: bool = False) -> bytes:
    """A cell with a value written so text stays text (an inline string is never a formula)."""
    p = prefix.decode()
    s = f' s="{style}"' if style else ""
    if value is None or (isinstance(value, str) and value == ""):
        return f'<{p}c r="{ref}"{s}/>'.encode()
    if isinstance(value, bool):
        return f'<{p}c r="{ref}"{s} t="b"><{p}v>{int(value)}</{p}v></{p}c>'.encode()
    if isinstance(value, (int, float)):
        text = _num(value)
        if not text:
            return f'<{p}c r="{ref}"{s}/>'.encode()
        return f'<{p}c r="{ref}"{s}><{p}v>{text}</{p}v></{p}c>'.encode()
    if isinstance(value, (dt.date, dt.datetime)):
        return f'<{p}c r="{ref}"{s}><{p}v>{_num(_excel_serial(value, date1904))}</{p}v></{p}c>'.encode()
    text = escape(encode_xstring(clean_text(str(value))), {'"': "&quot;"})
    return (f'<{p}c r="{ref}"{s} t="inlineStr"><{p}is><{p}t xml:space="preserve">{text}</{p}t></{p}is>'
            f'</{p}c>').encode("utf-8")


def _style_of(attrs: bytes) -> int | None:
    m = _S_ATTR.search(attrs)
    if m is None:
        return None
    try:
        return int(m.group(1))
    except ValueError:
        return None


def _with_style(cell: bytes, attrs: bytes, style: int | None) -> bytes:
    """The same cell with another s attribute (everything else as written)."""
    new_attrs = re.sub(rb"\s+s\s*=\s*(\"[^\"]*\"|'[^']*')", b"", attrs)
    if style:
        new_attrs += b' s="%d"' % style
    at = cell.index(attrs) if attrs else len(cell) - (2 if cell.endswith(b"/>") else 1)
    if not attrs:
        at = cell.index(b"c") + 1
    return cell[:at] + new_attrs + cell[at + len(attrs):]


def _rewrite_row(number: int, raw: bytes, edits: dict[int, CellEdit], patch: SheetPatch) -> bytes:
    start = _ROW_START.match(raw)
    p = start.group("p")
    tag = start.group(0)
    self_closing = bool(start.group("e"))
    body = b"" if self_closing else raw[start.end():raw.rindex(b"</")]
    out: list[bytes] = []
    todo = sorted(edits)
    i = 0  # next edit column to place
    added = False
    tail_at = 0
    col = 0

    def build(col: int, edit: CellEdit, old: bytes | None, old_attrs: bytes) -> bytes:
        old_style = _style_of(old_attrs) if old is not None else None
        style = edit.style(old_style) if edit.style else old_style
        if edit.value is KEEP:
            if old is None:
                return cell_xml(p, f"{col_letter(col)}{number}", style, None)
            return old if style == old_style else _with_style(old, old_attrs, style)
        return cell_xml(p, f"{col_letter(col)}{number}", style, edit.value, patch.date1904)

    for m in _CELL.finditer(body):
        attrs = m.group("a") or b""
        ref = _R_CELL.search(attrs)
        col = col_index(ref.group(1).decode()) if ref else col + 1
        while i < len(todo) and todo[i] < col:
            out.append(build(todo[i], edits[todo[i]], None, b""))
            i += 1
            added = True
        if i < len(todo) and todo[i] == col:
            out.append(build(col, edits[col], m.group(0), attrs))
            i += 1
        else:
            out.append(m.group(0))
        tail_at = m.end()
    while i < len(todo):
        out.append(build(todo[i], edits[todo[i]], None, b""))
        i += 1
        added = True
    tail = body[tail_at:]
    if added:
        tag = _SPANS.sub(b"", tag)
    if self_closing:
        tag = tag[:-2].rstrip() + b">"
    if number in patch.row_heights:
        tag = _with_height(tag, patch.row_heights[number])
    return tag + b"".join(out) + tail + b"</" + p + b"row>"


_HT = re.compile(rb"(?<=\s)ht\s*=\s*[\"']([^\"']*)[\"']")
_CUSTOM_HEIGHT = re.compile(rb"\s+customHeight\s*=\s*(\"[^\"]*\"|'[^']*')")


def _with_height(tag: bytes, need: float) -> bytes:
    """The row tag with at least the height ``need`` (a row the user made taller stays as tall; max 409)."""
    from ...edit_rules import fitted_row_height

    m = _HT.search(tag)
    try:
        current = float(m.group(1)) if m else None
    except ValueError:
        current = None
    height = fitted_row_height(need, current)
    if height is None:
        return tag
    tag = re.sub(rb"\s+ht\s*=\s*(\"[^\"]*\"|'[^']*')", b"", tag)
    tag = _CUSTOM_HEIGHT.sub(b"", tag)
    return tag[:-1].rstrip() + b' ht="%s" customHeight="1">' % _num(height).encode()


def _new_row(p: bytes, number: int, edits: dict[int, CellEdit], patch: SheetPatch) -> bytes:
    return _rewrite_row(number, b"<" + p + b'row r="%d"/>' % number, edits, patch)


# --- prefix and suffix -------------------------------------------------------------------------

def _patch_prefix(prefix: bytes, p: bytes, patch: SheetPatch, extent: tuple[int, int]) -> bytes:
    if patch.col_widths:
        prefix = _add_cols(prefix, p, patch.col_widths)
    max_col, max_row = extent
    if max_row:
        def grow(m: re.Match) -> bytes:
            try:
                c1, r1, c2, r2 = split_ref(m.group(2).decode())
            except ValueError:
                return m.group(0)
            return m.group(1) + make_ref(c1, r1, max(c2, max_col), max(r2, max_row)).encode() + m.group(3)
        prefix = re.sub(rb"(<(?:[\w.-]+:)?dimension\s[^>]*?ref=\")([^\"]*)(\")", grow, prefix, count=1)
    if patch.tab_selected is not None:
        def view(m: re.Match) -> bytes:
            tag = re.sub(rb"\s+tabSelected\s*=\s*(\"[^\"]*\"|'[^']*')", b"", m.group(0))
            if patch.tab_selected:
                tag = re.sub(rb"^(<(?:[\w.-]+:)?sheetView)", rb'\1 tabSelected="1"', tag)
            return tag
        prefix = re.sub(rb"<(?:[\w.-]+:)?sheetView(?=[\s>/])[^>]*>", view, prefix, count=1)
    return prefix


def _add_cols(prefix: bytes, p: bytes, widths: dict[int, float]) -> bytes:
    covered: set[int] = set()
    for m in re.finditer(rb"<(?:[\w.-]+:)?col\s[^>]*>", prefix):
        attrs = dict((k, v[1:-1]) for k, v in _ATTR.findall(m.group(0)))
        try:
            covered.update(range(int(attrs[b"min"]), int(attrs[b"max"]) + 1))
        except (KeyError, ValueError):
            pass
    new = b"".join(b"<" + p + b'col min="%d" max="%d" width="%s" customWidth="1"/>' % (col, col, str(w).encode())
                   for col, w in sorted(widths.items()) if col not in covered)
    if not new:
        return prefix
    end = re.search(rb"</(?:[\w.-]+:)?cols\s*>", prefix)
    if end is not None:
        return prefix[:end.start()] + new + prefix[end.start():]
    return prefix + b"<" + p + b"cols>" + new + b"</" + p + b"cols>"


_AFTER_LEGACY = rb"legacyDrawingHF|drawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst"


def _patch_suffix(suffix: bytes, p: bytes, patch: SheetPatch) -> bytes:
    if patch.drop_legacy_drawing:
        suffix = re.sub(rb"<(?:[\w.-]+:)?legacyDrawing(?=[\s/>])[^>]*?/>", b"", suffix)
    if patch.add_legacy_drawing:
        el = b"<" + p + b'legacyDrawing xmlns:r="' + R.encode() + b'" r:id="' + patch.add_legacy_drawing.encode() + b'"/>'
        m = re.search(rb"<(?:[\w.-]+:)?(?:" + _AFTER_LEGACY + rb")(?=[\s/>])|<mc:AlternateContent|</(?:[\w.-]+:)?worksheet\s*>",
                      suffix)
        at = m.start() if m else len(suffix)
        suffix = suffix[:at] + el + suffix[at:]
    return suffix


# --- public ------------------------------------------------------------------------------------

def rewrite_sheet(chunks: Iterable[bytes], out: BinaryIO, patch: SheetPatch) -> None:
    """Copy a sheet's XML from ``chunks`` to ``out`` with ``patch`` applied."""
    stream = _Stream(chunks)
    prefix, opening = _open(stream)
    p = opening.group("p")
    rows = sorted(patch.cells)
    extent = (max((max(cols) for cols in patch.cells.values() if cols), default=0), rows[-1] if rows else 0)
    out.write(_patch_prefix(prefix, p, patch, extent))
    out.write(opening.group(0)[:-2] + b">" if opening.group("e") else opening.group(0))
    pending = list(rows)
    if not opening.group("e"):
        for number, raw, gap in _rows(stream):
            out.write(gap)
            if number is None:
                break
            while pending and pending[0] < number:
                row = pending.pop(0)
                out.write(_new_row(p, row, patch.cells[row], patch))
            if pending and pending[0] == number:
                pending.pop(0)
                out.write(_rewrite_row(number, raw, patch.cells[number], patch))
            else:
                out.write(raw)
            if not pending:  # nothing more to change in the rows: stream the rest as it is
                break
    for row in pending:
        out.write(_new_row(p, row, patch.cells[row], patch))
    if opening.group("e"):
        out.write(b"</" + p + b"sheetData>")
        out.write(_patch_suffix(stream.rest(), p, patch))
        return
    # raw copy up to </sheetData>, keeping a tail that could hold a split end tag
    while True:
        m = _SHEETDATA_END.search(stream.buf, stream.pos)
        if m is not None:
            out.write(stream.take(m.start()))
            break
        keep = max(stream.pos, len(stream.buf) - 64)
        out.write(stream.take(keep))
        if not stream.more():
            raise ValueError("sheetData does not end")
    out.write(_patch_suffix(stream.rest(), p, patch))


@dataclass(frozen=True, slots=True)
class RawCell:
    kind: str  # the t attribute ('' = number or empty)
    style: int | None
    value: str | None  # <v> text (a shared string index for kind 's')
    text: str | None  # inline string text
    formula: bool = False


def _unescape(data: bytes) -> str:
    from xml.sax.saxutils import unescape

    return unescape(data.decode("utf-8", "replace"), {"&quot;": '"', "&apos;": "'"})


def parse_cell(cell: bytes, attrs: bytes) -> RawCell:
    kind = ""
    for m in _ATTR.finditer(attrs):
        if m.group(1) == b"t":
            kind = m.group(2)[1:-1].decode()
    v = _V.search(cell)
    text = None
    if kind == "inlineStr":
        body = _RPH.sub(b"", cell)
        text = "".join(_unescape(m.group(1) or b"") for m in _T.finditer(body))
    return RawCell(kind, _style_of(attrs), _unescape(v.group(1)) if v else None, text, _F.search(cell) is not None)


def read_cells(chunks: Iterable[bytes], first_row: int, last_row: int | None,
               min_col: int = 1, max_col: int = 16384, *, wanted: set[tuple[int, int]] | None = None,
               visit: Callable[[int, int, RawCell], bool] | None = None,
               merged: list[tuple[int, int, int, int]] | None = None) -> dict[tuple[int, int], RawCell]:
    """The cells of rows ``first_row..last_row`` (None: to the end) within the columns, streaming.

    Only the cells in ``wanted`` are kept when it is given; ``visit`` sees every cell in range and
    says whether to keep it. What is kept is all the memory this costs. ``merged``: filled with the
    sheet's merged ranges (min_col, min_row, max_col, max_row), read from after the cells.
    """
    stream = _Stream(chunks)
    _prefix, opening = _open(stream)
    found: dict[tuple[int, int], RawCell] = {}
    if opening.group("e"):
        if merged is not None:
            merged.extend(_merged_ranges(stream.rest()))
        return found
    for number, raw, _gap in _rows(stream):
        if number is None or (last_row is not None and number > last_row):
            break
        if number < first_row:
            continue
        col = 0
        for m in _CELL.finditer(raw):
            attrs = m.group("a") or b""
            ref = _R_CELL.search(attrs)
            col = col_index(ref.group(1).decode()) if ref else col + 1
            if not min_col <= col <= max_col or (wanted is not None and (number, col) not in wanted):
                continue
            cell = parse_cell(m.group(0), attrs)
            if visit is None or visit(number, col, cell):
                found[(number, col)] = cell
    if merged is not None:
        merged.extend(_merged_ranges(_after_sheet_data(stream)))
    for _ in stream.chunks:  # drain (the zip stream checks its CRC at the end)
        pass
    return found


_MERGE_CELL = re.compile(rb"<(?:[\w.-]+:)?mergeCell\s[^>]*?ref\s*=\s*[\"']([A-Za-z0-9:$]+)[\"']")


def _after_sheet_data(stream: _Stream) -> bytes:
    """What follows </sheetData> (merged ranges, validations, ...); the rows between are skipped unparsed."""
    while True:
        m = _SHEETDATA_END.search(stream.buf, stream.pos)
        if m is not None:
            stream.take(m.end())
            return stream.rest()
        stream.take(max(stream.pos, len(stream.buf) - 64))
        if not stream.more():
            return b""


def _merged_ranges(tail: bytes) -> list[tuple[int, int, int, int]]:
    out = []
    for m in _MERGE_CELL.finditer(tail):
        try:
            out.append(split_ref(m.group(1).decode().replace("$", "")))
        except ValueError:
            continue
    return out
