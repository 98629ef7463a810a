"""A fidelity corpus: workbooks shaped the way Excel 365 and LibreOffice save them, written by hand.

Starts from the tool's template and injects what openpyxl does not model, as
Excel writes it: cross-sheet dropdowns in the ``x14:dataValidations``
extension, a picture, a user chart with its chart style and colour parts (and
one with no series), threaded comments with their persons part, a legacy
note, rich text in a wish's shared string, a sensitivity label in
``docProps/custom.xml``, a ``customXml`` item, an external link, defined
names, conditional formatting and Excel's ``mc:Ignorable`` sheet roots; for
.xlsm also the VBA project and ribbon of the real template. The checks at the
bottom say what an edited copy must keep.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from tests.builders import clean_content, write_workbook

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
X14_URI = "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"
X14_DROPDOWN = (
    f'<extLst><ext uri="{X14_URI}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" '
    'xr:uid="{5A1B2C3D-0000-4000-8000-000000000001}"><x14:formula1><xm:f>\'Thema\'\'s\'!$A$2:$A$50</xm:f>'
    '</x14:formula1><xm:sqref>B2:B500</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>')
CONDITIONAL = ('<conditionalFormatting sqref="F2:F200"><cfRule type="cellIs" dxfId="0" priority="1" '
               'operator="greaterThan"><formula>100000</formula></cfRule></conditionalFormatting>')
EXCEL_ROOT = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac xr xr2 xr3" '
    'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
    'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
    'xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2" '
    'xmlns:xr3="http://schemas.microsoft.com/office/spreadsheetml/2016/revision3" '
    'xr:uid="{00000000-0001-0000-0000-000000000000}">')
RICH_WISH = "Zonnepanelen op alle gemeentegebouwen"
LABEL_ID = "{3a5b7c9d-1111-4222-8333-444455556666}"
USER_NOTE = "Nota van de gebruiker: bron nakijken"
THREAD_TEXT = "Is dit haalbaar tegen 2030?"
PERSON = "{11111111-2222-4333-8444-555555555555}"
THREAD_ID = "{AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE}"


def tiny_png() -> bytes:
    """A real 2x2 PNG (the municipality's 'logo')."""
    raw = b"".join(b"\x00" + bytes([31, 111, 120] * 2) for _ in range(2))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


class Package:
    """A zip held as an ordered dict of parts, edited as text the way a hand-written test builder can."""

    def __init__(self, data: bytes):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            self.parts = {n: zf.read(n) for n in zf.namelist()}

    def text(self, name: str) -> str:
        return self.parts[name].decode("utf-8")

    def set(self, name: str, text: str | bytes) -> None:
        self.parts[name] = text.encode("utf-8") if isinstance(text, str) else text

    def sheet_part(self, sheet: str) -> str:
        wb = etree.fromstring(self.parts["xl/workbook.xml"])
        rels = etree.fromstring(self.parts["xl/_rels/workbook.xml.rels"])
        targets = {r.get("Id"): r.get("Target") for r in rels}
        for el in wb.iter(f"{{{MAIN}}}sheet"):
            if el.get("name") == sheet:
                target = targets[el.get(f"{{{R}}}id")]
                return target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
        raise KeyError(sheet)

    def override(self, part: str, content_type: str) -> None:
        text = self.text("[Content_Types].xml")
        self.set("[Content_Types].xml", text.replace("</Types>", f'<Override PartName="/{part}" ContentType="{content_type}"/></Types>'))

    def default(self, ext: str, content_type: str) -> None:
        text = self.text("[Content_Types].xml")
        if f'Extension="{ext}"' not in text:
            self.set("[Content_Types].xml", text.replace("<Override", f'<Default Extension="{ext}" ContentType="{content_type}"/><Override', 1))

    def add_rel(self, source: str, rid: str, kind: str, target: str, external: bool = False) -> None:
        folder, base = posixpath.split(source)
        name = posixpath.join(folder, "_rels", base + ".rels") if source else "_rels/.rels"
        text = self.text(name) if name in self.parts else f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG}"></Relationships>'
        mode = ' TargetMode="External"' if external else ""
        self.set(name, text.replace("</Relationships>", f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"{mode}/></Relationships>'))

    def sheet_insert(self, part: str, before: tuple[str, ...], xml: str) -> None:
        """Put ``xml`` in its schema place: before the first of ``before`` present, else before the end tag."""
        text = self.text(part)
        for tag in before:
            m = re.search(rf"<{tag}[\s/>]", text)
            if m:
                self.set(part, text[:m.start()] + xml + text[m.start():])
                return
        self.set(part, text.replace("</worksheet>", xml + "</worksheet>"))

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            order = ["[Content_Types].xml"] + [n for n in self.parts if n != "[Content_Types].xml"]
            for name in order:
                zf.writestr(name, self.parts[name])
        return buffer.getvalue()


_AFTER_DATA = ("sheetCalcPr", "sheetProtection", "protectedRanges", "scenarios", "autoFilter", "sortState",
               "dataConsolidate", "customSheetViews", "mergeCells", "phoneticPr", "conditionalFormatting",
               "dataValidations", "hyperlinks", "printOptions", "pageMargins", "pageSetup", "headerFooter",
               "rowBreaks", "colBreaks", "customProperties", "cellWatches", "ignoredErrors", "smartTags", "drawing",
               "legacyDrawing", "legacyDrawingHF", "picture", "oleObjects", "controls", "webPublishItems",
               "tableParts", "extLst")


def _after(tag: str) -> tuple[str, ...]:
    return _AFTER_DATA[_AFTER_DATA.index(tag) + 1:]


def excel_shape(pkg: Package, sheet: str) -> None:
    """Excel's root with mc:Ignorable, x14ac row attributes, spans: what Excel 365 writes."""
    part = pkg.sheet_part(sheet)
    text = pkg.text(part)
    text = re.sub(r"<worksheet[^>]*>", EXCEL_ROOT, text, count=1)
    text = re.sub(r'<row r="(\d+)"', r'<row r="\1" spans="1:12" x14ac:dyDescent="0.25"', text)
    pkg.set(part, text)


def add_x14_dropdown(pkg: Package, sheet: str) -> None:
    pkg.sheet_insert(pkg.sheet_part(sheet), (), X14_DROPDOWN)


def add_conditional_formatting(pkg: Package, sheet: str) -> None:
    pkg.sheet_insert(pkg.sheet_part(sheet), _after("conditionalFormatting"), CONDITIONAL)
    styles = pkg.text("xl/styles.xml")
    dxf = '<dxfs count="1"><dxf><font><b/><color rgb="FF9C0006"/></font><fill><patternFill><bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf></dxfs>'
    if "<dxfs" in styles:
        styles = re.sub(r"<dxfs[^>]*/>|<dxfs.*?</dxfs>", dxf, styles, count=1, flags=re.S)
    else:
        styles = styles.replace("<tableStyles", dxf + "<tableStyles") if "<tableStyles" in styles else \
            styles.replace("</styleSheet>", dxf + "</styleSheet>")
    pkg.set("xl/styles.xml", styles)


def add_picture(pkg: Package, sheet: str, n: int = 1) -> None:
    part = pkg.sheet_part(sheet)
    drawing = f"xl/drawings/drawing{n}.xml"
    pkg.set(f"xl/media/image{n}.png", tiny_png())
    pkg.default("png", "image/png")
    pkg.set(drawing, (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        '<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>5</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row>'
        '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>7</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>5</xdr:row>'
        '<xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="2" name="Logo gemeente" descr="Logo"/>'
        '<xdr:cNvPicPr><a:picLocks noChangeAspect="1"/></xdr:cNvPicPr></xdr:nvPicPr><xdr:blipFill>'
        f'<a:blip xmlns:r="{R}" r:embed="rId1"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr>'
        '<a:xfrm><a:off x="0" y="0"/><a:ext cx="1219200" cy="762000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
        '</a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>'))
    pkg.override(drawing, "application/vnd.openxmlformats-officedocument.drawing+xml")
    pkg.add_rel(drawing, "rId1", f"{R}/image", f"../media/image{n}.png")
    pkg.add_rel(part, "rIdPic1", f"{R}/drawing", f"../drawings/drawing{n}.xml")
    pkg.sheet_insert(part, _after("drawing"), f'<drawing xmlns:r="{R}" r:id="rIdPic1"/>')


def _chart_xml(series: bool) -> str:
    ser = ('<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:v>Budget</c:v></c:tx>'
           '<c:cat><c:strRef><c:f>\'Acties\'!$A$2:$A$4</c:f></c:strRef></c:cat>'
           '<c:val><c:numRef><c:f>\'Acties\'!$F$2:$F$4</c:f></c:numRef></c:val></c:ser>') if series else ""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
            f'xmlns:r="{R}"><c:roundedCorners val="0"/><c:chart><c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>'
            f'<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:varyColors val="0"/>{ser}'
            '<c:axId val="111"/><c:axId val="222"/></c:barChart>'
            '<c:catAx><c:axId val="111"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>'
            '<c:axPos val="b"/><c:crossAx val="222"/></c:catAx><c:valAx><c:axId val="222"/><c:scaling>'
            '<c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:crossAx val="111"/>'
            '</c:valAx></c:plotArea><c:plotVisOnly val="1"/></c:chart></c:chartSpace>')


def add_chart(pkg: Package, sheet: str, n: int = 2) -> None:
    part = pkg.sheet_part(sheet)
    drawing = f"xl/drawings/drawing{n}.xml"
    frames = ""
    for i, series in ((1, True), (2, False)):
        chart = f"xl/charts/chart{i}.xml"
        pkg.set(chart, _chart_xml(series))
        pkg.override(chart, "application/vnd.openxmlformats-officedocument.drawingml.chart+xml")
        pkg.set(f"xl/charts/style{i}.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<cs:chartStyle xmlns:cs="http://schemas.microsoft.com/office/drawing/2012/chartStyle" '
                'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" id="201"/>')
        pkg.set(f"xl/charts/colors{i}.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<cs:colorStyle xmlns:cs="http://schemas.microsoft.com/office/drawing/2012/chartStyle" '
                'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" meth="cycle" id="10">'
                '<a:schemeClr val="accent1"/></cs:colorStyle>')
        pkg.override(f"xl/charts/style{i}.xml", "application/vnd.ms-office.chartstyle+xml")
        pkg.override(f"xl/charts/colors{i}.xml", "application/vnd.ms-office.chartcolorstyle+xml")
        pkg.add_rel(chart, "rId1", "http://schemas.microsoft.com/office/2011/relationships/chartStyle", f"style{i}.xml")
        pkg.add_rel(chart, "rId2", "http://schemas.microsoft.com/office/2011/relationships/chartColorStyle", f"colors{i}.xml")
        pkg.add_rel(drawing, f"rId{i}", f"{R}/chart", f"../charts/chart{i}.xml")
        top = 1 + (i - 1) * 16
        frames += (
            f'<xdr:twoCellAnchor><xdr:from><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{top}</xdr:row>'
            f'<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>15</xdr:col><xdr:colOff>0</xdr:colOff>'
            f'<xdr:row>{top + 14}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:graphicFrame macro="">'
            f'<xdr:nvGraphicFramePr><xdr:cNvPr id="{i + 1}" name="Grafiek {i}"/><xdr:cNvGraphicFramePr/>'
            '</xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic>'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
            f'<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="{R}" r:id="rId{i}"/>'
            '</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>')
    pkg.set(drawing, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
            f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">{frames}</xdr:wsDr>')
    pkg.override(drawing, "application/vnd.openxmlformats-officedocument.drawing+xml")
    pkg.add_rel(part, "rIdChart1", f"{R}/drawing", f"../drawings/drawing{n}.xml")
    pkg.sheet_insert(part, _after("drawing"), f'<drawing xmlns:r="{R}" r:id="rIdChart1"/>')


def _vml(shapes: list[tuple[int, int]], block: int) -> str:
    out = ['<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
           'xmlns:x="urn:schemas-microsoft-com:office:excel">\n <o:shapelayout v:ext="edit">\n  '
           f'<o:idmap v:ext="edit" data="{block}"/>\n </o:shapelayout><v:shapetype id="_x0000_t202" '
           'coordsize="21600,21600" o:spt="202"\n  path="m,l,21600r21600,l21600,xe">\n  <v:stroke joinstyle="miter"/>\n'
           '  <v:path gradientshapeok="t" o:connecttype="rect"/>\n </v:shapetype>']
    for i, (row, col) in enumerate(shapes, start=1):
        out.append(f'<v:shape id="_x0000_s{block * 1024 + i}" type="#_x0000_t202" style=\'position:absolute;\n'
                   '  margin-left:59.25pt;margin-top:1.5pt;width:108pt;height:59.25pt;z-index:1;\n  visibility:hidden\' '
                   'fillcolor="#ffffe1" o:insetmode="auto">\n  <v:fill color2="#ffffe1"/>\n  <v:shadow color="black" '
                   'obscured="t"/>\n  <v:path o:connecttype="none"/>\n  <v:textbox style=\'mso-direction-alt:auto\'>\n'
                   '   <div style=\'text-align:left\'></div>\n  </v:textbox>\n  <x:ClientData ObjectType="Note">\n'
                   f'   <x:MoveWithCells/>\n   <x:SizeWithCells/>\n   <x:AutoFill>False</x:AutoFill>\n   <x:Row>{row}</x:Row>\n'
                   f'   <x:Column>{col}</x:Column>\n  </x:ClientData>\n </v:shape>')
    out.append("</xml>")
    return "\n".join(out)


def add_note(pkg: Package, sheet: str, cell: str, row0: int, col0: int, n: int, *, threaded: bool = False) -> None:
    """A legacy note (or, ``threaded``, a modern threaded comment with the placeholder note Excel keeps)."""
    part = pkg.sheet_part(sheet)
    comments = f"xl/comments{n}.xml"
    vml = f"xl/drawings/vmlDrawing{n}.vml"
    author = f"tc={THREAD_ID}" if threaded else "Els Janssens"
    text = (f"[Threaded comment]\n\nYour version of Excel allows you to read this threaded comment; however, any "
            f"edits to it will get removed if the file is opened in a newer version of Excel.\n\nComment:\n    "
            f"{THREAD_TEXT}") if threaded else USER_NOTE
    uid = f' xr:uid="{THREAD_ID}"' if threaded else ""
    pkg.set(comments, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<comments xmlns="{MAIN}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
            'mc:Ignorable="xr" xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision">'
            f'<authors><author>{author}</author></authors><commentList><comment ref="{cell}" authorId="0" shapeId="0"{uid}>'
            f'<text><t>{text}</t></text></comment></commentList></comments>')
    pkg.override(comments, "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml")
    pkg.set(vml, _vml([(row0, col0)], n))
    pkg.default("vml", "application/vnd.openxmlformats-officedocument.vmlDrawing")
    pkg.add_rel(part, f"rIdNote{n}", f"{R}/comments", f"../comments{n}.xml")
    pkg.add_rel(part, f"rIdVml{n}", f"{R}/vmlDrawing", f"../drawings/vmlDrawing{n}.vml")
    pkg.sheet_insert(part, _after("legacyDrawing"), f'<legacyDrawing xmlns:r="{R}" r:id="rIdVml{n}"/>')
    if threaded:
        thread = f"xl/threadedComments/threadedComment{n}.xml"
        pkg.set(thread, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" '
                'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                f'<threadedComment ref="{cell}" dT="2026-03-02T10:15:00.00" personId="{PERSON}" id="{THREAD_ID}">'
                f'<text>{THREAD_TEXT}</text></threadedComment></ThreadedComments>')
        pkg.override(thread, "application/vnd.ms-excel.threadedcomments+xml")
        pkg.add_rel(part, f"rIdThread{n}", "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment",
                    f"../threadedComments/threadedComment{n}.xml")
        if "xl/persons/person.xml" not in pkg.parts:
            pkg.set("xl/persons/person.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    '<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments" '
                    'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    f'<person displayName="Els Janssens" id="{PERSON}" userId="els@gemeente.be" providerId="AD"/>'
                    '</personList>')
            pkg.override("xl/persons/person.xml", "application/vnd.ms-excel.person+xml")
            pkg.add_rel("xl/workbook.xml", "rIdPersons", "http://schemas.microsoft.com/office/2017/10/relationships/person",
                        "persons/person.xml")


def to_shared_strings(pkg: Package) -> None:
    """Excel keeps every text cell in the shared string table (openpyxl's inline strings move there)."""
    table: dict[str, int] = {}

    def share(m: re.Match) -> str:
        index = table.setdefault(m.group(2), len(table))
        return f'<c{m.group(1)} t="s"><v>{index}</v></c>'
    for name in [n for n in pkg.parts if n.startswith("xl/worksheets/sheet")]:
        pkg.set(name, re.sub(r'<c([^>]*?) t="inlineStr"><is><t(?:\s[^>]*)?>(.*?)</t></is></c>', share, pkg.text(name),
                             flags=re.S))
    items = "".join(f"<si><t>{text}</t></si>" for text in table)
    pkg.set("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<sst xmlns="{MAIN}" count="{len(table)}" uniqueCount="{len(table)}">{items}</sst>')
    pkg.override("xl/sharedStrings.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml")
    pkg.add_rel("xl/workbook.xml", "rIdSst", f"{R}/sharedStrings", "sharedStrings.xml")


def add_rich_text(pkg: Package, text: str = RICH_WISH) -> None:
    """One word of a wish in bold: a rich-text shared string."""
    sst = pkg.text("xl/sharedStrings.xml")
    first, rest = text.split(" ", 1)
    rich = (f'<si><r><rPr><b/><sz val="11"/><color theme="1"/><rFont val="Calibri"/><family val="2"/>'
            f'<scheme val="minor"/></rPr><t>{first}</t></r><r><rPr><sz val="11"/><color theme="1"/>'
            f'<rFont val="Calibri"/><family val="2"/><scheme val="minor"/></rPr><t xml:space="preserve"> {rest}</t></r></si>')
    new = sst.replace(f"<si><t>{text}</t></si>", rich, 1)
    assert new != sst, "wish text not found in the shared strings"
    pkg.set("xl/sharedStrings.xml", new)


def add_sensitivity_label(pkg: Package) -> None:
    props = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{i}" name="MSIP_Label_{LABEL_ID}_{key}">'
        f'<vt:lpwstr>{value}</vt:lpwstr></property>'
        for i, (key, value) in enumerate((("Enabled", "true"), ("SetDate", "2026-02-01T09:00:00Z"),
                                          ("Method", "Standard"), ("Name", "Intern"),
                                          ("SiteId", "{99999999-8888-4777-8666-555555555555}"),
                                          ("ContentBits", "0")), start=2))
    pkg.set("docProps/custom.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{props}</Properties>')
    pkg.override("docProps/custom.xml", "application/vnd.openxmlformats-officedocument.custom-properties+xml")
    pkg.add_rel("", "rIdCustom", f"{R}/custom-properties", "docProps/custom.xml")


def add_custom_xml(pkg: Package) -> None:
    pkg.set("customXml/item1.xml", '<?xml version="1.0" encoding="UTF-8" standalone="no"?>'
            '<p:properties xmlns:p="http://schemas.microsoft.com/office/2006/metadata/properties">'
            '<documentManagement/></p:properties>')
    pkg.set("customXml/itemProps1.xml", '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
            '<ds:datastoreItem ds:itemID="{6F1A2B3C-4D5E-4F60-8172-839405162738}" '
            'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs>'
            '<ds:schemaRef ds:uri="http://schemas.microsoft.com/office/2006/metadata/properties"/></ds:schemaRefs>'
            '</ds:datastoreItem>')
    pkg.override("customXml/itemProps1.xml", "application/vnd.openxmlformats-officedocument.customXmlProperties+xml")
    pkg.add_rel("customXml/item1.xml", "rId1", f"{R}/customXmlProps", "itemProps1.xml")
    pkg.add_rel("xl/workbook.xml", "rIdCustomXml1", f"{R}/customXml", "../customXml/item1.xml")


def add_external_link(pkg: Package) -> None:
    link = "xl/externalLinks/externalLink1.xml"
    pkg.set(link, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<externalLink xmlns="{MAIN}" xmlns:r="{R}"><externalBook r:id="rId1"><sheetNames>'
            '<sheetName val="Blad1"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1">'
            '<v>250000</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>')
    pkg.override(link, "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml")
    pkg.add_rel(link, "rId1", f"{R}/externalLinkPath", "file:///C:/Begroting/budget2026.xlsx", external=True)
    pkg.add_rel("xl/workbook.xml", "rIdExt1", f"{R}/externalLink", "externalLinks/externalLink1.xml")
    wb = pkg.text("xl/workbook.xml")
    wb = wb.replace("</sheets>", f'</sheets><externalReferences><externalReference xmlns:r="{R}" r:id="rIdExt1"/>'
                    '</externalReferences>', 1)
    pkg.set("xl/workbook.xml", wb)


def add_defined_names(pkg: Package) -> None:
    names = ('<definedName name="Begroting">\'Acties\'!$F$2:$F$200</definedName>'
             '<definedName name="ExterneBegroting">[1]Blad1!$A$1</definedName>')
    wb = pkg.text("xl/workbook.xml")
    if "<definedNames>" in wb:
        wb = wb.replace("<definedNames>", "<definedNames>" + names, 1)
    else:
        anchor = "</externalReferences>" if "</externalReferences>" in wb else "</sheets>"
        wb = wb.replace(anchor, anchor + f"<definedNames>{names}</definedNames>", 1)
    pkg.set("xl/workbook.xml", wb)


def excel_workbook_and_styles(pkg: Package) -> None:
    """Excel 365's workbook.xml (file version, absPath, revision pointer) and styles.xml (mc:Ignorable, extLst)."""
    wb = pkg.text("xl/workbook.xml")
    wb = re.sub(r"<workbook[^>]*>", (
        f'<workbook xmlns="{MAIN}" xmlns:r="{R}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15 xr xr6 xr10 xr2" '
        'xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main" '
        'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision" '
        'xmlns:xr6="http://schemas.microsoft.com/office/spreadsheetml/2016/revision6" '
        'xmlns:xr10="http://schemas.microsoft.com/office/spreadsheetml/2016/revision10" '
        'xmlns:xr2="http://schemas.microsoft.com/office/spreadsheetml/2015/revision2">'
        '<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="28429"/>'), wb, count=1)
    wb = re.sub(r"(<workbookPr[^>]*/>)", r'\1<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/'
                r'markup-compatibility/2006"><mc:Choice Requires="x15"><x15ac:absPath url="C:\\Users\\els\\'
                r'Documents\\" xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/>'
                r'</mc:Choice></mc:AlternateContent><xr:revisionPtr revIDLastSave="0" '
                r'documentId="8_{1D2E3F40-5A6B-4C7D-8E9F-0A1B2C3D4E5F}" xr6:coauthVersionLast="47" '
                r'xr6:coauthVersionMax="47" xr10:uidLastSave="{00000000-0000-0000-0000-000000000000}"/>', wb, count=1)
    pkg.set("xl/workbook.xml", wb)
    styles = pkg.text("xl/styles.xml")
    styles = re.sub(r"<styleSheet[^>]*>", (
        f'<styleSheet xmlns="{MAIN}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'mc:Ignorable="x14ac x16r2 xr" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" '
        'xmlns:x16r2="http://schemas.microsoft.com/office/spreadsheetml/2015/02/main" '
        'xmlns:xr="http://schemas.microsoft.com/office/spreadsheetml/2014/revision">'), styles, count=1)
    styles = re.sub(r'<fonts count="(\d+)">', r'<fonts count="\1" x14ac:knownFonts="1">', styles, count=1)
    styles = styles.replace("</styleSheet>", (
        '<extLst><ext uri="{EB79DEF2-80B8-43e5-95BD-54CBDDF9020C}" '
        'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
        '<x14:slicerStyles defaultSlicerStyle="SlicerStyleLight1"/></ext></extLst></styleSheet>'))
    pkg.set("xl/styles.xml", styles)


def corpus_content() -> dict:
    """The clean content with one objective missing its means (a warning mark at J2 of Doelstellingen)."""
    content = clean_content()
    content["objectives"][0]["Middelen"] = ""
    for wish in content["wishes"]:
        wish["Groep"] = wish["Groepslabel"] = ""
    content["wishes"][-1]["ID"] = ""
    return content


def excel_like(path: Path, *, xlsm: bool = False) -> Path:
    """Write the corpus workbook shaped as Excel 365 saves it (``xlsm``: with VBA project and ribbon)."""
    base = write_workbook(path.with_name(path.stem + "-basis.xlsx"), corpus_content())
    data = base.read_bytes()
    if xlsm:
        from mvo_xl.xlsm import build_xlsm_bytes

        data = build_xlsm_bytes(data)
    pkg = Package(data)
    to_shared_strings(pkg)
    excel_workbook_and_styles(pkg)
    for sheet in ("Droombeelden", "Doelstellingen", "Acties"):
        excel_shape(pkg, sheet)
    add_x14_dropdown(pkg, "Droombeelden")
    add_x14_dropdown(pkg, "Doelstellingen")
    add_conditional_formatting(pkg, "Acties")
    add_conditional_formatting(pkg, "Droombeelden")
    add_picture(pkg, "Instructies")
    add_chart(pkg, "Acties")
    add_note(pkg, "Droombeelden", "C3", 2, 2, 1, threaded=True)
    add_note(pkg, "Doelstellingen", "C2", 1, 2, 2)
    add_rich_text(pkg)
    add_sensitivity_label(pkg)
    add_custom_xml(pkg)
    add_external_link(pkg)
    add_defined_names(pkg)
    path.write_bytes(pkg.bytes())
    return path


# --- what an edited copy must keep ---------------------------------------------------------------

def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


_SAFE = etree.XMLParser(resolve_entities=False, no_network=True)
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def _xml(data: bytes | None):
    """A part parsed without entities or network (inputs may be hostile); None when it cannot be read."""
    try:
        return etree.fromstring(data, _SAFE) if data else None
    except etree.XMLSyntaxError:
        return None


def stored(found: dict[str, bytes], name: str) -> str:
    """The stored spelling of a part name (OPC part names ignore case)."""
    return name if name in found else next((n for n in found if n.lower() == name.lower()), name)


def rels_name(part: str) -> str:
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def relationships(name: str, data: bytes) -> list[tuple[str, str, str, str]]:
    """(id, type, target part or URL, mode) of every relationship in a .rels part."""
    folder = posixpath.dirname(posixpath.dirname(name))
    root = _xml(data)
    out = []
    for rel in [] if root is None else root.iter(f"{{{PKG}}}Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External":
            out.append((rel.get("Id"), rel.get("Type") or "", target, "External"))
            continue
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
        while part.startswith("../"):  # URI resolution stops at the package root
            part = part[3:]
        out.append((rel.get("Id"), rel.get("Type") or "", part, ""))
    return out


def rels_targets(name: str, data: bytes) -> list[tuple[str, str, str]]:
    """(type, target part or URL, mode) of every relationship in a .rels part."""
    return [(kind, target, mode) for _id, kind, target, mode in relationships(name, data)]


def main_part(found: dict[str, bytes]) -> str:
    """The workbook part, where _rels/.rels says it is (officeDocument), not where it usually is."""
    rels = stored(found, "_rels/.rels")
    for kind, target, mode in rels_targets(rels, found[rels]) if rels in found else []:
        if not mode and kind.endswith("/officeDocument"):
            return stored(found, target)
    return "xl/workbook.xml"


def reachable(found: dict[str, bytes], start: str) -> set[str]:
    """A part and every part reachable from it through relationships."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        part = stored(found, todo.pop())
        if part in seen or part not in found:
            continue
        seen.add(part)
        rels = stored(found, rels_name(part))
        if rels in found:
            seen.add(rels)
            todo.extend(t for _k, t, mode in rels_targets(rels, found[rels]) if not mode)
    return seen


def sheet_parts(found: dict[str, bytes]) -> dict[str, str]:
    """Sheet name -> part of every sheet whose relationship resolves, in workbook order."""
    main = main_part(found)
    wb = _xml(found.get(main))
    rels = stored(found, rels_name(main))
    by_id = {rid: target for rid, _k, target, mode in relationships(rels, found.get(rels, b"")) if not mode}
    out = {}
    for el in [] if wb is None else wb.iter(f"{{{MAIN}}}sheet"):
        target = by_id.get(el.get(f"{{{R}}}id"))
        if target is not None:
            out[el.get("name")] = stored(found, target)
    return out


def package_problems(path: Path) -> set[str]:
    """What makes a package inconsistent, each as 'part: problem' without the file's name (so that an input's
    and its output's problems compare): duplicate entries, relationships to missing parts, content types that
    do not match the parts or the extension, defined names and views of absent sheets, rows over 409 pt."""
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        bad = zf.testzip()
    problems = {"zip: duplicate entries"} if len(names) != len(set(names)) else set()
    if bad is not None:
        return problems | {f"{bad}: bad CRC"}
    found = parts(path)
    for name, data in found.items():
        if name.endswith(".rels"):
            problems |= {f"{name}: points at missing {target}" for _k, target, mode in rels_targets(name, data)
                         if not mode and stored(found, target) not in found}
    return problems | _content_type_problems(found, path.suffix.lower()) | _workbook_problems(found) | \
        _row_problems(found)


def _content_type_problems(found: dict[str, bytes], suffix: str) -> set[str]:
    types = _xml(found.get("[Content_Types].xml"))
    if types is None:
        return {"[Content_Types].xml: missing or unreadable"}
    overrides = {el.get("PartName").lstrip("/").lower(): el.get("ContentType")
                 for el in types.iter(f"{{{CT}}}Override") if el.get("PartName")}
    defaults = {el.get("Extension").lower() for el in types.iter(f"{{{CT}}}Default") if el.get("Extension")}
    problems = set()
    for name in found:
        if name != "[Content_Types].xml" and not name.endswith("/") and name.lower() not in overrides \
                and name.rsplit(".", 1)[-1].lower() not in defaults:
            problems.add(f"{name}: no content type")
    lower = {n.lower() for n in found}
    problems |= {f"[Content_Types].xml: content type for missing part {p}" for p in overrides if p not in lower}
    main = main_part(found)
    kind = overrides.get(main.lower())
    if kind != (XLSM_MAIN if suffix == ".xlsm" else XLSX_MAIN):
        problems.add(f"{main}: content type {kind} in a {suffix} file")
    if suffix != ".xlsm" and any("vbaProject" in n or n.startswith("customUI") for n in found):
        problems.add("zip: macros in an .xlsx")
    return problems


def _workbook_problems(found: dict[str, bytes]) -> set[str]:
    main = main_part(found)
    wb = _xml(found.get(main))
    if wb is None:
        return {f"{main}: missing or unreadable"}
    problems = set()
    sheets = [el.get("name") for el in wb.iter(f"{{{MAIN}}}sheet")]
    for el in wb.iter(f"{{{MAIN}}}definedName"):
        local = el.get("localSheetId")
        if local is None:
            continue
        if not local.isdigit() or int(local) >= len(sheets):
            problems.add(f"{main}: defined name {el.get('name')} on a sheet that is not there ({local})")
        elif el.get("name") in ("_xlnm.Print_Titles", "_xlnm._FilterDatabase"):
            named = (el.text or "").split("!")[0].strip("'").replace("''", "'")
            if named != sheets[int(local)]:
                problems.add(f"{main}: {el.get('name')} of {named} sits on {sheets[int(local)]}")
    for view in wb.iter(f"{{{MAIN}}}workbookView"):
        if int(view.get("activeTab", "0")) >= max(len(sheets), 1):
            problems.add(f"{main}: active tab {view.get('activeTab')} of {len(sheets)} sheets")
    return problems


def _row_problems(found: dict[str, bytes]) -> set[str]:
    problems = set()
    for name, data in found.items():
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            heights = [float(h) for h in re.findall(rb'<(?:\w+:)?row\b[^>]*?\sht="([0-9.]+)"', data)]
            if max(heights, default=0) > 409:
                problems.add(f"{name}: a row of {max(heights)} pt")
    return problems


def check_consistent(path: Path) -> None:
    """A package the tool made (or made from a consistent one) has no problem at all."""
    problems = package_problems(path)
    assert not problems, f"{path.name}: " + "; ".join(sorted(problems))


def owned_parts(found: dict[str, bytes]) -> set[str]:
    """The tool's own sheets and every part that hangs off them."""
    sheets = sheet_parts(found)
    return set().union(*(reachable(found, sheets[name]) for name in OWNED_SHEETS if name in sheets))


def assert_no_new_problems(before_path: Path, after_path: Path) -> None:
    """An input may be inconsistent already (the tool carries that along); the output adds no problem of its
    own, and none at all in the tool's own parts."""
    after = package_problems(after_path)
    new = after - package_problems(before_path)
    assert not new, f"{after_path.name}: new problems " + "; ".join(sorted(new))
    owned = owned_parts(parts(after_path))
    own = {p for p in after if any(re.search(rf"(^|\s){re.escape(part)}(:|$)", p) for part in owned)}
    assert not own, f"{after_path.name}: problems in the tool's own parts " + "; ".join(sorted(own))


OWNED_SHEETS = ("Groepen", "Controle", "Actieplan", "Dashboard", "_mvo_markeringen")


def structure(found: dict[str, bytes]) -> set[str]:
    """The parts every edit may rewrite: content types, the workbook part, its relationships and its styles."""
    main = main_part(found)
    rels = stored(found, rels_name(main))
    styles = [t for k, t, mode in rels_targets(rels, found.get(rels, b"")) if not mode and k.endswith("/styles")]
    return {"[Content_Types].xml", main, rels, "xl/styles.xml", *(stored(found, t) for t in styles)}


def allowed_changes(before: dict[str, bytes], after: dict[str, bytes], patched_sheets: tuple[str, ...]) -> set[str]:
    """Parts the tool may change: the structure, its output sheets (and what hangs off them), and for the
    input sheets it patches: the sheet, its relationships, its tables and its notes part (not threaded comments)."""
    allowed = structure(before) | structure(after)
    for found in (before, after):
        sheets = sheet_parts(found)
        allowed |= owned_parts(found)
        for name in patched_sheets:
            if name not in sheets:
                continue
            part = sheets[name]
            rels = stored(found, rels_name(part))
            allowed |= {part, rels}
            if rels in found:
                for kind, target, mode in rels_targets(rels, found[rels]):
                    if not mode and kind.rsplit("/", 1)[-1] in ("table", "comments", "vmlDrawing"):
                        allowed.add(stored(found, target))
    return allowed


def _rels_by_id(found: dict[str, bytes], name: str) -> dict[str, dict]:
    root = _xml(found.get(stored(found, name)))
    return {} if root is None else {r.get("Id"): dict(r.attrib) for r in root.iter(f"{{{PKG}}}Relationship")}


def _c14n(el) -> bytes:
    return etree.tostring(el, method="c14n")


def assert_structure_kept(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """workbook.xml, its relationships and the content types change only where a sheet comes or goes."""
    main_b, main_a = main_part(before), main_part(after)
    b, a = etree.fromstring(before[main_b], _SAFE), etree.fromstring(after[main_a], _SAFE)
    skip = {f"{{{MAIN}}}sheets", f"{{{MAIN}}}definedNames", f"{{{MAIN}}}bookViews"}
    assert [_c14n(el) for el in b if el.tag not in skip] == [_c14n(el) for el in a if el.tag not in skip]
    global_names = lambda root: sorted(_c14n(el) for el in root.iter(f"{{{MAIN}}}definedName")  # noqa: E731
                                       if el.get("localSheetId") is None)
    assert global_names(b) == global_names(a)
    kept = {el.get("name"): dict(el.attrib) for el in a.iter(f"{{{MAIN}}}sheet")}
    for el in b.iter(f"{{{MAIN}}}sheet"):
        if el.get("name") in kept:
            assert kept[el.get("name")] == dict(el.attrib), f"sheet entry {el.get('name')} changed"
    rels_b, rels_a = (_rels_by_id(found, rels_name(main)) for found, main in ((before, main_b), (after, main_a)))
    for rid, attrs in rels_b.items():
        if rid in rels_a:
            assert rels_a[rid] == attrs
        else:  # only a sheet's or the macros' relationship may go
            assert (attrs.get("Type") or "").rsplit("/", 1)[-1] in ("worksheet", "vbaProject"), f"{attrs} removed"
    types_b, types_a = (
        {el.get("PartName") or el.get("Extension"): el.get("ContentType")
         for el in etree.fromstring(found["[Content_Types].xml"], _SAFE) if isinstance(el.tag, str)}
        for found in (before, after))
    for key, kind in types_b.items():
        if key in types_a and (key or "").lstrip("/").lower() != main_b.lower():
            assert types_a[key] == kind, f"content type of {key} changed"


def assert_untouched(before_path: Path, after_path: Path, patched_sheets: tuple[str, ...],
                     may_drop: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Every part outside what the tool owns is byte-identical (and present, unless in ``may_drop``)."""
    before, after = parts(before_path), parts(after_path)
    allowed = allowed_changes(before, after, patched_sheets)
    for name, data in before.items():
        if name in allowed:
            continue
        if any(name.startswith(prefix) for prefix in may_drop):
            continue
        assert name in after, f"{after_path.name}: {name} was dropped"
        assert after[name] == data, f"{after_path.name}: {name} changed"
    assert_structure_kept(before, after)
    return after
