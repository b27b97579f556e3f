"""dropped-task: a task of last year's plan with no counterpart in the draft."""
from __future__ import annotations

from test_checks_plans import analysis_of, carried, findings_of, plan, task

from plancheck.compare.model import NearMiss, SchemeLink

RULE = "dropped-task"

OLD = plan(task(1, "深入学习宣传贯彻习近平法治思想"), task(2, "深化行政复议体制改革"),
           task(3, "严格落实重大行政决策程序"), year=2023)
NEW = plan(task(1, "深入学习宣传贯彻习近平法治思想"), task(2, "严格落实重大行政决策程序"))


def test_fires_on_the_baseline_task_that_vanished():
    a = analysis_of(NEW, OLD, alignment=carried((1, 1), (3, 2)), dropped=(2,),
                    dropped_near=(NearMiss(2, 2, 0.21),))
    [finding] = findings_of(RULE, a)
    assert (finding.document, finding.task, finding.severity) == ("baseline", 2, "warning")
    assert finding.message == "去年第2项任务“深化行政复议体制改革”在草案中没有对应任务"
    assert "第2项" in finding.evidence["closest"]


def test_is_an_error_when_a_scheme_item_loses_its_only_task():
    scheme = plan(task(1, "推进行政复议体制改革", lead=(), responsible=()), kind="scheme", year=2022)
    links = {"baseline": (SchemeLink(2, 1, 0.8),), "draft": ()}
    a = analysis_of(NEW, OLD, scheme=scheme, alignment=carried((1, 1), (3, 2)), dropped=(2,),
                    scheme_links=links)
    [finding] = findings_of(RULE, a)
    assert finding.severity == "error" and "实施方案第1项" in finding.message


def test_silent_when_nothing_was_dropped_or_there_is_no_baseline():
    assert findings_of(RULE, analysis_of(NEW, OLD, alignment=carried((1, 1), (3, 2), (2, 2)))) == []
    assert findings_of(RULE, analysis_of(NEW)) == []
