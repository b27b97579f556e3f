"""The JSON contract of docs/report.md: documents, alignment, scheme links, findings."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Any

import orjson

from ..checks.finding import Finding
from ..compare.changes import PairChange, pair_changes
from ..compare.model import Analysis
from ..plans.model import Plan, Task

SCHEMA = "plancheck-report/1"


def task_json(task: Task) -> dict[str, Any]:
    """One task as the contract spells it."""
    return {
        "index": task.index,
        "number": task.number,
        "section": task.section,
        "section_number": task.section_number,
        "title": task.title,
        "text": task.text,
        "lead_units": list(task.lead_units),
        "responsible_units": list(task.responsible_units),
        "targets": [
            {"text": t.text, "kind": t.kind, "metric": t.metric, "op": t.op, "value": t.value, "unit": t.unit}
            for t in task.targets
        ],
        "deadline": task.deadline,
        "unit_block": task.unit_block,
        "source": {"page": task.source.page, "line": task.source.line},
    }


def document_json(plan: Plan, role: str) -> dict[str, Any]:
    """One parsed document with its role (`baseline`, `draft`, `scheme`, `input`, `plan:YEAR`)."""
    return {
        "role": role,
        "path": plan.path,
        "title": plan.title,
        "year": plan.year,
        "kind": plan.kind,
        "unit_convention": plan.unit_convention,
        "sections": [{"number": s.number, "title": s.title} for s in plan.sections],
        "tasks": [task_json(task) for task in plan.tasks],
    }


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding; `tasks` replaces `task` for duplicate pairs, `against` marks scheme gaps."""
    out: dict[str, Any] = {"rule": finding.rule, "severity": finding.severity, "document": finding.document}
    if finding.tasks:
        out["tasks"] = list(finding.tasks)
    else:
        out["task"] = finding.task
    if finding.old_task is not None:
        out["old_task"] = finding.old_task
    if finding.against is not None:
        out["against"] = finding.against
    out["message"] = finding.message
    out["evidence"] = dict(finding.evidence)
    return out


def parse_report(plan: Plan) -> dict[str, Any]:
    """The report of `plancheck parse`: one document with role `input`."""
    return {"schema": SCHEMA, "documents": [document_json(plan, "input")]}


def review_report(analysis: Analysis, findings: Sequence[Finding],
                  changes: Sequence[PairChange] | None = None) -> dict[str, Any]:
    """The report of `plancheck check`; `changes`: the analysis's `pair_changes`, when the caller has them."""
    if changes is None:
        changes = pair_changes(analysis)
    documents = [document_json(analysis.draft, "draft")]
    if analysis.baseline is not None:
        documents.insert(0, document_json(analysis.baseline, "baseline"))
    if analysis.scheme is not None:
        documents.append(document_json(analysis.scheme, "scheme"))
    return {
        "schema": SCHEMA,
        "documents": documents,
        "alignment": [
            {"baseline": row.baseline, "draft": row.draft, "kind": row.kind, "score": round(row.score, 3),
             "terms": list(row.terms), **({"decision": row.decision} if row.decision else {}),
             **({"confidence": row.confidence} if row.confidence is not None else {}),
             "changed": change.changed, "differences": _differences(change)}
            for row, change in zip(analysis.alignment, changes)
        ],
        "dropped": list(analysis.dropped),
        "added": list(analysis.added),
        "near_misses": {
            "dropped": [_record(n) for n in analysis.dropped_near],
            "added": [_record(n) for n in analysis.added_near],
        },
        "scheme_links": {
            role: _links_by_task(links) for role, links in analysis.scheme_links.items()
        },
        "unit_renames": [_record(r) for r in analysis.unit_renames],
        "decisions_applied": list(analysis.decisions_applied),
        "findings": [finding_json(f) for f in findings],
    }


def _record(record: Any) -> dict[str, Any]:
    """A flat dataclass (fields of text, numbers and tuples of them) as a dict: `asdict` without its
    deep copy, which cost more than the rest of the report."""
    return {f.name: getattr(record, f.name) for f in fields(record)}


def _differences(change: PairChange) -> dict[str, dict[str, list[str]]]:
    """Units and targets on one side of a pair only: {"targets": {"removed": [...], "added": [...]}}."""
    return {name: {"removed": list(diff.removed), "added": list(diff.added)}
            for name, diff in change.differences().items()}


def _links_by_task(links) -> list[dict[str, Any]]:
    """Each linked task's items, scores and terms, by task: filled in one pass over the links (a task's in
    their order), not by three passes over each task's group."""
    by_task: dict[int, dict[str, Any]] = {}
    for link in links:
        entry = by_task.get(link.task)
        if entry is None:
            by_task[link.task] = {"task": link.task, "items": [link.item], "scores": [round(link.score, 3)],
                                  "terms": [list(link.terms)]}
        else:
            entry["items"].append(link.item)
            entry["scores"].append(round(link.score, 3))
            entry["terms"].append(list(link.terms))
    return [by_task[task] for task in sorted(by_task)]


# Numpy numbers become plain numbers. Keys that are not text (task indexes) become text, as `json.dumps` has
# them; orjson's option for that costs about a quarter of a review report's encoding even when every key is
# text (as in every report the reviews write), so it is asked for only when the encoding without it fails.
_OPTIONS = orjson.OPT_SERIALIZE_NUMPY


def _encoded(report: dict[str, Any], option: int) -> bytes:
    try:
        return orjson.dumps(report, option=option)
    except orjson.JSONEncodeError:  # a key that is not text, or a value orjson cannot encode (raised again)
        return orjson.dumps(report, option=option | orjson.OPT_NON_STR_KEYS)


def dumps(report: dict[str, Any]) -> str:
    """The report as pretty-printed JSON text (two-space indent)."""
    return _encoded(report, _OPTIONS | orjson.OPT_INDENT_2).decode("utf-8")


def dumps_compact(report: dict[str, Any]) -> bytes:
    """The report as compact UTF-8 JSON: a batch writes thousands (orjson, some ten times the C encoder)."""
    return _encoded(report, _OPTIONS)
