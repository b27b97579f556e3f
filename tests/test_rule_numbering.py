"""numbering: printed numbers that skip, repeat or go backwards, in either numbering style."""
from __future__ import annotations

from test_checks_plans import analysis_of, findings_of, plan, task

from plancheck.plans.model import Section

RULE = "numbering"
TITLES = ["深入学习宣传贯彻习近平法治思想", "压实法治建设第一责任人职责", "深化“放管服”改革",
          "全面推进政务公开", "加强行政规范性文件监督管理", "严格落实重大行政决策程序",
          "全面落实行政执法“三项制度”", "强化行政执法监督"]


def numbered(numbers: list[tuple[str, str]]):
    """Tasks with the given (section, printed number) pairs, in order."""
    return plan(*(task(i, TITLES[(i - 1) % len(TITLES)], number=n, section=s)
                  for i, (s, n) in enumerate(numbers, start=1)))


def test_skip_within_a_section_that_restarts_its_numbering():
    draft = numbered([("一", "(一)"), ("一", "(二)"), ("二", "(一)"), ("二", "(二)"), ("二", "(三)"),
                      ("二", "(五)"), ("三", "(一)")])
    [finding] = findings_of(RULE, analysis_of(draft))
    assert finding.task == 6
    assert "第二部分" in finding.message and "缺少“(四)”" in finding.message


def test_repeated_number_in_continuous_numbering_is_reported_on_the_second_copy():
    draft = numbered([("一", "1"), ("一", "2"), ("二", "3"), ("二", "4"), ("二", "4"), ("三", "5"),
                      ("三", "6")])
    [finding] = findings_of(RULE, analysis_of(draft))
    assert finding.task == 5 and "重复" in finding.message


def test_a_single_misprint_is_reported_once():
    draft = numbered([("一", "1"), ("一", "2"), ("一", "7"), ("一", "4"), ("一", "5")])
    assert [f.task for f in findings_of(RULE, analysis_of(draft))] == [3]


def test_numbers_going_backwards():
    draft = numbered([("一", "1"), ("一", "2"), ("一", "3"), ("二", "2"), ("二", "3")])
    # continuous numbering (the second section does not restart at 1): 2 after 3 goes backwards
    [finding] = findings_of(RULE, analysis_of(draft))
    assert finding.task == 4 and "倒退" in finding.message


def test_silent_on_correct_restarting_and_continuous_numbering():
    restarting = numbered([("一", "(一)"), ("一", "(二)"), ("二", "(一)"), ("三", "(一)"), ("三", "(二)")])
    continuous = numbered([("一", "1"), ("一", "2"), ("二", "3"), ("三", "4"), ("三", "5")])
    assert findings_of(RULE, analysis_of(restarting)) == []
    assert findings_of(RULE, analysis_of(continuous)) == []


def test_section_headings_that_skip():
    tasks = (task(1, TITLES[0], number="(一)", section="一"), task(2, TITLES[1], number="(一)", section="二"),
             task(3, TITLES[2], number="(一)", section="四"))
    sections = (Section("一", "深入学习贯彻习近平法治思想", 1), Section("二", "健全政府机构职能体系", 2),
                Section("四", "健全行政执法工作体系", 3))
    draft = plan(*tasks, sections=sections)
    [finding] = findings_of(RULE, analysis_of(draft))
    assert finding.task == 3 and "“三”" in finding.message


def test_a_run_restarting_at_one_inside_a_section_is_a_sub_list_not_an_error():
    draft = numbered([("一", "1"), ("一", "2"), ("一", "3"), ("一", "1"), ("一", "2"), ("二", "1"), ("二", "2")])
    assert findings_of(RULE, analysis_of(draft)) == []
