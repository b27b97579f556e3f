"""stale-reference: past years used as deadlines, past events spoken of as ahead."""
from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st
from test_checks_plans import analysis_of, findings_of, plan, task

from plancheck.checks import CheckConfig
from plancheck.checks.config import DatedEvent
from plancheck.checks.text import task_text

RULE = "stale-reference"


def one_task_plan(body: str, year: int = 2024, deadline: str | None = None):
    return plan(task(1, "完善突发事件依法应对机制", body, deadline=deadline),
                task(2, "严格落实重大行政决策程序"), year=year)


def test_past_year_as_a_deadline():
    draft = one_task_plan("完善突发事件应急预案体系,2023年底前完成全县突发事件专项应急预案修订工作。")
    [finding] = findings_of(RULE, analysis_of(draft))
    assert finding.task == 1 and "2023年底前" in finding.message
    assert finding.evidence["text"] == "完善突发事件应急预案体系,2023年底前完成全县突发事件专项应急预案修订工作。"


def test_past_year_with_spaces_as_pdf_extraction_leaves_them():
    draft = one_task_plan("推进党政机关公职律师工作,2022 年 6 月底前实现村(社区)法律顾问全覆盖。", year=2023)
    assert [f.task for f in findings_of(RULE, analysis_of(draft))] == [1]


def test_past_completion_field():
    draft = one_task_plan("常态化开展应急演练。", deadline="2023年12月底")
    [finding] = findings_of(RULE, analysis_of(draft))
    assert "完成时限" in finding.message


def test_past_event_spoken_of_as_ahead():
    draft = one_task_plan("落实“谁执法谁普法”普法责任制,围绕喜迎党的二十大召开,组织开展主题宣传活动。", year=2023)
    [finding] = findings_of(RULE, analysis_of(draft))
    assert "党的二十大" in finding.message


def test_the_same_words_are_fine_before_the_event():
    draft = one_task_plan("围绕喜迎党的二十大召开,组织开展主题宣传活动。", year=2022)
    assert findings_of(RULE, analysis_of(draft)) == []


def test_not_stale():
    bodies = [
        "落实《提升行政执法质量三年行动计划(2023-2025年)》,在各乡镇设立行政执法监督联络点。",
        "新修订的《中华人民共和国行政复议法》已于2024年1月1日起施行,要加强学习宣传。",
        "深入学习宣传贯彻党的二十大精神。",
        "2024年底前完成全县突发事件专项应急预案修订工作。",
        "每年3月底前向县委和市政府报告上一年度法治政府建设情况。",
        "截至2023年底,全县已建成调解组织120个,要巩固提升。",
    ]
    for body in bodies:
        assert findings_of(RULE, analysis_of(one_task_plan(body))) == [], body


def test_events_come_from_the_config():
    draft = one_task_plan("以优异成绩迎接全省法治政府建设推进会召开。", year=2025)
    assert findings_of(RULE, analysis_of(draft)) == []
    config = CheckConfig(events=(DatedEvent("全省法治政府建设推进会", 2024, 5),))
    assert [f.task for f in findings_of(RULE, analysis_of(draft), config)] == [1]


def test_plan_year_from_config_when_the_title_has_none():
    draft = plan(task(1, "完善突发事件依法应对机制", "2023年底前完成预案修订工作。"), year=None)
    assert findings_of(RULE, analysis_of(draft)) == []
    assert len(findings_of(RULE, analysis_of(draft), CheckConfig(year=2024))) == 1


def test_other_ways_of_speaking_of_a_past_event_as_ahead():
    stale = [(2023, "全力做好国庆、党的二十大等重要时间节点的信访维稳工作。"),
             (2026, "确保实现“十四五”规划目标任务。"),
             (2026, "深入实施“八五”普法规划,压紧压实普法责任制。")]
    for year, body in stale:
        assert len(findings_of(RULE, analysis_of(one_task_plan(body, year=year)))) == 1, body
    fine = [(2023, "党的二十大以来,全县法治建设取得新成效。"),
            (2024, "2024年是实现“十四五”规划目标任务的关键一年。"),
            (2025, "深入实施“八五”普法规划。")]
    for year, body in fine:
        assert findings_of(RULE, analysis_of(one_task_plan(body, year=year))) == [], body


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@example(["20", "20", "年", "底前", "完成"])
@given(st.lists(st.sampled_from(["20", "2", "02", "３", "年", "月", "底前", "前", "到", "力争", "完成", "—", "-", "至",
                                 "《", "》", "方案", "规划", "以来", "。", "推进"]), max_size=14))
def test_year_and_period_findings_need_a_four_digit_year(pieces):
    """The rule skips both searches in texts without four digits in a row: they could find nothing there."""
    from plancheck.checks.rules.stale_reference import _FOUR_DIGITS, _stale_periods, _stale_years

    text = "".join(pieces)
    item = task(1, text)
    full = task_text(item.title, item.text)
    found = [*_stale_years(item, full, 2030, "draft"), *_stale_periods(item, full, 2030, "draft")]
    if _FOUR_DIGITS.search(full) is None:
        assert found == []
    elif full.startswith("2020年底前完成"):
        assert found
