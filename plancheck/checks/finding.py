"""A finding: one thing a reviewer would flag, with its evidence. Every report renders a list of these."""
from __future__ import annotations

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
