"""Arranging an analysis and its findings into the review page's view data (`build_view`).

Nothing here decides what is a change or a problem: alignment kinds, redlines and scheme links come
from `compare/`, findings from `checks/`. This only orders, groups, labels and links them.
"""
from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from ..checks.finding import SEVERITIES, Finding, passes
from ..compare.changes import (
    Difference,
    PairChange,
    alignment_groups,
    coverage_changed,
    coverage_status,
    pair_changes,
)
from ..compare.model import AlignedPair, Analysis, NearMiss, SchemeLink
from ..plans.model import Plan, Task
from .labels import (
    COVERAGE_STATUS_LABELS,
    DECISION_LABELS,
    EVIDENCE_LABELS,
    KIND_LABELS,
    ROLE_LABELS,
    SENTENCE_LABELS,
    SEVERITY_LABELS,
    SHORT_ROLE_LABELS,
    SNIPPET_CHARS,
    shorten,
)
from .review_view import (
    ChangeEntry,
    DocumentView,
    FindingView,
    GroupView,
    Link,
    Mark,
    NearView,
    PairView,
    ReportView,
    RuleCount,
    RuleGroup,
    SchemeItemView,
    SentenceView,
    SeverityGroup,
    Span,
    TaskView,
)


def task_anchor(role: str, index: int) -> str:
    """The element id of a task: `draft-task-5`, `baseline-task-3`, `scheme-item-7`."""
    return f"scheme-item-{index}" if role == "scheme" else f"{role}-task-{index}"


class _Anchors:
    """Hands out each task anchor once, so every id in the page is unique."""

    def __init__(self) -> None:
        self.placed: set[str] = set()

    def claim(self, anchor: str) -> str | None:
        if anchor in self.placed:
            return None
        self.placed.add(anchor)
        return anchor


def _task(plan: Plan | None, index: int) -> Task | None:
    if plan is None or not 1 <= index <= len(plan.tasks):
        return None
    return plan.tasks[index - 1]


def _title(plan: Plan | None, index: int) -> str:
    task = _task(plan, index)
    return task.title if task else ""


def _rules_by_task(findings: Iterable[Finding]) -> dict[tuple[str, int], tuple[str, ...]]:
    """(role, task index) -> names of the rules whose findings point at that task, sorted (as a cell prints
    them: sorted once here, not again for every cell)."""
    found: dict[tuple[str, int], set[str]] = defaultdict(set)
    for f in findings:
        for index in (f.task, *f.tasks):
            if index is not None:
                found[(f.document, index)].add(f.rule)
        if f.old_task is not None:
            found[("baseline", f.old_task)].add(f.rule)
    return {key: tuple(sorted(names)) for key, names in found.items()}


def _marks(own: Sequence[str], differing: Sequence[str] | None, missing_state: str,
           renamed: dict[str, str] | None = None) -> tuple[Mark, ...]:
    """Units or targets of one side; those `compare.changes` found on this side only get `missing_state`,
    unless the unit was renamed between the years (`renamed`: squashed name -> its other name)."""
    if not own:
        return ()
    if not differing:  # no comparison, or nothing on one side only (most pairs): every mark is 'same'
        return tuple([Mark(t) for t in own])
    marks = []
    for t in own:
        partner = (renamed or {}).get(_squash(t)) if t in differing else None
        if t not in differing:
            marks.append(Mark(t, "same"))
        elif partner is not None:
            marks.append(Mark(f"{t}(更名为{partner})" if missing_state == "removed" else f"{t}(原{partner})",
                              "renamed"))
        else:
            marks.append(Mark(t, missing_state))
    return tuple(marks)


_SAME = Difference()  # no unit or target on one side only


def _squash(text: str) -> str:
    return "".join(text.split())


