"""stale-reference: a plan that speaks of a past year or an event already past as still ahead."""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...compare.model import Analysis
from ...plans.model import Task
from ..finding import Finding
from ..scope import checked_plans, plan_year, quoted, task_label
from ..text import compact, sentence_at, task_text

if TYPE_CHECKING:
    from ..config import CheckConfig, DatedEvent

NAME = "stale-reference"
SEVERITY = "warning"
SINGLE_PLAN = True
TITLE = "过时表述"
DESCRIPTION = """
计划沿用往年文字时,常把已经过去的年份当作目标时限,或把已经发生的事件说成即将到来。
本规则按计划年度检查“某年底前”“到某年”等时限和“迎接某会议召开”等说法;包含计划年度的时段
(如“(2023-2025年)”)和以过去时叙述的往事(如“已于2024年1月1日起施行”)不算。事件清单可在配置中修改。
错误示例:2024年工作要点中写“2023年底前完成全县突发事件专项应急预案修订工作”;
2023年计划中写“围绕喜迎党的二十大召开”。
正确示例:“2024年底前完成……”;“深入学习宣传贯彻党的二十大精神”。
"""

_MONTH = r"(?:\d{1,2}月(?:\d{1,2}日)?)?"
# A year used as a deadline or target: 2022年底前, 2022年6月底前, 到2022年, 力争2022年底实现.
_YEAR_TARGETS = (
    re.compile(rf"(\d{{4}})年{_MONTH}(?:底|末|年底)?(?:前|之前|以前)(?![一二三四五六七八九十两几]个?(?:季度|月|年))"),
    re.compile(rf"(?:到|至|力争|争取|确保|计划|预计|将于|要在|务必)(?:在)?(\d{{4}})年{_MONTH}(?:底|末)?"),
    re.compile(rf"(\d{{4}})年{_MONTH}(?:底|末)(?:全面|基本|全部|前)?(?:完成|实现|建成|达到|覆盖)"),
)
# Words just before the year that mark it as a past fact or a period, not a target.
_PAST_BEFORE = re.compile(r"(已|已经|截至|截止|自|从|(?<!将)于|至今|以来|\d{4}年?[-—–~至到])$")
_PAST_AFTER = re.compile(r"^[^。;,,]{0,12}(以来|起施行|起实施|已)")
_RANGE_AFTER = re.compile(r"^年?[-—–~至到]\d{4}")
_DEADLINE_YEAR = re.compile(r"(\d{4})\s*年")


def check(analysis: Analysis, config: CheckConfig) -> Iterator[Finding]:
    """Findings for past years used as targets and past events spoken of as ahead, per task."""
    for role, plan in checked_plans(analysis, config):
        year = plan_year(plan, config)
        if year is None:
            continue
        for task in plan.tasks:
            yield from _stale_years(task, year, role)
            yield from _stale_deadline(task, year, role)
            yield from _stale_events(task, year, config.events, role)


def _inside_title(text: str, pos: int) -> bool:
    """Whether the position lies inside a 《document title》."""
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


def _stale_years(task: Task, year: int, role: str) -> Iterator[Finding]:
    text = task_text(task.title, task.text)
    seen: set[int] = set()
    for pattern in _YEAR_TARGETS:
        for match in pattern.finditer(text):
            start = match.start(1)
            target_year = int(match.group(1))
            if target_year >= year or start in seen or _inside_title(text, start):
                continue
            before = text[max(0, match.start() - 6): match.start()] + text[match.start(): start]
            if _PAST_BEFORE.search(before) or _RANGE_AFTER.match(text[match.end(1):]) \
                    or _PAST_AFTER.match(text[match.end():]):
                continue
            seen.add(start)
            sentence = sentence_at(text, match.start(), match.end())
            message = (f"{task_label(task)}仍以“{match.group(0)}”为时限,"
                       f"而{target_year}年已在{year}年计划之前")
            yield Finding(NAME, SEVERITY, role, message, task=task.index,
                          evidence={"text": sentence, "reference": match.group(0), "plan_year": str(year)})


def _stale_deadline(task: Task, year: int, role: str) -> Iterator[Finding]:
    """A 完成时限 field that names a year before the plan's."""
    if not task.deadline:
        return
    match = _DEADLINE_YEAR.search(compact(task.deadline))
    if match and int(match.group(1)) < year:
        message = f"{task_label(task)}的完成时限“{task.deadline.strip()}”早于计划年度{year}年"
        yield Finding(NAME, SEVERITY, role, message, task=task.index,
                      evidence={"text": task.deadline.strip(), "reference": task.deadline.strip(),
                                "plan_year": str(year)})


def _stale_events(task: Task, year: int, events: tuple[DatedEvent, ...], role: str) -> Iterator[Finding]:
    text = task_text(task.title, task.text)
    loose = None
    for event in events:
        if event.year >= year:
            continue
        if event.name not in text:
            loose = _loose_name(text) if loose is None else loose
            if _loose_name(event.name) not in loose:
                continue
        for regex in event.regexes():
            match = regex.search(text)
            if match:
                message = (f"{task_label(task)}写有{quoted(match.group(0))},"
                           f"但{event.name}({event.year}年{event.month}月)已经过去")
                yield Finding(NAME, SEVERITY, role, message, task=task.index,
                              evidence={"text": sentence_at(text, match.start(), match.end()),
                                        "reference": match.group(0), "plan_year": str(year)})
                break


_QUOTES = re.compile(r"[“”\"《》]")


def _loose_name(name: str) -> str:
    """A text without quotes and 《》, so that 十四五规划 and “十四五”规划 are found alike."""
    return _QUOTES.sub("", name)
