"""Every rule of the method on real workbooks: a seeded violation is found at its sheet and row; the clean one passes.

Tables start at A1, so the n-th record (0-based) of a table sits on Excel row n + 2.
"""

from __future__ import annotations

import datetime as dt
from typing import Callable

import openpyxl
import pytest

from mvo_xl.catalogue import FOUT, INFO, SEVERITIES, WAARSCHUWING
from mvo_xl.io.reader import read_workbook
from mvo_xl.rules import RuleContext, check_workbook
from tests.builders import ENE, MOB, TODAY, clean_content, write_workbook

SMART_CODES = {"MVO010", "MVO011", "MVO012", "MVO013", "MVO014", "MVO020"}


def run(tmp_path, change: Callable[[dict], None] | None = None, **kw):
    content = clean_content()
    if change:
        change(content)
    book = read_workbook(write_workbook(tmp_path / "werkmap.xlsx", content))
    assert book.readable, book.problems
    return check_workbook(book, today=kw.pop("today", TODAY), **kw)


def at(findings, code: str, sheet: str, row: int, cell: str | None = None):
    hits = [f for f in findings if (f.code, f.sheet, f.row) == (code, sheet, row)]
    assert hits, f"{code} not at {sheet} row {row}: {[(f.code, f.sheet, f.row) for f in findings]}"
    if cell:
        assert cell in {f.cell for f in hits}
    return hits[0]


def codes(findings) -> set[str]:
    return {f.code for f in findings}


def setter(table: str, index: int, **values) -> Callable[[dict], None]:
    def change(content):
        content[table][index].update({k.replace("_", " "): v for k, v in values.items()})
    return change


def objective(**values) -> dict:
    row = {"ID": "D-05", "Thema": MOB, "Doelstelling": "Tegen 2028 rijden alle bussen op groene stroom",
           "Groepen": "DM-02", "Indicator": "Aandeel", "Streefwaarde": "100%", "Deadline": 2028,
           "Verantwoordelijke dienst": "Mobiliteit", "Betrokken diensten": "Milieudienst",
           "Middelen": "Budget", "Gekozen": "Ja"}
    row.update(values)
    return row


# --- the clean workbook ----------------------------------------------------------------------

def test_clean_workbook_has_no_fout_or_waarschuwing(tmp_path):
    findings = run(tmp_path)
    assert not [f for f in findings if f.severity in (FOUT, WAARSCHUWING)], findings


def test_findings_are_sorted_by_severity_and_carry_file_and_cell(tmp_path):
    def change(content):
        content["objectives"][1]["Middelen"] = ""  # MVO013, waarschuwing
        content["objectives"][0]["Deadline"] = 2020  # MVO014, fout
        content["objectives"][2]["Groepen"] = "EK-01"  # MVO034, info
    findings = run(tmp_path, change)
    assert [SEVERITIES.index(f.severity) for f in findings] == sorted(SEVERITIES.index(f.severity) for f in findings)
    assert {f.severity for f in findings} == {FOUT, WAARSCHUWING, INFO}
    assert all(f.file == "werkmap.xlsx" and f.cell and f.column for f in findings)
    assert findings == run(tmp_path, change)  # deterministic


# --- MVO001 ----------------------------------------------------------------------------------

def test_mvo001_four_chosen_objectives_in_a_theme(tmp_path):
    def change(content):
        content["objectives"] += [objective(ID="D-05"), objective(ID="D-06")]
    findings = run(tmp_path, change)
    f = at(findings, "MVO001", "Doelstellingen", 7, "K7")
    assert "4 gekozen" in f.message and "D-06" in f.message and f.severity == FOUT
    # every chosen objective of the theme is marked: the kopgroep decides which to drop
    assert sorted(x.row for x in findings if x.code == "MVO001") == [2, 3, 6, 7]


def test_mvo001_three_chosen_pass(tmp_path):
    assert "MVO001" not in codes(run(tmp_path, lambda c: c["objectives"].append(objective())))


# --- MVO002 / MVO003 -------------------------------------------------------------------------

def test_mvo002_three_priorities(tmp_path):
    def change(content):
        content["votes"].append({"Deelnemer": "An Peeters", "Thema": MOB, "Actie": "A-04"})
    f = at(run(tmp_path, change), "MVO002", "Prioriteiten", 18, "C18")
    assert "An Peeters" in f.message and "3 prioritaire" in f.message


