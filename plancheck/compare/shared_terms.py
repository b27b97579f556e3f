"""The distinctive terms two tasks share, for the many pairs of one comparison at once.

Alignment rows, near misses and scheme links each show the terms their pair shares, most distinctive
first (`Similarity.shared_terms`). One comparison asks this of a few dozen to a hundred pairs: here each
task's term set is made once per plan (`TaskFeatures.term_sets`: a plan's terms take part in the alignment,
its near misses and its scheme links, a scheme's in the links of both years), and the shared terms of all the
pairs are ranked in one sort.
"""
from __future__ import annotations

from collections.abc import Iterable

from .similarity import Similarity


def shared_terms_of(sim: Similarity, pairs: Iterable[tuple[int, int]], limit: int = 6) -> list[tuple[str, ...]]:
    """`sim.shared_terms(i, j, limit)` of each 0-based (i, j) of `pairs`, in order."""
    old_sets, new_sets = sim.old.term_sets, sim.new.term_sets
    shared = [old_sets[i] & new_sets[j] for i, j in pairs]
    # The order of `Similarity.shared_terms` (`distinctive_first`: rarest, then longest, then by text) is total,
    # so the union ranked once orders each pair's terms as ranking them alone would. It is sorted in three
    # stable passes, last key first, each on a key Python reads without a call of ours.
    order = sorted(set().union(*shared))
    order.sort(key=len, reverse=True)
    order.sort(key=sim.terms.idf_of.__getitem__, reverse=True)
    rank = dict(zip(order, range(len(order)))).__getitem__
    return [tuple(sorted(terms, key=rank)[:limit]) for terms in shared]
