"""LibreOffice headless renders the Actieplan and the Dashboard to PDF (fails, never skips, without it)."""

from __future__ import annotations

import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from mvo_xl import contract as c
from mvo_xl.cli import main
from mvo_xl.io.writer import atomic_save, load_for_edit
from tests.builders import write_workbook
from tests.office import pdf_pages


def _soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        pytest.fail("LibreOffice is not installed: apt-get install libreoffice-calc-nogui (see .ci/run)")
    return exe


def _to_pdf(xlsx: Path, outdir: Path) -> Path:
    profile = Path("/tmp") / f"lo_{uuid.uuid4().hex}"
    try:
        result = subprocess.run([_soffice(), "--headless", f"-env:UserInstallation=file://{profile}",
                                 "--convert-to", "pdf", "--outdir", str(outdir), str(xlsx)],
                                capture_output=True, text=True, timeout=180)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = outdir / (xlsx.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice did not convert {xlsx.name}: {result.stderr}"
    return pdf


@pytest.mark.parametrize("sheet", [c.SHEET_PLAN, c.SHEET_DASHBOARD])
def test_libreoffice_renders_sheet(tmp_path, sheet):
    src = write_workbook(tmp_path / "w.xlsx")
    assert main(["plan", str(src), "-o", str(tmp_path / "plan.xlsx")]) == 0
    wb = load_for_edit(tmp_path / "plan.xlsx")
    for ws in list(wb.worksheets):
        if ws.title != sheet:
            wb.remove(ws)
    single = atomic_save(wb, tmp_path / f"{sheet.lower()}.xlsx")
    pdf = _to_pdf(single, tmp_path)
    assert pdf.stat().st_size > 1000
    assert pdf_pages(pdf) >= 1


def test_libreoffice_renders_whole_planned_workbook(tmp_path):
    src = write_workbook(tmp_path / "w.xlsx")
    assert main(["plan", str(src), "-o", str(tmp_path / "plan.xlsx")]) == 0
    pdf = _to_pdf(tmp_path / "plan.xlsx", tmp_path)
    assert pdf_pages(pdf) >= 2
