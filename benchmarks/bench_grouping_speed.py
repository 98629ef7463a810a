"""Speed and peak memory of the grouping on synthetic perturbed wishes.

Each run is a fresh subprocess, so peak memory (ru_maxrss) belongs to that
run alone. Beside mvo-xl: a naive all-pairs rapidfuzz token_set_ratio
baseline (rapidfuzz.process.cdist, the full n x n matrix per theme), where it
can finish. Targets: 10,000 wishes in one theme <= 10 s and <= 2 GB;
100,000 wishes over 20 themes <= 60 s.

    python benchmarks/bench_grouping_speed.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
NAIVE_MAX_PER_THEME = 20_000  # a float32 n x n matrix of 20,000 is 1.6 GB; beyond that it cannot finish

CHILD = r"""
import json, resource, sys, time
sys.path[:0] = [{repo!r}, {bench!r}]
from _synthetic import synthetic
n, themes, method = {n}, {themes}, {method!r}
data = synthetic(n, themes)
start = time.perf_counter()
if method == "mvo-xl":
    from mvo_xl.grouping import WishIn, group_wishes
    groups = len(group_wishes([WishIn(k, t, s) for k, t, s in data]).groups)
else:
    import numpy as np
    from rapidfuzz import fuzz, process
    groups = 0
    for theme in sorted({{t for _, t, _ in data}}):
        texts = [s for _, t, s in data if t == theme]
        sims = process.cdist(texts, texts, scorer=fuzz.token_set_ratio, dtype=np.uint8, workers=-1)
        groups += int((sims >= 60).sum())  # stands for the single-link pass; the matrix is the cost
print(json.dumps({{"seconds": time.perf_counter() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "groups": groups}}))
"""


def run(n: int, themes: int, method: str) -> dict:
    code = CHILD.format(repo=str(REPO), bench=str(REPO / "benchmarks"), n=n, themes=themes, method=method)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 10,000 wishes only")
    quick = parser.parse_args().quick
    cases = [(1_000, 1), (1_000, 20), (10_000, 1), (10_000, 20)]
    if not quick:
        cases += [(100_000, 1), (100_000, 20)]
    print(f"{'wishes':>8} {'themes':>6} | {'mvo-xl s':>9} {'peak MB':>8} | {'naive s':>8} {'peak MB':>8} | ratio")
    for n, themes in cases:
        ours = run(n, themes, "mvo-xl")
        line = f"{n:8,} {themes:6} | {ours['seconds']:9.2f} {ours['peak_mb']:8.0f} | "
        if n / themes <= NAIVE_MAX_PER_THEME:
            naive = run(n, themes, "naive")
            line += f"{naive['seconds']:8.2f} {naive['peak_mb']:8.0f} | {naive['seconds'] / ours['seconds']:5.1f}x"
        else:
            line += f"{'skipped':>8} {'':8} | naive needs a {n // themes:,}^2 matrix ({(n // themes) ** 2 / 1e9:.0f} GB)"
        print(line, flush=True)


if __name__ == "__main__":
    main()
