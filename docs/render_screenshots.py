"""Render the workbook and the Word chapter with LibreOffice headless, to look at before a release.

    python docs/render_screenshots.py [OUTDIR] [--all] [--pdf]

Default: the README pictures (docs/img): the demo's input and output sheets (Instructies
also its install page) and the Word chapter. ``--all``: every sheet of the empty template and of the demo
(``template-<sheet>.png``, ``demo-<sheet>.png``) and the Word chapter, first page each.

Builds the demo workbook of Gemeente Heidebeek (``mvo-xl demo``: grouped, checked
and planned, as the buttons do) and the template (``mvo-xl template``), keeps one
sheet per copy, converts all copies to PDF in one LibreOffice run
(``soffice --headless --convert-to pdf``) and the first page of each to PNG
(``pdftoppm -png -r 100``, cropped to the content). Needs LibreOffice
(libreoffice-calc-nogui, libreoffice-writer-nogui for the .docx) and poppler-utils.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mvo_xl import contract as c  # noqa: E402
from mvo_xl.demo import build_demo  # noqa: E402
from mvo_xl.demo_data import MUNICIPALITY  # noqa: E402
from mvo_xl.io.docx_export import plan_docx  # noqa: E402
from mvo_xl.io.reader import read_workbook  # noqa: E402
from mvo_xl.io.writer import atomic_save, load_for_edit  # noqa: E402
from mvo_xl.plan import make_plan  # noqa: E402
from mvo_xl.template import write_template  # noqa: E402

# The README pictures: sheet of the demo -> picture name.
PICTURES = {
    c.SHEET_PLAN: "actieplan.png", c.SHEET_DASHBOARD: "dashboard.png", c.SHEET_GROUPS: "groepen.png",
    c.SHEET_CHECK: "controle.png", c.SHEET_INSTRUCTIONS: "instructies.png",
    c.WISHES.sheet: "droombeelden.png", c.OBJECTIVES.sheet: "doelstellingen.png", c.VOTES.sheet: "prioriteiten.png",
}
# A second picture of a sheet: the page that holds this text (Instructies: the install section).
PAGE_PICTURES = {c.SHEET_INSTRUCTIONS: ("instructies-installeren.png", "Installeren en macro's toestaan")}
DOCX_PICTURE = "actieplan-word.png"
DPI = 100  # an A4 landscape page is 1169 x 827 pixels at 100 dpi
CROP_TOP = 40


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise SystemExit("LibreOffice is missing: apt-get install libreoffice-calc-nogui libreoffice-writer-nogui")
    return exe


def to_pdf(files: list[Path], outdir: Path) -> list[Path]:
    """All files to PDF in one LibreOffice run (a start of LibreOffice costs seconds)."""
    profile = Path(tempfile.gettempdir()) / f"lo_{uuid.uuid4().hex}"
    try:
        subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)],
                       check=True, capture_output=True, timeout=600)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return [outdir / (f.stem + ".pdf") for f in files]


def only_sheet(src: Path, sheet: str, dest: Path) -> Path:
    """A copy holding one sheet (the written sheets carry their row heights already)."""
    wb = load_for_edit(src)
    for ws in list(wb.worksheets):
        if ws.title != sheet:
            wb.remove(ws)
    wb.active = 0
    return atomic_save(wb, dest)


def page_with(pdf: Path, text: str) -> int:
    """The number of the first page of ``pdf`` whose text holds ``text`` (pdftotext, one page at a time)."""
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                          timeout=60).stdout).group(1))
    for page in range(1, pages + 1):
        found = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                               capture_output=True, text=True, timeout=60).stdout
        if text in found:
            return page
    raise SystemExit(f"{pdf.name}: no page holds {text!r}")


def first_page_png(pdf: Path, png: Path, page: int = 1) -> Path:
    """A page (the first) at a resolution where a fit-to-width table is legible, the top margin cut off."""
    probe = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, timeout=60).stdout
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", probe)
    width, height = (float(size.group(1)), float(size.group(2))) if size else (842.0, 595.0)
    w_px, h_px = round(width / 72 * DPI), round(height / 72 * DPI)
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile",
                    "-x", "0", "-y", str(CROP_TOP), "-W", str(w_px), "-H", str(h_px - 2 * CROP_TOP), str(pdf),
                    str(png.with_suffix(""))], check=True, timeout=120)
    return png


def slug(sheet: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", sheet.lower().replace("'", "")).strip("-")


def main(outdir: Path, every: bool = False, keep_pdf: bool = False) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mvo-shots-") as tmp:
        work = Path(tmp)
        demo = build_demo(work / "heidebeek.xlsx")
        jobs: list[tuple[Path, str]] = []  # (file to convert, picture name)
        if every:
            template = write_template(work / "sjabloon.xlsx")
            for prefix, src in (("template", template), ("demo", demo.path)):
                for sheet in c.SHEET_ORDER:
                    name = f"{prefix}-{slug(sheet)}"
                    jobs.append((only_sheet(src, sheet, work / f"{name}.xlsx"), f"{name}.png"))
        else:
            for sheet, picture in PICTURES.items():
                jobs.append((only_sheet(demo.path, sheet, work / f"{Path(picture).stem}.xlsx"), picture))
        docx = work / f"{Path(DOCX_PICTURE).stem}.docx"
        docx.write_bytes(plan_docx(make_plan(read_workbook(demo.path)), MUNICIPALITY))
        jobs.append((docx, DOCX_PICTURE))
        pdfs = to_pdf([f for f, _ in jobs], work)
        for pdf, (_, picture) in zip(pdfs, jobs):
            pngs = [first_page_png(pdf, outdir / picture)]
            extra = next((v for k, v in PAGE_PICTURES.items() if picture == PICTURES.get(k)), None)
            if extra and not every:
                pngs.append(first_page_png(pdf, outdir / extra[0], page_with(pdf, extra[1])))
            if keep_pdf:
                shutil.copy(pdf, outdir / pdf.name)
            for png in pngs:
                print(png, png.stat().st_size, "bytes")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(Path(args[0]) if args else ROOT / "docs" / "img", every="--all" in sys.argv, keep_pdf="--pdf" in sys.argv)
