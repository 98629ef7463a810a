"""Merge the tool's notes into a sheet's own comments part and legacy VML drawing.

The user's notes, and the placeholder notes Excel keeps for threaded
comments, stay as written; only the tool's own notes (author
:data:`~mvo_xl.palette.MARK_AUTHOR`, registered in the marks sheet) are
removed or added. The VML is edited as text: Excel's VML is not always
well-formed XML.
"""

from __future__ import annotations

import re

from lxml import etree

from ... import palette
from ...cells import parse_cell
from .ooxml import MAIN, XML_NS, parse, serialize
from .sheetxml import clean_text

_Q = f"{{{MAIN}}}"
_SHAPE = re.compile(rb"<v:shape\b(?:(?!<v:shape\b).)*?</v:shape>", re.S)
_NOTE_POS = re.compile(rb"<x:Row>\s*(\d+)\s*</x:Row>\s*<x:Column>\s*(\d+)\s*</x:Column>", re.S)
_SHAPE_ID = re.compile(rb"_x0000_s(\d+)")
_SHAPETYPE = (b'<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
              b'<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>')
_EMPTY_COMMENTS = f'<comments xmlns="{MAIN}"><authors/><commentList/></comments>'.encode()


def new_vml(block: int) -> bytes:
    return (b'<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
            b'xmlns:x="urn:schemas-microsoft-com:office:excel">'
            b'<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="%d"/></o:shapelayout>' % block
            + _SHAPETYPE + b"</xml>")


def vml_block(vml: bytes) -> int:
    m = re.search(rb'<o:idmap[^>]*data="(\d+)', vml)
    return int(m.group(1)) if m else 0


class SheetNotes:
    def __init__(self, comments: bytes | None, vml: bytes | None, block: int):
        self.root = parse(comments or _EMPTY_COMMENTS)
        self.vml = vml if vml is not None else new_vml(block)
        self.block = block
        self.changed = False
        self.vml_ok = vml is None or (b"urn:schemas-microsoft-com:office:excel" in vml and b"</xml>" in vml)

    def _authors(self) -> etree._Element:
        authors = self.root.find(_Q + "authors")
        if authors is None:
            authors = etree.Element(_Q + "authors")
            self.root.insert(0, authors)
        return authors

    def _list(self) -> etree._Element:
        lst = self.root.find(_Q + "commentList")
        if lst is None:
            lst = etree.SubElement(self.root, _Q + "commentList")
            authors = self.root.find(_Q + "authors")
            if authors is not None:
                authors.addnext(lst)
        return lst

    def _author(self, comment: etree._Element) -> str:
        authors = [a.text or "" for a in self._authors().findall(_Q + "author")]
        try:
            return authors[int(comment.get("authorId", "-1"))]
        except (ValueError, IndexError):
            return ""

    def _at(self, ref: str) -> list[etree._Element]:
        return [c for c in self._list().findall(_Q + "comment") if (c.get("ref") or "").upper() == ref]

    def has_user_note(self, ref: str) -> bool:
        return any(self._author(c) != palette.MARK_AUTHOR for c in self._at(ref))

    def remove_ours(self, ref: str) -> None:
        ours = [c for c in self._at(ref) if self._author(c) == palette.MARK_AUTHOR]
        if not ours:
            return
        for comment in ours:
            self._list().remove(comment)
        row, col = parse_cell(ref)
        self.vml = _SHAPE.sub(lambda m: b"" if _is_note_at(m.group(0), row - 1, col - 1) else m.group(0), self.vml)
        self.changed = True

    def add(self, ref: str, text: str) -> bool:
        """Add the tool's note; False when the VML cannot take it (the fill is the mark then)."""
        self.remove_ours(ref)
        if not self.vml_ok or self.has_user_note(ref):
            return False
        authors = self._authors()
        names = [a.text or "" for a in authors.findall(_Q + "author")]
        if palette.MARK_AUTHOR not in names:
            etree.SubElement(authors, _Q + "author").text = palette.MARK_AUTHOR
            names.append(palette.MARK_AUTHOR)
        comment = etree.SubElement(self._list(), _Q + "comment", ref=ref, authorId=str(names.index(palette.MARK_AUTHOR)),
                                   shapeId="0")
        body = etree.SubElement(comment, _Q + "text")
        t = etree.SubElement(body, _Q + "t")
        t.text = clean_text(text)
        t.set(f"{{{XML_NS}}}space", "preserve")
        row, col = parse_cell(ref)
        self._add_shape(row - 1, col - 1)
        self.changed = True
        return True

    def _add_shape(self, row: int, col: int) -> None:
        if b'id="_x0000_t202"' not in self.vml:
            self.vml = self.vml.replace(b"</xml>", _SHAPETYPE + b"</xml>")
        ids = [int(x) for x in _SHAPE_ID.findall(self.vml)]
        ident = max(ids + [max(self.block, 1) * 1024]) + 1
        shape = (f'<v:shape id="_x0000_s{ident}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;'
                 f'margin-top:1.5pt;width:240pt;height:90pt;z-index:{ident};visibility:hidden" fillcolor="#ffffe1" '
                 f'o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/>'
                 f'<v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto">'
                 f'<div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/>'
                 f'<x:SizeWithCells/><x:Anchor>{col + 1}, 15, {row}, 2, {col + 5}, 15, {row + 6}, 16</x:Anchor>'
                 f'<x:AutoFill>False</x:AutoFill><x:Row>{row}</x:Row><x:Column>{col}</x:Column></x:ClientData>'
                 f'</v:shape>').encode()
        at = self.vml.rindex(b"</xml>")
        self.vml = self.vml[:at] + shape + self.vml[at:]

    def comments_empty(self) -> bool:
        return not self._list().findall(_Q + "comment")

    def vml_empty(self) -> bool:
        return not _SHAPE.search(self.vml) and b"<v:rect" not in self.vml and b"<v:oval" not in self.vml \
            and b"<v:line" not in self.vml and b"<v:roundrect" not in self.vml and b"<v:group" not in self.vml

    def comments_bytes(self) -> bytes:
        return serialize(self.root)


def _is_note_at(shape: bytes, row: int, col: int) -> bool:
    if b'ObjectType="Note"' not in shape:
        return False
    m = _NOTE_POS.search(shape)
    return bool(m) and int(m.group(1)) == row and int(m.group(2)) == col


__all__ = ["SheetNotes", "new_vml", "vml_block"]
