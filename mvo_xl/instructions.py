"""The content of the ``Instructies`` sheet, in plain Dutch for civil servants.

:func:`instruction_blocks` returns ``(style, text)`` lines; the style is one of
:data:`STYLES` and tells a builder how to format the line. The method text is
written here; everything about sheets, columns, settings and rules is read
from :mod:`mvo_xl.contract` and :mod:`mvo_xl.catalogue`, so it is declared in
one place only.
"""

from __future__ import annotations

from mvo_xl import catalogue, contract

TITLE, SECTION, TEXT, BULLET = "title", "section", "text", "bullet"
# A line in the colour of a mark of this severity: the legend of the tool's colours.
LEGEND_FOUT, LEGEND_WAARSCHUWING, LEGEND_INFO = "legend_fout", "legend_waarschuwing", "legend_info"
STYLES = (TITLE, SECTION, TEXT, BULLET, LEGEND_FOUT, LEGEND_WAARSCHUWING, LEGEND_INFO)

# One line each, shared by Instructies, the legend beside Droombeelden and the Groepen sheet.
SIMILARITY_NOTE = ("Gelijkenis (0-100): hoe goed een wens bij de andere wensen van zijn groep past; "
                   "hoe lager, hoe eerder u nakijkt of de wens wel in die groep hoort.")
LEGEND: tuple[tuple[str, str], ...] = (
    (LEGEND_FOUT, "Rood: een fout die u moet oplossen (knop Controleer)."),
    (LEGEND_WAARSCHUWING, "Geel: een waarschuwing; kijk het na, soms is er een goede reden."),
    (LEGEND_INFO, "Blauw: ter informatie."),
)

# The ribbon tab "MVO" and its buttons: (button label, what it does).
BUTTONS: tuple[tuple[str, str], ...] = (
    ("Groepeer droombeelden",
     "bundelt per thema de droombeelden die hetzelfde zeggen en vult de kolommen Groep, Groepslabel en "
     "Gelijkenis. Het tabblad Groepen toont het resultaat."),
    ("Controleer",
     "toetst de hele werkmap aan de regels van de methode en zet elke opmerking in het tabblad Controle, "
     "met een link naar de cel."),
    ("Maak actieplan",
     "schrijft het tabblad Actieplan: per thema de gekozen doelstellingen met hun acties, gerangschikt "
     "volgens de prioriteiten van de deelnemers."),
    ("Actieplan naar Word",
     "schrijft het actieplan als Word-hoofdstuk voor de omgevingsanalyse, naast de werkmap "
     "(werkmap_actieplan.docx). Bestaat dat bestand al, dan blijft het ongewijzigd en krijgt het nieuwe "
     "een volgnummer."),
    ("Nieuwe ID's",
     "vult de lege ID's in (DB-001, D-01, A-01). Bestaande ID's blijven altijd ongewijzigd."),
    ("Help", "opent deze instructies."),
)

# The command line alternative: (command, what it does).
COMMANDS: tuple[tuple[str, str], ...] = (
    ("mvo-xl group werkmap.xlsx", "doet hetzelfde als de knop Groepeer droombeelden (schrijft "
                                  "werkmap_gegroepeerd.xlsx; ook voor een CSV met de kolommen thema en droombeeld)"),
    ("mvo-xl validate werkmap.xlsx --schrijf gecontroleerd.xlsx",
     "doet hetzelfde als de knop Controleer; 'mvo-xl validate map/' controleert alle ingestuurde werkmappen "
     "in één keer, met --output rapport.xlsx voor een overzicht"),
    ("mvo-xl plan werkmap.xlsx", "doet hetzelfde als de knop Maak actieplan; met --format docx schrijft het actieplan als "
                                 "Word-hoofdstuk voor de omgevingsanalyse (ook .csv of .md)"),
    ("mvo-xl merge inzendingen/ --into werkmap.xlsx",
     "voegt de werkmappen van de diensten samen in een kopie van uw werkmap; dubbels worden overgeslagen"),
)

