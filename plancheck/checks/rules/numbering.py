"""numbering: printed task or section numbers that skip, repeat or go backwards."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from ...compare.model import Analysis
from ...plans.model import Plan, Task
from ..finding import Finding
from ..numerals import number_value, printed_like
from ..scope import checked_plans, short_title

if TYPE_CHECKING:
    from ..config import CheckConfig

NAME = "numbering"
SEVERITY = "warning"
SINGLE_PLAN = True
TITLE = "编号错误"
DESCRIPTION = """
任务和部分的序号应连续:既不跳号,也不重号或倒序。序号可以在每个部分内从(一)重新开始,也可以全文连续编号,
本规则自动识别计划采用哪种方式;问题报告在序号出错的那一项上(跳号后的第一项、重号的第二项)。
错误示例:第四部分任务编号为“(一)(二)(三)(五)”,或全文编号“10. 11. 11. 12.”。
正确示例:“(一)(二)(三)(四)”;“10. 11. 12. 13.”。
"""

Numbered = tuple[Task, int]


def check(analysis: Analysis, config: CheckConfig) -> Iterator[Finding]:
    """Findings for each wrongly printed task number, then for wrongly printed section numbers."""
    for role, plan in checked_plans(analysis, config):
        groups = _section_groups(plan)
        if _restarts_per_section(groups):
            for group in groups:
                yield from _check_sequence(group, role, per_section=True)
        else:
            yield from _check_sequence([item for group in groups for item in group], role, per_section=False)
        yield from _check_sections(plan, role)


def _section_groups(plan: Plan) -> list[list[Numbered]]:
    """Numbered tasks in runs that share a section."""
    groups: list[list[Numbered]] = []
    current_section: object = object()
    for task in plan.tasks:
        value = number_value(task.number)
        if value is None:
            continue
        key = (task.section_number, task.section)
        if key != current_section or not groups:
            groups.append([])
            current_section = key
        groups[-1].append((task, value))
    return groups


def _restarts_per_section(groups: Sequence[Sequence[Numbered]]) -> bool:
    """True when sections restart their numbering at 1, False when it runs on through the document."""
    restart = cont = 0
    for previous, group in pairwise(groups):
        first = group[0][1]
        if first == 1:
            restart += 1
        elif first == previous[-1][1] + 1:
            cont += 1
    return restart >= cont and restart > 0


def _check_sequence(items: Sequence[Numbered], role: str, per_section: bool) -> Iterator[Finding]:
    expected = 1
    for pos, (task, value) in enumerate(items):
        following = items[pos + 1][1] if pos + 1 < len(items) else None
        # 1, 2, 3, 1, 2: a new run under a sub-heading the plan does not show as a section
        restart = value == 1 and pos > 0 and items[pos - 1][1] >= 2 and following == 2
        if value != expected and not restart:
            previous = items[pos - 1] if pos else None
            yield _finding(task, value, expected, previous, role, per_section)
            # a single misprint (3, 7, 5) is reported once: the sequence goes on from the expected number
            value = expected if following == expected + 1 and following != value + 1 else value
        expected = value + 1


def _finding(task: Task, value: int, expected: int, previous: Numbered | None,
             role: str, per_section: bool) -> Finding:
    where = f"第{task.section_number}部分" if per_section and task.section_number else ""
    wanted = printed_like(expected, task.number)
    if previous is None:
        message = f"{where}任务编号从“{task.number}”开始,应为“{wanted}”"
    else:
        before_task, before = previous
        if value == before:
            message = (f"{where}任务编号“{task.number}”重复出现"
                       f"(第{before_task.index}、{task.index}项任务编号相同),应为“{wanted}”")
        elif value < before:
            message = f"{where}任务编号“{task.number}”排在“{before_task.number}”之后,顺序倒退,应为“{wanted}”"
        else:
            message = f"{where}任务编号“{before_task.number}”之后为“{task.number}”,缺少“{wanted}”"
    evidence = {"number": task.number, "task": short_title(task, 40)}
    if previous is not None:
        evidence["previous"] = f"{previous[0].number} {short_title(previous[0], 40)}"
    return Finding(NAME, SEVERITY, role, message, task=task.index, evidence=evidence)


def _check_sections(plan: Plan, role: str) -> Iterator[Finding]:
    """Section headings (一、二、…) must run on without gaps; reported on the section's first task."""
    numbered = [(s, v) for s in plan.sections if (v := number_value(s.number)) is not None]
    expected = 1
    for pos, (section, value) in enumerate(numbered):
        if value != expected:
            first = next((t.index for t in plan.tasks if t.section_number == section.number), None)
            wanted = printed_like(expected, section.number)
            if pos and value == numbered[pos - 1][1]:
                problem = f"部分编号“{section.number}”重复出现,应为“{wanted}”"
            elif pos and value < numbered[pos - 1][1]:
                problem = f"部分编号“{section.number}”顺序倒退,应为“{wanted}”"
            else:
                problem = f"部分编号跳过了“{wanted}”,直接为“{section.number}”"
            yield Finding(NAME, SEVERITY, role, problem, task=first,
                          evidence={"section": f"{section.number}、{section.title}"})
        expected = value + 1
