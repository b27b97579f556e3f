"""Links from annual tasks to scheme items: many-to-many, asymmetric."""
from __future__ import annotations

from test_compare_align import LENIENT, OPENNESS, OVERSIGHT, REVIEW, THREE, TRAINING, plan_of

from plancheck.compare.scheme import link_to_scheme

SCHEME = plan_of(2021, [
    ("二", "健全行政执法工作体系,全面推进严格规范公正文明执法", [
        ("全面落实行政执法“三项制度”",
         "全面推行行政执法公示、执法全过程记录、重大执法决定法制审核制度,统一行政执法文书格式,提高行政执法规范化水平。",
         ("县司法局",)),
        ("加强行政执法队伍建设",
         "严格落实行政执法人员资格管理和持证上岗制度,加强行政执法人员常态化培训,全面提升行政执法人员业务能力。",
         ("县司法局",)),
        ("创新行政执法方式",
         "广泛运用说服教育、劝导示范、行政指导等非强制性执法手段,推行包容审慎监管,依法制定轻微违法行为不予处罚清单。",
         ()),
    ]),
    ("三", "健全社会矛盾纠纷行政预防调处化解体系", [
        ("发挥行政复议化解行政争议主渠道作用",
         "巩固行政复议体制改革成果,规范行政复议案件办理,加大行政复议纠错力度,推动行政复议决定书网上公开。",
         ("县司法局",)),
        ("有序推进行政裁决工作",
         "梳理行政裁决事项清单,规范行政裁决程序,发挥行政裁决化解民事纠纷的“分流阀”作用。",
         ()),
    ]),
    ("四", "健全行政权力制约和监督体系", [
        ("形成监督合力",
         "自觉接受人大监督、民主监督,主动接受司法监督,加强审计监督、统计监督,认真办理人大代表建议和政协委员提案。",
         ()),
        ("全面主动落实政务公开",
         "坚持以公开为常态、不公开为例外,推进基层政务公开标准化规范化,加强政策解读和回应关切。",
         ("县政府办公室",)),
    ]),
], kind="scheme")

# One annual task that implements two scheme items: the 三项制度 and the 执法队伍 items.
COMBINED = ("规范行政执法行为",
            ("严格执行行政执法公示、执法全过程记录、重大执法决定法制审核制度,统一规范行政执法文书格式。"
            "严格落实行政执法人员持证上岗和资格管理制度,年内组织行政执法人员集中培训不少于2次。"),
            ("县司法局",))
UNRELATED = ("加快建设数字法治政府",
             "依托一体化政务服务平台,推动更多政务服务事项全程网办。推进政务数据资源共享,加强数据安全和个人信息保护。",
             ("县大数据中心",))


def links_of(plan):
    out: dict[int, set[int]] = {}
    for link in link_to_scheme(plan, SCHEME):
        out.setdefault(link.task, set()).add(link.item)
    return out


def test_each_task_links_to_the_item_it_implements():
    plan = plan_of(2024, [("一", "执法", [THREE, TRAINING, LENIENT]), ("二", "纠纷", [REVIEW]),
                          ("三", "监督", [OVERSIGHT, OPENNESS])])
    assert links_of(plan) == {1: {1}, 2: {2}, 3: {3}, 4: {4}, 5: {6}, 6: {7}}


def test_one_task_implements_two_items():
    plan = plan_of(2024, [("一", "执法", [COMBINED])])
    assert links_of(plan) == {1: {1, 2}}


def test_one_item_implemented_by_two_tasks():
    plan = plan_of(2024, [("一", "执法", [THREE, COMBINED])])
    links = links_of(plan)
    assert 1 in links[1] and 1 in links[2]


def test_unrelated_task_links_to_nothing_and_evidence_is_distinctive():
    plan = plan_of(2024, [("一", "数字政府", [UNRELATED]), ("二", "纠纷", [REVIEW])])
    links = link_to_scheme(plan, SCHEME)
    assert {(link.task, link.item) for link in links} == {(2, 4)}
    assert "行政复议" in links[0].terms


def test_item_without_task_stays_unlinked():
    plan = plan_of(2024, [("一", "执法", [THREE, TRAINING, LENIENT]), ("二", "纠纷", [REVIEW])])
    linked_items = {link.item for link in link_to_scheme(plan, SCHEME)}
    assert 5 not in linked_items  # nobody plans 行政裁决: that is a scheme gap, not a link


def test_generic_words_alone_do_not_claim_an_unlinked_item():
    scheme = plan_of(2021, [
        ("二", "健全行政执法工作体系", [
            ("全面落实行政执法“三项制度”",
             "全面推行行政执法公示、执法全过程记录、重大执法决定法制审核制度,统一行政执法文书格式。",
             ("县司法局",)),
            ("健全行政执法监督机制",
             "构建县乡两级行政执法协调监督工作体系,常态化开展行政执法案卷评查和专项监督。",
             ("县司法局",))]),
        ("三", "完善法治政府建设推进机制", [
            ("加强督察考核",
             "开展法治政府建设督察,将法治政府建设成效纳入年度综合考核,考核结果作为干部评价的重要参考。",
             ())]),
    ], kind="scheme")
    case_review = ("开展行政执法案卷评查",
                   "每季度组织一次行政执法案卷集中评查,评查结果纳入年度考核,对发现的问题建立台账、限期整改。",
                   ("县司法局",))
    plan = plan_of(2024, [("一", "执法", [THREE, case_review])])
    linked = {(link.task, link.item) for link in link_to_scheme(plan, scheme)}
    assert {(1, 1), (2, 2)} <= linked
    assert not any(item == 3 for _, item in linked)  # only 纳入 and 考核 in common: the item is a gap
