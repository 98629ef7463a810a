"""Turn a wish into weighted features: thesaurus concepts, else word stems.

Two wishes are alike when they name the same concepts, whatever words they
use ("velo" and "fietspaden" both give ``fiets``). Words the thesaurus does
not know still count, by their stem, but less.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .normalize import STOPWORDS, stem, tokens
from .thesaurus import Thesaurus

TOPIC = 1.0  # a concept that says what the wish is about
CONTEXT = 0.35  # where or who: gebouw, school, medewerkers
PARENT = 0.5  # share of a concept's weight its broader concept gets
UNKNOWN = 0.5  # a word the thesaurus does not know
PLAIN = 0.3  # a known plain word (plan, dak, punt) that is no concept
TYPO_CUTOFF = 86  # rapidfuzz ratio for "onthardenen" -> "ontharden"
TYPO_MIN_LEN = 6  # shorter words are too easily another word
MIN_PART = 3  # shortest compound part
MAX_WORD = 40  # longer "words" (a pasted URL, a key held down) are not split: splitting is quadratic
GAP = 2  # stopwords allowed between the words of a spread term ("los mogen lopen")
EMPTY_PREFIXES = ("gemeentelijke", "gemeente", "terug", "her")  # gemeentewegen, terugplanten, herplanten
WORD_PREFIX = "w:"
TEXT_PREFIX = "t:"  # the whole folded text, for wishes without any word (emoji)

Features = dict[str, float]


class Analyzer:
    """Features of wishes for one thesaurus; caches per word, so reuse one per run."""

    def __init__(self, thesaurus: Thesaurus):
        self.thesaurus = thesaurus
        self._vocab = sorted(thesaurus.words)
        self._word_cache: dict[str, tuple[tuple[str, float], ...]] = {}
        self._concept_cache: dict[str, Features] = {}

    def features(self, text: str) -> Features:
        """Feature -> weight for one wish; {} for blank text."""
        words = tokens(text)
        if not words:
            folded = text.strip()
            return {TEXT_PREFIX + folded: TOPIC} if folded else {}
        stems = [stem(w) for w in words]
        out: Features = {}
        i, n, longest = 0, len(words), self.thesaurus.max_len
        content = [j for j in range(n) if words[j] not in STOPWORDS]
        after = {j: content[k + 1:] for k, j in enumerate(content)}
        while i < n:
            for size in range(min(longest, n - i), 1, -1):
                concepts = self.thesaurus.lookup(tuple(stems[i:i + size]))
                if concepts:
                    _merge(out, self._concepts(concepts))
                    i += size
                    break
            else:
                if words[i] not in STOPWORDS:
                    hit = self._spread(words, stems, i, after[i])
                    if hit:
                        _merge(out, self._concepts(hit[0]))
                        i = hit[1]
                        continue
                    particle = self._particle(words, stems, i)
                    if particle:
                        _merge(out, self._concepts(particle))
                    _merge(out, dict(self._word(words[i])))
                i += 1
        return out or {TEXT_PREFIX + " ".join(words): TOPIC}

    def _spread(self, words: list[str], stems: list[str], i: int,
                rest: list[int]) -> tuple[frozenset[str], int] | None:
        """A term spread over words with filler between or written apart.

        "honden los mogen lopen" holds "los lopen" (modal verbs and the like
        are stopwords) and "los lopen" is "loslopen" written apart; "fiets
        paden" is "fietspaden". Only thesaurus concepts count, and at most
        :data:`GAP` stopwords may sit between two words of the term.
        """
        near = [j for j in rest[:self.thesaurus.max_len - 1]]
        span = [i]
        for j in near:
            if j - span[-1] - 1 > GAP:
                break
            span.append(j)
        for size in range(len(span), 1, -1):
            if span[size - 1] - i + 1 == size:
                continue  # no gap: the plain phrase look-up already tried it
            concepts = self.thesaurus.lookup(tuple(stems[j] for j in span[:size]))
            if concepts:
                return concepts, span[size - 1] + 1
        if len(span) >= 2 and span[1] == i + 1:
            joined = words[i] + words[i + 1]
            concepts = self.thesaurus.surface.get(joined)
            if concepts:
                return concepts, span[1] + 1
        return None

    def _particle(self, words: list[str], stems: list[str], i: int) -> frozenset[str] | None:
        """A two-word term split by a few words whose second word is a function word.

        Dutch separable verbs and verb groups put their particle or verb
        last: "lichten ... uit", "een lift kan vinden". The term adds its
        concepts; the word keeps its own (the lights stay lighting).
        """
        for j in range(i + 2, min(len(words), i + 2 + GAP)):
            if words[j] in STOPWORDS:
                concepts = self.thesaurus.lookup((stems[i], stems[j]))
                if concepts:
                    return concepts
        return None

    def _word(self, word: str) -> tuple[tuple[str, float], ...]:
        cached = self._word_cache.get(word)
        if cached is None:
            cached = tuple(self._resolve(word).items())
            self._word_cache[word] = cached
        return cached

    def _resolve(self, word: str) -> Features:
        known = self._known(word)
        if known is not None:
            return known
        if word.isdigit() or len(word) < 2:
            return {}
        if len(word) > MAX_WORD:
            return {WORD_PREFIX + word[:MAX_WORD]: UNKNOWN}  # no word is this long: do not split or fix it
        small = self._diminutive(word)
        if small is not None:
            return small
        derived = self._derived(word)
        if derived is not None:
            return derived
        bare = self._without_prefix(word)
        if bare is not None:
            return bare
        parts = self._split(word)
        if parts:
            out: Features = {}
            for part in parts:
                _merge(out, self._part(part) or {})
            return out
        if len(word) >= TYPO_MIN_LEN:
            hit = process.extractOne(word, self._vocab, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
            if hit and is_typo_of(word, hit[0]):
                return self._known(hit[0]) or {}
        return {WORD_PREFIX + stem(word): UNKNOWN}

    def _known(self, word: str) -> Features | None:
        """Features of a word the thesaurus knows as a whole; None if unknown."""
        concepts = self.thesaurus.surface.get(word)
        if not concepts and word not in self.thesaurus.words:
            # A word the table lists as plain is no concept, even when its stem is one (panelen ~ panel).
            concepts = self.thesaurus.lookup((stem(word),))
        if concepts:
            return self._concepts(concepts)
        if word in self.thesaurus.words:
            return {WORD_PREFIX + stem(word): PLAIN}
        return None

    def _diminutive(self, word: str) -> Features | None:
        """A diminutive means its base word: straatjes ~ straat, paadje ~ pad, balletje ~ bal.

        A known base counts as written; otherwise only a base that gives
        concepts (a compound: sorteerstraatjes ~ sorteerstraat).
        """
        bases = diminutive_bases(word)
        for base in bases:
            known = self._known(base)
            if known is not None:
                return known
        for base in bases:
            feats = dict(self._word(base))
            if any(not f.startswith(WORD_PREFIX) for f in feats):
                return feats
        return None

    def _without_prefix(self, word: str) -> Features | None:
        """A word after a prefix that adds no topic: gemeentemagazine ~ magazine, terugplanten ~ planten.

        Owner words (gemeente-) and verb particles (terug-, her-) say whose or
        again, not what; the rest must give a concept.
        """
        for prefix in EMPTY_PREFIXES:
            rest = word[len(prefix):]
            if word.startswith(prefix) and len(rest) >= 5:
                feats = dict(self._word(rest))
                if any(not f.startswith(WORD_PREFIX) for f in feats):
                    return feats
        return None

    def _derived(self, word: str) -> Features | None:
        """Concepts of a word derived from a known one: dealer(s) ~ dealen, razen ~ raast ~ geraasd.

        Only concepts count (not plain words), so a new spelling never links
        two wishes by a generic word.
        """
        for form in derivations(word):
            concepts = self.thesaurus.surface.get(form) or self.thesaurus.lookup((stem(form),))
            if concepts:
                return self._concepts(concepts)
        return None

    def _part(self, part: str) -> Features | None:
        """Features of a compound part: known as written, or with its plural ending dropped.

        Set look-ups only (no stemming): a word has many substrings.
        """
        plural = part[:-2] if part.endswith("en") else ""
        # plekken -> plek, kotten -> kot: a doubled consonant before -en is single in the stem.
        single = plural[:-1] if len(plural) >= 3 and plural[-1] == plural[-2] and plural[-1] not in "aeiou" else ""
        small = diminutive_bases(part) if part.endswith(("je", "jes")) else []
        for form in (part, plural, single, part[:-1] if part[-1:] in "se" else "", *small):
            if form and (form in self.thesaurus.surface or form in self.thesaurus.words):
                return self._known(form)
        return None

    def _split(self, word: str) -> list[str]:
        """Compound parts that are all known words (fietsenstalling -> fiets, stalling); [] if none.

        Dynamic programming over suffixes, fewest parts first; the Dutch
        linking letters s / e / en between parts are skipped.
        """
        n = len(word)
        # best[i]: the parts of word[i:] and the linking letters they skip, fewest parts
        # first, then fewest linking letters (adviesraad|leden, not adviesraad|led|en), then the
        # shortest first part.
        best: list[tuple[list[str], int] | None] = [None] * (n + 1)
        best[n] = ([], 0)
        for i in range(n - MIN_PART, -1, -1):
            for j in range(n, i + MIN_PART - 1, -1):
                part = word[i:j]
                if self._part(part) is None:
                    continue
                for link in ("", "s", "e", "en"):
                    k = j + len(link)
                    rest = best[k] if k <= n and word.startswith(link, j) else None
                    if rest is not None:
                        cand = ([part] + rest[0], rest[1] + len(link))
                        old = best[i]
                        # Ties go to the shorter first part: fruit|schillen, not fruits|chillen.
                        if old is None or (len(cand[0]), cand[1], len(part)) < (len(old[0]), old[1], len(old[0][0])):
                            best[i] = cand
        found = best[0][0] if best[0] is not None else None
        if found and len(found) >= 2:
            return found
        return self._head_and_modifier(word)

    def _head_and_modifier(self, word: str) -> list[str]:
        """Longest known end and start of a word of unknown middle (fietsherstelatelier)."""
        n = len(word)
        modifier = next((word[:j] for j in range(n - 1, 3, -1) if self._part(word[:j]) is not None), "")
        head = next((word[i:] for i in range(len(modifier) + 1, n - 3) if self._part(word[i:]) is not None), "")
        # Both ends must be known: "kwartaal" is no kind of "taal", "automatisch" no "auto".
        return [modifier, head] if modifier and head else []

    def _concepts(self, concepts: frozenset[str]) -> Features:
        out: Features = {}
        for concept in sorted(concepts):
            cached = self._concept_cache.get(concept)
            if cached is None:
                cached = self._concept_features(concept, set())
                self._concept_cache[concept] = cached
            _merge(out, cached)
        return out

    def _concept_features(self, concept: str, seen: set[str]) -> Features:
        seen.add(concept)
        out = {concept: CONTEXT if concept in self.thesaurus.context else TOPIC}
        for parent in self.thesaurus.parents.get(concept, ()):
            if parent in seen:
                continue
            for feat, weight in self._concept_features(parent, seen).items():
                out[feat] = max(out.get(feat, 0.0), weight * PARENT)
        return out


# Dutch derivations, tried in order on a word the thesaurus does not know:
# (suffix of the unknown word, endings to put in its place). Agent nouns and
# participles become verbs (dealer -> dealen, rijdende -> rijden), verbs and
# adjectives their nouns (participeren -> participatie, toeristisch -> toerisme).
_SUFFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("eurs", ("eren", "atie", "eur")), ("eur", ("eren", "atie")),
    ("aars", ("en", "ing")), ("aar", ("en", "ing")),
    ("sters", ("en", "er")), ("ster", ("en", "er")),
    ("ers", ("en", "ing", "")), ("er", ("en", "ing", "")),
    ("ingen", ("en", "ing", "er")), ("ing", ("en", "er")),
    ("atie", ("eren", "atief")), ("aties", ("atie", "eren")), ("eren", ("atie", "ering", "eur")),
    ("atieve", ("atie", "eren")), ("atief", ("atie", "eren")),
    ("istische", ("isme", "ist")), ("istisch", ("isme", "ist")),
    ("ische", ("isme", "ie", "ist", "isch")), ("isch", ("isme", "ie", "ist")),
    ("isme", ("isch", "ist", "")),
    ("heid", ("", "e")), ("heden", ("heid", "")),
    ("ende", ("en",)), ("end", ("en",)),
    ("en", ("ing", "er", "ers", "")),
)
_LONG = ("aa", "ee", "oo", "uu")


def _infinitives(root: str) -> list[str]:
    """Verbs a Dutch root can be the stem of: raas -> razen, bevraag -> bevragen, deal -> dealen."""
    out = [root + "en"]
    if len(root) >= 3 and root[-3:-1] in _LONG:
        short = root[:-2] + root[-1]
        out.append(short + "en")
        if short.endswith("s"):
            out.append(short[:-1] + "zen")
        if short.endswith("f"):
            out.append(short[:-1] + "ven")
    if root.endswith("s"):
        out.append(root[:-1] + "zen")
    if root.endswith("f"):
        out.append(root[:-1] + "ven")
    return out


def _verb_roots(root: str) -> list[str]:
    """Spellings of a verb's root before a suffix: begrijp, betal -> betaal, lez -> lees, pakk -> pak."""
    out = [root]
    vowels = "aeiouy"
    if len(root) >= 3 and root[-1] == root[-2] and root[-1] not in vowels:
        out.append(root[:-1])
    elif len(root) >= 3 and root[-2] in "aeou" and root[-3] not in vowels and root[-1] not in vowels:
        long_ = root[:-1] + root[-2] + root[-1]
        out.append(long_[:-1] + {"z": "s", "v": "f"}.get(long_[-1], long_[-1]))
    return out


