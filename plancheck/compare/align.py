"""Year-over-year alignment: which task of last year's plan became which task of the draft.

Passes, in order:

1. reviewer decisions: forced pairs are fixed, rejected pairs are forbidden;
2. a globally optimal one-to-one assignment (Hungarian method on 1 - confidence), kept from
   `ALIGN_CONFIDENCE` on (ranked by log-odds); the confidence is the calibrated model of `confidence`;
3. rewritten tasks: a task left over on both sides, in corresponding sections, each the other's best
   remaining partner, with a fair confidence or the same lead units and subjects in common;
4. splits and merges: a left-over task whose distinctive terms are mostly contained in a task that is
   already aligned, and that covers a part of it the existing partner does not (so a duplicate copy
   is never taken for a split);
5. everything still left over is dropped (baseline) or added (draft), with its near miss (`nearmiss`).
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import NamedTuple

import numpy as np

from ..plans.model import Plan
from .confidence import pair_log_odds, probability
from .decisions import Decisions
from .genre import specific_terms
from .kinds import pair_kind, wording_similarities
from .model import AlignedPair, NearMiss
from .nearmiss import near_misses
from .overrides import AlignmentOverrides, alignment_overrides
from .sections import corresponding_sections, section_key
from .shared_terms import shared_terms_of
from .similarity import Similarity, compare_tasks

# A pair is aligned when it is more likely one commitment than two. On the generated corpus near-miss
# distractors stay below 0.37 and 0.4% of true pairs fall under 0.5.
ALIGN_CONFIDENCE = 0.5
ALIGN_LOG_ODDS = float(np.log(ALIGN_CONFIDENCE / (1 - ALIGN_CONFIDENCE)))
# Rewritten pass: a lower confidence is enough when context agrees (above every distractor's), or none
# when the two keep their lead units and name the same subjects (REWRITTEN_SUBJECTS compound terms).
REWRITTEN_CONFIDENCE = 0.4
REWRITTEN_MARGIN = 0.05
REWRITTEN_SUBJECTS = 2
# Split / merge pass, decided on coverage: the part lies mostly inside the whole (PART_CONTAINED of its
# term weight) and adds PART_GAIN of the whole's commitments to what its siblings cover. A split-off
# closing clause covers as little as 6% (generated corpus: 0.05 finds every split, 0.03 adds nothing);
# the pairwise similarity only has to clear PART_MIN (0.0 and 0.3 measure the same there).
PART_MIN = 0.2
PART_CONTAINED = 0.35
PART_GAIN = 0.05
DUPLICATE_CONTAINED = 0.6


class YearAlignment(NamedTuple):
    """What `align_years` returns; task numbers are 1-based indexes."""

    alignment: tuple[AlignedPair, ...]
    dropped: tuple[int, ...]
    added: tuple[int, ...]
    near_misses: tuple[tuple[NearMiss, ...], tuple[NearMiss, ...]]  # (dropped, added)
    decisions_applied: tuple[str, ...] = ()


def align_years(baseline: Plan, draft: Plan, decisions: Decisions | None = None) -> YearAlignment:
    """Align last year's plan with the draft: rows, dropped, added, near misses (and decisions applied)."""
    sim = compare_tasks(baseline.tasks, draft.tasks, genre=True)
    return align_similarity(baseline, draft, sim, decisions)


