"""Check the thesaurus table before it is used or shipped.

    python -m mvo_xl.grouping.thesaurus_check [PAD] [--zinnen BESTAND ...]

Without ``PAD`` the built-in table is checked. The messages are Dutch: the
people who keep the table are civil servants editing it in a spreadsheet.

Refused (each names the line of the file):

- a missing column, an unknown kind, an empty term or an empty source, a row
  with more cells than the header has columns (a stray ``;`` shifts every
  cell after it);
- a topic or context row without a concept, a concept that is once topic and
  once context, a parent that is no concept of the table;
- a duplicate: the same term twice under one concept (or twice as a plain word);
- a term under conflicting concepts: under a concept and also under one of its
  broader concepts (the broader one already follows), or both a plain word and
  a concept term;
- a term fitted to a test sentence. The rule: a term of three or more words
  whose words, after the wishes' own normalisation (lower case, no accents,
  no punctuation) and Dutch stemming, occur in the same order and side by side
  in one sentence of an evaluation set: ``benchmarks/data/**/*.csv`` (column
  ``droombeeld``; the held-out sets in ``heldout/`` included),
  ``../shared/data/droombeelden_dev.csv`` and the demo wishes
  (``mvo_xl/demo_data.py``). Such a term would tie the grouping to that
  sentence instead of to the domain. Shorter terms are ordinary vocabulary.

Exit code 0 when the table is in order, 1 when a row is refused, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from .normalize import fold, stem
from .thesaurus import COLUMNS, DELIMITER, KINDS, Row, read_rows, table_text

MIN_FITTED_WORDS = 3
REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Problem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"regel {self.line}: {self.message}" if self.line else self.message


def evaluation_sentences(repo: Path = REPO) -> list[str]:
    """The wishes of every evaluation set that exists next to this code (none in an installed copy)."""
    files = sorted((repo / "benchmarks" / "data").rglob("*.csv"))  # the held-out sets in heldout/ too
    dev = repo.parent / "shared" / "data" / "droombeelden_dev.csv"
    if dev.is_file():
        files.append(dev)
    out = [text for path in files for text in read_sentences(path)]
    if (repo / "mvo_xl" / "demo_data.py").is_file():
        from .. import demo_data

        out.extend(w["Droombeeld"] for w in demo_data.WISHES)
    return out


def read_sentences(path: Path) -> list[str]:
    """The ``droombeeld`` column of a CSV (comma or semicolon separated)."""
    text = path.read_text(encoding="utf-8-sig")
    dialect = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") else ","
    return [row.get("droombeeld") or "" for row in csv.DictReader(text.splitlines(), delimiter=dialect)]


def _key(text: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in fold(text).split())


def fitted_terms(rows: Iterable[Row], sentences: Iterable[str]) -> dict[int, str]:
    """Line -> the sentence a term of >= 3 words occurs in word for word (after normalisation)."""
    long_terms: dict[tuple[str, ...], list[int]] = {}
    for row in rows:
        key = _key(row.term)
        if len(key) >= MIN_FITTED_WORDS:
            long_terms.setdefault(key, []).append(row.line)
    if not long_terms:
        return {}
    lengths = sorted({len(k) for k in long_terms})
    found: dict[int, str] = {}
    for sentence in sentences:
        words = _key(sentence)
        for size in lengths:
            for i in range(len(words) - size + 1):
                for line in long_terms.get(words[i:i + size], ()):
                    found.setdefault(line, sentence)
    return found


def check_rows(rows: Sequence[Row], sentences: Iterable[str] = ()) -> list[Problem]:
    """Every problem of a table's rows, in line order."""
    problems: list[Problem] = []
    kinds: dict[str, tuple[str, int]] = {}
    for row in rows:
        if row.extra:
            problems.append(Problem(row.line, f"de regel heeft meer cellen dan kolommen (over: "
                                              f"{'; '.join(row.extra)}): staat er een ';' in een cel? Zet die cel "
                                              f"tussen aanhalingstekens of laat de ';' weg"))
        if row.kind not in KINDS:
            problems.append(Problem(row.line, f"soort (kind) '{row.kind}' is onbekend; kies uit {', '.join(KINDS)}"))
        if not row.term or not fold(row.term):
            problems.append(Problem(row.line, "de term (term) is leeg"))
        if not row.source:
            problems.append(Problem(row.line, "de bron (source) is leeg: noem een beleidsdomein, SDG-doel of "
                                              "woordenboek, nooit een zin uit een testset"))
        if not row.language:
            problems.append(Problem(row.line, "de taal (language) is leeg: vul nl in"))
        if row.kind in ("topic", "context"):
            if not row.concept:
                problems.append(Problem(row.line, f"een term van soort {row.kind} heeft een concept nodig"))
                continue
            first = kinds.setdefault(row.concept, (row.kind, row.line))
            if first[0] != row.kind:
                problems.append(Problem(row.line, f"concept '{row.concept}' is hier {row.kind} maar op regel "
                                                  f"{first[1]} {first[0]}: kies één soort"))
        elif row.kind == "plain" and (row.concept or row.parents):
            problems.append(Problem(row.line, "een gewoon woord (plain) heeft geen concept en geen bovenliggend "
                                              "concept"))
    concepts = set(kinds)
    for row in rows:
        for parent in row.parents:
            if parent not in concepts:
                problems.append(Problem(row.line, f"bovenliggend concept '{parent}' bestaat niet in de tabel"))
            elif parent == row.concept:
                problems.append(Problem(row.line, f"concept '{row.concept}' is zijn eigen bovenliggend concept"))
    problems.extend(_duplicates_and_conflicts(rows))
    for line, sentence in sorted(fitted_terms(rows, sentences).items()):
        term = next(r.term for r in rows if r.line == line)
        problems.append(Problem(line, f"de term '{term}' staat woord voor woord in een testzin "
                                      f"(\"{sentence}\"): haal de term uit de kennis van het beleidsdomein, "
                                      f"niet uit een testset"))
    return sorted(problems, key=lambda p: (p.line, p.message))


