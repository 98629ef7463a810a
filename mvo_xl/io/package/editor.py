"""The package editor: what every command that writes a workbook goes through.

Opens a file through the same door as ``validate`` (:func:`mvo_xl.io.safety.open_package`)
and reads only the bytes that door checked. Reads only the small structural parts whole
(content types, workbook, relationships, styles, tables, comments); sheets are streamed.
Every part it does not change is copied byte for byte under its own name, in its own place.
"""

from __future__ import annotations

import contextlib
import io
import posixpath
import re
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from lxml import etree

from ... import contract as c
from ... import edit_rules as rules
from ... import layout, palette
from ...cells import col_letter, make_ref, parse_cell, split_ref
from ...edits import ColumnWrite, SheetOutput, TableGrow, WorkbookEdits
from ...normalize import fold
from ..safety import SafePackage, UnreadableWorkbook, open_package
from ..xstring import decode as decode_xstring
from . import ooxml as ox
from .notes import SheetNotes, vml_block
from .sheetxml import KEEP, CellEdit, RawCell, SheetPatch, read_cells, rewrite_sheet
from .styles import StylesEditor
from .transplant import RenderedSheet, Scratch, code_name

_Q = f"{{{ox.MAIN}}}"
MAX_SMALL_PART = 64 * 2**20  # a structural part larger than this is not a workbook we write
_CHUNK = 1 << 20


