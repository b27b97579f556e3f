"""One-to-one matching of the best-scoring pairs, in time that stays bounded on huge matrices.

`linear_sum_assignment` is cubic: two plans of 4,000 tasks take minutes. But only candidate pairs (at
or above a minimum score) can be matched, and they fall into small groups of tasks that resemble each
other; each group is solved exactly on its own, which gives the same optimum. A group too large for
that (thousands of near-identical tasks) is matched greedily, strongest rows first.
"""
from __future__ import annotations

import numpy as np

# Cells of one group's matrix solved exactly: a 1,000 × 1,000 group takes about a second.
MAX_EXACT_CELLS = 1_000_000


def best_pairs(score: np.ndarray, minimum: float) -> list[tuple[int, int]]:
    """(row, column) pairs, each row and column used once, with score >= minimum and the largest total."""
    from scipy.optimize import linear_sum_assignment

    n, m = score.shape
    rows, cols = np.nonzero(score >= minimum)
    if not len(rows):
        return []
    if _one_candidate_each(rows, cols, n, m):
        # Every group is a single pair (the usual case: redlined sentences, a carried-over plan), which the
        # exact solution takes as it is: no grouping or solving needed.
        return sorted(zip(rows.tolist(), cols.tolist()))
    if len(rows) > MAX_EXACT_CELLS:  # too many candidates to group them, let alone solve a group exactly
        return sorted(_greedy(score, minimum))
    pairs: list[tuple[int, int]] = []
    for in_rows, in_cols in _groups(rows, cols, n, m):
        if len(in_rows) == 1 and len(in_cols) == 1:
            # A group of one candidate pair (most groups): its assignment is that pair.
            pairs.append((int(in_rows[0]), int(in_cols[0])))
            continue
        sub = score[np.ix_(in_rows, in_cols)]
        if sub.size <= MAX_EXACT_CELLS:
            # A pair below the minimum costs as much as leaving both unmatched, so it never wins.
            found = zip(*linear_sum_assignment(np.where(sub >= minimum, 1.0 - sub, 1.0)))
        else:
            found = _greedy(sub, minimum)
        pairs += [(int(in_rows[r]), int(in_cols[c])) for r, c in found if sub[r, c] >= minimum]
    return sorted(pairs)


# Up to this many candidate pairs the groups are found in plain Python: scipy's graph routines cost about
# 250 microseconds a call in checks and conversions, more than a few dozen pairs take to walk.
SMALL_GRAPH = 2_000


def _groups(rows: np.ndarray, cols: np.ndarray, n: int, m: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The connected groups of the candidate pairs (rows and columns as nodes, pairs as edges), each as its
    ascending row and column indexes."""
    if len(rows) > SMALL_GRAPH:
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        edges = coo_matrix((np.ones(len(rows)), (rows, n + cols)), shape=(n + m, n + m))
        _, group = connected_components(edges, directed=False)
        return [(np.flatnonzero(group[:n] == label), np.flatnonzero(group[n:] == label))
                for label in np.unique(group[rows])]
    parent: dict[int, int] = {}

    def root(node: int) -> int:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for r, c in zip(rows.tolist(), (cols + n).tolist()):
        a, b = root(r), root(c)
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = {}
    for node in sorted(parent):
        members.setdefault(root(node), []).append(node)
    out = []
    for nodes in members.values():
        out.append((np.array([k for k in nodes if k < n], dtype=np.int64),
                    np.array([k - n for k in nodes if k >= n], dtype=np.int64)))
    return out


def _one_candidate_each(rows: np.ndarray, cols: np.ndarray, n: int, m: int) -> bool:
    """True when no row and no column has more than one candidate pair."""
    return bool(np.bincount(rows, minlength=n).max() <= 1 and np.bincount(cols, minlength=m).max() <= 1)


def _greedy(score: np.ndarray, minimum: float) -> list[tuple[int, int]]:
    """Rows with the strongest candidate first, each taking its best column still free."""
    columns_best_first = np.argsort(-score, axis=1, kind="stable")
    taken = np.zeros(score.shape[1], dtype=bool)
    pairs = []
    for r in np.argsort(-score.max(axis=1), kind="stable").tolist():
        for c in columns_best_first[r].tolist():
            if score[r, c] < minimum:
                break
            if not taken[c]:
                taken[c] = True
                pairs.append((r, c))
                break
    return pairs
