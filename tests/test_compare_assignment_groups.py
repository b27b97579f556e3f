"""The candidate groups of `assignment.best_pairs`: found in plain Python for small graphs, they must be the
connected components scipy finds, so that each group is solved on the same sub-matrix."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from plancheck.compare import assignment


@st.composite
def tied_scores(draw):
    """A score matrix with many candidates (>= 0.5) and ties: groups of every shape, several per matrix."""
    n, m = draw(st.integers(1, 10)), draw(st.integers(1, 10))
    cells = draw(st.lists(st.sampled_from([0.0, 0.2, 0.5, 0.6, 0.6, 0.8, 0.9, 1.0]), min_size=n * m, max_size=n * m))
    return np.array(cells, dtype=np.float32).reshape(n, m)


def _with_scipy_groups(call):
    small = assignment.SMALL_GRAPH
    assignment.SMALL_GRAPH = -1
    try:
        return call()
    finally:
        assignment.SMALL_GRAPH = small


def _as_sets(groups):
    return {(tuple(rows.tolist()), tuple(cols.tolist())) for rows, cols in groups}


@settings(max_examples=400, deadline=None)
@given(tied_scores())
def test_small_graphs_are_grouped_as_scipy_groups_them(score):
    n, m = score.shape
    rows, cols = np.nonzero(score >= 0.5)
    python_groups = assignment._groups(rows, cols, n, m)
    scipy_groups = _with_scipy_groups(lambda: assignment._groups(rows, cols, n, m))
    assert _as_sets(python_groups) == _as_sets(scipy_groups)
    for group_rows, group_cols in python_groups:
        assert list(group_rows) == sorted(group_rows) and list(group_cols) == sorted(group_cols)


@settings(max_examples=400, deadline=None)
@given(tied_scores())
def test_best_pairs_are_the_same_whichever_way_the_groups_are_found(score):
    assert assignment.best_pairs(score, 0.5) == _with_scipy_groups(lambda: assignment.best_pairs(score, 0.5))


def test_two_separate_groups_are_two_groups():
    score = np.array([[0.9, 0.8, 0.0, 0.0],
                      [0.7, 0.0, 0.0, 0.0],
                      [0.0, 0.0, 0.0, 0.6]], dtype=np.float32)
    rows, cols = np.nonzero(score >= 0.5)
    assert _as_sets(assignment._groups(rows, cols, 3, 4)) == {((0, 1), (0, 1)), ((2,), (3,))}
    assert assignment.best_pairs(score, 0.5) == [(0, 1), (1, 0), (2, 3)]


def _every_group_solved(score, minimum):
    """The assignment with every group, one candidate pair or many, handed to scipy."""
    from scipy.optimize import linear_sum_assignment

    rows, cols = np.nonzero(score >= minimum)
    pairs = []
    for in_rows, in_cols in assignment._groups(rows, cols, *score.shape):
        sub = score[np.ix_(in_rows, in_cols)]
        found = zip(*linear_sum_assignment(np.where(sub >= minimum, 1.0 - sub, 1.0)))
        pairs += [(int(in_rows[r]), int(in_cols[c])) for r, c in found if sub[r, c] >= minimum]
    return sorted(pairs)


@settings(max_examples=400, deadline=None)
@given(tied_scores())
def test_a_group_of_one_pair_is_assigned_as_scipy_assigns_it(score):
    assert assignment.best_pairs(score, 0.5) == _every_group_solved(score, 0.5)
