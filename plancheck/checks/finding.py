"""A finding: one thing a reviewer would flag, with its evidence. Every report renders a list of these."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    """rule: stable name from docs/rules.md; document: role of the plan it is about; task: 1-based index."""

    rule: str
    severity: str
    document: str
    message: str
    task: int | None = None
    tasks: tuple[int, ...] = ()
    old_task: int | None = None
    against: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)


def passes(findings: Iterable[Finding]) -> bool:
    """The verdict of a review: it passes when no finding is an error."""
    return not any(f.severity == "error" for f in findings)
