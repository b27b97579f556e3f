"""Alignment rows and near misses scored for all their pairs at once give what each pair alone gives.

The comparisons are those of each benchmark corpus locality's two years and of the bundled example plans
(`corpus_plans`); every task is asked for, not only the few the aligner leaves over.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest


@pytest.fixture(scope="module")
def year_comparisons(corpus_plans):
    """(similarity, confidence) of each pair of years, compared as the aligner compares them."""
    from plancheck.compare.confidence import pair_log_odds, probability
    from plancheck.compare.similarity import compare_tasks

    annual = [p for p in corpus_plans if p.tasks and "scheme" not in Path(p.path).name]
    out = []
    for baseline, draft in zip(annual[::2], annual[1::2]):
        sim = compare_tasks(baseline.tasks, draft.tasks, genre=True)
        confidence = probability(pair_log_odds(sim))
        # A reviewer's rejection marks a pair -1, as align_similarity does.
        confidence[0, 0] = -1.0
        out.append((sim, confidence))
    return out


def _one_near_miss(sim, confidence, old, new):
    """The near miss of one old (or new) task, its row (column) read on its own."""
    from plancheck.compare.model import NearMiss
    from plancheck.compare.nearmiss import NEAR_CONFIDENCE, NEAR_WORDING

    def along(matrix):
        return matrix[old, :] if old is not None else matrix[:, new]

    task = (old if old is not None else new) + 1
    score, sure, wording = along(sim.score), along(confidence), along(sim.text)
    if score.size == 0:
        return NearMiss(task, None, 0.0)
    if sure.max() >= NEAR_CONFIDENCE:
        best = int(np.argmax(sure))
    elif wording.max() >= NEAR_WORDING:
        best = int(np.argmax(wording))
    else:
        best = int(np.argmax(score))
    level = max(float(sure[best]), 0.0)
    review = level >= NEAR_CONFIDENCE or float(wording[best]) >= NEAR_WORDING
    return NearMiss(task, best + 1, round(float(score[best]), 4), confidence=round(level, 4), review=review)


def test_near_miss_candidates_chosen_together_are_each_tasks_own(year_comparisons):
    from plancheck.compare.nearmiss import _candidates

    reviewed = chosen = 0
    for sim, confidence in year_comparisons:
        n, m = sim.score.shape
        # The matrices in float32 and float64 alike: the review thresholds fall between float32 neighbours.
        for sure in (confidence, confidence.astype(np.float32)):
            dropped = _candidates(sim, sure, list(range(n)), old=True)
            added = _candidates(sim, sure, list(range(m)), old=False)
            assert dropped == [_one_near_miss(sim, sure, i, None) for i in range(n)]
            assert added == [_one_near_miss(sim, sure, None, j) for j in range(m)]
            reviewed += sum(miss.review for miss in dropped + added)
            chosen += len(dropped) + len(added)
        assert _candidates(sim, confidence, [], old=True) == []
    assert chosen > 500 and 0 < reviewed < chosen


def test_near_miss_of_a_plan_against_no_tasks_has_no_candidate(year_comparisons):
    from plancheck.compare.nearmiss import _candidates

    sim, confidence = year_comparisons[0]
    narrowed = dataclasses.replace(sim, score=sim.score[:, :0], text=sim.text[:, :0])
    sure = confidence[:, :0]
    found = _candidates(narrowed, sure, [0, 2], old=True)
    assert found == [_one_near_miss(narrowed, sure, i, None) for i in (0, 2)]
    assert all(miss.candidate is None for miss in found)


def test_wording_ratios_scored_together_are_each_pairs_ratio(year_comparisons):
    """Every pair's wording ratio from one call on the compact texts is the ratio of its texts as written."""
    from plancheck.compare.kinds import wording_similarities, wording_similarity

    compared = 0
    for sim, _ in year_comparisons:
        n, m = sim.score.shape
        pairs = [(i, j) for i in range(n) for j in range(max(0, i - 3), min(m, i + 4))]
        together = wording_similarities(sim.old.compact_texts, sim.new.compact_texts, pairs)
        assert together == [wording_similarity(sim.old.texts[i], sim.new.texts[j]) for i, j in pairs]
        compared += len(pairs)
    assert compared > 500
    assert wording_similarities(("甲",), ("乙",), []) == []
