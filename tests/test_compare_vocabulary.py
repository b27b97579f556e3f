"""Each plan's terms, title bigrams, phrases and units are coded once (`compare.vocabulary`); a comparison joins
two sorted vocabularies instead of building its term space from strings. The joint space must be the one
`build_term_space` builds from the strings, term for term, and every matrix on it the same, value for value:
on the benchmark corpus's plans (every locality worded its own way), the bundled examples and random lists.
"""
from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

_KINDS = {"terms": "coded_terms", "phrases": "coded_phrases", "units": "coded_units"}


def _bigrams(texts):
    """Each text's character bigrams, in order (what `vocabulary.code_bigrams` codes)."""
    return [[t[k:k + 2] for k in range(len(t) - 1)] for t in texts]


@pytest.fixture(scope="module")
def feature_pairs(corpus_plans):
    """Each plan against the next (a locality's two years, a plan and its scheme) and against itself."""
    from plancheck.compare.features import prepare

    features = [prepare(plan.tasks) for plan in corpus_plans]
    return list(pairwise(features)) + [(f, f) for f in features]


def _assert_joint_space_is_the_string_space(docs_a, docs_b, coded_a, coded_b):
    from plancheck.compare.termspace import build_term_space, joint_term_space
    from plancheck.compare.vocabulary import joint_vocabulary

    joint = joint_vocabulary(coded_a, coded_b)
    got = joint_term_space(joint)
    expected = build_term_space(docs_a, docs_b)
    if got.terms.dtype.kind == "i":  # bigram keys: the bigrams they stand for
        assert tuple(chr(k >> 21) + chr(k & 0x1FFFFF) for k in got.vocabulary) == expected.vocabulary
    else:
        assert got.vocabulary == expected.vocabulary
    assert got.idf.dtype == expected.idf.dtype and np.array_equal(got.idf, expected.idf)
    for counts, wanted in ((got.coded_counts(coded_a, joint.left), expected.counts(docs_a)),
                           (got.coded_counts(coded_b, joint.right), expected.counts(docs_b))):
        assert type(counts) is type(wanted)
        if not isinstance(counts, np.ndarray):  # the CSR layout as well as the values
            assert all(np.array_equal(getattr(counts, k), getattr(wanted, k)) for k in ("data", "indices", "indptr"))
            counts, wanted = counts.toarray(), wanted.toarray()
        assert np.array_equal(counts, wanted)


def test_joint_spaces_of_coded_plans_are_those_of_their_strings(feature_pairs):
    for a, b in feature_pairs:
        for plain, coded in _KINDS.items():
            docs_a = getattr(a, plain)
            docs_b = docs_a if b is a else getattr(b, plain)
            _assert_joint_space_is_the_string_space(docs_a, docs_b, getattr(a, coded), getattr(b, coded))
        grams_a = _bigrams(a.titles)
        grams_b = grams_a if b is a else _bigrams(b.titles)
        _assert_joint_space_is_the_string_space(grams_a, grams_b, a.coded_title_bigrams, b.coded_title_bigrams)


_DOCS = st.lists(st.lists(st.sampled_from(["证照分离", "行政复议", "复议", "a", "规范性文件", "听证", "备案审查"]),
                          max_size=6), max_size=5)


@settings(max_examples=200, deadline=None)
@given(_DOCS, _DOCS, st.booleans())
def test_joint_spaces_of_random_lists_are_those_of_their_strings(docs_a, docs_b, itself):
    from plancheck.compare.vocabulary import code_documents

    coded_a = code_documents(docs_a)
    if itself:
        _assert_joint_space_is_the_string_space(docs_a, docs_a, coded_a, coded_a)
    else:
        _assert_joint_space_is_the_string_space(docs_a, docs_b, coded_a, code_documents(docs_b))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text("法治a\U0001F600 ", max_size=5), max_size=5), st.lists(st.text("法政a", max_size=4), max_size=4),
       st.booleans())
def test_coded_bigrams_are_the_bigrams_of_the_texts(texts_a, texts_b, itself):
    from plancheck.compare.vocabulary import code_bigrams

    coded_a = code_bigrams(texts_a)
    assert coded_a.lengths.tolist() == [len(g) for g in _bigrams(texts_a)]
    if itself:
        _assert_joint_space_is_the_string_space(_bigrams(texts_a), _bigrams(texts_a), coded_a, coded_a)
    else:
        _assert_joint_space_is_the_string_space(_bigrams(texts_a), _bigrams(texts_b), coded_a, code_bigrams(texts_b))


