"""The workbook contract, declared once.

Sheet names, table names, headers and their meaning come from
``shared/design/workbook.md``. The reader, the template builder, the
``Instructies`` sheet, the rules and the tests all read this module, so a
header is spelled in exactly one place.
"""

from __future__ import annotations

from dataclasses import dataclass

# Column kinds: how the reader normalises a cell.
TEXT = "text"
ID = "id"
CHOICE = "choice"  # one of Column.choices, case-insensitive
BOOL = "bool"  # Ja / Nee
DEADLINE = "deadline"  # Excel date, year or quarter
LIST = "list"  # separated by ; or ,
NUMBER = "number"  # int/float, or text holding a number


@dataclass(frozen=True)
class Column:
    header: str
    key: str
    required: bool = False
    kind: str = TEXT
    choices: tuple[str, ...] = ()
    tool_owned: bool = False  # written by a button; never typed by users
    width: float = 18
    help: str = ""  # Dutch, shown in Instructies


@dataclass(frozen=True)
class TableSpec:
    key: str
    sheet: str
    table: str
    columns: tuple[Column, ...]
    help: str = ""  # Dutch
    id_prefix: str | None = None  # IDs filled in by the tool: DB-001, D-01, A-01
    id_digits: int = 2

    @property
    def headers(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.header for c in self.columns if c.required)

    def column(self, key_or_header: str) -> Column:
        for c in self.columns:
            if key_or_header in (c.key, c.header):
                return c
        raise KeyError(key_or_header)


ROLE_KOPGROEP = "Kopgroep"
ROLE_DEELNEMER = "Deelnemer"
ROLE_TREKKER = "Trekker"
ROLES = (ROLE_KOPGROEP, ROLE_DEELNEMER, ROLE_TREKKER)
YES, NO = "Ja", "Nee"

THEMES = TableSpec(
    key="themes",
    sheet="Thema's",
    table="tblThemas",
    help="De prioritaire MVO-thema's van het traject, één per rij.",
    columns=(
        Column("Thema", "name", required=True, width=30, help="Naam van het thema, bv. Duurzame mobiliteit."),
        Column("Omschrijving", "description", width=50, help="Wat het thema voor de gemeente inhoudt."),
        Column("SDG", "sdg", width=12, help="Het nummer van de duurzame ontwikkelingsdoelstelling of -doelstellingen, bv. 11; 13."),
        Column("Trekker", "lead", width=22, help="Wie het thema trekt."),
    ),
)

PARTICIPANTS = TableSpec(
    key="participants",
    sheet="Deelnemers",
    table="tblDeelnemers",
    help="Iedereen die meewerkt: kopgroep, deelnemers uit de diensten en de trekker.",
    columns=(
        Column("Naam", "name", required=True, width=26, help="Voor- en achternaam; elke naam één keer."),
        Column("Dienst", "department", required=True, width=24, help="De dienst waar de persoon werkt."),
        Column("Rol", "role", required=True, kind=CHOICE, choices=ROLES, width=14,
               help="Kopgroep, Deelnemer of Trekker."),
    ),
)

WISHES = TableSpec(
    key="wishes",
    sheet="Droombeelden",
    table="tblDroombeelden",
    id_prefix="DB-",
    id_digits=3,
    help="Alle droombeelden (wensen) per thema. De knop Groepeer vult Groep, Groepslabel en Gelijkenis.",
    columns=(
        Column("ID", "id", kind=ID, width=10, help="Wordt door de tool ingevuld (DB-001) en daarna nooit gewijzigd."),
        Column("Thema", "theme", required=True, width=26, help="Het thema uit het tabblad Thema's."),
        Column("Droombeeld", "text", required=True, width=60, help="De wens, in eigen woorden."),
        Column("Ingediend door", "author", width=22, help="Naam van wie de wens schreef."),
        Column("Groep", "group", tool_owned=True, width=10, help="Door de tool: de groep van gelijkaardige wensen."),
        Column("Groepslabel", "group_label", tool_owned=True, width=34, help="Door de tool: een korte naam voor de groep."),
        Column("Groep (handmatig)", "manual_group", width=14,
               help="Van u: vul een groep in om de tool te overrulen. De tool overschrijft dit nooit."),
        Column("Gelijkenis", "similarity", kind=NUMBER, tool_owned=True, width=11,
               help="Door de tool: hoe goed de wens bij zijn groep past (0-100)."),
    ),
)

OBJECTIVES = TableSpec(
    key="objectives",
    sheet="Doelstellingen",
    table="tblDoelstellingen",
    id_prefix="D-",
    id_digits=2,
    help="De SMART-doelstellingen die de kopgroep uit de groepen van wensen maakt; maximum 3 gekozen per thema.",
    columns=(
        Column("ID", "id", kind=ID, width=8, help="Wordt door de tool ingevuld (D-01)."),
        Column("Thema", "theme", required=True, width=24, help="Het thema uit het tabblad Thema's."),
        Column("Doelstelling", "text", required=True, width=50, help="Specifiek: wat wil u bereiken?"),
        Column("Groepen", "groups", kind=LIST, width=16,
               help="De groepen van wensen die deze doelstelling bundelt, gescheiden door ;"),
        Column("Indicator", "indicator", width=26, help="Meetbaar: waaraan ziet u de vooruitgang?"),
        Column("Streefwaarde", "target", width=16, help="Meetbaar: de waarde die u wil halen."),
        Column("Deadline", "deadline", kind=DEADLINE, width=13,
               help="Tijdgebonden: een datum, een jaar (2028) of een kwartaal (Q3 2027)."),
        Column("Verantwoordelijke dienst", "responsible", width=22, help="Acceptabel: de dienst die trekt."),
        Column("Betrokken diensten", "involved", kind=LIST, width=28,
               help="Transversaal: de andere diensten, gescheiden door ;"),
        Column("Middelen", "means", width=22, help="Realistisch: budget, mensen, tijd."),
        Column("Gekozen", "chosen", required=True, kind=BOOL, choices=(YES, NO), width=10,
               help="Ja als de kopgroep deze doelstelling kiest."),
    ),
)