class PackageError(Exception):
    """The workbook cannot be written as asked; the message is Dutch."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class TableInfo:
    name: str
    part: str
    root: etree._Element
    sheet: str
    sheet_part: str
    changed: bool = False

    @property
    def ref(self) -> str:
        return self.root.get("ref")

    @property
    def columns(self) -> list[str]:
        cols = self.root.find(_Q + "tableColumns")
        return [] if cols is None else [decode_xstring(tc.get("name") or "") for tc in cols.findall(_Q + "tableColumn")]

    def set_ref(self, ref: str) -> None:
        self.root.set("ref", ref)
        auto = self.root.find(_Q + "autoFilter")
        if auto is not None:
            min_col, min_row, max_col, max_row = split_ref(ref)
            if self.root.get("totalsRowCount") not in (None, "0"):
                max_row -= int(self.root.get("totalsRowCount"))
            auto.set("ref", make_ref(min_col, min_row, max_col, max_row))
        self.changed = True


@dataclass
class _Sheet:
    name: str
    part: str  # '' when no relationship names it (a macro sheet dropped by another tool)
    el: etree._Element
    kind: str = ox.REL_WORKSHEET  # a chart sheet or macro sheet has no cells to mark


class PackageEditor:
    def __init__(self, src: str | Path):
        self.src = Path(src)
        with damaged_as_package_error(self.src):
            self._open()

    def _open(self) -> None:
        """Read the package through validate's door (sizes, CRCs, zip and XML bombs, encryption, Strict), so a
        file is refused as validate refuses it; every later read is of the bytes that door checked."""
        self.pkg: SafePackage = open_package(self.src)
        self.zf = zipfile.ZipFile(io.BytesIO(self.pkg.data))
        self.infos: dict[str, zipfile.ZipInfo] = {}
        self.order: list[str] = []
        for info in self.zf.infolist():
            if info.filename not in self.infos:  # a duplicate entry is never copied twice
                self.infos[info.filename] = info
                self.order.append(info.filename)
        self._lower = {name.lower(): name for name in self.order}
        self.contents: dict[str, bytes] = {}
        self.added: list[str] = []
        self.removed: set[str] = set()
        self.patches: dict[str, SheetPatch] = {}
        self._rels: dict[str, ox.Rels] = {}
        self._pending_xml: dict[str, RenderedSheet] = {}  # output sheets, streamed from scratch at save
        self._scratches: list[Scratch] = []
        if "[Content_Types].xml" not in self.infos:
            raise PackageError(f"{self.src.name}: geen geldige werkmap ([Content_Types].xml ontbreekt).")
        self.ct = ox.ContentTypes(self.read("[Content_Types].xml"))
        docs = self.rels("").of_type(ox.REL_OFFICE_DOC)
        if not docs or not self.exists(docs[0][1]):
            raise PackageError(f"{self.src.name}: geen geldige werkmap (het werkboek ontbreekt).")
        self.wb_part = docs[0][1]
        self.wb = ox.parse(self.read(self.wb_part))
        if self.wb.find(_Q + "sheets") is None:
            raise PackageError(_foreign_workbook(self.src, self.wb))
        self.wb_changed = False
        pr = self.wb.find(_Q + "workbookPr")
        self.date1904 = pr is not None and pr.get("date1904") in ("1", "true")
        styles = self.rels(self.wb_part).of_type(ox.REL_STYLES)
        self.styles_part = styles[0][1] if styles else "xl/styles.xml"
        has_styles = self.exists(self.styles_part)
        self.styles = StylesEditor(self.read(self.styles_part) if has_styles else None)
        if not has_styles:
            self.rels(self.wb_part).add(ox.REL_STYLES, self.styles_part)
            self.ct.set_override(self.styles_part,
                                 "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml")
        self._tables: list[TableInfo] | None = None

    # --- parts (part names compare case-insensitively, as OPC says) -----------------------------
    def canon(self, name: str) -> str:
        """The stored spelling of a part name ('xl/worksheets/Sheet1.xml' for 'xl/worksheets/sheet1.xml')."""
        if name in self.contents or name in self.infos:
            return name
        return self._lower.get(name.lower(), name)

    def exists(self, name: str) -> bool:
        name = self.canon(name)
        return name in self.contents or (name in self.infos and name not in self.removed)

    def read(self, name: str) -> bytes:
        name = self.canon(name)
        if name in self.contents:
            return self.contents[name]
        info = self.infos[name]
        if info.file_size > MAX_SMALL_PART:
            raise PackageError(f"{self.src.name}: het onderdeel {name} is te groot ({info.file_size} bytes).")
        return self.zf.read(name)

    def stream(self, name: str) -> Iterator[bytes]:
        with self.zf.open(self.infos[self.canon(name)]) as f:
            while True:
                chunk = f.read(_CHUNK)
                if not chunk:
                    return
                yield chunk

    def put(self, name: str, data: bytes) -> None:
        if name not in self.infos and name not in self.added:
            self.added.append(name)
            self._lower.setdefault(name.lower(), name)
        self.removed.discard(name)
        self.contents[name] = data

    def remove_part(self, name: str) -> None:
        name = self.canon(name)
        self.contents.pop(name, None)
        if name in self.added:
            self.added.remove(name)
        self.removed.add(name)
        self.patches.pop(name, None)
        self._pending_xml.pop(name, None)
        self.ct.remove_override(name)
        rels = self.canon(ox.rels_name(name))
        self._rels.pop(name, None)
        if rels in self.infos or rels in self.contents:
            self._drop(rels)

    def rels(self, part: str) -> ox.Rels:
        part = self.canon(part) if part else part
        if part not in self._rels:
            name = self.canon(ox.rels_name(part))
            self._rels[part] = ox.Rels(part, self.read(name) if self.exists(name) else None)
        return self._rels[part]

    def free_name(self, pattern: str) -> str:
        """The first unused part name of ``pattern`` ('xl/comments{}.xml'), compared without case."""
        if "{}" not in pattern:
            pattern += "{}"
        n = 1
        while True:
            name = pattern.format(n)
            if self.canon(name) == name and name not in self.infos and name not in self.contents:
                return name
            n += 1

    def _all_rels_sources(self) -> list[str]:
        names = [n for n in list(self.infos) + self.added if n.endswith(".rels") and self.exists(n)]
        out = []
        for name in names:
            folder, base = posixpath.split(name)
            parent = posixpath.dirname(folder)
            out.append(posixpath.join(parent, base[:-5]) if base != ".rels" else "")
        return out

    def collect_garbage(self, candidates) -> None:
        """Remove the candidate parts no relationship points at any more (and what only they used)."""
        todo = set(candidates)
        while todo:
            referenced = set()
            for source in self._all_rels_sources():
                if source and not self.exists(source):
                    continue
                referenced.update(t.lower() for _i, _k, t in self.rels(source).internal())
            dead = {self.canon(p) for p in todo if p.lower() not in referenced and self.exists(p)}
            if not dead:
                return
            todo -= dead
            for part in dead:
                if self.exists(ox.rels_name(part)):
                    todo.update(t for _i, _k, t in self.rels(part).internal())
                self.remove_part(part)

    # --- sheets ------------------------------------------------------------------------------
    def _sheets_el(self) -> etree._Element:
        return self.wb.find(_Q + "sheets")

    def sheets(self) -> list[_Sheet]:
        kinds: dict[str, tuple[str, str]] = {}
        for rid, kind, target in self.rels(self.wb_part).internal():
            kinds.setdefault(rid, (kind, target))  # the first of a repeated id, as by_id finds it
        out = []
        for el in self._sheets_el().findall(_Q + "sheet"):
            kind, part = kinds.get(el.get(f"{{{ox.R}}}id") or "", ("", ""))
            out.append(_Sheet(el.get("name") or "", self.canon(part) if part else "", el, kind))
        return out

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets()]

    def sheet_part(self, name: str) -> str | None:
        for sheet in self.sheets():
            if sheet.name == name and sheet.part and self.exists(sheet.part):
                return sheet.part
        return None

    def prefix(self, part: str) -> bytes:
        """The sheet XML before its cells (views, columns, properties), read from the head of the stream."""
        if part in self.contents:
            data = self.contents[part]
        else:
            data = b""
            for chunk in self.stream(part):
                data += chunk
                if re.search(rb"<(?:[\w.-]+:)?sheetData", data) or len(data) > 8 * _CHUNK:
                    break
        m = re.search(rb"<(?:[\w.-]+:)?sheetData", data)
        return data[:m.start()] if m else data[:8 * _CHUNK]

    def patch(self, part: str) -> SheetPatch:
        if part not in self.patches:
            self.patches[part] = SheetPatch(date1904=self.date1904)
        return self.patches[part]

    def set_cell(self, part: str, row: int, col: int, value=KEEP, style=None, *, column_write: bool = False) -> None:
        self.patch(part).edit(row, col, CellEdit(value, style, column_write))

    def read_cells(self, part: str, first_row: int, last_row: int | None, min_col: int = 1,
                   max_col: int = 16384, **kw) -> dict[tuple[int, int], RawCell]:
        return read_cells(self.stream(part), first_row, last_row, min_col, max_col, **kw)

    def shared_strings(self, wanted: set[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        if not wanted:
            return found
        parts = self.rels(self.wb_part).of_type(ox.R + "/sharedStrings")
        if not parts or not self.exists(parts[0][1]):
            return found
        last = max(wanted)
        with self.zf.open(self.infos[parts[0][1]]) as f:
            index = 0
            for _event, si in etree.iterparse(f, events=("end",), tag=_Q + "si", resolve_entities=False,
                                              no_network=True, huge_tree=False):
                if index in wanted:
                    found[index] = "".join(t.text or "" for t in si.iter(_Q + "t") if t.getparent().tag != _Q + "rPh")
                si.clear()
                index += 1
                if index > last:
                    break
        return found

    def cell_text(self, cell: RawCell | None, strings: dict[int, str]) -> str:
        if cell is None:
            return ""
        if cell.kind == "s":
            try:
                return strings.get(int(cell.value or -1), "")
            except ValueError:
                return ""
        if cell.kind == "inlineStr":
            return cell.text or ""
        return cell.value or ""

    # --- tables ------------------------------------------------------------------------------
    def tables(self) -> list[TableInfo]:
        if self._tables is None:
            self._tables = []
            for sheet in self.sheets():
                if not sheet.part or not self.exists(sheet.part):
                    continue
                for _rid, target in self.rels(sheet.part).of_type(ox.REL_TABLE):
                    target = self.canon(target)
                    if self.exists(target):
                        root = ox.parse(self.read(target))
                        name = root.get("displayName") or root.get("name") or ""
                        self._tables.append(TableInfo(name, target, root, sheet.name, sheet.part))
        return self._tables

    def find_table(self, key: str) -> TableInfo | None:
        spec = c.TABLES_BY_KEY.get(key)
        wanted = fold(spec.table if spec else key)
        for table in self.tables():
            if fold(table.name) == wanted:
                return table
        return None

    def column(self, table: TableInfo, header: str, *, add: bool = True) -> int | None:
        """The Excel column of ``header`` in ``table`` (matched as the reader matches); added at the right end."""
        min_col, min_row, max_col, max_row = split_ref(table.ref)
        i = rules.header_index(table.columns, header)
        if i is not None:
            return min_col + i
        if not add:
            return None
        col = max_col + 1
        taken = sorted(r for (r, _c), cell in self.read_cells(table.sheet_part, min_row, max_row, col, col).items()
                       if cell.formula or cell.value not in (None, "") or cell.text not in (None, ""))
        if taken:  # the user's own cells right of the table: never written over
            letter = col_letter(col)
            raise PackageError(f"{self.src.name}: de kolom '{header}' ontbreekt in de tabel '{table.name}' "
                               f"(tabblad {table.sheet}). De tool zou ze toevoegen in kolom {letter}, maar daar "
                               f"staat al iets (cel {letter}{taken[0]}). Voeg de kolom '{header}' zelf toe aan "
                               "de tabel (of maak die kolom leeg) en probeer opnieuw.")
        cols = table.root.find(_Q + "tableColumns")
        ids = [int(tc.get("id", "0")) for tc in cols.findall(_Q + "tableColumn")]
        etree.SubElement(cols, _Q + "tableColumn", id=str(max(ids + [0]) + 1), name=header)
        cols.set("count", str(len(ids) + 1))
        table.set_ref(make_ref(min_col, min_row, col, max_row))
        look = rules.added_header_look(header)  # a tool column's lighter header, as in a new workbook
        self.set_cell(table.sheet_part, min_row, col, header, lambda _s, look=look: self.styles.look(look))
        width = rules.added_column_width(header)
        if width:
            self.patch(table.sheet_part).col_widths[col] = width
        return col

    def write_column(self, write: ColumnWrite) -> None:
        table = self.find_table(write.table)
        if table is None:
            spec = c.TABLES_BY_KEY[write.table]
            raise PackageError(f"{self.src.name}: de tabel '{spec.table}' ontbreekt (tabblad {spec.sheet}).")
        col = self.column(table, write.column)
        for row, value in write.values.items():
            fmt = rules.number_format(write.column, value)
            text = isinstance(value, str) and bool(value)
            style = (lambda s, fmt=fmt, text=text: self._written_style(s, fmt, text)) if fmt or text else None
            self.set_cell(table.sheet_part, row, col, value, style, column_write=True)
        self.patch(table.sheet_part).fit_rows.update(write.values)

    def _written_style(self, s: int | None, fmt: str | None, text: bool) -> int | None:
        """A written value's style: its number format, and text wrapped at the top (so it can be read whole)."""
        wrap = text and not self.styles.wraps(s)
        return self.styles.derive(s, number_format=fmt, wrap=wrap) if fmt or wrap else s

    def grow_table(self, grow: TableGrow) -> None:
        table = self.find_table(grow.table)
        if table is None:
            return
        min_col, min_row, max_col, max_row = split_ref(table.ref)
        if grow.last_row > max_row:
            table.set_ref(make_ref(min_col, min_row, max_col, grow.last_row))

    # --- workbook.xml ------------------------------------------------------------------------
    def _defined_names(self, create: bool) -> etree._Element | None:
        el = self.wb.find(_Q + "definedNames")
        if el is None and create:
            el = etree.Element(_Q + "definedNames")
            anchor = None
            for name in ("sheets", "functionGroups", "externalReferences"):
                found = self.wb.find(_Q + name)
                if found is not None:
                    anchor = found
            anchor.addnext(el)
        return el

    def _shift_indices(self, at: int, delta: int) -> None:
        """Sheet indices in defined names and views after a sheet was inserted (+1) or removed (-1) at ``at``."""
        names = self._defined_names(False)
        for el in list(names if names is not None else []):
            local = el.get("localSheetId")
            if local is None:
                continue
            local = int(local)
            if delta < 0 and local == at:
                names.remove(el)
            elif local >= at + (1 if delta < 0 else 0):
                el.set("localSheetId", str(local + delta))
        for view in self.wb.iter(_Q + "workbookView"):
            for attr in ("activeTab", "firstSheet"):
                if view.get(attr) is not None and int(view.get(attr)) >= at + (1 if delta < 0 else 0):
                    view.set(attr, str(max(0, int(view.get(attr)) + delta)))
        self.wb_changed = True

    def insert_sheet(self, name: str, part: str, state: str | None = None) -> int:
        pos = rules.sheet_position(self.sheet_names(), name)
        rid = self.rels(self.wb_part).add(ox.REL_WORKSHEET, part)
        ids = [int(s.el.get("sheetId", "0")) for s in self.sheets()]
        el = etree.Element(_Q + "sheet", name=name, sheetId=str(max(ids + [0]) + 1))
        if state:
            el.set("state", state)
        el.set(f"{{{ox.R}}}id", rid)
        self._sheets_el().insert(pos, el)
        self._shift_indices(pos, +1)
        self.ct.set_override(part, ox.CT_WORKSHEET)
        return pos

    def remove_sheet(self, name: str) -> None:
        for index, sheet in enumerate(self.sheets()):
            if sheet.name != name:
                continue
            self._sheets_el().remove(sheet.el)
            self.rels(self.wb_part).remove_target(sheet.part)
            self._shift_indices(index, -1)
            self.collect_garbage({sheet.part})
            return

    def _set_local_names(self, index: int, names: list[etree._Element]) -> None:
        owned = ("_xlnm.Print_Titles", "_xlnm._FilterDatabase", "_xlnm.Print_Area")
        existing = self._defined_names(bool(names))
        if existing is not None:
            for el in list(existing):
                if el.get("localSheetId") == str(index) and el.get("name") in owned:
                    existing.remove(el)
            for el in names:
                new = etree.SubElement(existing, _Q + "definedName", {k: v for k, v in el.attrib.items()})
                new.set("localSheetId", str(index))
                new.text = el.text
            if not len(existing):
                self.wb.remove(existing)
        self.wb_changed = True

    # --- output sheets -----------------------------------------------------------------------
    def write_outputs(self, outputs: list[SheetOutput], registry: list[list[str]] | None) -> None:
        if not outputs and registry is None:
            return
        scratch = Scratch(outputs, registry, palette.MARKS_SHEET, palette.MARKS_HEADERS)
        self._scratches.append(scratch)
        rendered = scratch.lift(self.styles)
        for out_name in [o.name for o in outputs] + ([palette.MARKS_SHEET] if registry is not None else []):
            r = rendered[out_name]
            self._claim_name(out_name)
            part = self.sheet_part(out_name)
            garbage: set[str] = set()
            if part is not None:
                r.code_name = code_name(self.prefix(part))
                garbage = {t for _i, _k, t in self.rels(part).internal()}
                old = self.rels(part)
                for rel in old.items():
                    old.root.remove(rel)
                old.changed = True
                self.patches.pop(part, None)
            else:
                part = self.free_name("xl/worksheets/sheet{}.xml")
                self.insert_sheet(out_name, part, "veryHidden" if out_name == palette.MARKS_SHEET else None)
            index = self.sheet_names().index(out_name)
            self._transplant_parts(r, part)
            self._pending_xml[part] = r
            self.put(part, b"")  # serialized at save time (activation may still touch its view)
            self._set_local_names(index, r.names)
            if out_name == palette.MARKS_SHEET:
                self.sheets()[index].el.set("state", "veryHidden")
            self.collect_garbage(garbage)

    def _claim_name(self, name: str) -> None:
        """Excel compares sheet names without case: the tool's sheet renamed 'GROEPEN' is its Groepen, and gets its
        name back (formulas and names that point at it resolve without case), never a second 'Groepen' beside it."""
        other = rules.existing_sheet(self.sheet_names(), name)
        if other is None or other == name:
            return
        for sheet in self.sheets():
            if sheet.name == other:
                sheet.el.set("name", name)
                self.wb_changed = True
                return

    def _transplant_parts(self, r, part: str) -> None:
        if r.rels is None:
            return
        names: dict[str, str] = {}
        for scratch in r.parts:
            if scratch.endswith(".rels"):
                continue
            folder, base = posixpath.split(scratch)
            stem = re.sub(r"\d*(\.\w+)$", r"{}\1", base.replace("{", "").replace("}", ""))
            names[scratch] = self.free_name(posixpath.join(folder, stem))
            self.put(names[scratch], r.parts[scratch])  # reserve the name
        for scratch, new in names.items():
            if scratch in r.content_types:
                self.ct.set_override(new, r.content_types[scratch])
            scratch_rels = ox.rels_name(scratch)
            if scratch_rels in r.parts:
                self.put(ox.rels_name(new), _retarget(ox.Rels(scratch, r.parts[scratch_rels]), new, names))
        rels = self.rels(part)
        for rid, kind, target in r.rels.internal():
            etree.SubElement(rels.root, f"{{{ox.PKG_REL}}}Relationship", Id=rid, Type=kind,
                             Target=ox.relative(part, names.get(target, target)))
        rels.changed = True

    # --- marks -------------------------------------------------------------------------------
    def read_registry(self) -> list[tuple[str, str, str, str]]:
        part = self.sheet_part(palette.MARKS_SHEET)
        if part is None:
            return []
        cells = self.read_cells(part, 2, None, 1, len(palette.MARKS_HEADERS))
        strings = self.shared_strings({int(v.value) for v in cells.values() if v.kind == "s" and
                                       (v.value or "").isdigit()})
        rows: dict[int, list[str]] = {}
        for (row, col), cell in cells.items():
            rows.setdefault(row, [""] * len(palette.MARKS_HEADERS))[col - 1] = self.cell_text(cell, strings)
        return [tuple(rows[r]) for r in sorted(rows)]

    def _notes_part(self, sheet_part: str) -> tuple[str | None, str | None]:
        rels = self.rels(sheet_part)
        comments = next((self.canon(t) for _r, t in rels.of_type(ox.REL_COMMENTS) if self.exists(t)), None)
        vmls = [self.canon(t) for _r, t in rels.of_type(ox.REL_VML) if self.exists(t)]
        vml = next((t for t in vmls if b"<x:ClientData" in self.read(t)), None)
        if vml is None and comments is not None and len(vmls) == 1:
            vml = vmls[0]
        return comments, vml

    def apply_marks(self, marks) -> None:
        registry = self.read_registry()
        sheets = self.sheets()
        names = [s.name for s in sheets]
        skip = set(c.OUTPUT_SHEETS) | {palette.MARKS_SHEET}
        markable = [s.name for s in sheets if s.kind == ox.REL_WORKSHEET and s.name not in skip]
        by_cell = rules.marks_by_cell(marks, markable)
        touched: dict[str, set[str]] = {}
        for sheet, address, _prev, _note in registry:
            if sheet in markable and address:
                touched.setdefault(sheet, set()).add(address.upper())
        for sheet, address in by_cell:
            touched.setdefault(sheet, set()).add(address)
        rows_out: list[list[str]] = []
        block = max([vml_block(self.read(n)) for n in list(self.infos) + self.added
                     if n.endswith(".vml") and self.exists(n) and self.infos.get(n, None) is not None
                     and self.infos[n].file_size < MAX_SMALL_PART] + [0]) + 1
        for sheet in [n for n in markable if n in touched]:
            part = self.sheet_part(sheet)
            if part is None:
                continue
            addresses = {a: parse_cell(a) for a in touched[sheet] if _is_address(a)}
            if not addresses:
                continue
            rows = [rc[0] for rc in addresses.values()]
            cols = [rc[1] for rc in addresses.values()]
            current = self.read_cells(part, min(rows), max(rows), min(cols), max(cols),
                                      wanted=set(addresses.values()))
            comments_part, vml_part = self._notes_part(part)
            notes = SheetNotes(self.read(comments_part) if comments_part else None,
                               self.read(vml_part) if vml_part else None, block)
            block += 1

            def clear(s, previous):
                if rules.is_our_fill(self.styles.fill_hex(s)):
                    return self.styles.derive(s, fill=previous or "")
                return s

            for reg_sheet, address, previous, note in registry:
                address = address.upper()
                if reg_sheet != sheet or address not in addresses:
                    continue
                row, col = addresses[address]
                self.set_cell(part, row, col, style=lambda s, p=previous: clear(s, p))
                notes.remove_ours(address)
            for (mark_sheet, address), cell_marks in by_cell.items():
                if mark_sheet != sheet:
                    continue
                row, col = addresses[address]
                cell = current.get((row, col))
                s = cell.style if cell else None
                cleared = self.patches[part].cells.get(row, {}).get(col) if part in self.patches else None
                if cleared is not None and cleared.style is not None:
                    s = cleared.style(s)
                previous = self.styles.fill_hex(s)
                previous = "" if rules.is_our_fill(previous) else previous
                color = rules.mark_fill(cell_marks)
                self.set_cell(part, row, col, style=lambda s, color=color: self.styles.derive(s, fill=color))
                noted = notes.add(address, rules.note_text(cell_marks))
                rows_out.append([sheet, address, previous, palette.MARK_AUTHOR if noted else ""])
            if notes.changed:
                self._store_notes(part, notes, comments_part, vml_part)
        if rows_out:
            self.write_outputs([], rows_out)
        elif palette.MARKS_SHEET in names:
            self.remove_sheet(palette.MARKS_SHEET)

    def _store_notes(self, part: str, notes: SheetNotes, comments_part: str | None, vml_part: str | None) -> None:
        rels = self.rels(part)
        if notes.comments_empty():
            if comments_part:
                rels.remove_target(comments_part)
                self.collect_garbage({comments_part})
        else:
            if comments_part is None:
                comments_part = self.free_name("xl/comments{}.xml")
                rels.add(ox.REL_COMMENTS, comments_part)
                self.ct.set_override(comments_part, ox.CT_COMMENTS)
            self.put(comments_part, notes.comments_bytes())
        if notes.vml_empty():
            if vml_part:
                rels.remove_target(vml_part)
                self.collect_garbage({vml_part})
                self.patch(part).drop_legacy_drawing = True
        else:
            if vml_part is None:
                vml_part = self.free_name("xl/drawings/vmlDrawing{}.vml")
                self.patch(part).add_legacy_drawing = rels.add(ox.REL_VML, vml_part)
                if self.ct.default("vml") is None:
                    self.ct.ensure_default("vml", ox.CT_VML)
            self.put(vml_part, notes.vml)

    # --- activation --------------------------------------------------------------------------
    def activate(self, name: str) -> None:
        """Show ``name`` when the workbook opens, unless that would mean changing a sheet the tool does not own."""
        sheets = self.sheets()
        names = [s.name for s in sheets]
        if name not in names:
            return
        selected = []
        for sheet in sheets:
            if sheet.part in self._pending_xml or not self.exists(sheet.part):
                continue
            if re.search(rb"<(?:[\w.-]+:)?sheetView\b[^>]*tabSelected\s*=\s*[\"'](1|true)", self.prefix(sheet.part)):
                selected.append(sheet)
        if any(s.part not in self.patches and s.name not in c.OUTPUT_SHEETS for s in selected):
            return  # a user's sheet would have to change just to move the selection
        for sheet in selected:
            self.patch(sheet.part).tab_selected = False
        target = sheets[names.index(name)]
        if target.part in self._pending_xml:
            self._pending_xml[target.part].tab_selected = True
        elif target.part in self.patches:
            self.patch(target.part).tab_selected = True
        else:
            return
        views = self.wb.find(_Q + "bookViews")
        if views is None:
            views = etree.Element(_Q + "bookViews")
            self._sheets_el().addprevious(views)
        view = views.find(_Q + "workbookView")
        if view is None:
            view = etree.SubElement(views, _Q + "workbookView")
        view.set("activeTab", str(names.index(name)))
        if view.get("firstSheet") is not None and int(view.get("firstSheet")) > names.index(name):
            view.set("firstSheet", str(names.index(name)))
        self.wb_changed = True

    def close(self) -> None:
        self.zf.close()
        for scratch in self._scratches:
            scratch.close()

    # --- the whole edit ----------------------------------------------------------------------
    def apply(self, edits: WorkbookEdits) -> None:
        for grow in edits.table_grows:  # first: the rows typed under a table are the table's rows
            self.grow_table(grow)
        for write in edits.column_writes:
            self.write_column(write)
        self.write_outputs(list(edits.sheets), None)
        if edits.marks is not None:
            self.apply_marks(edits.marks)
        if edits.activate:
            self.activate(edits.activate)

    def _match_extension(self, dest: Path) -> None:
        """An .xlsm holds macros, an .xlsx never: the content type follows the extension."""
        main = self.ct.override(self.wb_part)
        if dest.suffix.lower() == ".xlsm":
            if main == ox.CT_WORKBOOK_XLSX:
                self.ct.set_override(self.wb_part, ox.CT_WORKBOOK_XLSM)
            return
        if main != ox.CT_WORKBOOK_XLSM:
            return
        gone = self.rels(self.wb_part).remove_type({ox.REL_VBA})
        gone += self.rels("").remove_type(set(ox.REL_UI))
        self.collect_garbage(set(gone))
        self.ct.set_override(self.wb_part, ox.CT_WORKBOOK_XLSX)
        if self.ct.default("bin") == ox.CT_VBA and not any(
                n.lower().endswith(".bin") and self.exists(n) for n in list(self.infos) + self.added):
            self.ct.remove_default("bin")

    def _resolve_cells(self) -> None:
        """One read of the cells about to change (and of the rows whose height follows them): every style
        change becomes a fixed index (so styles.xml is complete before it is written); a tool column's value
        never lands in the covered part of a merged range (MVO042 reports it); a row the tool wrote text into
        gets the height :mod:`mvo_xl.layout` estimates (never lower than it is); and a formula about to be
        overwritten drops the calculation chain (Excel rebuilds it; a chain naming a cell without a formula
        makes Excel repair the file)."""
        formulas_gone = False
        for part, patch in self.patches.items():
            todo = {(r, col): e for r, cols in patch.cells.items() for col, e in cols.items()}
            if not todo or not self.exists(part) or part in self.contents:
                continue
            fit = patch.fit_rows
            rows = [r for r, _c in todo] + list(fit)
            cols = [col for _r, col in todo]
            merged: list[tuple[int, int, int, int]] | None = [] if any(e.column_write for e in todo.values()) \
                else None
            current = self.read_cells(part, min(rows), max(rows), 1 if fit else min(cols), 16384 if fit else max(cols),
                                      visit=lambda r, col, _cell: (r, col) in todo or r in fit, merged=merged)
            for c1, r1, c2, r2 in merged or []:
                for (r, col), edit in list(todo.items()):
                    if edit.column_write and r1 <= r <= r2 and c1 <= col <= c2 and (r, col) != (r1, c1):
                        del todo[(r, col)]
                        del patch.cells[r][col]
            styles: dict[tuple[int, int], int | None] = {}
            for (r, col), edit in todo.items():
                cell = current.get((r, col))
                if cell is not None and cell.formula and edit.value is not KEEP:
                    formulas_gone = True
                styles[(r, col)] = cell.style if cell else None
                if edit.style is not None:
                    fixed = styles[(r, col)] = edit.style(cell.style if cell else None)
                    edit.style = lambda _s, v=fixed: v
            if fit:
                self._fit_rows(part, patch, current, todo, styles)
        if formulas_gone:
            chains = self.rels(self.wb_part).remove_type({ox.R + "/calcChain"})
            self.collect_garbage(set(chains))

    def _fit_rows(self, part: str, patch: SheetPatch, current: dict, todo: dict, styles: dict) -> None:
        """The height each written row needs for its wrapped text, by the same estimate as the tool's sheets."""
        widths, default_width = _column_widths(self.prefix(part))
        widths.update(patch.col_widths)
        wanted = {int(cell.value) for (r, _c), cell in current.items()
                  if r in patch.fit_rows and cell.kind == "s" and (cell.value or "").isdigit()}
        strings = self.shared_strings(wanted)
        by_row: dict[int, dict[int, tuple[object, int | None]]] = {}
        for (r, col), cell in current.items():
            if r in patch.fit_rows:
                text = self.cell_text(cell, strings) if cell.kind in ("s", "inlineStr", "str") else \
                    (None if cell.value in (None, "") else 0)
                by_row.setdefault(r, {})[col] = (text, styles.get((r, col), cell.style))
        for (r, col), edit in todo.items():
            if r in patch.fit_rows and edit.value is not KEEP:
                by_row.setdefault(r, {})[col] = (edit.value, styles.get((r, col)))
        for r, cells in by_row.items():
            row = []
            for col, (value, style) in cells.items():
                size, bold = self.styles.font(style)
                row.append((value, widths.get(col, default_width), size, bold, self.styles.wraps(style)))
            need = layout.row_height(row)
            if need is not None:
                patch.row_heights[r] = need

    def _finish(self) -> None:
        self._resolve_cells()
        for table in self._tables or []:
            if table.changed and self.exists(table.part):
                self.put(table.part, ox.serialize(table.root))
        if self.styles.changed:
            self.put(self.styles_part, self.styles.bytes())
        if self.wb_changed:
            self.put(self.wb_part, ox.serialize(self.wb))
        for part, rels in list(self._rels.items()):
            if not rels.changed or (part and not self.exists(part)):
                continue
            name = self.canon(ox.rels_name(part))
            if rels.empty():
                if self.exists(name):
                    self._drop(name)
            else:
                self.put(name, rels.bytes())
        self._type_new_rels()
        if self.ct.changed:
            self.put("[Content_Types].xml", self.ct.bytes())

    def _type_new_rels(self) -> None:
        """Some packages type each .rels part by an override, with no 'rels' default: a .rels the tool adds
        would have no content type (Excel repairs such a file), so the default is added then."""
        if self.ct.default("rels") is None and any(
                n.endswith(".rels") and self.exists(n) and self.ct.override(n) is None for n in self.added):
            self.ct.ensure_default("rels", ox.CT_RELS)

    def _drop(self, name: str) -> None:
        """A part goes, and its override with it (LibreOffice types every .rels part by one)."""
        self.contents.pop(name, None)
        if name in self.added:
            self.added.remove(name)
        self.removed.add(name)
        self.ct.remove_override(name)

    def save(self, dest: str | Path) -> Path:
        from ..writer import atomic_write
        from ..paths import same_file
        from ..zone import copy_mark

        dest = Path(dest)
        if same_file(dest, self.src):
            raise ValueError("the output must differ from the input: the input file is never modified")
        self._match_extension(dest)
        self._finish()

        def write(tmp: str) -> None:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as out:
                written: set[str] = set()
                for name in self.order + self.added:
                    if name in written or not self.exists(name):
                        continue
                    written.add(name)
                    self._write_entry(out, name)
        written_to = atomic_write(dest, write)
        copy_mark(self.src, written_to)  # a copy of a workbook from the internet stays marked as such
        return written_to

    def _write_entry(self, out: zipfile.ZipFile, name: str) -> None:
        original = self.infos.get(name)
        info = zipfile.ZipInfo(name, date_time=original.date_time if original else time.localtime()[:6])
        info.compress_type = zipfile.ZIP_STORED if original and original.compress_type == zipfile.ZIP_STORED \
            else zipfile.ZIP_DEFLATED
        if original is not None:
            info.external_attr = original.external_attr
        if name in self._pending_xml:
            with out.open(info, "w") as sink:
                self._pending_xml[name].write(sink)
            return
        if name in self.contents:
            out.writestr(info, self.contents[name])
            return
        big = original.file_size > 2**30
        patch = self.patches.get(name)
        if patch is None or patch.empty():
            if _copy_raw(out, self.pkg.data, original):
                return
        with out.open(info, "w", force_zip64=big) as sink:
            if patch is not None and not patch.empty():
                rewrite_sheet(self.stream(name), sink, patch)
            else:
                for chunk in self.stream(name):
                    sink.write(chunk)


