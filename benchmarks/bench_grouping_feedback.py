"""How fast the grouping gets right when a facilitator corrects it.

A simulated facilitator looks at the grouping of one theme, takes the
worst-placed wish (lowest B-cubed F1 against the answers), and fixes it the way
one does in the workbook: writes the ID of the group where its true mates are
(or a new name, when it belongs alone) in `Groep (handmatig)` for that wish and
for the true mates already in that group (copying the ID down confirms the
group). Then the tool regroups. k corrections per 40 wishes (k = 0, 5, 10);
B-cubed F1 after each, with learning from the manual groups (the default) and
without it (``learn=False``: manual wishes are fixed, nothing else changes),
on every wish set with answers.

    python benchmarks/bench_grouping_feedback.py [--sets extra.csv ...]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from bench_grouping_quality import builtin_sets, load  # noqa: E402

from mvo_xl.grouping import WishIn, group_wishes  # noqa: E402
from mvo_xl.grouping.metrics import bcubed, bcubed_items  # noqa: E402

KS = (0, 5, 10)


def corrected_f1(rows: list[dict], per_40: int, learn: bool) -> float:
    """B-cubed F1 over all themes after ``per_40`` corrections per 40 wishes in each theme."""
    pred_all: list[str] = []
    gold_all: list[str] = []
    for theme in sorted({r["thema"] for r in rows}):
        items = [r for r in rows if r["thema"] == theme]
        pred = facilitate(items, round(per_40 * len(items) / 40), learn)
        pred_all += [f"{theme}|{p}" for p in pred]
        gold_all += [f"{theme}|{r['gold_groep']}" for r in items]
    return bcubed(pred_all, gold_all)[2]


def facilitate(items: list[dict], corrections: int, learn: bool) -> list[str]:
    keys = [f"W{i:04d}" for i in range(len(items))]
    gold = [r["gold_groep"] for r in items]
    manual = [""] * len(items)
    previous = [""] * len(items)
    for step in range(corrections + 1):
        result = group_wishes([WishIn(k, "t", r["droombeeld"], previous[i], manual[i])
                               for i, (k, r) in enumerate(zip(keys, items))], learn=learn)
        pred = [result.assignments[k].group for k in keys]
        if step == corrections:
            return pred
        previous = pred
        worst = _worst(pred, gold, manual)
        if worst is None:
            return pred
        mates = [j for j in range(len(items)) if gold[j] == gold[worst] and j != worst]
        if not mates:
            manual[worst] = f"apart-{keys[worst]}"
            continue
        groups = Counter(pred[j] for j in mates)
        target = min(groups, key=lambda g: (-groups[g], g))
        for j in [worst, *mates]:
            if j == worst or (pred[j] == target and not manual[j]):
                manual[j] = target
    return pred


def _worst(pred: list[str], gold: list[str], manual: list[str]) -> int | None:
    precision, recall = bcubed_items(pred, gold)
    best = None
    for i, (p, r) in enumerate(zip(precision, recall)):
        if manual[i]:
            continue
        f = 2 * p * r / (p + r)
        if f < 1 and (best is None or f < best[0]):
            best = (f, i)
    return best[1] if best else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", default=[], type=Path, help="extra sets (id,thema,droombeeld,gold_groep)")
    args = parser.parse_args()
    sets = builtin_sets() + [(p.stem, load(p)) for p in args.sets]
    print(f"{'set':28} {'learning':9} " + " ".join(f"k={k:<3}" for k in KS))
    gains = {k: [] for k in KS}
    for name, rows in sets:
        on = [corrected_f1(rows, k, True) for k in KS]
        off = [corrected_f1(rows, k, False) for k in KS]
        print(f"{name:28} {'on':9} " + " ".join(f"{f:.3f}" for f in on))
        print(f"{'':28} {'off':9} " + " ".join(f"{f:.3f}" for f in off))
        for k, a, b in zip(KS, on, off):
            gains[k].append(a - b)
    print(f"{'mean gain of learning':38} " + " ".join(f"{sum(g) / len(g):+.3f}" for g in gains.values()))


if __name__ == "__main__":
    main()
