"""Reviewer decisions that override the automatic alignment and scheme links.

The file is `plancheck-decisions.json`, beside the draft plan (JSON, so it needs nothing beyond the
standard library and any editor can write it)::

    {
      "alignment": [
        {"baseline": 5, "draft": 3, "decision": "force", "kind": "rewritten"},
        {"baseline": 4, "draft": 6, "decision": "reject"},
        {"baseline": "(二)", "draft": "二(二)", "decision": "confirm"},
        {"baseline": 10, "draft": null, "decision": "force"}
      ],
      "scheme_links": [
        {"plan": "draft", "task": 6, "item": 15, "decision": "force"},
        {"plan": "draft", "task": 6, "item": 17, "decision": "reject"}
      ]
    }

* A task is referred to by its 1-based index in document order (a number: `5`), by its printed number
  (a string: `"11"`, `"(五)"`), or by section and printed number (`"四(二)"`, `"四、(二)"`) where the
  numbering restarts in every section. A reference that fits no task, or several, is not applied, and
  the analysis says so.
* `force` and `confirm` make the pair aligned (or linked) whatever the scores say; `reject` forbids it.
  `"draft": null` forces a baseline task to count as dropped, `"baseline": null` a draft task as added.
  An optional `kind` sets the alignment kind of a forced pair.
* `plan` of a scheme-link decision is `draft` (default) or `baseline`.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass

from ..errors import DecisionsError
from ..plans.model import Plan

DECISIONS_FILE = "plancheck-decisions.json"
ACTIONS = ("force", "confirm", "reject")

TaskRef = int | str | None


@dataclass(frozen=True)
class AlignmentDecision:
    """A reviewer's ruling on one (baseline task, draft task) pair."""

    baseline: TaskRef
    draft: TaskRef
    action: str
    kind: str | None = None


@dataclass(frozen=True)
class LinkDecision:
    """A reviewer's ruling on one (plan task, scheme item) link."""

    plan: str
    task: TaskRef
    item: TaskRef
    action: str


@dataclass(frozen=True)
class Decisions:
    """All rulings of a decisions file; `path` is where they came from (None when built in code)."""

    alignment: tuple[AlignmentDecision, ...] = ()
    scheme_links: tuple[LinkDecision, ...] = ()
    path: str | None = None


def load_decisions(path: str | os.PathLike[str]) -> Decisions | None:
    """Read a decisions file; given a folder, read the `DECISIONS_FILE` in it, or return None if absent."""
    if os.path.isdir(path):
        path = os.path.join(path, DECISIONS_FILE)
        if not os.path.isfile(path):
            return None
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        raise DecisionsError(path, f"审核决定文件无法读取({e})") from e
    return parse_decisions(data, str(path))


def parse_decisions(data: object, path: str | None = None) -> Decisions:
    """Validate the decoded JSON of a decisions file."""
    where = path or DECISIONS_FILE
    if not isinstance(data, dict):
        raise DecisionsError(where, "审核决定文件应为 JSON 对象")
    for key in ("alignment", "scheme_links"):
        if not isinstance(data.get(key) or [], list):
            raise DecisionsError(where, f"审核决定文件中的 {key} 应为列表")
    alignment = []
    for entry in data.get("alignment", []) or []:
        _check_entry(entry, ("baseline", "draft"), where)
        alignment.append(AlignmentDecision(entry.get("baseline"), entry.get("draft"),
                                           entry["decision"], entry.get("kind")))
    links = []
    for entry in data.get("scheme_links", []) or []:
        _check_entry(entry, ("task", "item"), where)
        plan = entry.get("plan", "draft")
        if plan not in ("draft", "baseline"):
            raise DecisionsError(where, f"审核决定中的 plan 应为 draft 或 baseline:{entry}")
        links.append(LinkDecision(plan, entry.get("task"), entry.get("item"), entry["decision"]))
    return Decisions(tuple(alignment), tuple(links), path)


def resolve_task(plan: Plan, ref: TaskRef) -> int | None:
    """The 1-based index a reference names, or None when it names no task or several."""
    if ref is None or isinstance(ref, bool):
        return None
    if isinstance(ref, int):
        return ref if 1 <= ref <= len(plan.tasks) else None
    text = re.sub(r"\s+", "", str(ref))
    hits = [t.index for t in plan.tasks if _clean_number(t.number) == _clean_number(text)]
    if not hits:
        hits = [t.index for t in plan.tasks
                if _clean_number(t.section_number + t.number) == _clean_number(text)]
    return hits[0] if len(hits) == 1 else None


def describe_ref(ref: TaskRef) -> str:
    """How a reference reads in a message: `第5项` for an index, `“(五)”` for a printed number."""
    return f"第{ref}项" if isinstance(ref, int) else f"“{ref}”"


def _clean_number(s: str) -> str:
    s = re.sub(r"\s+", "", s or "").replace("(", "(").replace(")", ")")
    return re.sub(r"[.、.]", "", s)


def _check_entry(entry: object, keys: tuple[str, str], where: str) -> None:
    if not isinstance(entry, dict) or entry.get("decision") not in ACTIONS:
        raise DecisionsError(where, f"审核决定条目无效(decision 应为 force、confirm 或 reject):{entry}")
    for key in keys:
        value = entry.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, str))):
            raise DecisionsError(where, f"审核决定条目中的 {key} 应为序号或编号:{entry}")
