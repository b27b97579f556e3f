"""The pieces of the splitter: cleaning, numerals, unit lists, targets; and the real 2022 plan."""
from __future__ import annotations

import pytest

from plancheck.plans import load_plan
from plancheck.plans.cleaning import clean_line
from plancheck.plans.markers import chinese_to_int, int_to_chinese
from plancheck.plans.targets import extract_targets
from plancheck.plans.units import assign_roles, parse_labelled, split_units


@pytest.mark.parametrize("raw, clean", [
    ("- 1 - XX 县 2022 年法治政府建设工作计划", "XX县2022年法治政府建设工作计划"),
    ("深化街道综合行政—4—执法改革", "深化街道综合行政执法改革"),
    ("第 3 页 共 9 页", ""),
    ("- 8 -", ""),
    ("年内分别组织 2 次以上,达到 95 % 以上", "年内分别组织2次以上,达到95%以上"),
    ("(2021-2025 年)", "(2021-2025年)"),
    ("接受评价-受理-整改", "接受评价-受理-整改"),
    ("发布时间:2024-03-19 来源:县司法局", ""),
    ("下面是小编为大家整理的县2022年法治政府建设工作计划,供大家参考。", ""),
])
def test_clean_line(raw, clean):
    assert clean_line(raw) == clean


@pytest.mark.parametrize("numeral, value", [("一", 1), ("十", 10), ("十一", 11), ("二十二", 22), ("一百零五", 105)])
def test_chinese_numerals_round_trip(numeral, value):
    assert chinese_to_int(numeral) == value
    assert int_to_chinese(value) == numeral


@pytest.mark.parametrize("text, units", [
    ("县政府各部门,各镇人民政府(街道办事处)", ("县政府各部门", "各镇人民政府(街道办事处)")),
    ("县政府办公室(县大数据局)、县司法局", ("县政府办公室(县大数据局)", "县司法局")),
    ("市、县(区)政府法制机构", ("市、县(区)政府法制机构",)),
    ("县住房和城乡建设局、县文化和旅游局", ("县住房和城乡建设局", "县文化和旅游局")),
    ("县委宣传部和县司法局", ("县委宣传部", "县司法局")),
    ("县政府各部门及各乡镇人民政府", ("县政府各部门", "各乡镇人民政府")),
    ("縣司法局;縣公安局", ("縣司法局", "縣公安局")),
    ("县公安局 县市场监管局  县自然资源局", ("县公安局", "县市场监管局", "县自然资源局")),  # spaces between names
    ("县司法 局、各乡镇人民政府 (街道办事处)", ("县司法局", "各乡镇人民政府(街道办事处)")),  # spaces inside names
])
def test_split_units(text, units):
    assert split_units(text) == units


def test_clean_line_keeps_the_spaces_of_a_unit_list_after_its_label():
    line = "牵头单位:县司法局  责任单位:县公安局 县市场监管局"
    assert clean_line(line) == "牵头单位:县司法局责任单位:县公安局县市场监管局"
    assert clean_line(line, list_start=0) == "牵头单位:县司法局 责任单位:县公安局 县市场监管局"


def test_roles_follow_the_labels_of_the_task_and_the_plan():
    both = tuple(parse_labelled("牵头单位:县司法局;责任单位:县直各部门"))
    assert assign_roles(both, ambiguous_is_lead=True).responsible == ("县直各部门",)
    helper = tuple(parse_labelled("责任单位:县司法局;配合单位:县直各部门"))
    roles = assign_roles(helper, ambiguous_is_lead=False)
    assert roles.lead == ("县司法局",) and roles.responsible == ("县直各部门",)
    lone = tuple(parse_labelled("责任单位:县直各部门"))
    assert assign_roles(lone, ambiguous_is_lead=False).lead == ()
    assert assign_roles(lone, ambiguous_is_lead=True).lead == ("县直各部门",)


