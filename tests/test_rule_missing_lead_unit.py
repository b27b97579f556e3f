"""missing-lead-unit: a task without a lead unit in a plan whose tasks name one."""
from __future__ import annotations

from test_checks_plans import analysis_of, carried, findings_of, plan, task

RULE = "missing-lead-unit"


def test_fires_on_a_task_with_only_responsible_units():
    draft = plan(
        task(1, "深入学习宣传贯彻习近平法治思想"),
        task(2, "加强政务诚信建设", lead=(), responsible=("县政府各部门",), labels=("责任单位",)),
        task(3, "严格落实重大行政决策程序"),
    )
    [finding] = findings_of(RULE, analysis_of(draft))
    assert (finding.document, finding.task, finding.severity) == ("draft", 2, "error")
    assert "第2项任务" in finding.message and "缺少牵头单位" in finding.message
    assert finding.evidence["units"] == "〔责任单位:县政府各部门〕"


def test_fires_on_a_task_with_no_units_at_all():
    draft = plan(task(1, "深入学习宣传贯彻习近平法治思想"),
                 task(2, "坚持和发展新时代“枫桥经验”", lead=(), responsible=()))
    [finding] = findings_of(RULE, analysis_of(draft))
    assert finding.task == 2 and "没有标注任何单位" in finding.message


def test_in_a_lead_only_plan_the_single_label_is_the_lead():
    # Plans that only write 责任单位: the parser puts those units in lead_units.
    draft = plan(
        task(1, "深化“放管服”改革", lead=("县行政审批局",), responsible=(), labels=("责任单位",)),
        task(2, "全面推进政务公开", lead=("县政府办公室",), responsible=(), labels=("责任单位",)),
        task(3, "加快建设数字法治政府", lead=(), responsible=()),
    )
    assert draft.unit_convention == "lead-only"
    assert [f.task for f in findings_of(RULE, analysis_of(draft))] == [3]


def test_silent_when_every_task_names_its_lead():
    draft = plan(task(1, "深入学习宣传贯彻习近平法治思想"),
                 task(2, "加强行政规范性文件监督管理", responsible=()))
    assert findings_of(RULE, analysis_of(draft)) == []


def test_silent_in_a_plan_that_names_no_units_at_all():
    draft = plan(task(1, "深入学习宣传贯彻习近平法治思想", lead=(), responsible=()),
                 task(2, "严格落实重大行政决策程序", lead=(), responsible=()))
    assert draft.unit_convention == "none"
    assert findings_of(RULE, analysis_of(draft)) == []


def test_also_checks_the_baseline_for_information():
    old = plan(task(1, "加大重点领域执法力度", lead=(), responsible=("县市场监管局",), labels=("责任单位",)),
               task(2, "严格落实重大行政决策程序"), year=2023)
    new = plan(task(1, "严格落实重大行政决策程序"))
    a = analysis_of(new, old, alignment=carried((2, 1)), dropped=(1,))
    # last year's defects are context, not a reason to reject the draft
    assert [(f.document, f.task, f.severity) for f in findings_of(RULE, a)] == [("baseline", 1, "info")]
