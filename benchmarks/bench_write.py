"""What one write costs on a big workbook: ``group -o`` through the package editor vs an openpyxl round trip.

    python benchmarks/bench_write.py [MB]

Builds a workbook of about MB megabytes (default 35) that stays within every
safety limit (:class:`mvo_xl.io.safety.Limits`): the template with 3,000
wishes over 10 themes, a large appendix sheet (the kind of data users paste
next to the tables) and embedded photos (what makes real workbooks big).
Then, each in a fresh process so peak memory is that command's own:

* ``mvo-xl group big.xlsx -o out.xlsx`` (read through the safety layer,
  group, write through the package editor);
* the baseline every write used to be: openpyxl ``load_workbook`` + ``save``
  of the same file (what ``group -o`` cost before, without the grouping).

Prints wall time and peak RSS of each, and their ratio.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from _synthetic import synthetic  # noqa: E402

from tests.fidelity import Package  # noqa: E402
from tests.builders import clean_content, write_workbook  # noqa: E402

THEMES = 10
WISHES = 3000
APPENDIX_SHEETS = 2
APPENDIX_ROWS = 90_000  # x 8 columns x 2 sheets: 1.44M cells, ~30 MB of sheet XML each
PHOTO_BYTES = 1_500_000


def build(path: Path, megabytes: float) -> Path:
    content = clean_content()
    content["themes"] = [{"Thema": f"Thema {i + 1:02d}", "Omschrijving": "", "SDG": "", "Trekker": ""}
                         for i in range(THEMES)]
    content["wishes"] = [{"ID": "", "Thema": theme, "Droombeeld": text, "Ingediend door": f"Persoon {i % 40}"}
                         for i, (_key, theme, text) in enumerate(synthetic(WISHES, THEMES))]
    base = write_workbook(path.with_name("basis.xlsx"), content)
    pkg = Package(base.read_bytes())
    for n in range(1, APPENDIX_SHEETS + 1):
        _add_appendix(pkg, n)
    rng = random.Random(3)
    n = 0
    size = len(pkg.bytes())
    while size + PHOTO_BYTES // 2 < megabytes * 1_000_000 and n < 60:
        n += 1
        pkg.set(f"xl/media/foto{n}.jpeg", rng.randbytes(PHOTO_BYTES))  # photos do not compress
        pkg.default("jpeg", "image/jpeg")
        size += PHOTO_BYTES
    _show_photos(pkg, n)  # one drawing on the Instructies sheet shows them all
    path.write_bytes(pkg.bytes())
    return path


def _add_appendix(pkg: Package, n: int) -> None:
    rows = []
    for r in range(1, APPENDIX_ROWS + 1):
        cells = "".join(f'<c r="{col}{r}"><v>{r * 7 + i}</v></c>' for i, col in enumerate("ABCDEF"))
        cells += f'<c r="G{r}" t="inlineStr"><is><t>Opmerking bij regel {r}</t></is></c>'
        cells += f'<c r="H{r}"><v>{r / 3:.6f}</v></c>'
        rows.append(f'<row r="{r}">{cells}</row>')
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/'
           f'spreadsheetml/2006/main"><dimension ref="A1:H{APPENDIX_ROWS}"/><sheetData>{"".join(rows)}</sheetData>'
           '</worksheet>')
    part = f"xl/worksheets/bijlage{n}.xml"
    pkg.set(part, xml)
    pkg.override(part, "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml")
    pkg.add_rel("xl/workbook.xml", f"rIdBijlage{n}", "http://schemas.openxmlformats.org/officeDocument/2006/"
                "relationships/worksheet", f"worksheets/bijlage{n}.xml")
    wb = pkg.text("xl/workbook.xml")
    pkg.set("xl/workbook.xml", wb.replace("</sheets>", '<sheet xmlns:r="http://schemas.openxmlformats.org/'
                                          f'officeDocument/2006/relationships" name="Bijlage {n}" sheetId="{90 + n}" '
                                          f'r:id="rIdBijlage{n}"/></sheets>'))


def _show_photos(pkg: Package, n: int) -> None:
    from tests.fidelity import R

    anchors = []
    for i in range(1, n + 1):
        pkg.add_rel("xl/drawings/fotos.xml", f"rId{i}", f"{R}/image", f"../media/foto{i}.jpeg")
        anchors.append(
            f'<xdr:oneCellAnchor><xdr:from><xdr:col>6</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{i * 5}</xdr:row>'
            '<xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:ext cx="952500" cy="714375"/><xdr:pic><xdr:nvPicPr>'
            f'<xdr:cNvPr id="{i + 1}" name="Foto {i}"/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill>'
            f'<a:blip xmlns:r="{R}" r:embed="rId{i}"/><a:stretch><a:fillRect/></a:stretch></xdr:blipFill><xdr:spPr>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>')
    pkg.set("xl/drawings/fotos.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr '
            'xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
            f'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">{"".join(anchors)}</xdr:wsDr>')
    pkg.override("xl/drawings/fotos.xml", "application/vnd.openxmlformats-officedocument.drawing+xml")
    part = pkg.sheet_part("Instructies")
    pkg.add_rel(part, "rIdFotos", f"{R}/drawing", "../drawings/fotos.xml")
    pkg.sheet_insert(part, ("legacyDrawing", "tableParts", "extLst"), f'<drawing xmlns:r="{R}" r:id="rIdFotos"/>')


_MEASURE = """
import resource, sys, time, json
start = time.perf_counter()
{body}
print(json.dumps({{"seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
GROUP = """
from mvo_xl.cli import main
code = main(["group", sys.argv[1], "-o", sys.argv[2], "--quiet"])
assert code == 0, code
"""
OPENPYXL = """
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
wb.save(sys.argv[2])
"""


def measure(body: str, *args: Path) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run([sys.executable, "-c", _MEASURE.format(body=body), *map(str, args)], capture_output=True,
                            text=True, env=env, cwd=REPO)
    if result.returncode != 0:
        raise SystemExit(result.stderr[-2000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 35
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        big = build(folder / "groot.xlsx", megabytes)
        from mvo_xl.io.safety import open_package

        open_package(big)  # within every safety limit, or this raises
        print(f"workbook: {big.stat().st_size / 1e6:.1f} MB, {WISHES} wishes, {APPENDIX_SHEETS * APPENDIX_ROWS * 8:,} appendix cells "
              f"(built in {time.perf_counter() - t0:.0f} s)")
        ours = measure(GROUP, big, folder / "gegroepeerd.xlsx")
        base = measure(OPENPYXL, big, folder / "openpyxl.xlsx")
        print(f"group -o (package editor):      {ours['seconds']:6.1f} s, peak {ours['peak_mb']:6.0f} MB")
        print(f"openpyxl load + save baseline: {base['seconds']:6.1f} s, peak {base['peak_mb']:6.0f} MB")
        print(f"ratio: {base['seconds'] / ours['seconds']:.1f}x faster, {base['peak_mb'] / ours['peak_mb']:.1f}x less memory")


if __name__ == "__main__":
    main()
