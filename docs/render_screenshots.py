"""Render the README pictures of the Actieplan and the Dashboard with LibreOffice headless.

    python docs/render_screenshots.py [OUTDIR]   (default: docs/img)

Builds the demo workbook of Gemeente Heidebeek (``mvo-xl demo``: grouped, checked
and planned, as the buttons do), keeps one sheet per copy, converts each copy to PDF
(``soffice --headless --convert-to pdf``) and the first page to PNG
(``pdftoppm -png -r 100``, cropped to the content: at 60 dpi the
fit-to-width table of 13 columns is not legible). Needs LibreOffice (libreoffice-calc-nogui) and
poppler-utils.
"""

from __future__ import annotations

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
from mvo_xl.io.writer import atomic_save, load_for_edit  # noqa: E402

PICTURES = {c.SHEET_PLAN: "actieplan.png", c.SHEET_DASHBOARD: "dashboard.png", c.SHEET_GROUPS: "groepen.png",
            c.SHEET_CHECK: "controle.png",
            c.SHEET_INSTRUCTIONS: "instructies.png"}
DPI = 100  # an A4 landscape page is 1169 x 827 pixels at 100 dpi
CROP_TOP, WIDTH, HEIGHT = 70, 1169, 680


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        raise SystemExit("LibreOffice is missing: apt-get install libreoffice-calc-nogui")
    return exe


def to_pdf(xlsx: Path, outdir: Path) -> Path:
    profile = Path(tempfile.gettempdir()) / f"lo_{uuid.uuid4().hex}"
    try:
        subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(outdir), str(xlsx)],
                       check=True, capture_output=True, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return outdir / (xlsx.stem + ".pdf")


def only_sheet(src: Path, sheet: str, dest: Path) -> Path:
    """A copy holding one sheet (the written sheets carry their row heights already)."""
    wb = load_for_edit(src)
    for ws in list(wb.worksheets):
        if ws.title != sheet:
            wb.remove(ws)
    wb.active = 0
    return atomic_save(wb, dest)


def main(outdir: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="mvo-shots-") as tmp:
        work = Path(tmp)
        demo = build_demo(work / "heidebeek.xlsx")
        for sheet, picture in PICTURES.items():
            single = only_sheet(demo.path, sheet, work / f"{Path(picture).stem}.xlsx")
            pdf = to_pdf(single, work)
            # The first page, at a resolution where the fit-to-width table is legible, cut to the content.
            subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1", "-singlefile",
                            "-x", "0", "-y", str(CROP_TOP), "-W", str(WIDTH), "-H", str(HEIGHT), str(pdf),
                            str(outdir / Path(picture).stem)], check=True, timeout=120)
            shutil.copy(pdf, outdir / f"{Path(picture).stem}.pdf") if "--pdf" in sys.argv else None
            print(outdir / picture, (outdir / picture).stat().st_size, "bytes")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    main(Path(args[0]) if args else ROOT / "docs" / "img")
