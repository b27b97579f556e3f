"""The aligner a clerk would write: difflib on every pair of task texts, then greedy matching.

The baseline that `bench_align.py` measures `compare.align_years` against, for speed and accuracy.
"""
from __future__ import annotations

from difflib import SequenceMatcher

from plancheck.plans.model import Plan

THRESHOLD = 0.5


def naive_align(baseline: Plan, draft: Plan) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """(1-based aligned pairs, dropped, added) by greedy best-ratio-first matching above THRESHOLD."""
    scored = []
    for old in baseline.tasks:
        for new in draft.tasks:
            ratio = SequenceMatcher(None, old.text, new.text).ratio()
            if ratio >= THRESHOLD:
                scored.append((ratio, old.index, new.index))
    scored.sort(reverse=True)
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for _, i, j in scored:
        if i not in used_old and j not in used_new:
            pairs.append((i, j))
            used_old.add(i)
            used_new.add(j)
    dropped = [t.index for t in baseline.tasks if t.index not in used_old]
    added = [t.index for t in draft.tasks if t.index not in used_new]
    return sorted(pairs), dropped, added
