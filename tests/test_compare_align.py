"""Year-over-year alignment on small hand-written plans: one test per kind of change."""
from __future__ import annotations

import pytest

from plancheck.compare.align import align_years
from plancheck.plans.model import Plan, Section, Source, Task


def plan_of(year: int, sections: list[tuple[str, str, list[tuple[str, str, tuple[str, ...]]]]],
            kind: str = "annual") -> Plan:
    """A Plan from (section number, section title, [(title, body, lead units)]); tasks numbered 1.."""
    tasks, secs = [], []
    for s_index, (s_number, s_title, items) in enumerate(sections, 1):
        secs.append(Section(s_number, s_title, s_index))
        for title, body, lead in items:
            index = len(tasks) + 1
            tasks.append(Task(index=index, number=str(index), section=s_title, section_number=s_number,
                              title=title, text=f"{title}。{body}", lead_units=lead,
                              responsible_units=("县直各部门",), targets=(), deadline=None,
                              source=Source(None, index)))
    return Plan(path=f"plan_{year}.txt", title=f"清水县{year}年法治政府建设工作计划", year=year, kind=kind,
                sections=tuple(secs), tasks=tuple(tasks))


STUDY = ("深入学习宣传贯彻习近平法治思想",
         ("把习近平法治思想作为县政府常务会议学法和各部门党组(党委)理论学习中心组学习的重点内容,纳入干部教育培训必修课程。"
         "落实“谁执法谁普法”普法责任制,组织开展习近平法治思想进机关、进乡村、进社区活动,全年集中宣讲不少于10场。"),
         ("县委宣传部", "县司法局"))
DUTY = ("压实法治建设第一责任人职责",
        ("认真落实《党政主要负责人履行推进法治建设第一责任人职责规定》,将履职情况列入年终述职内容。"
        "县政府各部门主要负责人年底前完成书面述法,述法情况作为法治建设考核的重要依据。"),
        ("县政府办公室", "县司法局"))
LEARN = ("健全领导干部学法用法机制",
         ("坚持县政府常务会议会前学法制度,全年安排会前学法不少于4次。各部门每年至少举办2期法治专题讲座,"
         "组织领导班子成员旁听庭审不少于1次。"),
         ("县政府办公室", "县司法局"))
MERGED = ("压实第一责任人职责,健全领导干部学法用法机制",
          ("认真落实《党政主要负责人履行推进法治建设第一责任人职责规定》,将履职情况列入年终述职内容,"
          "主要负责人年底前完成书面述法。坚持县政府常务会议会前学法制度,全年安排会前学法不少于4次;"
          "各部门每年至少举办2期法治专题讲座,组织领导班子成员旁听庭审不少于1次。"),
          ("县政府办公室", "县司法局"))
PERMITS = ("深化“放管服”改革",
           ("动态调整县级政府部门权责清单,严格实行清单之外无审批。深化“证照分离”改革,推进政务服务事项“一网通办”"
           "“跨省通办”,进一步压减审批环节和申请材料。规范行政审批中介服务,清理没有法定依据的中介服务事项。"),
           ("县行政审批局", "县委编办"))
SERVICES = ("持续推进政务服务提质增效",
            ("聚焦企业和群众办事“急难愁盼”,以“高效办成一件事”为牵引,推动关联事项集成办、简易事项即时办。"
            "同步更新县级政府部门权责清单和政务服务事项目录,线上线下同一事项同源管理、同标办理。"),
            ("县行政审批局", "县委编办"))
OPENNESS = ("全面推进政务公开",
            ("深化基层政务公开标准化规范化建设,动态更新政务公开事项标准目录。加强政策解读和回应关切,"
            "重要政策文件与解读材料同步起草、同步审签、同步发布。依法规范办理政府信息公开申请。"),
            ("县政府办公室",))
BUSINESS = ("持续优化法治化营商环境",
            ("严格落实公平竞争审查制度,及时清理废止妨碍统一市场和公平竞争的政策措施。"
            "依法平等保护民营企业和中小企业合法权益,健全防范和化解拖欠中小企业账款长效机制。"),
            ("县发展改革局", "县市场监管局"))
