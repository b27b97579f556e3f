"""Links from the tasks of an annual plan to the items of the multi-year implementation scheme.

Many-to-many and asymmetric: an annual task usually implements one item, often part of it, and
sometimes two or three (a 重大行政决策 task that also commits to 决策后评估). A task links to its best
item when that is good enough, and to further items that score close to the best, that score high in
absolute terms, or that one of the task's sentences matches on its own. Then, seen from the scheme's
side, an item no task has claimed goes to the best-scoring task one of whose sentences matches it and
that shares distinctive terms with it: a small item is often implemented by one sentence of a task
about something broader, and leaving it unlinked would report a gap that is not there.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from itertools import accumulate

import numpy as np

from ..plans.model import Plan
from .decisions import Decisions, describe_ref, resolve_task
from .features import TaskFeatures
from .model import SchemeLink
from .shared_terms import shared_terms_of
from .similarity import Similarity, compare_tasks, sentence_evidence

# The best item must score at least this, with some shared distinctive terms.
LINK_MIN = 0.2
LINK_MIN_TFIDF = 0.08
# Further items: high on their own, close to the best, or matched by one sentence of the task.
LINK_HIGH = 0.42
LINK_CLOSE = 0.6
LINK_CLOSE_MIN = 0.3
LINK_SENTENCE = 0.38
# An item no task claimed: the best task with at least this sentence match and term cosine, sharing
# a specific term (a compound of at least SPECIFIC_TERM characters, such as 政务诚信 or 合法性审查, not
# generic words like 考核 or 纳入).
ITEM_SENTENCE = 0.2
ITEM_TFIDF = 0.1
ITEM_MIN = 0.1
SPECIFIC_TERM = 4
# A link inherited from last year's counterpart needs only this much evidence in the task itself.
INHERIT_MIN = 0.15


def link_to_scheme(plan: Plan, scheme: Plan) -> tuple[SchemeLink, ...]:
    """The scheme items each task of `plan` implements, best first within a task."""
    links, _ = link_with_decisions(plan, scheme, None, "draft")
    return links


def link_with_decisions(plan: Plan, scheme: Plan, decisions: Decisions | None, role: str,
                        carried: Iterable[tuple[int, int]] = ()) -> tuple[tuple[SchemeLink, ...], tuple[str, ...]]:
    """As `link_to_scheme`, honouring the reviewer's link decisions for the plan in `role`.

    `carried` holds 1-based (task, item) links that the task's counterpart in last year's plan had:
    a commitment carried forward keeps implementing its item wherever the task still speaks of it
    (scores at least INHERIT_MIN), even in new wording that alone would not reach the link thresholds.
    """
    if not plan.tasks or not scheme.tasks:
        return (), ()
    sim = compare_tasks(plan.tasks, scheme.tasks)
    chosen = select_links(sim)
    chosen |= {(i - 1, k - 1) for i, k in carried if sim.score[i - 1, k - 1] >= INHERIT_MIN}
    forced: dict[tuple[int, int], str] = {}
    messages: list[str] = []
    for d in (decisions.scheme_links if decisions else ()):
        if d.plan != role:
            continue
        i, k = resolve_task(plan, d.task), resolve_task(scheme, d.item)
        if i is None or k is None:
            what = f"任务{describe_ref(d.task)}" if i is None else f"实施方案条目{describe_ref(d.item)}"
            messages.append(f"审核决定未能应用:找不到或无法唯一确定{what}")
            continue
        prefix = "去年计划" if role == "baseline" else ""
        if d.action == "reject":
            chosen.discard((i - 1, k - 1))
            forced.pop((i - 1, k - 1), None)
            messages.append(f"已按审核决定:{prefix}第{i}项不与实施方案第{k}项关联")
        else:
            chosen.add((i - 1, k - 1))
            forced[(i - 1, k - 1)] = "confirmed" if d.action == "confirm" else "forced"
            verb = "确认" if d.action == "confirm" else "强制"
            messages.append(f"已按审核决定:{verb}{prefix}第{i}项与实施方案第{k}项关联")
    # Each chosen pair's score read from the matrix once, as Python floats (the float32 values, exactly).
    pairs = sorted(chosen)
    scored = dict(zip(pairs, sim.score[tuple(np.array(pairs, dtype=np.int64).reshape(-1, 2).T)].tolist()))
    ordered = sorted(scored, key=lambda p: (p[0], -scored[p], p[1]))
    links = tuple(
        SchemeLink(i + 1, k + 1, round(scored[i, k], 4), terms, decision=forced.get((i, k)))
        for (i, k), terms in zip(ordered, shared_terms_of(sim, ordered))
    )
    return links, tuple(messages)


def _share_specific_term(shared: Iterable[str]) -> bool:
    """Whether a task and an item, sharing the terms `shared`, have one of at least SPECIFIC_TERM characters in
    common."""
    return any(len(t) >= SPECIFIC_TERM for t in shared)


def select_links(sim: Similarity) -> set[tuple[int, int]]:
    """0-based (task, item) pairs chosen by the thresholds above."""
    score = sim.score
    if score.size == 0:
        return set()
    sentence = sentence_evidence(sim)
    best_item = np.argmax(score, axis=1)
    best = score[np.arange(score.shape[0]), best_item]
    has_best = (best >= LINK_MIN) & (sim.tfidf[np.arange(score.shape[0]), best_item] >= LINK_MIN_TFIDF)
    further = (
        (score >= LINK_HIGH)
        | ((score >= LINK_CLOSE * best[:, None]) & (score >= LINK_CLOSE_MIN))
        | (sentence >= LINK_SENTENCE)
    )
    # Further items only for a task that links at all, and never on generic wording alone.
    further &= has_best[:, None] & (sim.tfidf >= LINK_MIN_TFIDF)
    further[np.flatnonzero(has_best), best_item[has_best]] = True
    # Items nobody claimed: the best task whose sentence matches the item, if any.
    unclaimed = ~further.any(axis=0)
    eligible = (sentence >= ITEM_SENTENCE) & (sim.tfidf >= ITEM_TFIDF) & unclaimed[None, :]
    # Shared specific terms matter only where the rest holds: a few pairs, judged one by one.
    rows, cols = np.nonzero(eligible)
    old_sets, new_sets = sim.old.term_sets, sim.new.term_sets
    eligible[rows, cols] = [_share_specific_term(old_sets[i] & new_sets[k])
                            for i, k in zip(rows.tolist(), cols.tolist())]
    candidate = np.where(eligible, score, -1.0)
    best_task = np.argmax(candidate, axis=0)
    claimed = np.flatnonzero(candidate[best_task, np.arange(score.shape[1])] >= ITEM_MIN)
    further[best_task[claimed], claimed] = True
    further |= title_quoted(sim.old, sim.new)
    rows, cols = np.nonzero(further)
    return set(zip(rows.tolist(), cols.tolist()))


TITLE_QUOTE_MIN = 6


def title_quoted(tasks: TaskFeatures, items: TaskFeatures) -> np.ndarray:
    """[i, k]: task i writes out item k's whole title (`健全领导干部学法用法机制`), the plainest evidence that
    it implements that item even when the rest of its text is about something broader."""
    texts = [_compact(f"{title}{text}") for title, text in zip(tasks.titles, tasks.texts)]
    quoted = np.zeros((len(texts), len(items.titles)), dtype=bool)
    # One search per title through all the texts, joined by a character no compact text or title has.
    joined = "\0".join(texts)
    ends = list(accumulate(len(text) + 1 for text in texts))  # each text's end, its separator included
    for k, item_title in enumerate(items.titles):
        title = _compact(item_title)
        if len(title) < TITLE_QUOTE_MIN:
            continue
        at = joined.find(title)
        while at >= 0:
            i = bisect_right(ends, at)
            quoted[i, k] = True
            at = joined.find(title, ends[i])
    return quoted


# A regex word character is exactly `str.isalnum` or the underscore.
_NOT_ALNUM = re.compile(r"[\W_]+")


def _compact(text: str) -> str:
    """The letters and digits of `text`, exactly the characters `str.isalnum` accepts."""
    return _NOT_ALNUM.sub("", text)
