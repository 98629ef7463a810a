"""Builders of hostile submissions: real files, built in the tests, never shipped.

Each ``make_xxx(path)`` writes one kind of file a coordinator may receive and
returns the path. Other tests import them (``from tests.hostile import ...``);
``HOSTILE`` maps each builder to the MVO040 variant the safety layer must give.
The zip writer here is raw on purpose: it can write headers that lie, which
:mod:`zipfile` cannot.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl

__all__ = [
    "HOSTILE",
    "make_normal",
    "make_other_workbook",
    "make_empty",
    "make_random_bytes",
    "make_truncated_zip",
    "make_zip_bomb",
    "make_lying_zip_bomb",
    "make_lying_sizes",
    "make_billion_laughs",
    "make_encrypted",
    "make_csv_as_xls",
    "make_html_as_xls",
    "make_old_xls",
    "make_lying_dimension",
    "make_docx_like",
    "make_cfb",
]

PASSWORD = "geheim"
BOMB_BYTES = 1536 * 2**20  # 1.5 GiB inflated


# --------------------------------------------------------------------- helpers

def _xlsx_bytes(sheet: str = "Droombeelden", rows: int = 20) -> bytes:
    """A small, real workbook written by openpyxl (shared strings included)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(["ID", "Thema", "Droombeeld"])
    for i in range(1, rows + 1):
        ws.append([f"DB-{i:03}", "Klimaat", f"Meer groen en fietspaden in de wijk {i}"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _parts(xlsx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _zip_parts(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


def _first_sheet(parts: dict[str, bytes]) -> str:
    return next(n for n in parts if n.startswith("xl/worksheets/") and n.endswith(".xml"))


def _raw_zip(entries: list[dict]) -> bytes:
    """A zip from raw entries, headers written as given (so they may lie).

    Each entry: name, payload (bytes already compressed), method (0 or 8),
    crc, compress_size, file_size; optional local_file_size/local_compress_size
    to make the local header disagree with the central directory.
    """
    out = io.BytesIO()
    central = []
    for e in entries:
        name = e["name"].encode()
        offset = out.tell()
        out.write(struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, e["method"], 0, 0x21,
            e["crc"], e.get("local_compress_size", e["compress_size"]),
            e.get("local_file_size", e["file_size"]), len(name), 0))
        out.write(name)
        out.write(e["payload"])
        central.append(struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, e["method"], 0, 0x21,
            e["crc"], e["compress_size"], e["file_size"], len(name), 0, 0, 0, 0, 0, offset) + name)
    cd_offset = out.tell()
    for c in central:
        out.write(c)
    cd_size = out.tell() - cd_offset
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), cd_size, cd_offset, 0))
    return out.getvalue()


def _deflate_entries(parts: dict[str, bytes]) -> list[dict]:
    entries = []
    for name, data in parts.items():
        co = zlib.compressobj(6, zlib.DEFLATED, -15)
        payload = co.compress(data) + co.flush()
        entries.append(dict(name=name, payload=payload, method=8, crc=zlib.crc32(data),
                            compress_size=len(payload), file_size=len(data)))
    return entries


def _zeros_deflate(total: int, chunk: int = 2**20) -> tuple[bytes, int]:
    """Raw deflate of ``total`` zero bytes and its CRC, in well under a second.

    A full flush resets the compressor, so every 1 MiB block compresses to the
    same bytes: compress one, repeat it, close with an empty final block.
    """
    assert total % chunk == 0
    zeros = bytes(chunk)
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    co.compress(zeros)
    co.flush(zlib.Z_FULL_FLUSH)
    block = co.compress(zeros) + co.flush(zlib.Z_FULL_FLUSH)
    tail = co.flush(zlib.Z_FINISH)
    n = total // chunk
    crc = 0
    for _ in range(n):  # crc32 runs at GB/s: streaming it is cheap enough
        crc = zlib.crc32(zeros, crc)
    # The first block starts from the same reset state, so it equals ``block``.
    return block * n + tail, crc


# -------------------------------------------------------------------- builders

