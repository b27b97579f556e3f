"""Compact texts and word codes change how fast rapidfuzz scores, never what it scores.

`fuzzy.compact` recodes the genre's commonest characters below 256 and `fuzzy.encoded` codes words from 1
up; the ratios of the recoded strings must be those of the plain ones, on the benchmark corpus's plans
(every locality worded its own way) and the bundled examples.
"""
from __future__ import annotations

import numpy as np
import pytest
from rapidfuzz import fuzz, process


@pytest.fixture(scope="module")
def plan_pairs(corpus_plans):
    """Each plan against the next: a locality's two years, a plan and its scheme, two examples."""
    return list(zip(corpus_plans, corpus_plans[1:]))


def test_compact_table_is_a_permutation_that_keeps_white_space():
    from plancheck.compare.fuzzy import _compact_table

    table = _compact_table()
    assert len(table) > 200
    assert all(table[table[k]] == k for k in table)  # each swap undoes itself: one to one
    assert not any(chr(k).isspace() for k in table)
    assert sum(1 for v in table.values() if v < 0x100) == len(table) // 2


def test_ratios_of_compact_texts_are_those_of_the_texts(plan_pairs):
    from plancheck.compare.features import prepare

    checked = 0
    for old, new in plan_pairs:
        a, b = prepare(old.tasks), prepare(new.tasks)
        for plain, compact in (("titles", "compact_titles"), ("texts", "compact_texts"),
                               ("wording", "compact_wording")):
            expected = process.cdist(getattr(a, plain), getattr(b, plain), scorer=fuzz.ratio)
            got = process.cdist(getattr(a, compact), getattr(b, compact), scorer=fuzz.ratio)
            assert np.array_equal(expected, got), plain
            checked += expected.size
    assert checked > 10_000


def test_encoded_sorted_words_give_token_sort_ratio(plan_pairs):
    from plancheck.compare.features import prepare
    from plancheck.compare.fuzzy import encoded

    for old, new in plan_pairs:
        a, b = prepare(old.tasks), prepare(new.tasks)
        sort_a, sort_b = encoded(a.words, b.words, sort=True)
        got = process.cdist(sort_a, sort_b, scorer=fuzz.ratio, dtype=np.float64)
        # The words sorted as strings, each one a sequence element: the plain token-sort ratio of words.
        words_a = [sorted(w) for w in a.words]
        words_b = [sorted(w) for w in b.words]
        expected = np.array([[fuzz.ratio(x, y) for y in words_b] for x in words_a])
        assert np.array_equal(expected, got)
