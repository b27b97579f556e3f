"""Spreadsheet readers (.xlsx, .csv) and the task-division table splitter."""
from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

import openpyxl
import pytest

from plancheck.plans import load_plan
from plancheck.plans.document import MERGED, Table
from plancheck.plans.errors import PlanInputError
from plancheck.plans.raw import RawTask
from plancheck.plans.readers import read_document
from plancheck.plans.readers.table import read_table
from plancheck.plans.tables import raw_tasks_from_flat_cells, raw_tasks_from_table

TITLE = "附件 清河县2024年法治政府建设重点任务分工表"
HEADER = ("序号", "重点任务", "牵头单位", "责任单位", "完成时限")


def write_plan_xlsx(path: Path) -> Path:
    """A 分工表 as offices write them: merged title and section rows, a lead unit merged over two tasks."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "分工表"
    sheet.append([TITLE])
    sheet.append(list(HEADER))
    sheet.append(["一、深化行政执法改革"])
    sheet.append([1, "推进综合行政执法改革。\n整合执法队伍。", "县司法局", "县公安局\n县市场监管局",
                  dt.datetime(2024, 12, 31)])
    sheet.append([2, "规范涉企行政检查。", None, "各乡镇人民政府", "长期坚持"])
    sheet.append(["二、完善依法行政制度体系"])
    sheet.append([3.0, "加强行政规范性文件\n备案审查", "县司法局", "县直各部门", " 2024年6月底 "])
    for cells in ("A1:E1", "A3:E3", "C4:C5", "A6:E6"):
        sheet.merge_cells(cells)
    workbook.create_sheet("空白")
    notes = workbook.create_sheet("说明")
    notes["B2"] = 0.95
    notes["B2"].number_format = "0%"
    notes["C2"] = 2.5
    workbook.save(path)
    return path


def test_xlsx_cells_as_seen(tmp_path: Path) -> None:
    document = read_table(write_plan_xlsx(tmp_path / "plan.xlsx"), "xlsx")
    assert document.format == "xlsx"
    first, notes = document.tables
    assert (first.page, first.line, first.merges_known) == (None, 1, True)
    assert first.rows == (
        (TITLE, MERGED, MERGED, MERGED, MERGED),
        HEADER,
        ("一、深化行政执法改革", MERGED, MERGED, MERGED, MERGED),
        ("1", "推进综合行政执法改革。\n整合执法队伍。", "县司法局", "县公安局\n县市场监管局", "2024年12月31日"),
        ("2", "规范涉企行政检查。", MERGED, "各乡镇人民政府", "长期坚持"),
        ("二、完善依法行政制度体系", MERGED, MERGED, MERGED, MERGED),
        ("3", "加强行政规范性文件\n备案审查", "县司法局", "县直各部门", "2024年6月底"),
    )
    # The empty second sheet is skipped but still counts: the notes sheet is sheet 3.
    assert notes.line == 3
    assert notes.rows == (("", ""), ("95%", "2.5"))


def test_xlsx_task_division_table(tmp_path: Path) -> None:
    table = read_table(write_plan_xlsx(tmp_path / "plan.xlsx"), "xlsx").tables[0]
    assert raw_tasks_from_table(table) == [
        RawTask("1", "一", "深化行政执法改革", "推进综合行政执法改革。整合执法队伍。",
                (("牵头单位", "县司法局"), ("责任单位", "县公安局、县市场监管局"), ("完成时限", "2024年12月31日")),
                None, 4),
        RawTask("2", "一", "深化行政执法改革", "规范涉企行政检查。",
                (("牵头单位", "县司法局"), ("责任单位", "各乡镇人民政府"), ("完成时限", "长期坚持")), None, 5),
        RawTask("3", "二", "完善依法行政制度体系", "加强行政规范性文件备案审查",
                (("牵头单位", "县司法局"), ("责任单位", "县直各部门"), ("完成时限", "2024年6月底")), None, 7),
    ]


def test_xlsx_merged_unit_reaches_both_tasks_but_a_blank_one_stays_blank(tmp_path: Path) -> None:
    """A 责任单位 merged over two tasks belongs to both; a blank one is a defect to report, not inherited."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([TITLE])
    sheet.append(list(HEADER))
    sheet.append([1, "推进综合行政执法改革。", "县司法局", "县公安局", "2024年12月底"])
    sheet.append([2, "规范涉企行政检查。", "县市场监管局", None, "长期坚持"])
    sheet.append([3, "加强行政执法监督。", "县司法局", None, "2024年6月底"])
    sheet.merge_cells("A1:E1")
    sheet.merge_cells("D3:D4")
    path = tmp_path / "plan.xlsx"
    workbook.save(path)

    rows = read_table(path, "xlsx").tables[0].rows
    assert (rows[3][3], rows[4][3]) == (MERGED, "")
    tasks = load_plan(path).tasks
    assert [(t.text, t.lead_units, t.responsible_units) for t in tasks] == [
        ("推进综合行政执法改革。", ("县司法局",), ("县公安局",)),
        ("规范涉企行政检查。", ("县市场监管局",), ("县公安局",)),
        ("加强行政执法监督。", ("县司法局",), ()),
    ]