def make_normal(path: Path) -> Path:
    """A clean workbook, written by openpyxl: must pass the safety layer."""
    Path(path).write_bytes(_xlsx_bytes())
    return Path(path)


def make_other_workbook(path: Path) -> Path:
    """A valid workbook, but not ours: one sheet 'Blad1' (safe; the reader says sheet_missing)."""
    Path(path).write_bytes(_xlsx_bytes(sheet="Blad1", rows=3))
    return Path(path)


def make_empty(path: Path) -> Path:
    Path(path).write_bytes(b"")
    return Path(path)


def make_random_bytes(path: Path, size: int = 8192, seed: int = 40) -> Path:
    data = random.Random(seed).randbytes(size)
    Path(path).write_bytes(b"\x00\x17" + data[2:])  # never an accidental magic
    return Path(path)


def make_truncated_zip(path: Path) -> Path:
    """A real xlsx cut in half (an interrupted upload or mail attachment)."""
    data = _xlsx_bytes(rows=200)
    Path(path).write_bytes(data[: len(data) // 2])
    return Path(path)


def make_zip_bomb(path: Path, inflated: int = BOMB_BYTES) -> Path:
    """A real workbook whose first sheet inflates to 1.5 GiB of zeros; honest headers."""
    parts = _parts(_xlsx_bytes())
    sheet = _first_sheet(parts)
    entries = _deflate_entries({n: d for n, d in parts.items() if n != sheet})
    payload, crc = _zeros_deflate(inflated)
    entries.append(dict(name=sheet, payload=payload, method=8, crc=crc,
                        compress_size=len(payload), file_size=inflated))
    Path(path).write_bytes(_raw_zip(entries))
    return Path(path)


def make_lying_zip_bomb(path: Path, inflated: int = BOMB_BYTES) -> Path:
    """The same bomb, but both headers claim the sheet inflates to 4 KiB."""
    parts = _parts(_xlsx_bytes())
    sheet = _first_sheet(parts)
    entries = _deflate_entries({n: d for n, d in parts.items() if n != sheet})
    payload, crc = _zeros_deflate(inflated)
    entries.append(dict(name=sheet, payload=payload, method=8, crc=crc,
                        compress_size=len(payload), file_size=4096))
    Path(path).write_bytes(_raw_zip(entries))
    return Path(path)


def make_lying_sizes(path: Path) -> Path:
    """A small real workbook whose sheet headers claim 100 bytes; it inflates to more."""
    parts = _parts(_xlsx_bytes(rows=200))
    sheet = _first_sheet(parts)
    entries = _deflate_entries(parts)
    for e in entries:
        if e["name"] == sheet:
            e["file_size"] = 100
    Path(path).write_bytes(_raw_zip(entries))
    return Path(path)


LAUGHS_DTD = (
    b'<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + b"".join(
        b' <!ENTITY lol%d "%s">\n' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)
    )
    + b"]>\n"
)


def make_billion_laughs(path: Path) -> Path:
    """A real workbook whose workbook.xml declares nested entities (~3 GB of 'lol' in a sheet name)."""
    parts = _parts(_xlsx_bytes())
    xml = parts["xl/workbook.xml"]
    root = xml.index(b"<workbook")
    xml = xml[:root] + LAUGHS_DTD + xml[root:]
    parts["xl/workbook.xml"] = xml.replace(b'name="Droombeelden"', b'name="&lol9;"')
    Path(path).write_bytes(_zip_parts(parts))
    return Path(path)


