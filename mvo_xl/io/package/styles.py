"""Append styles to a workbook's ``styles.xml``; existing indices keep their meaning.

Every new look (a mark's fill, a score's number format, the cells of a
transplanted output sheet) becomes an appended ``xf`` (and font, fill,
border, number format as needed). An identical entry already present is
reused, so repeated runs do not grow the part.
"""

from __future__ import annotations

import copy

from lxml import etree

from .ooxml import MAIN, parse, serialize

_Q = f"{{{MAIN}}}"
# Number formats Excel knows without declaring them.
BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10,
                   "0.00E+00": 11, "# ?/?": 12, "# ??/??": 13, "mm-dd-yy": 14, "d-mmm-yy": 15, "d-mmm": 16,
                   "mmm-yy": 17, "h:mm AM/PM": 18, "h:mm:ss AM/PM": 19, "h:mm": 20, "h:mm:ss": 21,
                   "m/d/yy h:mm": 22, "@": 49}
_BUILTIN_DATES = set(range(14, 23)) | {45, 46, 47}
_MINIMAL = (f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/>'
            '</fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')
# Schema order of the children of styleSheet, to insert a missing collection in its place.
_ORDER = ("numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles", "dxfs", "tableStyles",
          "colors", "extLst")


def _key(el: etree._Element) -> tuple:
    """A comparable form of an element, blind to namespace prefixes and attribute order."""
    return (etree.QName(el).localname, tuple(sorted((etree.QName(k).localname, v) for k, v in el.attrib.items())),
            tuple(_key(child) for child in el if isinstance(child.tag, str)))