COMPETITION = ("强化公平竞争审查刚性约束",
               ("严格落实公平竞争审查制度,新出台涉及经营主体经济活动的政策措施全部进行公平竞争审查,"
               "及时清理废止妨碍统一市场和公平竞争的政策措施。"),
               ("县市场监管局",))
PRIVATE = ("加强民营企业和中小企业法治保障",
           ("依法平等保护民营企业和中小企业合法权益,健全防范和化解拖欠中小企业账款长效机制。"
           "组织律师团队开展“法治体检进企业”活动,为中小企业提供法律咨询服务。"),
           ("县工业和信息化局", "县司法局"))
THREE = ("全面落实行政执法“三项制度”",
         ("严格执行行政执法公示、执法全过程记录、重大执法决定法制审核制度,统一规范行政执法文书格式。"
         "行政执法主体和人员信息、执法依据、执法结果等信息依法在县政府门户网站集中公示。"),
         ("县司法局",))
THREE_REWORDED = ("全面推行行政执法“三项制度”",
                  ("全面推行行政执法公示、执法全过程记录、重大执法决定法制审核制度,推行行政执法文书标准化。"
                  "行政执法主体、人员、职责、依据和执法结果等信息依法在县政府门户网站及时公示,接受社会监督。"),
                  ("县司法局",))
TRAINING = ("加强行政执法队伍建设",
            ("严格落实行政执法人员持证上岗和资格管理制度,未取得行政执法证件的人员不得从事执法活动。"
            "年内组织全县行政执法人员公共法律知识集中培训不少于3次。"),
            ("县司法局",))
TRAINING_2 = (TRAINING[0], TRAINING[1].replace("不少于3次", "不少于2次"), TRAINING[2])
KEY_AREAS = ("加大重点领域执法力度",
             ("聚焦食品药品、生态环境、安全生产、劳动保障等关系群众切身利益的重点领域,加大执法检查力度,"
             "依法严厉查处违法行为。"),
             ("县市场监管局", "县生态环境分局"))
LENIENT = ("推行包容审慎监管",
           ("全面推行“首违不罚”“轻微免罚”清单制度,推广运用说服教育、劝导示范、行政指导等柔性执法方式,"
           "做到宽严相济、法理相融。"),
           ("县司法局", "县市场监管局"))
REVIEW = ("提升行政复议工作质效",
          "深化行政复议体制改革,规范行政复议案件受理、审理程序,加大调解和解力度,依法纠正违法或不当行政行为。",
          ("县司法局",))
OVERSIGHT = ("自觉接受各方面监督",
             ("认真执行向县人大及其常委会报告工作制度,主动接受县政协民主监督,人大代表建议和政协委员提案办复率达到100%。"
             "积极配合审计监督,抓好审计发现问题整改。"),
             ("县政府办公室",))


@pytest.fixture(scope="module")
def plans() -> tuple[Plan, Plan]:
    baseline = plan_of(2023, [
        ("一", "深入学习贯彻习近平法治思想,压实法治建设责任", [STUDY, DUTY, LEARN]),
        ("二", "健全政府机构职能体系,优化法治化营商环境", [PERMITS, OPENNESS, BUSINESS]),
        ("三", "健全行政执法工作体系,推进严格规范公正文明执法", [THREE, TRAINING, KEY_AREAS]),
        ("四", "依法化解社会矛盾纠纷", [REVIEW]),
        ("五", "健全行政权力制约和监督体系", [OVERSIGHT]),
    ])
    draft = plan_of(2024, [
        ("一", "深入学习贯彻习近平法治思想,压实法治建设责任", [STUDY, MERGED]),
        ("二", "健全政府机构职能体系,推动更好发挥政府作用", [SERVICES, COMPETITION, PRIVATE]),
        ("三", "健全行政执法工作体系,全面推进严格规范公正文明执法", [THREE_REWORDED, TRAINING_2, LENIENT]),
        ("四", "健全社会矛盾纠纷行政预防调处化解体系", [REVIEW]),
        ("五", "健全行政权力制约和监督体系,促进行政权力规范透明运行", [OVERSIGHT, OPENNESS, REVIEW]),
    ])
    return baseline, draft


