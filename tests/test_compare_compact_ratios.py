"""Compact texts, word codes and the one-search title check change how fast compare runs, never its results.

`fuzzy.compact` recodes the genre's commonest characters below 256 and `fuzzy.encoded` (and
`fuzzy.sorted_word_strings`) code words from 1 up; the ratios of the recoded strings must be those of the
plain ones, on the benchmark corpus's plans (every locality worded its own way) and the bundled examples.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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
    from plancheck.compare.fuzzy import encoded, sorted_word_strings

    for old, new in plan_pairs:
        a, b = prepare(old.tasks), prepare(new.tasks)
        sort_a, sort_b = encoded(a.words, b.words, sort=True)
        got = process.cdist(sort_a, sort_b, scorer=fuzz.ratio, dtype=np.float64)
        # The words sorted as strings, each one a sequence element: the plain token-sort ratio of words.
        words_a = [sorted(w) for w in a.words]
        words_b = [sorted(w) for w in b.words]
        expected = np.array([[fuzz.ratio(x, y) for y in words_b] for x in words_a])
        assert np.array_equal(expected, got)
        # Each side's words coded once, sorted by code (what compare_features does): the same ratios, also of
        # a plan with itself and in canonical wording.
        for x, y in ((a.word_codes, b.word_codes), (a.word_codes, a.word_codes)):
            once_a, once_b = sorted_word_strings(x, y)
            plain_b = words_a if y is x else words_b
            assert np.array_equal(np.array([[fuzz.ratio(p, q) for q in plain_b] for p in words_a]),
                                  process.cdist(once_a, once_b, scorer=fuzz.ratio, dtype=np.float64))
        canonical_a, canonical_b = sorted_word_strings(a.canonical_word_codes, b.canonical_word_codes)
        expected = np.array([[fuzz.ratio(sorted(x), sorted(y)) for y in b.canonical_words] for x in a.canonical_words])
        assert np.array_equal(expected, process.cdist(canonical_a, canonical_b, scorer=fuzz.ratio, dtype=np.float64))


def test_token_codes_are_distinct_characters_without_surrogates():
    from plancheck.compare.tokens import token_codes

    for first in (1, 0x100):
        codes = token_codes(70_000, first)
        assert len(set(codes)) == len(codes) == 70_000
        assert codes[0] == chr(first)
        assert not any(0xD800 <= ord(c) < 0xE000 for c in codes)
        assert token_codes(300, first) == codes[:300]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.text("法治政府建设健全机制、。 1", max_size=8), st.text("法治政府建设健全机制、。 1", max_size=40)),
                max_size=6),
       st.lists(st.text("法治政府建设、 ", min_size=3, max_size=10), max_size=5))
def test_title_quoted_finds_each_title_written_out_in_a_task(tasks, item_titles):
    from types import SimpleNamespace

    from plancheck.compare.scheme import TITLE_QUOTE_MIN, _compact, title_quoted

    plan = SimpleNamespace(titles=tuple(t for t, _ in tasks), texts=tuple(x for _, x in tasks))
    quoted = title_quoted(plan, SimpleNamespace(titles=tuple(item_titles)))
    for i, (title, text) in enumerate(tasks):
        for k, item in enumerate(item_titles):
            expected = len(_compact(item)) >= TITLE_QUOTE_MIN and _compact(item) in _compact(title + text)
            assert quoted[i, k] == expected
