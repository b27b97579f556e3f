"""missing-responsible-unit: a lead-only task where the plan's tasks also name responsible units."""
from __future__ import annotations

from test_checks_plans import analysis_of, findings_of, plan, task

RULE = "missing-responsible-unit"


def test_fires_on_a_task_with_only_a_lead_unit():
    draft = plan(
        task(1, "深入学习宣传贯彻习近平法治思想"),
        task(2, "深化政府法律顾问和公职律师工作", responsible=(), labels=("牵头单位",)),
        task(3, "严格落实重大行政决策程序"),
    )
    [finding] = findings_of(RULE, analysis_of(draft))
    assert (finding.document, finding.task) == ("draft", 2)
    assert "只标注了牵头单位" in finding.message and "缺少责任单位" in finding.message


def test_speaks_the_plans_labels():
    # 责任单位 + 配合单位 plans: the helper label is 配合单位.
    labels = ("责任单位", "配合单位")
    draft = plan(
        task(1, "深入学习宣传贯彻习近平法治思想", labels=labels),
        task(2, "加强行政规范性文件监督管理", responsible=(), labels=("牵头单位",)),
        task(3, "严格落实重大行政决策程序", labels=labels),
    )
    [finding] = findings_of(RULE, analysis_of(draft))
    assert finding.message.endswith("缺少配合单位")


def test_a_task_without_units_fires_both_unit_rules():
    draft = plan(task(1, "深入学习宣传贯彻习近平法治思想"),
                 task(2, "强化对行政权力的制约和监督", lead=(), responsible=()))
    a = analysis_of(draft)
    assert [f.task for f in findings_of(RULE, a)] == [2]
    assert [f.task for f in findings_of("missing-lead-unit", a)] == [2]


def test_silent_in_a_plan_whose_tasks_name_only_one_kind_of_unit():
    draft = plan(
        task(1, "深化“放管服”改革", lead=("县行政审批局",), responsible=(), labels=("责任单位",)),
        task(2, "全面推进政务公开", lead=("县政府办公室",), responsible=(), labels=("责任单位",)),
    )
    assert findings_of(RULE, analysis_of(draft)) == []


def test_silent_on_a_task_with_only_responsible_units():
    # That one lacks a lead, which is the other rule's business.
    draft = plan(task(1, "深入学习宣传贯彻习近平法治思想"),
                 task(2, "加强政务诚信建设", lead=(), responsible=("县政府各部门",), labels=("责任单位",)))
    assert findings_of(RULE, analysis_of(draft)) == []