def make_encrypted(path: Path, password: str = PASSWORD) -> Path:
    """A real workbook saved with a password (Agile encryption, as Excel does)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(_xlsx_bytes())).encrypt(password, out)
    Path(path).write_bytes(out.getvalue())
    return Path(path)


def make_csv_as_xls(path: Path) -> Path:
    """A CSV export renamed to .xls: Excel opens it, we do not."""
    Path(path).write_text(
        "ID;Thema;Droombeeld\nDB-001;Klimaat;Meer groen in de wijk\nDB-002;Mobiliteit;Veilige fietspaden\n",
        encoding="utf-8-sig",
    )
    return Path(path)


def make_html_as_xls(path: Path) -> Path:
    """An HTML table saved as .xls (what many web exports do)."""
    Path(path).write_text(
        "<html><body><table><tr><td>Thema</td></tr><tr><td>Klimaat</td></tr></table></body></html>",
        encoding="utf-8",
    )
    return Path(path)


# ------------------------------------------------------------- CFB (OLE2) writer

def make_cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal compound file (CFB v3, 512-byte sectors) holding the given streams.

    olefile cannot create files, so write the format directly: one FAT sector,
    the directory, then each stream in regular sectors (padded to 4096 bytes so
    no mini stream is needed).
    """
    SECT, FREE, END, FATSECT, NOSTREAM = 512, 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    names = list(streams)
    datas = [d + bytes(max(4096, -(-len(d) // SECT) * SECT) - len(d)) for d in streams.values()]
    n_dir = -(-(len(names) + 1) // 4)
    fat = [FATSECT] + [n + 2 for n in range(n_dir - 1)] + [END]
    starts = []
    for d in datas:
        start = len(fat)
        starts.append(start)
        k = len(d) // SECT
        fat += [start + i + 1 for i in range(k - 1)] + [END]
    assert len(fat) <= 128, "streams too large for this minimal writer"
    fat += [FREE] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, NOSTREAM, right, child)
                + bytes(16) + bytes(4) + bytes(16) + struct.pack("<IQ", start, size))

    dirs = [entry("Root Entry", 5, 1 if names else NOSTREAM, NOSTREAM, END, 0)]
    for i, (name, start, d) in enumerate(zip(names, starts, datas)):
        right = i + 2 if i + 1 < len(names) else NOSTREAM
        dirs.append(entry(name, 2, NOSTREAM, right, start, len(d)))
    empty = bytes(64) + struct.pack("<HBBIII", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM) + bytes(52)
    dirs += [empty] * (n_dir * 4 - len(dirs))

    header = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + bytes(16)
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
              + struct.pack("<I", 0) + struct.pack("<I", FREE) * 108)
    assert len(header) == SECT
    return header + struct.pack("<128I", *fat) + b"".join(dirs) + b"".join(datas)


# BIFF8: BOF (workbook globals), EOF.
_BIFF8 = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0x06) + struct.pack("<HH", 0x000A, 0)


def make_old_xls(path: Path) -> Path:
    """An Excel 97-2003 .xls: a compound file with a BIFF8 'Workbook' stream."""
    Path(path).write_bytes(make_cfb({"Workbook": _BIFF8}))
    return Path(path)


def make_lying_dimension(path: Path) -> Path:
    """A workbook whose <dimension ref="A1:A1"> lies: it has a cell at XFD1048576."""
    parts = _parts(_xlsx_bytes(rows=2))
    sheet = _first_sheet(parts)
    xml = parts[sheet]
    start = xml.index(b"<dimension ")
    end = xml.index(b"/>", start) + 2
    xml = xml[:start] + b'<dimension ref="A1:A1"/>' + xml[end:]
    far = b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row>'
    xml = xml.replace(b"</sheetData>", far + b"</sheetData>")
    parts[sheet] = xml
    Path(path).write_bytes(_zip_parts(parts))
    return Path(path)


def make_docx_like(path: Path) -> Path:
    """A Word document (an OPC zip without xl/workbook.xml), e.g. sent by mistake."""
    ct = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          b'<Default Extension="xml" ContentType="application/xml"/>'
          b'<Override PartName="/word/document.xml" '
          b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            b'Target="word/document.xml"/></Relationships>')
    doc = (b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           b"<w:body><w:p><w:r><w:t>Droombeelden</w:t></w:r></w:p></w:body></w:document>")
    Path(path).write_bytes(_zip_parts({"[Content_Types].xml": ct, "_rels/.rels": rels, "word/document.xml": doc}))
    return Path(path)


