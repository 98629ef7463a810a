"""The planning core on real workbooks: order, selection, support, blocking findings, determinism."""

from __future__ import annotations

import copy

import pytest

from mvo_xl.io.exports import md_text, plan_csv, plan_markdown
from mvo_xl.io.reader import read_workbook
from mvo_xl.plan import make_plan
from mvo_xl.steps.plan import plan_edits
from tests.builders import ENE, MOB, clean_content, write_workbook


def _plan(tmp_path, content=None, name="w.xlsx"):
    book = read_workbook(write_workbook(tmp_path / name, content))
    return book, make_plan(book)


def _vote(who, theme, action):
    return {"Deelnemer": who, "Thema": theme, "Actie": action}


def test_clean_plan_themes_objectives_and_vote_order(tmp_path):
    _, plan = _plan(tmp_path)
    assert [t.name for t in plan.themes] == [MOB, ENE]
    assert [[o.id for o in t.objectives] for t in plan.themes] == [["D-01", "D-02"], ["D-03"]]
    d01, d02 = plan.themes[0].objectives
    assert [(a.id, a.votes) for a in d01.actions] == [("A-01", 3), ("A-02", 2)]
    assert [(a.id, a.votes) for a in d02.actions] == [("A-03", 2), ("A-04", 1)]
    assert plan.blocking == []
    assert d01.indicator and d01.target == "100%" and d01.deadline == "2029"
    assert d01.involved == ["Technische dienst", "Financiën"]


def test_unchosen_objective_and_its_actions_are_excluded(tmp_path):
    content = clean_content()
    content["actions"].append({"ID": "A-07", "Doelstelling": "D-04", "Actie": "Coöperatie verkennen",
                               "Trekker": "Milieudienst", "Deadline": 2028, "Budget": 0})
    _, plan = _plan(tmp_path, content)
    assert "D-04" not in [o.id for o in plan.objectives]
    assert "A-07" not in [a.id for a in plan.actions]
    assert plan.blocking == []


def test_votes_that_do_not_count_are_named_not_counted(tmp_path):
    content = clean_content()
    content["actions"].append({"ID": "A-07", "Doelstelling": "D-04", "Actie": "Coöperatie verkennen",
                               "Trekker": "Milieudienst", "Deadline": 2028})
    content["votes"] += [
        _vote("Carla Smets", ENE, "A-07"),  # an action of D-04, not chosen: Carla would have 3 for energy
        _vote("Eva Wouters", MOB, "A-04"),  # the trekker does not vote
        _vote("Xavier Onbekend", MOB, "A-04"),  # not in Deelnemers
    ]
    _, plan = _plan(tmp_path, content)
    d02 = plan.themes[0].objectives[1]
    assert [(a.id, a.votes) for a in d02.actions] == [("A-03", 2), ("A-04", 1)]
    found = {(f.code, f.cell) for f in plan.blocking}
    assert found == {("MVO030", "C18"), ("MVO030", "A19"), ("MVO030", "A20")}, plan.blocking
    assert sum(plan.ignored_votes.values()) == 3


@pytest.mark.parametrize("table, index, changes, cell", [
    # a row copied to make a new objective, its ID left as it was: its actions would show under both
    ("objectives", 0, {"Doelstelling": "Tegen 2029 rijdt elke schoolbus elektrisch"}, "A6"),
    ("actions", 0, {"Actie": "Fietsroutes bewegwijzeren"}, "A8"),  # A-01 and its 3 votes twice under D-01
    ("wishes", 0, {"Droombeeld": "Een fietsstraat langs de school"}, "A9"),
])
def test_a_duplicate_id_makes_the_plan_unsound(tmp_path, table, index, changes, cell):
    content = clean_content()
    content[table].append(dict(content[table][index], **changes))
    _, plan = _plan(tmp_path, content)
    assert [(f.code, f.cell) for f in plan.blocking] == [("MVO031", cell)], plan.blocking
    if table == "wishes":  # two wishes (rows), one ID: both stand behind D-01
        assert plan.objectives[0].wish_count == 3


def test_dashboard_top_actions_break_ties_by_natural_id(tmp_path):
    from mvo_xl.steps.plan import dashboard_sheet

    content = clean_content()  # IDs typed by hand without a leading zero; A-02 renamed A-10
    rename = {"A-01": "A-1", "A-02": "A-10", "A-03": "A-3", "A-04": "A-4", "A-05": "A-5", "A-06": "A-6"}
    for row in content["actions"]:
        row["ID"] = rename[row["ID"]]
    for row in content["votes"]:
        row["Actie"] = rename[row["Actie"]]
    book, plan = _plan(tmp_path, content)
    rows = dashboard_sheet(book, plan, "w").values()
    start = next(i for i, r in enumerate(rows) if r and str(r[0]).startswith("Stemmen per actie"))
    top = [(str(r[0]).split()[0], r[1]) for r in rows[start + 3:start + 9]]
    # 4, 4, 3, then the two with 2 votes in ID order (A-3 before A-10), as the plan orders them
    assert top == [("A-5", 4), ("A-6", 4), ("A-1", 3), ("A-3", 2), ("A-10", 2), ("A-4", 1)]


