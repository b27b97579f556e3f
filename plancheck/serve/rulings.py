"""Stored reviewer decisions -> the `Decisions` that `compare.analyse` honours.

A decision made on one run is remembered with each task's index, printed number and title, so it
still finds its tasks in the next upload of the same locality, where the numbering may have moved.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..compare.decisions import AlignmentDecision, Decisions, LinkDecision
from ..plans.model import Plan
from .store import Decision, TaskKey

_UNRESOLVED = object()


def task_ref(key: TaskKey, plan: Plan, same_run: bool) -> object:
    """The reference to pass to compare/: an index where it is certain, else the printed number."""
    if key.index is None and key.number is None and key.title is None:
        return None  # "no partner": force a task to count as dropped or added
    if same_run and key.index is not None and 1 <= key.index <= len(plan.tasks):
        return key.index
    if key.title:
        hits = [t.index for t in plan.tasks if t.title == key.title]
        if len(hits) == 1:
            return hits[0]
    if key.number:
        return key.number  # compare/ resolves it, and reports it when it fits no task
    return _UNRESOLVED


def to_decisions(stored: Sequence[Decision], run_id: int | None, plans: dict[str, Plan | None]) -> Decisions:
    """The rulings that apply to a run's plans (`draft`, `baseline`, `scheme`)."""
    alignment: list[AlignmentDecision] = []
    links: list[LinkDecision] = []
    for d in stored:
        same = d.run_id == run_id
        if d.target == "alignment":
            baseline, draft = plans.get("baseline"), plans.get("draft")
            if baseline is None or draft is None:
                continue
            left, right = task_ref(d.left, baseline, same), task_ref(d.right, draft, same)
            if _UNRESOLVED not in (left, right) and (left, right) != (None, None):
                alignment.append(AlignmentDecision(left, right, d.action, d.kind))  # type: ignore[arg-type]
        else:
            plan, scheme = plans.get(d.plan), plans.get("scheme")
            if plan is None or scheme is None:
                continue
            left, right = task_ref(d.left, plan, same), task_ref(d.right, scheme, same)
            if _UNRESOLVED not in (left, right) and None not in (left, right):
                links.append(LinkDecision(d.plan, left, right, d.action))  # type: ignore[arg-type]
    return Decisions(tuple(alignment), tuple(links), None)
