"""Which plans of an analysis the single-plan rules look at, and how they name a task."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..compare.model import Analysis
from ..plans.model import Plan, Task

if TYPE_CHECKING:
    from .config import CheckConfig


def checked_plans(analysis: Analysis, config: CheckConfig) -> Iterator[tuple[str, Plan]]:
    """(role, plan) for the draft and, unless switched off, the baseline."""
    yield "draft", analysis.draft
    if analysis.baseline is not None and config.check_baseline:
        yield "baseline", analysis.baseline


def plan_year(plan: Plan, config: CheckConfig) -> int | None:
    """The plan's year: from its title, else from the configuration."""
    return plan.year if plan.year is not None else config.year


def short_title(task: Task, limit: int = 24) -> str:
    """The task's title, cut to a readable length."""
    title = (task.title.strip() or task.text.strip()).replace("“", "‘").replace("”", "’")
    return title if len(title) <= limit else title[: limit - 1] + "…"


def quoted(text: str) -> str:
    """`text` in Chinese quotes, its own quotes turned to the inner kind: “确保实现‘十四五’规划目标”."""
    return "“" + text.replace("“", "‘").replace("”", "’") + "”"


def task_label(task: Task) -> str:
    """`第11项任务“加强行政执法队伍建设”`: the ordinal index a reader can count, and the title."""
    return f"第{task.index}项任务“{short_title(task)}”"