def derivations(word: str) -> list[str]:
    """Other forms of a Dutch word, most likely first (at least four letters each)."""
    out: list[str] = []
    for suffix, endings in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            base = word[: len(word) - len(suffix)]
            out.extend(base + e for e in endings)
    # Verb forms: raast, geraasd, bevraagde -> the infinitive.
    bare = word[2:] if word.startswith("ge") and len(word) > 6 else word
    for tail in ("den", "ten", "de", "te", "d", "t"):
        if bare.endswith(tail) and len(bare) - len(tail) >= 3:
            out.extend(_infinitives(bare[: len(bare) - len(tail)]))
            break
    if bare != word:
        out.extend(_infinitives(bare))
    # A verb's adjective says the same wish: begrijpen ~ begrijpelijk, betalen ~ betaalbaar.
    if word.endswith("en") and len(word) >= 6:
        for root in _verb_roots(word[:-2]):
            out.extend((root + "elijk", root + "baar"))
    seen = {word}
    return [f for f in out if len(f) >= 4 and not (f in seen or seen.add(f))]


def diminutive_bases(word: str) -> list[str]:
    """Base words a Dutch diminutive can come from: bekertjes -> beker, paadje -> pad, balletje -> bal.

    Flemish diminutives too: plekske -> plek, koekskes -> koek, bomeke -> boom, manneke -> man.
    """
    w = word[:-1] if word.endswith(("jes", "kes")) else word
    if w.endswith(("ske", "eke")) and len(w) >= 6:
        return _flemish_bases(w)
    if not w.endswith("je") or len(w) < 5:
        return []
    out: list[str] = []
    for suffix in ("etje", "pje", "tje", "je"):
        if not w.endswith(suffix) or len(w) - len(suffix) < 3:
            continue
        base = w[: len(w) - len(suffix)]
        out.append(base)
        if base[-1] == base[-2] and base[-1] not in "aeiou":
            out.append(base[:-1])  # balletje -> bal
        if base[-3:-1] in _LONG:
            out.append(base[:-2] + base[-1])  # paadje -> pad
    seen: set[str] = set()
    return [b for b in out if not (b in seen or seen.add(b))]


