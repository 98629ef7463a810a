"""The core is pure: reading, grouping, rules, planning and merging never import an office library."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CORE = ["mvo_xl.contract", "mvo_xl.catalogue", "mvo_xl.model", "mvo_xl.normalize", "mvo_xl.edits",
        "mvo_xl.grouping", "mvo_xl.rules", "mvo_xl.plan", "mvo_xl.merge", "mvo_xl.steps.group",
        "mvo_xl.steps.validate", "mvo_xl.steps.plan", "mvo_xl.steps.ids", "mvo_xl.io.exports"]


def test_core_imports_neither_openpyxl_nor_xlwings():
    probe = ("import sys\n"
             f"for name in {CORE!r}: __import__(name)\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'xlwings')))")
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_every_rule_of_the_catalogue_is_checked_and_documented():
    from mvo_xl.catalogue import RULES
    from mvo_xl.instructions import instruction_blocks

    sources = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "mvo_xl" / "rules").glob("*.py"))
    reader = (REPO / "mvo_xl" / "model.py").read_text(encoding="utf-8")
    text = "\n".join(t for _k, t in instruction_blocks())
    for rule in RULES:
        assert rule.code in text, rule.code
        if rule.code in ("MVO040", "MVO041", "MVO042", "MVO043"):  # what the reader sees, not a rule module
            assert f'"{rule.code}"' in reader + sources, f"the model never reports {rule.code}"
        else:
            assert f'"{rule.code}"' in sources, f"no rule module reports {rule.code}"
