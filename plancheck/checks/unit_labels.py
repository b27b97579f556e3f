"""The words a plan uses to label its lead and its responsible units, for messages that speak its language."""
from __future__ import annotations

from collections import Counter

from ..plans.model import Plan, Task

DEFAULT_LEAD_LABEL = "牵头单位"
DEFAULT_RESPONSIBLE_LABEL = "责任单位"


def unit_label_words(task: Task) -> list[str]:
    """The unit labels printed with the task (责任单位, 配合单位…), without 完成时限 and the like."""
    return [label for label in task.unit_labels if label and label.endswith(("单位", "部门", "科室"))]


def lead_label(plan: Plan) -> str:
    """The label this plan puts on lead units (责任单位 in plans that pair it with 配合单位)."""
    counts = Counter(labels[0] for t in plan.tasks if t.lead_units and (labels := unit_label_words(t)))
    return counts.most_common(1)[0][0] if counts else DEFAULT_LEAD_LABEL


def responsible_label(plan: Plan) -> str:
    """The label this plan puts on responsible / helper units."""
    counts = Counter(labels[-1] for t in plan.tasks
                     if t.lead_units and t.responsible_units and len(labels := unit_label_words(t)) >= 2)
    return counts.most_common(1)[0][0] if counts else DEFAULT_RESPONSIBLE_LABEL


def has_units(task: Task) -> bool:
    """Whether the task names any unit at all."""
    return bool(task.lead_units or task.responsible_units)


def unit_evidence(task: Task) -> dict[str, str]:
    """The task's unit block as printed, for a finding's evidence."""
    block = task.unit_block.strip()
    return {"units": block if block else "(任务后没有单位)", "task": task.title}
