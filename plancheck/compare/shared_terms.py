"""The distinctive terms two tasks share, for the many pairs of one comparison at once.

Alignment rows, near misses and scheme links each show the terms their pair shares, most distinctive
first (`Similarity.shared_terms`). One comparison asks this of a few dozen to a hundred pairs: here each
task's term set is made once, and the shared terms of all the pairs are ranked in one sort.
"""
from __future__ import annotations

from collections.abc import Iterable

from .similarity import Similarity


def shared_terms_of(sim: Similarity, pairs: Iterable[tuple[int, int]], limit: int = 6) -> list[tuple[str, ...]]:
    """`sim.shared_terms(i, j, limit)` of each 0-based (i, j) of `pairs`, in order."""
    old_sets: dict[int, set[str]] = {}
    new_sets: dict[int, set[str]] = {}
    shared = []
    for i, j in pairs:
        old = old_sets.get(i)
        if old is None:
            old = old_sets[i] = set(sim.old.terms[i])
        new = new_sets.get(j)
        if new is None:
            new = new_sets[j] = set(sim.new.terms[j])
        shared.append(old & new)
    # The order of `Similarity.shared_terms` is total, so the union ranked once orders each pair's terms as
    # ranking them alone would.
    order = sorted(set().union(*shared), key=sim.distinctive_first)
    rank = dict(zip(order, range(len(order)))).__getitem__
    return [tuple(sorted(terms, key=rank)[:limit]) for terms in shared]