def _flemish_bases(w: str) -> list[str]:
    """Bases of a Flemish diminutive in -ske / -eke: plekske -> plek, bomeke -> boom, huizeke -> huis."""
    base = w[:-3]
    out = [base]
    if w.endswith("eke"):
        if len(base) >= 3 and base[-1] == base[-2] and base[-1] not in "aeiou":
            out.append(base[:-1])  # manneke -> man
        elif len(base) >= 3 and base[-2] in "aeou" and base[-3] not in "aeiou" and base[-1] not in "aeiou":
            long_ = base[:-1] + base[-2] + base[-1]  # bomeke -> boom
            out.append(long_)
            out.append(long_[:-1] + {"z": "s", "v": "f"}.get(long_[-1], long_[-1]))
        if base[-1:] in "zv":
            out.append(base[:-1] + {"z": "s", "v": "f"}[base[-1]])  # huizeke -> huis
    seen: set[str] = set()
    return [b for b in out if len(b) >= 3 and not (b in seen or seen.add(b))]


def _undouble(word: str) -> str:
    return "".join(ch for k, ch in enumerate(word) if k == 0 or ch != word[k - 1])


def is_typo_of(word: str, known: str) -> bool:
    """Whether ``word`` is plausibly ``known`` mistyped or inflected, not another word.

    Close spellings are often other words: panden/paden, toelaten/toelagen,
    geschikt/ongeschikt. Accepted: another ending (deelautos, goedkope), a
    letter doubled or not (zonnepannelen), two letters swapped, one letter
    dropped or added inside a long word, one letter changed in a very long word.
    """
    if word[:2] != known[:2]:
        return False  # a typo rarely hits the start; a prefix (on-, her-) changes the word
    short, long_ = sorted((word, known), key=len)
    if long_.startswith(short) and len(long_) - len(short) <= 3:
        return True
    if _undouble(word) == _undouble(known):
        return True
    ops = Levenshtein.editops(word, known)
    if len(ops) == 1:
        tag = ops[0].tag
        if tag in ("insert", "delete"):
            return len(word) >= 8
        return len(word) >= 11
    if len(ops) == 2 and len(word) == len(known):
        a, b = ops[0].src_pos, ops[1].src_pos
        return b == a + 1 and word[a] == known[b] and word[b] == known[a]  # swapped letters
    return False


def _merge(into: Features, new: Features) -> None:
    for key, weight in new.items():
        if weight > into.get(key, 0.0):
            into[key] = weight
