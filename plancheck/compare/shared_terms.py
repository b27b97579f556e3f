"""The distinctive terms two tasks share, for the many pairs of one comparison at once.

Alignment rows, near misses and scheme links each show the terms their pair shares, most distinctive
first (`Similarity.shared_terms`). One comparison asks this of a few dozen to a hundred pairs: here each
task's term set is made once per plan (a plan's terms take part in the alignment, its near misses and its
scheme links, a scheme's in the links of both years), and the shared terms of all the pairs are ranked in
one sort.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence

from .similarity import Similarity


def shared_terms_of(sim: Similarity, pairs: Iterable[tuple[int, int]], limit: int = 6) -> list[tuple[str, ...]]:
    """`sim.shared_terms(i, j, limit)` of each 0-based (i, j) of `pairs`, in order."""
    old_sets, new_sets = term_sets(sim.old.terms), term_sets(sim.new.terms)
    shared = [old_sets[i] & new_sets[j] for i, j in pairs]
    # The order of `Similarity.shared_terms` (`distinctive_first`: rarest, then longest, then by text) is total,
    # so the union ranked once orders each pair's terms as ranking them alone would. It is sorted in three
    # stable passes, last key first, each on a key Python reads without a call of ours.
    order = sorted(set().union(*shared))
    order.sort(key=len, reverse=True)
    order.sort(key=sim.terms.idf_of.__getitem__, reverse=True)
    rank = dict(zip(order, range(len(order)))).__getitem__
    return [tuple(sorted(terms, key=rank)[:limit]) for terms in shared]


def term_sets(terms: Sequence[tuple[str, ...]]) -> tuple[frozenset[str], ...]:
    """Each task's terms as a set (`TaskFeatures.terms`), made once for the last few plans' term tuples (found
    by identity: looking a tuple up by value would hash every term again)."""
    if not isinstance(terms, tuple):
        return tuple(map(frozenset, terms))
    for seen, sets in tuple(_RECENT):  # a copy: another thread may add to it
        if seen is terms:
            return sets
    sets = tuple(map(frozenset, terms))
    _RECENT.appendleft((terms, sets))
    return sets


# The term tuples of the last few plans (held, so that their identity stays theirs) with their sets: one
# analysis reads three plans' terms.
_RECENT: deque[tuple[Sequence[tuple[str, ...]], tuple[frozenset[str], ...]]] = deque(maxlen=6)