def test_mvo003_one_priority(tmp_path):
    def change(content):
        del content["votes"][7]  # Dirk Maes, mobility, A-04
    f = at(run(tmp_path, change), "MVO003", "Prioriteiten", 8, "A8")
    assert "Dirk Maes" in f.message and f.severity == WAARSCHUWING


def test_mvo003_no_priority_points_at_the_participant(tmp_path):
    def change(content):
        del content["votes"][6:8]
    f = at(run(tmp_path, change), "MVO003", "Deelnemers", 5, "A5")
    assert "nog geen" in f.message


def test_mvo003_a_vote_without_theme_counts_for_the_theme_of_its_action(tmp_path):
    # the empty Thema is MVO032; An still picked two mobility actions (and the plan counts both)
    findings = run(tmp_path, setter("votes", 0, Thema=""))
    at(findings, "MVO032", "Prioriteiten", 2, "B2")
    assert not [f for f in findings if f.code in ("MVO002", "MVO003")], findings


def test_mvo002_003_pass_and_trekker_does_not_vote(tmp_path):
    findings = run(tmp_path)
    assert not codes(findings) & {"MVO002", "MVO003"}


# --- SMART: MVO010-MVO014 --------------------------------------------------------------------

def test_mvo010_short_text(tmp_path):
    f = at(run(tmp_path, setter("objectives", 0, Doelstelling="Veilige fietsroutes")),
           "MVO010", "Doelstellingen", 2, "C2")
    assert "'Veilige fietsroutes'" in f.message and "2 woorden" in f.message


def test_mvo010_no_responsible(tmp_path):
    change = setter("objectives", 1, **{"Verantwoordelijke_dienst": ""})
    at(run(tmp_path, change), "MVO010", "Doelstellingen", 3, "H3")


def test_smart_rules_skip_unchosen_candidates(tmp_path):
    findings = run(tmp_path, setter("objectives", 3, Doelstelling="Coöperatie", Gekozen="Nee"))
    assert not [f for f in findings if f.row == 5 and f.code in SMART_CODES]


def test_mvo011_no_indicator(tmp_path):
    at(run(tmp_path, setter("objectives", 1, Indicator="")), "MVO011", "Doelstellingen", 3, "E3")


def test_mvo011_no_target_and_no_number(tmp_path):
    at(run(tmp_path, setter("objectives", 1, Streefwaarde="")), "MVO011", "Doelstellingen", 3, "F3")


def test_mvo011_a_number_in_the_text_stands_in_for_the_target(tmp_path):
    assert "MVO011" not in codes(run(tmp_path, setter("objectives", 0, Streefwaarde="")))  # 'Tegen 2029 ...'


PLACEHOLDERS = ["?", "-", "...", "n.v.t.", "NTB", "nog te bepalen", "in te vullen", "xxx"]


@pytest.mark.parametrize("placeholder", PLACEHOLDERS)
def test_smart_a_placeholder_is_no_value(tmp_path, placeholder):
    # D-02 ('Het gemeentelijk wagenpark is voor de helft elektrisch') has no number in its text
    columns = ("Indicator", "Streefwaarde", "Middelen", "Verantwoordelijke dienst", "Betrokken diensten")
    findings = run(tmp_path, lambda content: content["objectives"][1].update(dict.fromkeys(columns, placeholder)))
    at(findings, "MVO011", "Doelstellingen", 3, "E3")  # no indicator
    at(findings, "MVO011", "Doelstellingen", 3, "F3")  # no target
    at(findings, "MVO013", "Doelstellingen", 3, "J3")  # no means
    at(findings, "MVO010", "Doelstellingen", 3, "H3")  # no responsible department ...
    assert not [f for f in findings if f.code == "MVO012" and f.row == 3]  # ... rather than '?' not in the kopgroep
    assert "0 diensten" in at(findings, "MVO020", "Doelstellingen", 3, "I3").message


@pytest.mark.parametrize("target", ["0", "geen", "0 klachten", "-20%", "n.v.t. 2028: 50%"])
def test_mvo011_real_targets_are_no_placeholder(tmp_path, target):
    assert "MVO011" not in codes(run(tmp_path, setter("objectives", 1, Streefwaarde=target)))


def test_mvo012_responsible_outside_the_kopgroep(tmp_path):
    change = setter("objectives", 0, **{"Verantwoordelijke_dienst": "Cultuur"})
    f = at(run(tmp_path, change), "MVO012", "Doelstellingen", 2, "H2")
    assert "'Cultuur'" in f.message