def test_targets_are_normalised():
    text = ("集体讨论率达到100%,全年组织培训不少于两次,每季度开展一次评查,"
            "实现县乡两级全覆盖,2024年6月底前完成,办复率95%以上。")
    (targets,) = extract_targets([text], 2023)
    by_kind = {}
    for target in targets:
        by_kind.setdefault(target.kind, []).append(target)
    percent = by_kind["percent"]
    assert (percent[0].metric, percent[0].op, percent[0].value) == ("集体讨论率", ">=", 100)
    assert (percent[1].metric, percent[1].op, percent[1].value) == ("办复率", ">=", 95)
    assert any(t.value == 2 and t.op == ">=" for t in by_kind["count"])
    assert by_kind["frequency"][0].value == 4
    assert by_kind["coverage"][0].text == "全覆盖"
    assert by_kind["deadline"][0].value == 2024 * 12 + 6


def test_year_end_deadline_is_relative_to_the_plan_year():
    (targets,) = extract_targets(["年底前完成清理。"], 2023)
    assert targets[0].kind == "deadline" and targets[0].value == 2023 * 12 + 12


def test_real_2022_plan(shared_dir):
    plan = load_plan(shared_dir / "seed" / "plan_2022.txt")
    assert plan.year == 2022 and len(plan.tasks) == 22
    assert [t.number for t in plan.tasks] == [str(i) for i in range(1, 23)]
    assert plan.tasks[10].lead_units == ()
    assert plan.tasks[10].responsible_units == ("县政府各部门", "各镇人民政府(街道办事处)")
    assert plan.tasks[14].lead_units == ("县应急局", "县公安局", "县卫生健康局")  # `〔牵\n- 7 - 头单位`
    assert plan.tasks[20].lead_units == ("县政府办公室(县大数据局)",)
    assert all(t.lead_units for i, t in enumerate(plan.tasks) if i != 10)
    assert plan.tasks[2].source.page == 1 and plan.tasks[21].source.page == 8


@pytest.mark.parametrize("line, marker", [
    ("深化街道综合行政—4—执法改革", "—4—"),
    ("第 3 页 共 9 页", "第 3 页 共 9 页"),
    ("落实第一责任人职责", None),  # `第` without a page number
    ("接受评价-受理-整改", None),
])
def test_find_page_marker(line, marker):
    from plancheck.plans.cleaning import find_page_marker

    found = find_page_marker(line)
    assert (found.group(0) if found else None) == marker


@pytest.mark.parametrize("text", [
    "一、总体要求\n(一)完善制度。(二)强化监督;1.开展评查。2.组织培训 3.推进公开",
    "(一)(二)连写的编号)1.紧跟括号 ①圆圈编号!②感叹号后",
    "1.起始编号\n2、顿号编号\u3000(3)全角空格后",
])
def test_find_markers_tries_every_boundary(text):
    """Markers found by scanning for boundaries are those found by trying the pattern at every position."""
    from plancheck.plans.markers import marker_at
    from plancheck.plans.splitting import _STRONG_BOUNDARY, _WEAK_BOUNDARY, _keep_sequences, find_markers

    candidates = []
    for pos in range(len(text)):
        before = text[pos - 1] if pos else "\n"
        marker = marker_at(text, pos) if before in _WEAK_BOUNDARY + _STRONG_BOUNDARY else None
        if marker and marker.end < len(text) and text[marker.end] not in "\n,,。;;、":
            candidates.append((marker, before in _STRONG_BOUNDARY))
    assert find_markers(text) == _keep_sequences(candidates, text)
    assert find_markers(text)


def test_unit_region_cache_finds_each_span_once():
    from plancheck.plans.unit_regions import UnitRegionCache, find_unit_region

    text = "1.开展普法。\n牵头单位:县司法局;责任单位:各部门\n2.推进公开。"
    cache = UnitRegionCache(text, paragraph_mode=True)
    start, end = 2, text.index("2.")
    region = cache.region(start, end)
    assert region == find_unit_region(text[start:end], True)
    assert region.fields == (("牵头单位", "县司法局"), ("责任单位", "各部门"))
    assert cache.region(start, end) is region
