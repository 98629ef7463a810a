"""The safety layer every reader of a submitted workbook goes through.

Submissions are untrusted: a coordinator runs the validator over files mailed
in by dozens of municipalities. Before any parser (openpyxl, calamine) sees a
file, :func:`open_package` tells apart what is not a workbook (empty, text,
old .xls, encrypted, another Office document), and refuses what would make a
reader blow up: zip bombs (declared sizes and inflate ratio from the central
directory, checked again on the *actual* inflated bytes because headers lie),
XML with a DTD (entity expansion, "billion laughs"), and sheets whose cells
reach so far that a dense reader allocates rows x columns (a lying
``<dimension>`` is ignored: the extent comes from the cells themselves).

The file is read once into memory and never written, locked or executed:
macros and external links are simply never read. :func:`run_bounded` and
:func:`limit_memory` bound the time and memory of whatever reads it next.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import posixpath
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterator

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

from ..catalogue import message as catalogue_message
from ..cells import col_letter as column_letters
from ..findings import Finding, make_finding

__all__ = [
    "UnreadableWorkbook",
    "Limits",
    "DEFAULT_LIMITS",
    "SafePackage",
    "open_package",
    "check_sheet_extent",
    "run_bounded",
    "limit_memory",
    "OUT_OF_MEMORY_EXIT_CODES",
    "column_letters",
]

MIB = 2**20


class UnreadableWorkbook(Exception):
    """The file cannot be read as an MVO workbook; carries an MVO040 catalogue variant."""

    def __init__(self, variant: str, detail: str = "", **params: Any):
        self.variant = variant
        self.detail = detail
        self.params = params
        super().__init__(self.message())

    def message(self) -> str:
        """The Dutch message of the catalogue (MVO040, this variant)."""
        return catalogue_message("MVO040", self.variant, detail=self.detail, **self.params)

    def finding(self, file: str) -> Finding:
        """One MVO040 finding for the whole file (the batch goes on with the next one)."""
        return make_finding("MVO040", self.variant, file=file, detail=self.detail, **self.params)

    def __reduce__(self):  # picklable across run_bounded / process pools
        return (_rebuild_unreadable, (self.variant, self.detail, self.params))


def _rebuild_unreadable(variant: str, detail: str, params: dict) -> UnreadableWorkbook:
    return UnreadableWorkbook(variant, detail, **params)


@dataclass(frozen=True)
class Limits:
    """Caps for one submitted file; the defaults fit a realistic MVO workbook many times over."""

    max_file_bytes: int = 50 * MIB
    max_entries: int = 2000
    max_part_bytes: int = 64 * MIB  # actual inflated bytes of one part
    max_total_bytes: int = 256 * MIB  # actual inflated bytes of all parts read
    min_inflate_ratio: float = 0.01  # compressed/inflated below this is a bomb (Apache POI ZipSecureFile)
    max_cells: int = 5_000_000  # rows*cols extent of one sheet's real cells
    ratio_check_above: int = 1 * MIB  # the ratio is judged once a part inflates beyond this


DEFAULT_LIMITS = Limits()


# ---------------------------------------------------------------- small helpers

def _mb(n: int) -> str:
    return f"{n / MIB:.0f} MB"


def _n(n: int) -> str:
    """Thousands with a dot, as Flemish readers write them."""
    return f"{n:,}".replace(",", ".")


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters[:_MAX_COL_LETTERS]:
        n = n * 26 + (ch - 64)
    return n


def _row_index(digits: bytes) -> int:
    return int(digits[:_MAX_ROW_DIGITS] or b"0")


def _longest_max(values) -> bytes:
    """The largest of row numbers (no leading zeros) or column letters, without converting them all.

    Longer is larger for both; among equal lengths, byte order is numeric order.
    """
    values = set(values)  # C-speed; few distinct rows/columns remain
    longest = max(map(len, values))
    return max(v for v in values if len(v) == longest)


_XMLISH = (".xml", ".rels", ".vml")
# A DTD is the only way to declare entities; OOXML parts never carry one.
_DOCTYPE = re.compile(
    rb"<!doctype|" + re.escape("<!DOCTYPE".encode("utf-16-le")) + rb"|" + re.escape("<!DOCTYPE".encode("utf-16-be")),
    re.I,
)
_PROLOG_ITEM = re.compile(rb"\xef\xbb\xbf|\s+|<\?.*?\?>|<!--.*?-->", re.S)  # what may precede a DTD
_UNSAFE_XML = "onveilige XML met entiteiten"

# Every cell reference r="XFD123" (leading zeros of the row dropped). Counting
# every <c> tag tells whether all cells carry one (the fast path).
_ANY_REF = re.compile(rb"\sr=[\"']([A-Z]+)0*([0-9]+)[\"']")
# Cells with content (not self-closing) and a reference. Styled empty cells
# (<c r="XFD1" s="1"/>) are left out: readers skip them (calamine does).
_CELL_REF = re.compile(rb"<(?:[\w.-]+:)?c\s[^>]*?(?<=\s)r=[\"']([A-Z]+)0*([0-9]+)[\"'][^>]*(?<!/)>")
_VALUE_CELL = re.compile(rb"<(?:[\w.-]+:)?c(?:\s[^>]*)?(?<!/)>")
_ROW_OR_CELL = re.compile(rb"<(/?)(?:[\w.-]+:)?(row|c)(?=[\s>/])([^>]*)>")
_R_ATTR = re.compile(rb"(?<=\s)r=[\"']([A-Z]*)0*([0-9]+)[\"']")
_MAX_ROW_DIGITS, _MAX_COL_LETTERS = 8, 4  # beyond Excel (1.048.576 x XFD): clamp, it is refused anyway

_SPREADSHEET_MAIN = re.compile(rb"spreadsheetml\.(?:sheet|template)\.main\+xml|ms-excel\.(?:sheet|template)\.macroEnabled\.main\+xml")
_WORKSHEET_TYPE = b"spreadsheetml.worksheet+xml"

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

_IN_CHUNK = 64 * 1024
_OUT_CHUNK = 1 * MIB


# ------------------------------------------------------------------- the package

class SafePackage:
    """An xlsx/xlsm package whose zip structure has passed the checks; parts are read with caps.

    ``data`` holds the whole file (read once), so readers can be given
    :meth:`filelike` and the input on disk is never locked or modified.
    """

    def __init__(self, path: Path, data: bytes, zf: zipfile.ZipFile, limits: Limits):
        self.path = path
        self.data = data
        self.limits = limits
        self._zip = zf
        self._infos = {i.filename: i for i in zf.infolist()}
        self.names: list[str] = list(self._infos)
        self._lower = {n.lstrip("/").lower(): n for n in self.names}  # an absolute entry name (/xl/...) too
        self._total_read = 0
        self._extents: dict[tuple[str, str], tuple[int, int]] = {}

    # -- lookup
    def resolve(self, name: str) -> str | None:
        """The stored name of a part (OPC part names are case-insensitive), or None."""
        name = name.lstrip("/")
        return name if name in self._infos else self._lower.get(name.lower())

    def __contains__(self, name: str) -> bool:
        return self.resolve(name) is not None

    def info(self, name: str) -> zipfile.ZipInfo:
        stored = self.resolve(name)
        if stored is None:
            raise KeyError(name)
        return self._infos[stored]

    def filelike(self) -> io.BytesIO:
        """The whole file as a fresh in-memory file object, for openpyxl or calamine."""
        return io.BytesIO(self.data)

    # -- reading
    def stream(self, name: str, chunk: int = _OUT_CHUNK) -> Iterator[bytes]:
        """Inflate one part in bounded chunks, checking the caps on the bytes actually produced."""
        info = self.info(name)
        yield from _inflate(self.data, info, self.limits, chunk)

    def scanned_stream(self, name: str) -> Iterator[bytes]:
        """:meth:`stream`, refusing a DTD (OOXML never has one; it is how entities come in).

        A DTD is only valid in the prolog, before the root element, so only the
        prolog is searched (parsers reject one anywhere else); UTF-16 parts are searched whole.
        """
        carry = tail = b""
        prolog = True
        utf16 = None
        for piece in self.stream(name):
            if utf16 is None:
                utf16 = piece[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in piece[:4]
            if utf16:
                if _DOCTYPE.search(tail + piece):
                    raise UnreadableWorkbook("corrupt", _UNSAFE_XML)
                tail = piece[-32:]
            elif prolog:
                carry, prolog = _scan_prolog(carry + piece)
            yield piece

    def read(self, name: str) -> bytes:
        """One part, inflated with the per-part and total caps; raises UnreadableWorkbook."""
        pieces = []
        size = 0
        for piece in self.stream(name):
            size += len(piece)
            if self._total_read + size > self.limits.max_total_bytes:
                raise UnreadableWorkbook(
                    "too_large", f"samen meer dan {_mb(self.limits.max_total_bytes)} uitgepakt")
            pieces.append(piece)
        self._total_read += size
        return b"".join(pieces)

    def parse_xml(self, name: str):
        """The defusedxml ElementTree root of a part; a DTD or entity is refused as unsafe."""
        data = self.read(name)
        try:
            return DET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except DefusedXmlException:
            raise UnreadableWorkbook("corrupt", _UNSAFE_XML) from None
        except DET.ParseError as exc:
            raise UnreadableWorkbook("corrupt", f"onleesbare XML in {self.info(name).filename}") from exc

    # -- workbook structure
    @cached_property
    def workbook_part(self) -> str:
        return self.resolve("xl/workbook.xml") or "xl/workbook.xml"

    @cached_property
    def sheet_parts(self) -> dict[str, str]:
        """Sheet name -> part name, in workbook order (from workbook.xml and its rels)."""
        wb = self.parse_xml(self.workbook_part)
        folder = PurePosixPath(self.workbook_part).parent
        rels_name = f"{folder}/_rels/{PurePosixPath(self.workbook_part).name}.rels"
        targets: dict[str, str] = {}
        if rels_name in self:
            for rel in self.parse_xml(rels_name).iter(f"{_NS_PKG_REL}Relationship"):
                target = rel.get("Target", "")
                if rel.get("TargetMode") == "External":
                    continue  # never followed
                part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"{folder}/{target}")
                targets[rel.get("Id", "")] = part
        sheets = {}
        for sheet in wb.iter(f"{_NS_MAIN}sheet"):
            part = targets.get(sheet.get(f"{_NS_REL}id", ""))
            if part and part in self:
                sheets[sheet.get("name", "")] = self.resolve(part)
        return sheets

    def _scan(self, part: str, refs_pattern, count) -> tuple[int, int, int, int]:
        """One pass over a sheet: max row, max column, references seen, and ``count`` summed per chunk."""
        rows = cols = refs = counted = 0
        for text in _tag_chunks(self.scanned_stream(part)):
            found = refs_pattern.findall(text)
            if found:
                refs += len(found)
                c, r = zip(*found)
                rows = max(rows, _row_index(_longest_max(r)))
                cols = max(cols, _column_index(_longest_max(c)))
            counted += count(text)
        return rows, cols, refs, counted

    def sheet_extent(self, part: str) -> tuple[int, int]:
        """True (max row, max column) of the cells with content, ignoring <dimension>.

        A bytes scan over r="XFD123" references of non-empty cells; cells written
        without a reference (allowed, rare) are placed as readers place them.
        """
        key = ("exact", part)
        if key not in self._extents:
            rows, cols, refs, cells = self._scan(part, _CELL_REF, lambda text: len(_VALUE_CELL.findall(text)))
            if cells > refs:
                rows, cols = _sequential_extent(self.scanned_stream(part))
            self._extents[key] = (rows, cols)
        return self._extents[key]

    def extent_bound(self, part: str) -> tuple[int, int]:
        """A fast upper bound of :meth:`sheet_extent` (styled empty cells counted too)."""
        key = ("bound", part)
        if key not in self._extents:
            rows, cols, refs, tags = self._scan(part, _ANY_REF, lambda text: text.count(b"<c ") + text.count(b"<c>"))
            if tags != refs:  # cells without a reference, or prefixed tags: do it exactly
                rows, cols = self.sheet_extent(part)
            self._extents[key] = (rows, cols)
        return self._extents[key]


def _scan_prolog(buf: bytes) -> tuple[bytes, bool]:
    """Walk the XML prolog (BOM, whitespace, declaration, comments, PIs); a '<!' there is a DTD.

    Returns (the unfinished rest to carry, whether still in the prolog).
    """
    pos = 0
    while True:
        m = _PROLOG_ITEM.match(buf, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    rest = buf[pos:]
    if rest.startswith(b"<!") and not b"<!--".startswith(rest[:4]):
        raise UnreadableWorkbook("corrupt", _UNSAFE_XML)
    if len(rest) < 4 or rest.startswith((b"<?", b"<!--")):
        return rest, True  # an item continues in the next piece
    return b"", False  # the root element (or something no parser accepts)


def _tag_chunks(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """Re-cut a byte stream after the last '>' of each chunk so no tag is split (linear time)."""
    pending: list[bytes] = []
    for chunk in chunks:
        cut = chunk.rfind(b">") + 1
        if cut == 0:
            pending.append(chunk)
            continue
        pending.append(chunk[:cut])
        yield b"".join(pending)
        pending = [chunk[cut:]]
    if any(pending):
        yield b"".join(pending)


def _sequential_extent(chunks: Iterator[bytes]) -> tuple[int, int]:
    """Extent when some cells lack r=: follow rows and cells in order, as a reader does."""
    row = max_row = max_col = 0
    col = 0
    for text in _tag_chunks(chunks):
        for m in _ROW_OR_CELL.finditer(text):
            closing, tag, attrs = m.groups()
            if closing:
                continue
            ref = _R_ATTR.search(attrs)
            if tag == b"row":
                row = _row_index(ref.group(2)) if ref and not ref.group(1) else row + 1
                col = 0
            else:
                if ref and ref.group(1):
                    col = _column_index(ref.group(1))
                    row_of_cell = _row_index(ref.group(2))
                else:
                    col += 1
                    row_of_cell = max(row, 1)
                if not attrs.rstrip().endswith(b"/"):
                    max_row = max(max_row, row_of_cell)
                    max_col = max(max_col, col)
    return max_row, max_col


def _inflate(data: bytes, info: zipfile.ZipInfo, limits: Limits, chunk: int = _OUT_CHUNK) -> Iterator[bytes]:
    """Yield the inflated bytes of one entry, enforcing the caps on what is actually produced.

    Independent of zipfile's reader, which trusts the declared size: the deflate
    stream is followed to its end, so a header that understates the size is caught.
    """
    name = info.filename
    off = info.header_offset
    local = data[off:off + 30]
    if len(local) < 30 or local[:4] != b"PK\x03\x04":
        raise UnreadableWorkbook("corrupt", f"onderdeel {name} ontbreekt in het zip-archief")
    n, m = struct.unpack("<HH", local[26:30])
    start = off + 30 + n + m
    end = start + info.compress_size
    if end > len(data):
        raise UnreadableWorkbook("corrupt", "afgebroken zip-archief")
    view = memoryview(data)
    crc = 0
    produced = 0

    def check(total: int, consumed: int) -> None:
        if total > limits.max_part_bytes:
            raise UnreadableWorkbook(
                "too_large", f"onderdeel {name} is uitgepakt meer dan {_mb(limits.max_part_bytes)}")
        if total > limits.ratio_check_above and consumed / total < limits.min_inflate_ratio:
            raise UnreadableWorkbook(
                "too_large", f"onderdeel {name} is verdacht sterk samengedrukt, een zip-bom")

    if info.compress_type == zipfile.ZIP_STORED:
        for pos in range(start, end, chunk):
            piece = bytes(view[pos:min(end, pos + chunk)])
            produced += len(piece)
            check(produced, produced)
            crc = zlib.crc32(piece, crc)
            yield piece
    else:
        d = zlib.decompressobj(-15)
        pos = start
        while not d.eof:
            if d.unconsumed_tail:
                inp = d.unconsumed_tail
            elif pos < end:
                inp = view[pos:min(end, pos + _IN_CHUNK)]
                pos += len(inp)
            else:
                inp = b""
            try:
                piece = d.decompress(inp, chunk)
            except zlib.error:
                raise UnreadableWorkbook("corrupt", f"onderdeel {name} is beschadigd") from None
            if not piece:
                if not inp:
                    break  # input exhausted before the end of the stream
                continue
            produced += len(piece)
            check(produced, pos - start - len(d.unconsumed_tail))
            crc = zlib.crc32(piece, crc)
            yield piece
        if not d.eof:
            raise UnreadableWorkbook("corrupt", f"onderdeel {name} is afgebroken")
    if produced != info.file_size:
        raise UnreadableWorkbook("corrupt", "de groottes in het zip-archief kloppen niet")
    if crc != info.CRC:
        raise UnreadableWorkbook("corrupt", f"het controlegetal van onderdeel {name} klopt niet")


# ---------------------------------------------------------------- open_package

def open_package(path: str | os.PathLike, limits: Limits = DEFAULT_LIMITS, *, verify: bool = True,
                 allow_ods: bool = False) -> SafePackage:
    """Open a submitted file as a workbook package, or raise UnreadableWorkbook (MVO040).

    With ``verify`` (the default) every part is inflated once, bounded and
    discarded, so afterwards any reader (calamine, openpyxl) can be given the
    bytes: actual sizes, CRCs, the absence of DTDs and the extent of every
    worksheet are then known. Without it only the central directory is checked
    and each :meth:`SafePackage.read` enforces the caps.
    """
    path = Path(path)
    data = _read_file(path, limits)
    if not data:
        raise UnreadableWorkbook("not_excel", "leeg bestand")
    head = data[:8]
    if head == b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1":
        raise _classify_ole(data)
    if head[:4] == b"PK\x05\x06":
        raise UnreadableWorkbook("not_excel", "een leeg zip-archief")
    if head[:4] != b"PK\x03\x04":
        raise UnreadableWorkbook("not_excel", _sniff_other(data))
    pkg = SafePackage(path, data, _open_zip(data, limits), limits)
    if allow_ods and is_ods(pkg):
        if "META-INF/manifest.xml" in pkg and b"encryption-data" in pkg.read("META-INF/manifest.xml"):
            raise UnreadableWorkbook("encrypted")  # LibreOffice's 'Opslaan met wachtwoord'
        if verify:
            _verify_ods(pkg)
        return pkg
    _check_office_type(pkg)
    if verify:
        _verify(pkg)
    return pkg


def is_ods(pkg: SafePackage) -> bool:
    """An OpenDocument spreadsheet (LibreOffice's own format): its mimetype part says so."""
    if "mimetype" not in pkg or "content.xml" not in pkg or pkg.info("mimetype").file_size > 100:
        return False
    return pkg.read("mimetype").strip() == b"application/vnd.oasis.opendocument.spreadsheet"


def _verify_ods(pkg: SafePackage) -> None:
    """Inflate every part once (bounded, discarded, no DTD); the cells are read in a capped process."""
    total = 0
    for name in pkg.names:
        stream = pkg.scanned_stream if name.lower().endswith((".xml", ".rdf")) else pkg.stream
        for piece in stream(name):
            total += len(piece)
            if total > pkg.limits.max_total_bytes:
                raise UnreadableWorkbook("too_large", f"samen meer dan {_mb(pkg.limits.max_total_bytes)} uitgepakt")


def _read_file(path: Path, limits: Limits) -> bytes:
    """At most max_file_bytes + 1 bytes, so a huge file costs no memory to refuse."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(limits.max_file_bytes + 1)
    except FileNotFoundError:
        from .paths import too_long_for_windows

        if length := too_long_for_windows(path):
            raise UnreadableWorkbook("long_path", length=length) from None
        raise UnreadableWorkbook("not_found", "bestand niet gevonden") from None
    except IsADirectoryError:
        raise UnreadableWorkbook("not_found", "een map, geen bestand") from None
    except PermissionError:
        raise UnreadableWorkbook("not_found", "geen toegang") from None
    except OSError as exc:
        raise UnreadableWorkbook("not_found", exc.strerror or type(exc).__name__) from None
    if len(data) > limits.max_file_bytes:
        raise UnreadableWorkbook("too_large", f"meer dan {_mb(limits.max_file_bytes)}")
    return data


def _classify_ole(data: bytes) -> UnreadableWorkbook:
    """A compound (OLE2) file: an encrypted xlsx, an old .xls, or another document."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
        try:
            streams = {"/".join(e).lower() for e in ole.listdir(streams=True, storages=False)}
        finally:
            ole.close()
    except Exception:  # noqa: BLE001 - any parse failure of an untrusted file
        return UnreadableWorkbook("corrupt", "beschadigd Office 97-2003-bestand")
    if "encryptedpackage" in streams or "encryptioninfo" in streams:
        return UnreadableWorkbook("encrypted")
    if "workbook" in streams or "book" in streams:
        return UnreadableWorkbook("old_xls")
    if "worddocument" in streams:
        return UnreadableWorkbook("not_excel", "een Word 97-2003-document")
    if "powerpoint document" in streams:
        return UnreadableWorkbook("not_excel", "een PowerPoint 97-2003-presentatie")
    return UnreadableWorkbook("not_excel", "een ander Office 97-2003-bestand")


def _sniff_other(data: bytes) -> str:
    """The Dutch detail for a file that is neither zip nor OLE."""
    sample = data[:8192]
    if sample.startswith(b"%PDF"):
        return "een PDF-bestand"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = sample[2:].decode("utf-16-le" if sample[0] == 0xFF else "utf-16-be", errors="replace")
    elif b"\x00" in sample:
        return "onbekend formaat"
    else:
        printable = sum(1 for b in sample if b >= 0x20 or b in b"\t\r\n\f")
        if printable < 0.95 * len(sample):
            return "onbekend formaat"
        text = sample.decode("utf-8", errors="replace")
    low = text.lstrip("\ufeff \t\r\n").lower()
    if "urn:schemas-microsoft-com:office:spreadsheet" in low:
        return "een XML-werkblad van Excel 2003"
    if low.startswith(("<!doctype html", "<html")) or "<table" in low:
        return "een HTML-bestand"
    return "een tekstbestand, bv. CSV"


def _open_zip(data: bytes, limits: Limits) -> zipfile.ZipFile:
    """Check the central directory before inflating anything."""
    # Every central-directory entry starts with this signature: an upper bound
    # on the entries, counted before zipfile builds one object per entry.
    if data.count(b"PK\x01\x02") > limits.max_entries:
        raise UnreadableWorkbook("too_large", f"meer dan {limits.max_entries} onderdelen in het zip-archief")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 - BadZipFile, struct.error, ... on untrusted bytes
        raise UnreadableWorkbook("corrupt", "afgebroken of beschadigd zip-archief") from None
    if len(infos) > limits.max_entries:
        raise UnreadableWorkbook("too_large", f"meer dan {limits.max_entries} onderdelen in het zip-archief")
    seen: set[str] = set()
    total = 0
    for info in infos:
        key = info.filename.lower()
        if key in seen:
            raise UnreadableWorkbook("corrupt", f"onderdeel {info.filename} staat er dubbel in")
        seen.add(key)
        if info.flag_bits & 0x1:
            raise UnreadableWorkbook("encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise UnreadableWorkbook("corrupt", "onbekende compressiemethode")
        if info.file_size > limits.max_part_bytes:
            raise UnreadableWorkbook(
                "too_large", f"onderdeel {info.filename} is uitgepakt {_mb(info.file_size)}, "
                             f"maximum {_mb(limits.max_part_bytes)}")
        if info.file_size > limits.ratio_check_above and info.compress_size / info.file_size < limits.min_inflate_ratio:
            raise UnreadableWorkbook("too_large", f"onderdeel {info.filename} is verdacht sterk samengedrukt, een zip-bom")
        total += info.file_size
    if total > limits.max_total_bytes:
        raise UnreadableWorkbook("too_large", f"uitgepakt {_mb(total)}, maximum {_mb(limits.max_total_bytes)}")
    return zf


ADVICE_XLSB = ("Open het in Excel en kies Bestand > Opslaan als > 'Excel-werkmap (*.xlsx)', "
               "en stuur dat bestand.")
ADVICE_ODS = ("Open het in LibreOffice Calc en kies Bestand > Opslaan als, bestandstype "
              "'Excel 2007-365 (.xlsx)' (kies 'Excel 2007-365-indeling gebruiken!'), en stuur dat bestand.")
_STRICT_NS = b"purl.oclc.org/ooxml/spreadsheetml/main"


def save_as_advice(path: Path) -> str:
    """How to turn a file the tool can read but not write into (an .ods, an Excel template) into an .xlsx."""
    return ADVICE_ODS if Path(path).suffix.lower() in (".ods", ".fods") else ADVICE_XLSB


def _check_office_type(pkg: SafePackage) -> None:
    """A zip is only ours when it is a spreadsheet package: name what it is otherwise."""
    if "xl/workbook.xml" in pkg:
        if "[Content_Types].xml" not in pkg:
            raise UnreadableWorkbook("corrupt", "[Content_Types].xml ontbreekt")
        head = b"".join(_first(pkg.stream("xl/workbook.xml", chunk=4096)))
        if _STRICT_NS in head:
            raise UnreadableWorkbook("strict")
        return
    if "word/document.xml" in pkg:
        raise UnreadableWorkbook("not_excel", "een ander Office-document: Word")
    if "ppt/presentation.xml" in pkg:
        raise UnreadableWorkbook("not_excel", "een ander Office-document: PowerPoint")
    if "xl/workbook.bin" in pkg:
        raise UnreadableWorkbook("other_format", kind="een binaire Excel-werkmap (.xlsb)", advice=ADVICE_XLSB)
    if "mimetype" in pkg and "content.xml" in pkg:
        raise UnreadableWorkbook("other_format", kind="een OpenDocument-rekenblad (.ods, LibreOffice)",
                                 advice=ADVICE_ODS)
    if "[Content_Types].xml" in pkg:
        raise UnreadableWorkbook("not_excel", "een ander Office-document")
    raise UnreadableWorkbook("not_excel", "een zip-archief zonder Excel-werkmap")


def _first(chunks: Iterator[bytes]) -> list[bytes]:
    """Only the first piece of a stream (the root element with its namespaces), bounded."""
    for piece in chunks:
        return [piece]
    return []


def _verify(pkg: SafePackage) -> None:
    """Inflate every part once (bounded, discarded): sizes, CRCs, DTDs, sheet extents."""
    limits = pkg.limits
    ct = pkg.read("[Content_Types].xml")
    if not _SPREADSHEET_MAIN.search(ct) and b"xl/workbook.xml" not in ct.lower():
        raise UnreadableWorkbook("not_excel", "een ander Office-document")
    worksheets = {n for n in pkg.names if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n, re.I)}
    for m in re.finditer(rb"<Override\b[^>]*>", ct):
        tag = m.group(0)
        part = re.search(rb"PartName=[\"']/?([^\"']+)[\"']", tag)
        if part and _WORKSHEET_TYPE in tag:
            stored = pkg.resolve(part.group(1).decode("utf-8", "replace"))
            if stored:
                worksheets.add(stored)
    total = 0
    for name in pkg.names:
        if name in worksheets:
            continue  # inflated below, by the extent check
        stream = pkg.scanned_stream if name.lower().endswith(_XMLISH) else pkg.stream
        for piece in stream(name):
            total += len(piece)
            if total > limits.max_total_bytes:
                raise UnreadableWorkbook("too_large", f"samen meer dan {_mb(limits.max_total_bytes)} uitgepakt")
    names = {part: sheet for sheet, part in pkg.sheet_parts.items()}
    for part in sorted(worksheets):
        total += pkg.info(part).file_size  # actual == declared, checked by the stream
        if total > limits.max_total_bytes:
            raise UnreadableWorkbook("too_large", f"samen meer dan {_mb(limits.max_total_bytes)} uitgepakt")
        check_sheet_extent(pkg, part, limits, sheet=names.get(part))


def check_sheet_extent(pkg: SafePackage, part: str, limits: Limits = DEFAULT_LIMITS,
                       *, sheet: str | None = None) -> tuple[int, int]:
    """Refuse a sheet whose real cells span more than max_cells (a dense reader allocates rows*cols).

    Returns the extent (rows, columns), or a cheap upper bound of it when that
    is already small enough. Cached per package, so calling it again is free.
    """
    rows, cols = pkg.extent_bound(part)
    if rows * cols > limits.max_cells:
        rows, cols = pkg.sheet_extent(part)
    if rows * cols > limits.max_cells:
        where = f"tabblad '{sheet}'" if sheet else f"onderdeel {pkg.info(part).filename}"
        raise UnreadableWorkbook(
            "too_large",
            f"{where} loopt tot cel {column_letters(cols)}{rows}: {_n(rows)} rijen x {_n(cols)} kolommen, "
            f"maximum {_n(limits.max_cells)} cellen",
        )
    return rows, cols


# ---------------------------------------------------------- time and memory bounds

# Exit codes of a worker that died of a failed allocation: SIGABRT (native abort) and SIGKILL (the
# OOM killer) as negative signal numbers on POSIX; on Windows a Rust/C fast-fail abort
# (STATUS_STACK_BUFFER_OVERRUN), STATUS_NO_MEMORY, and the C runtime's abort() exit code 3.
OUT_OF_MEMORY_EXIT_CODES = frozenset({-6, -9, 0xC0000409, 0xC0000017, 3})


def limit_memory(memory_bytes: int) -> str:
    """Cap this process's memory, best effort per platform: call first thing in a worker process.

    POSIX: ``RLIMIT_AS`` via :mod:`resource`. Windows: a Job Object with
    ``JOB_OBJECT_LIMIT_PROCESS_MEMORY`` (kernel32 via ctypes). Allocation beyond
    the cap fails (MemoryError in Python; an abort in native code such as
    calamine's Rust) instead of taking the machine down. Where neither works
    (a platform without ``resource``, a process in a job that forbids nesting),
    the parent's per-file timeout is the only bound. Never raises: a worker
    must start whatever the platform. Returns the mechanism used:
    ``"rlimit"``, ``"job"`` or ``"none"``.
    """
    try:
        applied = _limit_windows(memory_bytes) if os.name == "nt" else _limit_posix(memory_bytes)
    except Exception:  # noqa: BLE001 - best effort: the timeout still bounds the worker
        applied = "none"
    # A native abort on a hostile file is an expected outcome the parent reports; no crash dumps.
    import faulthandler

    faulthandler.disable()
    os.environ["RUST_BACKTRACE"] = "0"
    return applied


def _limit_posix(memory_bytes: int) -> str:
    try:
        import resource  # POSIX only
    except ImportError:
        return "none"
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        memory_bytes = min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, hard))
    return "rlimit"


JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS = 9  # JOBOBJECTINFOCLASS JobObjectExtendedLimitInformation
JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x00000100


def _job_limit_structure():
    """JOBOBJECT_EXTENDED_LIMIT_INFORMATION, with Windows' own sizes (DWORD is 32 bits there, and
    ULONG_PTR / SIZE_T pointer-sized), so the layout is the same whichever platform builds it."""
    import ctypes

    dword, size_t, large_integer = ctypes.c_uint32, ctypes.c_size_t, ctypes.c_int64

    class IoCounters(ctypes.Structure):
        _fields_ = [(name, ctypes.c_uint64) for name in (
            "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
            "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]

    class BasicLimits(ctypes.Structure):
        _fields_ = [("PerProcessUserTimeLimit", large_integer), ("PerJobUserTimeLimit", large_integer),
                    ("LimitFlags", dword), ("MinimumWorkingSetSize", size_t),
                    ("MaximumWorkingSetSize", size_t), ("ActiveProcessLimit", dword),
                    ("Affinity", size_t), ("PriorityClass", dword), ("SchedulingClass", dword)]

    class ExtendedLimits(ctypes.Structure):
        _fields_ = [("BasicLimitInformation", BasicLimits), ("IoInfo", IoCounters),
                    ("ProcessMemoryLimit", size_t), ("JobMemoryLimit", size_t),
                    ("PeakProcessMemoryUsed", size_t), ("PeakJobMemoryUsed", size_t)]

    return ExtendedLimits


def _limit_windows(memory_bytes: int) -> str:
    """Put this process in a new Job Object that caps its committed memory (kernel32 via ctypes)."""
    import ctypes

    handle = ctypes.c_void_p
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # AttributeError off Windows: caught
    kernel32.CreateJobObjectW.restype = handle
    kernel32.CreateJobObjectW.argtypes = [ctypes.c_void_p, ctypes.c_wchar_p]
    kernel32.SetInformationJobObject.restype = ctypes.c_int
    kernel32.SetInformationJobObject.argtypes = [handle, ctypes.c_int, ctypes.c_void_p, ctypes.c_uint32]
    kernel32.GetCurrentProcess.restype = handle
    kernel32.AssignProcessToJobObject.restype = ctypes.c_int
    kernel32.AssignProcessToJobObject.argtypes = [handle, handle]

    job = kernel32.CreateJobObjectW(None, None)  # kept open for the life of the worker
    if not job:
        return "none"
    info = _job_limit_structure()()
    info.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_PROCESS_MEMORY
    info.ProcessMemoryLimit = memory_bytes
    if not kernel32.SetInformationJobObject(job, JOB_OBJECT_EXTENDED_LIMIT_INFORMATION_CLASS,
                                            ctypes.byref(info), ctypes.sizeof(info)):
        return "none"
    if not kernel32.AssignProcessToJobObject(job, kernel32.GetCurrentProcess()):
        return "none"  # e.g. already in a job that does not allow nesting (Windows < 8)
    return "job"


@contextlib.contextmanager
def children_ignore_ctrl_c() -> Iterator[None]:
    """Processes started inside ignore Ctrl-C from their first instruction; the parent still handles it.

    A console sends Ctrl-C to every process attached to it, so also to a spawned child that is still
    starting Python and importing (hundreds of milliseconds, per file in ``merge``): before the child
    can ignore it itself, it dies with a KeyboardInterrupt traceback on the user's screen. An ignored
    SIGINT survives exec on POSIX; on Windows the "ignore Ctrl-C" flag of
    ``SetConsoleCtrlHandler(NULL, TRUE)`` is inherited by child processes. The parent ignores Ctrl-C
    only while it starts the child (milliseconds); the parent kills its children when interrupted.
    """
    import signal
    import threading

    if os.name == "nt":
        restore = _ignore_console_ctrl_c()
        try:
            yield
        finally:
            restore()
        return
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGINT) is None:
        yield  # only the main thread may set handlers; one set outside Python cannot be put back
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _ignore_console_ctrl_c() -> Callable[[], None]:
    """Windows: set the inheritable "ignore Ctrl-C" flag; returns how to clear it again."""
    try:
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        if kernel32.SetConsoleCtrlHandler(None, True):
            return lambda: kernel32.SetConsoleCtrlHandler(None, False)
    except (AttributeError, OSError):  # no kernel32 (not Windows after all): nothing to undo
        pass
    return lambda: None


def _bounded_child(conn, func, args, kwargs, memory_bytes):
    try:
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
        limit_memory(memory_bytes)
        result = func(*args, **kwargs)
        conn.send(("ok", result))
    except MemoryError:
        conn.send(("err", UnreadableWorkbook("too_large", f"meer dan {memory_bytes // 10**6} MB geheugen nodig")))
    except Exception as exc:  # noqa: BLE001 - handed to the parent
        try:
            conn.send(("err", exc))
        except Exception:  # noqa: BLE001 - unpicklable exception
            conn.send(("err", RuntimeError(repr(exc))))
    except BaseException as exc:  # noqa: BLE001 - a Rust panic (pyo3 PanicException): one Dutch MVO040
        conn.send(("err", UnreadableWorkbook("corrupt", f"onverwachte fout bij het lezen: {type(exc).__name__}")))
    finally:
        conn.close()


def run_bounded(func: Callable[..., Any], *args: Any, timeout_s: float = 30, memory_bytes: int = 1_000_000_000,
                **kwargs: Any) -> Any:
    """Run ``func(*args, **kwargs)`` in a child process with a memory cap and a timeout.

    Returns its result or re-raises its exception; raises UnreadableWorkbook
    'timeout' when it runs too long and 'too_large' when it runs out of memory
    (also when native code aborts on a failed allocation). The child is
    spawned (as on Windows), so func and its arguments must be picklable.
    """
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_bounded_child, args=(child, func, args, kwargs, memory_bytes), daemon=True)
    with children_ignore_ctrl_c():
        proc.start()
    child.close()
    try:
        if not parent.poll(timeout_s):
            proc.kill()
            proc.join()
            raise UnreadableWorkbook("timeout", f"meer dan {timeout_s:g} seconden")
        try:
            status, value = parent.recv()
        except EOFError:  # the child died without a word
            proc.join()
            code = proc.exitcode
            if code in OUT_OF_MEMORY_EXIT_CODES:
                raise UnreadableWorkbook("too_large", f"meer dan {memory_bytes // 10**6} MB geheugen nodig") from None
            raise UnreadableWorkbook("corrupt", f"de lezer liep vast (code {code})") from None
        proc.join()
    finally:
        parent.close()
        if proc.is_alive():
            proc.kill()
            proc.join()
    if status == "ok":
        return value
    raise value
