"""The Excel ledger (台账): draft tasks, the alignment, the findings and scheme coverage, one sheet each.

Tables are built with pandas, written with openpyxl, then formatted (bold filled header, column
widths, frozen header, wrapped text) and saved atomically.
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from ..checks.finding import Finding
from ..compare.changes import Difference, pair_changes
from ..compare.model import Analysis
from ..plans.model import Plan, Task
from .labels import EVIDENCE_LABELS, KIND_LABELS, ROLE_LABELS, SEVERITY_LABELS
from .spreadsheet import workbook_bytes, write_workbook

TASK_COLUMNS = ["序号", "编号", "所属部分", "任务", "牵头单位", "责任单位", "量化目标", "完成时限"]
ALIGNMENT_COLUMNS = ["对应关系", "相似度", "去年序号", "去年编号", "去年所属部分", "去年任务",
                     "草案序号", "草案编号", "草案所属部分", "草案任务", "共同关键词", "最相近候选", "候选相似度",
                     "有无变化", "单位变化", "目标变化"]
# compare.changes field -> how the ledger names it
DIFFERENCE_LABELS = {"lead_units": "牵头单位", "responsible_units": "责任单位", "targets": "目标"}
FINDING_COLUMNS = ["序号", "级别", "规则", "文件", "任务", "去年任务", "对照文件", "问题说明", "证据"]
COVERAGE_COLUMNS = ["序号", "编号", "所属部分", "方案事项", "去年落实任务", "草案落实任务", "去年是否覆盖",
                    "草案是否覆盖"]


# Widest a column may grow (in character cells); wide text wraps inside it.
MAX_WIDTH = {"任务": 60, "去年任务": 45, "草案任务": 45, "方案事项": 50, "问题说明": 45, "证据": 50,
             "所属部分": 24, "去年所属部分": 20, "草案所属部分": 20, "牵头单位": 24, "责任单位": 28,
             "量化目标": 28}
DEFAULT_MAX_WIDTH = 16
HEADER_FONT = Font(bold=True, color="1F2328")
HEADER_FILL = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")
HEADER_BORDER = Border(bottom=Side(style="thin", color="8C959F"))
WRAP = Alignment(wrap_text=True, vertical="top")


# ---------------------------------------------------------------- tables


def _task(plan: Plan | None, index: int) -> Task | None:
    if plan is None or not 1 <= index <= len(plan.tasks):
        return None
    return plan.tasks[index - 1]


def _joined(items: Iterable[str], sep: str = "、") -> str:
    return sep.join(items)


def task_frame(plan: Plan) -> pd.DataFrame:
    """One row per task: 序号, 编号, 所属部分, 任务, 牵头单位, 责任单位, 量化目标, 完成时限."""
    rows = [
        [t.index, t.number, t.section, t.text or t.title, _joined(t.lead_units), _joined(t.responsible_units),
         _joined((g.text for g in t.targets), ";"), t.deadline or ""]
        for t in plan.tasks
    ]
    return pd.DataFrame(rows, columns=TASK_COLUMNS, dtype=object)


def _side(task: Task | None, index: int | None) -> list:
    if index is None:
        return [None, None, None, None]
    if task is None:
        return [index, None, None, None]
    return [index, task.number, task.section, task.title]


def _candidate(plan: Plan | None, role: str, index: int | None) -> str | None:
    if index is None:
        return None
    task = _task(plan, index)
    return f"{ROLE_LABELS[role]} {index} {task.title if task else ''}".strip()


def alignment_frame(analysis: Analysis) -> pd.DataFrame:
    """Aligned pairs in draft order, then dropped and added tasks with their nearest candidates."""
    rows = []
    base, draft = analysis.baseline, analysis.draft
    changes = pair_changes(analysis)
    for p, change in sorted(zip(analysis.alignment, changes), key=lambda pc: (pc[0].draft, pc[0].baseline)):
        diffs = change.differences()
        rows.append([KIND_LABELS.get(p.kind, p.kind), round(p.score, 2),
                     *_side(_task(base, p.baseline), p.baseline), *_side(_task(draft, p.draft), p.draft),
                     _joined(p.terms), None, None, "有变化" if change.changed else "无变化",
                     _difference_text(diffs, ("lead_units", "responsible_units")),
                     _difference_text(diffs, ("targets",))])
    dropped_near = {n.task: n for n in analysis.dropped_near}
    for index in analysis.dropped:
        near = dropped_near.get(index)
        rows.append(["删除", None, *_side(_task(base, index), index), *_side(None, None), None,
                     _candidate(draft, "draft", near.candidate if near else None),
                     round(near.score, 2) if near else None, "有变化", None, None])
    added_near = {n.task: n for n in analysis.added_near}
    for index in analysis.added:
        near = added_near.get(index)
        rows.append(["新增", None, *_side(None, None), *_side(_task(draft, index), index), None,
                     _candidate(base, "baseline", near.candidate if near else None),
                     round(near.score, 2) if near else None, "有变化", None, None])
    return pd.DataFrame(rows, columns=ALIGNMENT_COLUMNS, dtype=object)


def _difference_text(diffs: dict[str, Difference], fields: Sequence[str]) -> str | None:
    """`删去目标:不少于8次;新增目标:不少于5次` for the fields that differ, else None."""
    parts = [f"{verb}{DIFFERENCE_LABELS[name]}:{_joined(items)}" for name in fields if name in diffs
             for verb, items in (("删去", diffs[name].removed), ("新增", diffs[name].added)) if items]
    return ";".join(parts) or None


def _evidence(evidence: dict[str, str]) -> str:
    return "\n".join(f"{EVIDENCE_LABELS.get(k, k)}:{v}" for k, v in evidence.items())


def findings_frame(findings: Sequence[Finding]) -> pd.DataFrame:
    """One row per finding, in the order given (checks/ sorts them)."""
    rows = []
    for n, f in enumerate(findings, start=1):
        tasks = [f.task] if f.task is not None else list(f.tasks)
        rows.append([n, SEVERITY_LABELS.get(f.severity, f.severity), f.rule, ROLE_LABELS.get(f.document, f.document),
                     _joined(str(t) for t in tasks) or None, f.old_task,
                     ROLE_LABELS.get(f.against, f.against) if f.against else None, f.message, _evidence(f.evidence)])
    return pd.DataFrame(rows, columns=FINDING_COLUMNS, dtype=object)


def coverage_frame(analysis: Analysis) -> pd.DataFrame:
    """Each scheme item with the baseline and draft tasks that implement it."""
    if analysis.scheme is None:
        return pd.DataFrame([], columns=COVERAGE_COLUMNS, dtype=object)
    linked: dict[str, dict[int, list[int]]] = {}
    for role in ("baseline", "draft"):
        by_item: dict[int, list[int]] = defaultdict(list)
        for link in analysis.scheme_links.get(role, ()):
            by_item[link.item].append(link.task)
        linked[role] = by_item
    has_baseline = analysis.baseline is not None
    rows = []
    for item in analysis.scheme.tasks:
        old = sorted(set(linked["baseline"].get(item.index, ())))
        new = sorted(set(linked["draft"].get(item.index, ())))
        rows.append([item.index, item.number, item.section, item.title,
                     _joined(map(str, old)) if has_baseline else None, _joined(map(str, new)),
                     ("是" if old else "否") if has_baseline else None, "是" if new else "否"])
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS, dtype=object)


# ---------------------------------------------------------------- writing


def _display_width(text: str) -> int:
    """Character cells a line occupies: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _column_width(header: str, values: Iterable) -> int:
    longest = _display_width(header)
    for value in values:
        if not pd.isna(value):
            longest = max(longest, *(_display_width(line) for line in str(value).split("\n")))
    return max(6, min(longest, MAX_WIDTH.get(header, DEFAULT_MAX_WIDTH))) + 2


