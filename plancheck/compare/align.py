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
from .decisions import Decisions, describe_ref, resolve_task
from .kinds import pair_kind, text_similarity
from .model import AlignedPair, NearMiss
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
    rules = _apply_decisions(baseline, draft, decisions, n, m)
    if n == 0 or m == 0:
        return YearAlignment((), tuple(range(1, n + 1)), tuple(range(1, m + 1)),
                             (tuple(NearMiss(i, None, 0.0) for i in range(1, n + 1)),
                              tuple(NearMiss(j, None, 0.0) for j in range(1, m + 1))), rules.messages)
    score = sim.score.copy()
    score[rules.forbidden] = -1.0

    pairs: dict[tuple[int, int], str] = {}  # (old, new) 0-based -> provisional group tag
    for i, j in rules.forced:
        pairs[(i, j)] = "forced"
    primary = _assign(score, rules, pairs)
    for i, j in primary:
        pairs[(i, j)] = "one"

    old_keys = [section_key(s, t.section_number) for s, t in zip(sim.old.sections, baseline.tasks)]
    new_keys = [section_key(s, t.section_number) for s, t in zip(sim.new.sections, draft.tasks)]
    sections = corresponding_sections(old_keys, new_keys, list(pairs))

    for i, j in _rewritten_pairs(sim, score, pairs, rules, old_keys, new_keys, sections):
        pairs[(i, j)] = "one"
    for i, j in _part_pairs(sim, score, pairs, rules):
        pairs[(i, j)] = "part"

    rows = _rows(sim, pairs, rules, old_keys, new_keys, sections)
    used_old = {r.baseline - 1 for r in rows}
    used_new = {r.draft - 1 for r in rows}
    dropped = tuple(i + 1 for i in range(n) if i not in used_old)
    added = tuple(j + 1 for j in range(m) if j not in used_new)
    near = (
        tuple(_near(i, sim.score[i, :]) for i in (d - 1 for d in dropped)),
        tuple(_near(j, sim.score[:, j]) for j in (a - 1 for a in added)),
    )
    return YearAlignment(tuple(rows), dropped, added, near, rules.messages)


class _Rules(NamedTuple):
    forced: list[tuple[int, int]]
    forbidden: np.ndarray  # bool n x m
    kinds: dict[tuple[int, int], str]
    confirmed: set[tuple[int, int]]
    fixed_old: set[int]  # baseline tasks whose fate a reviewer decided (aligned or dropped)
    fixed_new: set[int]
    messages: tuple[str, ...]


def _apply_decisions(baseline: Plan, draft: Plan, decisions: Decisions | None, n: int, m: int) -> _Rules:
    forced: list[tuple[int, int]] = []
    forbidden = np.zeros((n, m), dtype=bool)
    kinds: dict[tuple[int, int], str] = {}
    confirmed: set[tuple[int, int]] = set()
    fixed_old: set[int] = set()
    fixed_new: set[int] = set()
    messages: list[str] = []
    for d in (decisions.alignment if decisions else ()):
        i = resolve_task(baseline, d.baseline) if d.baseline is not None else None
        j = resolve_task(draft, d.draft) if d.draft is not None else None
        if (d.baseline is not None and i is None) or (d.draft is not None and j is None):
            missing = f"去年计划中的{describe_ref(d.baseline)}" if d.baseline is not None and i is None \
                else f"本年计划中的{describe_ref(d.draft)}"
            messages.append(f"审核决定未能应用:找不到或无法唯一确定{missing}")
            continue
        if i is None and j is None:
            continue
        if j is None:  # baseline task ruled dropped
            if d.action == "reject":
                continue
            forbidden[i - 1, :] = True
            fixed_old.add(i - 1)
            messages.append(f"已按审核决定:去年第{i}项视为删除")
        elif i is None:  # draft task ruled added
            if d.action == "reject":
                continue
            forbidden[:, j - 1] = True
            fixed_new.add(j - 1)
            messages.append(f"已按审核决定:第{j}项视为新增")
        elif d.action == "reject":
            forbidden[i - 1, j - 1] = True
            messages.append(f"已按审核决定:第{j}项不与去年第{i}项对应")
        else:
            forced.append((i - 1, j - 1))
            if d.kind:
                kinds[(i - 1, j - 1)] = d.kind
            if d.action == "confirm":
                confirmed.add((i - 1, j - 1))
                messages.append(f"已按审核决定:确认第{j}项与去年第{i}项对应")
            else:
                messages.append(f"已按审核决定:第{j}项与去年第{i}项强制对应")
    for i, j in forced:
        fixed_old.add(i)
        fixed_new.add(j)
    return _Rules(forced, forbidden, kinds, confirmed, fixed_old, fixed_new, tuple(messages))


def _assign(score: np.ndarray, rules: _Rules, pairs: dict) -> list[tuple[int, int]]:
    """Optimal one-to-one assignment among the tasks no reviewer has ruled on."""
    from scipy.optimize import linear_sum_assignment

    free_old = [i for i in range(score.shape[0]) if i not in rules.fixed_old]
    free_new = [j for j in range(score.shape[1]) if j not in rules.fixed_new]
    if not free_old or not free_new:
        return []
    sub = score[np.ix_(free_old, free_new)]
    # Pairs below the threshold cost as much as leaving both tasks unmatched, so they never win.
    cost = np.where(sub >= ALIGN_MIN, 1.0 - sub, 1.0)
    rows, cols = linear_sum_assignment(cost)
    return [(free_old[r], free_new[c]) for r, c in zip(rows, cols) if sub[r, c] >= ALIGN_MIN]


def _rewritten_pairs(sim, score, pairs, rules, old_keys, new_keys, sections) -> list[tuple[int, int]]:
    """Left-over tasks that are each other's best remaining partner in corresponding sections."""
    used_old = {i for i, _ in pairs} | rules.fixed_old
    used_new = {j for _, j in pairs} | rules.fixed_new
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


def _part_pairs(sim: Similarity, score: np.ndarray, pairs: dict, rules: _Rules) -> list[tuple[int, int]]:
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
        if j in partners_of_new or j in rules.fixed_new:
            continue
        i = int(np.argmax(score[:, j]))
        if i not in partners_of_old or i in rules.fixed_old or score[i, j] < PART_MIN:
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
    # Merge: baseline task i is part of draft task j, which is already aligned to i1.
    for i in range(score.shape[0]):
        if i in partners_of_old or i in rules.fixed_old:
            continue
        j = int(np.argmax(score[i, :]))
        if j not in partners_of_new or j in rules.fixed_new or score[i, j] < PART_MIN:
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
    return found


def _is_copy(part: set[str], others: set[str], mass) -> bool:
    """True when `part` says mostly what its would-be sibling already says (a duplicate, not a part)."""
    total = mass(part)
    return total > 0 and mass(part & others) >= DUPLICATE_CONTAINED * total


def _rows(sim, pairs, rules, old_keys, new_keys, sections) -> list[AlignedPair]:
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
        kind = rules.kinds.get((i, j), kind)
        decision = None
        if (i, j) in rules.forced:
            decision = "confirmed" if (i, j) in rules.confirmed else "forced"
        rows.append(AlignedPair(i + 1, j + 1, kind, round(float(sim.score[i, j]), 4),
                                sim.shared_terms(i, j), decision=decision))
    return rows


def _near(k: int, scores: np.ndarray) -> NearMiss:
    if scores.size == 0:
        return NearMiss(k + 1, None, 0.0)
    best = int(np.argmax(scores))
    return NearMiss(k + 1, best + 1, round(float(scores[best]), 4))