def test_sparse_counts_of_codes_are_those_of_the_strings(feature_pairs, monkeypatch):
    from plancheck.compare import termspace

    monkeypatch.setattr(termspace, "DENSE_CELLS", 0)
    a, b = feature_pairs[0]
    _assert_joint_space_is_the_string_space(a.terms, b.terms, a.coded_terms, b.coded_terms)


def _string_term_views(a, b, genre):
    """The term views as built from strings before the plans' terms were coded (the reference)."""
    from plancheck.compare.genre import genre_weights
    from plancheck.compare.termspace import binary, build_term_space, containment, cosine

    space = build_term_space(a.terms, b.terms)
    if genre:
        space = space.reweighted(genre_weights)
    weighted_a, weighted_b = space.tfidf(a.terms), space.tfidf(b.terms)
    inc_a, inc_b = binary(space.counts(a.terms)), binary(space.counts(b.terms))
    return (cosine(weighted_a, weighted_b), containment(inc_a, inc_b, space.idf),
            containment(inc_b, inc_a, space.idf).T, weighted_b, space.idf)


def test_term_views_of_coded_plans_are_those_of_their_strings(feature_pairs):
    from plancheck.compare.similarity import term_views

    for a, b in feature_pairs:
        for genre in (False, True):
            views = term_views(a, b, genre)
            tfidf, contained_old, contained_new, rows, idf = _string_term_views(a, b, genre)
            assert np.array_equal(views.space.idf, idf)
            assert np.array_equal(views.tfidf, tfidf)
            assert np.array_equal(views.contained_old, contained_old)
            assert np.array_equal(views.contained_new, contained_new)
            assert np.array_equal(views.new_rows, rows)


def _string_sentence_evidence(sim):
    """`similarity.sentence_evidence` from the sentences' terms as strings, each looked up in the term space."""
    from plancheck.compare.similarity import FLOAT
    from plancheck.compare.termspace import cosine

    rows = [(k, s.terms) for k, pieces in enumerate(sim.old.sentences) for s in pieces if s.text.strip() and s.terms]
    out = np.zeros(sim.score.shape, dtype=FLOAT)
    if not rows or not sim.score.shape[1]:
        return out
    per_sentence = cosine(sim.terms.tfidf([terms for _, terms in rows]), sim.terms.tfidf(sim.new.terms))
    for (k, _), scores in zip(rows, per_sentence):
        out[k] = np.maximum(out[k], scores)
    return out


def test_sentence_evidence_from_codes_is_that_of_the_strings(feature_pairs, monkeypatch):
    from plancheck.compare import termspace
    from plancheck.compare.similarity import compare_features, sentence_evidence

    for a, b in feature_pairs:
        for genre in (False, True):
            sim = compare_features(a, b, genre=genre)
            assert np.array_equal(sentence_evidence(sim), _string_sentence_evidence(sim))
    # Sparse counts (thousands of tasks) take the same codes.
    monkeypatch.setattr(termspace, "DENSE_CELLS", 0)
    for a, b in feature_pairs[:6]:
        sim = compare_features(a, b)
        assert np.array_equal(sentence_evidence(sim), _string_sentence_evidence(sim))


def test_title_and_set_overlaps_of_coded_plans_are_those_of_their_strings(feature_pairs):
    from plancheck.compare.similarity import _set_overlap, _title_bigrams
    from plancheck.compare.termspace import build_term_space, cosine, weighted_overlap

    overlaps = 0
    for a, b in feature_pairs:
        grams_a = _bigrams(a.titles)
        grams_b = grams_a if b is a else _bigrams(b.titles)
        space = build_term_space(grams_a, grams_b)
        expected = cosine(space.tfidf(grams_a), space.tfidf(grams_b))
        assert np.array_equal(_title_bigrams(a.coded_title_bigrams, b.coded_title_bigrams), expected)
        for plain, coded in (("phrases", "coded_phrases"), ("units", "coded_units")):
            sets_a, sets_b = getattr(a, plain), getattr(b, plain)
            got = _set_overlap(getattr(a, coded), getattr(b, coded))
            if not any(sets_a) or not any(sets_b):
                assert not got.any()
                continue
            space = build_term_space(sets_a, sets_b)
            expected = weighted_overlap(space.incidence(sets_a), space.incidence(sets_b), space.idf)
            assert np.array_equal(got, expected)
            overlaps += int(got.any())
    assert overlaps > 10, "the plans should share some phrases and units for the test to mean something"


