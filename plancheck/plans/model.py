"""The plan model: what every reader and the splitter produce, and every later stage reads.

Plain immutable dataclasses. Behaviour lives in the modules that build or read them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

PlanKind = Literal["annual", "scheme"]


@dataclass(frozen=True)
class Source:
    """Where a task starts in the original document (1-based; page is None when unknown)."""

    page: int | None
    line: int | None


@dataclass(frozen=True)
class Target:
    """A quantitative commitment, normalised: `不少于2次` -> op '>=', value 2, unit '次'.

    kind is one of 'percent', 'count', 'coverage', 'frequency', 'deadline'.
    For deadlines, value is a sortable month number (year * 12 + month) when the year is known,
    or the month within the plan year when `year_relative` is set.
    """

    text: str
    kind: str
    metric: str
    op: str
    value: float | None
    unit: str
    year_relative: bool = False


@dataclass(frozen=True)
class Section:
    """A heading above the task level: `四、健全行政执法工作体系`."""

    number: str
    title: str
    index: int


@dataclass(frozen=True)
class Task:
    """One numbered commitment of a plan, with its units and targets."""

    index: int
    number: str
    section: str
    section_number: str
    title: str
    text: str
    lead_units: tuple[str, ...]
    responsible_units: tuple[str, ...]
    targets: tuple[Target, ...]
    deadline: str | None
    source: Source
    unit_block: str = ""  # the unit text as printed, e.g. '〔牵头单位:县司法局;责任单位:各部门〕'
    unit_labels: tuple[str, ...] = ()  # label words found, e.g. ('牵头单位', '责任单位'); '' for unlabelled


@dataclass(frozen=True)
class Plan:
    """A parsed plan document: an annual work plan or the multi-year implementation scheme."""

    path: str
    title: str
    year: int | None
    kind: PlanKind
    sections: tuple[Section, ...]
    tasks: tuple[Task, ...]
    # 'lead+responsible': tasks normally name a lead and a responsible/helper unit;
    # 'lead-only': tasks normally name one kind of unit (e.g. only 责任单位); 'none': no units at all.
    unit_convention: str = "none"
    # Where the year was read: 'title', 'file' (the file name), 'text' (the year the text names most), or ''.
    # A year the user sets (plancheck.toml) replaces any but the title's.
    year_source: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
