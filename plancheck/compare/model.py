"""What comparing plans produces: the alignment of two years, scheme links, redlines.

Plain immutable data; `checks/` and `reports/` read it, nothing here formats or judges.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..plans.model import Plan



@dataclass(frozen=True)
class DiffSpan:
    """One run of a word-level redline: op -1 deleted, 0 kept, 1 inserted."""

    op: int
    text: str


@dataclass(frozen=True)
class SentenceChange:
    """A commitment sentence removed, added or changed between two aligned tasks."""

    change: str  # 'removed', 'added', 'changed'
    old: str
    new: str


@dataclass(frozen=True)
class Redline:
    """The word-level and sentence-level difference of one aligned pair."""

    spans: tuple[DiffSpan, ...]
    sentences: tuple[SentenceChange, ...]


@dataclass(frozen=True)
class AlignedPair:
    """One row of the year-over-year alignment: baseline task -> draft task (1-based indexes)."""

    baseline: int
    draft: int
    kind: str
    score: float
    terms: tuple[str, ...] = ()
    redline: Redline | None = None
    decision: str | None = None  # 'confirmed' or 'forced' when a reviewer decided it
    confidence: float | None = None  # calibrated probability that the two are one commitment


@dataclass(frozen=True)
class NearMiss:
    """The best candidate a dropped or added task had, so a reviewer can spot a wrong alignment."""

    task: int
    candidate: int | None
    score: float
    confidence: float = 0.0  # calibrated probability that the two are one commitment
    review: bool = False  # close enough that a reviewer should look at the candidate
    terms: tuple[str, ...] = ()  # the distinctive terms the two share
    evidence: tuple[str, ...] = ()  # what speaks for and against the pair, in Chinese


@dataclass(frozen=True)
class SchemeLink:
    """A plan task that implements a scheme item, with the distinctive terms they share."""

    task: int
    item: int
    score: float
    terms: tuple[str, ...] = ()
    decision: str | None = None


@dataclass(frozen=True)
class UnitRename:
    """A lead unit of last year's plan (`old`) that the draft calls `new`; `evidence` says why."""

    old: str
    new: str
    evidence: str  # 'variant' (one name is a form of the other) or 'swap' (replaced plan-wide)


@dataclass(frozen=True)
class Analysis:
    """Everything compare/ knows about a draft, its baseline and its scheme."""

    draft: Plan
    baseline: Plan | None = None
    scheme: Plan | None = None
    alignment: tuple[AlignedPair, ...] = ()
    dropped: tuple[int, ...] = ()
    added: tuple[int, ...] = ()
    dropped_near: tuple[NearMiss, ...] = ()
    added_near: tuple[NearMiss, ...] = ()
    # role ('baseline' or 'draft') -> links of that plan's tasks to scheme items
    scheme_links: dict[str, tuple[SchemeLink, ...]] = field(default_factory=dict)
    decisions_applied: tuple[str, ...] = ()
    unit_renames: tuple[UnitRename, ...] = ()  # lead units renamed between the years