def test_prepared_features_are_found_by_identity_and_by_value(corpus_plans):
    from plancheck.compare.features import _prepare, prepare

    plans = corpus_plans[:6]  # no more than the features kept
    first = [prepare(plan.tasks) for plan in plans]
    # Called again in another order, each plan's tasks give its own features, the very same object.
    for plan, features in reversed(list(zip(plans, first))):
        assert prepare(plan.tasks) is features
    # An equal tuple or a list of the same tasks: equal features, as computed afresh.
    for plan, features in zip(plans[:3], first):
        _prepare.cache_clear()
        copy = tuple(task for task in plan.tasks)
        assert copy is not plan.tasks
        assert prepare(list(plan.tasks)) == features == prepare(copy)


def _assert_coded_rows_are_those_of_the_counts(space, coded, columns):
    from plancheck.compare.termspace import binary

    for got, wanted in ((space.coded_tfidf(coded, columns), space.weighted(space.coded_counts(coded, columns))),
                        (space.coded_incidence(coded, columns), binary(space.coded_counts(coded, columns)))):
        assert type(got) is type(wanted)
        if not isinstance(got, np.ndarray):
            got, wanted = got.toarray(), wanted.toarray()
        assert got.dtype == wanted.dtype and np.array_equal(got, wanted)


@pytest.mark.parametrize("dense", [True, False])
def test_tfidf_and_incidence_from_distinct_terms_are_those_of_the_counts(feature_pairs, monkeypatch, dense):
    """Dense TF-IDF and incidence rows are filled from each document's distinct terms, not tested cell by cell;
    sparse ones are made from the counts as before."""
    from plancheck.compare import termspace
    from plancheck.compare.termspace import joint_term_space
    from plancheck.compare.vocabulary import joint_vocabulary

    if not dense:
        monkeypatch.setattr(termspace, "DENSE_CELLS", 0)
    for a, b in feature_pairs if dense else feature_pairs[:3]:
        for coded in (*_KINDS.values(), "coded_title_bigrams"):
            coded_a, coded_b = getattr(a, coded), getattr(b, coded)
            joint = joint_vocabulary(coded_a, coded_b)
            space = joint_term_space(joint)
            _assert_coded_rows_are_those_of_the_counts(space, coded_a, joint.left)
            _assert_coded_rows_are_those_of_the_counts(space, coded_b, joint.right)


@settings(max_examples=200, deadline=None)
@given(_DOCS, _DOCS)
def test_tfidf_and_incidence_of_random_lists_are_those_of_the_counts(docs_a, docs_b):
    """Random lists repeat terms within a document (counts above 1) and leave documents empty."""
    from plancheck.compare.termspace import joint_term_space
    from plancheck.compare.vocabulary import code_documents, joint_vocabulary

    coded_a, coded_b = code_documents(docs_a), code_documents(docs_b)
    joint = joint_vocabulary(coded_a, coded_b)
    space = joint_term_space(joint)
    _assert_coded_rows_are_those_of_the_counts(space, coded_a, joint.left)
    _assert_coded_rows_are_those_of_the_counts(space, coded_b, joint.right)


def test_idf_by_document_frequency_is_that_of_the_term_space():
    """The idf table, made once per number of documents, holds the formula's value at every frequency."""
    import math

    from plancheck.compare.termspace import build_term_space, idf_by_df

    for n_docs in (1, 2, 7, 40):
        table = idf_by_df(n_docs)
        assert len(table) == n_docs + 1 and not table.flags.writeable
        for df in range(1, n_docs + 1):
            space = build_term_space([["t"] if k < df else ["u"] for k in range(n_docs)])
            assert table[df] == space.idf[space.vocabulary.index("t")] == math.log((1 + n_docs) / (1 + df)) + 1.0
