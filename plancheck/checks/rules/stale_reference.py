"""stale-reference: a plan that speaks of a past year or an event already past as still ahead, or that
cites a document whose period has ended; one finding per problem of a task."""
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
本规则按计划年度检查“某年底前”“到某年”等时限、“迎接某会议召开”等说法,以及仍被当作现行依据引用、
期限却已结束的规划、方案(如2025年计划引用《……实施方案(2016—2020年)》)。包含计划年度的时段
(如“(2023-2025年)”)和以过去时叙述的往事(如“已于2024年1月1日起施行”“实施以来”)不算。
同一任务中的同一问题只报告一次。事件清单可在配置中修改。
错误示例:2024年工作要点中写“2023年底前完成全县突发事件专项应急预案修订工作”;
2023年计划中写“围绕喜迎党的二十大召开”;2025年计划中写“落实《青松县法治政府建设实施方案(2016—2020年)》”。
正确示例:“2024年底前完成……”;“深入学习宣传贯彻党的二十大精神”;“落实《……实施方案(2021—2025年)》”。
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
_FOUR_DIGITS = re.compile(r"\d{4}")
# A period of a plan or scheme: 2016—2020年, 2016-2020, 2016年至2020年.
_PERIOD = re.compile(r"(?<!\d)(\d{4})年?[-—–~至到]{1,2}(\d{4})年?")
# A bare period (outside 《》) names a document when one of these words follows closely.
_DOCUMENT_AFTER = re.compile(r"^[)）]?[^。;;,,]{0,8}?(规划|方案|纲要|计划|意见|要点)")
# A period spoken of as past or as the object of a review, not as the document in force.
_PERIOD_PAST_AFTER = re.compile(r"^[^。;;,,]{0,16}(以来|期间|收官|总结|评估|验收|届满)")

# A finding and the problem it reports: the stale year, the expired document or the past event.
Keyed = tuple[tuple[str, str], Finding]


def check(analysis: Analysis, config: CheckConfig) -> Iterator[Finding]:
    """Findings for past years used as targets, expired documents cited and past events spoken of as
    ahead: one per problem of a task (a year in the text and in the 完成时限 field is one problem)."""
    for role, plan in checked_plans(analysis, config):
        year = plan_year(plan, config)
        if year is None:
            continue
        events = [(event, _loose_name(event.name)) for event in config.events if event.year < year]
        for task in plan.tasks:
            text = task_text(task.title, task.text)
            # Every year target and every period names a four-digit year: most tasks name none.
            dated = _FOUR_DIGITS.search(text) is not None
            seen: set[tuple[str, str]] = set()
            for key, finding in (*(_stale_years(task, text, year, role) if dated else ()),
                                 *_stale_deadline(task, year, role),
                                 *(_stale_periods(task, text, year, role) if dated else ()),
                                 *_stale_events(task, text, year, events, role)):
                if key not in seen:
                    seen.add(key)
                    yield finding


def _inside_title(text: str, pos: int) -> bool:
    """Whether the position lies inside a 《document title》."""
    return text.rfind("《", 0, pos) > text.rfind("》", 0, pos)


def _stale_years(task: Task, text: str, year: int, role: str) -> Iterator[Keyed]:
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
            yield ("year", str(target_year)), Finding(
                NAME, SEVERITY, role, message, task=task.index,
                evidence={"text": sentence, "reference": match.group(0), "plan_year": str(year)})


def _stale_deadline(task: Task, year: int, role: str) -> Iterator[Keyed]:
    """A 完成时限 field that names a year before the plan's."""
    if not task.deadline:
        return
    match = _DEADLINE_YEAR.search(compact(task.deadline))
    if match and int(match.group(1)) < year:
        message = f"{task_label(task)}的完成时限“{task.deadline.strip()}”早于计划年度{year}年"
        yield ("year", match.group(1)), Finding(
            NAME, SEVERITY, role, message, task=task.index,
            evidence={"text": task.deadline.strip(), "reference": task.deadline.strip(), "plan_year": str(year)})


def _stale_periods(task: Task, text: str, year: int, role: str) -> Iterator[Keyed]:
    """A document cited as in force whose period ended before the plan's year."""
    for match in _PERIOD.finditer(text):
        start, end = int(match.group(1)), int(match.group(2))
        if not start < end <= start + 15 or end >= year:
            continue
        title = _enclosing_title(text, match.start())
        if title is None and not _DOCUMENT_AFTER.match(text[match.end():]):
            continue
        after = text[match.end():] if title is None else text[text.find("》", match.end()) + 1:]
        if _PERIOD_PAST_AFTER.match(after):
            continue
        reference = f"《{title}》" if title else match.group(0)
        message = (f"{task_label(task)}引用的{reference}期限为{start}—{end}年,"
                   f"在{year}年计划之前已经结束")
        yield ("period", reference), Finding(
            NAME, SEVERITY, role, message, task=task.index,
            evidence={"text": sentence_at(text, match.start(), match.end()), "reference": reference,
                      "plan_year": str(year)})


def _enclosing_title(text: str, pos: int) -> str | None:
    """The 《document title》 that holds position `pos`, if any."""
    if not _inside_title(text, pos):
        return None
    left = text.rfind("《", 0, pos)
    right = text.find("》", pos)
    return text[left + 1:right] if right != -1 else None


def _stale_events(task: Task, text: str, year: int, events: list[tuple[DatedEvent, str]],
                  role: str) -> Iterator[Keyed]:
    """Events before the plan's year (each with its name as `_loose_name` gives it) spoken of as ahead."""
    loose = None
    for event, loose_event in events:
        if event.name not in text:
            loose = _loose_name(text) if loose is None else loose
            if loose_event not in loose:
                continue
        for regex in event.regexes():
            match = regex.search(text)
            if match:
                message = (f"{task_label(task)}写有{quoted(match.group(0))},"
                           f"但{event.name}({event.year}年{event.month}月)已经过去")
                yield ("event", event.name), Finding(
                    NAME, SEVERITY, role, message, task=task.index,
                    evidence={"text": sentence_at(text, match.start(), match.end()),
                              "reference": match.group(0), "plan_year": str(year)})
                break


_QUOTES = re.compile(r"[“”\"《》]")


def _loose_name(name: str) -> str:
    """A text without quotes and 《》, so that 十四五规划 and “十四五”规划 are found alike."""
    return _QUOTES.sub("", name)
