"""Group similar wishes per theme: the public entry point of the grouping core.

Pure Python (no Excel): the workbook and CSV adapters turn rows into
:class:`WishIn` and write :class:`GroupingResult` back.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, replace
from typing import Mapping, Sequence

import numpy as np

from ..contract import DEFAULT_THRESHOLD
from ..normalize import clean_text, fold
from . import semantic as semantic_model
from .cluster import DENSE, Vector, average_linkage, dot
from .features import TOPIC, UNKNOWN, WORD_PREFIX, Analyzer, Features
from .ids import assign_ids, previous_code, theme_code
from .thesaurus import default_thesaurus

# Threshold 100 asks for identical wishes, 0 merges any overlap. The curve puts
# the default 60 at an average similarity of 0.25, which separated groups best
# on real wishes; steps of 10 stay noticeable at both ends.
CUTOFF_POWER = 2.75
LABEL_MAX = 60
LEARNED_PREFIX = "l:"  # the feature a manual group's distinctive words share (learned from the facilitator)
# A word is distinctive of a manual group when at least this share of the theme's wishes that name it are in
# the group; a wish naming it gets the group's feature at this share of the word's weight. Chosen with
# benchmarks/bench_grouping_feedback.py (mean gain over 8 sets after 5 and 10 corrections per 40 wishes).
LEARNED_SHARE = 0.5
LEARNED_WEIGHT = 0.5
# Share of the similarity that comes from sentence meaning (cosine of the multilingual sentence encoder);
# the rest is the thesaurus similarity. Chosen with benchmarks/bench_grouping_quality.py on the mean F1 of
# the old sets and the round-7 sets (weighted equally): 0.3-0.4 is a plateau, 0 and 0.5 are clearly worse.
SEMANTIC_SHARE = 0.4
# Meaning costs about 2-10 ms per distinct wish text (cached per process); above this many distinct texts in
# one call the grouping uses words only, so 10,000 wishes stay within seconds.
SEMANTIC_MAX_TEXTS = 2_000


@dataclass(frozen=True)
class WishIn:
    key: str  # stable identity of the wish: its ID (DB-001) or a row key
    theme: str
    text: str
    group: str = ""  # the tool's group from an earlier run, to keep IDs stable
    manual_group: str = ""  # the user's `Groep (handmatig)`: always wins


@dataclass(frozen=True)
class Assignment:
    key: str
    group: str  # "" for a blank wish: it belongs to no group
    label: str
    similarity: int  # 0-100: how well the wish fits its group


@dataclass(frozen=True)
class Group:
    id: str
    theme: str
    label: str
    keys: tuple[str, ...]
    manual: bool  # a manual group (named in `Groep (handmatig)`)


@dataclass
class GroupingResult:
    assignments: dict[str, Assignment]
    groups: list[Group]


def cutoff_for(threshold: float) -> float:
    """The average similarity (0-1) two groups need to merge at a user threshold (0-100)."""
    share = max(0.0, min(100.0, float(threshold))) / 100
    return min(share ** CUTOFF_POWER, 1 - 1e-9)  # 1 - eps: identical vectors sum to 0.999...


def group_wishes(wishes: Sequence[WishIn], *, threshold: float = DEFAULT_THRESHOLD,
                 synonyms: Sequence[tuple[str, str]] = (),
                 theme_codes: Mapping[str, str] | None = None, learn: bool = True,
                 semantic: bool = True) -> GroupingResult:
    """Group the wishes of each theme.

    A wish with ``manual_group`` is in that group whatever its text; other
    wishes may join it. A blank wish (empty or white space) gets no group;
    any other text, even only emoji, gets a group, alone if need be. Keys
    must be unique. The result does not depend on the order of ``wishes``.

    With ``learn`` (the default) the tool learns from the facilitator: the
    distinctive words of wishes placed together in one manual group become
    related for the rest of that theme (see :func:`learned_features`).

    With ``semantic`` (the default) the similarity blends in sentence
    meaning (:mod:`.semantic`, share :data:`SEMANTIC_SHARE`) when the call
    has at most :data:`SEMANTIC_MAX_TEXTS` distinct texts and the model
    loads; otherwise it is the thesaurus similarity alone.
    """
    keys = [w.key for w in wishes]
    if len(set(keys)) != len(keys):
        raise ValueError("group_wishes: keys must be unique")
    ordered = _one_spelling(sorted(wishes, key=lambda w: w.key))
    analyzer = Analyzer(default_thesaurus().with_synonyms(synonyms))
    by_theme: dict[str, list[WishIn]] = {}
    for w in ordered:
        by_theme.setdefault(w.theme, []).append(w)
    codes = _codes(by_theme, theme_codes or {})
    cutoff = cutoff_for(threshold)
    embedded = None
    if semantic:
        texts = {semantic_model.key(w.text) for w in ordered if semantic_model.has_words(w.text)}
        if len(texts) <= SEMANTIC_MAX_TEXTS:
            embedded = semantic_model.embeddings(texts)
    assignments: dict[str, Assignment] = {}
    groups: list[Group] = []
    for theme in sorted(by_theme):
        for group in _group_theme(by_theme[theme], codes[theme], analyzer, cutoff, assignments, learn, embedded):
            groups.append(group)
    return GroupingResult(assignments, groups)


def _one_spelling(wishes: list[WishIn]) -> list[WishIn]:
    """A manual group typed in another case or with other spaces ('laden ', 'LADEN') is the same group, as the
    rules and the plan count it (they compare groups folded): every wish of it gets the spelling of its first."""
    first: dict[tuple[str, str], str] = {}
    out = []
    for w in wishes:
        name = clean_text(w.manual_group)
        if name:
            name = first.setdefault((w.theme, fold(name)), name)
        out.append(w if name == w.manual_group else replace(w, manual_group=name))
    return out


def _codes(by_theme: Mapping[str, list[WishIn]], fixed: Mapping[str, str]) -> dict[str, str]:
    """Theme codes: the caller's, else the one earlier IDs used, else a new one."""
    codes = {t: fixed[t] for t in by_theme if t in fixed}
    taken = set(codes.values())
    for theme in sorted(by_theme):
        if theme in codes:
            continue
        code = previous_code(w.group for w in by_theme[theme] if not w.manual_group)
        if code and code not in taken:
            codes[theme] = code
            taken.add(code)
    for theme in sorted(by_theme):
        if theme not in codes:
            codes[theme] = theme_code(theme, taken)
            taken.add(codes[theme])
    return codes