def test_an_action_for_two_objectives_is_blocking_with_the_same_message(tmp_path):
    content = clean_content()
    content["actions"][2]["Doelstelling"] = "D-02, D-01"
    _, plan = _plan(tmp_path, content)
    (f,) = [f for f in plan.blocking if f.cell == "B4"]
    assert f.code == "MVO030" and "één doelstelling" in f.message


def test_two_actions_in_one_vote_cell_is_blocking_with_the_same_message(tmp_path):
    content = clean_content()
    content["votes"][0]["Actie"] = "A-01, A-02"
    _, plan = _plan(tmp_path, content)
    (f,) = [f for f in plan.blocking if f.cell == "C2"]
    assert f.code == "MVO030" and "eigen rij" in f.message


def test_ties_by_deadline_then_id(tmp_path):
    # D-03 has A-05 (2027) and A-06 (2028), 4 votes each: the earliest deadline first.
    content = clean_content()
    content["actions"] += [
        {"ID": "A-09", "Doelstelling": "D-03", "Actie": "Zonder deadline", "Trekker": "Milieudienst", "Budget": 1},
        {"ID": "A-08", "Doelstelling": "D-03", "Actie": "Ook in 2027", "Trekker": "Milieudienst", "Deadline": 2027},
        {"ID": "A-10", "Doelstelling": "D-03", "Actie": "Vroeg in 2027", "Trekker": "Milieudienst",
         "Deadline": "Q1 2027"},
    ]
    _, plan = _plan(tmp_path, content)
    d03 = plan.themes[1].objectives[0]
    # votes 4,4 then 0,0,0: among the 4s 2027 < 2028; among the 0s Q1 2027 < 2027 (A-08) < none
    assert [a.id for a in d03.actions] == ["A-05", "A-06", "A-10", "A-08", "A-09"]
    content["actions"][4]["Deadline"] = 2027  # both 2027 and 4 votes: by ID
    content["actions"][5]["Deadline"] = 2027
    _, plan = _plan(tmp_path, content, "w2.xlsx")
    assert [a.id for a in plan.themes[1].objectives[0].actions][:2] == ["A-05", "A-06"]


def test_votes_reorder_actions(tmp_path):
    content = clean_content()
    content["votes"] = [v for v in content["votes"] if v["Actie"] != "A-01"]
    _, plan = _plan(tmp_path, content)
    assert [a.id for a in plan.themes[0].objectives[0].actions] == ["A-02", "A-01"]


def test_manual_group_wins_in_groups_and_support(tmp_path):
    content = clean_content()
    # DB-003 (Bert, Technische dienst) is moved by hand from DM-02 to DM-01.
    content["wishes"][2]["Groep (handmatig)"] = "DM-01"
    _, plan = _plan(tmp_path, content)
    d01, d02 = plan.themes[0].objectives
    assert d01.wish_count == 3 and d01.groups[0].wish_count == 3
    assert d01.department_count == 3 and "Technische dienst" in d01.departments
    assert d02.wish_count == 1 and d02.departments == ["Milieudienst"]
    assert d01.groups[0].label == "Veilige fietspaden"


def test_support_counts_departments_via_participants(tmp_path):
    _, plan = _plan(tmp_path)
    d03 = plan.themes[1].objectives[0]
    assert [g.id for g in d03.groups] == ["EK-01", "EK-02"]
    assert d03.wish_count == 3
    assert d03.departments == ["Financiën", "Milieudienst", "Technische dienst"]


