"""Year-over-year alignment: which task of last year's plan became which task of the draft.

Passes, in order:

1. reviewer decisions: forced pairs are fixed, rejected pairs are forbidden;
2. a globally optimal one-to-one assignment (Hungarian method on 1 - score), kept above `ALIGN_MIN`;
3. rewritten tasks: a task left over on both sides, in corresponding sections, each the other's best
   remaining partner, with some shared distinctive terms or the same lead units;
4. splits and merges: a left-over task whose distinctive terms are mostly contained in a task that is
   already aligned, and that covers a part of it the existing partner does not (so a duplicate copy
   is never taken for a split);
5. everything still left over is dropped (baseline) or added (draft), with its nearest candidate.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import NamedTuple

import numpy as np

from ..plans.model import Plan
from .decisions import Decisions
from .kinds import pair_kind, text_similarity
from .model import AlignedPair, NearMiss
from .overrides import AlignmentOverrides, alignment_overrides
from .sections import corresponding_sections, section_key
from .similarity import Similarity, compare_tasks

ALIGN_MIN = 0.38
# Rewritten pass: weaker text evidence is enough when context agrees.
REWRITTEN_MIN = 0.2
REWRITTEN_TFIDF = 0.25
REWRITTEN_MARGIN = 0.05
# Split / merge pass.
PART_MIN = 0.3
PART_CONTAINED = 0.35
PART_GAIN = 0.1
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
    sim = compare_tasks(baseline.tasks, draft.tasks)
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
    score = sim.score.copy()
    score[rules.forbidden] = -1.0

    pairs: set[tuple[int, int]] = set(rules.forced)  # (old, new), 0-based
    pairs.update(_assign(score, rules.fixed_old, rules.fixed_new))

    old_keys = [section_key(s, t.section_number) for s, t in zip(sim.old.sections, baseline.tasks)]
    new_keys = [section_key(s, t.section_number) for s, t in zip(sim.new.sections, draft.tasks)]
    sections = corresponding_sections(old_keys, new_keys, sorted(pairs))

    used_old = rules.fixed_old | {i for i, _ in pairs}
    used_new = rules.fixed_new | {j for _, j in pairs}
    pairs.update(_rewritten_pairs(sim, score, used_old, used_new, old_keys, new_keys, sections))
    pairs.update(_part_pairs(sim, score, pairs, rules.dropped, rules.added))

    rows = _rows(sim, pairs, rules, old_keys, new_keys, sections)
    used_old = {r.baseline - 1 for r in rows}
    used_new = {r.draft - 1 for r in rows}
    dropped = tuple(i + 1 for i in range(n) if i not in used_old)
    added = tuple(j + 1 for j in range(m) if j not in used_new)
    near = (
        tuple(_near(i, sim.score[i, :]) for i in (d - 1 for d in dropped)),
        tuple(_near(j, sim.score[:, j]) for j in (a - 1 for a in added)),
    )
    return YearAlignment(tuple(rows), dropped, added, near, tuple(rules.messages))


def _assign(score: np.ndarray, fixed_old: set[int], fixed_new: set[int]) -> list[tuple[int, int]]:
    """Optimal one-to-one assignment among the tasks no reviewer has ruled on."""
    from .assignment import best_pairs

    free_old = [i for i in range(score.shape[0]) if i not in fixed_old]
    free_new = [j for j in range(score.shape[1]) if j not in fixed_new]
    if not free_old or not free_new:
        return []
    sub = score[np.ix_(free_old, free_new)]
    return [(free_old[r], free_new[c]) for r, c in best_pairs(sub, ALIGN_MIN)]


def _rewritten_pairs(sim: Similarity, score: np.ndarray, used_old: set[int], used_new: set[int],
                     old_keys: list[str], new_keys: list[str], sections: frozenset[tuple[str, str]],
                     ) -> list[tuple[int, int]]:
    """Left-over tasks that are each other's best remaining partner in corresponding sections."""
    free_old = [i for i in range(score.shape[0]) if i not in used_old]
    free_new = [j for j in range(score.shape[1]) if j not in used_new]
    if not free_old or not free_new:
        return []
    sub = score[np.ix_(free_old, free_new)]
    found = []
    for r, i in enumerate(free_old):
        c = int(np.argmax(sub[r]))
        j = free_new[c]
        if int(np.argmax(sub[:, c])) != r or sub[r, c] < REWRITTEN_MIN:
            continue
        runner_up = max(np.partition(sub[r], -2)[-2] if len(free_new) > 1 else 0.0,
                        np.partition(sub[:, c], -2)[-2] if len(free_old) > 1 else 0.0)
        same_units = bool(sim.old.units[i]) and sim.old.units[i] == sim.new.units[j]
        if ((old_keys[i], new_keys[j]) in sections and sub[r, c] - runner_up >= REWRITTEN_MARGIN
                and (same_units or sim.tfidf[i, j] >= REWRITTEN_TFIDF)):
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
    idf = sim.terms.idf
    index = sim.terms.index

    def mass(terms: set[str]) -> float:
        return float(sum(idf[index[t]] for t in terms))

    # Split: draft task j is part of baseline task i, which is already aligned to j1.
    for j in range(score.shape[1]):
        if j in partners_of_new or j in ruled_added:
            continue
        i = int(np.argmax(score[:, j]))
        if i not in partners_of_old or score[i, j] < PART_MIN:
            continue
        if sim.contained_new[i, j] < PART_CONTAINED:
            continue
        whole = set(sim.old.terms[i])
        part = set(sim.new.terms[j])
        others = set().union(*(set(sim.new.terms[k]) for k in partners_of_old[i]))
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
        whole = set(sim.new.terms[j])
        part = set(sim.old.terms[i])
        others = set().union(*(set(sim.old.terms[k]) for k in partners_of_new[j]))
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


def _rows(sim: Similarity, pairs: set[tuple[int, int]], rules: AlignmentOverrides, old_keys: list[str],
          new_keys: list[str], sections: frozenset[tuple[str, str]]) -> list[AlignedPair]:
    per_old = Counter(i for i, _ in pairs)
    per_new = Counter(j for _, j in pairs)
    rows = []
    for (i, j) in sorted(pairs):
        if per_old[i] > 1:
            kind = "split"
        elif per_new[j] > 1:
            kind = "merged"
        else:
            same_section = (old_keys[i], new_keys[j]) in sections
            similarity = text_similarity(sim.text[i, j], sim.token_sort[i, j])
            kind = pair_kind(sim.old.words[i], sim.new.words[j], similarity, same_section)
        rows.append(AlignedPair(i + 1, j + 1, rules.kinds.get((i, j), kind), round(float(sim.score[i, j]), 4),
                                sim.shared_terms(i, j), decision=rules.forced.get((i, j))))
    return rows


def _near(k: int, scores: np.ndarray) -> NearMiss:
    if scores.size == 0:
        return NearMiss(k + 1, None, 0.0)
    best = int(np.argmax(scores))
    return NearMiss(k + 1, best + 1, round(float(scores[best]), 4))
