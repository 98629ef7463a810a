"""Namespaces, relationships and content types of an OOXML package, kept small and safe."""

from __future__ import annotations

import posixpath
import re

from lxml import etree

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
XML_NS = "http://www.w3.org/XML/1998/namespace"

REL_WORKSHEET = R + "/worksheet"
REL_COMMENTS = R + "/comments"
REL_VML = R + "/vmlDrawing"
REL_TABLE = R + "/table"
REL_DRAWING = R + "/drawing"
REL_CHART = R + "/chart"
REL_STYLES = R + "/styles"
REL_OFFICE_DOC = R + "/officeDocument"
REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
REL_UI = ("http://schemas.microsoft.com/office/2006/relationships/ui/extensibility",
          "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility")

CT_WORKBOOK_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CT_WORKBOOK_XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
CT_VML = "application/vnd.openxmlformats-officedocument.vmlDrawing"
CT_DRAWING = "application/vnd.openxmlformats-officedocument.drawing+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_VBA = "application/vnd.ms-office.vbaProject"
CT_RELS = "application/vnd.openxmlformats-package.relationships+xml"
STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main"

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False)


class UnsafePart(ValueError):
    """A part carries a DTD (entity expansion): never parsed."""


def parse(data: bytes) -> etree._Element:
    if _DOCTYPE.search(data[:4096]) or b"<!ENTITY" in data:
        raise UnsafePart("DTD in part")
    return etree.fromstring(data, _PARSER)


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def rels_name(part: str) -> str:
    """'xl/worksheets/sheet1.xml' -> 'xl/worksheets/_rels/sheet1.xml.rels'."""
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def resolve(source_part: str, target: str) -> str:
    """The part a relationship target names (targets are relative to the source's folder, or absolute)."""
    target = target.split("#", 1)[0]
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    part = posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))
    while part.startswith("../"):  # URI resolution stops at the package root (LibreOffice writes ../customXml)
        part = part[3:]
    return part


def relative(source_part: str, target_part: str) -> str:
    return posixpath.relpath(target_part, posixpath.dirname(source_part) or ".")


class Rels:
    """The relationships of one part; edited in place, serialized only when changed."""

    def __init__(self, part: str, data: bytes | None):
        self.part = part
        self.changed = False
        self.root = parse(data) if data else etree.Element(f"{{{PKG_REL}}}Relationships", nsmap={None: PKG_REL})

    def items(self) -> list[etree._Element]:
        return list(self.root.iter(f"{{{PKG_REL}}}Relationship"))

    def internal(self) -> list[tuple[str, str, str]]:
        """(id, type, target part) of every internal relationship."""
        out = []
        for rel in self.items():
            if rel.get("TargetMode") == "External" or not rel.get("Target"):
                continue
            out.append((rel.get("Id"), rel.get("Type"), resolve(self.part, rel.get("Target"))))
        return out

    def of_type(self, rel_type: str) -> list[tuple[str, str]]:
        return [(rid, target) for rid, kind, target in self.internal() if kind == rel_type]

    def by_id(self, rid: str) -> str | None:
        for ident, _kind, target in self.internal():
            if ident == rid:
                return target
        return None

    def add(self, rel_type: str, target_part: str) -> str:
        ids = {rel.get("Id") for rel in self.items()}
        n = len(ids) + 1
        while f"rId{n}" in ids:
            n += 1
        rid = f"rId{n}"
        el = etree.SubElement(self.root, f"{{{PKG_REL}}}Relationship")
        el.set("Id", rid)
        el.set("Type", rel_type)
        el.set("Target", relative(self.part, target_part))
        self.changed = True
        return rid

    def remove_target(self, target_part: str) -> None:
        for rel in self.items():
            if rel.get("TargetMode") != "External" and rel.get("Target") and \
                    resolve(self.part, rel.get("Target")) == target_part:
                self.root.remove(rel)
                self.changed = True

    def remove_type(self, rel_types) -> list[str]:
        gone = []
        for rel in self.items():
            if rel.get("Type") in rel_types:
                if rel.get("TargetMode") != "External":
                    gone.append(resolve(self.part, rel.get("Target")))
                self.root.remove(rel)
                self.changed = True
        return gone

    def empty(self) -> bool:
        return not self.items()

    def bytes(self) -> bytes:
        return serialize(self.root)


class ContentTypes:
    def __init__(self, data: bytes):
        self.root = parse(data)
        self.changed = False

    def override(self, part: str) -> str | None:
        for el in self.root.iter(f"{{{CT}}}Override"):
            if el.get("PartName", "").lstrip("/") == part:
                return el.get("ContentType")
        return None

    def set_override(self, part: str, content_type: str) -> None:
        for el in self.root.iter(f"{{{CT}}}Override"):
            if el.get("PartName", "").lstrip("/") == part:
                if el.get("ContentType") != content_type:
                    el.set("ContentType", content_type)
                    self.changed = True
                return
        el = etree.SubElement(self.root, f"{{{CT}}}Override")
        el.set("PartName", "/" + part)
        el.set("ContentType", content_type)
        self.changed = True

    def remove_override(self, part: str) -> None:
        for el in list(self.root.iter(f"{{{CT}}}Override")):
            if el.get("PartName", "").lstrip("/") == part:
                self.root.remove(el)
                self.changed = True

    def default(self, extension: str) -> str | None:
        for el in self.root.iter(f"{{{CT}}}Default"):
            if el.get("Extension", "").lower() == extension.lower():
                return el.get("ContentType")
        return None

    def ensure_default(self, extension: str, content_type: str) -> None:
        if self.default(extension) is None:
            el = etree.Element(f"{{{CT}}}Default")
            el.set("Extension", extension)
            el.set("ContentType", content_type)
            defaults = list(self.root.iter(f"{{{CT}}}Default"))
            if defaults:
                defaults[-1].addnext(el)
            else:
                self.root.insert(0, el)
            self.changed = True

    def remove_default(self, extension: str) -> None:
        for el in list(self.root.iter(f"{{{CT}}}Default")):
            if el.get("Extension", "").lower() == extension.lower():
                self.root.remove(el)
                self.changed = True

    def bytes(self) -> bytes:
        return serialize(self.root)
