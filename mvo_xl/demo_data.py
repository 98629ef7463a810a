"""The demo trajectory: a filled example of the fictional municipality Heidebeek.

Plain Python data, keyed by the column headers of :mod:`mvo_xl.contract`, so a
builder can write each list straight into its Excel table. Keys that start with
``_`` are not columns: they carry what only exists after a button has run
(which wishes an objective bundles, the intended cluster of a wish) and must be
dropped (or mapped) before writing.

* ``WISHES[i]["_cluster"]``: the group a human facilitator would put the wish
  in (``"<theme prefix>-<topic>"``); a handy ground truth for the grouping.
* ``OBJECTIVES[i]["_clusters"]`` / ``["_wishes"]``: the clusters and the exact
  wish texts the objective bundles. After grouping, a builder maps these wishes
  to their group IDs and fills ``Groepen`` (left ``""`` here on purpose).

The data is clean except for the few rule violations listed in
:data:`DELIBERATE_VIOLATIONS`, so every later button has something to show.
Deadlines of the clean rows lie between 2027 and 2031; rules judge them
against a ``today`` parameter, not against the date this file was written.
All names, streets and figures are invented; the text is the project's own.
"""

from __future__ import annotations

import datetime as _dt

MUNICIPALITY = "Gemeente Heidebeek"

# --------------------------------------------------------------------------
# Themes
# --------------------------------------------------------------------------
T_MOB = "Duurzame mobiliteit"
T_ENE = "Energie in eigen gebouwen"
T_AAN = "Duurzaam aankopen en lokale economie"
T_WEL = "Welzijn op het werk"
T_ARM = "Armoede en sociale inclusie"
T_WAT = "Waterbeheer en klimaatadaptatie"

THEMES: list[dict] = [
    {
        "Thema": T_MOB,
        "Omschrijving": "Minder autokilometers voor dienst- en woon-werkverplaatsingen, een schoon wagenpark "
                        "en veilige routes voor fietsers en voetgangers.",
        "SDG": "11; 13",
        "Trekker": "Koen De Smet",
    },
    {
        "Thema": T_ENE,
        "Omschrijving": "Minder energie verbruiken in het eigen patrimonium, zelf hernieuwbare energie opwekken "
                        "en zuinige openbare verlichting.",
        "SDG": "7; 13",
        "Trekker": "Annelies Verstraete",
    },
    {
        "Thema": T_AAN,
        "Omschrijving": "Duurzaamheid en lokale ondernemers een plaats geven in elke aankoop, minder wegwerp "
                        "en meer hergebruik.",
        "SDG": "8; 12",
        "Trekker": "Sofie Vandenberghe",
    },
    {
        "Thema": T_WEL,
        "Omschrijving": "Gezonde, gemotiveerde medewerkers: werkdruk, telewerk, beweging en verbondenheid "
                        "tussen de diensten.",
        "SDG": "3; 8",
        "Trekker": "Pieter Claes",
    },
    {
        "Thema": T_ARM,
        "Omschrijving": "Niemand uit de boot: rechten automatisch toekennen, vrije tijd en digitale diensten "
                        "toegankelijk maken, communiceren in klare taal.",
        "SDG": "1; 10",
        "Trekker": "Hilde Peeters",
    },
    {
        "Thema": T_WAT,
        "Omschrijving": "De gemeente klaarmaken voor hevige regen, droogte en hitte: ontharden, regenwater "
                        "gebruiken, bomen planten en ruimte voor water.",
        "SDG": "6; 13; 15",
        "Trekker": "Jeroen Wouters",
    },
]

# --------------------------------------------------------------------------
# Participants: 16 people, 10 departments
# --------------------------------------------------------------------------
D_MIL = "Milieudienst"
D_TEC = "Technische dienst"
D_FIN = "Financiën"
D_PER = "Personeelsdienst"
D_SOC = "Sociale dienst"
D_RO = "Ruimtelijke ordening"
D_ECO = "Lokale economie"
D_COM = "Communicatie"
D_JEU = "Jeugddienst"
D_CUL = "Cultuur"

KOPGROEP, DEELNEMER, TREKKER = "Kopgroep", "Deelnemer", "Trekker"

PARTICIPANTS: list[dict] = [
    # kopgroep (7): one per kopgroep department
    {"Naam": "Annelies Verstraete", "Dienst": D_MIL, "Rol": KOPGROEP},
    {"Naam": "Koen De Smet", "Dienst": D_TEC, "Rol": KOPGROEP},
    {"Naam": "Sofie Vandenberghe", "Dienst": D_FIN, "Rol": KOPGROEP},
    {"Naam": "Pieter Claes", "Dienst": D_PER, "Rol": KOPGROEP},
    {"Naam": "Hilde Peeters", "Dienst": D_SOC, "Rol": KOPGROEP},
    {"Naam": "Jeroen Wouters", "Dienst": D_RO, "Rol": KOPGROEP},
    {"Naam": "Nathalie Maes", "Dienst": D_ECO, "Rol": KOPGROEP},
    # deelnemers (8)
    {"Naam": "Tom Mertens", "Dienst": D_TEC, "Rol": DEELNEMER},
    {"Naam": "Eva Jacobs", "Dienst": D_COM, "Rol": DEELNEMER},
    {"Naam": "Wim Vermeulen", "Dienst": D_JEU, "Rol": DEELNEMER},
    {"Naam": "Lotte Willems", "Dienst": D_CUL, "Rol": DEELNEMER},
    {"Naam": "Dirk Van Damme", "Dienst": D_SOC, "Rol": DEELNEMER},
    {"Naam": "Sarah Lemmens", "Dienst": D_FIN, "Rol": DEELNEMER},
    {"Naam": "Bram Hermans", "Dienst": D_RO, "Rol": DEELNEMER},
    {"Naam": "Ilse Dewulf", "Dienst": D_COM, "Rol": DEELNEMER},
    # the facilitator (procesbegeleider), the municipality's sustainability officer
    {"Naam": "Liesbeth Janssens", "Dienst": D_MIL, "Rol": TREKKER},
]

# Short author codes used below, only to keep the wish list readable.
_A = {
    "AV": "Annelies Verstraete", "KDS": "Koen De Smet", "SV": "Sofie Vandenberghe",
    "PC": "Pieter Claes", "HP": "Hilde Peeters", "JW": "Jeroen Wouters", "NM": "Nathalie Maes",
    "TM": "Tom Mertens", "EJ": "Eva Jacobs", "WV": "Wim Vermeulen", "LW": "Lotte Willems",
    "DVD": "Dirk Van Damme", "SL": "Sarah Lemmens", "BH": "Bram Hermans", "IDW": "Ilse Dewulf",
    "LJ": "Liesbeth Janssens", "": "",
}

