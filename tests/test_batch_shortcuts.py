"""The shortcuts of the batch path give the answers of the full computation, on real-shaped plans.

The plans come from the benchmark corpus (benchmarks/corpus.py: every locality worded its own way) and
the bundled examples: jieba's words run by run, task features sentence by sentence, the duplicate-task
term filter and score ceiling, the one-candidate assignment, the one-thread BLAS limit and the collector's
threshold.
"""
from __future__ import annotations

import dataclasses
from itertools import chain
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from plan_variants import variants


def test_words_run_by_run_are_jiebas_words(corpus_plans):
    import jieba

    from plancheck.compare.tokens import _cut, normalise, sentences
    from plancheck.plans.nlp import register_domain_words

    register_domain_words()  # jieba's own dictionary, with the words the cuts know
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
            # Sentence evidence reads each sentence's terms as a run of its task's terms.
            assert tuple(s.terms for s in features.sentences[k] if s.text.strip()) == tuple(terms(segment(s)) for s in sentences(text))
            assert tuple(chain.from_iterable(s.terms for s in features.sentences[k])) == features.terms[k]
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


def _ceilings_and_scores(tasks):
    """For every pair i < j of the tasks: the duplicate rule's score ceiling, and the scores of the full
    comparison with and without its term-overlap restriction."""
    from plancheck.checks.rules.duplicate_task import MIN_SHARED_TERMS
    from plancheck.compare.features import prepare
    from plancheck.compare.score_ceiling import score_ceilings
    from plancheck.compare.similarity import compare_features, term_views

    features = prepare(tasks)
    views = term_views(features, features)
    rows, cols = np.triu_indices(len(tasks), k=1)
    ceilings = score_ceilings(features, views, rows, cols)
    full = compare_features(features, features, views=views).score[rows, cols]
    restricted = compare_features(features, features, min_term_overlap=MIN_SHARED_TERMS, views=views).score
    return ceilings, full, restricted[rows, cols]


def _assert_ceiling_holds(tasks) -> int:
    """The ceiling is at least each pair's score; returns how many pairs were checked."""
    ceilings, full, restricted = _ceilings_and_scores(tasks)
    assert (ceilings >= full).all(), (ceilings[ceilings < full], full[ceilings < full])
    assert (ceilings >= restricted).all()
    return len(ceilings)


def test_score_ceiling_is_never_below_the_full_score(corpus_plans):
    pairs = sum(_assert_ceiling_holds(plan.tasks) for plan in corpus_plans)
    assert pairs > 5_000


def test_score_ceiling_rules_out_most_pairs_of_a_corpus_plan(corpus_plans):
    from plancheck.checks.rules.duplicate_task import THRESHOLDS

    ceilings, full, _ = _ceilings_and_scores(corpus_plans[1].tasks)
    # A ceiling of 1 everywhere would pass the test above and save nothing.
    assert (ceilings < THRESHOLDS["duplicate-similarity"]).mean() > 0.9
    assert np.percentile(ceilings - full, 90) < 0.2


@settings(max_examples=25, deadline=None, derandomize=True, database=None)
@given(variants(optional=("unit_share", "unit_style", "numbering")))
def test_score_ceiling_holds_on_generated_plans(variant):
    _assert_ceiling_holds(variant.read().tasks)


@st.composite
def reworded_tasks(draw):
    """Tasks whose texts are a few base texts and edited copies of them (words swapped, dropped, added),
    some quoting a phrase, some sharing lead units and sections: pairs from unrelated to near-copies."""
    from test_checks_plans import task

    vocabulary = st.sampled_from(["推进", "行政", "执法", "监督", "规范", "全年", "培训", "清单", "机制", "公开",
                                  "政务", "复议", "审查", "备案", "听证", "评查", "案卷", "乡镇", "证明事项"])
    units = st.sampled_from([("县司法局",), ("县政务服务中心",), ("县司法局", "县财政局"), ()])
    bases = draw(st.lists(st.lists(vocabulary, min_size=2, max_size=25), min_size=1, max_size=3))
    tasks = []
    for index in range(1, draw(st.integers(2, 7)) + 1):
        words = list(draw(st.sampled_from(bases)))
        for _ in range(draw(st.integers(0, 3))):
            at = draw(st.integers(0, len(words)))
            words[at:at + draw(st.integers(0, 3))] = draw(st.lists(vocabulary, max_size=3))
        body = "".join(words) + ("。开展“" + draw(vocabulary) + "”行动" if draw(st.booleans()) else "")
        title = "".join(words[: draw(st.integers(1, 6))])
        tasks.append(task(index, title, body, section=draw(st.sampled_from("一二")), lead=draw(units)))
    return tuple(tasks)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(reworded_tasks())
