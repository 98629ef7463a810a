"""The built-in Dutch MVO thesaurus and the user's synonyms on top of it.

The thesaurus (``mvo_xl/data/thesaurus_nl.txt``) maps words, stems and
phrases to concepts. It is parsed once per process; the user's ``Synoniemen``
give a new :class:`Thesaurus` that shares the built-in maps.
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


def parse(lines: Iterable[str]) -> Thesaurus:
    """Parse the thesaurus format described at the top of the data file."""
    phrases: dict[tuple[str, ...], frozenset[str]] = {}
    surface: dict[str, frozenset[str]] = {}
    words: set[str] = set()
    parents: dict[str, tuple[str, ...]] = {}
    context: set[str] = set()
    plain = False
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line == "[woorden]":
            plain = True
            continue
        if plain:
            words.update(w for t in line.split(",") for w in fold(t).split())
            continue
        head, _, body = line.partition(":")
        name, _, ups = head.partition(">")
        name = name.strip()
        if name.startswith("~"):
            name = name[1:].strip()
            context.add(name)
        parents[name] = tuple(p.strip() for p in ups.split(",") if p.strip())
        concept = frozenset({name})
        for term in body.split(","):
            folded = fold(term).split()
            if folded:
                _add(phrases, surface, words, folded, concept)
    return Thesaurus(phrases, surface, frozenset(words), parents, frozenset(context),
                     max(len(k) for k in phrases))


@lru_cache(maxsize=1)
def default_thesaurus() -> Thesaurus:
    """The built-in thesaurus, read once per process."""
    text = resources.files("mvo_xl").joinpath("data/thesaurus_nl.txt").read_text(encoding="utf-8")
    return parse(text.splitlines())
