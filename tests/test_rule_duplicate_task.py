"""duplicate-task: the same commitment written twice in one plan, however worded."""
from __future__ import annotations

from test_checks_plans import analysis_of, findings_of, plan, task

RULE = "duplicate-task"

OPEN_GOVERNMENT = task(
    2, "全面推进政务公开",
    "落实政务公开事项标准目录,深化基层政务公开标准化规范化建设。围绕重大政策及时开展解读回应,"
    "依法依规办理政府信息公开申请,持续提升政务公开质量。", section="二")
OPEN_GOVERNMENT_AGAIN = task(
    5, "推进政务公开标准化规范化",
    "严格落实政务公开事项标准目录,推动基层政务公开标准化规范化建设向社区延伸,做好重要政策解读和社会关切回应,"
    "规范政府信息依申请公开办理。", section="六")
THREE_SYSTEMS = task(
    3, "全面落实行政执法“三项制度”",
    "严格落实行政执法公示、执法全过程记录、重大执法决定法制审核制度,推行行政执法文书标准化,"
    "提升行政执法规范化水平。", section="四")
SUPERVISION = task(
    4, "强化行政执法监督",
    "健全区、街道两级行政执法协调监督工作体系,每半年开展一次行政执法案卷评查,选聘行政执法社会监督员,"
    "对群众反映强烈的执法问题开展专项监督。", section="四")
STUDY = task(
    1, "深入学习宣传贯彻习近平法治思想",
    "把习近平法治思想作为区政府常务会议学法和各部门党组(党委)理论学习中心组学习的重点内容,"
    "列入干部教育培训必修课。", section="一")


def test_fires_on_the_same_task_reworded_in_another_section():
    draft = plan(STUDY, OPEN_GOVERNMENT, THREE_SYSTEMS, SUPERVISION, OPEN_GOVERNMENT_AGAIN)
    [finding] = findings_of(RULE, analysis_of(draft))
    assert finding.tasks == (2, 5) and finding.task is None
    assert "第2项任务" in finding.message and "第5项任务" in finding.message


def test_silent_on_related_but_different_tasks():
    draft = plan(STUDY, OPEN_GOVERNMENT, THREE_SYSTEMS, SUPERVISION)
    assert findings_of(RULE, analysis_of(draft)) == []


def test_threshold_comes_from_the_config():
    from plancheck.checks import CheckConfig

    draft = plan(STUDY, OPEN_GOVERNMENT, THREE_SYSTEMS, SUPERVISION, OPEN_GOVERNMENT_AGAIN)
    strict = CheckConfig(thresholds={"duplicate-similarity": 0.99})
    assert findings_of(RULE, analysis_of(draft), strict) == []


def test_bare_titles_must_be_near_copies():
    # Table layouts often give a title only; related titles then look alike.
    draft = plan(task(1, "加强行政执法监督"), task(2, "加强行政复议监督"), task(3, "加强行政执法队伍建设"),
                 task(4, "加强法治队伍建设"), task(5, "推进数字政府建设"), task(6, "加快推进数字政府建设"))
    assert [f.tasks for f in findings_of(RULE, analysis_of(draft))] == [(5, 6)]
