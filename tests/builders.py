"""Real workbooks for tests: a small clean trajectory, and ways to seed violations.

``clean_content()`` returns the rows of every input table (keyed by contract
key, each row a dict by header) for a workbook on which no rule reports a
``fout`` or ``waarschuwing`` (with today = 2026-11-27, horizon 2031).
Tests change a copy of it and write it with ``write_workbook``.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

TODAY = dt.date(2026, 11, 27)
MOB, ENE = "Duurzame mobiliteit", "Energie en klimaat"


def clean_content() -> dict[str, list[dict[str, Any]]]:
    content = {
        "themes": [
            {"Thema": MOB, "Omschrijving": "Minder en schoner verkeer", "SDG": "11", "Trekker": "An Peeters"},
            {"Thema": ENE, "Omschrijving": "Minder energie, meer hernieuwbaar", "SDG": "7; 13", "Trekker": "Bert Claes"},
        ],
        "participants": [
            {"Naam": "An Peeters", "Dienst": "Mobiliteit", "Rol": "Kopgroep"},
            {"Naam": "Bert Claes", "Dienst": "Technische dienst", "Rol": "Kopgroep"},
            {"Naam": "Carla Smets", "Dienst": "Milieudienst", "Rol": "Kopgroep"},
            {"Naam": "Dirk Maes", "Dienst": "Financiën", "Rol": "Deelnemer"},
            {"Naam": "Eva Wouters", "Dienst": "Milieudienst", "Rol": "Trekker"},
        ],
        "wishes": [
            {"ID": "DB-001", "Thema": MOB, "Droombeeld": "Veilige fietspaden naar elke school", "Ingediend door": "An Peeters", "Groep": "DM-01", "Groepslabel": "Veilige fietspaden"},
            {"ID": "DB-002", "Thema": MOB, "Droombeeld": "Meer en veiligere fietspaden in de dorpskernen", "Ingediend door": "Dirk Maes", "Groep": "DM-01", "Groepslabel": "Veilige fietspaden"},
            {"ID": "DB-003", "Thema": MOB, "Droombeeld": "Een elektrisch wagenpark voor de gemeente", "Ingediend door": "Bert Claes", "Groep": "DM-02", "Groepslabel": "Elektrisch wagenpark"},
            {"ID": "DB-004", "Thema": MOB, "Droombeeld": "Dienstwagens vervangen door elektrische auto's", "Ingediend door": "Carla Smets", "Groep": "DM-02", "Groepslabel": "Elektrisch wagenpark"},
            {"ID": "DB-005", "Thema": ENE, "Droombeeld": "Zonnepanelen op alle gemeentegebouwen", "Ingediend door": "Carla Smets", "Groep": "EK-01", "Groepslabel": "Zonnepanelen"},
            {"ID": "DB-006", "Thema": ENE, "Droombeeld": "Alle daken van de gemeente vol zonnepanelen", "Ingediend door": "Bert Claes", "Groep": "EK-01", "Groepslabel": "Zonnepanelen"},
            {"ID": "DB-007", "Thema": ENE, "Droombeeld": "LED-verlichting in alle straten", "Ingediend door": "Dirk Maes", "Groep": "EK-02", "Groepslabel": "LED-verlichting"},
        ],
        "objectives": [
            {"ID": "D-01", "Thema": MOB, "Doelstelling": "Tegen 2029 heeft elke school een veilige fietsroute",
             "Groepen": "DM-01", "Indicator": "Aantal scholen met veilige fietsroute", "Streefwaarde": "100%",
             "Deadline": 2029, "Verantwoordelijke dienst": "Mobiliteit", "Betrokken diensten": "Technische dienst; Financiën",
             "Middelen": "€ 250.000 investeringsbudget", "Gekozen": "Ja"},
            {"ID": "D-02", "Thema": MOB, "Doelstelling": "Het gemeentelijk wagenpark is voor de helft elektrisch",
             "Groepen": "DM-02", "Indicator": "Aandeel elektrische voertuigen", "Streefwaarde": "50%",
             "Deadline": "Q4 2028", "Verantwoordelijke dienst": "Technische dienst", "Betrokken diensten": "Milieudienst",
             "Middelen": "Leasebudget 40.000 euro per jaar", "Gekozen": "ja"},
            {"ID": "D-03", "Thema": ENE, "Doelstelling": "Alle geschikte gemeentelijke daken dragen zonnepanelen",
             "Groepen": "EK-01; EK-02", "Indicator": "Geïnstalleerd vermogen in kWp", "Streefwaarde": "500 kWp",
             "Deadline": dt.date(2030, 6, 30), "Verantwoordelijke dienst": "Milieudienst",
             "Betrokken diensten": "Technische dienst, Financiën, Mobiliteit", "Middelen": "Energiefonds", "Gekozen": "JA"},
            {"ID": "D-04", "Thema": ENE, "Doelstelling": "Een energiecoöperatie oprichten met de burgers",
             "Groepen": "", "Indicator": "", "Streefwaarde": "", "Deadline": "", "Verantwoordelijke dienst": "",
             "Betrokken diensten": "", "Middelen": "", "Gekozen": "Nee"},
        ],
        "actions": [
            {"ID": "A-01", "Doelstelling": "D-01", "Actie": "Schoolroutes in kaart brengen met de ouders", "Trekker": "Mobiliteit", "Deadline": "Q2 2027", "Budget": 5000},
            {"ID": "A-02", "Doelstelling": "D-01", "Actie": "Gevaarlijke kruispunten heraanleggen", "Trekker": "Technische dienst", "Deadline": 2029, "Budget": 200000},
            {"ID": "A-03", "Doelstelling": "D-02", "Actie": "Laadpalen plaatsen aan het gemeentehuis", "Trekker": "Technische dienst", "Deadline": 2027, "Budget": 30000},
            {"ID": "A-04", "Doelstelling": "D-02", "Actie": "Aankoopbeleid voertuigen herzien", "Trekker": "Financiën", "Deadline": "Q1 2028", "Budget": 0},
            {"ID": "A-05", "Doelstelling": "D-03", "Actie": "Daken screenen op draagkracht", "Trekker": "Technische dienst", "Deadline": 2027, "Budget": 8000},
            {"ID": "A-06", "Doelstelling": "D-03", "Actie": "Zonnepanelen plaatsen op de sporthal", "Trekker": "Milieudienst", "Deadline": 2028, "Budget": 120000},
        ],
        "votes": [],
        "synonyms": [{"Term": "velo", "Betekent hetzelfde als": "fiets"}],
    }
    voters = ["An Peeters", "Bert Claes", "Carla Smets", "Dirk Maes"]
    picks = {MOB: [("A-01", "A-02"), ("A-01", "A-03"), ("A-02", "A-03"), ("A-01", "A-04")],
             ENE: [("A-05", "A-06"), ("A-05", "A-06"), ("A-06", "A-05"), ("A-06", "A-05")]}
    for theme, pairs in picks.items():
        for voter, pair in zip(voters, pairs):
            for action in pair:
                content["votes"].append({"Deelnemer": voter, "Thema": theme, "Actie": action})
    return content


def variant(**changes: Any) -> dict[str, list[dict[str, Any]]]:
    """A deep copy of the clean content; ``changes`` replace whole tables."""
    content = copy.deepcopy(clean_content())
    content.update(changes)
    return content


def write_workbook(path: Path, content: dict[str, list[dict[str, Any]]] | None = None) -> Path:
    """A real .xlsx with every sheet and table of the contract, filled with ``content``."""
    from mvo_xl.io.writer import atomic_save
    from mvo_xl.template import build_layout

    return atomic_save(build_layout(content if content is not None else clean_content()), path)
