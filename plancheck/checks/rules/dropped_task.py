"""dropped-task: a task of last year's plan with no counterpart in the draft."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...compare.model import Analysis
from ..finding import Finding
from ..scope import short_title

if TYPE_CHECKING:
    from ..config import CheckConfig

NAME = "dropped-task"
SEVERITY = "warning"
TITLE = "去年任务未延续"
DESCRIPTION = """
去年计划中的任务在草案中找不到对应任务时报告,请确认是已经完成、有意取消,还是漏写。
若该任务落实的是实施方案中的事项,而草案中再没有别的任务落实该事项,则提升为错误。
错误示例:去年计划有“深化行政复议体制改革”,草案中既没有这项任务,也没有任何行政复议方面的任务。
正确示例:草案保留并改写该任务,如“全面贯彻实施新修订的行政复议法”;或在说明中注明该项已完成。
"""


def check(analysis: Analysis, config: CheckConfig) -> Iterator[Finding]:
    """A finding on the baseline for each dropped task, an error when a scheme item is left uncovered."""
    baseline = analysis.baseline
    if baseline is None:
        return
    tasks = {t.index: t for t in baseline.tasks}
    draft_tasks = {t.index: t for t in analysis.draft.tasks}
    near = {n.task: n for n in analysis.dropped_near}
    baseline_items: dict[int, set[int]] = {}
    for link in analysis.scheme_links.get("baseline", ()):
        baseline_items.setdefault(link.task, set()).add(link.item)
    draft_items = {link.item for link in analysis.scheme_links.get("draft", ())}
    scheme_tasks = {t.index: t for t in analysis.scheme.tasks} if analysis.scheme else {}
    for index in sorted(analysis.dropped):
        task = tasks.get(index)
        if task is None:
            continue
        message = f"去年第{index}项任务“{short_title(task)}”在草案中没有对应任务"
        evidence = {"baseline": task.title}
        uncovered = sorted(baseline_items.get(index, set()) - draft_items)
        severity = SEVERITY
        if uncovered:
            severity = "error"
            names = "、".join(f"第{i}项" for i in uncovered)
            message += f",实施方案{names}任务因此无人落实"
            evidence["scheme"] = ";".join(scheme_tasks[i].title for i in uncovered if i in scheme_tasks)
        candidate = near.get(index)
        if candidate is not None and candidate.candidate in draft_tasks:
            closest = draft_tasks[candidate.candidate]
            evidence["closest"] = f"第{closest.index}项“{closest.title}”(相似度{candidate.score:.2f})"
        yield Finding(NAME, severity, "baseline", message, task=index, evidence=evidence)