def _group_theme(wishes: list[WishIn], code: str, analyzer: Analyzer, cutoff: float,
                 assignments: dict[str, Assignment], learn: bool = True,
                 embedded: Mapping[str, np.ndarray] | None = None) -> list[Group]:
    raw: dict[str, Features] = {}
    feats = []
    for w in wishes:
        if w.text not in raw:
            raw[w.text] = analyzer.features(w.text)
        feats.append(raw[w.text])
    if learn:
        feats = learned_features(feats, [w.manual_group.strip() for w in wishes])
    vectors = _weighted(feats)
    placed = [i for i, w in enumerate(wishes) if vectors[i] or w.manual_group.strip()]
    for i in sorted(set(range(len(wishes))) - set(placed)):
        assignments[wishes[i].key] = Assignment(wishes[i].key, "", "", 0)

    meaning = {}
    if embedded is not None:
        # The wish vector becomes [sqrt(1-s) * words, sqrt(s) * meaning]: still unit length, and its dot
        # product is (1-s) * word similarity + s * meaning similarity.
        lex, sem = math.sqrt(1 - SEMANTIC_SHARE), math.sqrt(SEMANTIC_SHARE)
        for i in placed:
            if vectors[i] and semantic_model.has_words(wishes[i].text):
                meaning[i] = embedded[semantic_model.key(wishes[i].text)] * sem
                vectors[i] = {f: v * lex for f, v in vectors[i].items()}

    # One node per distinct (vector, meaning, manual group): identical wishes cost one.
    node_of: dict[tuple, int] = {}
    node_items: list[list[int]] = []
    for i in placed:
        sig = (tuple(sorted(vectors[i].items())), semantic_model.key(wishes[i].text) if i in meaning else "",
               wishes[i].manual_group.strip())
        if sig not in node_of:
            node_of[sig] = len(node_items)
            node_items.append([])
        node_items[node_of[sig]].append(i)
    node_vecs = [vectors[items[0]] or {"m:" + wishes[items[0]].manual_group.strip(): 1.0} for items in node_items]
    locks = [wishes[items[0]].manual_group.strip() or None for items in node_items]
    if meaning:
        dim = len(next(iter(meaning.values())))
        dense = np.array([meaning.get(items[0], np.zeros(dim)) for items in node_items])
        node_vecs = [{**vec, DENSE: dense[node]} if items[0] in meaning else vec
                     for node, (vec, items) in enumerate(zip(node_vecs, node_items))]
    else:
        dense = None
    sparse_vecs = [{f: v for f, v in vec.items() if f != DENSE} for vec in node_vecs]
    vec_of = {i: node_vecs[node] for node, items in enumerate(node_items) for i in items}
    seeds: dict[str, list[int]] = {}
    for node, lock in enumerate(locks):
        if lock:
            seeds.setdefault(lock, []).append(node)
    clusters = average_linkage(sparse_vecs, [len(items) for items in node_items], cutoff,
                               seeds=list(seeds.values()), locked=locks, dense=dense)

    members = [sorted((i for node in c for i in node_items[node]), key=lambda i: wishes[i].key) for c in clusters]
    members.sort(key=lambda m: (-len(m), wishes[m[0]].key))
    manual_name = [next((wishes[i].manual_group.strip() for i in m if wishes[i].manual_group.strip()), "")
                   for m in members]
    auto = [k for k, name in enumerate(manual_name) if not name]
    ids = assign_ids(code, [[wishes[i].key for i in members[k]] for k in auto],
                     [[wishes[i].group.strip() for i in members[k] if not wishes[i].manual_group.strip()]
                      for k in auto], reserved=set(filter(None, manual_name)))
    group_id = dict(zip(auto, ids))
    out = []
    for k, m in enumerate(members):
        gid = manual_name[k] or group_id[k]
        total: Vector = {}
        for i in m:
            for f, v in vec_of[i].items():
                total[f] = total.get(f, 0.0) + v
        norm = math.sqrt(dot(total, total)) or 1.0
        fit = {i: dot(vec_of[i], total) / norm for i in m}
        medoid = max(m, key=lambda i: (round(fit[i], 9), -len(wishes[i].text), _neg_key(wishes[i].key)))
        label = shorten(wishes[medoid].text)
        for i in m:
            score = 100 if len(m) == 1 else round(100 * min(1.0, max(0.0, fit[i])))
            assignments[wishes[i].key] = Assignment(wishes[i].key, gid, label, score)
        out.append(Group(gid, wishes[m[0]].theme, label, tuple(wishes[i].key for i in m), bool(manual_name[k])))
    return sorted(out, key=lambda g: g.id)


