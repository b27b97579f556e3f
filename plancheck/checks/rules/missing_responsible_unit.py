"""missing-responsible-unit: a task that lacks the responsible units its plan's convention calls for."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...compare.model import Analysis
from ..finding import Finding
from ..scope import checked_plans, task_label
from ..unit_labels import has_units, responsible_label, unit_evidence, unit_label_words

if TYPE_CHECKING:
    from ..config import CheckConfig

NAME = "missing-responsible-unit"
SEVERITY = "warning"
SINGLE_PLAN = True
TITLE = "缺少责任(配合)单位"
DESCRIPTION = """
在任务普遍同时标注牵头单位和责任(配合)单位的计划中,某项任务只写了牵头单位,落实时缺少分工;
没有任何单位的任务同样触发本规则(同时触发“缺少牵头单位”)。只标注一类单位的计划不要求责任单位。
错误示例:“〔牵头单位:县司法局〕”(其他任务均写明责任单位)。
正确示例:“〔牵头单位:县司法局;责任单位:县政府各部门,各镇人民政府〕”。
"""


def check(analysis: Analysis, config: CheckConfig) -> Iterator[Finding]:
    """A finding for each lead-only task in a lead+responsible plan, and each task without any unit."""
    for role, plan in checked_plans(analysis, config):
        if plan.unit_convention not in ("lead+responsible", "lead-only"):
            continue
        label = responsible_label(plan)
        for task in plan.tasks:
            if not has_units(task):
                message = f"{task_label(task)}没有标注任何单位,缺少{label}"
            elif plan.unit_convention == "lead+responsible" and not task.responsible_units:
                printed = "、".join(unit_label_words(task)) or "牵头单位"
                message = f"{task_label(task)}只标注了{printed},缺少{label}"
            else:
                continue
            yield Finding(NAME, SEVERITY, role, message, task=task.index, evidence=unit_evidence(task))
