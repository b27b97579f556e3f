"""Splitting real layouts into tasks: numbering levels, unit placements, roles."""
from __future__ import annotations

from plancheck.plans import load_plan

FORMAT_1 = """下面是小编为大家整理的示例县2023年法治政府建设工作计划,供大家参考。
- 1 - 示例县 2023 年法治政府建设工作计划
为深入推进依法行政,结合我县实际,制定本计划。
一、深入学习贯彻习近平法治思想 1.推动学习宣传贯彻习近平法治思想走深走实。将习近平法治思想纳入县政府常务会议学习内容。〔牵头单位:县政府办公室、县司法局;责任单位:县政府各部门,各镇人民政府(街道办事处)〕 2.落实党政主要负责人履行推进法治建设第一责任人职责。党政主要负责人每年召开会议不少于 1 次。〔牵
- 2 - 头单位:县司法局;责任单位:县政府各部门〕
二、健全行政执法工作体系 3.全面落实行政执法“三项制度”。严格执行行政执法公示制度,案卷评查率达到 100%。〔责任单位:县政府各行政执法部门〕 4.加强行政执法监督。每季度开展一次案卷评查。〔牵头单位:县司法局;责任单位:县政府各行政执法部门〕
各镇、县政府各部门要认真落实本计划。
"""


def test_format_1_pdf_text_with_inline_blocks_and_page_markers(write_plan):
    plan = load_plan(write_plan(FORMAT_1))
    assert plan.title == "示例县2023年法治政府建设工作计划"
    assert plan.year == 2023 and plan.kind == "annual"
    assert [t.number for t in plan.tasks] == ["1", "2", "3", "4"]
    assert [t.section_number for t in plan.tasks] == ["一", "一", "二", "二"]
    assert plan.tasks[0].title == "推动学习宣传贯彻习近平法治思想走深走实"
    assert plan.tasks[0].lead_units == ("县政府办公室", "县司法局")
    assert plan.tasks[0].responsible_units == ("县政府各部门", "各镇人民政府(街道办事处)")
    # the label `牵头单位` is cut by a page marker and a line break
    assert plan.tasks[1].lead_units == ("县司法局",)
    # a plan that pairs 牵头 with 责任: a lone 责任单位 is a responsible unit, the lead is missing
    assert plan.tasks[2].lead_units == () and plan.tasks[2].responsible_units == ("县政府各行政执法部门",)
    assert plan.unit_convention == "lead+responsible"
    assert "各镇、县政府各部门要认真落实" not in plan.tasks[3].text


FORMAT_2 = """示例县2024年法治政府建设工作要点
发布时间:2024-03-19 来源:县司法局
一、深入学习贯彻习近平法治思想
(一)深入学习宣传贯彻习近平法治思想。将习近平法治思想作为理论学习中心组学习的重要内容,全年开展集中宣讲不少于10场。
责任单位:县委依法治县办、县司法局;配合单位:县委宣传部、县直各部门;完成时限:2024年12月底
(二)加强行政复议工作。规范行政复议受理程序。(县司法局牵头,各部门配合)
二、健全依法行政制度体系
(一)加强行政规范性文件监督管理。规范性文件备案审查率达到100%。
牵头单位:县司法局;完成时限:2024年12月底
(二)严格落实重大行政决策程序。严格履行公众参与、专家论证等法定程序。
责任单位:县政府办公室;配合单位:县直各部门;完成时限:2024年12月底
各乡镇、县直各部门要将本工作要点纳入年度重点工作统筹推进。
"""


def test_format_2_web_text_with_unit_lines(write_plan):
    plan = load_plan(write_plan(FORMAT_2))
    assert [t.number for t in plan.tasks] == ["(一)", "(二)", "(一)", "(二)"]
    first, inline, lead_only, last = plan.tasks
    # 责任单位 beside 配合单位 is the lead
    assert first.lead_units == ("县委依法治县办", "县司法局")
    assert first.responsible_units == ("县委宣传部", "县直各部门")
    assert first.deadline == "2024年12月底"
    assert inline.lead_units == ("县司法局",) and inline.responsible_units == ("各部门",)
    assert inline.text.endswith("规范行政复议受理程序。")
    assert lead_only.lead_units == ("县司法局",) and lead_only.responsible_units == ()
    assert "纳入年度重点工作" not in last.text
    assert first.targets[0].value == 10 and first.targets[0].op == ">="


