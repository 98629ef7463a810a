"""Render output sheets with openpyxl into a scratch package, then stream their parts across.

openpyxl only ever sees the tool's own sheets here, never the user's
workbook. The scratch package goes to a temporary file; each output sheet's
XML streams from it into the user's package row by row, its shared strings
turned into inline strings and its cell styles remapped onto entries appended
to the user's ``styles.xml``. Drawings, charts and print-title names come
along. Memory follows the sheet being rendered, not its XML twice over.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from typing import BinaryIO, Iterator
from xml.sax.saxutils import escape

from lxml import etree

from ... import edit_rules as rules
from ...edits import SheetOutput
from .ooxml import MAIN, R, REL_OFFICE_DOC, Rels, parse, rels_name
from .sheetxml import _CELL, _ROW_START, _Stream, _open, _rows, clean_text
from .styles import StylesEditor

_Q = f"{{{MAIN}}}"
_CHUNK = 1 << 20


@dataclass
class RenderedSheet:
    name: str
    scratch: "Scratch"
    scratch_part: str
    parts: dict[str, bytes] = field(default_factory=dict)  # scratch part -> bytes (drawings, charts, their rels)
    rels: Rels | None = None  # the sheet's relationships (scratch part names)
    names: list[etree._Element] = field(default_factory=list)  # definedNames local to the sheet
    content_types: dict[str, str] = field(default_factory=dict)  # scratch part -> content type
    code_name: str | None = None  # kept from the sheet it replaces (.xlsm document module)
    tab_selected: bool = False

    def write(self, sink: BinaryIO) -> None:
        self.scratch.write_sheet(self, sink)


def _text_cell(ws, value: str):
    """A registry cell that stays text (a sheet named '=1+1' is a name, never a formula)."""
    from openpyxl.cell import WriteOnlyCell

    from ..writer import set_value

    cell = WriteOnlyCell(ws)
    set_value(cell, value)
    return cell


class Scratch:
    """A package openpyxl wrote with only the tool's sheets, held in a temporary file."""

    def __init__(self, outputs: list[SheetOutput], registry: list[list[str]] | None, registry_name: str,
                 registry_headers: tuple[str, ...]):
        from openpyxl import Workbook

        from ..writer import stream_sheet

        wb = Workbook(write_only=True)  # rows go to disk as they are made
        for out in outputs:
            stream_sheet(wb, out)
        if registry is not None:
            ws = wb.create_sheet(registry_name)
            ws.append(list(registry_headers))
            for row in registry:
                ws.append([_text_cell(ws, v) if v else None for v in row])
        self.file = tempfile.TemporaryFile()
        wb.save(self.file)
        del wb
        self.file.seek(0)
        self.zf = zipfile.ZipFile(self.file)
        self.strings: list[str] = []
        self.style_map: dict[int, int] = {}

    def close(self) -> None:
        self.zf.close()
        self.file.close()

    def lift(self, styles: StylesEditor) -> dict[str, RenderedSheet]:
        zf = self.zf
        read = zf.read
        names = set(zf.namelist())
        root_rels = Rels("", read("_rels/.rels"))
        wb_part = root_rels.of_type(REL_OFFICE_DOC)[0][1]
        wb = parse(read(wb_part))
        wb_rels = Rels(wb_part, read(rels_name(wb_part)))
        ct = parse(read("[Content_Types].xml"))
        types = {el.get("PartName").lstrip("/"): el.get("ContentType") for el in ct if el.get("PartName")}
        importer = styles.importer(read("xl/styles.xml"))
        xfs = parse(read("xl/styles.xml")).find(_Q + "cellXfs")
        self.style_map = {i: importer(i) for i in range(len(xfs) if xfs is not None else 0)}
        if "xl/sharedStrings.xml" in names:
            sst = parse(read("xl/sharedStrings.xml"))
            self.strings = ["".join(t.text or "" for t in si.iter(_Q + "t")) for si in sst.findall(_Q + "si")]
        out: dict[str, RenderedSheet] = {}
        names_by_sheet: dict[int, list] = {}
        defined = wb.find(_Q + "definedNames")
        for el in (defined if defined is not None else []):
            if el.get("localSheetId") is not None:
                names_by_sheet.setdefault(int(el.get("localSheetId")), []).append(el)
        for index, sheet in enumerate(wb.find(_Q + "sheets")):
            part = wb_rels.by_id(sheet.get(f"{{{R}}}id"))
            rendered = RenderedSheet(sheet.get("name"), self, part, names=names_by_sheet.get(index, []))
            if rels_name(part) in names:
                rendered.rels = Rels(part, read(rels_name(part)))
                _collect(zf, rendered.rels, rendered, types)
            out[rendered.name] = rendered
        return out

    def _chunks(self, part: str) -> Iterator[bytes]:
        with self.zf.open(part) as f:
            while chunk := f.read(_CHUNK):
                yield chunk

    def write_sheet(self, sheet: RenderedSheet, sink: BinaryIO) -> None:
        """Stream one sheet's XML into ``sink``: inline strings, remapped styles, capped rows, kept codeName."""
        stream = _Stream(self._chunks(sheet.scratch_part))
        prefix, opening = _open(stream)
        sink.write(self._prefix(prefix, sheet))
        sink.write(opening.group(0))
        if not opening.group("e"):
            for number, raw, gap in _rows(stream):
                sink.write(gap)
                if number is None:
                    break
                sink.write(self._row(raw))
        sink.write(stream.rest())

    def _style(self, m: re.Match) -> bytes:
        s = int(m.group(2))
        return m.group(1) + str(self.style_map.get(s, s)).encode() + m.group(3)

    def _prefix(self, prefix: bytes, sheet: RenderedSheet) -> bytes:
        prefix = _TAB_SELECTED.sub(b"", prefix)
        if sheet.tab_selected:
            prefix = re.sub(rb"<sheetView\b", b'<sheetView tabSelected="1"', prefix, count=1)
        prefix = re.sub(rb"(<col\b[^>]*?\sstyle=\")(\d+)(\")", self._style, prefix)
        if sheet.code_name:
            name = escape(sheet.code_name, {'"': "&quot;"}).encode()
            if re.search(rb"<sheetPr\b", prefix):
                prefix = re.sub(rb"<sheetPr\b", b'<sheetPr codeName="' + name + b'"', prefix, count=1)
            else:
                prefix = re.sub(rb"(<worksheet\b[^>]*>)", rb'\1<sheetPr codeName="' + name + b'"/>', prefix, count=1)
        return prefix

    def _row(self, raw: bytes) -> bytes:
        start = _ROW_START.match(raw)
        tag = re.sub(rb"(\ss=\")(\d+)(\")", self._style, start.group(0))
        tag = re.sub(rb'\sht="([0-9.]+)"', lambda m: b' ht="%g"' % rules.row_height(float(m.group(1))), tag)
        if start.group("e"):
            return tag
        body = raw[start.end():raw.rindex(b"</")]
        return tag + _CELL.sub(self._cell, body) + b"</row>"

    def _cell(self, m: re.Match) -> bytes:
        attrs = m.group("a") or b""
        attrs = re.sub(rb"(\ss=\")(\d+)(\")", self._style, attrs)
        if b't="s"' not in attrs:
            return m.group(0).replace(m.group("a") or b"", attrs, 1) if m.group("a") else m.group(0)
        v = re.search(rb"<v>(\d+)</v>", m.group("b") or b"")
        text = self.strings[int(v.group(1))] if v and int(v.group(1)) < len(self.strings) else ""
        attrs = attrs.replace(b't="s"', b't="inlineStr"')
        body = escape(clean_text(text)).encode("utf-8")
        return b"<c" + attrs + b'><is><t xml:space="preserve">' + body + b"</t></is></c>"


_TAB_SELECTED = re.compile(rb'\stabSelected="[^"]*"')


def _collect(zf: zipfile.ZipFile, rels: Rels, rendered: RenderedSheet, types: dict[str, str]) -> None:
    for _rid, _kind, target in rels.internal():
        if target in rendered.parts:
            continue
        rendered.parts[target] = zf.read(target)
        if target in types:
            rendered.content_types[target] = types[target]
        if rels_name(target) in zf.namelist():
            sub = Rels(target, zf.read(rels_name(target)))
            rendered.parts[rels_name(target)] = zf.read(rels_name(target))
            _collect(zf, sub, rendered, types)


def code_name(prefix: bytes) -> str | None:
    m = re.search(rb"<(?:[\w.-]+:)?sheetPr\b[^>]*?\scodeName\s*=\s*[\"']([^\"']*)[\"']", prefix)
    if not m:
        return None
    from xml.sax.saxutils import unescape

    return unescape(m.group(1).decode("utf-8", "replace"), {"&quot;": '"', "&apos;": "'"})


__all__ = ["RenderedSheet", "Scratch", "code_name"]
