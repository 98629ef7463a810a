"""Text normalisation for Dutch wishes: fold case and accents, tokenise, stem.

Everything that compares wishes goes through :func:`tokens` and :func:`stem`,
so the thesaurus terms and the wishes are normalised the same way.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_STEMMER = snowballstemmer.stemmer("dutch")
_APOSTROPHE = re.compile(r"(?<=[a-z0-9])['’`´](?=[a-z])")  # auto's -> autos
_NON_WORD = re.compile(r"[^a-z0-9]+")
# Abbreviations written with dots are one word: i.p.v. -> ipv, o.a. -> oa (else "p v" reads as "pv").
_DOTTED = re.compile(r"(?<![a-z0-9])(?:[a-z]\.){2,}(?:[a-z](?![a-z0-9]))?")

# Function words plus the verbs and modifiers every wish uses ("meer", "geen",
# "beter", "invoeren"): they say how much or how, not what, so they must not
# decide whether two wishes are the same.
STOPWORDS = frozenset("""
aan al alle alles als alsook altijd ander andere anders bij bijv bv d dan dat de deze die dit door
dus een eens eigen eigenlijk elk elke en enkel er erin eruit even graag geen goed goede haar hebben
heel hele het hier hij hoe hun iedere ieder ik in is ja je jullie kan kunnen maar maken me meer
met mijn minder moet moeten na naar naast nee niet niets nog nu of ofwel om onder ons onze ook op
over per s t te tegen tot tijdens toch u uit van veel via voor vooral waar wat we wel welke werd
wij worden wordt zal ze zeker zich zij zijn zo zoals zodat zonder zou zouden zullen zelf
beter betere betere beste nieuw nieuwe nieuwer extra voldoende genoeg minstens maximaal
volledig volledige echt echte zeer steeds telkens ook opnieuw sneller snel grote groot groter
kleine klein kleiner hoger lager veel vele weinig weinige mogelijk mogelijke concreet concrete
duidelijk duidelijke standaard structureel structurele jaarlijks jaarlijkse maandelijks
maandelijkse dagelijks wekelijks permanent permanente overal ieder iedere heleboel
invoeren voeren zorgen stimuleren aanmoedigen promoten voorzien realiseren verhogen verbeteren
inzetten zetten komen krijgen geven houden bijhouden hebben gaan laten doen brengen blijven
vergroten versterken verminderen verlagen uitbreiden uitbouwen creeren aanbieden opzetten
opmaken opstellen starten beginnen organiseren ondersteunen bevorderen ontwikkelen
gebruiken gebruik maken halen nemen wil willen wensen wens droom dromen droombeeld
gemeente gemeentelijk gemeentelijke gemeenten onze stad stedelijke eigen
duurzaam duurzame duurzaamheid sociaal sociale openbaar openbare publiek publieke slim slimme
oud oude persoonlijk persoonlijke tussen ter heen rond langs elkaar aandacht apart later binnen buiten
niemand iemand iets mag mogen kunt zit zitten staat staan ligt liggen hoog hoge laag lage wie waarmee
waarin waarop waarbij waardoor kies kiest kiezen deel lang lange kort korte vroeg vroeger zelfs thuis
terug weer nooit soms vaak plots helpen helpt vinden weten zien tonen laat laten maakt betekent
gehoord horen echt eerste tweede verschillende bepaalde bestaande huidige ander
plaats 2025 2026 2027 2028 2029 2030 2035 2040 2050 procent
heeft hebt had hadden gehad komt kwam kwamen gekomen krijgt kreeg kregen gekregen kent kende geeft gaf
gaat ging gingen gegaan doet deed deden gedaan kon konden kunnen moest moesten wilde wilden wou zouden
wordt werden geworden was waren ben bent geweest zit zat zaten blijft bleef gebruikt gemaakt maakt
vind vindt vond denk denkt dacht zegt zeggen weet wist wisten ziet zag keek kijken kijkt
mooi mooie fijn fijne leuk leuke waarom omdat want daar daarom daardoor daarbij hierdoor dus toch
alleen enkel enkele gewoon allemaal allen paar eerst pas af toe aub ipv bvb vb enz etc tenzij erbij
mee keer keren vaker nauwelijks zomaar perfect aldus eindelijk alstublieft alsjeblieft liefst bijvoorbeeld
misschien eventueel wellicht ergens iets nodig zodanig helemaal grondig totaal zoveel zowel ieders
oa maw tov dwz mbt ivm ism evt vd vh ihkv
vind ik vinden we hopelijk hoop hopen moeten zeer dringend dringende belangrijk belangrijke
gebeurt gebeuren gebeurd gebeurde gebeurden wanneer dezelfde hetzelfde harder slimmer
da ni nie wa ge gij zijt efkes eens
""".split())

def fold(text: str) -> str:
    """Lower case without accents or punctuation: 'Coöperatie, LED!' -> 'cooperatie led'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _APOSTROPHE.sub("", text)
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
    return _NON_WORD.sub(" ", text).strip()


def tokens(text: str) -> list[str]:
    """The folded words of a text, in order, stopwords included (phrases need them)."""
    return fold(text).split()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Dutch Snowball stem; cached because wishes repeat the same words."""
    return _STEMMER.stemWord(word)