SCHEME = """示例县法治政府建设实施方案(2021-2025年)
一、总体要求
(一)指导思想。坚持以习近平新时代中国特色社会主义思想为指导,深入学习贯彻习近平法治思想,加快建设法治政府。
(二)主要目标。到2025年,政府行为全面纳入法治轨道,法治政府建设取得重大进展。
二、健全政府机构职能体系
(一)推进政府机构职能优化协同高效。全面实行政府权责清单制度,推动各部门依法全面履行职能。
(二)深化“放管服”改革。持续精简行政许可事项,全面推行证明事项告知承诺制。
三、健全依法行政制度体系
(一)加强行政规范性文件制定监督管理。严格落实合法性审核和备案审查制度。
"""


def test_scheme_general_requirements_hold_no_items(write_plan):
    plan = load_plan(write_plan(SCHEME, "scheme.txt"))
    assert plan.kind == "scheme"
    assert [t.title for t in plan.tasks] == ["推进政府机构职能优化协同高效", "深化“放管服”改革",
                                              "加强行政规范性文件制定监督管理"]
    assert plan.unit_convention == "none"


LEADER_LINES = """示例县2024年法治政府建设重点任务
一、推进严格规范公正文明执法
1、深化行政执法体制改革。推进综合行政执法队伍规范化建设。
牵头负责领导:副县长张三
牵头责任单位:县司法局
协同责任单位:县综合执法局、县市场监管局
2、加强行政执法监督。健全行政执法协调监督工作体系。
责任分工:县司法局牵头,县直各行政执法部门协助。
"""


def test_leader_lines_and_division_sentence(write_plan):
    plan = load_plan(write_plan(LEADER_LINES))
    first, second = plan.tasks
    assert first.number == "1"
    assert first.lead_units == ("县司法局",)  # a person is never a unit
    assert first.responsible_units == ("县综合执法局", "县市场监管局")
    assert second.lead_units == ("县司法局",)
    assert second.responsible_units == ("县直各行政执法部门",)


ONLY_RESPONSIBLE = """示例县司法局2024年依法行政工作计划
一、加强制度建设
(一)开展规范性文件清理。全面清理现行有效的规范性文件。(责任科室:法制科)
(二)做好行政复议工作。依法办理行政复议案件。(责任科室:行政复议科、法制科)
二、加强执法监督
(一)开展案卷评查。每半年开展一次案卷评查。(责任科室:执法监督科)
"""


def test_single_label_plan_reads_it_as_lead(write_plan):
    plan = load_plan(write_plan(ONLY_RESPONSIBLE))
    assert [t.lead_units for t in plan.tasks] == [("法制科",), ("行政复议科", "法制科"), ("执法监督科",)]
    assert plan.unit_convention == "lead-only"


NO_UNITS_NESTED = """示例县2024年法治政府建设工作要点
一、总体要求
坚持以习近平法治思想为指导,全面推进依法行政。
二、重点任务
(一)深化法治政府建设
1.加强规范性文件管理。严格落实合法性审核机制,审核率达到100%。
2.严格重大行政决策程序。落实公众参与、专家论证等程序。
(二)提升行政执法质量
1.推行行政执法三项制度。严格执行行政执法公示制度。
2.开展行政执法案卷评查。每季度开展一次评查。
"""


def test_topic_lines_above_the_task_level_are_not_tasks(write_plan):
    plan = load_plan(write_plan(NO_UNITS_NESTED))
    assert [t.title for t in plan.tasks] == ["加强规范性文件管理", "严格重大行政决策程序", "推行行政执法三项制度",
                                              "开展行政执法案卷评查"]
    assert [t.section_number for t in plan.tasks] == ["二"] * 4
    assert plan.unit_convention == "none"


LAST_TASK_INLINE = """示例县2024年法治政府建设工作要点
一、推进严格规范公正文明执法
(一)加强行政执法监督。健全行政执法协调监督工作体系。
责任单位:县司法局;配合单位:县直各部门
(二)加强行政复议工作。规范行政复议受理程序。(县司法局牵头,各部门按职责分工负责)
各乡镇、县直各部门要认真抓好落实。
"""


def test_unlabelled_units_of_the_last_task_before_closing_prose(write_plan):
    plan = load_plan(write_plan(LAST_TASK_INLINE))
    assert plan.tasks[1].lead_units == ("县司法局",)
    assert plan.tasks[1].responsible_units == ("各部门",)
    assert "认真抓好落实" not in plan.tasks[1].text