def test_mvo012_department_matched_case_insensitively(tmp_path):
    change = setter("objectives", 0, **{"Verantwoordelijke_dienst": "MOBILITEIT"})
    assert "MVO012" not in codes(run(tmp_path, change))


def test_mvo013_no_means(tmp_path):
    at(run(tmp_path, setter("objectives", 2, Middelen="")), "MVO013", "Doelstellingen", 4, "J4")


@pytest.mark.parametrize("deadline, variant_word", [
    ("", "geen deadline"), ("volgend jaar", "geen datum"), (2025, "verleden"), ("Q3 2033", "planhorizon"),
])
def test_mvo014_objective_deadline(tmp_path, deadline, variant_word):
    f = at(run(tmp_path, setter("objectives", 0, Deadline=deadline)), "MVO014", "Doelstellingen", 2, "G2")
    assert variant_word in f.message


@pytest.mark.parametrize("deadline", ["2027-09", "09/2027", "sept. 2027", "30 juni 2028", "tegen eind 2030",
                                      "uiterlijk 31/12/2028", "tweede kwartaal 2027", dt.date(2027, 9, 30)])
def test_mvo014_deadlines_as_facilitators_write_them_pass(tmp_path, deadline):
    def change(content):
        content["objectives"][0]["Deadline"] = deadline
        content["actions"][0]["Deadline"] = deadline
        content["actions"][0]["Budget"] = "€ 5.000,-"
        content["actions"][1]["Budget"] = "12,5k"
    findings = run(tmp_path, change)
    assert not [f for f in findings if f.code in ("MVO014", "MVO043")], findings


def test_mvo043_a_budget_in_words_says_what_it_means_for_the_plan(tmp_path):
    def change(content):
        content["actions"][0]["Budget"] = "1 VTE"
        content["actions"][1]["Budget"] = -500
    findings = run(tmp_path, change)
    text = at(findings, "MVO043", "Acties", 2, "F2").message
    # shown as typed in the plan, but not in the Dashboard's total; people and time belong to Middelen
    assert "'1 VTE'" in text and "zoals getypt" in text and "niet mee" in text and "Middelen" in text
    assert "negatief" in at(findings, "MVO043", "Acties", 3, "F3").message


def test_mvo014_action_deadline_in_the_past(tmp_path):
    f = at(run(tmp_path, setter("actions", 0, Deadline="Q1 2020")), "MVO014", "Acties", 2, "E2")
    assert "actie A-01" in f.message


def test_mvo014_empty_action_deadline_passes(tmp_path):
    assert "MVO014" not in codes(run(tmp_path, setter("actions", 0, Deadline="")))


def test_mvo014_today_and_horizon_are_parameters(tmp_path):
    change = setter("objectives", 0, Deadline="Q4 2026")
    assert "MVO014" not in codes(run(tmp_path, change))
    at(run(tmp_path, change, today=dt.date(2027, 1, 15)), "MVO014", "Doelstellingen", 2)
    later = setter("objectives", 0, Deadline=2033)
    assert "MVO014" in codes(run(tmp_path, later))
    assert "MVO014" not in codes(run(tmp_path, later, horizon=2035))


def test_context_from_settings_and_parameters(tmp_path):
    book = read_workbook(write_workbook(tmp_path / "w.xlsx"))
    book.settings.horizon, book.settings.today = 2030, dt.date(2027, 3, 1)
    assert RuleContext.for_book(book) == RuleContext(dt.date(2027, 3, 1), 2030)
    assert RuleContext.for_book(book, today=TODAY, horizon=2031) == RuleContext(TODAY, 2031)


# --- MVO020 / MVO021 -------------------------------------------------------------------------

def test_mvo020_one_department(tmp_path):
    change = setter("objectives", 1, **{"Betrokken_diensten": "technische dienst"})  # same as responsible
    f = at(run(tmp_path, change), "MVO020", "Doelstellingen", 3, "I3")
    assert "1 dienst" in f.message


def test_mvo021_kopgroep_department_left_out(tmp_path):
    def change(content):
        content["participants"].append({"Naam": "Fien Jacobs", "Dienst": "Cultuur", "Rol": "Kopgroep"})
    f = at(run(tmp_path, change), "MVO021", "Deelnemers", 7, "B7")
    assert "'Cultuur'" in f.message and "Fien Jacobs" in f.message


