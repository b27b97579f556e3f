"""unit-name-variant: one unit spelled two ways within a plan, or a unit missing from the unit registry."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...compare.features import unit_key
from ...compare.model import Analysis
from ...plans.model import Plan
from ..finding import Finding
from ..scope import checked_plans

if TYPE_CHECKING:
    from ..config import CheckConfig

NAME = "unit-name-variant"
SEVERITY = "warning"
SINGLE_PLAN = True
TITLE = "单位名称不统一"
DESCRIPTION = """
同一份计划中同一单位应使用同一名称,最好是单位名录中的规范全称或规范简称。本规则找出同一单位的不同写法
(依据配置中的别名表,以及“简称的字按顺序出现在全称中”这类缩写关系),并在配置了单位名录时报告名录中没有的单位。
错误示例:第3项写“县市场监督管理局”,第12项写“县市场监管局”。
正确示例:全文统一写作“县市场监管局”(或统一写全称)。
"""

_SCOPE = re.compile(r"[((][^()()]*[))]")
_COLLECTIVE = re.compile(r"各|有关|相关|等|全体|所属|其他|成员单位")
_PREFIXES = "省市州盟县区旗镇乡"
# Organisation-type endings; longer forms first, each mapped to the class it belongs to.
_SUFFIXES = (("委员会", "委"), ("办公室", "办"), ("分局", "分局"), ("中心", "中心"), ("局", "局"),
             ("委", "委"), ("办", "办"), ("厅", "厅"), ("院", "院"), ("部", "部"), ("所", "所"),
             ("队", "队"), ("站", "站"), ("室", "室"), ("会", "会"), ("处", "处"), ("科", "科"))


def check(analysis: Analysis, config: CheckConfig) -> Iterator[Finding]:
    """Findings for spelling variants of one unit and, with a registry, for unknown units."""
    canonical = _alias_map(config)
    registry = {unit_key(u) for u in config.unit_registry} | set(canonical.values()) if config.unit_registry else set()
    named: dict[str, str | None] = {}  # the draft and last year's plan name mostly the same units
    for role, plan in checked_plans(analysis, config):
        uses = _unit_uses(plan, named)
        yield from _variants(uses, canonical, role)
        if registry:
            yield from _unregistered(uses, canonical, registry, role)


def _alias_map(config: CheckConfig) -> dict[str, str]:
    """Every spelling in the alias table -> its canonical name."""
    mapping: dict[str, str] = {}
    for name, variants in config.unit_aliases.items():
        mapping[unit_key(name)] = unit_key(name)
        for variant in variants:
            mapping[unit_key(variant)] = unit_key(name)
    return mapping


def _unit_uses(plan: Plan, named: dict[str, str | None] | None = None) -> dict[str, list[int]]:
    """Each named unit (not collectives such as 县直各部门) -> the tasks that name it, in order.

    `named` keeps each unit as written -> its key, or None for a collective: a plan names its few dozen
    units in task after task."""
    named = {} if named is None else named
    uses: dict[str, list[int]] = {}
    for task in plan.tasks:
        for unit in task.lead_units + task.responsible_units:
            if unit in named:
                key = named[unit]
            else:
                key = unit_key(unit)
                key = named[unit] = key if key and not _COLLECTIVE.search(_SCOPE.sub("", key)) else None
            if key is not None:
                uses.setdefault(key, [])
                if task.index not in uses[key]:
                    uses[key].append(task.index)
    return uses


def _split(unit: str) -> tuple[str, str, str]:
    """(prefix, core, suffix class): 县市场监督管理局 -> ('县', '市场监督管理', '局')."""
    return _split_bare(_SCOPE.sub("", unit))


def _split_bare(name: str) -> tuple[str, str, str]:
    """`_split` of a name without its bracketed scope."""
    prefix = name[0] if len(name) > 2 and name[0] in _PREFIXES else ""
    rest = name[len(prefix):]
    for ending, kind in _SUFFIXES:
        if rest.endswith(ending) and len(rest) > len(ending):
            return prefix, rest[: -len(ending)], kind
    return prefix, rest, ""


def _is_subsequence(short: str, long: str) -> bool:
    chars = iter(long)
    return all(ch in chars for ch in short)


def same_unit(a: str, b: str) -> bool:
    """Whether two different unit names look like one unit: an abbreviation of the other, or an alias."""
    return _same_split(_split(a), _split(b))


def _same_split(a: tuple[str, str, str], b: tuple[str, str, str]) -> bool:
    """`same_unit` on two names already split by `_split`."""
    pa, ca, ka = a
    pb, cb, kb = b
    if pa != pb or ka != kb or not ka:
        return False
    short, long = sorted((ca, cb), key=len)
    if short == long:
        return True
    return len(short) >= 2 and short[0] == long[0] and _is_subsequence(short, long)


def kin_key(split: tuple[str, str, str]) -> tuple[str, str, str] | None:
    """What two names split by `_split` share whenever `same_unit` takes them for one unit (prefix,
    organisation type, first letter of the core); None for a name it never pairs."""
    prefix, core, kind = split
    return (prefix, kind, core[0]) if kind else None


def _variants(uses: dict[str, list[int]], canonical: dict[str, str], role: str) -> Iterator[Finding]:
    names = sorted(uses, key=lambda u: (-len(uses[u]), uses[u][0]))
    position = {name: k for k, name in enumerate(names)}
    # Each name is stripped and split once, not once per pair; and only names that could be one unit are
    # paired: those of one `kin_key`, or of one canonical name.
    bare = {name: _SCOPE.sub("", name) for name in names}
    split = {name: _split_bare(bare[name]) for name in names}
    alike: dict[tuple[str, str, str] | str | None, list[str]] = {}
    for name in names:
        alike.setdefault(kin_key(split[name]), []).append(name)
        if canonical.get(name) is not None:
            alike.setdefault(canonical[name], []).append(name)
    reported: set[str] = set()
    for i, usual in enumerate(names):
        if usual in reported:
            continue
        key = kin_key(split[usual])
        partners = set(alike[key] if key else ()) | set(alike.get(canonical.get(usual), ()))
        for other in sorted((p for p in partners if position[p] > i), key=position.__getitem__):
            if other in reported:
                continue
            aliased = canonical.get(usual) is not None and canonical.get(usual) == canonical.get(other)
            if not aliased and (bare[usual] == bare[other] or not _same_split(split[usual], split[other])):
                continue
            reported.add(other)
            tasks = "、".join(str(t) for t in uses[other])
            message = (f"单位“{other}”与“{usual}”疑为同一单位的不同写法"
                       f"(第{tasks}项任务写作“{other}”),请统一名称")
            yield Finding(NAME, SEVERITY, role, message, task=uses[other][0],
                          evidence={"variant": other, "usual": usual,
                                    "usual_tasks": "、".join(str(t) for t in uses[usual])})


def _unregistered(uses: dict[str, list[int]], canonical: dict[str, str], registry: set[str],
                  role: str) -> Iterator[Finding]:
    for unit, tasks in uses.items():
        name = canonical.get(unit, unit)
        if name in registry or _SCOPE.sub("", name) in registry:
            continue
        message = f"单位“{unit}”不在单位名录中,请核对名称(见第{'、'.join(map(str, tasks))}项任务)"
        yield Finding(NAME, "info", role, message, task=tasks[0], evidence={"unit": unit})
