"""stale-reference: documents cited as in force whose period has ended, and one finding per problem."""
from __future__ import annotations

from test_checks_plans import analysis_of, findings_of, plan, task

RULE = "stale-reference"


def one_task_plan(body: str, year: int = 2025, deadline: str | None = None):
    return plan(task(1, "健全依法行政制度体系", body, deadline=deadline),
                task(2, "严格落实重大行政决策程序"), year=year)


def test_expired_scheme_cited_as_in_force():
    draft = one_task_plan("对照《白桦市法治政府建设实施方案(2016—2020年)》,逐项落实各项任务。")
    [finding] = findings_of(RULE, analysis_of(draft))
    assert finding.task == 1
    assert "《白桦市法治政府建设实施方案(2016—2020年)》" in finding.message and "2016—2020年" in finding.message
    assert finding.evidence["reference"] == "《白桦市法治政府建设实施方案(2016—2020年)》"


def test_expired_period_outside_a_title():
    draft = one_task_plan("按照2016-2020年普法规划的安排,完成青松县普法责任清单编制。")
    assert [f.task for f in findings_of(RULE, analysis_of(draft))] == [1]


def test_periods_still_in_force_or_spoken_of_as_past_are_fine():
    bodies = [
        "落实《青松县法治政府建设实施方案(2021—2025年)》,推进示范创建。",
        "《青松县法治政府建设实施方案(2016—2020年)》实施以来,全县依法行政水平明显提升。",
        "开展2016—2020年法治宣传教育规划实施情况总结评估。",
        "截至2024年底,全县已建成调解组织120个。",
        "2016—2020年间全县共培训执法人员3000人次。",
    ]
    for body in bodies:
        assert findings_of(RULE, analysis_of(one_task_plan(body))) == [], body


def test_a_stale_year_in_the_text_and_the_completion_field_is_one_finding():
    draft = one_task_plan("2024年底前完成全县行政规范性文件清理,2024年底前公布清理结果。", deadline="2024年12月底")
    assert len(findings_of(RULE, analysis_of(draft))) == 1


def test_different_problems_of_one_task_are_each_reported():
    draft = one_task_plan("落实《白桦市法治政府建设实施方案(2016—2020年)》,2024年底前完成规范性文件清理。")
    findings = findings_of(RULE, analysis_of(draft))
    assert sorted(f.evidence["reference"] for f in findings) == ["2024年底前", "《白桦市法治政府建设实施方案(2016—2020年)》"]
