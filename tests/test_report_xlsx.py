"""The Excel ledger: sheets, headers, formatting and rows, read back with openpyxl."""
from __future__ import annotations

from dataclasses import replace

import openpyxl
import pytest
from test_report_html import make_task, sample_analysis, sample_findings

from plancheck.reports.xlsx_ledger import (
    ALIGNMENT_COLUMNS,
    COVERAGE_COLUMNS,
    FINDING_COLUMNS,
    TASK_COLUMNS,
    write_task_table,
    write_xlsx,
)


@pytest.fixture
def ledger(tmp_path):
    path = tmp_path / "台账.xlsx"
    write_xlsx(sample_analysis(), sample_findings(), path)
    return openpyxl.load_workbook(path)


def values(ws) -> list[tuple]:
    return list(ws.iter_rows(min_row=2, values_only=True))


def test_sheets_and_headers(ledger):
    assert ledger.sheetnames == ["草案任务", "对照", "问题清单", "方案覆盖"]
    expected = [TASK_COLUMNS, ALIGNMENT_COLUMNS, FINDING_COLUMNS, COVERAGE_COLUMNS]
    for ws, columns in zip(ledger.worksheets, expected):
        assert [c.value for c in ws[1]] == columns
    assert TASK_COLUMNS == ["序号", "编号", "所属部分", "任务", "牵头单位", "责任单位", "量化目标", "完成时限"]


def test_formatting(ledger):
    for ws in ledger.worksheets:
        assert ws.freeze_panes == "B2"
        header = ws["A1"]
        assert header.font.bold and header.fill.fgColor.rgb.endswith("DDEBF7")
        assert ws["A2"].alignment.wrap_text
        assert ws.auto_filter.ref
    tasks = ledger["草案任务"]
    assert tasks.column_dimensions["D"].width > tasks.column_dimensions["A"].width
    assert tasks.column_dimensions["D"].width <= 62


def test_draft_task_rows(ledger):
    rows = values(ledger["草案任务"])
    assert len(rows) == 8
    assert rows[1] == (2, "2", "二、健全行政执法工作体系", "常态化开展行政执法案卷评查。每半年组织一次评查。",
                       "县司法局", "县直各行政执法部门", "评查覆盖率达到95%", "2025年12月底")
    assert rows[6][4] is None  # task 7 names no lead unit


def test_alignment_rows(ledger):
    rows = values(ledger["对照"])
    kinds = [r[0] for r in rows]
    assert kinds == ["沿用", "改写", "合并", "合并", "移动", "拆分", "拆分", "删除", "新增", "新增"]
    dropped = rows[7]
    assert dropped[2] == 7 and dropped[6] is None and dropped[11].startswith("草案 4") and dropped[12] == 0.31


def test_findings_rows(ledger):
    rows = values(ledger["问题清单"])
    assert len(rows) == len(sample_findings())
    duplicate = next(r for r in rows if r[2] == "duplicate-task")
    assert duplicate[1] == "警告" and duplicate[4] == "1、8"
    weakened = next(r for r in rows if r[2] == "weakened-target")
    assert weakened[5] == 2 and "去年:评查覆盖率达到100%" in weakened[8]
    gap = next(r for r in rows if r[2] == "scheme-gap")
    assert gap[3] == "实施方案" and gap[6] == "草案"


def test_coverage_rows(ledger):
    rows = values(ledger["方案覆盖"])
    assert [r[5] for r in rows] == ["1、8", "2", "5", None]
    assert [r[7] for r in rows] == ["是", "是", "是", "否"]


def test_no_baseline_no_scheme(tmp_path):
    path = tmp_path / "l.xlsx"
    write_xlsx(sample_analysis(baseline=False, scheme=False), sample_findings(baseline=False, scheme=False), path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["草案任务", "对照", "问题清单", "方案覆盖"]
    assert values(wb["对照"]) == [] and values(wb["方案覆盖"]) == []
    assert len(values(wb["草案任务"])) == 8


def test_text_is_never_a_formula_and_control_characters_are_dropped(tmp_path):
    analysis = sample_analysis()
    odd = make_task(1, "一", "=HYPERLINK(\"x\")", "正文\x07含控制字符")
    analysis = replace(analysis, draft=replace(analysis.draft, tasks=(odd,) + analysis.draft.tasks[1:]))
    path = tmp_path / "l.xlsx"
    write_xlsx(analysis, [], path)
    cell = openpyxl.load_workbook(path)["草案任务"]["D2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK") and "\x07" not in cell.value


def test_atomic_write_replaces_and_leaves_no_temp(tmp_path):
    path = tmp_path / "l.xlsx"
    path.write_bytes(b"old")
    write_xlsx(sample_analysis(), sample_findings(), path)
    assert openpyxl.load_workbook(path).sheetnames[0] == "草案任务"
    assert [p.name for p in tmp_path.iterdir()] == ["l.xlsx"]


def test_task_table(tmp_path):
    path = tmp_path / "tasks.xlsx"
    write_task_table(sample_analysis().baseline, path)
    ws = openpyxl.load_workbook(path)["任务"]
    assert [c.value for c in ws[1]] == TASK_COLUMNS and len(values(ws)) == 7