# --------------------------------------------------------------------------
# Wishes (droombeelden): (cluster, author code, text), per theme.
# Clusters hold 2-6 wishes saying the same in different words; "*-solo-*"
# clusters are singletons. The messy spelling, capitals and trailing spaces
# are deliberate: that is how people type in a workshop.
# --------------------------------------------------------------------------
_WISHES_BY_THEME: dict[str, list[tuple[str, str, str]]] = {
    T_MOB: [
        ("mob-fietspaden", "KDS", "Veilige, afgescheiden fietspaden langs alle gewestwegen in onze gemeente."),
        ("mob-fietspaden", "EJ", "ik wil dat mijn kinderen zonder angst met de velo naar school kunnen, "
                                 "nu zijn de fietspaaden veel te smal"),
        ("mob-fietspaden", "TM", "Meer vrijliggende fietspaden, zeker op de Steenweg richting centrum"),
        ("mob-fietspaden", "BH", "FIETSPADEN DIE NIET ZOMAAR STOPPEN AAN EEN KRUISPUNT"),
        ("mob-fietspaden", "JW", "Een doorlopend fietsnetwerk tussen de deelgemeenten, 's avonds goed verlicht  "),
        ("mob-dienstfiets", "HP", "Dienstfietsen (ook elektrische) voor verplaatsingen tussen het gemeentehuis "
                                  "en het OCMW-gebouw"),
        ("mob-dienstfiets", "LW", "zou het niet mooi zijn als we voor korte afspraken gewoon een velo van de dienst "
                                  "konden nemen ipv de auto"),
        ("mob-dienstfiets", "PC", "Een vloot e-bikes die elke collega kan reserveren via de agenda"),
        ("mob-dienstfiets", "TM", "elektrische fietsen voor de buitendiensten, bv. voor de parkwachters en de "
                                  "toezichters"),
        ("mob-woonwerk", "PC", "Meer collega's die met de fiets of het openbaar vervoer naar het werk komen"),
        ("mob-woonwerk", "SL", "Fietsvergoeding optrekken en een fietsleaseplan voor het personeel"),
        ("mob-woonwerk", "DVD", "carpoolen tussen collega's aanmoedigen, bv. met een app of gewoon een lijst "
                                "aan het prikbord"),
        ("mob-woonwerk", "AV", "Tegen 2030 komt de helft van het personeel niet meer alleen met de auto naar "
                               "het werk."),
        ("mob-wagenpark", "KDS", "Onze dienstwagens worden allemaal elektrisch"),
        ("mob-wagenpark", "TM", "Laadpalen op de parking van het gemeentehuis en aan de werkplaats van de "
                                "technische dienst"),
        ("mob-wagenpark", "SV", "geen diesel meer in het wagenpark tegen 2030"),
        ("mob-wagenpark", "WV", "Zou het niet mooi zijn als de bestelwagens van de groendienst op stroom reden?"),
        ("mob-school", "WV", "Schoolstraten aan alle basisscholen"),
        ("mob-school", "EJ", "Een veilige schoolomgeving: trager verkeer en geen auto's tot aan de schoolpoort"),
        ("mob-school", "IDW", "Ouders die hun kinderen tot aan de poort brengen met de wagen, dat moet stoppen. "
                              "Kiss & ride wat verder weg."),
        ("mob-camion", "JW", "Geen zware camions meer door de dorpskern"),
        ("mob-camion", "BH", "vrachtverkeer omleiden rond het centrum van Heidebeek"),
        ("mob-camion", "NM", "Tonnagebeperking in de Kerkstraat en de Molenstraat, de vrachtwagens daveren er "
                             "door"),
        ("mob-solo-deelauto", "LJ", "Een deelauto-systeem voor inwoners, bv. met een paar wagens aan het station"),
        ("mob-solo-tragewegen", "AV", "trage wegen terug openmaken en bewegwijzeren"),
        ("mob-solo-bus", "DVD", "Gratis bus voor 65+"),
    ],
    T_ENE: [
        ("ene-zon", "KDS", "Zonnepanelen op elk gemeentelijk dak dat geschikt is"),
        ("ene-zon", "TM", "Het dak van de sporthal ligt perfect op het zuiden, waarom liggen daar nog geen "
                          "PV-panelen?"),
        ("ene-zon", "WV", "ik wil dat onze scholen en het zwembad hun eigen stroom opwekken"),
        ("ene-zon", "SL", "zonnepannelen op het nieuwe administratief centrum"),
        ("ene-zon", "NM", "MEER ZONNE-ENERGIE OP ONZE EIGEN GEBOUWEN!!"),
        ("ene-isolatie", "SV", "Het oude gemeentehuis is een energieslurper, dat moet grondig geïsoleerd worden"),
        ("ene-isolatie", "LW", "Dakisolatie en nieuwe ramen in de bib en de academie"),
        ("ene-isolatie", "JW", "Een renovatieplan voor al ons patrimonium, met een energielabel per gebouw"),
        ("ene-isolatie", "HP", "Tochtige ramen in het OCMW-gebouw: in de winter zit iedereen met zijn jas aan "
                               "aan het bureau"),
        ("ene-verwarming", "KDS", "Weg met de stookolieketels in de gemeentelijke gebouwen"),
        ("ene-verwarming", "AV", "Warmtepompen ipv gasketels bij elke renovatie"),
        ("ene-verwarming", "BH", "Zou het niet mooi zijn als de sporthal en de school samen één warmtenet hadden?"),
        ("ene-gedrag", "PC", "Collega's die de lichten uitdoen als ze als laatste een lokaal verlaten"),
        ("ene-gedrag", "EJ", "verwarming in de gangen en de refter een graadje lager"),
        ("ene-gedrag", "SV", "geen kleine frigo's en elektrische vuurtjes meer onder elk bureau"),
        ("ene-gedrag", "IDW", "Een energiewedstrijd tussen de diensten: wie bespaart het meest? ⚡"),
        ("ene-verlichting", "KDS", "Alle straatlampen vervangen door LED"),
        ("ene-verlichting", "AV", "Straatverlichting 's nachts dimmen of doven op rustige wegen"),
        ("ene-verlichting", "TM", "openbare verlichting slim en zuinig maken, met sensoren op de parkings"),
        ("ene-verlichting", "LJ", "Minder lichtvervuiling, goed voor de vleermuizen én voor de factuur"),
        ("ene-monitoring", "SL", "Per gebouw een maandelijks overzicht van het verbruik van gas, water en "
                                 "elektriciteit"),
        ("ene-monitoring", "KDS", "Slimme meters in alle gebouwen zodat we lekken en pieken meteen zien"),
        ("ene-monitoring", "EJ", "een energieboekhouding die iedereen kan raadplegen op het intranet "),
        ("ene-solo-groenestroom", "SV", "100% groene stroom in het volgende energiecontract"),
        ("ene-solo-cooperatie", "NM", "Een energiecoöperatie waarin inwoners mee investeren in windmolens"),
    ],
    T_AAN: [
        ("aan-criteria", "SL", "In elk bestek standaard duurzaamheidscriteria opnemen"),
        ("aan-criteria", "SV", "Een checklist duurzaam aankopen die elke dienst gebruikt vóór een bestelling"),
        ("aan-criteria", "AV", "ik wil dat we bij aankoopdossiers niet alleen naar de laagste prijs kijken maar "
                               "ook naar milieu en arbeidsomstandigheden"),
        ("aan-criteria", "NM", "DUURZAAMHEID ALS GUNNINGSCRITERIUM, niet als bijzaak"),
        ("aan-criteria", "KDS", "De aankoopcel helpt de andere diensten om groene bestekken te schrijven"),
        ("aan-lokaal", "NM", "Lokale ondernemers moeten meer kansen krijgen bij kleine overheidsopdrachten"),
        ("aan-lokaal", "SL", "opdrachten opknippen in percelen zodat ook kleine zelfstandigen uit de gem. "
                             "kunnen inschrijven"),
        ("aan-lokaal", "BH", "Een infosessie voor handelaars over hoe ze kunnen meedingen naar opdrachten van "
                             "de gemeente"),
        ("aan-lokaal", "IDW", "Zou het niet mooi zijn als de bakker en de drukker om de hoek vaker voor ons "
                              "werkten?"),
        ("aan-catering", "LW", "Lokale en seizoensgebonden producten op recepties en vergaderingen"),
        ("aan-catering", "HP", "fairtrade koffie en thee in alle vergaderzalen"),
        ("aan-catering", "PC", "Broodjes voor het personeelsfeest bij de bakker uit het dorp ipv bij een keten"),
        ("aan-catering", "JW", "Streekproducten op elke receptie van het gemeentebestuur, bv. Heidebeeks bier en "
                               "hoeve-ijs"),
        ("aan-wegwerp", "EJ", "Minder papier: alles digitaal tenzij het echt niet anders kan"),
        ("aan-wegwerp", "WV", "Geen plastic flesjes en bekertjes meer op het werk"),
        ("aan-wegwerp", "IDW", "stop met al die brol van promomateriaal (pennen, sleutelhangers, ...) op "
                               "evenementen"),
        ("aan-wegwerp", "DVD", "Printers standaard op recto verso en zwart-wit"),
        ("aan-circulair", "TM", "Afgeschreven laptops en meubilair een tweede leven geven in plaats van ze "
                                "weg te gooien"),
        ("aan-circulair", "LJ", "Een interne tweedehandsmarkt voor bureaumateriaal tussen de diensten"),
        ("aan-circulair", "SV", "circulair aankopen: eerst huren, herstellen of hergebruiken, pas dan iets "
                                "nieuws kopen"),
        ("aan-socialeeconomie", "HP", "Groenonderhoud en schoonmaak deels uitbesteden aan een maatwerkbedrijf"),
        ("aan-socialeeconomie", "DVD", "meer samenwerken met de sociale economie, bv. voor catering en drukwerk"),
        ("aan-socialeeconomie", "HP", "Sociale clausules in de grote bestekken zodat er werkervaringsplaatsen "
                                      "bijkomen"),
        ("aan-solo-cadeaubon", "PC", "Cadeaubonnen van lokale handelaars als eindejaarsgeschenk voor het "
                                     "personeel"),
        ("aan-solo-leegstand", "NM", "Leegstaande winkelpanden in de Dorpsstraat tijdelijk laten gebruiken door "
                                     "starters"),
        ("aan-solo-repaircafe", "", "repair café in de bib, 1x per maand"),
    ],
    T_WEL: [
        ("wel-werkdruk", "HP", "Aandacht voor werkdruk, zeker bij de sociale dienst waar de dossiers zich "
                               "opstapelen"),
        ("wel-werkdruk", "PC", "Minder mensen die uitvallen met een burn-out"),
        ("wel-werkdruk", "DVD", "ik wil dat leidinggevenden signalen van stress sneller oppikken en er iets "
                                "mee doen"),
        ("wel-werkdruk", "LW", "een aanspreekpunt voor psychosociaal welzijn dat iedereen kent"),
        ("wel-werkdruk", "SV", "Zou het niet mooi zijn als het ziekteverzuim tegen 2030 onder de 5% zakt?"),
        ("wel-telewerk", "EJ", "Telewerk 2 dagen per week voor iedereen bij wie het kan"),
        ("wel-telewerk", "IDW", "flexibele werkuren, bv. vroeger beginnen en vroeger naar huis voor wie "
                                "kinderen heeft"),
        ("wel-telewerk", "SL", "Thuiswerken zonder schuldgevoel, met duidelijke afspraken over bereikbaarheid"),
        ("wel-telewerk", "TM", "TELEWERK OOK VOOR DE BUITENDIENSTEN WAAR HET KAN (administratie, planning)"),
        ("wel-bewegen", "WV", "Een wekelijkse sportles over de middag, bv. yoga of bootcamp op de koer achter "
                              "het gemeentehuis"),
        ("wel-bewegen", "PC", "Bewegen tijdens het werk: wandelvergaderingen, de trap in plaats van de lift"),
        ("wel-bewegen", "BH", "met een gemeenteteam meedoen aan de jaarlijkse Heidebeekse loop"),
        ("wel-bewegen", "LW", "Korting op een fitnessabonnement voor het personeel"),
        ("wel-ergonomie", "SL", "Goede bureaustoelen en zit-sta-bureaus voor wie de hele dag achter de pc zit"),
        ("wel-ergonomie", "PC", "Een ergonomische screening van alle werkposten"),
        ("wel-ergonomie", "KDS", "De werkplaats van de technische dienst is in de winter ijskoud en lawaaierig, "
                                 "dat moet beter"),
        ("wel-verbinding", "TM", "Meer waardering en af en toe een schouderklopje van het bestuur"),
        ("wel-verbinding", "EJ", "een personeelsfeest waar álle diensten samenkomen, ook de buitendiensten"),
        ("wel-verbinding", "JW", "De diensten kennen elkaar nauwelijks, één keer per jaar een teamdag met "
                                 "iedereen"),
        ("wel-verbinding", "IDW", "Nieuwe collega's een peter of meter geven zodat ze zich sneller thuis voelen"),
        ("wel-voeding", "LJ", "Gratis fruit in de refter"),
        ("wel-voeding", "AV", "Gezonde soep en broodjes in de refter ipv de automaat met snoep"),
        ("wel-voeding", "NM", "een waterfontein op elke verdieping zodat iedereen genoeg drinkt"),
        ("wel-solo-opvang", "HP", "Opvang voor de kinderen van personeelsleden tijdens de schoolvakanties"),
        ("wel-solo-stilteruimte", "", "een stille ruimte om even te bekomen na een moeilijk gesprek aan het loket"),
    ],
    T_ARM: [
        ("arm-rechten", "HP", "Rechten automatisch toekennen: mensen mogen niet zelf moeten weten waar ze recht "
                              "op hebben"),
        ("arm-rechten", "DVD", "ik wil dat het OCMW zelf contact opneemt met gezinnen die recht hebben op een "
                               "toelage"),
        ("arm-rechten", "LJ", "Een rechtenverkenner bij elk eerste gesprek aan het sociaal loket"),
        ("arm-rechten", "SL", "Minder papierwerk om een premie aan te vragen, de gegevens halen we zelf op "
                              "(bv. via de KSZ)"),
        ("arm-vrijetijd", "LW", "Een UiTPAS met kansentarief zodat iedereen aan sport en cultuur kan deelnemen"),
        ("arm-vrijetijd", "WV", "kinderen uit kwetsbare gezinnen gratis naar de speelpleinwerking en op kamp"),
        ("arm-vrijetijd", "LW", "Zou het niet mooi zijn als een cursus in de academie niet afhangt van je "
                                "portemonnee?"),
        ("arm-vrijetijd", "WV", "VRIJE TIJD VOOR IEDEREEN, OOK VOOR WIE HET FINANCIEEL MOEILIJK HEEFT"),
        ("arm-vrijetijd", "DVD", "Korting in het zwembad en de bib voor mensen met een leefloon"),
        ("arm-digitaal", "EJ", "Hulp voor mensen die niet mee zijn met de digitale loketten"),
        ("arm-digitaal", "LW", "Een digipunt in de bib waar vrijwilligers helpen met itsme en Tax-on-web"),
        ("arm-digitaal", "IDW", "niet alles enkel online: ook een loket waar je een mens aan de lijn krijgt "),
        ("arm-digitaal", "TM", "Opgeknapte tweedehands laptops voor gezinnen zonder computer"),
        ("arm-klaretaal", "EJ", "Brieven van de gemeente in eenvoudige taal"),
        ("arm-klaretaal", "SV", "Onze formulieren zijn veel te ingewikkeld, zelfs voor collega's"),
        ("arm-klaretaal", "IDW", "Klare taal in alle communicatie van gem. en OCMW, met pictogrammen waar het kan"),
        ("arm-klaretaal", "HP", "infofolders ook in andere talen, of een vertaalapp aan het onthaal"),
        ("arm-kinderen", "WV", "Geen enkel kind met honger op school: een gratis middagmaal voor wie het nodig "
                               "heeft"),
        ("arm-kinderen", "DVD", "Schoolkosten mee helpen dragen, bv. een tussenkomst voor schoolreizen"),
        ("arm-kinderen", "AV", "kinderarmoede halveren tegen 2030"),
        ("arm-wonen", "JW", "Meer sociale woningen en betaalbare huurwoningen in de kern"),
        ("arm-wonen", "AV", "Energiescans en gratis isolatie voor huurders met een laag inkomen"),
        ("arm-wonen", "BH", "Huisjesmelkers aanpakken, niemand mag nog in een vochtige krotwoning wonen"),
        ("arm-solo-kruidenier", "NM", "Een sociale kruidenier in Heidebeek"),
        ("arm-solo-eenzaamheid", "PC", "Eenzame ouderen laten bezoeken door vrijwilligers"),
        ("arm-solo-iedereen", "", "armoede is niet alleen een zaak van de sociale dienst"),
    ],
    T_WAT: [
        ("wat-ontharden", "AV", "Ontharden waar het kan: minder beton, meer groen"),
        ("wat-ontharden", "WV", "De koer van de gemeentelijke basisschool is één grote asfaltvlakte, laat die "
                                "vergroenen"),
        ("wat-ontharden", "KDS", "parkings met grasdallen of waterdoorlatende klinkers in plaats van asfalt"),
        ("wat-ontharden", "JW", "Tegen 2030 10.000 m² verharding opbreken in de gemeente"),
        ("wat-ontharden", "BH", "Het marktplein is een hitte-eiland in de zomer. Minder stenen aub!"),
        ("wat-regenwater", "KDS", "Regenwater opvangen en gebruiken voor de toiletten in het gemeentehuis"),
        ("wat-regenwater", "TM", "de groendienst zou de plantenbakken moeten gieten met regenwater ipv "
                                 "leidingwater"),
        ("wat-regenwater", "SL", "Een regenwaterput bij elk gemeentelijk gebouw, ook bij de sporthal en de "
                                 "werkplaats"),
        ("wat-regenwater", "NM", "Waarom spoelen we onze wc's nog altijd door met drinkwater?"),
        ("wat-bomen", "LW", "Meer bomen in de straten, zodat het in de zomer koeler is"),
        ("wat-bomen", "IDW", "schaduw op de speelpleintjes, de kinderen kunnen er in juli niet spelen"),
        ("wat-bomen", "EJ", "Een bomenplan: per geboren kind een boom erbij"),
        ("wat-bomen", "DVD", "Zou het niet mooi zijn als elke straat een paar grote bomen had tegen de hitte?"),
        ("wat-overstroming", "TM", "Grachten terug openleggen en goed onderhouden zodat het water weg kan"),
        ("wat-overstroming", "JW", "Na de wateroverlast van vorige zomer: meer ruimte voor water langs de beek"),
        ("wat-overstroming", "BH", "wadi's en bufferbekkens in de nieuwe verkavelingen"),
        ("wat-overstroming", "HP", "NOOIT MEER ONDERGELOPEN KELDERS IN DE MOLENWIJK"),
        ("wat-groendak", "AV", "Groendaken op de platte daken van de gemeentelijke gebouwen"),
        ("wat-groendak", "PC", "Een groendak op de fietsenstalling en de bushokjes"),
        ("wat-groendak", "KDS", "sedumdak op de nieuwe werkplaats"),
        ("wat-inwoners", "SV", "Premie voor regentonnen en infiltratie bij particulieren"),
        ("wat-inwoners", "IDW", "inwoners aanmoedigen om hun voortuin te ontharden, bv. met een tegelwipactie"),
        ("wat-inwoners", "NM", "Geveltuintjes toelaten en promoten in de dorpskern"),
        ("wat-solo-bloemenweide", "LJ", "Bloemenweides in plaats van gazon langs de invalswegen, goed voor de "
                                        "bijen"),
        ("wat-solo-kranen", "SL", "Waterbesparende kranen en toiletten bij elke renovatie"),
    ],
}