def _copy_raw(out: zipfile.ZipFile, data: bytes, info: zipfile.ZipInfo) -> bool:
    """Copy an entry's compressed bytes as they are (no inflate, no deflate); False when it cannot be done."""
    if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return False  # encrypted or an unusual method: let zipfile recompress it
    header = data[info.header_offset:info.header_offset + 30]
    if len(header) != 30 or header[:4] != b"PK\x03\x04":
        return False
    name_len, extra_len = struct.unpack("<HH", header[26:30])
    start = info.header_offset + 30 + name_len + extra_len
    if start + info.compress_size > len(data):
        return False
    entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    entry.compress_type = info.compress_type
    entry.external_attr = info.external_attr
    entry.create_system = info.create_system
    entry.CRC = info.CRC
    entry.compress_size = info.compress_size
    entry.file_size = info.file_size
    entry.flag_bits = info.flag_bits & 0x800  # keep UTF-8 names; sizes go in the header, no data descriptor
    zip64 = info.file_size > zipfile.ZIP64_LIMIT or info.compress_size > zipfile.ZIP64_LIMIT
    with out._lock:
        entry.header_offset = out.fp.tell()
        out.fp.write(entry.FileHeader(zip64))
        view = memoryview(data)
        for pos in range(start, start + info.compress_size, _CHUNK):
            out.fp.write(view[pos:min(start + info.compress_size, pos + _CHUNK)])
        out.filelist.append(entry)
        out.NameToInfo[entry.filename] = entry
        out.start_dir = out.fp.tell()
        out._didModify = True
    return True


