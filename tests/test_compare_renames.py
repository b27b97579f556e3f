"""Lead units renamed between the years: found from the aligned pairs and shown as renames."""
from __future__ import annotations

from test_compare_align import plan_of

from plancheck.compare import analyse
from plancheck.compare.model import UnitRename
from plancheck.compare.renames import is_variant
from plancheck.reports.html_report import render_html
from plancheck.reports.json_report import review_report

BODY = "动态调整县级政府部门权责清单,深化“证照分离”改革,推进政务服务事项“一网通办”“跨省通办”。"
MARKET = "严格落实公平竞争审查制度,依法平等保护民营企业和中小企业合法权益,开展涉企收费专项检查。"
FOOD = "开展食品安全风险隐患排查整治,全年抽检食品不少于800批次,守住不发生系统性风险的底线。"
LAW = "组织行政执法人员公共法律知识培训,全年培训不少于60学时,严格执法证件管理。"


def years(old_units: list[tuple[str, ...]], new_units: list[tuple[str, ...]]):
    tasks = [("深化“放管服”改革", BODY), ("持续优化法治化营商环境", MARKET), ("守牢食品安全底线", FOOD),
             ("加强行政执法队伍建设", LAW)]
    baseline = plan_of(2024, [("一", "健全政府机构职能体系", [(t, b, u) for (t, b), u in zip(tasks, old_units)])])
    draft = plan_of(2025, [("一", "健全政府机构职能体系", [(t, b, u) for (t, b), u in zip(tasks, new_units)])])
    return baseline, draft


def test_a_name_variant_is_a_rename():
    baseline, draft = years([("县编办", "县行政审批局"), ("县发展改革局",), ("县卫生健康局",), ("县司法局",)],
                            [("县委编办", "县行政审批局"), ("县发展改革局",), ("县卫生健康局",), ("县司法局",)])
    assert analyse(draft, baseline).unit_renames == (UnitRename("县编办", "县委编办", "variant"),)


def test_bureaus_merged_into_a_new_one_are_renames():
    baseline, draft = years([("县行政审批局",), ("县工商局",), ("县食药监局",), ("县司法局",)],
                            [("县行政审批局",), ("县市场监管局",), ("县市场监管局",), ("县司法局",)])
    renames = {(r.old, r.new) for r in analyse(draft, baseline).unit_renames}
    assert renames == {("县工商局", "县市场监管局"), ("县食药监局", "县市场监管局")}


def test_a_unit_still_in_the_draft_has_not_been_renamed():
    baseline, draft = years([("县行政审批局",), ("县发展改革局",), ("县卫生健康局",), ("县司法局",)],
                            [("县行政审批局",), ("县市场监管局",), ("县卫生健康局",), ("县发展改革局",)])
    assert analyse(draft, baseline).unit_renames == ()


def test_short_names_are_not_variants():
    assert is_variant("县编办", "县委编办") and is_variant("县发改局", "县发展改革局")
    assert not is_variant("县委", "县委编办") and not is_variant("县司法局", "县公安局")


def test_the_report_shows_a_rename_not_a_change_of_owner():
    baseline, draft = years([("县编办",), ("县发展改革局",), ("县卫生健康局",), ("县司法局",)],
                            [("县委编办",), ("县发展改革局",), ("县卫生健康局",), ("县司法局",)])
    analysis = analyse(draft, baseline)
    html = render_html(analysis, [])
    assert "县编办(更名为县委编办)" in html and "县委编办(原县编办)" in html
    assert 'class="mark mark-removed" title="草案中没有">县编办' not in html
    assert review_report(analysis, [])["unit_renames"] == [{"old": "县编办", "new": "县委编办", "evidence": "variant"}]
