"""Batch review, last step: the summary tables (csv, xlsx with per-rule and per-part sheets) and index.html."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .index_page import render_index
from .part_groups import PartGroup, group_parts, other_wordings
from .review import LocalityResult


def summary_frame(results: Sequence[LocalityResult]):
    """One row per locality: documents, findings per severity and per rule, coverage, verdict, problems."""
    import pandas as pd

    from .dashboard import rule_titles

    rules = [name for name, _ in rule_titles(results)]
    counts = [label for _, label in _SEVERITY_COLUMNS] + rules
    rows = []
    for r in results:
        rows.append({
            "地区": r.locality, "结论": r.verdict, "草案": r.draft, "去年计划": r.baseline, "实施方案": r.scheme,
            "配置": r.config, "任务数": r.tasks,
            **{label: r.severities.get(key, 0) if r.reviewed else None for key, label in _SEVERITY_COLUMNS},
            **{rule: r.rules.get(rule, 0) if r.reviewed else None for rule in rules},
            "草案覆盖率": _rounded(r.scheme_share), "累计覆盖率": _rounded(r.share_any),
            "从未落实": r.never_covered, "落实后中断": r.dropped,
            "问题": ";".join(r.problems),
            "审查报告": r.reports.get("review", ""), "覆盖报告": r.reports.get("coverage", ""),
            "用时(秒)": r.seconds,
        })
    frame = pd.DataFrame(rows, columns=_LEADING_COLUMNS + counts + _TRAILING_COLUMNS)
    for column in ["任务数", "从未落实", "落实后中断", *counts]:
        frame[column] = frame[column].astype("Int64")
    return frame


_LEADING_COLUMNS = ["地区", "结论", "草案", "去年计划", "实施方案", "配置", "任务数"]
_TRAILING_COLUMNS = ["草案覆盖率", "累计覆盖率", "从未落实", "落实后中断", "问题", "审查报告", "覆盖报告", "用时(秒)"]


def _rounded(share: float | None) -> float | None:
    return None if share is None else round(share, 4)


_SEVERITY_COLUMNS = (("error", "错误"), ("warning", "警告"), ("info", "提示"))


RULE_SHEET, PART_SHEET = "按规则", "按方案部分"
SHEET_WORDINGS = 50  # the other wordings of a part a cell lists (a cell holds at most 32,767 characters)
TOTAL_ROW = "合计"


def rule_frame(results: Sequence[LocalityResult]):
    """Localities x rules (Chinese titles): findings of each rule, each locality's total, and a 合计 row.

    A locality that was not reviewed has empty counts, not zeros.
    """
    import pandas as pd

    from .dashboard import rule_titles

    rules = rule_titles(results)
    titles = [title for _, title in rules]
    rows = []
    for r in results:
        counts = [r.rules.get(name, 0) if r.reviewed else None for name, _ in rules]
        rows.append([r.locality, r.verdict, *counts, sum(counts) if r.reviewed else None])
    done = [r for r in results if r.reviewed]
    totals = [sum(r.rules.get(name, 0) for r in done) for name, _ in rules]
    rows.append([TOTAL_ROW, f"{len(done)} 个地区已审查", *totals, sum(totals)])
    frame = pd.DataFrame(rows, columns=["地区", "结论", *titles, "问题合计"])
    for column in [*titles, "问题合计"]:
        frame[column] = frame[column].astype("Int64")
    return frame


def part_frame(parts: Sequence[PartGroup]):
    """The scheme parts grouped across localities, weakest first: localities, items, implemented, share."""
    import pandas as pd

    return pd.DataFrame(
        [[g.title, g.localities, g.items, g.covered, round(g.share, 4), other_wordings(g, SHEET_WORDINGS)]
         for g in parts],
        columns=["部分", "地区数", "条目", "草案落实", "落实比例", "其他写法"],
    )


def write_summary(results: Sequence[LocalityResult], out: Path) -> dict[str, Path]:
    """summary.csv (UTF-8 with BOM, for Excel), summary.xlsx (汇总, 按规则, 按方案部分) and index.html."""
    from ..reports.output import write_atomic
    from ..reports.spreadsheet import write_csv, write_workbook

    frame = summary_frame(results)
    parts = group_parts(results)
    files = {"csv": out / "summary.csv", "xlsx": out / "summary.xlsx", "index": out / "index.html"}
    write_csv(frame, files["csv"])
    sheets = {"汇总": frame, RULE_SHEET: rule_frame(results), PART_SHEET: part_frame(parts)}
    write_workbook(sheets, files["xlsx"], _format_sheet)
    write_atomic(files["index"], render_index(results, parts).encode("utf-8"))
    return files


_PERCENT_COLUMNS = {"汇总": ("草案覆盖率", "累计覆盖率"), PART_SHEET: ("落实比例",)}


def _format_sheet(name: str, sheet, frame) -> None:
    sheet.freeze_panes = "B2"
    for column in _PERCENT_COLUMNS.get(name, ()):
        col = list(frame.columns).index(column) + 1
        for row in range(2, len(frame) + 2):
            sheet.cell(row=row, column=col).number_format = "0%"