def _task_view(
    role: str,
    index: int,
    task: Task | None,
    anchors: _Anchors,
    rules: dict[tuple[str, int], tuple[str, ...]],
    spans: tuple[Span, ...] | None = None,
    diffs: dict[str, Difference] | None = None,
    renamed: dict[str, str] | None = None,
    facts: bool = True,
) -> TaskView:
    """A task cell; `diffs` (of an aligned pair) marks the units and targets the other side lacks. Without
    `facts` the cell has no units, targets and deadline: a scheme item's cell does not print them."""
    missing = "removed" if role == "baseline" else "added"
    anchor = anchors.claim(task_anchor(role, index))
    if task is None:
        return TaskView(role, index, "", "", f"(未找到任务 {index})", (), (), (), (), None,
                        rules.get((role, index), ()), anchor, found=False)

    if not facts:
        return TaskView(role, index, task.number, task.section, task.title, (Span(0, task.text or task.title),),
                        (), (), (), None, rules.get((role, index), ()), anchor)
    if not diffs:  # no comparison, or one with no unit or target on one side only
        lead, responsible, targets = None, None, None
    else:  # what this side has and the other lacks
        lead, responsible, targets = (
            (diff.removed if role == "baseline" else diff.added)
            for diff in (diffs.get(name, _SAME) for name in ("lead_units", "responsible_units", "targets")))
    return TaskView(  # positional: a page builds some ninety
        role, index, task.number, task.section, task.title,
        spans if spans is not None else (Span(0, task.text or task.title),),
        _marks(task.lead_units, lead, missing, renamed),
        _marks(task.responsible_units, responsible, missing),
        _marks([t.text for t in task.targets], targets, missing),
        task.deadline, rules.get((role, index), ()), anchor,
    )


def _pair_spans(pair: AlignedPair, pair_id: str) -> tuple[tuple[Span, ...] | None, tuple[Span, ...] | None]:
    """The redline spans of both sides, in one pass over the redline: kept text (one span, shared) plus the
    deletions (baseline) or the insertions (draft), each with its id."""
    if pair.redline is None:
        return None, None
    baseline: list[Span] = []
    draft: list[Span] = []
    for n, span in enumerate(pair.redline.spans):
        op, text = span.op, span.text
        if op == 0:
            kept = Span(0, text)
            baseline.append(kept)
            draft.append(kept)
        elif op == -1:
            baseline.append(Span(-1, text, f"{pair_id}-c{n}"))
        elif op == 1:
            draft.append(Span(1, text, f"{pair_id}-c{n}"))
    return tuple(baseline), tuple(draft)


def _pair_view(
    pair: AlignedPair, change: PairChange, pair_id: str, analysis: Analysis, anchors: _Anchors, rules: dict,
    renamed: tuple[dict[str, str], dict[str, str]],
) -> PairView:
    old = _task(analysis.baseline, pair.baseline)
    new = _task(analysis.draft, pair.draft)
    diffs = change.differences() if old is not None and new is not None else None
    old_names, new_names = renamed
    old_spans, new_spans = _pair_spans(pair, pair_id)
    baseline = _task_view("baseline", pair.baseline, old, anchors, rules, old_spans, diffs, old_names)
    draft = _task_view("draft", pair.draft, new, anchors, rules, new_spans, diffs, new_names)
    move = (old.section, new.section) if pair.kind == "moved" and old and new else None
    sentences = tuple([SentenceView(SENTENCE_LABELS.get(s.change, s.change), s.change, s.old, s.new)
                       for s in (pair.redline.sentences if pair.redline else ())])
    return PairView(  # positional: a page builds one per aligned pair
        pair_id, pair.kind, KIND_LABELS.get(pair.kind, pair.kind), pair.score, pair.terms,
        DECISION_LABELS.get(pair.decision or "", pair.decision), baseline, draft, move, sentences, change.changed,
    )


def _group_views(analysis: Analysis, changes: Sequence[PairChange], anchors: _Anchors,
                 rules: dict) -> tuple[GroupView, ...]:
    """`changes`: one per row of the alignment, in its order (`compare.changes.pair_changes`)."""
    views = []
    counter = 0
    # By identity: hashing a pair hashes its whole redline, and the groups hold the alignment's own pairs.
    change_of = {id(pair): change for pair, change in zip(analysis.alignment, changes)}
    renamed = ({_squash(r.old): r.new for r in analysis.unit_renames},
               {_squash(r.new): r.old for r in analysis.unit_renames})
    for n, group in enumerate(alignment_groups(analysis.alignment), start=1):
        pairs = []
        for pair in group:
            counter += 1
            pairs.append(_pair_view(pair, change_of[id(pair)], f"pair-{counter}", analysis, anchors, rules, renamed))
        group_rules = sorted({r for p in pairs for r in (*p.baseline.rules, *p.draft.rules)})
        views.append(GroupView(f"group-{n}", tuple(pairs), any(p.changed for p in pairs),
                               tuple(group_rules)))
    return tuple(views)