def test_merges_known_fills_only_covered_and_ditto_cells() -> None:
    """Covered and 同上 cells inherit; a covered task-text cell is not the task above again; blanks stay blank."""
    table = Table(rows=(
        ("序号", "工作任务", "具体措施", "牵头单位", "完成时限"),
        ("1", "推进综合行政执法改革", "整合执法队伍。", "县司法局", "2024年底"),
        (MERGED, MERGED, "推行非现场执法。", MERGED, "同上"),
        ("2", "规范涉企行政检查", "开展案卷评查。", "", ""),
    ), page=None, line=1, merges_known=True)
    tasks = raw_tasks_from_table(table)
    assert tasks is not None
    assert [(t.number, t.body, t.unit_fields) for t in tasks] == [
        ("1", "推进综合行政执法改革。整合执法队伍。", (("牵头单位", "县司法局"), ("完成时限", "2024年底"))),
        ("", "推行非现场执法。", (("牵头单位", "县司法局"), ("完成时限", "2024年底"))),
        ("2", "规范涉企行政检查。开展案卷评查。", ()),
    ]


def test_xlsx_with_main_and_participating_unit_columns(tmp_path: Path) -> None:
    """主要责任单位 leads, 参与单位 helps, a 督办单位 column is neither; units may be separated by spaces."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["序号", "工作任务", "主要责任单位", "参与单位", "督办单位", "完成时限"])
    sheet.append([1, "加强行政规范性文件管理", "县司法局", "县公安局 县市场监管局", "县政府督查室", "2025年12月底"])
    sheet.append([2, "推进政务公开", "县政府办公室", "县直各部门,各乡镇人民政府", "县政府督查室", "长期坚持"])
    path = tmp_path / "plan.xlsx"
    workbook.save(path)
    assert [(t.lead_units, t.responsible_units, t.deadline) for t in load_plan(path).tasks] == [
        (("县司法局",), ("县公安局", "县市场监管局"), "2025年12月底"),
        (("县政府办公室",), ("县直各部门", "各乡镇人民政府"), "长期坚持"),
    ]


def test_read_document_dispatches_xlsx_by_content(tmp_path: Path) -> None:
    path = write_plan_xlsx(tmp_path / "plan.xlsx")
    renamed = path.rename(tmp_path / "分工表.dat")
    assert read_document(renamed).tables[0].rows[1] == HEADER


def test_csv_in_gb18030_with_quoted_cells(tmp_path: Path) -> None:
    text = (
        "序号,重点任务,牵头单位,配合单位,完成时限\r\n"
        '1,"深化“放管服”改革,优化营商环境。",县政务服务中心,"县发展改革局\n县市场监管局",2024年12月底\r\n'
        "2,推进政务公开,县政府办公室,县直各部门,长期\r\n"
    )
    path = tmp_path / "plan.csv"
    path.write_bytes(text.encode("gb18030"))
    table = read_table(path, "csv").tables[0]
    assert table.rows[1] == ("1", "深化“放管服”改革,优化营商环境。", "县政务服务中心", "县发展改革局\n县市场监管局",
                             "2024年12月底")
    tasks = raw_tasks_from_table(table)
    assert tasks is not None
    assert tasks[0].unit_fields == (("牵头单位", "县政务服务中心"), ("配合单位", "县发展改革局、县市场监管局"),
                                    ("完成时限", "2024年12月底"))
    assert [t.body for t in tasks] == ["深化“放管服”改革,优化营商环境。", "推进政务公开"]


@pytest.mark.parametrize(("delimiter", "task"), [
    (";", "加强执法监督,开展案卷评查,每半年一次"),
    ("\t", "加强执法监督,开展案卷评查;每半年一次"),
])
def test_csv_delimiter_is_sniffed_despite_punctuation_in_text(tmp_path: Path, delimiter: str, task: str) -> None:
    rows = [HEADER, ("1", task, "县司法局", "各执法部门", "2024年底"), ("2", task, "县司法局", "各执法部门", "长期")]
    path = tmp_path / "plan.csv"
    path.write_text("\n".join(delimiter.join(row) for row in rows), encoding="utf-8")
    assert read_table(path, "csv").tables[0].rows == tuple(rows)


def test_two_column_task_text_labels_and_repeated_headers() -> None:
    """Name and measures join; labels keep their word; a person column is ignored; page breaks repeat headers."""
    header = ("编号", "重点领域", "工作任务", "具体措施", "牵头责任单位", "配合部门", "责任领导", "时间节点")
    table = Table(rows=(
        ("2024年重点任务分工表",) + ("",) * 7,
        header,
        ("1", "行政决策", "严格决策程序", "编制年度重大行政决策事项目录", "县司法局", "", "张三", "2024年3月底"),
        ("", "", "", "", "", "", "", ""),
        header,
        ("2.", "", "加强合法性审查", "审查率达到100%", "", "县直各部门", "李四", ""),
        ("注:责任领导按分工负责",) + ("",) * 7,
    ), page=3, line=20)
    assert raw_tasks_from_table(table) == [
        RawTask("1", "", "行政决策", "严格决策程序。编制年度重大行政决策事项目录",
                (("牵头单位", "县司法局"), ("完成时限", "2024年3月底")), 3, 22),
        RawTask("2", "", "行政决策", "加强合法性审查。审查率达到100%",
                (("牵头单位", "县司法局"), ("配合单位", "县直各部门"), ("完成时限", "2024年3月底")), 3, 25),
    ]


def test_filled_merged_cells_and_two_level_header() -> None:
    """A docx reader fills merged cells: a section row repeats its text; a unit header spans two columns."""
    table = Table(rows=(
        ("序号", "主要任务", "责任单位", "责任单位", "完成时间"),
        ("", "", "牵头部门", "协同单位", ""),
        ("(一)推进依法行政",) * 5,
        ("1", "完善\n制度", "县司法局", "县财政局\n县审计局", "12月底"),
    ), page=None, line=5)
    assert raw_tasks_from_table(table) == [
        RawTask("1", "", "(一)推进依法行政", "完善制度",
                (("牵头部门", "县司法局"), ("协同单位", "县财政局、县审计局"), ("完成时限", "12月底")), None, 8),
    ]


def test_task_first_table_with_units_merged_from_above() -> None:
    """With the task text in the first column, a row holding only task text is a task, not a section."""
    table = Table(rows=(
        ("工作任务", "牵头单位", "完成时限"),
        ("深化行政执法改革", "", ""),
        ("推进综合行政执法改革。", "县司法局", "2024年底"),
        ("优化营商环境工作", "", ""),
    ), page=None, line=1)
    tasks = raw_tasks_from_table(table)
    assert tasks is not None
    assert [(t.section_title, t.body, t.unit_fields) for t in tasks] == [
        ("", "深化行政执法改革", ()),
        ("", "推进综合行政执法改革。", (("牵头单位", "县司法局"), ("完成时限", "2024年底"))),
        ("", "优化营商环境工作", (("牵头单位", "县司法局"), ("完成时限", "2024年底"))),
    ]


def test_table_without_task_column_is_not_a_task_table() -> None:
    table = Table(rows=(("单位", "联系人", "电话"), ("县司法局", "王五", "1234")), page=None, line=1)
    assert raw_tasks_from_table(table) is None


def test_flat_cells_rebuild_rows_with_merged_cells_missing() -> None:
    lines = [
        "附件", "重点任务分工表",
        "序号", "重点任务", "牵头单位", "责任单位", "完成时限",
        "一、深化行政执法改革",
        "1", "推进综合行政执法改革,整合执法队伍。", "县司法局", "县公安局、县市场监管局", "2024年12月底",
        # Lead unit merged with the row above: it appears once, so this record is one cell short.
        "2", "规范涉企行政检查,推行非现场执法。", "各乡镇人民政府", "长期坚持",
        "3", "加强行政执法监督。", "县司法局", "县直各执法部门", "2024年6月底",
        "各单位要高度重视,认真抓好落实。",
    ]
    tasks = raw_tasks_from_flat_cells(lines)
    assert tasks == [
        RawTask("1", "一", "深化行政执法改革", "推进综合行政执法改革,整合执法队伍。",
                (("牵头单位", "县司法局"), ("责任单位", "县公安局、县市场监管局"), ("完成时限", "2024年12月底")),
                None, 9),
        RawTask("2", "一", "深化行政执法改革", "规范涉企行政检查,推行非现场执法。",
                (("牵头单位", "县司法局"), ("责任单位", "各乡镇人民政府"), ("完成时限", "长期坚持")), None, 14),
        RawTask("3", "一", "深化行政执法改革", "加强行政执法监督。",
                (("牵头单位", "县司法局"), ("责任单位", "县直各执法部门"), ("完成时限", "2024年6月底")), None, 18),
    ]


def test_flat_cells_without_header_are_not_a_table() -> None:
    assert raw_tasks_from_flat_cells(["一、总体要求", "1.推进依法行政。", "责任单位:县司法局"]) is None


# --- unusable inputs -----------------------------------------------------------------------------------


def test_random_bytes_named_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_bytes(os.urandom(4000))
    with pytest.raises(PlanInputError, match="Excel 文件已损坏"):
        read_table(path, "xlsx")


def test_truncated_xlsx(tmp_path: Path) -> None:
    data = write_plan_xlsx(tmp_path / "full.xlsx").read_bytes()
    path = tmp_path / "plan.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(PlanInputError, match="Excel 文件已损坏"):
        read_table(path, "xlsx")


def test_zip_with_broken_workbook_part(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook><sheets><sheet")
    with pytest.raises(PlanInputError, match="Excel 文件已损坏"):
        read_table(path, "xlsx")


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"\0" * (11 * 1024 * 1024))
    with pytest.raises(PlanInputError, match="压缩炸弹"):
        read_table(path, "xlsx")


def test_too_many_members_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        for index in range(10_001):
            archive.writestr(f"xl/{index}.xml", b"")
    with pytest.raises(PlanInputError, match="压缩炸弹"):
        read_table(path, "xlsx")


def test_empty_csv(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(",,\n,,\n", encoding="utf-8")
    with pytest.raises(PlanInputError, match="没有任何内容"):
        read_table(path, "csv")