@pytest.fixture(scope="module")
def result(plans):
    return align_years(*plans)


def kind_of(result, baseline: int, draft: int) -> str | None:
    return next((r.kind for r in result.alignment if (r.baseline, r.draft) == (baseline, draft)), None)


def test_identical_task_is_carried(result):
    assert kind_of(result, 1, 1) == "carried"


def test_changed_target_alone_is_carried(result):
    assert kind_of(result, 8, 7) == "carried"


def test_reworded_task(result):
    assert kind_of(result, 7, 6) == "reworded"


def test_task_under_another_heading_is_moved(result):
    # 政务公开 went from 二 (government functions) to 五 (oversight); section 二 itself was renamed.
    assert kind_of(result, 5, 11) == "moved"


def test_same_commitment_new_wording_is_rewritten(result):
    assert kind_of(result, 4, 3) == "rewritten"


def test_one_task_split_in_two(result):
    assert kind_of(result, 6, 4) == "split"
    assert kind_of(result, 6, 5) == "split"


def test_two_tasks_merged(result):
    assert kind_of(result, 2, 2) == "merged"
    assert kind_of(result, 3, 2) == "merged"


def test_dropped_task_with_near_miss(result):
    assert result.dropped == (9,)
    dropped_near, _ = result.near_misses
    assert dropped_near[0].task == 9 and dropped_near[0].candidate is not None


def test_new_task_and_duplicate_copy_are_added(result):
    # Draft 12 repeats 提升行政复议工作质效 (draft 9): the copy in its old section is aligned, the other added.
    assert kind_of(result, 10, 9) == "carried"
    assert result.added == (8, 12)


def test_every_task_accounted_for_once(result, plans):
    baseline, draft = plans
    aligned_old = {r.baseline for r in result.alignment}
    aligned_new = {r.draft for r in result.alignment}
    assert aligned_old | set(result.dropped) == set(range(1, len(baseline.tasks) + 1))
    assert not aligned_old & set(result.dropped)
    assert aligned_new | set(result.added) == set(range(1, len(draft.tasks) + 1))
    assert not aligned_new & set(result.added)


def test_rows_carry_distinctive_shared_terms(result):
    row = next(r for r in result.alignment if (r.baseline, r.draft) == (7, 6))
    assert "三项制度" in row.terms
    assert not {"推进", "加强", "完善"} & set(row.terms)


def test_renumbering_and_reordering_alone_change_nothing(plans):
    baseline, _ = plans
    shuffled = plan_of(2024, [
        ("三", "深入学习贯彻习近平法治思想,压实法治建设责任", [LEARN, STUDY, DUTY]),
        ("一", "健全政府机构职能体系,优化法治化营商环境", [BUSINESS, PERMITS, OPENNESS]),
    ])
    result = align_years(baseline, shuffled)
    pairs = {(r.baseline, r.draft): r.kind for r in result.alignment}
    assert pairs == {(3, 1): "carried", (1, 2): "carried", (2, 3): "carried",
                     (6, 4): "carried", (4, 5): "carried", (5, 6): "carried"}


def test_empty_plans():
    empty = plan_of(2024, [])
    result = align_years(empty, empty)
    assert result.alignment == () and result.dropped == () and result.added == ()


def test_empty_baseline_or_draft():
    plan = plan_of(2024, [("一", "执法", [THREE, REVIEW])])
    empty = plan_of(2023, [])
    forward = align_years(empty, plan)
    assert forward.alignment == () and forward.added == (1, 2)
    backward = align_years(plan, empty)
    assert backward.dropped == (1, 2) and backward.near_misses[0][0].candidate is None
