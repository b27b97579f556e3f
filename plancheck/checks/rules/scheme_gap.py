"""scheme-gap: an item of the multi-year implementation scheme that no task of the plan implements."""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ...compare.model import Analysis
from ..finding import Finding
from ..scope import short_title

if TYPE_CHECKING:
    from ..config import CheckConfig

NAME = "scheme-gap"
SEVERITY = "warning"
TITLE = "实施方案任务未落实"
DESCRIPTION = """
年度计划应把多年实施方案的各项任务分解落实到年度任务中。实施方案中的某项任务在年度计划里找不到
任何对应任务时报告,以免该项工作在当年被遗漏。同时给出去年计划时,也报告去年计划的缺口,便于对比。
错误示例:实施方案要求“有序推进行政裁决工作”,年度计划中没有任何关于行政裁决的任务。
正确示例:年度计划列有“有序推进行政裁决工作。梳理公布县级行政裁决事项清单……”一项。
"""

_PLAN_NAMES = {"draft": "草案", "baseline": "去年计划"}


def check(analysis: Analysis, config: CheckConfig) -> Iterator[Finding]:
    """A finding for each scheme item without a linked task, against the draft and the baseline."""
    scheme = analysis.scheme
    if scheme is None:
        return
    roles = ["draft"] + (["baseline"] if analysis.baseline is not None else [])
    for role in roles:
        covered = {link.item for link in analysis.scheme_links.get(role, ())}
        plan = analysis.draft if role == "draft" else analysis.baseline
        for item in scheme.tasks:
            if item.index in covered:
                continue
            number = f"{item.section_number}{item.number}" if item.section_number else item.number
            message = f"实施方案第{item.index}项任务“{short_title(item)}”在{_PLAN_NAMES[role]}中没有对应任务"
            evidence = {"scheme": f"{number} {item.title}".strip(), "plan": plan.title if plan else ""}
            severity = SEVERITY if role == "draft" else "info"
            yield Finding(NAME, severity, "scheme", message, task=item.index, against=role, evidence=evidence)
