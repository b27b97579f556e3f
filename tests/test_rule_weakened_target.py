"""weakened-target: a target, frequency, coverage or deadline that got weaker from one year to the next."""
from __future__ import annotations

import pytest
from test_checks_plans import analysis_of, carried, findings_of, plan
from test_checks_plans import task as bare_task

from plancheck.plans.model import Target
from plancheck.plans.targets import extract_targets

RULE = "weakened-target"


def task(index: int, title: str, body: str = "", *, targets=None, year: int = 2023, **details):
    """A task with the targets the parser reads from its text, unless given."""
    if targets is None:
        (targets,) = extract_targets([f"{title}。{body}"], year)
    return bare_task(index, title, body, targets=tuple(targets), **details)


def pair(old_body: str, new_body: str, *, old_targets=None, new_targets=None, kind="carried",
         title="自觉接受各方面监督", old_deadline=None, new_deadline=None):
    """A baseline and a draft whose first tasks are aligned; the second task is there for context."""
    old = plan(task(1, title, old_body, targets=old_targets, deadline=old_deadline, year=2022),
               task(2, "严格落实重大行政决策程序", year=2022), year=2022)
    new = plan(task(1, title, new_body, targets=new_targets, deadline=new_deadline),
               task(2, "严格落实重大行政决策程序"), year=2023)
    return analysis_of(new, old, alignment=carried((1, 1), kind=kind) + carried((2, 2)))


def percent(text: str, value: float, metric: str, op: str = ">=") -> Target:
    return Target(text=text, kind="percent", metric=metric, op=op, value=value, unit="%")


def test_lower_rate_from_parser_targets():
    a = pair("主动接受区政协民主监督,人大代表建议和政协委员提案办复率达到100%。",
             "主动接受区政协民主监督,人大代表建议和政协委员提案办复率达到95%。",
             old_targets=(percent("达到100%", 100, "人大代表建议和政协委员提案办复率"),),
             new_targets=(percent("达到95%", 95, "人大代表建议和政协委员提案办复率"),))
    [finding] = findings_of(RULE, a)
    assert (finding.document, finding.task, finding.old_task) == ("draft", 1, 1)
    assert finding.message == "人大代表建议和政协委员提案办复率由100%降为95%"
    assert finding.evidence == {"baseline": "主动接受区政协民主监督,人大代表建议和政协委员提案办复率达到100%。",
                                "draft": "主动接受区政协民主监督,人大代表建议和政协委员提案办复率达到95%。"}


def test_fewer_times_read_by_the_parser():
    a = pair("年内组织全县行政执法人员公共法律知识集中培训不少于3次。",
             "年内组织全县行政执法人员公共法律知识集中培训不少于2次,着力提升履职能力。",
             title="加强行政执法队伍建设")
    [finding] = findings_of(RULE, a)
    assert "由不少于3次降为不少于2次" in finding.message


@pytest.mark.parametrize(("old", "new", "message"), [
    ("每季度组织一次行政执法案卷集中评查。", "每半年组织一次行政执法案卷集中评查。",
     "行政执法案卷集中评查由每季度一次降为每半年一次"),
    # 每年度 and 每三年 were only in the former regex reader's table; the one parser now has both
    ("每年度开展一次行政执法案卷集中评查。", "每三年开展一次行政执法案卷集中评查。",
     "行政执法案卷集中评查由每年度一次降为每三年一次"),
])
def test_sparser_frequency(old: str, new: str, message: str):
    a = pair(old, new, title="常态化开展行政执法案卷评查")
    [finding] = findings_of(RULE, a)
    assert finding.message == message


def test_later_deadline_relative_to_the_plan_year():
    a = pair("年底前完成街道综合行政执法队伍规范化建设。", "2024年6月底前完成街道综合行政执法队伍规范化建设。",
             title="深化街道综合行政执法改革")
    [finding] = findings_of(RULE, a)
    assert "由年底前推迟到2024年6月底前" in finding.message


def test_coverage_dropped_from_a_kept_task():
    a = pair("推动区政府部门和街道公职律师设置全覆盖,发挥参谋助手作用。",
             "推动区政府部门和街道设置公职律师,发挥参谋助手作用。", title="深化政府法律顾问和公职律师工作")
    [finding] = findings_of(RULE, a)
    assert "全覆盖" in finding.message and finding.evidence["baseline"].startswith("推动区政府部门")