WISHES: list[dict] = [
    {"Thema": theme, "Droombeeld": text, "Ingediend door": _A[author], "_cluster": cluster}
    for theme, rows in _WISHES_BY_THEME.items()
    for cluster, author, text in rows
]


def wishes_of_cluster(cluster: str) -> list[str]:
    """The exact texts of the wishes of one intended cluster."""
    return [w["Droombeeld"] for w in WISHES if w["_cluster"] == cluster]


# --------------------------------------------------------------------------
# Objectives (doelstellingen). Groepen stays "" here: group IDs only exist
# after grouping. _clusters/_wishes say what each objective bundles.
# --------------------------------------------------------------------------
_d = _dt.date

OBJECTIVES: list[dict] = [
    # --- Duurzame mobiliteit: 3 chosen
    {
        "ID": "D-01", "Thema": T_MOB,
        "Doelstelling": "Het aandeel dienstverplaatsingen met de fiets of te voet stijgt naar 40%.",
        "Indicator": "Aandeel dienstverplaatsingen per fiets of te voet (rittenregister)",
        "Streefwaarde": "40%", "Deadline": _d(2028, 12, 31),
        "Verantwoordelijke dienst": D_TEC, "Betrokken diensten": f"{D_PER}; {D_MIL}",
        "Middelen": "€ 45.000 voor e-bikes en reservatiesysteem; 0,1 VTE vlootbeheer",
        "Gekozen": "Ja", "_clusters": ["mob-dienstfiets"],
    },
    {
        "ID": "D-02", "Thema": T_MOB,
        "Doelstelling": "Minstens de helft van de medewerkers komt niet meer alleen met de auto naar het werk.",
        "Indicator": "Aandeel medewerkers met duurzaam woon-werkverkeer (jaarlijkse bevraging)",
        "Streefwaarde": "50%", "Deadline": 2030,
        "Verantwoordelijke dienst": D_PER, "Betrokken diensten": f"{D_MIL}; {D_FIN}; {D_TEC}",
        "Middelen": "Fietsvergoeding en fietslease, € 80.000 per jaar",
        "Gekozen": "Ja", "_clusters": ["mob-woonwerk"],
    },
    {
        "ID": "D-03", "Thema": T_MOB,
        "Doelstelling": "Het gemeentelijke wagenpark rijdt elektrisch en elke site heeft laadpunten.",
        "Indicator": "Aandeel elektrische voertuigen in het wagenpark",
        "Streefwaarde": "100% personenwagens, 60% bestelwagens", "Deadline": "2031",
        "Verantwoordelijke dienst": D_TEC, "Betrokken diensten": f"{D_FIN}, {D_MIL}",
        "Middelen": "Vervangingsbudget wagenpark in het meerjarenplan + € 120.000 laadinfrastructuur",
        "Gekozen": "ja", "_clusters": ["mob-wagenpark"],
    },
    {
        "ID": "D-04", "Thema": T_MOB,
        "Doelstelling": "Een fietsnetwerk zonder onderbrekingen tussen de deelgemeenten aanleggen.",
        "Indicator": "km nieuw of verbeterd vrijliggend fietspad",
        "Streefwaarde": "8 km", "Deadline": "Q4 2029",
        "Verantwoordelijke dienst": D_RO, "Betrokken diensten": D_TEC,
        "Middelen": "Subsidie fietsfonds + eigen inbreng € 900.000",
        "Gekozen": "Nee", "_clusters": ["mob-fietspaden"],
    },
    # --- Energie in eigen gebouwen: 4 chosen (MVO001, deliberate)
    {
        "ID": "D-05", "Thema": T_ENE,
        "Doelstelling": "Het energieverbruik van de eigen gebouwen daalt met 25% ten opzichte van 2022.",
        "Indicator": "kWh per m² per jaar (energieboekhouding)",
        "Streefwaarde": "-25%", "Deadline": _d(2030, 12, 31),
        "Verantwoordelijke dienst": D_TEC, "Betrokken diensten": f"{D_FIN}; {D_MIL}",
        "Middelen": "Renovatiebudget € 1,2 miljoen + energiecoördinator 0,5 VTE",
        "Gekozen": "Ja", "_clusters": ["ene-isolatie", "ene-verwarming", "ene-monitoring"],
    },
    {
        "ID": "D-06", "Thema": T_ENE,
        "Doelstelling": "Alle geschikte daken van gemeentelijke gebouwen liggen vol zonnepanelen.",
        "Indicator": "Geïnstalleerd vermogen zonnepanelen (kWp)",
        "Streefwaarde": "650 kWp", "Deadline": "Q2 2028",
        "Verantwoordelijke dienst": D_TEC, "Betrokken diensten": f"{D_FIN}; {D_RO}",
        "Middelen": "€ 480.000 investering, terugverdientijd 8 jaar",
        "Gekozen": "Ja", "_clusters": ["ene-zon"],
    },
    {
        "ID": "D-07", "Thema": T_ENE,
        "Doelstelling": "Medewerkers gaan zuiniger om met licht, verwarming en toestellen op het werk.",
        "Indicator": "Elektriciteits- en gasverbruik per gebouw na de campagne",
        "Streefwaarde": "-5% door gedrag alleen", "Deadline": 2027,
        "Verantwoordelijke dienst": D_MIL, "Betrokken diensten": f"{D_PER}; {D_COM}",
        "Middelen": "€ 5.000 campagne + een energiemeester per dienst",
        "Gekozen": "JA", "_clusters": ["ene-gedrag"],
    },
    {
        "ID": "D-08", "Thema": T_ENE,
        "Doelstelling": "De openbare verlichting is volledig LED en wordt 's nachts gedimd.",
        "Indicator": "Aandeel LED-armaturen in de openbare verlichting",
        "Streefwaarde": "100%", "Deadline": "2029",
        "Verantwoordelijke dienst": D_TEC, "Betrokken diensten": f"{D_RO}; {D_MIL}",
        "Middelen": "Samenwerking met de netbeheerder, € 250.000",
        "Gekozen": "Ja", "_clusters": ["ene-verlichting"],
    },
    # --- Duurzaam aankopen en lokale economie: 3 chosen
    {
        "ID": "D-09", "Thema": T_AAN,
        "Doelstelling": "In elk aankoopdossier boven € 30.000 wegen duurzaamheid en sociale criteria "
                        "voor minstens 20% mee in de gunning.",
        "Indicator": "Aandeel dossiers boven € 30.000 met duurzaamheidscriteria van minstens 20%",
        "Streefwaarde": "90%", "Deadline": "Q4 2027",
        "Verantwoordelijke dienst": D_FIN, "Betrokken diensten": f"{D_MIL}; {D_SOC}; {D_ECO}",
        "Middelen": "Checklist en opleiding voor de aankoopcel; 0,2 VTE",
        "Gekozen": "Ja", "_clusters": ["aan-criteria", "aan-socialeeconomie"],
    },
    {
        "ID": "D-10", "Thema": T_AAN,
        "Doelstelling": "Lokale ondernemers dingen vaker mee naar kleine opdrachten van de gemeente.",
        "Indicator": "Aandeel opdrachten onder € 30.000 gegund aan bedrijven uit Heidebeek",
        "Streefwaarde": "35%", "Deadline": 2028,
        "Verantwoordelijke dienst": D_ECO, "Betrokken diensten": f"{D_FIN}; {D_COM}",
        "Middelen": "Infosessies en een jaarlijkse ondernemersavond, € 3.000",
        "Gekozen": "ja", "_clusters": ["aan-lokaal"],
    },
    {
        "ID": "D-11", "Thema": T_AAN,
        "Doelstelling": "De eigen diensten halveren hun papierverbruik en wegwerpmateriaal.",
        "Indicator": "Afgedrukte vellen per medewerker; gekochte wegwerpbekers en -flesjes",
        "Streefwaarde": "-50%", "Deadline": _d(2029, 6, 30),
        "Verantwoordelijke dienst": D_MIL, "Betrokken diensten": f"{D_COM}; {D_FIN}; {D_TEC}",
        "Middelen": "Printbeleid en herbruikbare bekers, € 8.000",
        "Gekozen": "Ja", "_clusters": ["aan-wegwerp", "aan-circulair"],
    },
    {
        "ID": "D-12", "Thema": T_AAN,
        "Doelstelling": "Lokale en fairtrade producten op alle recepties en vergaderingen.",
        "Indicator": "Aandeel lokale of fairtrade producten in de cateringfacturen",
        "Streefwaarde": "75%", "Deadline": 2027,
        "Verantwoordelijke dienst": D_ECO, "Betrokken diensten": f"{D_CUL}; {D_FIN}",
        "Middelen": "Binnen het bestaande receptiebudget",
        "Gekozen": "Nee", "_clusters": ["aan-catering"],
    },
    # --- Welzijn op het werk: 2 chosen
    {
        "ID": "D-13", "Thema": T_WEL,
        "Doelstelling": "Het ziekteverzuim door stress en burn-out daalt tot onder 4%.",
        "Indicator": "",  # MVO011, deliberate
        "Streefwaarde": "< 4%", "Deadline": "2029",
        "Verantwoordelijke dienst": D_PER, "Betrokken diensten": f"{D_SOC}; {D_FIN}",
        "Middelen": "Externe preventieadviseur psychosociale aspecten, € 15.000 per jaar",
        "Gekozen": "Ja", "_clusters": ["wel-werkdruk"],
    },
    {
        "ID": "D-14", "Thema": T_WEL,
        "Doelstelling": "Elke medewerker met een telewerkbare functie kan twee dagen per week telewerken "
                        "met duidelijke afspraken.",
        "Indicator": "Aandeel telewerkbare functies met een telewerkregeling",
        "Streefwaarde": "100%", "Deadline": "Q3 2027",
        "Verantwoordelijke dienst": D_PER, "Betrokken diensten": f"{D_FIN}; {D_COM}",
        "Middelen": "Laptops en thuiswerkvergoeding, € 40.000 per jaar",
        "Gekozen": "Ja", "_clusters": ["wel-telewerk"],
    },
    {
        "ID": "D-15", "Thema": T_WEL,
        "Doelstelling": "Drie op tien medewerkers nemen deel aan een beweeg- of gezondheidsaanbod van de gemeente.",
        "Indicator": "Aantal deelnemers aan het beweeg- en gezondheidsaanbod",
        "Streefwaarde": "30%", "Deadline": 2028,
        "Verantwoordelijke dienst": D_PER, "Betrokken diensten": D_CUL,
        "Middelen": "€ 6.000 per jaar",
        "Gekozen": "Nee", "_clusters": ["wel-bewegen", "wel-voeding"],
    },
    # --- Armoede en sociale inclusie: 3 chosen
    {
        "ID": "D-16", "Thema": T_ARM,
        "Doelstelling": "Inwoners krijgen hun sociale rechten zoveel mogelijk automatisch, zonder extra "
                        "aanvraag.",
        "Indicator": "Aantal lokale tegemoetkomingen dat automatisch wordt toegekend",
        "Streefwaarde": "8 van de 10 lokale premies", "Deadline": 2030,
        "Verantwoordelijke dienst": D_SOC, "Betrokken diensten": f"{D_FIN}; {D_COM}",
        "Middelen": "Koppeling met KSZ-gegevens, € 20.000 IT + 0,3 VTE",
        "Gekozen": "Ja", "_clusters": ["arm-rechten"],
    },
    {
        "ID": "D-17", "Thema": T_ARM,
        "Doelstelling": "Inwoners met een laag inkomen nemen met een UiTPAS aan kansentarief deel aan sport, "
                        "cultuur en jeugdwerk.",
        "Indicator": "Aantal actieve UiTPAS-kansenpassen",
        "Streefwaarde": "600 pashouders", "Deadline": "Q3 2027",
        "Verantwoordelijke dienst": D_CUL,  # MVO012, deliberate: Cultuur is not in the kopgroep
        "Betrokken diensten": f"{D_SOC}; {D_JEU}",
        "Middelen": "€ 35.000 per jaar aan kortingen, deels Vlaamse subsidie",
        "Gekozen": "Ja", "_clusters": ["arm-vrijetijd"],
    },
    {
        "ID": "D-18", "Thema": T_ARM,
        "Doelstelling": "Elke inwoner vindt hulp bij digitale loketten in het digipunt of aan een bemand "
                        "loket.",
        "Indicator": "Aantal geholpen inwoners per maand in het digipunt",
        "Streefwaarde": "150 per maand",
        "Deadline": 2023,  # MVO014, deliberate: copied from the previous plan, in the past
        "Verantwoordelijke dienst": D_SOC, "Betrokken diensten": f"{D_CUL}; {D_COM}",
        "Middelen": "Vrijwilligers + 0,2 VTE bibliothecaris, € 4.000 toestellen",
        "Gekozen": "Ja", "_clusters": ["arm-digitaal"],
    },
    {
        "ID": "D-19", "Thema": T_ARM,
        "Doelstelling": "Alle standaardbrieven en formulieren van gemeente en OCMW zijn in klare taal "
                        "herschreven.",
        "Indicator": "Aandeel herschreven standaardbrieven en formulieren",
        "Streefwaarde": "100%", "Deadline": _d(2028, 3, 31),
        "Verantwoordelijke dienst": D_SOC, "Betrokken diensten": D_COM,
        "Middelen": "Opleiding klare taal, € 2.500",
        "Gekozen": "nee", "_clusters": ["arm-klaretaal"],
    },
    # --- Waterbeheer en klimaatadaptatie: 3 chosen
    {
        "ID": "D-20", "Thema": T_WAT,
        "Doelstelling": "12.000 m² verharding op gemeentelijk terrein is onthard en vergroend.",
        "Indicator": "m² onthard (register ruimtelijke ordening)",
        "Streefwaarde": "12.000 m²", "Deadline": 2031,
        "Verantwoordelijke dienst": D_RO, "Betrokken diensten": f"{D_TEC}; {D_MIL}",
        "Middelen": "€ 300.000 eigen middelen + subsidie voor ontharding",
        "Gekozen": "Ja", "_clusters": ["wat-ontharden"],
    },
    {
        "ID": "D-21", "Thema": T_WAT,
        "Doelstelling": "Alle gemeentelijke gebouwen gebruiken regenwater voor de toiletten en het gieten "
                        "van plantsoenen.",
        "Indicator": "Aandeel gemeentelijke gebouwen met hergebruik van regenwater",
        "Streefwaarde": "100% (14 gebouwen)", "Deadline": "2030",
        "Verantwoordelijke dienst": D_TEC,
        "Betrokken diensten": "",  # MVO020, deliberate: only one department
        "Middelen": "€ 90.000 voor regenwaterputten en pompen",
        "Gekozen": "Ja", "_clusters": ["wat-regenwater"],
    },
    {
        "ID": "D-22", "Thema": T_WAT,
        "Doelstelling": "De gemeente plant 1.500 extra straatbomen om hittestress in de kernen te verminderen.",
        "Indicator": "Aantal nieuw geplante straatbomen",
        "Streefwaarde": "1.500",
        "Deadline": "2033",  # MVO014, deliberate: beyond the plan horizon 2031
        "Verantwoordelijke dienst": D_MIL, "Betrokken diensten": f"{D_TEC}; {D_RO}",
        "Middelen": "€ 75.000 plantbudget per jaar",
        "Gekozen": "Ja", "_clusters": ["wat-bomen"],
    },
    {
        "ID": "D-23", "Thema": T_WAT,
        "Doelstelling": "Geen ondergelopen kelders meer dankzij extra buffering en open grachten in de "
                        "risicozones.",
        "Indicator": "Aantal meldingen van wateroverlast per jaar",
        "Streefwaarde": "-75%", "Deadline": 2031,
        "Verantwoordelijke dienst": D_TEC, "Betrokken diensten": f"{D_RO}; {D_MIL}",
        "Middelen": "Samenwerking met de rioolbeheerder",
        "Gekozen": "Nee", "_clusters": ["wat-overstroming"],
    },
]