def _format_sheet(name: str, ws: Worksheet, frame: pd.DataFrame) -> None:
    """Bold filled header, widths from content, header row frozen, text wrapped, filter on."""
    for cell in ws[1]:
        cell.font, cell.fill, cell.border, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_BORDER, WRAP
    for n, header in enumerate(frame.columns, start=1):
        letter = ws.cell(row=1, column=n).column_letter
        ws.column_dimensions[letter].width = _column_width(header, frame[header])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = WRAP
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = ws.dimensions


def write_sheets(sheets: dict[str, pd.DataFrame], path: str | Path) -> None:
    """Write formatted sheets to path atomically (temporary file in the same folder, then rename)."""
    write_workbook(sheets, path, _format_sheet)


def ledger_sheets(analysis: Analysis, findings: Sequence[Finding]) -> dict[str, pd.DataFrame]:
    """The four sheets of the ledger, by sheet name."""
    return {
        "草案任务": task_frame(analysis.draft),
        "对照": alignment_frame(analysis),
        "问题清单": findings_frame(findings),
        "方案覆盖": coverage_frame(analysis),
    }


def ledger_bytes(analysis: Analysis, findings: Sequence[Finding]) -> bytes:
    """The ledger workbook: 草案任务, 对照, 问题清单, 方案覆盖."""
    return workbook_bytes(ledger_sheets(analysis, findings), _format_sheet)


def write_xlsx(analysis: Analysis, findings: Sequence[Finding], path: str | Path) -> None:
    """Write the ledger: 草案任务, 对照, 问题清单, 方案覆盖."""
    write_sheets(ledger_sheets(analysis, findings), path)


def write_task_table(plan: Plan, path: str | Path) -> None:
    """Write one plan's tasks as a single sheet 任务 (for `plancheck parse --xlsx`)."""
    write_sheets({"任务": task_frame(plan)}, path)