def _ancestors(concept: str, parents: dict[str, set[str]]) -> set[str]:
    out: set[str] = set()
    todo = list(parents.get(concept, ()))
    while todo:
        up = todo.pop()
        if up not in out:
            out.add(up)
            todo.extend(parents.get(up, ()))
    return out


def _duplicates_and_conflicts(rows: Sequence[Row]) -> list[Problem]:
    parents: dict[str, set[str]] = {}
    for row in rows:
        if row.concept:
            parents.setdefault(row.concept, set()).update(row.parents)
    seen: dict[tuple[str, str], int] = {}
    under: dict[str, list[Row]] = {}
    plain: dict[str, int] = {}
    problems = []
    for row in rows:
        term = fold(row.term)
        if not term:
            continue
        if row.kind == "plain":
            if term in plain:
                problems.append(Problem(row.line, f"dubbel: '{row.term}' staat al als gewoon woord op regel "
                                                  f"{plain[term]}"))
            plain.setdefault(term, row.line)
            continue
        if not row.concept:
            continue
        if (row.concept, term) in seen:
            problems.append(Problem(row.line, f"dubbel: '{row.term}' staat al onder '{row.concept}' op regel "
                                              f"{seen[(row.concept, term)]}"))
            continue
        seen[(row.concept, term)] = row.line
        under.setdefault(term, []).append(row)
    for term, found in under.items():
        names = {r.concept for r in found}
        for row in found:
            broader = _ancestors(row.concept, parents) & names
            if broader:
                problems.append(Problem(row.line, f"tegenstrijdig: '{row.term}' staat onder '{row.concept}' en ook "
                                                  f"onder het bredere '{sorted(broader)[0]}'; laat één van beide weg"))
        if term in plain:
            problems.append(Problem(found[0].line, f"tegenstrijdig: '{found[0].term}' is een concept-term en op regel "
                                                   f"{plain[term]} een gewoon woord; laat één van beide weg"))
    return problems


def check_text(text: str, sentences: Iterable[str] = ()) -> list[Problem]:
    """Problems of a whole table file's text (a missing column is one problem for the file)."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    if DELIMITER not in first and "," in first:
        return [Problem(1, f"de kolommen zijn gescheiden door komma's; bewaar de tabel met '{DELIMITER}' als "
                           f"scheidingsteken (Excel: 'CSV UTF-8', lijstscheidingsteken ;)")]
    header = [h.strip().lower() for h in first.split(DELIMITER)]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [Problem(1, f"kolom(men) {', '.join(missing)} ontbreken; verwacht (gescheiden door '{DELIMITER}'): "
                           f"{DELIMITER.join(COLUMNS)}")]
    return check_rows(read_rows(text), sentences)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mvo_xl.grouping.thesaurus_check",
                                     description="Controleer de thesaurustabel (CSV, gescheiden door ';').")
    parser.add_argument("pad", nargs="?", help="de tabel; zonder pad: de ingebouwde thesaurus")
    parser.add_argument("--zinnen", nargs="*", default=None, metavar="BESTAND",
                        help="CSV's met testzinnen (kolom droombeeld); zonder: de testsets naast de code")
    args = parser.parse_args(argv)
    try:
        if args.pad:
            raw = Path(args.pad).read_bytes()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                print(f"{args.pad}: het bestand is geen UTF-8; bewaar het als 'CSV UTF-8 (door lijstscheidingsteken "
                      f"gescheiden)'", file=sys.stderr)
                return 1
        else:
            text = table_text()
        sentences = ([s for p in args.zinnen for s in read_sentences(Path(p))] if args.zinnen is not None
                     else evaluation_sentences())
    except OSError as exc:
        print(f"{exc.filename}: kan het bestand niet lezen ({exc.strerror})", file=sys.stderr)
        return 1
    name = args.pad or "ingebouwde thesaurus"
    problems = check_text(text, sentences)
    for problem in problems:
        print(f"{name}: {problem}")
    if problems:
        print(f"{name}: {len(problems)} probleem/problemen gevonden; de tabel is niet aanvaard.", file=sys.stderr)
        return 1
    rows = read_rows(text)
    print(f"{name}: in orde ({len(rows)} termen, {len({r.concept for r in rows if r.concept})} concepten, "
          f"{len(sentences)} testzinnen nagekeken).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