def align_similarity(baseline: Plan, draft: Plan, sim: Similarity,
                     decisions: Decisions | None = None) -> YearAlignment:
    """As `align_years`, from a precomputed similarity."""
    n, m = sim.score.shape
    rules = alignment_overrides(baseline, draft, decisions)
    if n == 0 or m == 0:
        return YearAlignment((), tuple(range(1, n + 1)), tuple(range(1, m + 1)),
                             (tuple(NearMiss(i, None, 0.0) for i in range(1, n + 1)),
                              tuple(NearMiss(j, None, 0.0) for j in range(1, m + 1))), tuple(rules.messages))
    log_odds = pair_log_odds(sim)
    score = probability(log_odds)
    score[rules.forbidden] = -1.0
    log_odds[rules.forbidden] = -np.inf

    pairs: set[tuple[int, int]] = set(rules.forced)  # (old, new), 0-based
    pairs.update(_assign(log_odds, rules.fixed_old, rules.fixed_new))

    old_keys = [section_key(s, t.section_number) for s, t in zip(sim.old.sections, baseline.tasks)]
    new_keys = [section_key(s, t.section_number) for s, t in zip(sim.new.sections, draft.tasks)]
    sections = corresponding_sections(old_keys, new_keys, sorted(pairs))

    used_old = rules.fixed_old | {i for i, _ in pairs}
    used_new = rules.fixed_new | {j for _, j in pairs}
    pairs.update(_rewritten_pairs(sim, score, used_old, used_new, old_keys, new_keys, sections))
    # Parts are judged on the graded similarity and on coverage, which their thresholds were set on.
    pairs.update(_part_pairs(sim, np.where(score < 0, -1.0, sim.score), pairs, rules.dropped, rules.added))

    rows = _rows(sim, score, pairs, rules, old_keys, new_keys, sections)
    used_old = {r.baseline - 1 for r in rows}
    used_new = {r.draft - 1 for r in rows}
    dropped = tuple(i + 1 for i in range(n) if i not in used_old)
    added = tuple(j + 1 for j in range(m) if j not in used_new)
    near = near_misses(sim, score, [d - 1 for d in dropped], [a - 1 for a in added])
    return YearAlignment(tuple(rows), dropped, added, near, tuple(rules.messages))


def _assign(log_odds: np.ndarray, fixed_old: set[int], fixed_new: set[int]) -> list[tuple[int, int]]:
    """Optimal one-to-one assignment among the tasks no reviewer has ruled on: the pairs at better than
    even odds whose log-odds sum highest (ranked by log-odds, which never saturate as probabilities do),
    solved group by group so that huge plans stay bounded (see `assignment.best_pairs`)."""
    from .assignment import best_pairs

    free_old = [i for i in range(log_odds.shape[0]) if i not in fixed_old]
    free_new = [j for j in range(log_odds.shape[1]) if j not in fixed_new]
    if not free_old or not free_new:
        return []
    sub = log_odds[np.ix_(free_old, free_new)]
    return [(free_old[r], free_new[c]) for r, c in best_pairs(sub, ALIGN_LOG_ODDS)]


def _rewritten_pairs(sim: Similarity, score: np.ndarray, used_old: set[int], used_new: set[int],
                     old_keys: list[str], new_keys: list[str], sections: frozenset[tuple[str, str]],
                     ) -> list[tuple[int, int]]:
    """Left-over tasks that are each other's best remaining partner in corresponding sections."""
    free_old = [i for i in range(score.shape[0]) if i not in used_old]
    free_new = [j for j in range(score.shape[1]) if j not in used_new]
    if not free_old or not free_new:
        return []
    # Partners are ranked by the graded similarity: far below the threshold confidences are all near 0.
    graded = np.where(score < 0, -1.0, sim.score)
    sub = graded[np.ix_(free_old, free_new)]
    found = []
    for r, i in enumerate(free_old):
        c = int(np.argmax(sub[r]))
        j = free_new[c]
        if int(np.argmax(sub[:, c])) != r or (old_keys[i], new_keys[j]) not in sections:
            continue
        runner_up = max(np.partition(sub[r], -2)[-2] if len(free_new) > 1 else 0.0,
                        np.partition(sub[:, c], -2)[-2] if len(free_old) > 1 else 0.0)
        confident = score[i, j] >= REWRITTEN_CONFIDENCE and sub[r, c] - runner_up >= REWRITTEN_MARGIN
        same_units = bool(sim.old.units[i]) and sim.old.units[i] == sim.new.units[j]
        subjects = specific_terms(sim.old.term_sets[i]) & specific_terms(sim.new.term_sets[j])
        if confident or (same_units and len(subjects) >= REWRITTEN_SUBJECTS):
            found.append((i, j))
    return found