def _wrap(text: str, width: int = 28) -> str:
    """Break every paragraph at a page width, the way PDF extraction does."""
    out = []
    for paragraph in text.split("\n"):
        out.extend(paragraph[i:i + width] for i in range(0, max(len(paragraph), 1), width))
    return "\n".join(out)


def test_text_wrapped_at_the_page_width_reads_like_the_original(write_plan):
    original = load_plan(write_plan(FORMAT_2, "original.txt"))
    wrapped = load_plan(write_plan(_wrap(FORMAT_2), "wrapped.txt"))
    assert [t.title for t in wrapped.tasks] == [t.title for t in original.tasks]
    assert [t.lead_units for t in wrapped.tasks] == [t.lead_units for t in original.tasks]
    assert [t.responsible_units for t in wrapped.tasks] == [t.responsible_units for t in original.tasks]


CLOSING_SECTION = """示例县2024年法治政府建设工作计划
一、推进依法行政
(一)加强规范性文件管理。严格执行合法性审核机制。(牵头单位:县司法局;责任单位:县直各部门)
(二)严格重大行政决策程序。落实合法性审查。(牵头单位:县政府办公室;责任单位:县直各部门)
二、保障措施
(一)加强组织领导。各部门要高度重视,主要负责人亲自抓。
(二)强化督促检查。县委依法治县办适时开展督查。
"""


def test_closing_safeguard_section_without_units_holds_no_tasks(write_plan):
    plan = load_plan(write_plan(CLOSING_SECTION))
    assert [t.title for t in plan.tasks] == ["加强规范性文件管理", "严格重大行政决策程序"]


FIRST_LISTED = """示例县2024年法治政府建设工作要点
(注:责任单位中列第一位的为牵头单位)
一、推进依法行政
1.加强规范性文件管理。严格执行合法性审核机制。(责任单位:县司法局、县直各部门)
2.推进政务公开。动态更新政务公开事项目录。(县政府办公室、县直各部门)
3.加强行政复议工作。规范受理程序。(责任单位:县司法局(牵头)、县信访局)
"""


def test_first_listed_unit_leads_where_the_plan_says_so(write_plan):
    plan = load_plan(write_plan(FIRST_LISTED))
    assert [(t.lead_units, t.responsible_units) for t in plan.tasks] == [
        (("县司法局",), ("县直各部门",)),
        (("县政府办公室",), ("县直各部门",)),
        (("县司法局",), ("县信访局",)),
    ]


TRADITIONAL = """示例縣2024年法治政府建設工作計劃
一、推進依法行政
1.加強規範性文件管理。嚴格執行合法性審核機制。〔牽頭單位:縣司法局;責任單位:縣政府辦公室、縣直各部門〕
2.推進政務公開。動態更新目錄。
責任單位:縣政府辦公室;配合單位:縣直各部門
3.加強行政復議工作。規範受理程序。(縣司法局牽頭,各部門配合)
"""


def test_traditional_labels_and_unit_names_as_written(write_plan):
    plan = load_plan(write_plan(TRADITIONAL))
    assert plan.title == "示例縣2024年法治政府建設工作計劃" and plan.year == 2024
    assert [(t.lead_units, t.responsible_units) for t in plan.tasks] == [
        (("縣司法局",), ("縣政府辦公室", "縣直各部門")),
        (("縣政府辦公室",), ("縣直各部門",)),
        (("縣司法局",), ("各部門",)),
    ]


# Written with escapes so that no editor or tool folds the full-width forms this test is about.
FULL_WIDTH = ("示例县\uff12\uff10\uff12\uff14年法治政府建设工作要点\n一、推进依法行政\n"
              "\uff08一\uff09加强规范性文件管理。审核率达到\uff11\uff10\uff10\uff05。"
              "\uff08牵头单位\uff1a县司法局\uff1b责任单位\uff1a县直各部门\uff0c各乡镇人民政府\uff08街道办事处\uff09\uff09\n"
              "\uff08二\uff09推进政务公开。动态更新目录。\n责任单位\uff1a县政府办公室\uff1b配合单位\uff1a县直各部门\n")


def test_full_width_numbers_labels_and_punctuation(write_plan):
    plan = load_plan(write_plan(FULL_WIDTH))
    assert plan.year == 2024
    assert [t.number for t in plan.tasks] == ["(一)", "(二)"]
    assert plan.tasks[0].lead_units == ("县司法局",)
    assert plan.tasks[0].responsible_units == ("县直各部门", "各乡镇人民政府(街道办事处)")
    assert plan.tasks[0].targets[0].value == 100
    assert plan.tasks[1].lead_units == ("县政府办公室",)


