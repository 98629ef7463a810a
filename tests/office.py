"""Real LibreOffice for tests: open a workbook headless and convert it to PDF.

CI installs ``libreoffice-calc-nogui`` (see .ci/run); without it these tests fail
naming the missing component, they do not skip.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        pytest.fail("LibreOffice (Debian package libreoffice-calc-nogui) is not installed; .ci/run installs it")
    return exe


def to_pdf(path: Path, outdir: Path, timeout: int = 180) -> Path:
    """Convert with a private profile so parallel test workers never share one."""
    profile = outdir / f"lo-profile-{uuid.uuid4().hex}"
    cmd = [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", "pdf", "--outdir", str(outdir), str(path)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    pdf = outdir / (path.stem + ".pdf")
    assert pdf.exists() and pdf.stat().st_size > 1000, f"LibreOffice did not convert {path}: {result.stderr}"
    shutil.rmtree(profile, ignore_errors=True)
    return pdf


def pdf_pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf.read_bytes()))


def convert(path: Path, outdir: Path, to: str, timeout: int = 180) -> Path:
    """Let LibreOffice open ``path`` and save it as ``to`` (e.g. "ods", "xlsx"), as a user of Calc would."""
    profile = outdir / f"lo-profile-{uuid.uuid4().hex}"
    outdir.mkdir(parents=True, exist_ok=True)
    cmd = [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
           "--convert-to", to, "--outdir", str(outdir), str(path)]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    out = outdir / f"{path.stem}.{to.split(':')[0]}"
    assert out.exists() and out.stat().st_size > 1000, f"LibreOffice did not convert {path}: {result.stderr}"
    shutil.rmtree(profile, ignore_errors=True)
    return out