for _o in OBJECTIVES:
    _o["Groepen"] = ""  # filled by the demo builder after grouping, from _wishes
    _o["_wishes"] = [t for c in _o["_clusters"] for t in wishes_of_cluster(c)]

# --------------------------------------------------------------------------
# Actions (2-3 per chosen objective; D-10 has none on purpose)
# --------------------------------------------------------------------------
_ACTION_ROWS: list[tuple[str, str, str, object, float]] = [
    # objective, action, owner department, deadline, budget (euro)
    ("D-01", "15 elektrische dienstfietsen aankopen en ze laten reserveren via de gedeelde agenda",
     D_TEC, "Q2 2027", 45000),
    ("D-01", "Fietsvergoeding voor dienstverplaatsingen gelijktrekken met de kilometervergoeding voor de auto",
     D_PER, 2027, 6000),
    ("D-01", "Rittenregister van dienstwagens en dienstfietsen digitaliseren om het aandeel fietsritten "
             "op te volgen", D_TEC, _d(2027, 9, 30), 3500),
    # starts with "+": must be written as text, never as a formula (deliberate)
    ("D-02", "+50% fietsenstallingen aan het gemeentehuis en het administratief centrum, overdekt en met "
             "laadpunten", D_TEC, 2028, 38000),
    ("D-02", "Fietsleaseplan voor het personeel invoeren via het cafetariaplan", D_PER, "Q1 2028", 25000),
    ("D-02", "Carpoolbank op het intranet en voorbehouden carpoolplaatsen op de parking", D_PER, 2027, 1500),
    ("D-03", "Bij elke vervanging van een dienstwagen een elektrisch model kiezen via het raamcontract",
     D_FIN, 2031, 350000),
    ("D-03", "Twaalf laadpunten plaatsen op de parking van het gemeentehuis en aan de werkplaats",
     D_TEC, _d(2028, 6, 30), 96000),
    ("D-05", "Energieboekhouding met maandelijkse meteropname voor alle 22 gebouwen", D_MIL, "Q3 2027", 12000),
    ("D-05", "Dak en ramen van het oude gemeentehuis isoleren en vervangen", D_TEC, 2029, 640000),
    ("D-05", "Stookolieketels in de sporthal en de academie vervangen door warmtepompen", D_TEC, 2030, 310000),
    ("D-06", "Zonnepanelen op de sporthal, het zwembad en de werkplaats (samen 420 kWp)", D_TEC, "Q4 2027",
     330000),
    ("D-06", "Stabiliteitsstudie van de overige daken en tweede fase zonnepanelen", D_TEC, 2028, 150000),
    ("D-07", "Een energiemeester per dienst en een jaarlijkse energiewedstrijd tussen de diensten",
     D_MIL, 2027, 2500),
    ("D-07", "Thermostaten begrenzen op 20 °C in kantoren en 17 °C in gangen", D_TEC, "Q4 2027", 4000),
    ("D-07", "Campagne 'Doe het licht uit' op intranet, affiches en in het personeelsblad",
     D_COM, _d(2027, 10, 1), 1500),
    ("D-08", "Alle straatlampen samen met de netbeheerder ombouwen naar LED", D_TEC, 2029, 210000),
    ("D-08", "Dimregime van 22 tot 6 uur op woonstraten en fietsroutes buiten de kern", D_RO, 2028, 15000),
    ("D-09", "Checklist duurzaam aankopen opnemen in het bestelproces van elke dienst", D_FIN, "Q2 2027", 2000),
    ("D-09", "Opleiding groene en sociale bestekken voor alle budgethouders", D_FIN, 2027, 4500),
    ("D-09", "Sociale clausule en voorbehouden opdracht voor de sociale economie in het schoonmaakbestek",
     D_SOC, 2028, 1000),
    ("D-11", "Printers standaard op recto verso en zwart-wit, afdrukken pas na het scannen van de badge",
     D_TEC, "Q3 2027", 7000),
    ("D-11", "Herbruikbare bekers en waterkannen in alle vergaderzalen, geen plastic flesjes meer",
     D_MIL, 2027, 3500),
    ("D-11", "Interne tweedehandsmarkt voor meubilair en afgeschreven laptops", D_FIN, 2028, 1000),
    ("D-13", "Opleiding voor alle leidinggevenden over signalen van stress en burn-out", D_PER, 2027, 9000),
    ("D-13", "De vertrouwenspersoon en het aanspreekpunt psychosociaal welzijn bekendmaken bij elke collega",
     D_PER, "Q2 2027", 1200),
    ("D-13", "Werkdrukbevraging om de twee jaar, met een actieplan per dienst", D_SOC, 2028, 6000),
    ("D-14", "Telewerkreglement herzien: twee dagen per week, met afspraken over bereikbaarheid",
     D_PER, "Q3 2027", 500),
    ("D-14", "Een laptop en een tweede scherm voor elke telewerkende medewerker", D_FIN, 2028, 38000),
    ("D-16", "Rechtenverkenner gebruiken bij elk eerste gesprek aan het sociaal loket", D_SOC, 2027, 2000),
    ("D-16", "Lokale premies automatisch toekennen op basis van gegevens uit de KSZ", D_SOC, 2030, 20000),
    ("D-16", "Alle aanvraagformulieren herschrijven in klare taal", D_COM, 2028, 8000),
    ("D-17", "UiTPAS met kansentarief invoeren samen met de buurgemeenten", D_CUL, "Q3 2027", 35000),
    ("D-17", "Speelpleinwerking en kampen gratis voor kinderen met een kansenpas", D_JEU, 2028, 12000),
    ("D-18", "Digipunt in de bib met vrijwilligers, twee voormiddagen per week", D_CUL, 2027, 4000),
    ("D-18", "Opgeknapte tweedehands laptops uitlenen aan gezinnen zonder computer", D_SOC, 2028, 6000),
    ("D-20", "Speelplaats van de gemeentelijke basisschool ontharden en vergroenen", D_TEC, 2028, 120000),
    ("D-20", "Marktplein heraanleggen met waterdoorlatende verharding en groen", D_RO, 2030, 450000),
    ("D-20", "Jaarlijkse tegelwipactie voor inwoners", D_MIL, 2027, 5000),
    ("D-21", "Regenwaterputten en pompen in het gemeentehuis, de sporthal en de werkplaats", D_TEC, 2029, 90000),
    ("D-21", "Plantsoenen en bloembakken enkel nog gieten met opgevangen regenwater", D_TEC, 2027, 8000),
    ("D-22", "Bomenplan opmaken met plantlocaties per straat", D_MIL, "Q4 2027", 15000),
    ("D-22", "Geboortebos: per geboren kind een boom in de gemeente", D_MIL, 2028, 20000),
]

