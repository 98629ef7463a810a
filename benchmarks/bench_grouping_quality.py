"""Quality of the grouping beside what facilitators would otherwise use.

Prints B-cubed F1 per wish set for mvo-xl (default threshold), the best
lexical peer (rapidfuzz token_set_ratio single link at the cutoff that is
best on the answers: an upper bound for that peer) and no grouping (every
wish alone), and the mean. Without ``--sets`` it runs the sets in the
repository: the shared dev set, benchmarks/data/*.csv and the demo wishes;
all of them are "tuned" (benchmarks/EVALUATION.md). ``--sets a.csv b.csv``
runs only the given sets (columns id,thema,droombeeld,gold_groep; a gold
group starting with ``_single`` holds one wish): how the lead measures new
blind sets once. ``--heldout`` runs the held-out sets in
benchmarks/data/heldout/: blind sets kept for reporting, never for choosing.
``--ci`` adds a 95% interval for the pooled F1 of the sets run and for its
lead over no grouping and over the peer, by resampling whole themes (a
theme's wishes share a writer's wording, so they are not independent).
``--details`` adds the older baselines (OpenRefine fingerprint, Power Query
token Jaccard), each dev theme and F1 by threshold.

    python benchmarks/bench_grouping_quality.py [--quick] [--ci] [--details] [--sets a.csv ... | --heldout]
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from rapidfuzz import fuzz  # noqa: E402

from mvo_xl.grouping import WishIn, group_wishes  # noqa: E402
from mvo_xl.grouping.metrics import adjusted_rand, bcubed, bcubed_items  # noqa: E402

DEV = REPO.parent / "shared" / "data" / "droombeelden_dev.csv"
DATA = REPO / "benchmarks" / "data"
OWN = DATA / "eigen_themas.csv"
BLIND = DATA / "blinde_themas.csv"
BLIND2 = DATA / "blind2_themas.csv"
BLIND3 = DATA / "blind3_themas.csv"
BLIND4 = DATA / "blind4_themas.csv"
BLIND5 = DATA / "blind5_themas.csv"
R7 = tuple(DATA / f"r7_set{k}.csv" for k in (1, 2, 3))
R8 = tuple(DATA / f"r8_set{k}.csv" for k in (1, 2, 3))
R11 = tuple(DATA / f"r11_set{k}.csv" for k in (1, 2, 3))  # rounds 9 and 10 were lost with a machine
# Blind sets measured once and kept out of every mean that chooses something (benchmarks/EVALUATION.md).
HELDOUT = DATA / "heldout"
# Every set here is "tuned" (see benchmarks/EVALUATION.md): measured blind once, worked on since, or written
# with the code. Only sets given with --sets that nobody tuned on are evidence for unseen wishes.
BUILTIN = (("dev (shared)", DEV), ("eigen_themas", OWN), ("demo", None), ("blinde_themas", BLIND),
           ("blind2_themas", BLIND2), ("blind3_themas", BLIND3), ("blind4_themas", BLIND4),
           ("blind5_themas", BLIND5), ("r7_set1", R7[0]), ("r7_set2", R7[1]), ("r7_set3", R7[2]),
           ("r8_set1", R8[0]), ("r8_set2", R8[1]), ("r8_set3", R8[2]),
           ("r11_set1", R11[0]), ("r11_set2", R11[1]), ("r11_set3", R11[2]))


def builtin_sets() -> list[tuple[str, list[dict]]]:
    """(name, rows) of every set in the repository that exists here."""
    out = []
    for name, path in BUILTIN:
        if path is None:
            out.append((name, load_demo()))
        elif path.exists():
            out.append((name, load(path)))
    return out


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_demo() -> list[dict]:
    """The demo wishes with their gold groups, in the benchmark's row shape."""
    from mvo_xl import demo_data

    return [{"thema": w["Thema"], "droombeeld": w["Droombeeld"], "gold_groep": w["_cluster"]}
            for w in demo_data.WISHES]


