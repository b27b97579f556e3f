"""Task tables whose merged cells were lost in export (CSV): runs of blanks fill down, a lone blank stays."""
from __future__ import annotations

from plancheck.plans import load_plan

HEADER = "序号,工作类别,重点任务,牵头单位,责任单位,完成时限\n"


def test_a_lone_blank_unit_cell_is_a_gap_not_a_merge(write_plan):
    rows = ("1,一、行政复议,加强行政复议工作。规范受理程序。,县司法局,县直各部门,2024年6月底前\n"
            "2,,加强行政执法监督。每季度开展一次案卷评查。,县司法局,县直各行政执法部门,2024年12月底\n"
            "3,,推进政务公开。动态更新目录。,县政府办公室,,长期坚持\n"
            "4,二、数字政府,推进数据共享。建设共享平台。,县大数据中心,县直各部门,2024年12月底\n")
    plan = load_plan(write_plan(HEADER + rows, "plan.csv", "gb18030"))
    assert [t.responsible_units for t in plan.tasks] == [("县直各部门",), ("县直各行政执法部门",), (), ("县直各部门",)]
    # the category column is blank in most rows: merged cells flattened by the export
    assert [t.section_number for t in plan.tasks] == ["一", "一", "一", "二"]