ACTIONS = TableSpec(
    key="actions",
    sheet="Acties",
    table="tblActies",
    id_prefix="A-",
    id_digits=2,
    help="Concrete acties per doelstelling.",
    columns=(
        Column("ID", "id", kind=ID, width=8, help="Wordt door de tool ingevuld (A-01)."),
        Column("Doelstelling", "objective", required=True, width=13, help="Het ID van de doelstelling (D-01)."),
        Column("Actie", "text", required=True, width=55, help="Wat gebeurt er concreet?"),
        Column("Trekker", "owner", width=22, help="De dienst die de actie trekt."),
        Column("Deadline", "deadline", kind=DEADLINE, width=13, help="Een datum, een jaar of een kwartaal."),
        Column("Budget", "budget", kind=NUMBER, width=12, help="Bedrag in euro."),
    ),
)

VOTES = TableSpec(
    key="votes",
    sheet="Prioriteiten",
    table="tblPrioriteiten",
    help="Per thema kiest elke deelnemer twee prioritaire acties.",
    columns=(
        Column("Deelnemer", "participant", required=True, width=20, help="Naam uit het tabblad Deelnemers."),
        Column("Thema", "theme", required=True, width=24, help="Het thema uit het tabblad Thema's."),
        Column("Actie", "action", required=True, width=8, help="Het ID van de gekozen actie (A-01)."),
        Column("Actie (omschrijving)", "action_text", tool_owned=True, width=52,
               help="Door de tool: wat de gekozen actie inhoudt (bij elke knop bijgewerkt)."),
        Column("Thema van de actie", "action_theme", tool_owned=True, width=24,
               help="Door de tool: het thema waar de gekozen actie bij hoort."),
    ),
)

SYNONYMS = TableSpec(
    key="synonyms",
    sheet="Synoniemen",
    table="tblSynoniemen",
    help="Leer de groepering uw eigen woorden: twee termen die voor u hetzelfde betekenen.",
    columns=(
        Column("Term", "term", required=True, width=26, help="Een woord of korte uitdrukking, bv. velo."),
        Column("Betekent hetzelfde als", "means", required=True, width=30, help="Het woord dat hetzelfde betekent, bv. fiets."),
    ),
)

SETTINGS = TableSpec(
    key="settings",
    sheet="Instellingen",
    table="tblInstellingen",
    help="Instellingen van de knoppen. Laat een waarde leeg voor de standaard.",
    columns=(
        Column("Instelling", "name", required=True, width=30),
        Column("Waarde", "value", width=14),
        Column("Uitleg", "help", width=70),
    ),
)

# The six input tables of the contract, in workbook order.
INPUT_TABLES: tuple[TableSpec, ...] = (THEMES, PARTICIPANTS, WISHES, OBJECTIVES, ACTIONS, VOTES)
# Every table the reader knows; the last two are optional in a submitted workbook.
ALL_TABLES: tuple[TableSpec, ...] = INPUT_TABLES + (SYNONYMS, SETTINGS)
TABLES_BY_KEY = {t.key: t for t in ALL_TABLES}
TABLES_BY_NAME = {t.table: t for t in ALL_TABLES}


@dataclass(frozen=True)
class Setting:
    name: str  # Dutch, as typed in the Instellingen table
    key: str
    default: object
    help: str


SETTING_THRESHOLD = Setting(
    "Drempel groeperen", "threshold", 60,
    "Van 0 tot 100. Hoger: strengere, kleinere groepen. Lager: ruimere groepen.",
)
SETTING_HORIZON = Setting(
    "Planhorizon (jaar)", "horizon", 2031,
    "Het laatste jaar van het meerjarenplan; deadlines daarna krijgen een fout.",
)
SETTING_TODAY = Setting(
    "Vandaag", "today", None,
    "Leeg = de datum van vandaag. Vul een datum in om deadlines tegen een andere dag te toetsen.",
)
SETTINGS_DECLARED = (SETTING_THRESHOLD, SETTING_HORIZON, SETTING_TODAY)

# Sheets the tool writes and rebuilds on every run; users never edit them.
SHEET_INSTRUCTIONS = "Instructies"
SHEET_GROUPS = "Groepen"
SHEET_CHECK = "Controle"
SHEET_PLAN = "Actieplan"
SHEET_DASHBOARD = "Dashboard"
OUTPUT_SHEETS = (SHEET_GROUPS, SHEET_CHECK, SHEET_PLAN, SHEET_DASHBOARD)

# Workbook order of every sheet of a template.
SHEET_ORDER = (
    SHEET_INSTRUCTIONS,
    THEMES.sheet,
    PARTICIPANTS.sheet,
    WISHES.sheet,
    SHEET_GROUPS,
    OBJECTIVES.sheet,
    ACTIONS.sheet,
    VOTES.sheet,
    SHEET_PLAN,
    SHEET_DASHBOARD,
    SHEET_CHECK,
    SYNONYMS.sheet,
    SETTINGS.sheet,
)

# Columns added by the merge command to record where a row came from.
SOURCE_COLUMN = "Bron"

DEFAULT_HORIZON = SETTING_HORIZON.default
DEFAULT_THRESHOLD = SETTING_THRESHOLD.default
