"""Batch review, last step: the summary tables (csv, xlsx with per-rule and per-part sheets) and index.html."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .index_page import render_index
from .part_groups import PartGroup, group_parts, other_wordings
from .review import LocalityResult

if TYPE_CHECKING:
    from ..reports.spreadsheet import Table


def summary_table(results: Sequence[LocalityResult]) -> Table:
    """One row per locality: documents, findings per severity and per rule, coverage, verdict, problems.

    Plain Python values (text, numbers, None where a locality has none): the workbook and the CSV write these
    rows as they are; `summary_frame` holds them for pandas."""
    from ..reports.spreadsheet import Table
    from .dashboard import rule_titles

    rules = [name for name, _ in rule_titles(results)]
    rows = []
    for r in results:
        rows.append([
            r.locality, r.verdict, r.draft, r.baseline, r.scheme, r.config, r.tasks,
            *(r.severities.get(key, 0) if r.reviewed else None for key, _ in _SEVERITY_COLUMNS),
            *(r.rules.get(rule, 0) if r.reviewed else None for rule in rules),
            _rounded(r.scheme_share), _rounded(r.share_any), r.never_covered, r.dropped,
            ";".join(r.problems), r.reports.get("review", ""), r.reports.get("coverage", ""), r.seconds,
        ])
    counts = [label for _, label in _SEVERITY_COLUMNS] + rules
    return Table(_LEADING_COLUMNS + counts + _TRAILING_COLUMNS, rows)


def summary_frame(results: Sequence[LocalityResult]):
    """`summary_table` as a DataFrame, counts as nullable integers (so the CSV prints 3, not 3.0)."""
    return _summary_frame(summary_table(results))


def _summary_frame(table: Table):
    counts = table.columns[len(_LEADING_COLUMNS):-len(_TRAILING_COLUMNS)]
    return _frame(table, ["任务数", "从未落实", "落实后中断", *counts])


def _frame(table: Table, integers: Sequence[str]):
    import pandas as pd

    frame = pd.DataFrame(table.rows, columns=table.columns)
    for column in integers:
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


def rule_table(results: Sequence[LocalityResult]) -> Table:
    """Localities x rules (Chinese titles): findings of each rule, each locality's total, and a 合计 row.

    A locality that was not reviewed has empty counts, not zeros.
    """
    from ..reports.spreadsheet import Table
    from .dashboard import rule_titles

    rules = rule_titles(results)
    rows = []
    for r in results:
        counts = [r.rules.get(name, 0) if r.reviewed else None for name, _ in rules]
        rows.append([r.locality, r.verdict, *counts, sum(counts) if r.reviewed else None])
    done = [r for r in results if r.reviewed]
    totals = [sum(r.rules.get(name, 0) for r in done) for name, _ in rules]
    rows.append([TOTAL_ROW, f"{len(done)} 个地区已审查", *totals, sum(totals)])
    return Table(["地区", "结论", *[title for _, title in rules], "问题合计"], rows)


def rule_frame(results: Sequence[LocalityResult]):
    """`rule_table` as a DataFrame, counts as nullable integers."""
    table = rule_table(results)
    return _frame(table, table.columns[2:])


def part_table(parts: Sequence[PartGroup]) -> Table:
    """The scheme parts grouped across localities, weakest first: localities, items, implemented, share."""
    from ..reports.spreadsheet import Table

    return Table(["部分", "地区数", "条目", "草案落实", "落实比例", "其他写法"],
                 [[g.title, g.localities, g.items, g.covered, round(g.share, 4), other_wordings(g, SHEET_WORDINGS)]
                  for g in parts])


def part_frame(parts: Sequence[PartGroup]):
    """`part_table` as a DataFrame."""
    return _frame(part_table(parts), ())


def write_summary(results: Sequence[LocalityResult], out: Path) -> dict[str, Path]:
    """summary.csv (UTF-8 with BOM, for Excel), summary.xlsx (汇总, 按规则, 按方案部分) and index.html."""
    from ..reports.output import write_atomic
    from ..reports.spreadsheet import write_table_csv, write_table_workbook

    summary = summary_table(results)
    parts = group_parts(results)
    files = {"csv": out / "summary.csv", "xlsx": out / "summary.xlsx", "index": out / "index.html"}
    write_table_csv(summary, files["csv"])
    sheets = {"汇总": summary, RULE_SHEET: rule_table(results), PART_SHEET: part_table(parts)}
    write_table_workbook(sheets, files["xlsx"], _PERCENT_COLUMNS)
    write_atomic(files["index"], render_index(results, parts).encode("utf-8"))
    return files


# Shares shown as percentages (the cells keep the fraction).
_PERCENT_COLUMNS = {"汇总": ("草案覆盖率", "累计覆盖率"), PART_SHEET: ("落实比例",)}