def _change_entries(groups: Sequence[GroupView], dropped: Sequence[NearView],
                    added: Sequence[NearView]) -> tuple[ChangeEntry, ...]:
    """The change list: every changed pair (with a jump to each edit), then dropped and added tasks."""
    entries = []
    for group in groups:
        for p in group.pairs:
            if not p.changed:
                continue
            snippets = tuple([
                Link(("删 " if s.op < 0 else "增 ") + shorten(s.text, SNIPPET_CHARS), f"#{s.id}")
                for s in (*p.baseline.spans, *p.draft.spans)
                if s.id and s.text.strip()
            ])
            entries.append(ChangeEntry(f"#{p.id}", p.kind, p.kind_label,
                                       f"{p.baseline.label} → {p.draft.label}", p.draft.title, snippets))
    for near in dropped:
        if near.task.anchor:
            entries.append(ChangeEntry(f"#{near.task.anchor}", "dropped", "删除", near.task.label,
                                       near.task.title))
    for near in added:
        if near.task.anchor:
            entries.append(ChangeEntry(f"#{near.task.anchor}", "added", "新增", near.task.label,
                                       near.task.title))
    return tuple(entries)


def _task_link(label: str, role: str, index: int, plan: Plan | None, tip: str = "") -> Link:
    """A link to a task; every task of a plan in the report is placed somewhere, so it resolves
    whenever the task exists."""
    task = _task(plan, index)
    return Link(label, f"#{task_anchor(role, index)}" if task else None, tip or (task.title if task else ""))


def _near_views(role: str, indexes: Sequence[int], nears: Sequence[NearMiss], analysis: Analysis,
                anchors: _Anchors, rules: dict) -> tuple[NearView, ...]:
    """Dropped (role 'baseline') or added (role 'draft') tasks with their best candidates."""
    plan = analysis.baseline if role == "baseline" else analysis.draft
    other_role = "draft" if role == "baseline" else "baseline"
    other_plan = analysis.draft if role == "baseline" else analysis.baseline
    by_task = {n.task: n for n in nears}
    views = []
    for index in indexes:
        task = _task_view(role, index, _task(plan, index), anchors, rules)
        near = by_task.get(index)
        candidate = None
        if near is not None and near.candidate is not None:
            other = _task(other_plan, near.candidate)
            label = f"{SHORT_ROLE_LABELS[other_role]} {near.candidate} {other.title if other else ''}"
            candidate = _task_link(label.strip(), other_role, near.candidate, other_plan)
        views.append(NearView(task, candidate, near.score if near else None,
                              review=bool(near and near.review), evidence=near.evidence if near else ()))
    return tuple(views)


def _leftover_tasks(role: str, plan: Plan | None, anchors: _Anchors, rules: dict) -> tuple[TaskView, ...]:
    """Tasks not yet shown anywhere (all draft tasks when there is no baseline)."""
    if plan is None:
        return ()
    return tuple(
        _task_view(role, task.index, task, anchors, rules)
        for task in plan.tasks
        if task_anchor(role, task.index) not in anchors.placed
    )


def _item_links(role: str, plan: Plan | None, links: Sequence[SchemeLink]) -> dict[int, tuple[Link, ...]]:
    """Scheme item -> its links to one plan's tasks, each item's in task order, made in one pass over the
    plan's links. A task linked to several items is labelled once (its label, href and title)."""
    heads: dict[int, tuple[str, str | None, str]] = {}
    by_item: dict[int, list[Link]] = defaultdict(list)
    for link in sorted(links, key=lambda k: k.task):
        head = heads.get(link.task)
        if head is None:
            title = _title(plan, link.task)
            target = _task_link(f"{link.task} {shorten(title, SNIPPET_CHARS)}".strip(), role, link.task, plan)
            head = heads[link.task] = (target.label, target.href, title)
        by_item[link.item].append(Link(head[0], head[1], f"{head[2]} · 相似度 {link.score:.2f}"))
    return {item: tuple(item_links) for item, item_links in by_item.items()}


