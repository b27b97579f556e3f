"""Reviewer decisions on the alignment, turned into constraints the aligner obeys.

A forced or confirmed pair is aligned whatever the scores say; a rejected pair is never aligned; a
baseline task ruled dropped (or a draft task ruled added) takes part in no pair. Each applied
decision leaves a Chinese message for the report.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..plans.model import Plan
from .decisions import Decisions, describe_ref, resolve_task


@dataclass
class AlignmentOverrides:
    """Constraints on an n x m alignment; task positions are 0-based."""

    forbidden: np.ndarray  # bool n x m: pairs that may not be aligned
    forced: dict[tuple[int, int], str] = field(default_factory=dict)  # pair -> 'forced' / 'confirmed'
    kinds: dict[tuple[int, int], str] = field(default_factory=dict)  # kind a reviewer gave a forced pair
    dropped: set[int] = field(default_factory=set)  # baseline tasks ruled to have no counterpart
    added: set[int] = field(default_factory=set)  # draft tasks ruled to have no predecessor
    messages: list[str] = field(default_factory=list)

    @property
    def fixed_old(self) -> set[int]:
        """Baseline tasks whose one-to-one partner a reviewer has settled."""
        return self.dropped | {i for i, _ in self.forced}

    @property
    def fixed_new(self) -> set[int]:
        """Draft tasks whose one-to-one partner a reviewer has settled."""
        return self.added | {j for _, j in self.forced}


def alignment_overrides(baseline: Plan, draft: Plan, decisions: Decisions | None) -> AlignmentOverrides:
    """Resolve the alignment decisions against the two plans."""
    n, m = len(baseline.tasks), len(draft.tasks)
    out = AlignmentOverrides(forbidden=np.zeros((n, m), dtype=bool))
    for d in (decisions.alignment if decisions else ()):
        i = resolve_task(baseline, d.baseline) if d.baseline is not None else None
        j = resolve_task(draft, d.draft) if d.draft is not None else None
        if d.baseline is not None and i is None:
            out.messages.append(f"审核决定未能应用:找不到或无法唯一确定去年计划中的{describe_ref(d.baseline)}")
        elif d.draft is not None and j is None:
            out.messages.append(f"审核决定未能应用:找不到或无法唯一确定本年计划中的{describe_ref(d.draft)}")
        elif i is None and j is None or d.action == "reject" and (i is None or j is None):
            continue
        elif j is None:
            out.forbidden[i - 1, :] = True
            out.dropped.add(i - 1)
            out.messages.append(f"已按审核决定:去年第{i}项视为删除")
        elif i is None:
            out.forbidden[:, j - 1] = True
            out.added.add(j - 1)
            out.messages.append(f"已按审核决定:第{j}项视为新增")
        elif d.action == "reject":
            out.forbidden[i - 1, j - 1] = True
            out.messages.append(f"已按审核决定:第{j}项不与去年第{i}项对应")
        else:
            pair = (i - 1, j - 1)
            out.forced[pair] = "confirmed" if d.action == "confirm" else "forced"
            if d.kind:
                out.kinds[pair] = d.kind
            verb = "确认第{j}项与去年第{i}项对应" if d.action == "confirm" else "第{j}项与去年第{i}项强制对应"
            out.messages.append("已按审核决定:" + verb.format(i=i, j=j))
    return out