SECTION_UNITS = """示例县2024年法治政府建设工作计划
为深入推进法治政府建设,结合我县实际,制定本计划。
一、深入推进依法行政(牵头单位:县司法局;责任单位:县直各部门)
1.加强行政规范性文件管理。严格落实合法性审核机制,审核率达到100%。
2.严格重大行政决策程序。落实公众参与、专家论证、风险评估等法定程序。
3.推进政务公开。动态更新政务公开事项目录。(牵头单位:县政府办公室;责任单位:县直各部门)
二、提升基层法治水平
牵头单位:县民政局;配合单位:各乡镇人民政府
4.推进村(居)法律顾问全覆盖。村(居)法律顾问覆盖率达到100%。
5.开展民主法治示范村创建。年内新创建省级民主法治示范村2个。
三、加强行政复议工作
6.规范行政复议受理程序。行政复议案件按期办结率达到100%。
"""


def test_units_on_a_section_heading_hold_for_its_tasks(write_plan):
    plan = load_plan(write_plan(SECTION_UNITS, encoding="gb18030"))
    assert [s.title for s in plan.sections] == ["深入推进依法行政", "提升基层法治水平", "加强行政复议工作"]
    assert [(t.lead_units, t.responsible_units) for t in plan.tasks] == [
        (("县司法局",), ("县直各部门",)),
        (("县司法局",), ("县直各部门",)),
        (("县政府办公室",), ("县直各部门",)),  # a task's own units win over its heading's
        (("县民政局",), ("各乡镇人民政府",)),  # the units on their own line under the heading
        (("县民政局",), ("各乡镇人民政府",)),
        ((), ()),  # a heading without units gives none: nothing is carried over from the section above
    ]
    assert plan.tasks[0].text == "加强行政规范性文件管理。严格落实合法性审核机制,审核率达到100%。"


UNITS_IN_SENTENCES = """示例市2024年法治政府建设工作要点
一、健全依法行政制度体系
(一)县司法局牵头,县直各部门配合,全面推行行政规范性文件合法性审核机制,审核率达到100%。
(二)由县政府办公室负责,严格落实重大行政决策程序,年内制定重大行政决策事项目录。
(三)县市场监管局牵头,县发展改革局、县商务局配合,持续优化法治化营商环境。
二、严格规范公正文明执法
(四)推进政务公开。动态更新政务公开事项目录。此项工作由县政府办公室牵头,县直各部门按职责分工负责。
(五)加强行政执法监督。每季度开展一次案卷评查。县司法局负责。
(六)坚持党委领导、政府负责,推进基层依法治理。
"""


def test_units_named_in_the_task_sentence(write_plan):
    plan = load_plan(write_plan(UNITS_IN_SENTENCES))
    assert [(t.lead_units, t.responsible_units) for t in plan.tasks] == [
        (("县司法局",), ("县直各部门",)),
        (("县政府办公室",), ()),
        (("县市场监管局",), ("县发展改革局", "县商务局")),
        (("县政府办公室",), ("县直各部门",)),
        (("县司法局",), ()),
        ((), ()),  # `政府负责` is prose, not a unit
    ]
    assert plan.tasks[0].text == "全面推行行政规范性文件合法性审核机制,审核率达到100%。"
    assert plan.tasks[0].targets[0].value == 100
    assert plan.tasks[3].text == "推进政务公开。动态更新政务公开事项目录。"


BRACKETED_LABELS = """示例县2025年法治政府建设工作计划
一、加强制度建设
1、加强行政规范性文件备案审查。报备率、及时率达到100%。【牵头单位】县司法局【责任单位】县直各部门
2、开展规范性文件清理。对现行有效的规范性文件进行全面清理。【牵头单位】县司法局【责任单位】县直各部门、各乡镇人民政府
二、强化执法监督
3、推行行政执法责任制。落实执法人员持证上岗制度。【牵头单位】县司法局【配合单位】县直各行政执法部门
4、加强行政复议工作。行政复议案件按期办结率达到100%。【牵头单位】县司法局
"""