def test_mvo021_leading_an_action_counts_as_involved(tmp_path):
    def change(content):
        content["participants"].append({"Naam": "Fien Jacobs", "Dienst": "Cultuur", "Rol": "Kopgroep"})
        content["actions"][5]["Trekker"] = "cultuur"
    assert "MVO021" not in codes(run(tmp_path, change))


# --- MVO030-MVO032 ---------------------------------------------------------------------------

@pytest.mark.parametrize("table, index, values, sheet, cell", [
    ("wishes", 0, {"Thema": "Onbekend thema"}, "Droombeelden", "B2"),
    ("objectives", 0, {"Thema": "Onbekend thema"}, "Doelstellingen", "B2"),
    ("objectives", 0, {"Groepen": "DM-01; XX-09"}, "Doelstellingen", "D2"),
    ("actions", 0, {"Doelstelling": "D-99"}, "Acties", "B2"),
    ("votes", 0, {"Deelnemer": "Xavier Onbekend"}, "Prioriteiten", "A2"),
    ("votes", 0, {"Thema": "Onbekend thema"}, "Prioriteiten", "B2"),
    ("votes", 0, {"Actie": "A-99"}, "Prioriteiten", "C2"),
])
def test_mvo030_unknown_reference(tmp_path, table, index, values, sheet, cell):
    f = at(run(tmp_path, lambda c: c[table][index].update(values)), "MVO030", sheet, 2, cell)
    assert any(str(v).split(";")[-1].strip() in f.message for v in values.values())


def test_mvo030_vote_for_an_action_of_another_theme(tmp_path):
    f = at(run(tmp_path, setter("votes", 0, Actie="A-05")), "MVO030", "Prioriteiten", 2, "C2")
    assert f"hoort bij thema '{ENE}'" in f.message


def test_mvo030_vote_for_an_action_of_an_unchosen_objective_counts_for_nothing(tmp_path):
    def change(content):
        content["actions"].append({"ID": "A-07", "Doelstelling": "D-04", "Actie": "Coöperatie verkennen",
                                   "Trekker": "Financiën", "Deadline": 2028})
        content["votes"][-1]["Actie"] = "A-07"  # Dirk Maes, energy: A-06 and (now) A-07 of D-04 (Gekozen Nee)
    findings = run(tmp_path, change)
    f = at(findings, "MVO030", "Prioriteiten", 17, "C17")
    assert "A-07" in f.message and "D-04" in f.message and "niet gekozen" in f.message
    # the vote is lost for the plan, so Dirk has picked only one action of the theme
    assert "Dirk Maes" in at(findings, "MVO003", "Prioriteiten", 16).message


def test_mvo003_theme_with_actions_of_unchosen_objectives_only_is_not_judged(tmp_path):
    def change(content):
        content["themes"].append({"Thema": "Sociaal beleid"})
        content["objectives"].append(objective(ID="D-05", Thema="Sociaal beleid", Gekozen="Nee"))
        content["actions"].append({"ID": "A-07", "Doelstelling": "D-05", "Actie": "Buurtwerking opstarten"})
    assert not [f for f in run(tmp_path, change) if f.code in ("MVO002", "MVO003")]


def test_mvo030_vote_by_a_trekker_counts_for_nothing(tmp_path):
    def change(content):
        content["votes"] += [{"Deelnemer": "Eva Wouters", "Thema": MOB, "Actie": "A-03"},
                             {"Deelnemer": "eva wouters ", "Thema": MOB, "Actie": "A-04"}]
    findings = run(tmp_path, change)
    f = at(findings, "MVO030", "Prioriteiten", 18, "A18")
    assert "Eva Wouters" in f.message and "Trekker" in f.message
    at(findings, "MVO030", "Prioriteiten", 19, "A19")


def test_mvo030_an_action_for_two_objectives_says_one_row_per_objective(tmp_path):
    findings = run(tmp_path, setter("actions", 2, Doelstelling="D-02; D-01"))
    f = at(findings, "MVO030", "Acties", 4, "B4")
    assert "D-02; D-01" in f.message and "één doelstelling" in f.message and "bestaat niet" not in f.message