def learned_features(feats: list[Features], manual: Sequence[str]) -> list[Features]:
    """Features with what the facilitator taught: one shared feature per manual group.

    The distinctive words and concepts of the wishes in one manual group (of
    two or more wishes) all stand for that group from then on: every wish of
    the theme that names one of them gets the group's feature, as strongly as
    it names the word. So "burgerbudget" in one wish and "belastinggeld" in
    another, once placed together, draw wishes with either word together.
    Distinctive: a topic concept or an unknown word (not context, not a
    broader concept echoed at half weight), named mostly inside the group
    (:data:`LEARNED_SHARE`) and by only one manual group. A wish outside
    gets the group's feature at :data:`LEARNED_WEIGHT` of the word's weight.
    """
    members: dict[str, list[int]] = {}
    for i, name in enumerate(manual):
        if name and feats[i]:
            members.setdefault(name, []).append(i)
    groups = {name: idx for name, idx in members.items() if len(idx) >= 2}
    if not groups:
        return feats
    df = Counter(f for fs in feats for f in fs)
    words: dict[str, set[str]] = {}
    for name, idx in groups.items():
        inside = Counter(f for i in idx for f in feats[i])
        for f, count in inside.items():
            w = max(feats[i].get(f, 0.0) for i in idx)
            if count / df[f] >= LEARNED_SHARE and (w >= TOPIC or (f.startswith(WORD_PREFIX) and w >= UNKNOWN)):
                words.setdefault(f, set()).add(name)
    out = []
    for i, fs in enumerate(feats):
        extra: Features = {}
        for f, w in fs.items():
            names = words.get(f)
            if names and len(names) == 1:
                key = LEARNED_PREFIX + next(iter(names))
                extra[key] = LEARNED_WEIGHT * TOPIC
        if manual[i] in groups:
            extra[LEARNED_PREFIX + manual[i]] = TOPIC
        out.append({**fs, **extra} if extra else fs)
    return out


def _neg_key(key: str) -> tuple[int, ...]:
    """Sorts keys in reverse, so max() prefers the smallest key on a tie."""
    return tuple(-ord(ch) for ch in key)


def _weighted(feats: list[Features]) -> list[Vector]:
    """IDF-weighted unit vectors: a concept every wish of the theme names tells little."""
    df = Counter(f for fs in feats for f in fs)
    n = len(feats)
    out = []
    for fs in feats:
        vec = {f: w * (math.log((n + 1) / (df[f] + 1)) + 1) for f, w in fs.items()}
        norm = math.sqrt(sum(v * v for v in vec.values()))
        out.append({f: v / norm for f, v in vec.items()} if norm else {})
    return out


def shorten(text: str, limit: int = LABEL_MAX) -> str:
    """A label from a wish: one line, cut at a word near ``limit`` characters."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return cut.rstrip(" ,;:-") + "…"