def test_score_ceiling_holds_on_reworded_copies(tasks):
    _assert_ceiling_holds(tasks)


def test_duplicates_found_with_the_ceiling_equal_those_without(corpus_plans, monkeypatch):
    from plancheck.checks.rules import duplicate_task

    threshold = duplicate_task.THRESHOLDS["duplicate-similarity"]
    ruled_out = []
    import plancheck.compare.score_ceiling as ceiling  # duplicate_pairs imports it when called

    real = ceiling.score_ceilings

    def counting(*args):
        found = real(*args)
        ruled_out.append(bool((found < threshold).all()))
        return found

    monkeypatch.setattr(ceiling, "score_ceilings", counting)
    with_ceiling = [duplicate_task.duplicate_pairs(plan, threshold) for plan in corpus_plans]
    monkeypatch.setattr(ceiling, "score_ceilings", lambda features, views, rows, cols: np.ones(len(rows)))
    without = [duplicate_task.duplicate_pairs(plan, threshold) for plan in corpus_plans]
    assert with_ceiling == without
    assert any(with_ceiling) and sum(ruled_out) > len(ruled_out) / 2


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


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts threads through Linux's /proc")
def test_a_batch_worker_starts_no_blas_threads():
    """A worker asks OpenBLAS for no thread pool before it loads numpy and scipy, so it runs one thread."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    code = ("import os; from plancheck.batch.review import init_worker; init_worker(); "
            "print(len(os.listdir('/proc/self/task')), os.environ['OPENBLAS_NUM_THREADS'])")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["1", "1"]


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


def _opcodes(matcher, a, b):
    return [tuple(op) for op in matcher(None, a, b, autojunk=False).get_opcodes()]


@settings(max_examples=500, deadline=None)
@given(edited_word_lists())
def test_the_compiled_sequence_matcher_gives_difflibs_opcodes(words):
    import difflib

    import cydifflib

    a, b = words
    assert _opcodes(cydifflib.SequenceMatcher, a, b) == _opcodes(difflib.SequenceMatcher, a, b)


def test_pair_kinds_see_difflibs_opcodes_on_real_pairs(corpus_plans):
    """The kind of a pair reads the changed runs of its content words: on every pair of tasks of each
    corpus locality's two years (aligned or not), the compiled matcher finds difflib's opcodes."""
    import difflib

    import cydifflib

    from plancheck.compare.features import prepare
    from plancheck.compare.kinds import _content_words

    annual = [p for p in corpus_plans if p.tasks and "scheme" not in Path(p.path).name]
    compared = 0
    for baseline, draft in zip(annual[::2], annual[1::2]):
        old, new = prepare(baseline.tasks).words, prepare(draft.tasks).words
        for i, a in enumerate(map(_content_words, old)):
            for b in map(_content_words, new[max(0, i - 2):i + 3]):
                assert _opcodes(cydifflib.SequenceMatcher, a, b) == _opcodes(difflib.SequenceMatcher, a, b)
                compared += 1
    assert compared > 500


def test_score_ceiling_ratios_from_the_plans_codings_are_those_of_the_pairs_own(corpus_plans):
    """The ceiling reads the plan's compact texts and titles and its sorted coded words: each pair's ratios are
    those of its texts and titles as written and of its own two tasks' words coded alone, sorted."""
    from rapidfuzz import fuzz

    from plancheck.compare.features import prepare
    from plancheck.compare.fuzzy import encoded

    checked = 0
    for plan in corpus_plans:
        features = prepare(plan.tasks)
        n = len(plan.tasks)
        for i, j in [(a, b) for a in range(n) for b in range(a + 1, n)][::5]:
            own = encoded([features.words[i], features.words[j]], [], sort=True)[0]
            assert fuzz.ratio(*own) == fuzz.ratio(features.word_codes.sorted_strings[i],
                                                  features.word_codes.sorted_strings[j])
            assert fuzz.ratio(features.texts[i], features.texts[j]) == fuzz.ratio(
                features.compact_texts[i], features.compact_texts[j])
            assert fuzz.ratio(features.titles[i], features.titles[j]) == fuzz.ratio(
                features.compact_titles[i], features.compact_titles[j])
            checked += 1
    assert checked > 1000