def fingerprint(text: str) -> str:
    """OpenRefine's fingerprint key: fold, drop punctuation, unique sorted tokens."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    cleaned = "".join(ch if ch.isalnum() or ch.isspace() else "" for ch in folded)
    return " ".join(sorted(set(cleaned.split())))


def single_link(texts: list[str], same) -> list[int]:
    """Connected components of the 'same' relation (what Power Query and naive fuzzy grouping do)."""
    parent = list(range(len(texts)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if find(i) != find(j) and same(texts[i], texts[j]):
                parent[find(i)] = find(j)
    return [find(i) for i in range(len(texts))]


def per_theme(rows: list[dict], cluster) -> list[str]:
    labels = [""] * len(rows)
    for theme in sorted({r["thema"] for r in rows}):
        idx = [i for i, r in enumerate(rows) if r["thema"] == theme]
        for i, lab in zip(idx, cluster([rows[i]["droombeeld"] for i in idx])):
            labels[i] = f"{theme}|{lab}"
    return labels


def jaccard(a: str, b: str) -> float:
    x, y = set(fingerprint(a).split()), set(fingerprint(b).split())
    return len(x & y) / len(x | y) if x | y else 1.0


def ours(rows: list[dict], threshold: float = 60) -> list[str]:
    result = group_wishes([WishIn(str(i), r["thema"], r["droombeeld"]) for i, r in enumerate(rows)],
                          threshold=threshold)
    return [f"{r['thema']}|{result.assignments[str(i)].group}" for i, r in enumerate(rows)]


def score(pred: list[str], rows: list[dict]) -> tuple[float, float, float, float]:
    gold = [f"{r['thema']}|{r['gold_groep']}" for r in rows]
    return (*bcubed(pred, gold), adjusted_rand(pred, gold))


def report(name: str, rows: list[dict], quick: bool) -> None:
    print(f"\n== {name}: {len(rows)} wishes, {len({r['thema'] for r in rows})} themes, "
          f"{len({(r['thema'], r['gold_groep']) for r in rows})} gold groups")
    print(f"{'method':52} {'P':>6} {'R':>6} {'F1':>6} {'ARI':>6}")
    lines = [("mvo-xl (default threshold 60)", ours(rows)),
             ("OpenRefine fingerprint key collision", per_theme(rows, lambda t: [fingerprint(x) for x in t])),
             ("Power Query token Jaccard >= 0.8, single link",
              per_theme(rows, lambda t: single_link(t, lambda a, b: jaccard(a, b) >= 0.8)))]
    best = None
    for cutoff in ([60] if quick else range(40, 100, 5)):
        pred = per_theme(rows, lambda t: single_link(t, lambda a, b: fuzz.token_set_ratio(a, b) >= cutoff))
        if best is None or score(pred, rows)[2] > best[2]:
            best = (cutoff, pred, score(pred, rows)[2])
    lines.append((f"rapidfuzz token_set_ratio >= {best[0]} single link (tuned)", best[1]))
    for label, pred in lines:
        p, r, f, ari = score(pred, rows)
        print(f"{label:52} {p:6.3f} {r:6.3f} {f:6.3f} {ari:6.3f}")


def no_grouping(rows: list[dict]) -> list[str]:
    return [f"{r['thema']}|{i}" for i, r in enumerate(rows)]


def rapidfuzz_tuned(rows: list[dict], quick: bool) -> tuple[int, list[str]]:
    """rapidfuzz token_set_ratio single link at the cutoff that is best on the answers (an upper bound)."""
    best = None
    for cutoff in ([60] if quick else range(40, 100, 5)):
        pred = per_theme(rows, lambda t: single_link(t, lambda a, b: fuzz.token_set_ratio(a, b) >= cutoff))
        f1 = score(pred, rows)[2]
        if best is None or f1 > best[2]:
            best = (cutoff, pred, f1)
    return best[0], best[1]


def summary(sets: list[tuple[str, list[dict]]], quick: bool) -> None:
    """One line per set: B-cubed F1 of mvo-xl, the tuned rapidfuzz peer and no grouping; then the mean."""
    print(f"\n== B-cubed F1 per set (mvo-xl at threshold 60; rapidfuzz cutoff tuned on the answers)")
    print(f"{'set':28} {'wishes':>6} {'mvo-xl':>7} {'P':>6} {'R':>6} {'rapidfuzz':>9} {'(cut)':>5} {'none':>6}")
    totals = [0.0, 0.0, 0.0]
    for name, rows in sets:
        p, r, f, _ = score(ours(rows), rows)
        cut, peer = rapidfuzz_tuned(rows, quick)
        f_peer, f_none = score(peer, rows)[2], score(no_grouping(rows), rows)[2]
        for k, v in enumerate((f, f_peer, f_none)):
            totals[k] += v
        print(f"{name:28} {len(rows):6} {f:7.3f} {p:6.3f} {r:6.3f} {f_peer:9.3f} {cut:5} {f_none:6.3f}")
    n = len(sets) or 1
    print(f"{'mean':28} {'':6} {totals[0] / n:7.3f} {'':6} {'':6} {totals[1] / n:9.3f} {'':5} {totals[2] / n:6.3f}")


def item_scores(pred: list[str], rows: list[dict]) -> tuple[list[float], list[float]]:
    """Each wish's B-cubed precision and recall (their means are the set's P and R)."""
    return bcubed_items(pred, [f"{r['thema']}|{r['gold_groep']}" for r in rows])


def theme_bootstrap(sets: list[tuple[str, list[dict]]], quick: bool, rounds: int = 2000) -> None:
    """95% intervals for the pooled F1 and its lead over no grouping and the peer, resampling themes."""
    import numpy as np

    themes = []  # per theme: (P, R) arrays of mvo-xl, no grouping, rapidfuzz
    for _, rows in sets:
        methods = [item_scores(ours(rows), rows), item_scores(no_grouping(rows), rows),
                   item_scores(rapidfuzz_tuned(rows, quick)[1], rows)]
        for theme in sorted({r["thema"] for r in rows}):
            idx = [i for i, r in enumerate(rows) if r["thema"] == theme]
            themes.append([(np.asarray(pr)[idx], np.asarray(rc)[idx]) for pr, rc in methods])

    def f1(sample: list, method: int) -> float:
        p = np.concatenate([t[method][0] for t in sample]).mean()
        r = np.concatenate([t[method][1] for t in sample]).mean()
        return 2 * p * r / (p + r)

    rng = np.random.default_rng(0)
    draws = []
    for _ in range(rounds):
        sample = [themes[i] for i in rng.integers(0, len(themes), len(themes))]
        ours_f1 = f1(sample, 0)
        draws.append((ours_f1, ours_f1 - f1(sample, 1), ours_f1 - f1(sample, 2)))
    lo, hi = np.percentile(np.asarray(draws), [2.5, 97.5], axis=0)
    point = f1(themes, 0)
    print(f"\n== 95% interval over {len(themes)} themes (resampled {rounds} times)")
    print(f"  mvo-xl pooled F1         {point:.3f}  [{lo[0]:.3f}, {hi[0]:.3f}]")
    print(f"  lead over no grouping   {point - f1(themes, 1):+.3f}  [{lo[1]:+.3f}, {hi[1]:+.3f}]")
    print(f"  lead over rapidfuzz     {point - f1(themes, 2):+.3f}  [{lo[2]:+.3f}, {hi[2]:+.3f}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the cutoff sweeps")
    parser.add_argument("--sets", nargs="+", type=Path, default=None,
                        help="only these sets (CSV: id,thema,droombeeld,gold_groep; gold groups starting with "
                             "_single are singletons) instead of the built-in ones")
    parser.add_argument("--heldout", action="store_true",
                        help="only the held-out blind sets (benchmarks/data/heldout): to report, never to tune")
    parser.add_argument("--ci", action="store_true",
                        help="also a 95%% interval for the pooled F1 and its lead over the baselines (resampling themes)")
    parser.add_argument("--details", action="store_true",
                        help="also the older baselines per set, each dev theme and F1 by threshold")
    args = parser.parse_args()
    quick = args.quick
    if args.heldout:
        args.sets = sorted(HELDOUT.glob("*.csv"))
    if args.sets:
        sets = [(p.stem, load(p)) for p in args.sets]
        summary(sets, quick)
        if args.ci:
            theme_bootstrap(sets, quick)
        return
    sets = builtin_sets()
    summary(sets, quick)
    if args.ci:
        theme_bootstrap(sets, quick)
    if not args.details:
        return
    for name, rows in sets:
        report(name, rows, quick)
    dev = dict(sets).get("dev (shared)", [])
    print("\n== per dev theme (mvo-xl F1 at threshold 60)")
    for theme in sorted({r["thema"] for r in dev}):
        rows = [r for r in dev if r["thema"] == theme]
        print(f"  {theme:34} F1 {score(ours(rows), rows)[2]:.3f}")
    print("\n== mvo-xl F1 by threshold (" + " / ".join(name for name, _ in sets) + ")")
    for t in (30, 40, 50, 55, 60, 65, 70, 80, 90):
        print(f"  {t:3}  " + " / ".join(f"{score(ours(rows, t), rows)[2]:.3f}" for _, rows in sets))


if __name__ == "__main__":
    main()
