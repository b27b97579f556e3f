"""The shortcuts of the batch path give the answers of the full computation, on real-shaped plans.

The plans come from the benchmark corpus (benchmarks/corpus.py: every locality worded its own way) and
the bundled examples: jieba's words run by run, task features sentence by sentence, the duplicate-task
term filter, the one-candidate assignment, the one-thread BLAS limit and the collector's threshold.
"""
from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plancheck.plans import load_plan

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "plancheck" / "plans" / "examples"
LOCALITIES = 8


@pytest.fixture(scope="module")
def corpus_plans(tmp_path_factory):
    """The three documents of a few benchmark localities and the bundled examples, read."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import locality_documents
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    folder = tmp_path_factory.mktemp("corpus")
    plans = []
    for k in range(LOCALITIES):
        _, texts = locality_documents(11, k)
        for name, text in texts.items():
            path = folder / f"{k}_{name}"
            path.write_text(text, encoding="utf-8")
            plans.append(load_plan(path, kind="scheme" if name.startswith("scheme") else "annual"))
    plans += [load_plan(path, kind="annual") for path in sorted(EXAMPLES.glob("plan_*.txt"))]
    return plans


def test_words_run_by_run_are_jiebas_words(corpus_plans):
    import jieba

    from plancheck.compare.tokens import _cut, _jieba_lcut, normalise, sentences

    _jieba_lcut()  # the domain words registered, as for every segmentation
    texts = [normalise(task.text) for plan in corpus_plans for task in plan.tasks]
    texts += ["推行“双随机、一公开”监管,A级纳税人2024年占比95.5%以上", "  ——以上 (含) e-government  ", ""]
    checked = 0
    for text in texts:
        for sentence in sentences(text) or [text]:
            assert _cut(sentence) == jieba.lcut(sentence, HMM=False), sentence
            checked += 1
    assert checked > 500


def test_features_from_analysed_sentences_are_those_of_the_whole_text(corpus_plans):
    from plancheck.compare.features import prepare
    from plancheck.compare.genre import canonical_tokens
    from plancheck.compare.tokens import (
        STOP_TERMS,
        is_content_term,
        is_number,
        is_word,
        segment,
        sentences,
        words,
    )

    def terms(tokens):
        return tuple(t for t in tokens if len(t) > 1 and t not in STOP_TERMS and is_word(t) and not is_number(t))

    checked = 0
    for plan in corpus_plans:
        features = prepare(plan.tasks)
        for k, text in enumerate(features.texts):
            tokens = segment(text)
            assert features.tokens[k] == tokens
            assert features.words[k] == tuple(words(tokens))
            assert features.canonical_words[k] == tuple(words(canonical_tokens(tokens)))
            assert features.terms[k] == terms(tokens)
            assert features.sentence_terms[k] == tuple(terms(segment(s)) for s in sentences(text))
            assert all(is_content_term(t) == bool(terms((t,))) for t in tokens)
            checked += 1
    assert checked > 300


def test_term_filter_is_the_full_comparisons_term_overlap(corpus_plans):
    from plancheck.compare.features import prepare
    from plancheck.compare.similarity import compare_features, term_views

    for plan in corpus_plans:
        features = prepare(plan.tasks)
        full = compare_features(features, features)
        assert np.array_equal(term_views(features, features).overlap, full.term_overlap)
        # Compared with itself, a plan's matrices are computed once: the same as for an equal copy.
        copy = dataclasses.replace(features)
        assert copy is not features
        apart = compare_features(features, copy)
        for name in ("score", "tfidf", "contained_old", "contained_new", "title", "text", "token_sort", "token_set"):
            assert np.array_equal(getattr(full, name), getattr(apart, name)), name


def test_duplicates_found_with_the_filter_equal_those_without(corpus_plans, monkeypatch):
    from plancheck.checks.rules import duplicate_task

    threshold = duplicate_task.THRESHOLDS["duplicate-similarity"]
    filtered = [duplicate_task.duplicate_pairs(plan, threshold) for plan in corpus_plans]
    # Every pair passes the filter: the full comparison runs for every plan.
    monkeypatch.setattr("plancheck.compare.similarity.TermViews.overlap", property(lambda v: np.ones(v.tfidf.shape)))
    unfiltered = [duplicate_task.duplicate_pairs(plan, threshold) for plan in corpus_plans]
    assert filtered == unfiltered
    assert any(filtered), "the corpus should hold some duplicates for the comparison to mean something"


@st.composite
def sparse_scores(draw):
    """A score matrix whose candidates (>= 0.5) are a partial matching, sometimes with one cell more."""
    n, m = draw(st.integers(1, 12)), draw(st.integers(1, 12))
    low = draw(st.lists(st.floats(0, 0.25, width=32), min_size=n * m, max_size=n * m))
    score = np.array(low, dtype=np.float32).reshape(n, m)
    rows = draw(st.permutations(range(n)))
    cols = draw(st.permutations(range(m)))
    for i, j in zip(rows[:draw(st.integers(0, min(n, m)))], cols):
        score[i, j] = draw(st.floats(0.5, 1, width=32))
    if draw(st.booleans()):
        score[draw(st.integers(0, n - 1)), draw(st.integers(0, m - 1))] = draw(st.floats(0.5, 1, width=32))
    return score


@settings(max_examples=300, deadline=None)
@given(sparse_scores())
def test_one_candidate_each_is_solved_as_the_grouped_assignment(score):
    from plancheck.compare import assignment

    fast = assignment.best_pairs(score, 0.5)
    original = assignment._one_candidate_each
    try:
        assignment._one_candidate_each = lambda *args: False
        grouped = assignment.best_pairs(score, 0.5)
    finally:
        assignment._one_candidate_each = original
    assert fast == grouped


def test_one_candidate_each_takes_every_candidate():
    from plancheck.compare.assignment import best_pairs

    score = np.array([[0.9, 0.1, 0.0], [0.2, 0.0, 0.7], [0.0, 0.3, 0.1]], dtype=np.float32)
    assert best_pairs(score, 0.5) == [(0, 0), (1, 2)]


def test_review_blas_runs_on_one_thread_and_is_restored():
    from threadpoolctl import threadpool_info

    from plancheck.reviewing_process import one_blas_thread

    def blas_threads():
        return [pool["num_threads"] for pool in threadpool_info() if pool["user_api"] == "blas"]

    before = blas_threads()
    with one_blas_thread():
        inside = blas_threads()
    assert inside and set(inside) == {1}
    assert blas_threads() == before


def test_a_reviewing_process_collects_young_objects_seldom_and_is_restored():
    import gc

    from plancheck.reviewing_process import REVIEW_GC_THRESHOLD, settle_collector

    before = gc.get_threshold()
    try:
        assert settle_collector() == before
        assert gc.get_threshold() == (REVIEW_GC_THRESHOLD, *before[1:])
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


@st.composite
def edited_word_lists(draw):
    """A list of words and an edited copy: a few runs replaced, inserted or deleted."""
    vocabulary = st.sampled_from(["推进", "行政", "执法", "监督", "规范", "全年", "培训", "清单", "机制", "公开"])
    a = draw(st.lists(vocabulary, max_size=30))
    b = list(a)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(b)))
        cut = draw(st.integers(0, 4))
        b[at:at + cut] = draw(st.lists(vocabulary, max_size=4))
    return a, b


@settings(max_examples=500, deadline=None)
@given(edited_word_lists())
def test_the_carried_filter_never_turns_away_a_carried_pair(words):
    from plancheck.compare.kinds import CARRIED_RUN, CARRIED_RUNS, _may_be_carried, _runs

    a, b = words
    runs = _runs(a, b)
    if len(runs) <= CARRIED_RUNS and all(r <= CARRIED_RUN for r in runs):
        assert _may_be_carried(a, b)