ACTIONS: list[dict] = [
    {"ID": f"A-{i:02d}", "Doelstelling": obj, "Actie": text, "Trekker": owner, "Deadline": deadline,
     "Budget": budget}
    for i, (obj, text, owner, deadline, budget) in enumerate(_ACTION_ROWS, start=1)
]

# --------------------------------------------------------------------------
# Priority votes: per theme each Kopgroep/Deelnemer member picks 2 actions.
# The ballots are concentrated so that the ranking means something: a
# favourite that ~2/3 pick, a runner-up, then a tail.
# --------------------------------------------------------------------------
_THEME_OF_OBJECTIVE = {o["ID"]: o["Thema"] for o in OBJECTIVES}
_THEME_OF_ACTION = {a["ID"]: _THEME_OF_OBJECTIVE[a["Doelstelling"]] for a in ACTIONS}

# Per theme, its actions from most to least popular.
_POPULARITY: dict[str, list[str]] = {
    T_MOB: ["A-04", "A-01", "A-06", "A-05", "A-08", "A-02", "A-07", "A-03"],
    T_ENE: ["A-12", "A-10", "A-14", "A-17", "A-09", "A-11", "A-15", "A-16", "A-13", "A-18"],
    T_AAN: ["A-19", "A-23", "A-24", "A-21", "A-22", "A-20"],
    T_WEL: ["A-25", "A-28", "A-29", "A-26", "A-27"],
    T_ARM: ["A-31", "A-33", "A-35", "A-30", "A-34", "A-32", "A-36"],
    T_WAT: ["A-37", "A-42", "A-40", "A-39", "A-38", "A-41", "A-43"],
}
# Ballots as ranks into the popularity list, one per voter (15 voters).
_BALLOTS = [(0, 1), (0, 2), (0, 1), (1, 3), (0, 2), (0, 1), (2, 4), (0, 3),
            (1, 2), (0, 1), (0, 4), (1, 2), (0, 5), (2, 3), (0, 1)]

