"""The batch dashboard as plain data: cards, the localities table, filters, charts and scheme parts.

`build_dashboard` turns the batch's results into what ``templates/index.html.j2`` lays out without
deciding anything: every text, sort key, filter value and pixel is here. The locality's name is its
folder path below the batch's folder (`青山市/清河县`); its levels become the table's first columns and
the path without its last level is the group a reader folds (a city's counties).
"""
from __future__ import annotations

import math
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ..reports.labels import SEVERITY_LABELS
from .dashboard_charts import HeatMap, Histogram, PartChart, coverage_histogram, heat_map, part_bars
from .part_groups import PartGroup, other_wordings
from .review import VERDICT_FAIL, VERDICT_PASS, VERDICT_UNUSABLE, LocalityResult

VERDICTS = (VERDICT_PASS, VERDICT_FAIL, VERDICT_UNUSABLE)
VERDICT_CLASSES = {VERDICT_PASS: "pass", VERDICT_FAIL: "fail", VERDICT_UNUSABLE: "unusable"}
# Sorting by verdict puts the localities needing attention first.
VERDICT_RANKS = {VERDICT_FAIL: 0, VERDICT_UNUSABLE: 1, VERDICT_PASS: 2}
LINK_LABELS = (("review", "审查报告"), ("coverage", "方案覆盖"), ("opinion", "审查意见书"), ("json", "JSON"))
# Level names from the last level up: a path 省/市/县 has all three; deeper paths number the rest.
LEVEL_NAMES = ("县(市、区)", "市", "省")
UNGROUPED = "(未分组)"
# A scheme part held by at least this share of the localities with a scheme is charted and tabled first.
COMMON_PART_SHARE = 0.1
CHART_PARTS = 20
PAGE_WORDINGS = 5  # the other wordings of a part the page lists (a province may have hundreds)
_NOT_IN_URL = re.compile(r"[\x00-\x20\"#%'<>?\\^`{|}\x7f]")


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    note: str = ""
    tone: str = ""  # a style class: pass, fail, unusable, error, warning, info


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool


class Cell(NamedTuple):
    """One cell of the localities table (a named tuple: a province has tens of thousands)."""

    text: str
    sort: str | None  # the key when the text is not it (a share, a verdict); None sorts by the text
    tone: str = ""  # a style class


@dataclass(frozen=True)
class Link:
    label: str
    href: str


@dataclass(frozen=True)
class Row:
    """One locality of the table, with what its filters look at."""

    group: str
    verdict: str
    rules: str  # names of the rules with at least one finding, space-separated
    coverage: str  # draft coverage in percent, "" without a scheme
    cells: tuple[Cell, ...]
    links: tuple[Link, ...]
    problems: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """A foldable group of rows: a city's localities (one unlabelled group when nothing is grouped)."""

    key: str
    label: str
    summary: str
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Option:
    """A filter's choice: the value rows carry, its Chinese title and how many localities have it."""

    value: str
    title: str
    count: int


@dataclass(frozen=True)
class PartRow:
    title: str
    wordings: str
    localities: int
    items: int
    covered: int
    share: str


@dataclass(frozen=True)
class Dashboard:
    localities: int
    counts: dict[str, int]  # per verdict
    cards: tuple[Card, ...]
    columns: tuple[Column, ...]  # the plain columns, then 报告 and 说明
    grouped: bool  # whether some locality sits below another level (a city) and so can be folded
    groups: tuple[Group, ...]  # in table order; rows in each by name
    verdict_options: tuple[Option, ...]
    rule_options: tuple[Option, ...]
    heat: HeatMap
    histogram: Histogram
    part_chart: PartChart
    common_parts: tuple[PartRow, ...]
    rare_parts: tuple[PartRow, ...]
    common_from: int  # the localities a part needs to be common


def rule_titles(results: Sequence[LocalityResult]) -> tuple[tuple[str, str], ...]:
    """(name, Chinese title) of every rule, in report order, then any other rule a result names."""
    from ..checks import all_rules

    known = tuple((rule.name, rule.title) for rule in all_rules())
    names = {name for name, _ in known}
    extra = sorted({rule for r in results for rule in r.rules} - names)
    return known + tuple((rule, rule) for rule in extra)


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


def share_key(share: float | None) -> str:
    """The sort key of a share, finer than its printed percent; "" (sorted last either way) when missing."""
    return "" if share is None else f"{share:.6f}"


def href(path: str) -> str:
    """A report's path as a link: Chinese kept as it is (an IRI, as browsers read it), ASCII that a URL
    cannot hold as it is (space, %, #, ?, quotes, controls) percent-encoded."""
    return _NOT_IN_URL.sub(lambda m: f"%{ord(m.group()):02X}", path)


def level_names(depth: int) -> tuple[str, ...]:
    """Column titles of a path `depth` levels deep, top level first."""
    if depth == 1:
        return ("地区",)
    return tuple(LEVEL_NAMES[k] if k < len(LEVEL_NAMES) else f"第{depth - k}级" for k in range(depth))[::-1]


def split_levels(locality: str, depth: int) -> tuple[str, ...]:
    """The locality's path as `depth` levels, padded with "" at the top (a county directly under DIR)."""
    parts = locality.split("/")
    if len(parts) > depth:
        parts = ["/".join(parts[: len(parts) - depth + 1]), *parts[len(parts) - depth + 1:]]
    return ("",) * (depth - len(parts)) + tuple(parts)


def group_of(locality: str) -> str:
    """The fold group: the path without its last level ("" for a locality directly under DIR)."""
    return locality.rpartition("/")[0]