def _scheme_views(analysis: Analysis, anchors: _Anchors, rules: dict) -> tuple[SchemeItemView, ...]:
    """Each scheme item with the baseline and draft tasks linked to it."""
    if analysis.scheme is None:
        return ()
    baseline_links = _item_links("baseline", analysis.baseline, analysis.scheme_links.get("baseline", ()))
    draft_links = _item_links("draft", analysis.draft, analysis.scheme_links.get("draft", ()))
    has_baseline = analysis.baseline is not None
    views = []
    for item in analysis.scheme.tasks:
        view = _task_view("scheme", item.index, item, anchors, rules, facts=False)
        old, new = baseline_links.get(item.index, ()), draft_links.get(item.index, ())
        covered_b, covered_d = bool(old), bool(new)
        changed = coverage_changed(covered_b, covered_d, has_baseline)
        status, status_class = COVERAGE_STATUS_LABELS[coverage_status(covered_b, covered_d, has_baseline)]
        views.append(SchemeItemView(view, old, new, covered_b, covered_d, changed, view.rules, status, status_class))
    return tuple(views)


def _finding_links(f: Finding, plans: dict[str, Plan | None]) -> tuple[Link, ...]:
    """Links to every task a finding names: its task(s) and, for a pair, last year's task (`plans`: by role)."""
    targets = [(f.document, i) for i in ((f.task,) if f.task is not None else ()) + tuple(f.tasks)]
    if f.old_task is not None:
        targets.append(("baseline", f.old_task))
    links = []
    for role, index in dict.fromkeys(targets):
        noun = "事项" if role == "scheme" else "任务"
        label = f"{ROLE_LABELS.get(role, role)}{noun} {index}"
        links.append(_task_link(label, role, index, plans.get(role)))
    return tuple(links)


def _finding_place(f: Finding) -> str:
    place = ROLE_LABELS.get(f.document, f.document)
    if f.against:
        place += f"(对照{ROLE_LABELS.get(f.against, f.against)})"
    return place


def _rule_attr(rule: Any, name: str) -> str:
    """A rule attribute from a rule module (NAME) or a registry record (name)."""
    value = getattr(rule, name.upper(), None) or getattr(rule, name.lower(), None)
    return str(value).strip() if value else ""


def _rule_info(rules: Sequence[Any]) -> dict[str, dict[str, str]]:
    """Rule name -> title, default severity and description, in catalogue order."""
    info = {}
    for rule in rules:
        name = _rule_attr(rule, "NAME")
        if name:
            info[name] = {
                "title": _rule_attr(rule, "TITLE") or name,
                "severity": _rule_attr(rule, "SEVERITY"),
                "description": _rule_attr(rule, "DESCRIPTION"),
            }
    return info


def _severity_groups(findings: Sequence[Finding], info: dict,
                     analysis: Analysis) -> tuple[SeverityGroup, ...]:
    """Findings grouped by severity (error first), then by rule in catalogue order."""
    order = {name: n for n, name in enumerate(info)}
    by_severity: dict[str, list[Finding]] = {severity: [] for severity in SEVERITIES}
    for f in findings:  # one pass, each severity's findings in their order
        by_severity.setdefault(f.severity, []).append(f)
    severities = list(SEVERITIES) + sorted(set(by_severity) - set(SEVERITIES))
    plans = {"draft": analysis.draft, "baseline": analysis.baseline, "scheme": analysis.scheme}
    groups = []
    anchored: set[str] = set()
    counter = 0
    for severity in severities:
        by_rule: dict[str, list[FindingView]] = defaultdict(list)
        for f in by_severity[severity]:
            counter += 1
            evidence = tuple([(EVIDENCE_LABELS.get(k, k), str(v)) for k, v in f.evidence.items()])
            by_rule[f.rule].append(FindingView(f"finding-{counter}", f.rule, f.severity, f.message,
                                               evidence, _finding_links(f, plans), _finding_place(f)))
        if by_rule:
            rule_groups = []
            for rule, views in sorted(by_rule.items(), key=lambda kv: (order.get(kv[0], 1e9), kv[0])):
                anchor = None if rule in anchored else f"rule-{rule}"
                anchored.add(rule)
                rule_groups.append(RuleGroup(rule, info.get(rule, {}).get("title", rule),
                                             info.get(rule, {}).get("description", ""), tuple(views), anchor))
            groups.append(SeverityGroup(severity, SEVERITY_LABELS.get(severity, severity), tuple(rule_groups)))
    return tuple(groups)