class StylesEditor:
    def __init__(self, data: bytes | None):
        self.root = parse(data) if data else parse(_MINIMAL.encode())
        self.changed = data is None
        self._index: dict[str, dict[tuple, int]] = {}
        self._derived: dict[tuple, int] = {}

    # --- collections -------------------------------------------------------------------------
    def _collection(self, name: str) -> etree._Element:
        el = self.root.find(_Q + name)
        if el is None:
            el = etree.Element(_Q + name)
            later = [self.root.find(_Q + n) for n in _ORDER[_ORDER.index(name) + 1:]]
            later = [x for x in later if x is not None]
            if later:
                later[0].addprevious(el)
            else:
                self.root.append(el)
        return el

    def _items(self, name: str) -> list[etree._Element]:
        return [x for x in self._collection(name) if isinstance(x.tag, str)]

    def _append(self, name: str, el: etree._Element) -> int:
        """The index of an equal entry, else of ``el`` appended."""
        index = self._index.get(name)
        if index is None:
            index = self._index[name] = {}
            for i, item in enumerate(self._items(name)):
                index.setdefault(_key(item), i)
        key = _key(el)
        if key in index:
            return index[key]
        coll = self._collection(name)
        n = len(self._items(name))
        coll.append(el)
        coll.set("count", str(n + 1))
        index[key] = n
        self.changed = True
        return n

    def xf(self, s: int | None) -> etree._Element:
        xfs = self._items("cellXfs")
        if s is not None and 0 <= s < len(xfs):
            return xfs[s]
        if xfs:
            return xfs[0]
        el = etree.Element(_Q + "xf", numFmtId="0", fontId="0", fillId="0", borderId="0", xfId="0")
        self._append("cellXfs", copy.deepcopy(el))
        return el

    # --- number formats ----------------------------------------------------------------------
    def format_code(self, fmt_id: int) -> str | None:
        for el in self._items("numFmts"):
            if el.get("numFmtId") == str(fmt_id):
                return el.get("formatCode")
        for code, ident in BUILTIN_FORMATS.items():
            if ident == fmt_id:
                return code
        return None

    def number_format_id(self, code: str) -> int:
        if code in BUILTIN_FORMATS:
            return BUILTIN_FORMATS[code]
        used = []
        for el in self._items("numFmts"):
            if el.get("formatCode") == code:
                return int(el.get("numFmtId"))
            used.append(int(el.get("numFmtId", "0")))
        ident = max(used + [163]) + 1
        el = etree.Element(_Q + "numFmt", numFmtId=str(ident), formatCode=code)
        self._append("numFmts", el)
        return ident

    def is_date(self, s: int | None) -> bool:
        fmt_id = int(self.xf(s).get("numFmtId", "0"))
        if fmt_id in _BUILTIN_DATES:
            return True
        code = self.format_code(fmt_id)
        if not code or fmt_id < 164:
            return False
        from openpyxl.styles.numbers import is_date_format

        return is_date_format(code)

    # --- fills -------------------------------------------------------------------------------
    def fill_hex(self, s: int | None) -> str:
        """'RRGGBB' of a solid fill, '' for none (what the marks registry records)."""
        fills = self._items("fills")
        fill_id = int(self.xf(s).get("fillId", "0"))
        if not 0 <= fill_id < len(fills):
            return ""
        pattern = fills[fill_id].find(_Q + "patternFill")
        if pattern is None or pattern.get("patternType") != "solid":
            return ""
        fg = pattern.find(_Q + "fgColor")
        rgb = fg.get("rgb") if fg is not None else None
        return rgb[-6:] if rgb else ""

    def _fill_id(self, hex_rgb: str) -> int:
        fill = etree.Element(_Q + "fill")
        if hex_rgb:
            pattern = etree.SubElement(fill, _Q + "patternFill", patternType="solid")
            etree.SubElement(pattern, _Q + "fgColor", rgb="FF" + hex_rgb[-6:].upper())
            etree.SubElement(pattern, _Q + "bgColor", indexed="64")
        else:
            etree.SubElement(fill, _Q + "patternFill", patternType="none")
        return self._append("fills", fill)

    # --- derived cell styles -----------------------------------------------------------------
    def derive(self, s: int | None, *, fill: str | None = None, number_format: str | None = None,
               wrap: bool = False) -> int:
        """The index of style ``s`` with another solid fill ('' = none) and/or number format; ``wrap``: text
        wrapped at the top of the cell (what the tool's written text needs to be read whole)."""
        key = (s, fill, number_format, wrap)
        if key in self._derived:
            return self._derived[key]
        xf = copy.deepcopy(self.xf(s))
        if wrap:
            align = xf.find(_Q + "alignment")
            if align is None:
                align = etree.Element(_Q + "alignment")
                xf.insert(0, align)
            align.set("wrapText", "1")
            align.set("vertical", "top")
            xf.set("applyAlignment", "1")
        if fill is not None:
            xf.set("fillId", str(self._fill_id(fill)))
            if fill:
                xf.set("applyFill", "1")
            else:  # back to no fill: the look the cell most likely had before it was marked
                xf.attrib.pop("applyFill", None)
        if number_format is not None:
            xf.set("numFmtId", str(self.number_format_id(number_format)))
            xf.set("applyNumberFormat", "1")
        result = self._derived[key] = self._append("cellXfs", xf)
        return result

    # --- what a row height depends on ------------------------------------------------------------
    def font(self, s: int | None) -> tuple[float, bool]:
        """(size in points, bold) of style ``s``'s font."""
        fonts = self._items("fonts")
        font_id = int(self.xf(s).get("fontId", "0") or 0)
        if not 0 <= font_id < len(fonts):
            return 11.0, False
        sz = fonts[font_id].find(_Q + "sz")
        b = fonts[font_id].find(_Q + "b")
        try:
            size = float(sz.get("val")) if sz is not None else 11.0
        except (TypeError, ValueError):
            size = 11.0
        return size, b is not None and b.get("val", "1") not in ("0", "false")

    def wraps(self, s: int | None) -> bool:
        align = self.xf(s).find(_Q + "alignment")
        return align is not None and align.get("wrapText") in ("1", "true")

    # --- the tool's own looks ------------------------------------------------------------------
    def look(self, name: str | None) -> int:
        """The index of a cell style with the look ``name`` of :data:`mvo_xl.palette.LOOKS` (appended once)."""
        from ... import palette

        key = ("look", name)
        if key in self._derived:
            return self._derived[key]
        look = palette.LOOKS.get(name, palette.LOOKS[None])
        font = etree.Element(_Q + "font")
        if look.bold:
            etree.SubElement(font, _Q + "b")
        if look.italic:
            etree.SubElement(font, _Q + "i")
        etree.SubElement(font, _Q + "sz", val=f"{look.size:g}")
        etree.SubElement(font, _Q + "color", rgb="FF" + look.color.upper())
        etree.SubElement(font, _Q + "name", val=palette.FONT)
        etree.SubElement(font, _Q + "family", val="2")
        xf = etree.Element(_Q + "xf", numFmtId="0", fontId=str(self._append("fonts", font)),
                           fillId=str(self._fill_id(look.fill or "")), borderId="0", xfId="0", applyFont="1",
                           applyAlignment="1")
        if look.fill:
            xf.set("applyFill", "1")
        align = etree.SubElement(xf, _Q + "alignment", vertical="top")
        if look.wrap:
            align.set("wrapText", "1")
        result = self._derived[key] = self._append("cellXfs", xf)
        return result

    # --- styles of another package ------------------------------------------------------------
    def importer(self, other_data: bytes) -> "StyleImporter":
        return StyleImporter(self, parse(other_data))

    def bytes(self) -> bytes:
        return serialize(self.root)


class StyleImporter:
    """Maps the ``xf`` indices of a scratch package onto appended entries of the user's styles."""

    def __init__(self, target: StylesEditor, source: etree._Element):
        self.target = target
        self.source = source
        self.map: dict[int, int] = {}

    def _src(self, name: str) -> list[etree._Element]:
        el = self.source.find(_Q + name)
        return [] if el is None else [x for x in el if isinstance(x.tag, str)]

    def __call__(self, s: int) -> int:
        if s in self.map:
            return self.map[s]
        xfs = self._src("cellXfs")
        xf = copy.deepcopy(xfs[s] if 0 <= s < len(xfs) else xfs[0])
        for attr, coll in (("fontId", "fonts"), ("fillId", "fills"), ("borderId", "borders")):
            items = self._src(coll)
            i = int(xf.get(attr, "0"))
            if 0 <= i < len(items):
                xf.set(attr, str(self.target._append(coll, copy.deepcopy(items[i]))))
        fmt = int(xf.get("numFmtId", "0"))
        if fmt >= 164:
            code = next((el.get("formatCode") for el in self._src("numFmts") if el.get("numFmtId") == str(fmt)), None)
            xf.set("numFmtId", str(self.target.number_format_id(code) if code else 0))
        xf.set("xfId", "0")
        result = self.map[s] = self.target._append("cellXfs", xf)
        return result
