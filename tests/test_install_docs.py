"""The installation a municipality's IT follows: the PowerShell script, README, Instructies, smoke test.

No PowerShell runs here (pwsh is not in Debian's or PyPI's packages): the script is checked as
text, for what Windows PowerShell 5.1 needs to read it and for each step it must take.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mvo_xl.instructions import instruction_blocks

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "install-windows.ps1"


@pytest.fixture(scope="module")
def script() -> str:
    assert SCRIPT.is_file(), "scripts/install-windows.ps1 is missing"
    raw = SCRIPT.read_bytes()
    # Windows PowerShell 5.1 reads a file without BOM as the ANSI code page: keep it ASCII.
    assert raw.isascii(), "non-ASCII characters would be garbled by Windows PowerShell 5.1"
    return raw.decode("ascii")


def _code(script: str) -> str:
    """The script without comments and string contents, for structure checks."""
    text = re.sub(r"<#.*?#>", "", script, flags=re.S)
    text = re.sub(r"(?m)#.*$", "", text)
    return re.sub(r'"(?:`.|[^"`])*"', '""', text)


def test_script_is_balanced_powershell(script):
    code = _code(script)
    for opening, closing in ("{}", "()", "[]"):
        assert code.count(opening) == code.count(closing), f"unbalanced {opening}{closing}"
    assert script.count('"') % 2 == 0
    assert re.search(r"(?m)^\[CmdletBinding\(\)\]\s*\nparam\(", script)
    assert "$ErrorActionPreference = \"Stop\"" in script


def test_script_takes_every_step(script):
    code = re.sub(r"<#.*?#>", "", script, flags=re.S)  # the steps themselves, not the help text
    assert re.search(r'"pip", "install", "--user"', code) and "-m pip install --user" in code
    assert "addin install" in code and "xlwings.cli" in code
    assert re.search(r"Unblock-File -LiteralPath \$file", code)
    assert re.search(r"\[switch\]\s*\$DryRun", code)
    # dry run: every step goes through Invoke-Step, which prints and returns before acting
    body = code[code.index("function Invoke-Step"):code.index("# 1. Python")]
    assert body.index("Write-Host") < body.index("if ($DryRun)") < body.index("return") < body.index("& $Action")
    steps = re.findall(r"(?m)^\s*Invoke-Step ", code)
    assert len(steps) == 4


def test_readme_tells_what_to_do_when_excel_blocks_the_macros():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for needle in ("Mark of the Web", "Deblokkeren", "Unblock-File", "Eigenschappen", "trusted location",
                   "Vertrouwde locaties", "trusted sites", "SharePoint", "install-windows.ps1", "-DryRun",
                   "docs/excel-smoke-test.md", "ADD_WORKBOOK_TO_PYTHONPATH", "INTERPRETER_WIN"):
        assert needle in readme, needle


def test_instructies_explains_installing_in_dutch():
    blocks = instruction_blocks()
    start = blocks.index(("section", "Installeren en macro's toestaan"))
    section = []
    for style, text in blocks[start + 1:]:
        if style == "section":
            break
        section.append(text)
    text = "\n".join(section)
    for needle in ("pip install --user mvo-xl", "xlwings addin install", "Mark of the Web", "Eigenschappen",
                   "Deblokkeren", "Unblock-File", "Vertrouwde locaties", "Vertrouwde websites", "SharePoint",
                   "xlwings ontbreekt", "fout in Python"):
        assert needle in text, needle


def test_smoke_test_covers_every_button():
    from xml.etree import ElementTree

    from mvo_xl import xlsm

    doc = (REPO / "docs" / "excel-smoke-test.md").read_text(encoding="utf-8")
    ribbon = ElementTree.fromstring(xlsm.ribbon_xml())
    labels = [b.get("label") for b in ribbon.iter("{http://schemas.microsoft.com/office/2009/07/customui}button")]
    assert len(labels) == 6
    for label in labels:
        assert re.search(rf"^\| \*\*{re.escape(label)}\*\* \| \S", doc, re.M), f"no smoke-test row for {label}"
    for needle in ("AutoSave", "Mark of the Web", "fout in Python", "xlwings ontbreekt", "Zoë's", "INTERPRETER_WIN"):
        assert needle in doc, needle