def _rule_counts(findings: Sequence[Finding], info: dict) -> tuple[RuleCount, ...]:
    """One row per catalogued rule (zero counts included), then any other rule that fired."""
    counts: dict[str, int] = defaultdict(int)
    severity: dict[str, str] = {}
    for f in findings:
        counts[f.rule] += 1
        severity.setdefault(f.rule, f.severity)
    names = list(info) + sorted(set(counts) - set(info))
    rows = []
    for name in names:
        sev = severity.get(name) or info.get(name, {}).get("severity", "")
        rows.append(RuleCount(name, info.get(name, {}).get("title", name), sev,
                              SEVERITY_LABELS.get(sev, sev), info.get(name, {}).get("description", ""),
                              counts.get(name, 0)))
    return tuple(rows)


def _document_views(analysis: Analysis) -> tuple[DocumentView, ...]:
    docs = []
    for role, plan in (("draft", analysis.draft), ("baseline", analysis.baseline), ("scheme", analysis.scheme)):
        if plan is not None:
            docs.append(DocumentView(role, ROLE_LABELS[role], os.path.basename(plan.path) or plan.path,
                                     plan.title, plan.year, len(plan.tasks)))
    return tuple(docs)


def build_view(analysis: Analysis, findings: Sequence[Finding], rules: Sequence[Any] = (),
               generated_at: str | None = None, changes: Sequence[PairChange] | None = None) -> ReportView:
    """Arrange an analysis and its findings into the data the HTML template prints.

    `changes`: the analysis's `pair_changes`, when the caller has them already (the batch decides them
    once for the JSON and the HTML report)."""
    anchors = _Anchors()
    by_task = _rules_by_task(findings)
    info = _rule_info(rules)
    if analysis.baseline and changes is None:
        changes = pair_changes(analysis)
    groups = _group_views(analysis, changes or (), anchors, by_task) if analysis.baseline else ()
    dropped = _near_views("baseline", analysis.dropped, analysis.dropped_near, analysis, anchors, by_task) \
        if analysis.baseline else ()
    added = _near_views("draft", analysis.added, analysis.added_near, analysis, anchors, by_task) \
        if analysis.baseline else ()
    draft_tasks = _leftover_tasks("draft", analysis.draft, anchors, by_task)
    baseline_tasks = _leftover_tasks("baseline", analysis.baseline, anchors, by_task)
    scheme_items = _scheme_views(analysis, anchors, by_task)
    severity_groups = _severity_groups(findings, info, analysis)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITIES}
    rule_counts = _rule_counts(findings, info)
    fired = [r for r in rule_counts if r.count]
    return ReportView(
        title=f"法治政府建设工作计划审查报告:{analysis.draft.title}",
        generated_at=generated_at,
        documents=_document_views(analysis),
        counts=counts,
        passed=passes(findings),
        rule_counts=rule_counts,
        severity_groups=severity_groups,
        has_baseline=analysis.baseline is not None,
        has_scheme=analysis.scheme is not None,
        groups=groups,
        changes=_change_entries(groups, dropped, added),
        dropped=dropped,
        added=added,
        draft_tasks=draft_tasks,
        baseline_tasks=baseline_tasks,
        scheme_items=scheme_items,
        rule_options=tuple((r.rule, f"{r.title}({r.count})") for r in fired),
    )