def test_mvo030_two_actions_in_one_vote_cell_says_one_row_per_vote(tmp_path):
    def change(content):
        del content["votes"][1]  # An Peeters, mobility: 'A-01; A-02' in one cell instead of two rows
        content["votes"][0]["Actie"] = "A-01; A-02"
    f = at(run(tmp_path, change), "MVO030", "Prioriteiten", 2, "C2")
    assert "A-01; A-02" in f.message and "eigen rij" in f.message and "bestaat niet" not in f.message


def test_mvo030_manual_group_counts_as_a_group(tmp_path):
    def change(content):
        content["wishes"][6]["Groep (handmatig)"] = "EK-09"
        content["objectives"][2]["Groepen"] = "EK-01; EK-09"
    assert "MVO030" not in codes(run(tmp_path, change))


@pytest.mark.parametrize("table, index, values, sheet, row, cell", [
    ("actions", 1, {"ID": "a-01"}, "Acties", 3, "A3"),
    ("themes", 1, {"Thema": "duurzame mobiliteit"}, "Thema's", 3, "A3"),
    ("participants", 4, {"Naam": "AN PEETERS"}, "Deelnemers", 6, "A6"),
])
def test_mvo031_duplicates(tmp_path, table, index, values, sheet, row, cell):
    f = at(run(tmp_path, lambda c: c[table][index].update(values)), "MVO031", sheet, row, cell)
    assert "ook in rij 2" in f.message


def test_mvo031_pass(tmp_path):
    assert "MVO031" not in codes(run(tmp_path))


@pytest.mark.parametrize("table, index, values, sheet, row, cell, word", [
    ("wishes", 0, {"Droombeeld": ""}, "Droombeelden", 2, "C2", "is leeg"),
    ("participants", 0, {"Rol": "Baas"}, "Deelnemers", 2, "C2", "'Baas' is geen geldige waarde"),
    ("objectives", 3, {"Gekozen": ""}, "Doelstellingen", 5, "K5", "is leeg"),
    ("objectives", 3, {"Gekozen": "misschien"}, "Doelstellingen", 5, "K5", "kies uit: Ja, Nee"),
])
def test_mvo032_required_or_invalid(tmp_path, table, index, values, sheet, row, cell, word):
    f = at(run(tmp_path, lambda c: c[table][index].update(values)), "MVO032", sheet, row, cell)
    assert word in f.message


def test_mvo032_pass_and_invalid_gekozen_counts_as_not_chosen(tmp_path):
    assert "MVO032" not in codes(run(tmp_path))
    findings = run(tmp_path, setter("objectives", 0, Gekozen="misschien", Indicator=""))
    assert not [f for f in findings if f.row == 2 and f.sheet == "Doelstellingen" and f.code != "MVO032"]


# --- MVO033-MVO035 ---------------------------------------------------------------------------

def test_mvo033_chosen_objective_without_action(tmp_path):
    def change(content):
        content["actions"] = [a for a in content["actions"] if a["Doelstelling"] != "D-02"]
        content["votes"] = [v for v in content["votes"] if v["Actie"] not in ("A-03", "A-04")]
    f = at(run(tmp_path, change), "MVO033", "Doelstellingen", 3, "A3")
    assert "D-02" in f.message


def test_mvo034_group_bundled_by_no_objective(tmp_path):
    f = at(run(tmp_path, setter("objectives", 2, Groepen="EK-01")), "MVO034", "Droombeelden", 8, "E8")
    assert f.severity == INFO and "'LED-verlichting'" in f.message


def test_mvo035_chosen_objective_without_groups(tmp_path):
    f = at(run(tmp_path, setter("objectives", 0, Groepen="")), "MVO035", "Doelstellingen", 2, "D2")
    assert "D-01" in f.message


def test_coverage_pass(tmp_path):
    assert not codes(run(tmp_path)) & {"MVO033", "MVO034", "MVO035"}


# --- MVO040 ----------------------------------------------------------------------------------

def test_mvo040_structure_alone_when_a_table_is_missing(tmp_path):
    content = clean_content()
    content["objectives"][0]["Deadline"] = 2020  # would be MVO014, but the structure comes first
    path = write_workbook(tmp_path / "w.xlsx", content)
    wb = openpyxl.load_workbook(path)
    del wb["Acties"]
    wb.save(path)
    findings = check_workbook(read_workbook(path), today=TODAY)
    assert codes(findings) == {"MVO040"}
    assert [f.sheet for f in findings] == ["Acties"] and "'Acties' ontbreekt" in findings[0].message


def test_mvo040_pass(tmp_path):
    assert "MVO040" not in codes(run(tmp_path))
