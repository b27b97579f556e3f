"""missing-lead-unit: a task that names no lead unit, where its plan's convention calls for one."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...compare.model import Analysis
from ..finding import Finding
from ..scope import checked_plans, task_label
from ..unit_labels import has_units, lead_label, unit_evidence, unit_label_words

if TYPE_CHECKING:
    from ..config import CheckConfig

NAME = "missing-lead-unit"
SEVERITY = "error"
SINGLE_PLAN = True
TITLE = "缺少牵头单位"
DESCRIPTION = """
每项任务都应明确由哪个单位牵头负责。计划中其他任务标注了牵头单位(“牵头单位”“牵头部门”“X牵头”,
或在只用“责任单位”“配合单位”的计划中标注“责任单位”)时,某项任务没有牵头单位,就无人对其负总责。
没有任何单位的任务也会触发本规则。整份计划都不标注单位时不检查。
错误示例:“〔责任单位:县政府各部门〕”(其他任务均写明牵头单位)。
正确示例:“〔牵头单位:县司法局;责任单位:县政府各部门〕”。
"""


def check(analysis: Analysis, config: CheckConfig) -> Iterator[Finding]:
    """A finding for each task without lead units in a plan whose tasks normally carry them."""
    for role, plan in checked_plans(analysis, config):
        if plan.unit_convention not in ("lead+responsible", "lead-only"):
            continue
        label = lead_label(plan)
        for task in plan.tasks:
            if task.lead_units:
                continue
            if has_units(task):
                helpers = "、".join(unit_label_words(task)) or "配合单位"
                message = f"{task_label(task)}只标注了{helpers},缺少牵头单位"
                if label != "牵头单位":
                    message += f"(本计划以“{label}”标注牵头单位)"
            else:
                message = f"{task_label(task)}没有标注任何单位,缺少牵头单位"
            yield Finding(NAME, SEVERITY, role, message, task=task.index, evidence=unit_evidence(task))
