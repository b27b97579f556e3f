"""View data of the decisions panel on a run's page, built from the run's JSON report.

The template prints these objects; which rows exist and what they say is decided here, from the
report's alignment, near misses and scheme links, and the locality's standing decisions.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..reports.labels import DECISION_LABELS, KIND_LABELS, ROLE_LABELS, shorten
from .store import Decision, TaskKey

ACTION_LABELS = {"confirm": "确认", "reject": "否决", "force": "强制指定"}
LABEL_CHARS = 28


@dataclass(frozen=True)
class TaskLabel:
    """A task as a button or option names it: 1-based index and a short label."""

    index: int
    label: str


@dataclass(frozen=True)
class PairRow:
    """An aligned pair the reviewer may confirm or reject."""

    baseline: TaskLabel
    draft: TaskLabel
    kind: str
    score: float
    decision: str | None


@dataclass(frozen=True)
class NearRow:
    """A dropped (baseline) or added (draft) task with its nearest candidate, which may be forced."""

    role: str
    task: TaskLabel
    candidate: TaskLabel | None
    score: float


@dataclass(frozen=True)
class LinkRow:
    """A link of a plan task to a scheme item."""

    plan: str
    task: TaskLabel
    item: TaskLabel
    score: float


@dataclass(frozen=True)
class DecisionRow:
    """A standing ruling of the locality, in words."""

    id: int
    action: str
    text: str
    reviewer: str
    created_at: str
    run_id: int


@dataclass(frozen=True)
class Panel:
    """Everything the decisions panel prints."""

    pairs: tuple[PairRow, ...]
    dropped: tuple[NearRow, ...]
    added: tuple[NearRow, ...]
    links: tuple[LinkRow, ...]
    decisions: tuple[DecisionRow, ...]
    applied: tuple[str, ...]
    baseline_tasks: tuple[TaskLabel, ...]
    draft_tasks: tuple[TaskLabel, ...]
    scheme_items: tuple[TaskLabel, ...]
    kinds: tuple[tuple[str, str], ...]


def _labels(document: dict[str, Any] | None) -> dict[int, TaskLabel]:
    if document is None:
        return {}
    out = {}
    for task in document["tasks"]:
        out[task["index"]] = TaskLabel(task["index"], shorten(f"{task['number']} {task['title'] or task['text']}", LABEL_CHARS))
    return out


def _key_text(key: TaskKey) -> str:
    if key.index is None and key.title is None and key.number is None:
        return "(无对应)"
    return f"“{shorten(key.title or key.number or f'第{key.index}项', LABEL_CHARS)}”"


def decision_text(d: Decision) -> str:
    """A ruling in one Chinese sentence."""
    action = ACTION_LABELS[d.action]
    if d.target == "alignment":
        kind = f"({KIND_LABELS.get(d.kind, d.kind)})" if d.kind else ""
        return f"{action}年度对照{kind}:去年 {_key_text(d.left)} → 草案 {_key_text(d.right)}"
    return f"{action}方案关联:{ROLE_LABELS[d.plan]} {_key_text(d.left)} → 方案 {_key_text(d.right)}"


def build_panel(report: dict[str, Any], decisions: list[Decision]) -> Panel:
    """The panel of one run's report and its locality's standing decisions."""
    docs = {d["role"]: d for d in report["documents"]}
    baseline, draft, scheme = (_labels(docs.get(role)) for role in ("baseline", "draft", "scheme"))
    pairs = tuple(PairRow(baseline[r["baseline"]], draft[r["draft"]], KIND_LABELS.get(r["kind"], r["kind"]),
                          r["score"], DECISION_LABELS.get(r.get("decision") or "", r.get("decision")))
                  for r in report["alignment"])
    near = report.get("near_misses", {})
    dropped = tuple(NearRow("baseline", baseline[n["task"]], draft.get(n["candidate"]), n["score"])
                    for n in near.get("dropped", []))
    added = tuple(NearRow("draft", draft[n["task"]], baseline.get(n["candidate"]), n["score"])
                  for n in near.get("added", []))
    links = tuple(LinkRow("draft", draft[group["task"]], scheme[item], score)
                  for group in report["scheme_links"].get("draft", [])
                  for item, score in zip(group["items"], group["scores"]))
    rows = tuple(DecisionRow(d.id, d.action, decision_text(d), d.reviewer, d.created_at, d.run_id)
                 for d in reversed(decisions))
    return Panel(pairs, dropped, added, links, rows, tuple(report.get("decisions_applied", [])),
                 tuple(baseline.values()), tuple(draft.values()), tuple(scheme.values()),
                 tuple(KIND_LABELS.items()))
