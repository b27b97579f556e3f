"""What changed from last year's plan to the draft: per aligned pair, per alignment group, per scheme item.

Decided once here, from what the aligner, the redline and the scheme links found; the HTML report, the
JSON report and the Excel ledger all show the same answer.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from ..plans.model import Task
from .features import unit_key
from .model import AlignedPair, Analysis


@dataclass(frozen=True)
class Difference:
    """Items of one kind (units or targets) present on one side of a pair only, as printed."""

    removed: tuple[str, ...] = ()  # in last year's task, not in the draft's
    added: tuple[str, ...] = ()  # in the draft's task, not in last year's

    def __bool__(self) -> bool:
        return bool(self.removed or self.added)


@dataclass(frozen=True)
class PairChange:
    """One aligned pair: whether anything changed, and how its units and targets differ."""

    baseline: int
    draft: int
    changed: bool
    lead_units: Difference = Difference()
    responsible_units: Difference = Difference()
    targets: Difference = Difference()

    def differences(self) -> dict[str, Difference]:
        """The non-empty differences by field name (`lead_units`, `responsible_units`, `targets`)."""
        fields = {"lead_units": self.lead_units, "responsible_units": self.responsible_units,
                  "targets": self.targets}
        return {name: diff for name, diff in fields.items() if diff}


def difference(old: Sequence[str], new: Sequence[str]) -> Difference:
    """What one side has and the other lacks, compared as unit names are (NFKC, no white space)."""
    if old == new:  # most pairs keep their units and targets as they were
        return Difference()
    old_keys, new_keys = {unit_key(t) for t in old}, {unit_key(t) for t in new}
    return Difference(tuple(t for t in old if unit_key(t) not in new_keys),
                      tuple(t for t in new if unit_key(t) not in old_keys))


def _task(tasks: Sequence[Task], index: int) -> Task | None:
    return tasks[index - 1] if 1 <= index <= len(tasks) else None


def pair_change(pair: AlignedPair, old: Task | None, new: Task | None) -> PairChange:
    """Changed: a kind other than carried, a redline edit, or a unit or target on one side only."""
    if old is None or new is None:
        return PairChange(pair.baseline, pair.draft, pair.kind != "carried")
    diffs = {
        "lead_units": difference(old.lead_units, new.lead_units),
        "responsible_units": difference(old.responsible_units, new.responsible_units),
        "targets": difference([t.text for t in old.targets], [t.text for t in new.targets]),
    }
    if pair.redline is not None:
        edited = any(s.op != 0 for s in pair.redline.spans) or bool(pair.redline.sentences)
    else:
        edited = old.text != new.text
    changed = pair.kind != "carried" or edited or any(diffs.values())
    return PairChange(pair.baseline, pair.draft, changed, **diffs)


def pair_changes(analysis: Analysis) -> tuple[PairChange, ...]:
    """One `PairChange` per row of `analysis.alignment`, in the same order."""
    if analysis.baseline is None:
        return ()
    old, new = analysis.baseline.tasks, analysis.draft.tasks
    return tuple(pair_change(p, _task(old, p.baseline), _task(new, p.draft)) for p in analysis.alignment)


def alignment_groups(alignment: Sequence[AlignedPair]) -> list[list[AlignedPair]]:
    """Splits and merges as groups: connected components of the alignment (a shared baseline or draft
    task), each in draft order, the groups in draft order."""
    parent = list(range(len(alignment)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    seen: dict[tuple[str, int], int] = {}
    for i, pair in enumerate(alignment):
        for key in (("b", pair.baseline), ("d", pair.draft)):
            if key in seen:
                parent[root(i)] = root(seen[key])
            else:
                seen[key] = i
    groups: dict[int, list[AlignedPair]] = defaultdict(list)
    for i, pair in enumerate(alignment):
        groups[root(i)].append(pair)
    ordered = [sorted(g, key=lambda p: (p.draft, p.baseline)) for g in groups.values()]
    return sorted(ordered, key=lambda g: (min(p.draft for p in g), min(p.baseline for p in g)))


# How a scheme item's coverage moved between last year's plan and the draft.
COVERAGE_STATUSES = ("lost", "gap", "gained", "covered")


def coverage_status(covered_baseline: bool, covered_draft: bool, has_baseline: bool) -> str:
    """`lost` (covered last year, not in the draft), `gap`, `gained` (new in the draft) or `covered`."""
    if not covered_draft:
        return "lost" if has_baseline and covered_baseline else "gap"
    return "gained" if has_baseline and not covered_baseline else "covered"


def coverage_changed(covered_baseline: bool, covered_draft: bool, has_baseline: bool) -> bool:
    """A scheme item is worth a reviewer's look when the draft leaves it or its coverage moved."""
    return not covered_draft or (has_baseline and covered_baseline != covered_draft)