def test_label_words_in_square_brackets(write_plan):
    plan = load_plan(write_plan(BRACKETED_LABELS))
    assert [(t.lead_units, t.responsible_units) for t in plan.tasks] == [
        (("县司法局",), ("县直各部门",)),
        (("县司法局",), ("县直各部门", "各乡镇人民政府")),
        (("县司法局",), ("县直各行政执法部门",)),
        (("县司法局",), ()),
    ]
    assert plan.tasks[0].text == "加强行政规范性文件备案审查。报备率、及时率达到100%。"


UNITS_BEFORE_TEXT = """示例县2024年法治政府建设重点工作安排
一、健全政府机构职能体系
(一)深化“放管服”改革
牵头单位:县政务服务中心;责任单位:县直各部门
全面落实行政许可事项清单管理,政务服务事项网上可办率达到95%以上。
(二)优化法治化营商环境
牵头单位:县发展改革局;责任单位:县市场监管局、县工商联
全面落实公平竞争审查制度,开展涉企法规政策清理。
二、推进严格规范公正文明执法
(三)加强行政执法监督
牵头单位:县司法局;责任单位:县直各行政执法部门
每季度开展一次行政执法案卷评查。
各乡镇、县直各部门要认真抓好落实。
"""


def test_unit_line_between_the_task_heading_and_its_text(write_plan):
    plan = load_plan(write_plan(UNITS_BEFORE_TEXT, encoding="gb18030"))
    first = plan.tasks[0]
    assert first.title == "深化“放管服”改革"
    assert first.text == "深化“放管服”改革。全面落实行政许可事项清单管理,政务服务事项网上可办率达到95%以上。"
    assert first.targets[0].value == 95
    assert first.lead_units == ("县政务服务中心",) and first.responsible_units == ("县直各部门",)
    assert plan.tasks[1].responsible_units == ("县市场监管局", "县工商联")
    assert plan.tasks[2].text == "加强行政执法监督。每季度开展一次行政执法案卷评查。"  # no closing prose


TITLE_ONLY_TASKS = """示例县2024年法治政府建设工作要点
一、推进依法行政
(一)加强行政规范性文件管理
牵头单位:县司法局;责任单位:县直各部门
(二)推进政务公开
牵头单位:县政府办公室;责任单位:县直各部门
各乡镇、县直各部门要认真抓好落实。
"""


def test_prose_after_the_last_unit_line_of_title_only_tasks_is_no_task_text(write_plan):
    plan = load_plan(write_plan(TITLE_ONLY_TASKS))
    assert [t.text for t in plan.tasks] == ["加强行政规范性文件管理", "推进政务公开"]


LABEL_VARIANTS = """示例县2024年法治政府建设工作计划
一、推进依法行政
(一)加强规范性文件管理。严格落实合法性审核机制。
主要责任单位:县司法局 参与单位:县直各部门 督办单位:县政府督查室
(二)规范行政复议。行政复议案件按期办结率达到100%。
牵头单位 县司法局  责任单位 县直各部门
(三)落实行政执法三项制度。严格执行行政执法公示制度。
牵头单位:县司法局 责任单位:县公安局 县市场监管局 县自然资源局
(四)开展执法案卷评查。每半年开展一次评查。
牵头单位:县司法局 责任单位:县公安局,县市场监管局
二、保障措施
(一)加强组织领导。责任单位要切实履行职责。
"""


def test_label_variants_labels_without_colons_and_lists_split_by_spaces(write_plan):
    plan = load_plan(write_plan(LABEL_VARIANTS))
    assert [(t.lead_units, t.responsible_units) for t in plan.tasks] == [
        (("县司法局",), ("县直各部门",)),  # the 督办单位 oversees: it is neither
        (("县司法局",), ("县直各部门",)),
        (("县司法局",), ("县公安局", "县市场监管局", "县自然资源局")),
        (("县司法局",), ("县公安局", "县市场监管局")),
    ]


YISHI_TASKS = """示例县2024年法治政府建设工作要点
一、深入推进依法行政
一是加强行政规范性文件管理。严格落实合法性审核机制。(牵头单位:县司法局;责任单位:县直各部门)
二是严格重大行政决策程序。落实公众参与、专家论证等法定程序。(牵头单位:县政府办公室;责任单位:县直各部门)
二、严格规范公正文明执法
一是全面落实行政执法三项制度。(牵头单位:县司法局;责任单位:县直各行政执法部门)
二是加强行政执法监督。每季度开展一次案卷评查;一是查案卷,二是查现场。(牵头单位:县司法局)
"""