VOTERS: list[str] = [p["Naam"] for p in PARTICIPANTS if p["Rol"] in (KOPGROEP, DEELNEMER)]

# Deliberate vote violations.
_EXTRA_VOTE = ("Tom Mertens", T_MOB)  # MVO002: a third vote
_SINGLE_VOTE = ("Lotte Willems", T_WEL)  # MVO003: only one vote
_OTHER_THEME_VOTE = ("Wim Vermeulen", T_ARM, "A-40")  # MVO030: A-40 belongs to Waterbeheer


def _build_votes() -> list[dict]:
    votes: list[dict] = []
    for shift, (theme, order) in enumerate(_POPULARITY.items()):
        for n, voter in enumerate(VOTERS):
            # rotate per theme so that nobody casts the same kind of ballot everywhere
            first, second = _BALLOTS[(n + 4 * shift) % len(_BALLOTS)]
            first, second = first % len(order), second % len(order)
            if second == first:  # a short list: take the next action instead
                second = (second + 1) % len(order)
            picks = [order[first], order[second]]
            if (voter, theme) == _SINGLE_VOTE:
                picks = picks[:1]
            if (voter, theme) == _OTHER_THEME_VOTE[:2]:
                picks[1] = _OTHER_THEME_VOTE[2]
            if (voter, theme) == _EXTRA_VOTE:
                picks.append(next(a for a in reversed(order) if a not in picks))
            votes.extend({"Deelnemer": voter, "Thema": theme, "Actie": a} for a in picks)
    return votes