# The output sheets are written by the tool; the contract holds no help text for them.
_OUTPUT_SHEET_HELP: dict[str, str] = {
    contract.SHEET_INSTRUCTIONS: "Deze uitleg.",
    contract.SHEET_GROUPS: "Per thema elke groep van gelijkaardige droombeelden: nummer, korte naam, "
                           "aantal wensen, de diensten die ze schreven en de wensen zelf.",
    contract.SHEET_CHECK: "Alle opmerkingen van de knop Controleer: code, ernst, tabblad, cel en uitleg, "
                          "met een link die u meteen naar de cel brengt.",
    contract.SHEET_PLAN: "Het actieplan: per thema de gekozen doelstellingen met hun SMART-gegevens, de "
                         "groepen die ze bundelen en de acties volgens de prioriteiten. Enkel waarden, "
                         "klaar om te kopiëren naar de omgevingsanalyse.",
    contract.SHEET_DASHBOARD: "Een overzicht in één oogopslag: hoeveel wensen, groepen, doelstellingen, "
                              "acties en opmerkingen er per thema zijn.",
}


def _method() -> list[tuple[str, str]]:
    return [
        (TITLE, "MVO-werkmap: van droombeelden naar doelstellingen en acties"),
        (TEXT, "Deze werkmap begeleidt uw gemeente door de stap 'doelstellingen en acties' van het "
               "MVO-traject (maatschappelijk verantwoord ondernemen). U vertrekt van de droombeelden die "
               "collega's per thema schreven en eindigt met een actieplan dat u meteen kunt gebruiken."),
        (SECTION, "Wat?"),
        (TEXT, "MVO-doelstellingen maken duidelijk welke resultaten de gemeente wil bereiken voor elk "
               "gekozen MVO-thema. Aan elke doelstelling hangen concrete acties."),
        (SECTION, "Waarom?"),
        (BULLET, "Zonder duidelijke doelstellingen en acties blijft MVO een goed voornemen; met "
                 "doelstellingen en acties wordt het praktijk."),
        (BULLET, "Goede doelstellingen zijn SMART: specifiek, meetbaar, acceptabel, realistisch en "
                 "tijdgebonden."),
        (BULLET, "Het actieplan vloeit via de omgevingsanalyse door naar het meerjarenplan. Zo wordt MVO "
                 "een vast deel van het beleid van de gemeente."),
        (SECTION, "Wie?"),
        (TEXT, "De kopgroep formuleert de doelstellingen en koppelt er concrete acties aan. De trekker "
               "(procesbegeleider) bundelt de droombeelden en houdt de werkmap bij. Alle deelnemers uit "
               "de diensten kiezen per thema hun prioritaire acties."),
        (SECTION, "Hoe? Stap voor stap"),
        (BULLET, "1. Droombeelden invullen. Iedereen schrijft per thema zijn wensen in het tabblad "
                 "Droombeelden, in eigen woorden. Spelfouten en afkortingen zijn geen probleem."),
        (BULLET, "2. Groepeer droombeelden. De trekker klikt op de knop. Wensen die hetzelfde zeggen, "
                 "komen samen in een groep. Bent u het niet eens met een groep? Vul dan 'Groep "
                 "(handmatig)' in: uw keuze gaat altijd voor."),
        (BULLET, "3. Doelstellingen maken. De kopgroep maakt van de groepen doelstellingen in het tabblad "
                 "Doelstellingen en noteert in 'Groepen' van welke groepen elke doelstelling vertrekt. "
                 "Per thema kiest de kopgroep er maximum 3 (Gekozen = Ja)."),
        (BULLET, "4. Acties en prioriteiten. Koppel aan elke gekozen doelstelling concrete acties "
                 "(tabblad Acties). Daarna kiest elke deelnemer per thema precies 2 acties die hij of zij "
                 "vanuit de eigen dienst en ervaring het belangrijkst vindt (tabblad Prioriteiten)."),
        (BULLET, "5. Controleer. De knop toetst alles aan de afspraken van de methode. Werk de "
                 "opmerkingen in het tabblad Controle af, van boven naar onder."),
        (BULLET, "6. Maak actieplan. De knop schrijft het tabblad Actieplan. Kopieer het en plak het in "
                 "de omgevingsanalyse (Plakken speciaal > Waarden), of klik op Actieplan naar Word voor een "
                 "Word-hoofdstuk."),
        (SECTION, "SMART, letter per letter"),
        (BULLET, "S - Specifiek: beschrijf concreet wat u wil bereiken en welke dienst het trekt "
                 "(kolommen Doelstelling en Verantwoordelijke dienst)."),
        (BULLET, "M - Meetbaar: waaraan ziet u de vooruitgang, en welke waarde wil u halen? "
                 "(kolommen Indicator en Streefwaarde)."),
        (BULLET, "A - Acceptabel: de trekkende dienst zit mee in de kopgroep en staat achter de "
                 "doelstelling."),
        (BULLET, "R - Realistisch: er zijn middelen voorzien: budget, mensen of tijd (kolom Middelen)."),
        (BULLET, f"T - Tijdgebonden: een deadline die haalbaar is en binnen het meerjarenplan valt "
                 f"(standaard tot en met {contract.DEFAULT_HORIZON}); een datum, een jaar (2028) of een "
                 f"kwartaal (Q3 2027)."),
    ]


