"""Scores of a grouping against a gold grouping: B-cubed and adjusted Rand index.

Used by the quality benchmark and the quality test; small enough not to need
scikit-learn.
"""

from __future__ import annotations

from collections import Counter
from math import comb
from typing import Sequence


def bcubed(pred: Sequence[str], gold: Sequence[str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Amigó et al. 2009) over items in the same order."""
    pairs = Counter(zip(pred, gold))
    pred_size, gold_size = Counter(pred), Counter(gold)
    n = len(pred)
    if n == 0:
        return 1.0, 1.0, 1.0
    precision = sum(c * c / pred_size[p] for (p, _), c in pairs.items()) / n
    recall = sum(c * c / gold_size[g] for (_, g), c in pairs.items()) / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def bcubed_items(pred: Sequence[str], gold: Sequence[str]) -> tuple[list[float], list[float]]:
    """Each item's B-cubed precision and recall (their means are :func:`bcubed`'s precision and recall)."""
    both, pred_size, gold_size = Counter(zip(pred, gold)), Counter(pred), Counter(gold)
    return ([both[(p, g)] / pred_size[p] for p, g in zip(pred, gold)],
            [both[(p, g)] / gold_size[g] for p, g in zip(pred, gold)])


def adjusted_rand(pred: Sequence[str], gold: Sequence[str]) -> float:
    """Adjusted Rand index (Hubert and Arabie 1985); 1.0 when both are one trivial grouping."""
    n = len(pred)
    together = sum(comb(c, 2) for c in Counter(zip(pred, gold)).values())
    pred_pairs = sum(comb(c, 2) for c in Counter(pred).values())
    gold_pairs = sum(comb(c, 2) for c in Counter(gold).values())
    expected = pred_pairs * gold_pairs / comb(n, 2) if n > 1 else 0.0
    best = (pred_pairs + gold_pairs) / 2
    if best == expected:
        return 1.0
    return (together - expected) / (best - expected)