def build_dashboard(results: Sequence[LocalityResult], parts: Sequence[PartGroup]) -> Dashboard:
    """Everything index.html shows of a batch: results sorted as the batch sorted them, parts grouped."""
    rules = rule_titles(results)
    depth = max((len(r.locality.split("/")) for r in results), default=1)
    counts = {verdict: sum(1 for r in results if r.verdict == verdict) for verdict in VERDICTS}
    by_group = _by_group(results) if depth > 1 else {"": list(results)}
    ordered = [r for members in by_group.values() for r in members]
    with_parts = sum(1 for r in results if r.parts)
    common_from = max(1, math.ceil(with_parts * COMMON_PART_SHARE))
    common = [g for g in parts if g.localities >= common_from]
    rare = [g for g in parts if g.localities < common_from]
    return Dashboard(
        localities=len(results),
        counts=counts,
        cards=_cards(results, counts),
        columns=tuple(Column(name, False) for name in level_names(depth)) + _COLUMNS,
        grouped=depth > 1,
        groups=tuple(_group(key, members, depth, rules) for key, members in by_group.items()),
        verdict_options=tuple(Option(v, v, counts[v]) for v in VERDICTS),
        rule_options=_rule_options(results, rules),
        heat=heat_map([(r.locality, r.rules if r.reviewed else None) for r in ordered], rules),
        histogram=coverage_histogram([r.scheme_share for r in results if r.scheme_share is not None]),
        part_chart=part_bars([(g.title, g.localities, g.items, g.covered) for g in common[:CHART_PARTS]]),
        common_parts=tuple(_part_row(g) for g in common),
        rare_parts=tuple(_part_row(g) for g in rare),
        common_from=common_from,
    )


_COLUMNS = (
    Column("结论", True), Column("任务数", True),
    *(Column(label, True) for label in SEVERITY_LABELS.values()),
    Column("草案覆盖率", True), Column("累计覆盖率", True), Column("从未落实", True),
    Column("报告", False), Column("说明", False),
)


def _cards(results: Sequence[LocalityResult], counts: dict[str, int]) -> tuple[Card, ...]:
    severities: Counter[str] = Counter()
    affected: Counter[str] = Counter()
    for r in results:
        severities.update(r.severities)
        affected.update(severity for severity, n in r.severities.items() if n)
    shares = [r.scheme_share for r in results if r.scheme_share is not None]
    median = f"{statistics.median(shares):.0%}" if shares else "—"
    return (
        Card("地区", str(len(results)), "本次批量审查"),
        Card(VERDICT_PASS, str(counts[VERDICT_PASS]), "没有达到不通过级别的问题", "pass"),
        Card(VERDICT_FAIL, str(counts[VERDICT_FAIL]), "有达到不通过级别的问题", "fail"),
        Card(VERDICT_UNUSABLE, str(counts[VERDICT_UNUSABLE]), "草案无法读取或审查未完成", "unusable"),
        *(Card(label, str(severities[key]), f"涉及 {affected[key]} 个地区", key)
          for key, label in SEVERITY_LABELS.items()),
        Card("草案覆盖率中位数", median, f"{len(shares)} 个地区有实施方案" if shares else "没有地区有可用的实施方案"),
    )


def _row(r: LocalityResult, depth: int, rules: Sequence[tuple[str, str]]) -> Row:
    done = r.reviewed

    def count(value: int | None) -> Cell:
        return Cell("—" if value is None else str(value), None)

    severity_cells = tuple(count(r.severities.get(key, 0) if done else None) for key in SEVERITY_LABELS)
    cells = (
        *(Cell(level, None, "level") for level in split_levels(r.locality, depth)),
        Cell(r.verdict, str(VERDICT_RANKS.get(r.verdict, len(VERDICT_RANKS))),
             f"verdict v-{VERDICT_CLASSES.get(r.verdict, 'unusable')}"),
        count(r.tasks), *severity_cells,
        Cell(percent(r.scheme_share), share_key(r.scheme_share)),
        Cell(percent(r.share_any), share_key(r.share_any)),
        count(r.never_covered),
    )
    return Row(
        group=group_of(r.locality), verdict=r.verdict, rules=" ".join(name for name, _ in rules if r.rules.get(name)),
        coverage="" if r.scheme_share is None else f"{r.scheme_share * 100:.2f}",
        cells=cells, links=_links(r), problems=r.problems,
    )


def _links(r: LocalityResult) -> tuple[Link, ...]:
    return tuple(Link(label, href(r.reports[key])) for key, label in LINK_LABELS if key in r.reports)


def _by_group(results: Sequence[LocalityResult]) -> dict[str, list[LocalityResult]]:
    """The results by fold group, groups and their members in name order."""
    members: dict[str, list[LocalityResult]] = {}
    for r in results:
        members.setdefault(group_of(r.locality), []).append(r)
    return {key: sorted(members[key], key=lambda r: r.locality) for key in sorted(members)}


def _group(key: str, members: Sequence[LocalityResult], depth: int, rules: Sequence[tuple[str, str]]) -> Group:
    verdicts = Counter(r.verdict for r in members)
    detail = " · ".join(f"{v} {verdicts[v]}" for v in VERDICTS if verdicts[v])
    return Group(key, key or UNGROUPED, f"{len(members)} 个地区:{detail}",
                 tuple(_row(r, depth, rules) for r in members))


def _rule_options(results: Sequence[LocalityResult], rules: Sequence[tuple[str, str]]) -> tuple[Option, ...]:
    localities = Counter(rule for r in results for rule, n in r.rules.items() if n)
    return tuple(Option(name, title, localities[name]) for name, title in rules)


def _part_row(group: PartGroup) -> PartRow:
    return PartRow(group.title, other_wordings(group, PAGE_WORDINGS), group.localities, group.items, group.covered,
                   f"{group.share:.0%}")