YISHI_POINTS = """示例县法治政府建设实施方案(2021-2025年)
一、健全依法行政制度体系
(一)加强行政规范性文件管理。
一是严格落实合法性审核机制,审核率达到100%;
二是开展规范性文件清理。
(二)严格重大行政决策程序。
一是落实公众参与、专家论证等法定程序;
二是制定重大行政决策事项目录。
"""


def test_yishi_paragraphs_are_tasks_only_when_they_carry_units(write_plan):
    plan = load_plan(write_plan(YISHI_TASKS))
    assert [(t.section_number, t.number, t.title) for t in plan.tasks] == [
        ("一", "一是", "加强行政规范性文件管理"), ("一", "二是", "严格重大行政决策程序"),
        ("二", "一是", "全面落实行政执法三项制度"), ("二", "二是", "加强行政执法监督")]
    assert plan.tasks[1].lead_units == ("县政府办公室",)
    scheme = load_plan(write_plan(YISHI_POINTS, "scheme.txt"))
    assert [t.number for t in scheme.tasks] == ["(一)", "(二)"]
    # the points are the item's text, with their targets
    assert scheme.tasks[0].text == "加强行政规范性文件管理。一是严格落实合法性审核机制,审核率达到100%;二是开展规范性文件清理。"
    assert scheme.tasks[0].targets[0].value == 100


ANNEX_TABLE = """示例县2024年法治政府建设工作计划
一、深入推进依法行政
(一)加强行政规范性文件管理。严格落实合法性审核机制。
(二)严格重大行政决策程序。落实公众参与、专家论证等法定程序。
(三)全面落实行政执法三项制度。严格执行行政执法公示制度。
(四)开展法治宣传。组织宪法宣传周活动。
附件:示例县2024年法治政府建设重点任务分工表
序号
重点任务
牵头单位
责任单位
完成时限
1
加强行政规范性文件管理
县司法局
县直各部门
2024年12月底
2
严格重大行政决策程序
县政府办公室
县直各部门
2024年12月底
3
全面落实行政执法三项制度
县司法局
县直各行政执法部门
长期坚持
"""


def test_units_from_the_annex_division_table_of_a_web_page(write_plan):
    plan = load_plan(write_plan(ANNEX_TABLE))
    assert [t.title for t in plan.tasks] == ["加强行政规范性文件管理", "严格重大行政决策程序", "全面落实行政执法三项制度",
                                              "开展法治宣传"]
    assert [(t.lead_units, t.responsible_units, t.deadline) for t in plan.tasks] == [
        (("县司法局",), ("县直各部门",), "2024年12月底"),
        (("县政府办公室",), ("县直各部门",), "2024年12月底"),
        (("县司法局",), ("县直各行政执法部门",), "长期坚持"),
        ((), (), None),  # not in the table: no units are made up
    ]
    assert plan.tasks[0].text == "加强行政规范性文件管理。严格落实合法性审核机制。"


PDF_BREAKS = """示例县2024年法治政府建设工作计划
一、深入学习贯彻习近平法治思想
1.推动学习宣传贯彻习近平法治思想走深走实。将习近平法治思想纳入县政府常务会议学习内容,全年集
中学法不少于4次。(牵头单位:县委宣传部、县司法局;责任单位:县政府各部门、各乡镇人民
政府)2.压实法治建设第一责任人职责。党政主要负责人年底前完成述法。(牵头单位:县委组织部;
- 5 -
责任单位:县直各部门、各乡镇人民政府)
二、健全依法行政制度体系
3.加强规范性文件管理。备案审查率达到100%。(牵头单位:县司法局;责任单位:县直各部门)4.严格
重大行政决策程序。落实合法性审查。(牵头单位:县政府办公室;责任单位:县发展和改革
局、县财政局)
"""


def test_pdf_text_with_unit_names_broken_across_lines_and_a_page_marker_in_a_block(write_plan):
    plan = load_plan(write_plan(PDF_BREAKS))
    assert [t.number for t in plan.tasks] == ["1", "2", "3", "4"]
    assert [(t.lead_units, t.responsible_units) for t in plan.tasks] == [
        (("县委宣传部", "县司法局"), ("县政府各部门", "各乡镇人民政府")),
        (("县委组织部",), ("县直各部门", "各乡镇人民政府")),
        (("县司法局",), ("县直各部门",)),
        (("县政府办公室",), ("县发展和改革局", "县财政局")),
    ]
    assert plan.tasks[0].targets[0].value == 4
