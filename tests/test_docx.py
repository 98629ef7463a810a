"""The action plan as a Word chapter: written by the CLI, read back with python-docx, rendered by LibreOffice."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document

from mvo_xl.cli import main
from mvo_xl.io.reader import read_workbook
from mvo_xl.plan import make_plan
from tests.office import pdf_pages, to_pdf

BUILT_IN = {"Title", "Heading 1", "Heading 2", "Heading 3", "Normal", "List Bullet", "Intense Quote"}


@pytest.fixture(scope="module")
def chapter(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("docx")
    demo = folder / "demo.xlsx"
    assert main(["demo", str(demo)]) == 0
    out = folder / "hoofdstuk.docx"
    main(["plan", str(demo), "--format", "docx", "--output", str(out), "--titel", "Gemeente Heidebeek"])
    return demo, out


def test_a_heading_per_theme_and_per_objective(chapter):
    demo, out = chapter
    plan = make_plan(read_workbook(demo))
    doc = Document(str(out))
    by_style: dict[str, list[str]] = {}
    for p in doc.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["Title"] == ["MVO-actieplan – Gemeente Heidebeek"]
    assert by_style["Heading 1"] == [t.name for t in plan.themes]
    assert by_style["Heading 2"] == [f"{o.id} – {o.text}" for o in plan.objectives]
    assert set(by_style) <= BUILT_IN, set(by_style) - BUILT_IN


def test_actions_in_vote_order_and_no_hard_formatting(chapter):
    demo, out = chapter
    plan = make_plan(read_workbook(demo))
    doc = Document(str(out))
    action_tables = [t for t in doc.tables if t.rows[0].cells[0].text == "Actie"]
    with_actions = [o for o in plan.objectives if o.actions]
    assert len(action_tables) == len(with_actions)
    for table, objective in zip(action_tables, with_actions):
        ids = [row.cells[0].text for row in table.rows[1:]]
        votes = [int(row.cells[5].text) for row in table.rows[1:]]
        assert ids == [a.id for a in objective.actions]
        assert votes == sorted(votes, reverse=True)
    assert all(t.style.name == "Light Grid Accent 1" for t in doc.tables)
    for p in doc.paragraphs:
        for run in p.runs:
            assert run.bold is None and run.italic is None and run.font.size is None and run.font.name is None


def test_libreoffice_renders_the_chapter(chapter, tmp_path):
    _demo, out = chapter
    assert pdf_pages(to_pdf(out, tmp_path)) >= 3


def test_docx_extension_chooses_the_format(tmp_path, chapter):
    demo, _ = chapter
    out = tmp_path / "plan.docx"
    main(["plan", str(demo), "--output", str(out)])
    assert Document(str(out)).paragraphs[0].style.name == "Title"
