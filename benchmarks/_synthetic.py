"""Synthetic wishes for the speed benchmark: realistic wishes, perturbed.

Each synthetic wish is a real wish (the shared dev set and our own held-out
wishes) with the noise facilitators see: typos, case, punctuation, filler
words, a dropped word, a word swapped for a synonym. Seeded: the same call
gives the same wishes.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = (REPO.parent / "shared" / "data" / "droombeelden_dev.csv", REPO / "benchmarks" / "data" / "eigen_themas.csv")
FILLERS = ("graag", "zeker", "echt", "in onze gemeente", "tegen 2030", "voor iedereen", "op termijn",
           "zo snel mogelijk", "waar mogelijk", "!", "...", "(prioriteit)")
SWAPS = {"fiets": "velo", "fietsen": "velo's", "medewerkers": "personeel", "personeel": "collega's",
         "gebouwen": "gebouwen van de gemeente", "meer": "extra", "minder": "veel minder", "scholen": "schoolgebouwen"}


def source_wishes() -> list[str]:
    out = []
    for path in SOURCES:
        if path.exists():
            with path.open(encoding="utf-8") as f:
                out.extend(row["droombeeld"] for row in csv.DictReader(f))
    return out


def perturb(text: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(rng.randint(0, 3)):
        kind = rng.random()
        i = rng.randrange(len(words))
        w = words[i]
        if kind < 0.35 and len(w) > 4:  # typo: swap, drop or double a letter
            j = rng.randrange(1, len(w) - 1)
            words[i] = rng.choice((w[:j] + w[j + 1] + w[j] + w[j + 2:], w[:j] + w[j + 1:], w[:j] + w[j] + w[j:]))
        elif kind < 0.55:
            words.insert(rng.randrange(len(words) + 1), rng.choice(FILLERS))
        elif kind < 0.7 and len(words) > 3:
            del words[i]
        elif kind < 0.85 and w.lower() in SWAPS:
            words[i] = SWAPS[w.lower()]
        else:
            words[i] = w.upper() if rng.random() < 0.5 else w.lower()
    return " ".join(words)


def synthetic(n: int, themes: int, seed: int = 7) -> list[tuple[str, str, str]]:
    """n (key, theme, text) triples spread round-robin over ``themes`` themes."""
    rng = random.Random(seed)
    base = source_wishes()
    return [(f"S{i:06d}", f"Thema {i % themes + 1:02d}", perturb(rng.choice(base), rng)) for i in range(n)]
