"""The rule catalogue, declared once (code, severity, Dutch title, the method's
sentence it enforces, Dutch message templates).

Rules, the ``Controle`` sheet, the ``Instructies`` sheet, the CLI and the tests
all read this module, in the way frictionless-py keeps its error catalogue.
A message template is formatted with the keyword arguments given to
:func:`message`; every template names the offending value and says what to do.
A count is written ``{count:wens|wensen}`` (singular|plural, see :mod:`mvo_xl.dutch`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

FOUT = "fout"
WAARSCHUWING = "waarschuwing"
INFO = "info"
SEVERITIES = (FOUT, WAARSCHUWING, INFO)
SEVERITY_LABELS = {FOUT: "Fout", WAARSCHUWING: "Waarschuwing", INFO: "Info"}


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    title: str  # Dutch, short
    rule: str  # Dutch: the sentence of the method this rule enforces
    messages: dict[str, str] = field(default_factory=dict)  # variant -> Dutch template


RULES: tuple[Rule, ...] = (
    Rule(
        "MVO001", FOUT, "Te veel gekozen doelstellingen",
        "De kopgroep kiest maximum 3 doelstellingen per thema.",
        {
            "default": "Thema '{theme}' heeft {count:gekozen doelstelling|gekozen doelstellingen} ({ids}); maximum 3. "
                       "Zet bij de minst belangrijke 'Gekozen' op Nee.",
        },
    ),
    Rule(
        "MVO002", FOUT, "Meer dan 2 prioriteiten",
        "Per thema kiezen de deelnemers twee acties die ze als prioritair beschouwen.",
        {
            "default": "{participant} heeft {count:prioritaire actie|prioritaire acties} voor thema '{theme}' ({ids}); "
                       "kies er precies 2.",
            "merge_ballot": "{participant} heeft voor thema '{theme}' al 2 prioritaire acties ({actions}) in de "
                            "hoofdwerkmap (of in een eerder samengevoegd bestand); de stem voor {value} is niet "
                            "overgenomen. Is dit een correctie? Verwijder dan eerst de oude stemmen in de "
                            "hoofdwerkmap en voeg opnieuw samen.",
        },
    ),
    Rule(
        "MVO003", WAARSCHUWING, "Minder dan 2 prioriteiten",
        "Per thema kiezen de deelnemers twee acties die ze als prioritair beschouwen.",
        {
            "default": "{participant} heeft {count:prioritaire actie|prioritaire acties} voor thema '{theme}'; "
                       "vraag om er 2 te kiezen.",
            "none": "{participant} heeft nog geen prioritaire acties gekozen voor thema '{theme}'; "
                    "vraag om er 2 te kiezen.",
        },
    ),
    Rule(
        "MVO010", WAARSCHUWING, "SMART: niet specifiek",
        "Doelstellingen zijn specifiek: duidelijk wat er bereikt wordt en wie het trekt.",
        {
            "short": "Doelstelling {id} '{text}' is te vaag ({words} woorden); beschrijf concreet wat u wil bereiken.",
            "no_responsible": "Doelstelling {id} heeft geen verantwoordelijke dienst; vul in welke dienst trekt.",
        },
    ),
    Rule(
        "MVO011", FOUT, "SMART: niet meetbaar",
        "Doelstellingen zijn meetbaar: een indicator en een streefwaarde.",
        {
            "no_indicator": "Doelstelling {id} heeft geen indicator; vul in waaraan u de vooruitgang meet.",
            "no_target": "Doelstelling {id} heeft geen streefwaarde en geen getal in de tekst; "
                         "vul een streefwaarde in (bv. 30% of 12).",
        },
    ),
    Rule(
        "MVO012", WAARSCHUWING, "SMART: niet acceptabel",
        "Doelstellingen zijn acceptabel: de trekkende dienst zit mee in de kopgroep.",
        {
            "default": "De verantwoordelijke dienst '{department}' van doelstelling {id} zit niet in de kopgroep; "
                       "betrek die dienst of kies een dienst uit de kopgroep.",
        },
    ),
    Rule(
        "MVO013", WAARSCHUWING, "SMART: niet realistisch",
        "Doelstellingen zijn realistisch: er zijn middelen voorzien.",
        {
            "default": "Doelstelling {id} heeft geen middelen; vul in welk budget, welke mensen of welke tijd er zijn.",
        },
    ),
    Rule(
        "MVO014", FOUT, "SMART: niet tijdgebonden",
        "Doelstellingen zijn tijdgebonden: een haalbare deadline binnen het meerjarenplan.",
        {
            "missing": "{what} {id} heeft geen deadline; vul een datum, een jaar (2028) of een kwartaal (Q3 2027) in.",
            "invalid": "De deadline '{value}' van {what_lower} {id} is geen datum, jaar of kwartaal; "
                       "schrijf bv. 31/12/2028, 2028 of Q3 2027.",
            "past": "De deadline {value} van {what_lower} {id} ligt in het verleden; kies een datum na {today}.",
            "beyond": "De deadline {value} van {what_lower} {id} ligt na de planhorizon {horizon}; "
                      "kies een datum tot en met {horizon}.",
        },
    ),
    Rule(
        "MVO020", WAARSCHUWING, "Niet transversaal",
        "Streef naar doelstellingen met een transversaal karakter: meer dan één dienst.",
        {
            "default": "Doelstelling {id} betrekt maar {count:dienst|diensten} ({departments}); "
                       "voeg betrokken diensten toe zodat ze transversaal is.",
        },
    ),
    Rule(
        "MVO021", WAARSCHUWING, "Dienst van de kopgroep niet betrokken",
        "Zorg dat geen deel van de kopgroep of dienst zich niet langer betrokken voelt.",
        {
            "default": "De dienst '{department}' ({members}) zit in de kopgroep maar is bij geen gekozen doelstelling "
                       "of actie betrokken; betrek die dienst of organiseer een terugkommoment.",
        },
    ),
    Rule(
        "MVO030", FOUT, "Verwijzing naar niets",
        "Elke verwijzing wijst naar iets dat bestaat.",
        {
            "theme": "Thema '{value}' bestaat niet in het tabblad Thema's; kies een thema uit de lijst.",
            "participant": "Deelnemer '{value}' staat niet in het tabblad Deelnemers; controleer de schrijfwijze.",
            "objective": "Doelstelling '{value}' bestaat niet in het tabblad Doelstellingen; gebruik een bestaand ID.",
            "objective_several": "Een actie hoort bij één doelstelling, maar hier staan er {count} ({value}); maak "
                                 "voor elke doelstelling een eigen rij in het tabblad Acties, met een eigen ID.",
            "action": "Actie '{value}' bestaat niet in het tabblad Acties; gebruik een bestaand ID.",
            "action_several": "Hier staan {count} acties in één cel ({value}); zet elke gekozen actie op een eigen "
                              "rij in het tabblad Prioriteiten (deelnemer en thema herhalen).",
            "group": "Groep '{value}' komt bij geen enkel droombeeld voor; controleer het groepsnummer.",
            "vote_theme": "Actie {value} hoort bij thema '{action_theme}', niet bij '{theme}'; "
                          "kies een actie van thema '{theme}'.",
            "vote_unchosen": "Actie {value} hoort bij doelstelling {objective}, die niet gekozen is; deze stem telt "
                             "niet mee. Kies een actie van een gekozen doelstelling (of zet 'Gekozen' van "
                             "{objective} op Ja als de kopgroep die doelstelling kiest).",
            "voter_role": "{value} heeft de rol {role} in het tabblad Deelnemers en kiest geen prioritaire acties; "
                          "deze stem telt niet mee. Kiest die persoon wel mee, zet de rol dan op Deelnemer of "
                          "Kopgroep; anders verwijder de stem.",
            "department": "Dienst '{value}' komt bij geen enkele deelnemer voor; controleer de schrijfwijze.",
            "merge_depends": "Deze rij verwijst naar {target} {value}, die uit dit bestand niet is overgenomen "
                             "(zie de melding daarover); daarom is ook deze rij niet overgenomen.",
            "merge_theme": "Thema '{value}' staat niet in de hoofdwerkmap maar lijkt op thema '{near}'; deze rij is "
                           "niet overgenomen. Verbeter de naam van het thema in dit bestand (of voeg het thema eerst "
                           "zelf toe aan de hoofdwerkmap) en voeg opnieuw samen.",
        },
    ),
    Rule(
        "MVO031", FOUT, "Dubbel",
        "Elk ID, elk thema en elke deelnemer komt maar één keer voor.",
        {
            "id": "ID '{value}' komt meer dan eens voor (ook in rij {other_row}); geef elke rij een eigen ID.",
            "theme": "Thema '{value}' staat meer dan eens in het tabblad Thema's (ook in rij {other_row}).",
            "participant": "Deelnemer '{value}' staat meer dan eens in het tabblad Deelnemers (ook in rij {other_row}).",
            "merge_conflict": "{what} {value} bestaat al in de hoofdwerkmap (of in een eerder samengevoegd bestand) "
                              "met een andere inhoud; deze rij is niet overgenomen en de hoofdwerkmap is niet gewijzigd. "
                              "Geef de rij een nieuw ID (of maak het ID leeg) en voeg opnieuw samen.",
            "merge_theme": "Thema '{value}' staat niet in de hoofdwerkmap maar lijkt op thema '{near}'; het is niet "
                           "als nieuw thema toegevoegd, en de rijen van dit thema uit dit bestand ook niet. Verbeter "
                           "de naam in dit bestand (of voeg het thema eerst zelf toe aan de hoofdwerkmap) en voeg "
                           "opnieuw samen.",
            "merge_department": "Deelnemer '{value}' staat hier bij dienst '{department}', maar in de hoofdwerkmap bij "
                                "dienst '{master_department}'; de hoofdwerkmap behoudt '{master_department}' en de droombeelden "
                                "en prioriteiten van deze deelnemer uit dit bestand zijn niet overgenomen. Controleer "
                                "welke dienst juist is; is het een andere persoon met dezelfde naam, maak de naam dan "
                                "uniek (bv. '{value} ({department})') en voeg opnieuw samen.",
        },
    ),
    Rule(
        "MVO032", FOUT, "Verplichte cel leeg",
        "De verplichte kolommen van elke tabel zijn ingevuld.",
        {
            "default": "De verplichte kolom '{column}' is leeg; vul een waarde in.",
            "invalid_choice": "'{value}' is geen geldige waarde voor '{column}'; kies uit: {choices}.",
        },
    ),
    Rule(
        "MVO033", WAARSCHUWING, "Doelstelling zonder actie",
        "De kopgroep koppelt aan elke doelstelling concrete acties.",
        {
            "default": "Gekozen doelstelling {id} heeft nog geen actie; voeg in het tabblad Acties minstens één actie toe.",
        },
    ),
    Rule(
        "MVO034", INFO, "Groep niet gebundeld",
        "De droombeelden worden logisch gebundeld en onder een doelstelling gegroepeerd.",
        {
            "default": "Groep {group} '{label}' met {count:wens|wensen} wordt door geen doelstelling gebundeld; "
                       "neem de groep op in de kolom Groepen van een doelstelling als ze erbij hoort.",
            "summary": "Thema '{theme}': {count:groep wordt|groepen worden} door geen doelstelling gebundeld: "
                       "{groups}. Neem een groep op in de kolom Groepen van een doelstelling als ze erbij hoort.",
        },
    ),
    Rule(
        "MVO035", WAARSCHUWING, "Doelstelling niet gegrond",
        "Doelstellingen vertrekken van de droombeelden.",
        {
            "default": "Gekozen doelstelling {id} bundelt geen groep van droombeelden; "
                       "vul in de kolom Groepen in van welke groepen ze vertrekt.",
        },
    ),
    Rule(
        "MVO040", FOUT, "Geen leesbare MVO-werkmap",
        "Het bestand is een MVO-werkmap in .xlsx-, .xlsm- of .ods-formaat.",
        {
            "encrypted": "Het bestand is versleuteld met een wachtwoord; sla het op zonder wachtwoord en stuur het opnieuw.",
            "not_excel": "Het bestand is geen Excel-bestand ({detail}); stuur een .xlsx- of .xlsm-bestand.",
            "old_xls": "Het bestand is in het oude .xls-formaat: sla op als .xlsx (Bestand > Opslaan als).",
            "corrupt": "Het bestand is beschadigd ({detail}); open het in Excel, sla het opnieuw op en stuur het opnieuw.",
            "too_large": "Het bestand is te groot om veilig te lezen ({detail}).",
            "sheet_missing": "Het tabblad '{sheet}' ontbreekt; gebruik het MVO-sjabloon.",
            "table_missing": "Op tabblad '{sheet}' staat geen tabel '{table}' (misschien is ze omgezet naar een "
                             "gewoon bereik); klik in de koprij van de gegevens, kies Invoegen > Tabel (met "
                             "kopteksten) en geef ze bij Tabelontwerp > Tabelnaam de naam {table}.",
            "table_renamed": "De tabel op tabblad '{sheet}' heet '{found}' in plaats van '{table}'; klik in de "
                             "tabel en typ bij Tabelontwerp > Tabelnaam de naam {table}.",
            "column_missing": "De kolom '{column}' ontbreekt in tabel '{table}' op tabblad '{sheet}'.",
            "not_found": "Het bestand bestaat niet of kan niet geopend worden ({detail}).",
            "long_path": "Het bestand is niet gevonden: het volledige pad is {length} tekens lang, en Windows "
                         "vindt een bestand met een pad van 260 tekens of meer vaak niet. Verplaats het naar een "
                         "map met een korter pad (bv. C:\\MVO) of geef het een kortere naam.",
            "timeout": "Het lezen duurde te lang ({detail}); het bestand is te groot of beschadigd.",
            "other_format": "Het bestand is {kind}; dit formaat kan niet gelezen worden. {advice}",
            "strict": "Het bestand is opgeslagen als 'Strict Open XML-werkmap'; kies in Excel Bestand > "
                      "Opslaan als > 'Excel-werkmap (*.xlsx)' en stuur het opnieuw.",
            "table_ref": "De tabel '{table}' op tabblad '{sheet}' heeft een ongeldig bereik '{ref}'; "
                         "maak de tabel opnieuw (Invoegen > Tabel) of gebruik het MVO-sjabloon.",
            "table_duplicate": "De tabelnaam '{table}' komt meer dan eens voor ({sheets}); geef elke tabel een "
                               "eigen naam (Tabelontwerp > Tabelnaam) of gebruik het MVO-sjabloon.",
            "table_on_output": "De tabel '{table}' staat op tabblad '{sheet}', een blad dat de tool bij elke "
                               "stap helemaal opnieuw opbouwt: de gegevens zouden verloren gaan. Geef het tabblad "
                               "de naam '{home}' (rechtsklik op de tab > Naam wijzigen).",
        },
    ),
    Rule(
        "MVO041", INFO, "Rijen onder de tabel",
        "Alles wat direct onder een tabel getypt is, hoort bij die tabel.",
        {
            "default": "Onder de tabel {table} is getypt in {count:rij|rijen} (rij {first} tot {last}); "
                       "die horen er nu bij en bij het schrijven wordt de tabel uitgebreid.",
        },
    ),
    Rule(
        "MVO042", FOUT, "Samengevoegde cellen in een tabel",
        "Elke rij van een tabel heeft in elke kolom een eigen cel.",
        {
            "default": "De cellen {range} in tabel {table} zijn samengevoegd; selecteer ze en kies Start > "
                       "Samenvoegen en centreren om de samenvoeging op te heffen, en vul elke cel zelf in.",
        },
    ),
    Rule(
        "MVO043", WAARSCHUWING, "Kop of instelling niet zoals verwacht",
        "Koppen en instellingen staan zoals het sjabloon ze geeft.",
        {
            "header": "De kopcel {cell} toont '{shown}', maar de tabel {table} noemt die kolom '{name}'; "
                      "typ de kop opnieuw in (gelezen als '{name}').",
            "setting": "De instelling '{setting}' heeft de waarde '{value}', die niet bruikbaar is ({expected}); "
                       "de standaardwaarde {default} wordt gebruikt.",
            "budget_text": "Het budget '{value}' is geen bedrag in euro: het actieplan toont het zoals getypt, maar "
                           "het telt niet mee in het budgettotaal van het Dashboard. Typ een bedrag (bv. 12500 of "
                           "€ 12.500); mensen of tijd (bv. 1 VTE) horen bij Middelen van de doelstelling.",
            "budget_invalid": "Het budget '{value}' is geen bedrag en telt als leeg; typ een getal in euro, zoals 12500.",
            "budget_negative": "Het budget '{value}' is negatief; een budget kan niet negatief zijn: typ het bedrag "
                               "zonder minteken.",
            "error": "De cel {cell} toont de foutwaarde {error}: de formule in die cel geeft geen waarde; "
                     "verbeter de formule of typ de waarde zelf in (tot dan telt de cel als leeg).",
            "below_totals": "Onder de totaalrij van tabel {table} (rij {total}) is getypt in {count:rij|rijen} "
                            "(rij {first} tot {last}); die horen niet bij de tabel en worden niet gelezen. Zet ze "
                            "boven de totaalrij: rechtsklik op de totaalrij > Invoegen > Tabelrijen erboven, en "
                            "verplaats ze daarheen.",
            "picture": "De cel {cell} bevat een afbeelding (of een gekoppeld gegevenstype) in plaats van tekst; "
                       "de tool leest alleen tekst: zet de afbeelding naast de tabel en typ de waarde in woorden "
                       "(tot dan telt de cel als leeg).",
            "table_renamed": "De tabel op tabblad '{sheet}' heet '{found}' in plaats van '{table}', en wordt dus "
                             "niet gebruikt; klik in de tabel en typ bij Tabelontwerp > Tabelnaam de naam {table}.",
        },
    ),
)

RULES_BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}


def rule(code: str) -> Rule:
    return RULES_BY_CODE[code]


def message(code: str, variant: str = "default", **params: object) -> str:
    """The Dutch message of a finding; a missing parameter is a bug, so it raises."""
    from .dutch import FORMATTER

    return FORMATTER.format(RULES_BY_CODE[code].messages[variant], **params)