VOTES: list[dict] = _build_votes()

# --------------------------------------------------------------------------
# Synonyms: local words the grouping should treat as the same
# --------------------------------------------------------------------------
SYNONYMS: list[dict] = [
    {"Term": "velo", "Betekent hetzelfde als": "fiets"},
    {"Term": "camion", "Betekent hetzelfde als": "vrachtwagen"},
    {"Term": "OCMW", "Betekent hetzelfde als": "sociale dienst"},
    {"Term": "koer", "Betekent hetzelfde als": "speelplaats"},
    {"Term": "frigo", "Betekent hetzelfde als": "koelkast"},
    {"Term": "brol", "Betekent hetzelfde als": "afval"},
    {"Term": "PV-panelen", "Betekent hetzelfde als": "zonnepanelen"},
    {"Term": "thuiswerken", "Betekent hetzelfde als": "telewerk"},
]

# --------------------------------------------------------------------------
# The deliberate rule violations (everything else is meant to be clean).
# "code" is a rule code of mvo_xl.catalogue, except FORMULA_TEXT, which is no
# rule but a robustness case for every writer and reader.
# --------------------------------------------------------------------------
DELIBERATE_VIOLATIONS: list[dict] = [
    {"code": "MVO001", "where": f"Doelstellingen D-05, D-06, D-07, D-08 (thema '{T_ENE}')",
     "why": "Vier gekozen doelstellingen in één thema; de kopgroep mag er maximum 3 kiezen."},
    {"code": "MVO002", "where": f"Prioriteiten: {_EXTRA_VOTE[0]}, thema '{_EXTRA_VOTE[1]}'",
     "why": "Drie prioritaire acties in plaats van twee."},
    {"code": "MVO003", "where": f"Prioriteiten: {_SINGLE_VOTE[0]}, thema '{_SINGLE_VOTE[1]}'",
     "why": "Maar één prioritaire actie gekozen."},
    {"code": "MVO011", "where": "Doelstellingen D-13, kolom Indicator",
     "why": "Geen indicator: niet meetbaar (de streefwaarde is er wel)."},
    {"code": "MVO012", "where": "Doelstellingen D-17, kolom Verantwoordelijke dienst",
     "why": f"De trekkende dienst {D_CUL} zit niet in de kopgroep."},
    {"code": "MVO014", "where": "Doelstellingen D-18, kolom Deadline",
     "why": "Deadline 2023, overgenomen uit het vorige plan: ligt in het verleden."},
    {"code": "MVO014", "where": "Doelstellingen D-22, kolom Deadline",
     "why": "Deadline 2033: ligt na de planhorizon 2031."},
    {"code": "MVO020", "where": "Doelstellingen D-21, kolom Betrokken diensten",
     "why": f"Alleen de {D_TEC} is betrokken: niet transversaal."},
    {"code": "MVO030",
     "where": f"Prioriteiten: {_OTHER_THEME_VOTE[0]}, thema '{_OTHER_THEME_VOTE[1]}', actie "
              f"{_OTHER_THEME_VOTE[2]}",
     "why": f"Stem voor een actie van thema '{T_WAT}'. Daardoor heeft deze deelnemer ook maar één geldige "
            "prioriteit in dit thema (MVO003)."},
    {"code": "MVO033", "where": "Doelstellingen D-10",
     "why": "Gekozen doelstelling zonder enige actie in het tabblad Acties."},
    {"code": "FORMULA_TEXT", "where": "Acties A-04, kolom Actie",
     "why": "De tekst begint met '+' ('+50% fietsenstallingen ...'): moet als tekst geschreven en gelezen "
            "worden, nooit als formule."},
]


def strip_private(row: dict) -> dict:
    """A row without its ``_`` keys: only the contract's columns."""
    return {k: v for k, v in row.items() if not k.startswith("_")}