def test_strengthened_or_unchanged_targets_are_not_findings():
    stronger = pair("被诉行政机关负责人出庭应诉率不低于90%。", "被诉行政机关负责人出庭应诉率达到100%。")
    same_deadline = pair("年底前完成专项应急预案修订工作。", "年底前完成专项应急预案修订工作。",
                         old_deadline="2022年12月底", new_deadline="2023年12月底")
    more_often = pair("每半年开展一次行政执法案卷评查。", "每季度开展一次行政执法案卷评查。")
    for a in (stronger, same_deadline, more_often):
        assert findings_of(RULE, a) == []


def test_different_metrics_are_not_compared():
    a = pair("规范性文件备案审查率达到100%。", "规范性文件备案审查率达到100%,行政复议纠错率不超过5%。")
    assert findings_of(RULE, a) == []


def test_split_task_is_compared_against_all_its_parts():
    old = plan(task(1, "推进矛盾纠纷多元化解", "依法做好行政调解工作,行政调解成功率达到90%。严格落实《信访工作条例》,"
                    "信访事项按期办结率达到95%。", year=2023), task(2, "严格落实重大行政决策程序"), year=2023)
    new = plan(task(1, "深化行政调解工作", "依法做好行政调解工作,行政调解成功率达到90%。"),
               task(2, "推进信访工作法治化", "严格落实《信访工作条例》,信访事项按期办结率达到95%。"),
               task(3, "严格落实重大行政决策程序"), year=2024)
    a = analysis_of(new, old, alignment=carried((1, 1), (1, 2), kind="split") + carried((2, 3)))
    assert findings_of(RULE, a) == []


def test_rewritten_task_does_not_report_vanished_targets():
    a = pair("全年开展集中宣讲不少于10场。", "组织开展习近平法治思想进机关、进乡村活动。", kind="rewritten",
             title="深入学习宣传贯彻习近平法治思想")
    assert findings_of(RULE, a) == []


def test_a_target_moved_to_another_task_is_not_removed():
    old = plan(task(1, "严格落实重大行政决策程序", "严格履行法定程序,重大行政决策合法性审查率达到100%。"),
               task(2, "加强行政规范性文件监督管理", "及时开展规范性文件清理。"), year=2023)
    new = plan(task(1, "严格落实重大行政决策程序", "严格履行法定程序。"),
               task(2, "加强合法性审查", "重大行政决策合法性审查率达到100%。"), year=2024)
    a = analysis_of(new, old, alignment=carried((1, 1), (2, 2), kind="reworded"))
    assert findings_of(RULE, a) == []


def test_the_message_names_what_is_counted_not_the_words_after_it():
    a = pair("年内分别组织2次以上法治专题讲座,至少组织1次政府及其部门领导班子成员旁听庭审活动。",
             "年内分别组织1次以上法治专题讲座,至少组织1次政府及其部门领导班子成员旁听庭审活动。",
             title="加强领导干部学法用法")
    [finding] = findings_of(RULE, a)
    assert finding.message == "法治专题讲座由2次以上降为1次以上"


def test_a_deadline_field_the_text_already_states_is_one_finding():
    a = pair("年底前完成街道综合行政执法队伍规范化建设。", "2024年6月底前完成街道综合行政执法队伍规范化建设。",
             title="深化街道综合行政执法改革", old_deadline="2022年12月底", new_deadline="2024年6月底")
    [finding] = findings_of(RULE, a)
    assert finding.message == "街道综合行政执法队伍规范化建设的完成时限由年底前推迟到2024年6月底前"



def test_a_commitment_reads_its_sentence_where_it_stands():
    from plancheck.checks.rules.weakened_target import task_commitments

    placed = task(1, "加强行政执法队伍建设", "统一换发执法证件。年内组织集中培训不少于3次,着力提升履职能力。")
    unplaced = task(2, "自觉接受各方面监督", "办复率保持较高水平。", targets=(percent("达到100%", 100, "办复率"),),
                    deadline="2023年6月底")
    assert [(c.text, c.sentence) for c in task_commitments(placed, 2023)] == [
        ("年内", "年内组织集中培训不少于3次,着力提升履职能力。"), ("不少于3次", "年内组织集中培训不少于3次,着力提升履职能力。")]
    assert [(c.kind, c.sentence) for c in task_commitments(unplaced, 2023)] == [
        ("percent", "达到100%"), ("deadline", "完成时限:2023年6月底")]