def test_blocking_findings_listed_not_dropped(tmp_path):
    content = clean_content()
    content["objectives"][1]["Thema"] = "Onbekend thema"  # D-02 chosen, theme unknown
    content["objectives"].append({"ID": "D-05", "Thema": ENE, "Doelstelling": "Een doel zonder acties",
                                  "Gekozen": "Ja"})
    content["actions"].append({"ID": "A-20", "Doelstelling": "D-99", "Actie": "Wees", "Trekker": "Financiën"})
    content["votes"].append(_vote("An Peeters", MOB, "A-77"))
    _, plan = _plan(tmp_path, content)
    codes = sorted((f.code, f.sheet, f.column) for f in plan.blocking)
    assert ("MVO030", "Doelstellingen", "Thema") in codes
    assert ("MVO030", "Acties", "Doelstelling") in codes
    assert ("MVO030", "Prioriteiten", "Actie") in codes
    assert ("MVO033", "Doelstellingen", "ID") in codes
    # the objective of the unknown theme is still in the plan, in a theme section of its own, at the end
    assert plan.themes[-1].name == "Onbekend thema" and not plan.themes[-1].known
    assert [o.id for o in plan.themes[-1].objectives] == ["D-02"]
    assert "D-05" in [o.id for o in plan.objectives]
    messages = " ".join(f.message for f in plan.blocking)
    assert "D-99" in messages and "A-77" in messages and "D-05" in messages
    # shown on top of the Actieplan sheet
    book = read_workbook(tmp_path / "w.xlsx")
    sheet = plan_edits(book, plan).sheets[0]
    top = [str(v) for row in sheet.values()[:12] for v in row if v]
    assert any("D-99" in v for v in top) and any("Eerst oplossen" in v for v in top)


def test_vote_counted_once_per_participant(tmp_path):
    content = clean_content()
    content["votes"].append(_vote("Dirk Maes", MOB, "A-04"))  # a repeat of Dirk's vote
    _, plan = _plan(tmp_path, content)
    assert {a.id: a.votes for a in plan.actions}["A-04"] == 1


def test_deterministic(tmp_path):
    book1, plan1 = _plan(tmp_path, None, "a.xlsx")
    book2, plan2 = _plan(tmp_path, None, "b.xlsx")
    book2.source = book1.source
    plan2.source = plan1.source
    assert plan1 == plan2
    assert plan_edits(book1, plan1).sheets[0].values() == plan_edits(book2, plan2).sheets[0].values()
    assert plan_edits(book1, plan1).sheets[1].values() == plan_edits(book2, plan2).sheets[1].values()
    assert plan_csv(plan1) == plan_csv(plan2) and plan_markdown(plan1) == plan_markdown(plan2)


def test_reordered_input_rows_give_the_same_plan(tmp_path):
    content = clean_content()
    shuffled = copy.deepcopy(content)
    for key in ("actions", "votes", "objectives", "wishes"):
        shuffled[key] = list(reversed(shuffled[key]))
    _, plan1 = _plan(tmp_path, content, "a.xlsx")
    _, plan2 = _plan(tmp_path, shuffled, "b.xlsx")
    strip = lambda p: [(t.name, [(o.id, o.wish_count, [(a.id, a.votes) for a in o.actions]) for o in t.objectives])
                       for t in p.themes]
    assert strip(plan1) == strip(plan2)


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_markdown_text_is_defused_and_escaped(lead):
    out = md_text(lead + "HYPERLINK(\"http://x\")|a")
    assert out.startswith("'") and "\\|" in out and "\t" not in out and "\r" not in out


def test_core_imports_no_office_library():
    import subprocess
    import sys

    code = ("import sys; import mvo_xl.plan, mvo_xl.steps.plan, mvo_xl.io.exports; "
            "print(any(m.split('.')[0] in ('openpyxl', 'xlwings') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_merged_master_over_the_methods_limits_says_so_on_top_of_the_plan(tmp_path):
    """Four chosen objectives in a theme, and a participant whose third vote is counted: the plan still shows every
    row, but warns on top, once per theme and once per participant and theme."""
    content = clean_content()
    for n in (5, 6, 7):
        content["objectives"].append({"ID": f"D-0{n}", "Thema": ENE, "Doelstelling": f"Doel {n} voor energie",
                                      "Gekozen": "Ja"})
        content["actions"].append({"ID": f"A-1{n}", "Doelstelling": f"D-0{n}", "Actie": f"Actie {n}",
                                   "Trekker": "Milieudienst"})
    content["votes"].append(_vote("Dirk Maes", MOB, "A-02"))  # Dirk now has
    content["votes"].append(_vote("dirk maes", MOB, "A-02"))  # the same vote twice is no fourth
    _, plan = _plan(tmp_path, content)
    assert [o.id for o in plan.themes[1].objectives] == ["D-03", "D-05", "D-06", "D-07"]  # nothing hidden
    assert [(a.id, a.votes) for a in plan.themes[0].objectives[0].actions] == [("A-01", 3), ("A-02", 3)]
    found = sorted((f.code, f.sheet, f.cell) for f in plan.blocking if f.code in ("MVO001", "MVO002"))
    assert found == [("MVO001", "Doelstellingen", "K4"), ("MVO002", "Prioriteiten", "C8")]
    messages = {f.code: f.message for f in plan.blocking}
    assert "4 gekozen doelstellingen" in messages["MVO001"] and "D-07" in messages["MVO001"]
    assert "Dirk Maes" in messages["MVO002"] and "3 prioritaire acties" in messages["MVO002"]