# builder -> (file name, expected MVO040 variant or None when the file must pass)
HOSTILE: dict = {
    make_empty: ("leeg.xlsx", "not_excel"),
    make_random_bytes: ("ruis.xlsx", "not_excel"),
    make_truncated_zip: ("afgebroken.xlsx", "corrupt"),
    make_zip_bomb: ("bom.xlsx", "too_large"),
    make_lying_zip_bomb: ("liegende-bom.xlsx", "too_large"),
    make_lying_sizes: ("liegende-groottes.xlsx", "corrupt"),
    make_billion_laughs: ("lachsalvo.xlsx", "corrupt"),
    make_encrypted: ("versleuteld.xlsx", "encrypted"),
    make_csv_as_xls: ("export.xls", "not_excel"),
    make_html_as_xls: ("webexport.xls", "not_excel"),
    make_old_xls: ("oud.xls", "old_xls"),
    make_lying_dimension: ("liegende-dimensie.xlsx", "too_large"),
    make_docx_like: ("brief.docx", "not_excel"),
    make_other_workbook: ("ander.xlsx", None),
    make_normal: ("normaal.xlsx", None),
}


# ------------------------------------------------ MVO workbooks as people and other programs hand them in
# Each starts from the clean trajectory of tests/builders.py and changes the package the way a user, another
# office program or an attacker would. WISHES_PART is the Droombeelden table's part in that workbook.

WISHES_TABLE = "xl/tables/table3.xml"
ACTIONS_SHEET = "xl/worksheets/sheet7.xml"


def _mvo_parts(content=None) -> dict[str, bytes]:
    import tempfile

    from tests.builders import write_workbook

    with tempfile.TemporaryDirectory() as tmp:
        path = write_workbook(Path(tmp) / "clean.xlsx", content)
        return _parts(path.read_bytes())


def _write_changed(path: Path, part: str, old: bytes, new: bytes, content=None) -> Path:
    parts = _mvo_parts(content)
    assert old in parts[part], (part, old)
    parts[part] = parts[part].replace(old, new)
    path.write_bytes(_zip_parts(parts))
    return path


def make_table_ref_one_cell(path: Path) -> Path:
    """tblDroombeelden with ref="A1": the Rust reader panics on it (a BaseException)."""
    return _write_changed(path, WISHES_TABLE, b'ref="A1:H8"', b'ref="A1"')


def make_lying_table_ref(path: Path) -> Path:
    """tblDroombeelden claims A1:ZZ1048576 (736 million cells); a dense reader would need tens of GB."""
    return _write_changed(path, WISHES_TABLE, b'ref="A1:H8"', b'ref="A1:ZZ1048576"')


def make_duplicate_table_names(path: Path) -> Path:
    """Two tables named tblDeelnemers (the wishes table renamed), which Excel repairs away."""
    return _write_changed(path, WISHES_TABLE, b'name="tblDroombeelden" displayName="tblDroombeelden"',
                          b'name="tblDeelnemers" displayName="tblDeelnemers"')


def make_absolute_entry_name(path: Path) -> Path:
    """A zip entry stored as '/xl/worksheets/sheet4.xml' (absolute), which some zip tools write."""
    parts = _mvo_parts()
    parts["/xl/worksheets/sheet4.xml"] = parts.pop("xl/worksheets/sheet4.xml")
    path.write_bytes(_zip_parts(parts))
    return path


def make_strict(path: Path) -> Path:
    """A workbook saved as 'Strict Open XML' (other namespaces for the same parts)."""
    return _write_changed(path, "xl/workbook.xml", b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                          b"http://purl.oclc.org/ooxml/spreadsheetml/main")


def make_bad_values(path: Path) -> Path:
    """Budgets as a t="d" cell with a bad date, NaN and 1e309 (infinity) in Acties F2:F4."""
    parts = _mvo_parts()
    sheet = parts[ACTIONS_SHEET]
    cells = {ref: re.search(rb'<c r="' + ref + rb'"[^>]*>.*?</c>', sheet).group(0) for ref in (b"F2", b"F3", b"F4")}
    sheet = sheet.replace(cells[b"F2"], b'<c r="F2" t="d"><v>geen-datum</v></c>')
    sheet = sheet.replace(cells[b"F3"], b'<c r="F3"><v>NaN</v></c>')
    sheet = sheet.replace(cells[b"F4"], b'<c r="F4"><v>1e309</v></c>')
    parts[ACTIONS_SHEET] = sheet
    path.write_bytes(_zip_parts(parts))
    return path


