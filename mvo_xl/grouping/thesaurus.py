"""The built-in Dutch MVO thesaurus and the user's synonyms on top of it.

The thesaurus is a table people can keep in a spreadsheet
(``mvo_xl/data/thesaurus_nl.csv``: one row per term, ``;``-separated UTF-8,
columns concept, parents, kind, term, language, source). It maps words, stems
and phrases to concepts and is read once per process; the user's
``Synoniemen`` give a new :class:`Thesaurus` that shares the built-in maps.
``python -m mvo_xl.grouping.thesaurus_check`` checks the table.

- kind ``topic``: the concept says what a wish is about; ``context``: where or
  who (gebouw, school, medewerkers), it counts less; ``plain``: no concept, a
  word known for compound splitting and typo correction.
- parents: broader concepts, comma-separated: wishes that share only the
  parent are somewhat alike (sport and fruit are both gezondheid).
- A term is matched after the same normalisation as the wishes (lower case,
  no accents, Dutch stemming) and compounds are split against all terms.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Iterable, Sequence

from .normalize import fold, stem

USER_PREFIX = "u:"  # concepts made from a user synonym that the thesaurus does not know


@dataclass(frozen=True)
class Thesaurus:
    phrases: dict[tuple[str, ...], frozenset[str]]  # stemmed words -> concepts
    surface: dict[str, frozenset[str]]  # folded single word -> concepts (compound parts)
    words: frozenset[str]  # every known single word, concept or plain (splitting, typos)
    parents: dict[str, tuple[str, ...]]
    context: frozenset[str]  # concepts that say where/who, not what
    max_len: int

    def lookup(self, stems: tuple[str, ...]) -> frozenset[str] | None:
        return self.phrases.get(stems)

    def with_synonyms(self, pairs: Sequence[tuple[str, str]]) -> "Thesaurus":
        """A thesaurus that also knows the user's (term, means) pairs.

        ``term`` gets the concepts ``means`` already has; when the thesaurus
        knows nothing of ``means``, both get a new concept of their own.
        """
        if not pairs:
            return self
        from .features import Analyzer  # the analyser needs a thesaurus: late import

        phrases = dict(self.phrases)
        surface = dict(self.surface)
        words = set(self.words)
        base = Analyzer(self)
        for term, means in pairs:
            term_words, means_words = fold(term or "").split(), fold(means or "").split()
            if not term_words or not means_words:
                continue
            concepts = frozenset(f for f in base.features(means) if not f.startswith("w:"))
            if not concepts:
                concepts = frozenset({USER_PREFIX + " ".join(means_words)})
                _add(phrases, surface, words, means_words, concepts)
            _add(phrases, surface, words, term_words, concepts)
        return replace(self, phrases=phrases, surface=surface, words=frozenset(words),
                       max_len=max(self.max_len, *(len(k) for k in phrases)))


def _add(phrases: dict, surface: dict, words: set, folded: list[str], concepts: frozenset[str]) -> None:
    key = tuple(stem(w) for w in folded)
    if len(folded) == 1:
        surface[folded[0]] = surface.get(folded[0], frozenset()) | concepts
        words.add(folded[0])
        if len(key[0]) < len(folded[0]) - 2:
            return  # a stem that cut a suffix (werkbaar -> werk) would catch unrelated words
    phrases[key] = phrases.get(key, frozenset()) | concepts


# Columns of the thesaurus table (mvo_xl/data/thesaurus_nl.csv), in this order.
COLUMNS = ("concept", "parents", "kind", "term", "language", "source")
KINDS = ("topic", "context", "plain")
DELIMITER = ";"  # what Excel in a Dutch locale writes and opens


@dataclass(frozen=True)
class Row:
    """One term of the thesaurus table; ``line`` is its line in the file (for messages)."""
    line: int
    concept: str
    parents: tuple[str, ...]
    kind: str
    term: str
    language: str
    source: str
    extra: tuple[str, ...] = ()  # non-empty cells beyond the header's columns (a stray ';' in a term)


def read_rows(text: str) -> list[Row]:
    """The rows of a thesaurus table (``;``-separated, header first); lenient: the checker judges them."""
    import csv
    import io

    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=DELIMITER)
    header = [h.strip().lower() for h in next(reader, [])]
    pos = {name: header.index(name) for name in COLUMNS if name in header}
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue

        def cell(name: str) -> str:
            k = pos.get(name)
            return cells[k].strip() if k is not None and k < len(cells) else ""
        parents = tuple(p.strip() for p in cell("parents").split(",") if p.strip())
        extra = tuple(c.strip() for c in cells[len(header):] if c.strip())
        rows.append(Row(number, cell("concept"), parents, cell("kind").lower(), " ".join(cell("term").split()),
                        cell("language"), cell("source"), extra))
    return rows


def build(rows: Iterable[Row]) -> Thesaurus:
    """A thesaurus from table rows: topic and context rows give concepts, plain rows known words."""
    phrases: dict[tuple[str, ...], frozenset[str]] = {}
    surface: dict[str, frozenset[str]] = {}
    words: set[str] = set()
    parents: dict[str, tuple[str, ...]] = {}
    context: set[str] = set()
    for row in rows:
        folded = fold(row.term).split()
        if row.kind == "plain" or not row.concept:
            words.update(folded)
            continue
        if row.kind == "context":
            context.add(row.concept)
        parents[row.concept] = tuple(dict.fromkeys(parents.get(row.concept, ()) + row.parents))
        if folded:
            _add(phrases, surface, words, folded, frozenset({row.concept}))
    return Thesaurus(phrases, surface, frozenset(words), parents, frozenset(context),
                     max((len(k) for k in phrases), default=1))


def table_text() -> str:
    """The built-in thesaurus table as text."""
    return resources.files("mvo_xl").joinpath(TABLE).read_text(encoding="utf-8")


TABLE = "data/thesaurus_nl.csv"


@lru_cache(maxsize=1)
def default_thesaurus() -> Thesaurus:
    """The built-in thesaurus, read once per process."""
    return build(read_rows(table_text()))
