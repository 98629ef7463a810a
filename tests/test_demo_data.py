"""The demo data and the Instructies content: consistent with the contract,
clean except for the violations it declares, and each of those present."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict

import pytest

from mvo_xl import catalogue, contract, demo_data as demo
from mvo_xl.instructions import STYLES, instruction_blocks, rule_table

HORIZON = contract.DEFAULT_HORIZON
TABLE_DATA = {
    contract.THEMES: demo.THEMES,
    contract.PARTICIPANTS: demo.PARTICIPANTS,
    contract.WISHES: demo.WISHES,
    contract.OBJECTIVES: demo.OBJECTIVES,
    contract.ACTIONS: demo.ACTIONS,
    contract.VOTES: demo.VOTES,
    contract.SYNONYMS: demo.SYNONYMS,
}
KOPGROEP_DEPTS = {p["Dienst"] for p in demo.PARTICIPANTS if p["Rol"] == contract.ROLE_KOPGROEP}
DEPARTMENTS = {p["Dienst"] for p in demo.PARTICIPANTS}
THEME_NAMES = [t["Thema"] for t in demo.THEMES]
OBJ = {o["ID"]: o for o in demo.OBJECTIVES}
ACTION_THEME = {a["ID"]: OBJ[a["Doelstelling"]]["Thema"] for a in demo.ACTIONS}
VIOLATION_CODES = Counter(v["code"] for v in demo.DELIBERATE_VIOLATIONS)


def chosen(o: dict) -> bool:
    return str(o["Gekozen"]).strip().lower() == "ja"


def deadline_year(value: object) -> int:
    if isinstance(value, dt.date):
        return value.year
    if isinstance(value, int):
        return value
    m = re.fullmatch(r"(?:Q[1-4] )?(\d{4})", str(value).strip())
    assert m, f"unreadable deadline {value!r}"
    return int(m.group(1))


def departments_of(o: dict) -> set[str]:
    involved = {d.strip() for d in re.split(r"[;,]", o["Betrokken diensten"]) if d.strip()}
    return ({o["Verantwoordelijke dienst"]} | involved) - {""}


def votes_by(participant_theme_filter=None) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = defaultdict(list)
    for v in demo.VOTES:
        out[(v["Deelnemer"], v["Thema"])].append(v["Actie"])
    return out


# ---------------------------------------------------------------- shape

@pytest.mark.parametrize("spec", list(TABLE_DATA), ids=lambda s: s.key)
def test_every_key_is_a_contract_header_and_required_cells_are_filled(spec):
    rows = TABLE_DATA[spec]
    assert rows
    for row in rows:
        columns = {k for k in row if not k.startswith("_")}
        assert columns <= set(spec.headers), columns - set(spec.headers)
        for header in spec.required:
            assert str(row.get(header, "")).strip(), (spec.key, header, row)
        assert demo.strip_private(row).keys() == columns


def test_sizes_match_the_brief():
    assert 5 <= len(demo.THEMES) <= 7
    assert 12 <= len(demo.PARTICIPANTS) <= 20
    assert len(DEPARTMENTS) >= 8
    assert len(demo.WISHES) >= 120
    assert 5 <= len(demo.SYNONYMS) <= 8
    roles = Counter(p["Rol"] for p in demo.PARTICIPANTS)
    assert roles[contract.ROLE_TREKKER] == 1 and 5 <= roles[contract.ROLE_KOPGROEP] <= 9
    assert set(roles) <= set(contract.ROLES)


def test_ids_and_names_are_unique():
    for rows, key in ((demo.OBJECTIVES, "ID"), (demo.ACTIONS, "ID"), (demo.THEMES, "Thema"),
                      (demo.PARTICIPANTS, "Naam"), (demo.SYNONYMS, "Term")):
        values = [r[key] for r in rows]
        assert len(values) == len(set(values)), key
    assert [o["ID"] for o in demo.OBJECTIVES] == [f"D-{i:02d}" for i in range(1, len(demo.OBJECTIVES) + 1)]
    assert [a["ID"] for a in demo.ACTIONS] == [f"A-{i:02d}" for i in range(1, len(demo.ACTIONS) + 1)]
    texts = [w["Droombeeld"].strip().lower() for w in demo.WISHES]
    assert len(texts) == len(set(texts)), "wishes are variations, never copies"


def test_references_point_to_something():
    names = {p["Naam"] for p in demo.PARTICIPANTS}
    for w in demo.WISHES:
        assert w["Thema"] in THEME_NAMES
        assert w["Ingediend door"] in names | {""}
    assert sum(1 for w in demo.WISHES if not w["Ingediend door"]) >= 2
    for t in demo.THEMES:
        assert t["Trekker"] in names
    for o in demo.OBJECTIVES:
        assert o["Thema"] in THEME_NAMES
        assert departments_of(o) <= DEPARTMENTS, departments_of(o) - DEPARTMENTS
        assert o["Groepen"] == ""
    for a in demo.ACTIONS:
        assert a["Doelstelling"] in OBJ and chosen(OBJ[a["Doelstelling"]])
        assert a["Trekker"] in DEPARTMENTS
        assert isinstance(a["Budget"], (int, float)) and a["Budget"] > 0
    for v in demo.VOTES:
        assert v["Deelnemer"] in demo.VOTERS and v["Thema"] in THEME_NAMES and v["Actie"] in ACTION_THEME


# ---------------------------------------------------------------- realism

def test_every_theme_has_clusters_of_differently_worded_wishes():
    by_theme: dict[str, Counter] = defaultdict(Counter)
    for w in demo.WISHES:
        by_theme[w["Thema"]][w["_cluster"]] += 1
    assert set(by_theme) == set(THEME_NAMES)
    for theme, clusters in by_theme.items():
        real = {c: n for c, n in clusters.items() if "-solo-" not in c}
        assert 4 <= len(real) <= 7, theme
        assert all(2 <= n <= 6 for n in real.values()), (theme, real)
        assert any("-solo-" in c for c in clusters), theme
        assert 20 <= sum(clusters.values()) <= 30, theme


def test_wishes_are_written_the_messy_way():
    texts = [w["Droombeeld"] for w in demo.WISHES]
    joined = "\n".join(texts)
    assert any(t != t.rstrip() for t in texts), "trailing spaces"
    assert any(t.isupper() for t in texts), "all caps"
    assert any(t.lower().startswith("ik wil dat") for t in texts)
    assert any(t.lower().startswith("zou het niet mooi zijn") for t in texts)
    for word in ("velo", "camion", "koer", "brol", "frigo", "fietspaaden", "bv.", "gem.", "OCMW",
                 "tegen 2030", "%"):
        assert word in joined, word
    assert sum(1 for ch in joined if ord(ch) > 0x2000 and not ch.isalpha() and ch not in "–—‘’“”€²") == 1


def test_objectives_bundle_existing_wishes_and_actions_per_chosen_objective():
    texts = {w["Droombeeld"] for w in demo.WISHES}
    per_theme = Counter(o["Thema"] for o in demo.OBJECTIVES)
    assert all(2 <= n <= 4 for n in per_theme.values()) and set(per_theme) == set(THEME_NAMES)
    actions_of = Counter(a["Doelstelling"] for a in demo.ACTIONS)
    for o in demo.OBJECTIVES:
        assert o["_wishes"] and set(o["_wishes"]) <= texts, o["ID"]
        assert str(o["Gekozen"]).strip().lower() in ("ja", "nee")
        if chosen(o) and o["ID"] != "D-10":
            assert 2 <= actions_of[o["ID"]] <= 4, o["ID"]
    gekozen_spellings = {o["Gekozen"] for o in demo.OBJECTIVES}
    assert len(gekozen_spellings) >= 4  # Ja, ja, JA, Nee, nee
    kinds = {type(o["Deadline"]).__name__ + ("Q" if str(o["Deadline"]).startswith("Q") else "")
             for o in demo.OBJECTIVES}
    assert {"date", "int", "str", "strQ"} <= kinds


def test_votes_are_concentrated():
    for theme in THEME_NAMES:
        counts = Counter(v["Actie"] for v in demo.VOTES if v["Thema"] == theme)
        top, second = (n for _, n in counts.most_common(2))
        assert top >= 8 and top > second, theme


# ---------------------------------------------------------------- clean, except what is declared

def test_every_declared_violation_is_a_known_code():
    codes = {r.code for r in catalogue.RULES} | {"FORMULA_TEXT"}
    for v in demo.DELIBERATE_VIOLATIONS:
        assert v["code"] in codes and v["where"] and v["why"]


def test_mvo001_exactly_one_theme_with_four_chosen():
    counts = Counter(o["Thema"] for o in demo.OBJECTIVES if chosen(o))
    over = {t: n for t, n in counts.items() if n > 3}
    assert over == {demo.T_ENE: 4}
    assert VIOLATION_CODES["MVO001"] == 1


def test_vote_violations_are_present_and_the_rest_is_clean():
    votes = votes_by()
    assert len(votes[("Tom Mertens", demo.T_MOB)]) == 3  # MVO002
    assert len(votes[("Lotte Willems", demo.T_WEL)]) == 1  # MVO003
    wim = votes[("Wim Vermeulen", demo.T_ARM)]  # MVO030
    assert [ACTION_THEME[a] for a in wim].count(demo.T_WAT) == 1
    deviating = set()
    for voter in demo.VOTERS:
        for theme in THEME_NAMES:
            picks = votes.get((voter, theme), [])
            ok = len(picks) == 2 == len(set(picks)) and all(ACTION_THEME[a] == theme for a in picks)
            if not ok:
                deviating.add((voter, theme))
    assert deviating == {("Tom Mertens", demo.T_MOB), ("Lotte Willems", demo.T_WEL),
                         ("Wim Vermeulen", demo.T_ARM)}
    trekker = next(p["Naam"] for p in demo.PARTICIPANTS if p["Rol"] == contract.ROLE_TREKKER)
    assert trekker not in {v["Deelnemer"] for v in demo.VOTES}
    for code in ("MVO002", "MVO003", "MVO030"):
        assert VIOLATION_CODES[code] == 1


def _objective_problems(o: dict) -> set[str]:
    """The SMART / transversal / action codes a chosen objective breaks."""
    problems = set()
    if len(o["Doelstelling"].split()) < 4 or not o["Verantwoordelijke dienst"]:
        problems.add("MVO010")
    if not o["Indicator"] or not (o["Streefwaarde"] or re.search(r"\d", o["Doelstelling"])):
        problems.add("MVO011")
    if o["Verantwoordelijke dienst"] not in KOPGROEP_DEPTS:
        problems.add("MVO012")
    if not o["Middelen"]:
        problems.add("MVO013")
    if not 2027 <= deadline_year(o["Deadline"]) <= HORIZON:
        problems.add("MVO014")
    if len(departments_of(o)) < 2:
        problems.add("MVO020")
    if not any(a["Doelstelling"] == o["ID"] for a in demo.ACTIONS):
        problems.add("MVO033")
    if not o["_wishes"]:
        problems.add("MVO035")
    return problems


def test_each_objective_breaks_exactly_what_is_declared():
    expected = {"D-10": {"MVO033"}, "D-13": {"MVO011"}, "D-17": {"MVO012"}, "D-18": {"MVO014"},
                "D-21": {"MVO020"}, "D-22": {"MVO014"}}
    found = {o["ID"]: p for o in demo.OBJECTIVES if chosen(o) and (p := _objective_problems(o))}
    assert found == expected
    for oid, codes in expected.items():
        (code,) = codes
        assert any(oid in v["where"] and v["code"] == code for v in demo.DELIBERATE_VIOLATIONS), oid
    assert deadline_year(OBJ["D-18"]["Deadline"]) < 2026  # past for any realistic today
    assert deadline_year(OBJ["D-22"]["Deadline"]) > HORIZON
    for o in demo.OBJECTIVES:  # the objectives not chosen are clean too
        if not chosen(o):
            assert _objective_problems(o) == {"MVO033"}, o["ID"]


def test_actions_are_clean_apart_from_the_formula_text():
    for a in demo.ACTIONS:
        assert 2027 <= deadline_year(a["Deadline"]) <= HORIZON, a["ID"]
    starting = [a["ID"] for a in demo.ACTIONS if a["Actie"][:1] in "=+-@"]
    assert starting == ["A-04"]
    assert any(v["code"] == "FORMULA_TEXT" and "A-04" in v["where"] for v in demo.DELIBERATE_VIOLATIONS)


def test_every_kopgroep_department_is_involved():  # MVO021 stays clean
    involved = set()
    for o in demo.OBJECTIVES:
        if chosen(o):
            involved |= departments_of(o)
    involved |= {a["Trekker"] for a in demo.ACTIONS if chosen(OBJ[a["Doelstelling"]])}
    assert KOPGROEP_DEPTS <= involved
    assert DEPARTMENTS - KOPGROEP_DEPTS, "some departments outside the kopgroep, for MVO012"


# ---------------------------------------------------------------- instructions

def test_instruction_blocks_are_well_formed():
    blocks = instruction_blocks()
    assert blocks[0][0] == "title"
    assert all(style in STYLES and isinstance(text, str) and text.strip() for style, text in blocks)


def test_instructions_mention_every_sheet_rule_and_required_column():
    text = "\n".join(t for _, t in instruction_blocks())
    for sheet in contract.SHEET_ORDER:
        assert sheet in text, sheet
    for rule in catalogue.RULES:
        assert rule.code in text and rule.title in text and rule.rule in text, rule.code
    for spec in contract.ALL_TABLES:
        for col in spec.columns:
            marker = f"{col.header} (verplicht)"
            assert (marker in text) == col.required, marker
            assert col.header in text
    for setting in contract.SETTINGS_DECLARED:
        assert setting.name in text
    for button in ("Groepeer droombeelden", "Controleer", "Maak actieplan", "Actieplan naar Word", "Help",
                   "Nieuwe ID's"):
        assert button in text
    for command in ("group", "validate", "plan", "merge"):
        assert f"mvo-xl {command}" in text
    for word in ("Specifiek", "Meetbaar", "Acceptabel", "Realistisch", "Tijdgebonden", "transversa",
                 "terugkommoment", "omgevingsanalyse", "maximum 3"):
        assert word in text, word


def test_rule_table_follows_the_catalogue():
    rows = rule_table()
    assert [r[0] for r in rows] == [r.code for r in catalogue.RULES]
    assert {r[1] for r in rows} <= set(catalogue.SEVERITY_LABELS.values())