_COL = re.compile(rb"<(?:[\w.-]+:)?col\s[^>]*>")
_DEFAULT_WIDTH = re.compile(rb"<(?:[\w.-]+:)?sheetFormatPr\s[^>]*?defaultColWidth\s*=\s*[\"']([0-9.]+)[\"']")


def _column_widths(prefix: bytes) -> tuple[dict[int, float], float]:
    """Column -> width from a sheet's <cols> (and the sheet's default width), as a row height needs them."""
    from .sheetxml import _ATTR

    m = _DEFAULT_WIDTH.search(prefix)
    try:
        default = float(m.group(1)) if m else layout.DEFAULT_COLUMN_WIDTH
    except ValueError:
        default = layout.DEFAULT_COLUMN_WIDTH
    widths: dict[int, float] = {}
    for col in _COL.finditer(prefix):
        attrs = {k: v[1:-1] for k, v in _ATTR.findall(col.group(0))}
        try:
            first, last, width = int(attrs[b"min"]), int(attrs[b"max"]), float(attrs.get(b"width", b"0"))
        except (KeyError, ValueError):
            continue
        for c in range(first, min(last, 16384) + 1) if width else ():
            widths[c] = width
    return widths, default


def _retarget(rels: ox.Rels, new_source: str, names: dict[str, str]) -> bytes:
    out = ox.Rels(new_source, None)
    for rel in rels.items():
        attrs = dict(rel.attrib)
        if rel.get("TargetMode") != "External":
            target = ox.resolve(rels.part, rel.get("Target"))
            attrs["Target"] = ox.relative(new_source, names.get(target, target))
        etree.SubElement(out.root, f"{{{ox.PKG_REL}}}Relationship", attrs)
    return out.bytes()