def _sheets() -> list[tuple[str, str]]:
    blocks: list[tuple[str, str]] = [
        (SECTION, "De tabbladen"),
        (TEXT, "U vult de tabbladen met een tabel in. Kolommen met '(verplicht)' mogen niet leeg zijn. "
               "Kolommen die de tool invult, laat u best met rust."),
    ]
    for spec in contract.ALL_TABLES:
        blocks.append((SECTION, f"Tabblad {spec.sheet}"))
        if spec.help:
            blocks.append((TEXT, spec.help))
        for col in spec.columns:
            label = col.header + (" (verplicht)" if col.required else "")
            blocks.append((BULLET, f"{label}: {col.help}" if col.help else label))
        if spec is contract.SETTINGS:
            for setting in contract.SETTINGS_DECLARED:
                default = "" if setting.default is None else f" Standaard: {setting.default}."
                blocks.append((BULLET, f"{setting.name}: {setting.help}{default}"))
    blocks.append((SECTION, "Tabbladen die de tool schrijft"))
    blocks.append((TEXT, "Deze tabbladen worden bij elke klik opnieuw opgebouwd: typ er niets in, "
                         "want uw wijzigingen gaan verloren."))
    for sheet in contract.SHEET_ORDER:
        if sheet in _OUTPUT_SHEET_HELP:
            blocks.append((BULLET, f"{sheet}: {_OUTPUT_SHEET_HELP[sheet]}"))
    return blocks


def _buttons() -> list[tuple[str, str]]:
    blocks: list[tuple[str, str]] = [
        (SECTION, "De knoppen in het lint MVO"),
        (TEXT, "Bovenaan in Excel staat het tabblad MVO met deze knoppen:"),
    ]
    blocks += [(BULLET, f"{label}: {what}") for label, what in BUTTONS]
    blocks += [
        (SECTION, "Zonder Excel: de opdrachtregel"),
        (TEXT, "Wie liever zonder knoppen werkt, of veel werkmappen tegelijk wil nakijken, kan dezelfde "
               "stappen uitvoeren in een opdrachtvenster:"),
    ]
    blocks += [(BULLET, f"{cmd}: {what}") for cmd, what in COMMANDS]
    blocks.append((TEXT, "Meer uitleg bij elke opdracht: mvo-xl --help."))
    return blocks


