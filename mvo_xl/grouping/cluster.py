"""Average-linkage clustering of sparse unit vectors, without an n x n matrix.

Similarity is the dot product of unit vectors, so the average similarity of
two clusters is exactly ``sum_A . sum_B / (|A| |B|)``: clusters keep their sum
vector and merging never needs the pairs. Average linkage does not chain:
one shared word between two groups is not enough to merge them.

Candidate pairs come from each item's top-k neighbours, computed block by
block with an inverted index (a block of rows times all items, never n x n).
An optional dense part (sentence embeddings, one row per item) adds its dot
product to the sparse one: the vectors are then the concatenation of both,
and cluster sums stay exact.
"""

from __future__ import annotations

import heapq
from typing import Sequence

import numpy as np

Vector = dict[str, float]
DENSE = "\x00dense"  # the key of a cluster sum's dense part (no word feature can look like it)

TOP_K = 30
BLOCK_CELLS = 4_000_000  # floats in one block of the neighbour search (16 MB)


def dot(a: Vector, b: Vector) -> float:
    """Dot product of two sparse vectors; a dense part (:data:`DENSE`) counts as its own dot product."""
    if len(a) > len(b):
        a, b = b, a
    total = 0.0
    for f, w in a.items():
        if f in b:
            total += float(w @ b[f]) if f == DENSE else w * b[f]
    return total


def neighbours(vectors: Sequence[Vector], min_sim: float, k: int = TOP_K,
               dense: np.ndarray | None = None) -> list[list[int]]:
    """For each vector, up to k others with similarity >= min_sim (best first).

    ``dense`` (n x d, optional) is a dense part of each vector.
    """
    n = len(vectors)
    if n < 2:
        return [[] for _ in range(n)]
    feature_ids: dict[str, int] = {}
    rows_of: list[list[int]] = []
    vals_of: list[list[float]] = []
    for row, vec in enumerate(vectors):
        for feat, w in vec.items():
            fid = feature_ids.setdefault(feat, len(feature_ids))
            if fid == len(rows_of):
                rows_of.append([])
                vals_of.append([])
            rows_of[fid].append(row)
            vals_of[fid].append(w)
    rows_np = [np.asarray(r, dtype=np.int64) for r in rows_of]
    vals_np = [np.asarray(v, dtype=np.float32) for v in vals_of]
    block = max(1, min(n, BLOCK_CELLS // n))
    out: list[list[int]] = []
    for start in range(0, n, block):
        stop = min(n, start + block)
        sims = np.zeros((stop - start, n), dtype=np.float32)
        local: dict[int, tuple[list[int], list[float]]] = {}
        for row in range(start, stop):
            for feat, w in vectors[row].items():
                entry = local.setdefault(feature_ids[feat], ([], []))
                entry[0].append(row - start)
                entry[1].append(w)
        for fid, (lrows, lvals) in local.items():
            sims[np.ix_(lrows, rows_np[fid])] += np.outer(np.asarray(lvals, dtype=np.float32), vals_np[fid])
        if dense is not None:
            sims += (dense[start:stop] @ dense.T).astype(np.float32)
        sims[np.arange(stop - start), np.arange(start, stop)] = -1.0
        if n - 1 > k:
            top = np.argpartition(-sims, k, axis=1)[:, :k]
        else:
            top = np.tile(np.arange(n), (stop - start, 1))
        for i in range(stop - start):
            cand = top[i]
            vals = sims[i, cand]
            keep = vals >= min_sim
            order = np.lexsort((cand[keep], -vals[keep]))
            out.append(cand[keep][order].tolist())
    return out


def average_linkage(vectors: Sequence[Vector], weights: Sequence[int], cutoff: float,
                    seeds: Sequence[Sequence[int]] = (), locked: Sequence[str | None] = (),
                    dense: np.ndarray | None = None) -> list[list[int]]:
    """Merge clusters while their average pairwise similarity is >= cutoff.

    ``weights`` counts identical wishes behind each vector. ``seeds`` are
    groups of items that start merged (a manual group); ``locked[i]`` names
    the manual group of item i, and two different names never merge.
    ``dense`` (n x d, optional) is a dense part of each vector (see :func:`neighbours`).
    Deterministic: ties break on the lowest item index.
    """
    n = len(vectors)
    parent = list(range(n))
    size = [float(w) for w in weights]
    total = [{f: v * w for f, v in vec.items()} for vec, w in zip(vectors, weights)]
    if dense is not None:  # the dense part rides along as one extra "feature" holding an array
        for i in range(n):
            total[i][DENSE] = dense[i] * float(weights[i])
    lock = list(locked) if locked else [None] * n
    for seed in seeds:
        head = min(seed)
        for item in seed:
            if item != head:
                _absorb(head, item, parent, size, total, lock)
    nbrs: dict[int, set[int]] = {i: set() for i in range(n) if parent[i] == i}
    for i, near in enumerate(neighbours(vectors, cutoff, dense=dense)):
        a = _find(parent, i)
        for j in near:
            b = _find(parent, j)
            if a != b:
                nbrs[a].add(b)
                nbrs[b].add(a)
    heap: list[tuple[float, int, int]] = []
    for a, near in nbrs.items():
        for b in near:
            if a < b:
                _push(heap, a, b, size, total, lock, cutoff)
    while heap:
        neg, a, b = heapq.heappop(heap)
        if parent[a] != a or parent[b] != b or b not in nbrs[a]:
            continue
        if -neg != _average(a, b, size, total):
            continue  # stale: one side grew since this entry was pushed
        _absorb(a, b, parent, size, total, lock)
        merged = (nbrs.pop(b) | nbrs[a]) - {a, b}
        nbrs[a] = merged
        for c in merged:
            nbrs[c].discard(b)
            nbrs[c].add(a)
            _push(heap, min(a, c), max(a, c), size, total, lock, cutoff)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(_find(parent, i), []).append(i)
    return sorted(groups.values())


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _average(a: int, b: int, size: list[float], total: list[Vector]) -> float:
    return dot(total[a], total[b]) / (size[a] * size[b])


def _push(heap: list, a: int, b: int, size: list[float], total: list[Vector],
          lock: list[str | None], cutoff: float) -> None:
    if lock[a] and lock[b] and lock[a] != lock[b]:
        return
    avg = _average(a, b, size, total)
    if avg >= cutoff:
        heapq.heappush(heap, (-avg, a, b))


def _absorb(a: int, b: int, parent: list[int], size: list[float], total: list[Vector],
            lock: list[str | None]) -> None:
    """Merge cluster b into cluster a (both roots)."""
    parent[b] = a
    size[a] += size[b]
    into = total[a]
    for f, v in total[b].items():
        into[f] = into.get(f, 0.0) + v
    total[b] = {}
    lock[a] = lock[a] or lock[b]
