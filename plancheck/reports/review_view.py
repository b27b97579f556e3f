"""The review page's view data: plain frozen records of exactly what the page prints.

Those a page holds by the hundred (tasks, their spans, marks and links, pairs, findings) are named tuples:
built about twice as fast as frozen dataclasses, and as immutable.

`review_view_builder.build_view` fills them from an analysis and its findings; the template and
`html_fragments` only lay them out.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from .labels import SHORT_ROLE_LABELS


class Mark(NamedTuple):
    """A unit or target on one side of a pair; state is 'same', 'removed', 'added' or 'renamed'."""

    text: str
    state: str = "same"


class Span(NamedTuple):
    """A run of task text: op 0 kept, -1 deleted (baseline side), 1 inserted (draft side)."""

    op: int
    text: str
    id: str | None = None


class Link(NamedTuple):
    """A labelled in-page link; href is None when its target is not in the report."""

    label: str
    href: str | None
    tip: str = ""


class TaskView(NamedTuple):
    """One task as shown in a cell; anchor is set on the first place the task appears."""

    role: str
    index: int
    number: str
    section: str
    title: str
    spans: tuple[Span, ...]
    lead_units: tuple[Mark, ...]
    responsible_units: tuple[Mark, ...]
    targets: tuple[Mark, ...]
    deadline: str | None
    rules: tuple[str, ...]
    anchor: str | None
    found: bool = True

    @property
    def label(self) -> str:
        return f"{SHORT_ROLE_LABELS.get(self.role, self.role)} {self.index}"


class SentenceView(NamedTuple):
    label: str
    change: str
    old: str
    new: str


class PairView(NamedTuple):
    """One aligned (baseline, draft) pair, both sides ready to print."""

    id: str
    kind: str
    kind_label: str
    score: float
    terms: tuple[str, ...]
    decision: str | None
    baseline: TaskView
    draft: TaskView
    move: tuple[str, str] | None
    sentences: tuple[SentenceView, ...]
    changed: bool


class GroupView(NamedTuple):
    """Pairs connected by shared tasks: one pair, a split (1→n) or a merge (n→1)."""

    id: str
    pairs: tuple[PairView, ...]
    changed: bool
    rules: tuple[str, ...]


class ChangeEntry(NamedTuple):
    """A line of the change list: what changed and where to jump."""

    href: str
    kind: str
    kind_label: str
    label: str
    title: str
    snippets: tuple[Link, ...] = ()


class NearView(NamedTuple):
    """A dropped or added task with its best near-miss candidate on the other side."""

    task: TaskView
    candidate: Link | None
    score: float | None
    review: bool = False  # the candidate reads alike or nearly aligned: a reviewer should look
    evidence: tuple[str, ...] = ()


class SchemeItemView(NamedTuple):
    item: TaskView
    baseline: tuple[Link, ...]
    draft: tuple[Link, ...]
    covered_baseline: bool
    covered_draft: bool
    changed: bool
    rules: tuple[str, ...]
    status: str
    status_class: str


class FindingView(NamedTuple):
    id: str
    rule: str
    severity: str
    message: str
    evidence: tuple[tuple[str, str], ...]
    links: tuple[Link, ...]
    place: str


@dataclass(frozen=True)
class RuleGroup:
    rule: str
    title: str
    description: str
    findings: tuple[FindingView, ...]
    anchor: str | None = None


@dataclass(frozen=True)
class SeverityGroup:
    severity: str
    label: str
    rules: tuple[RuleGroup, ...]

    @property
    def rule_names(self) -> tuple[str, ...]:
        return tuple(g.rule for g in self.rules)

    @property
    def count(self) -> int:
        return sum(len(g.findings) for g in self.rules)


@dataclass(frozen=True)
class RuleCount:
    rule: str
    title: str
    severity: str
    severity_label: str
    description: str
    count: int


@dataclass(frozen=True)
class DocumentView:
    role: str
    role_label: str
    file_name: str
    title: str
    year: int | None
    task_count: int


@dataclass(frozen=True)
class ReportView:
    """Everything the template prints, already arranged."""

    title: str
    generated_at: str | None
    documents: tuple[DocumentView, ...]
    counts: dict[str, int]
    passed: bool
    rule_counts: tuple[RuleCount, ...]
    severity_groups: tuple[SeverityGroup, ...]
    has_baseline: bool
    has_scheme: bool
    groups: tuple[GroupView, ...]
    changes: tuple[ChangeEntry, ...]
    dropped: tuple[NearView, ...]
    added: tuple[NearView, ...]
    draft_tasks: tuple[TaskView, ...]
    baseline_tasks: tuple[TaskView, ...]
    scheme_items: tuple[SchemeItemView, ...]
    rule_options: tuple[tuple[str, str], ...]
