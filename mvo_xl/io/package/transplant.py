"""Render output sheets with openpyxl into a scratch package, then lift their parts out.

openpyxl only ever sees the tool's own sheets here, never the user's
workbook. What comes out is, per sheet, its XML with shared strings turned
into inline strings and cell styles remapped onto the user's ``styles.xml``,
plus the drawings and charts it needs and its print-title names.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from ...edits import SheetOutput
from .ooxml import MAIN, R, REL_OFFICE_DOC, XML_NS, Rels, parse, rels_name, serialize
from .styles import StyleImporter, StylesEditor

_Q = f"{{{MAIN}}}"


@dataclass
class RenderedSheet:
    name: str
    xml: etree._Element
    parts: dict[str, bytes] = field(default_factory=dict)  # scratch part -> bytes (drawings, charts, their rels)
    rels: Rels | None = None  # the sheet's relationships (scratch part names)
    scratch_part: str = ""
    names: list[etree._Element] = field(default_factory=list)  # definedNames local to the sheet
    content_types: dict[str, str] = field(default_factory=dict)  # scratch part -> content type


def render(outputs: list[SheetOutput], registry: list[list[str]] | None, registry_name: str,
           registry_headers: tuple[str, ...]) -> bytes:
    from openpyxl import Workbook

    from ..writer import write_sheet

    wb = Workbook()
    wb.remove(wb.active)
    for out in outputs:
        write_sheet(wb, out)
    if registry is not None:
        ws = wb.create_sheet(registry_name)
        ws.append(list(registry_headers))
        for row in registry:
            ws.append([v if v else None for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def lift(scratch: bytes, styles: StylesEditor) -> dict[str, RenderedSheet]:
    zf = zipfile.ZipFile(io.BytesIO(scratch))
    read = zf.read
    root_rels = Rels("", read("_rels/.rels"))
    wb_part = root_rels.of_type(REL_OFFICE_DOC)[0][1]
    wb = parse(read(wb_part))
    wb_rels = Rels(wb_part, read(rels_name(wb_part)))
    ct = parse(read("[Content_Types].xml"))
    types = {el.get("PartName").lstrip("/"): el.get("ContentType") for el in ct if el.get("PartName")}
    importer = styles.importer(read("xl/styles.xml"))
    strings = _shared_strings(zf)
    out: dict[str, RenderedSheet] = {}
    names_by_sheet: dict[int, list] = {}
    defined = wb.find(_Q + "definedNames")
    for el in (defined if defined is not None else []):
        if el.get("localSheetId") is not None:
            names_by_sheet.setdefault(int(el.get("localSheetId")), []).append(el)
    for index, sheet in enumerate(wb.find(_Q + "sheets")):
        part = wb_rels.by_id(sheet.get(f"{{{R}}}id"))
        xml = parse(read(part))
        _inline_and_restyle(xml, strings, importer)
        rendered = RenderedSheet(sheet.get("name"), xml, scratch_part=part, names=names_by_sheet.get(index, []))
        if rels_name(part) in zf.namelist():
            rendered.rels = Rels(part, read(rels_name(part)))
            _collect(zf, rendered.rels, rendered, types)
        out[rendered.name] = rendered
    return out


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


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in zf.namelist():
        return []
    root = parse(zf.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(_Q + "t")) for si in root.findall(_Q + "si")]


def _inline_and_restyle(xml: etree._Element, strings: list[str], importer: StyleImporter) -> None:
    for c in xml.iter(_Q + "c"):
        if c.get("s") is not None:
            c.set("s", str(importer(int(c.get("s")))))
        if c.get("t") == "s":
            v = c.find(_Q + "v")
            text = strings[int(v.text)] if v is not None and v.text else ""
            if v is not None:
                c.remove(v)
            c.set("t", "inlineStr")
            is_ = etree.SubElement(c, _Q + "is")
            t = etree.SubElement(is_, _Q + "t")
            t.text = text
            t.set(f"{{{XML_NS}}}space", "preserve")
        if c.get("t") == "inlineStr" and c.find(_Q + "is") is None:
            del c.attrib["t"]
    for row in xml.iter(_Q + "row"):
        if row.get("s") is not None:
            row.set("s", str(importer(int(row.get("s")))))
        if row.get("ht") is not None and float(row.get("ht")) > 409:
            row.set("ht", "409")
    for col in xml.iter(_Q + "col"):
        if col.get("style") is not None:
            col.set("style", str(importer(int(col.get("style")))))
    for view in xml.iter(_Q + "sheetView"):
        view.attrib.pop("tabSelected", None)


def set_code_name(xml: etree._Element, code_name: str | None) -> None:
    if not code_name:
        return
    pr = xml.find(_Q + "sheetPr")
    if pr is None:
        pr = etree.Element(_Q + "sheetPr")
        xml.insert(0, pr)
    pr.set("codeName", code_name)


def code_name(prefix: bytes) -> str | None:
    m = re.search(rb"<(?:[\w.-]+:)?sheetPr\b[^>]*?\scodeName\s*=\s*[\"']([^\"']*)[\"']", prefix)
    return m.group(1).decode("utf-8", "replace") if m else None


def sheet_bytes(xml: etree._Element) -> bytes:
    return serialize(xml)


__all__ = ["RenderedSheet", "render", "lift", "set_code_name", "code_name", "sheet_bytes"]