_ADDRESS = re.compile(r"^[A-Z]{1,3}[0-9]{1,7}$")


def _is_address(text: str) -> bool:
    return bool(_ADDRESS.match(text))


def edit_file(src: str | Path, dest: str | Path, edits: WorkbookEdits) -> Path:
    """Apply ``edits`` to a copy of ``src`` written to ``dest`` (atomically; ``src`` is never written)."""
    editor = PackageEditor(src)
    try:
        with damaged_as_package_error(editor.src):
            editor.apply(edits)
            return editor.save(dest)
    finally:
        editor.close()


def _foreign_workbook(src: Path, wb: etree._Element) -> str:
    """Why a workbook part without SpreadsheetML's <sheets> cannot be edited, in Dutch."""
    namespace = etree.QName(wb).namespace or ""
    if namespace == ox.STRICT_MAIN:
        return (f"{src.name}: deze werkmap is bewaard als 'Strict Open XML'; bewaar ze in Excel opnieuw als gewone "
                "Excel-werkmap (.xlsx) en probeer opnieuw.")
    return (f"{src.name}: het werkboek is in een onbekende XML-indeling ({namespace or 'zonder naamruimte'}) en kan "
            "niet bewerkt worden; open het in Excel, bewaar het opnieuw als Excel-werkmap (.xlsx) en probeer opnieuw.")


@contextlib.contextmanager
def damaged_as_package_error(src: Path) -> Iterator[None]:
    """A file validate's door refuses, or a part that cannot be read (broken XML, a DTD, a cut-off stream),
    becomes a Dutch message naming the file."""
    try:
        yield
    except UnreadableWorkbook as exc:
        raise PackageError(f"{src.name}: {exc.message()}") from exc
    except (ox.UnsafePart, etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise PackageError(f"{src.name}: de werkmap is beschadigd of onveilig en kan niet bewerkt worden "
                           f"({type(exc).__name__}: {str(exc)[:120]}).") from exc
    except (ValueError, KeyError) as exc:
        # Readable parts in a shape the editor does not expect, or a fault of the editor itself: do not blame
        # the file, say that nothing was written and how to go on.
        raise PackageError(f"{src.name}: mvo-xl kan deze werkmap niet bewerken ({type(exc).__name__}: "
                           f"{str(exc)[:120]}); er is niets geschreven. Open de werkmap in Excel, bewaar ze "
                           f"opnieuw en probeer nog eens; lukt het dan nog niet, bezorg het bestand aan wie "
                           f"mvo-xl beheert.") from exc
