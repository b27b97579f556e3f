"""Multi-year coverage of the implementation scheme: which annual plans implement which scheme items.

Pure computation over parsed plans. Each annual plan is linked to the scheme (`link_to_scheme`, or
links the caller already has); the result is a matrix scheme item x year of implementing task
indexes, plus what an inspection asks about it: items no year covers, items covered one year and
missing in a later one, and the covered share per scheme section and per year.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from ..plans.errors import PlanInputError
from ..plans.model import Plan
from .model import SchemeLink


@dataclass(frozen=True)
class ItemCoverage:
    """One row of the matrix: a scheme item and, per year, the plan tasks implementing it."""

    item: int
    number: str
    section: str
    title: str
    tasks: tuple[tuple[int, ...], ...]  # parallel to Coverage.years

    # Cached: the summary, the sections and the coverage page each ask every row.
    @cached_property
    def covered_years(self) -> tuple[int, ...]:
        """Positions (in Coverage.years) of the years with at least one implementing task."""
        return tuple(k for k, found in enumerate(self.tasks) if found)


@dataclass(frozen=True)
class CoverageDrop:
    """A scheme item implemented in `covered` and no longer in the later year `missing`."""

    item: int
    covered: int
    missing: int


@dataclass(frozen=True)
class SectionCoverage:
    """Covered items of one scheme section, per year and over all years."""

    section: str
    number: str
    items: int
    covered: tuple[int, ...]  # per year, parallel to Coverage.years
    covered_any: int


@dataclass(frozen=True)
class YearCoverage:
    """Covered items of the whole scheme in one year's plan."""

    year: int
    path: str
    title: str
    tasks: int
    linked_tasks: int  # plan tasks that implement at least one scheme item
    covered: int
    items: int

    @property
    def share(self) -> float:
        """Covered items / scheme items (0 for an empty scheme)."""
        return self.covered / self.items if self.items else 0.0


@dataclass(frozen=True)
class Coverage:
    """The scheme item x year matrix and its summaries; years ascend, plans follow them."""

    scheme: Plan
    plans: tuple[Plan, ...]
    years: tuple[int, ...]
    links: tuple[tuple[SchemeLink, ...], ...]  # per year, parallel to `years`
    matrix: tuple[ItemCoverage, ...]
    never_covered: tuple[int, ...]
    dropped: tuple[CoverageDrop, ...]
    by_section: tuple[SectionCoverage, ...]
    by_year: tuple[YearCoverage, ...]

    @property
    def covered_any(self) -> int:
        """Scheme items implemented in at least one year."""
        return len(self.matrix) - len(self.never_covered)

    @property
    def share_any(self) -> float:
        """Share of scheme items implemented in at least one year."""
        return self.covered_any / len(self.matrix) if self.matrix else 0.0


def coverage(scheme: Plan, plans: Sequence[Plan],
             known_links: Mapping[int, Sequence[SchemeLink]] | None = None) -> Coverage:
    """Link every plan to the scheme and summarise the coverage of each scheme item across the years.

    Every plan needs a year, and no two plans may share one. `known_links` (year -> links) reuses
    links already computed, e.g. by `analyse`, instead of linking that plan again.
    Raises PlanInputError (Chinese message) on a plan without a year or a repeated year.
    """
    from .scheme import link_to_scheme

    ordered = _by_year(plans)
    years = tuple(plan.year for plan in ordered)
    known = known_links or {}
    links = tuple(
        tuple(known[plan.year]) if plan.year in known else link_to_scheme(plan, scheme)
        for plan in ordered
    )
    tasks_of = [_tasks_by_item(year_links) for year_links in links]
    matrix = tuple(_item_row(item, tasks_of) for item in scheme.tasks)
    return Coverage(
        scheme=scheme,
        plans=ordered,
        years=years,
        links=links,
        matrix=matrix,
        never_covered=tuple(row.item for row in matrix if not row.covered_years),
        dropped=tuple(drop for row in matrix for drop in _drops(row, years)),
        by_section=_sections(scheme, matrix, len(years)),
        by_year=tuple(_year(plan, year_links, matrix, k) for k, (plan, year_links)
                      in enumerate(zip(ordered, links))),
    )


def _by_year(plans: Sequence[Plan]) -> tuple[Plan, ...]:
    seen: dict[int, Plan] = {}
    for plan in plans:
        if plan.year is None:
            raise PlanInputError(plan.path, "无法从标题或文件名确定计划年度,覆盖分析需要每份计划的年度")
        if plan.year in seen:
            raise PlanInputError(plan.path, f"与“{seen[plan.year].path}”同为{plan.year}年计划")
        seen[plan.year] = plan
    return tuple(seen[year] for year in sorted(seen))


def _tasks_by_item(links: Sequence[SchemeLink]) -> dict[int, tuple[int, ...]]:
    """Scheme item -> the tasks implementing it, in order, each once."""
    tasks: dict[int, set[int]] = {}
    for link in links:
        tasks.setdefault(link.item, set()).add(link.task)
    return {item: tuple(sorted(found)) for item, found in tasks.items()}


def _item_row(item, tasks_of: Sequence[Mapping[int, tuple[int, ...]]]) -> ItemCoverage:
    tasks = tuple(year.get(item.index, ()) for year in tasks_of)
    number = f"{item.section_number}{item.number}" if item.section_number else item.number
    return ItemCoverage(item.index, number, item.section, item.title, tasks)


def _drops(row: ItemCoverage, years: Sequence[int]) -> list[CoverageDrop]:
    """One drop for each year whose plan misses an item the previous covering year implemented."""
    drops = []
    last_covered: int | None = None
    for k, found in enumerate(row.tasks):
        if found:
            last_covered = years[k]
        elif last_covered is not None:
            drops.append(CoverageDrop(row.item, last_covered, years[k]))
            last_covered = None  # report the gap once, not again for every later year
    return drops


def _sections(scheme: Plan, matrix: Sequence[ItemCoverage], n_years: int) -> tuple[SectionCoverage, ...]:
    groups: dict[str, list[ItemCoverage]] = {}
    numbers: dict[str, str] = {}
    for item, row in zip(scheme.tasks, matrix):
        groups.setdefault(item.section, []).append(row)
        numbers.setdefault(item.section, item.section_number)
    return tuple(
        SectionCoverage(
            section=section,
            number=numbers[section],
            items=len(rows),
            covered=tuple(sum(1 for row in rows if row.tasks[k]) for k in range(n_years)),
            covered_any=sum(1 for row in rows if row.covered_years),
        )
        for section, rows in groups.items()
    )


def _year(plan: Plan, links: Sequence[SchemeLink], matrix: Sequence[ItemCoverage], k: int) -> YearCoverage:
    return YearCoverage(
        year=plan.year,
        path=plan.path,
        title=plan.title,
        tasks=len(plan.tasks),
        linked_tasks=len({link.task for link in links}),
        covered=sum(1 for row in matrix if row.tasks[k]),
        items=len(matrix),
    )
