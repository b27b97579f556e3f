"""What the command line prints: a task table for `parse`, a concise summary for `check`."""
from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence

from ..checks.finding import SEVERITIES, Finding, passes
from ..compare.model import Analysis
from ..plans.model import Plan
from .labels import ROLE_LABELS, SEVERITY_LABELS



def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    out, used = [], 0
    for ch in text:
        w = _width(ch)
        if used + w > width:
            out.append("…")
            used += 1
            break
        out.append(ch)
        used += w
    return "".join(out) + " " * max(0, width - used)


def task_table(plan: Plan) -> str:
    """A readable table of a plan's tasks: number, section, title, lead and responsible units."""
    header = f"{plan.title or plan.path}({plan.year or '年份未知'},{'实施方案' if plan.kind == 'scheme' else '年度计划'}," \
             f"{len(plan.tasks)} 项任务)"
    rows = [header, _fit("序号", 5) + _fit("编号", 7) + _fit("部分", 5) + _fit("任务", 40) + _fit("牵头单位", 26) + "责任单位"]
    for task in plan.tasks:
        rows.append(
            _fit(str(task.index), 5) + _fit(task.number, 7) + _fit(task.section_number, 5)
            + _fit(task.title, 40) + _fit("、".join(task.lead_units) or "—", 26)
            + ("、".join(task.responsible_units) or "—")
        )
    return "\n".join(rows)


def review_summary(analysis: Analysis, findings: Sequence[Finding], worst: int = 10) -> str:
    """Counts per rule and the worst findings with their task numbers."""
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = sum(1 for f in findings if f.severity == "warning")
    lines = [f"草案:{analysis.draft.title or analysis.draft.path}({len(analysis.draft.tasks)} 项任务)"]
    if analysis.baseline is not None:
        lines.append(f"对照:{analysis.baseline.title or analysis.baseline.path}({len(analysis.baseline.tasks)} 项任务),"
                     f"对应 {len(analysis.alignment)} 组,删去 {len(analysis.dropped)} 项,新增 {len(analysis.added)} 项")
    if analysis.scheme is not None:
        lines.append(f"实施方案:{analysis.scheme.title or analysis.scheme.path}({len(analysis.scheme.tasks)} 项)")
    verdict = "通过" if passes(findings) else f"不通过:{errors} 个错误"
    lines.append(f"结论:{verdict},{warnings} 个警告")
    for (rule, severity), count in sorted(Counter((f.rule, f.severity) for f in findings).items()):
        lines.append(f"  {_fit(rule, 26)}{SEVERITY_LABELS.get(severity, severity)} × {count}")
    ranked = sorted(findings, key=lambda f: SEVERITIES.index(f.severity)
                    if f.severity in SEVERITIES else len(SEVERITIES))
    if ranked:
        lines.append("主要问题:")
    for finding in ranked[:worst]:
        where = ROLE_LABELS.get(finding.document, finding.document)
        lines.append(f"  [{SEVERITY_LABELS.get(finding.severity, finding.severity)}] {where}:{finding.message}")
    if len(ranked) > worst:
        lines.append(f"  ……另有 {len(ranked) - worst} 条,见报告")
    return "\n".join(lines)