def _part_pairs(sim: Similarity, score: np.ndarray, pairs: set[tuple[int, int]], ruled_dropped: set[int],
                ruled_added: set[int]) -> list[tuple[int, int]]:
    """Splits (a left-over draft task inside an aligned baseline task) and merges (the reverse)."""
    found: list[tuple[int, int]] = []
    partners_of_old: dict[int, list[int]] = defaultdict(list)
    partners_of_new: dict[int, list[int]] = defaultdict(list)
    for i, j in pairs:
        partners_of_old[i].append(j)
        partners_of_new[j].append(i)
    idf = sim.terms.idf_of
    # Each task's terms as a set, made once per plan (`TaskFeatures.term_sets`).
    old_sets, new_sets = sim.old.term_sets, sim.new.term_sets

    def mass(terms: set[str]) -> float:
        return float(sum(idf[t] for t in terms))

    # Split: draft task j is part of baseline task i, which is already aligned to j1.
    for j in range(score.shape[1]):
        if j in partners_of_new or j in ruled_added:
            continue
        i = int(np.argmax(score[:, j]))
        if i not in partners_of_old or score[i, j] < PART_MIN:
            continue
        if sim.contained_new[i, j] < PART_CONTAINED:
            continue
        whole = old_sets[i]
        part = new_sets[j]
        others = set().union(*(new_sets[k] for k in partners_of_old[i]))
        if _is_copy(part, others, mass) or mass((whole & part) - others) < PART_GAIN * mass(whole):
            continue
        found.append((i, j))
        partners_of_old[i].append(j)
        partners_of_new[j].append(i)
    # Merge: baseline task i is part of draft task j, which is already aligned to i1.
    for i in range(score.shape[0]):
        if i in partners_of_old or i in ruled_dropped:
            continue
        j = int(np.argmax(score[i, :]))
        if j not in partners_of_new or len(partners_of_old[partners_of_new[j][0]]) > 1 or score[i, j] < PART_MIN:
            continue
        if sim.contained_old[i, j] < PART_CONTAINED:
            continue
        whole = new_sets[j]
        part = old_sets[i]
        others = set().union(*(old_sets[k] for k in partners_of_new[j]))
        if _is_copy(part, others, mass) or mass((whole & part) - others) < PART_GAIN * mass(whole):
            continue
        found.append((i, j))
        partners_of_new[j].append(i)
        partners_of_old[i].append(j)
    return found


def _is_copy(part: set[str], others: set[str], mass) -> bool:
    """True when `part` says mostly what its would-be sibling already says (a duplicate, not a part)."""
    total = mass(part)
    return total > 0 and mass(part & others) >= DUPLICATE_CONTAINED * total


def _rows(sim: Similarity, confidence: np.ndarray, pairs: set[tuple[int, int]], rules: AlignmentOverrides,
          old_keys: list[str], new_keys: list[str], sections: frozenset[tuple[str, str]]) -> list[AlignedPair]:
    per_old = Counter(i for i, _ in pairs)
    per_new = Counter(j for _, j in pairs)
    rows = []
    ordered = sorted(pairs)
    # The wording ratios of the one-to-one pairs, scored together (`kinds.wording_similarities`).
    single = [(i, j) for i, j in ordered if per_old[i] == 1 and per_new[j] == 1]
    wording = dict(zip(single, wording_similarities(sim.old.compact_texts, sim.new.compact_texts, single)))
    for (i, j), terms in zip(ordered, shared_terms_of(sim, ordered)):
        if per_old[i] > 1:
            kind = "split"
        elif per_new[j] > 1:
            kind = "merged"
        else:
            same_section = (old_keys[i], new_keys[j]) in sections
            kind = pair_kind(sim.old.words[i], sim.new.words[j], wording[i, j], same_section)
        rows.append(AlignedPair(i + 1, j + 1, rules.kinds.get((i, j), kind), round(float(sim.score[i, j]), 4),
                                terms, decision=rules.forced.get((i, j)),
                                confidence=round(float(confidence[i, j]), 4)))
    return rows
