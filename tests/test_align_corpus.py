"""Alignment on the generated pair corpus (tests/aligncorpus): per-class F1 and distractors never aligned."""
from __future__ import annotations

import pytest
from aligncorpus.generate import KINDS, generate_corpus, generate_pair
from aligncorpus.score import format_score, score_corpus

from plancheck.compare.align import align_years

COUNT = 40
SEED = 2025
MIN_F1 = 0.95


@pytest.fixture(scope="module")
def corpus():
    return generate_corpus(COUNT, SEED)


@pytest.fixture(scope="module")
def score(corpus):
    return score_corpus(corpus)


@pytest.mark.parametrize("name", KINDS + ("dropped", "near-miss"))
def test_class_f1(score, name):
    assert score.tallies[name].f1 >= MIN_F1, format_score(score)


def test_no_distractor_is_aligned(score):
    assert score.aligned_distractors == []


def test_corpus_has_every_class(corpus):
    kinds = {kind for pair in corpus for kind in pair.truth.pairs.values()}
    assert kinds == set(KINDS)
    assert sum(len(p.truth.distractors) for p in corpus) >= 40


def test_truth_accounts_for_every_task(corpus):
    for pair in corpus:
        truth = pair.truth
        assert {i for i, _ in truth.pairs} | truth.dropped == set(range(1, len(pair.baseline.tasks) + 1))
        assert {j for _, j in truth.pairs} | truth.added == set(range(1, len(pair.draft.tasks) + 1))
        assert {i for i, _ in truth.distractors} <= truth.dropped
        assert {j for _, j in truth.distractors} <= truth.added


def test_same_seed_same_pair():
    a, b = generate_pair(77), generate_pair(77)
    assert a.draft == b.draft and a.truth == b.truth


def test_distractor_is_a_near_miss_with_evidence(corpus):
    pair = next(p for p in corpus if p.truth.distractors)
    old, new = min(pair.truth.distractors)
    result = align_years(pair.baseline, pair.draft)
    near = next(n for n in result.near_misses[0] if n.task == old)
    assert near.candidate == new and near.review
    assert near.confidence < 0.5
    assert any(line.startswith("文字相似度") for line in near.evidence)