def make_rows_under_table(path: Path, content=None, keep: int = 2) -> Path:
    """As LibreOffice saves it: the wishes typed under tblDroombeelden, whose range still ends after ``keep`` rows."""
    from mvo_xl.cells import split_ref

    parts = _mvo_parts(content)
    table = parts[WISHES_TABLE]
    ref = re.search(rb'ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"', table).group(1).decode()
    min_col, min_row, max_col, _max_row = split_ref(ref)
    short = f"A{min_row}:{ref.split(':')[1].rstrip('0123456789')}{min_row + keep}".encode()
    parts[WISHES_TABLE] = table.replace(f'ref="{ref}"'.encode(), b'ref="' + short + b'"')
    path.write_bytes(_zip_parts(parts))
    return path



def make_totals_row(path: Path) -> Path:
    """Excel's Tabelontwerp > Totaalrij on tblDroombeelden (7 wishes in rows 2-8): row 9 is the totals row
    ('Totaal', a count), and a wish was typed in row 10, under it (Excel does not grow the table over it)."""
    parts = _mvo_parts()
    table = parts[WISHES_TABLE].decode().replace('ref="A1:H8"', 'ref="A1:H9" totalsRowCount="1"', 1)
    parts[WISHES_TABLE] = table.replace('name="ID"/>', 'name="ID" totalsRowLabel="Totaal"/>', 1).encode()
    typed = ('<row r="9"><c r="A9" t="inlineStr"><is><t>Totaal</t></is></c><c r="C9"><f>'
             'SUBTOTAL(103,tblDroombeelden[Droombeeld])</f><v>7</v></c></row><row r="10">'
             '<c r="B10" t="inlineStr"><is><t>Duurzame mobiliteit</t></is></c><c r="C10" t="inlineStr"><is>'
             '<t>Een wens onder de totaalrij</t></is></c></row></sheetData>')
    parts["xl/worksheets/sheet4.xml"] = parts["xl/worksheets/sheet4.xml"].replace(b"</sheetData>", typed.encode(), 1)
    path.write_bytes(_zip_parts(parts))
    return path


def make_own_table_right_under(path: Path) -> Path:
    """A user's own table (tblMijnOverzicht) directly under tblDroombeelden (rows 2-8), no empty row between."""
    from openpyxl import load_workbook
    from openpyxl.worksheet.table import Table

    from tests.builders import write_workbook

    write_workbook(path)
    wb = load_workbook(path)
    ws = wb["Droombeelden"]
    for col, (header, value) in enumerate([("Wie", "Schepen"), ("Wat", "Overleg in januari")], start=1):
        ws.cell(row=9, column=col, value=header)
        ws.cell(row=10, column=col, value=value)
    ws.add_table(Table(displayName="tblMijnOverzicht", ref="A9:B10"))
    wb.save(path)
    return path


def make_alt_enter_headers(path: Path, renamed: bool = False) -> Path:
    """Headers typed with Alt+Enter, as Excel saves them: the cell holds a line break, the table part's column
    name the escape _x000a_ ('Ingediend door', 'Groep (handmatig)'); ``renamed``: the tool's column
    'Gelijkenis' also renamed, to 'Gelijkenis (0-100)' over two lines."""
    parts = _mvo_parts()
    table, sheet = parts[WISHES_TABLE], parts["xl/worksheets/sheet4.xml"]
    changes = [(b"Ingediend door", b"Ingediend\ndoor"), (b"Groep (handmatig)", b"Groep\n(handmatig)")]
    for before, after in changes + ([(b"Gelijkenis", b"Gelijkenis\n(0-100)")] if renamed else []):
        table = table.replace(b'name="' + before + b'"', b'name="' + after.replace(b"\n", b"_x000a_") + b'"', 1)
        sheet = sheet.replace(b"<t>" + before + b"</t>", b'<t xml:space="preserve">' + after + b"</t>", 1)
    parts[WISHES_TABLE], parts["xl/worksheets/sheet4.xml"] = table, sheet
    path.write_bytes(_zip_parts(parts))
    return path