def _install() -> list[tuple[str, str]]:
    """Installing, and what to do when Excel blocks the macros (Mark of the Web, trusted locations)."""
    return [
        (SECTION, "Installeren en macro's toestaan"),
        (TEXT, "De knoppen hebben Python, het pakket mvo-xl en de xlwings-invoegtoepassing nodig. Uw IT-dienst "
               "installeert ze met het script install-windows.ps1 van mvo-xl, of met twee opdrachten: "
               "pip install --user mvo-xl en daarna xlwings addin install."),
        (BULLET, "Rode balk 'Beveiligingsrisico: Microsoft heeft de uitvoering van macro's geblokkeerd'? De werkmap "
                 "kwam via e-mail, Teams of het internet en draagt het internetlabel (Mark of the Web). Sluit de "
                 "werkmap, klik in Verkenner met de rechtermuisknop op het bestand, kies Eigenschappen, vink "
                 "onderaan Deblokkeren aan en klik OK. Open de werkmap opnieuw. In PowerShell kan het ook: "
                 "Unblock-File -Path 'MVO-traject.xlsm'."),
        (BULLET, "Gele balk 'Inhoud inschakelen'? Klik erop als u weet waar de werkmap vandaan komt."),
        (BULLET, "Vertrouwde locatie: in Bestand > Opties > Vertrouwenscentrum > Instellingen voor het "
                 "Vertrouwenscentrum > Vertrouwde locaties kan uw IT-dienst een map aanwijzen waar macro's "
                 "altijd mogen werken."),
        (BULLET, "Werkmap op SharePoint of OneDrive: uw IT-dienst kan de SharePoint-site toevoegen aan de "
                 "vertrouwde websites (Internetopties > Beveiliging > Vertrouwde websites). Bestanden van die "
                 "site worden dan niet meer geblokkeerd. Met AutoSave aan werken de knoppen ook: het "
                 "verborgen blad xlwings.conf zegt xlwings dat het geen lokale map bij de werkmap hoeft te "
                 "zoeken (ADD_WORKBOOK_TO_PYTHONPATH)."),
        (BULLET, "Melding 'xlwings ontbreekt': Python of de invoegtoepassing is niet geïnstalleerd voor u. "
                 "Melding 'fout in Python': de knop vond xlwings, maar Python zelf liep vast; de melding noemt "
                 "de fout. De opdrachtregel (mvo-xl) werkt altijd zonder macro's."),
    ]


def _colours() -> list[tuple[str, str]]:
    return [
        (SECTION, "Kleuren in de werkmap"),
        (TEXT, "De knop Controleer kleurt de cellen met een opmerking; de opmerking zelf staat in de notitie "
               "bij de cel en in het tabblad Controle. Bij de volgende controle verdwijnen de kleuren van "
               "opgeloste cellen."),
        *LEGEND,
        (TEXT, SIMILARITY_NOTE),
    ]


def _tips() -> list[tuple[str, str]]:
    return [
        (SECTION, "Tips uit de praktijk"),
        (BULLET, "Kies doelstellingen met een transversaal karakter: hoe meer diensten samenwerken, hoe "
                 "breder MVO gedragen wordt in de organisatie."),
        (BULLET, "Let op dat geen enkel deel van de kopgroep of geen enkele dienst uit de boot valt. Is "
                 "een dienst bij geen enkele gekozen doelstelling betrokken? Houd die dienst op de hoogte "
                 "of organiseer een terugkommoment met de volledige kopgroep."),
        (BULLET, "Wensen die vaak terugkomen, zijn een sterk signaal: een grote groep droombeelden "
                 "verdient vaak een eigen doelstelling."),
        (BULLET, "Houd MVO levend na het traject, bv. met een vaste rubriek in het personeelsblad en het "
                 "gemeentelijk infoblad, of een focusgroep duurzaamheid."),
        (BULLET, "Vul de ID's niet zelf in: de knop Nieuwe ID's doet dat, en een ID verandert daarna nooit."),
    ]


def rule_table() -> list[tuple[str, str, str, str]]:
    """The rules as rows (code, severity label, title, rule sentence), for a real table."""
    return [
        (r.code, catalogue.SEVERITY_LABELS[r.severity], r.title, r.rule)
        for r in catalogue.RULES
    ]


def _rules() -> list[tuple[str, str]]:
    labels = catalogue.SEVERITY_LABELS
    blocks: list[tuple[str, str]] = [
        (SECTION, "De regels van de knop Controleer"),
        (TEXT, f"Elke opmerking in het tabblad {contract.SHEET_CHECK} heeft een code en een ernst. "
               f"{labels[catalogue.FOUT]}: dit moet u oplossen. {labels[catalogue.WAARSCHUWING]}: kijk het "
               f"na, soms is er een goede reden. {labels[catalogue.INFO]}: ter informatie."),
    ]
    blocks += [
        (BULLET, f"{code} - {severity} - {title}: {sentence}")
        for code, severity, title, sentence in rule_table()
    ]
    return blocks


def instruction_blocks() -> list[tuple[str, str]]:
    """Every line of the ``Instructies`` sheet, in order, as (style, text)."""
    return _method() + _sheets() + _buttons() + _colours() + _install() + _tips() + _rules()
