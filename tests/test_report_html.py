"""The HTML report: escaping, self-containment, and which sections appear.

`sample_analysis` hand-builds a small baseline/draft/scheme analysis with every alignment kind and
one finding per rule; the xlsx and browser tests import it from here.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup

from plancheck.checks.finding import Finding
from plancheck.compare.model import (
    AlignedPair,
    Analysis,
    DiffSpan,
    NearMiss,
    Redline,
    SchemeLink,
    SentenceChange,
)
from plancheck.plans.model import Plan, Section, Source, Target, Task
from plancheck.reports.html_report import render_html
from plancheck.reports.review_view_builder import build_view, task_anchor

EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>{{ 7*7 }}{% if 1 %}X{% endif %}" onmouseover="q'
EVIL_MARKERS = ("<script>alert", "<img src=x", 'onmouseover="q')

SECTIONS = {"一": "一、深入学习贯彻习近平法治思想", "二": "二、健全行政执法工作体系", "三": "三、推进政务公开"}


def make_task(index: int, section: str, title: str, body: str, lead=("县司法局",),
              responsible=("县直各部门",), targets=(), evil: str = "") -> Task:
    """A task with `evil` appended to every text field."""
    return Task(
        index=index,
        number=str(index),
        section=SECTIONS[section] + evil,
        section_number=section,
        title=title + evil,
        text=f"{title}{evil}。{body}{evil}",
        lead_units=tuple(u + evil for u in lead),
        responsible_units=tuple(u + evil for u in responsible),
        targets=tuple(Target(t + evil, "percent", "率", ">=", 100.0, "%") for t in targets),
        deadline="2025年12月底" + evil,
        source=Source(None, index),
    )


def make_plan(path: str, title: str, year: int | None, tasks: list[Task], kind: str = "annual",
              evil: str = "") -> Plan:
    sections = tuple(Section(n, t + evil, i) for i, (n, t) in enumerate(SECTIONS.items(), start=1))
    return Plan(path + evil, title + evil, year, kind, sections, tuple(tasks))


def redline(old: str, new: str, evil: str = "") -> Redline:
    """A one-edit redline: common prefix kept, `old` deleted, `new` inserted."""
    return Redline(
        spans=(DiffSpan(0, "行政执法案卷评查" + evil), DiffSpan(-1, old + evil), DiffSpan(1, new + evil),
               DiffSpan(0, "组织一次" + evil)),
        sentences=(SentenceChange("changed", old + evil, new + evil),),
    )


def sample_analysis(evil: str = "", baseline: bool = True, scheme: bool = True) -> Analysis:
    """Baseline 7 tasks, draft 8 tasks, scheme 4 items: carried, reworded, merged, moved, split,
    one dropped, two added (one a duplicate)."""
    t = lambda *a, **k: make_task(*a, evil=evil, **k)
    old = [
        t(1, "一", "深入学习宣传贯彻习近平法治思想", "纳入常务会议学法内容。"),
        t(2, "二", "开展行政执法案卷评查", "每季度组织一次评查。", targets=("评查覆盖率达到100%",)),
        t(3, "一", "落实第一责任人职责", "年底前完成述法。"),
        t(4, "一", "推进领导干部学法用法", "全年集中学法不少于4次。"),
        t(5, "二", "深化乡镇综合行政执法改革", "动态调整赋权清单。"),
        t(6, "三", "优化法治化营商环境", "落实公平竞争审查,保护企业合法权益。"),
        t(7, "三", "积极参与地方立法工作", "做好立法征求意见。"),
    ]
    new = [
        t(1, "一", "深入学习宣传贯彻习近平法治思想", "纳入常务会议学法内容。"),
        t(2, "二", "常态化开展行政执法案卷评查", "每半年组织一次评查。", targets=("评查覆盖率达到95%",),
          responsible=("县直各行政执法部门",)),
        t(3, "一", "压实第一责任人职责和领导干部学法用法", "年底前完成述法,集中学法不少于4次。"),
        t(4, "三", "深化乡镇综合行政执法改革", "动态调整赋权清单。"),
        t(5, "三", "强化公平竞争审查刚性约束", "2024年底前完成存量政策清理。"),
        t(6, "三", "加强涉企法治保障", "保护企业合法权益。"),
        t(7, "二", "规范涉企行政检查", "推行综合查一次。", lead=()),
        t(8, "一", "学习宣传贯彻习近平法治思想", "纳入常务会议学法内容。"),
    ]
    items = [
        t(1, "一", "深入学习贯彻习近平法治思想", "把习近平法治思想作为学习重点。", lead=(), responsible=()),
        t(2, "二", "全面推进严格规范公正文明执法", "落实三项制度,开展案卷评查。", lead=(), responsible=()),
        t(3, "三", "持续优化法治化营商环境", "落实公平竞争审查制度。", lead=(), responsible=()),
        t(4, "三", "积极参与地方立法", "发挥基层立法联系点作用。", lead=(), responsible=()),
    ]
    pairs = (
        AlignedPair(1, 1, "carried", 1.0, redline=Redline((DiffSpan(0, new[0].text),), ())),
        AlignedPair(2, 2, "reworded", 0.82, ("案卷评查" + evil,), redline("每季度", "每半年", evil)),
        AlignedPair(3, 3, "merged", 0.71, ("述法",)),
        AlignedPair(4, 3, "merged", 0.66, ("学法",)),
        AlignedPair(5, 4, "moved", 0.97, decision="confirmed"),
        AlignedPair(6, 5, "split", 0.61),
        AlignedPair(6, 6, "split", 0.58),
    )
    links = {
        "baseline": (SchemeLink(1, 1, 0.8), SchemeLink(2, 2, 0.7), SchemeLink(6, 3, 0.7), SchemeLink(7, 4, 0.9)),
        "draft": (SchemeLink(1, 1, 0.8), SchemeLink(2, 2, 0.7), SchemeLink(5, 3, 0.6), SchemeLink(8, 1, 0.5)),
    }
    draft_plan = make_plan("plans/示例县2025.txt", "示例县2025年法治政府建设工作计划", 2025, new, evil=evil)
    return Analysis(
        draft=draft_plan,
        baseline=make_plan("plans/示例县2024.txt", "示例县2024年法治政府建设工作计划", 2024, old, evil=evil)
        if baseline else None,
        scheme=make_plan("示例县实施方案.txt", "示例县法治政府建设实施方案(2021-2025年)", None, items, "scheme",
                         evil=evil) if scheme else None,
        alignment=pairs if baseline else (),
        dropped=(7,) if baseline else (),
        added=(7, 8) if baseline else (),
        dropped_near=(NearMiss(7, 4, 0.31),) if baseline else (),
        added_near=(NearMiss(7, 2, 0.28), NearMiss(8, 1, 0.93)) if baseline else (),
        scheme_links=({k: v for k, v in links.items() if baseline or k == "draft"} if scheme else {}),
    )


def sample_findings(evil: str = "", baseline: bool = True, scheme: bool = True) -> list[Finding]:
    """One finding per rule of the catalogue, pointing at the sample analysis."""
    found = [
        Finding("missing-lead-unit", "error", "draft", "草案第7项任务没有牵头单位" + evil, task=7,
                evidence={"draft": "〔责任单位:县直各部门〕" + evil}),
        Finding("duplicate-task", "warning", "draft", "草案第1项与第8项任务重复" + evil, tasks=(1, 8),
                evidence={"draft": "深入学习宣传贯彻习近平法治思想" + evil}),
        Finding("stale-reference", "warning", "draft", "草案仍提出“2024年底前”" + evil, task=5,
                evidence={"draft": "2024年底前完成存量政策清理" + evil}),
        Finding("numbering", "info", "draft", "编号跳号" + evil, task=6, evidence={"printed": "7" + evil}),
    ]
    if baseline:
        found += [
            Finding("weakened-target", "error", "draft", "评查覆盖率 100% 降为 95%" + evil, task=2, old_task=2,
                    evidence={"baseline": "评查覆盖率达到100%" + evil, "draft": "评查覆盖率达到95%" + evil}),
            Finding("dropped-task", "warning", "baseline", "去年第7项任务在草案中没有对应任务" + evil, task=7,
                    evidence={"baseline": "积极参与地方立法工作" + evil}),
        ]
    if scheme:
        found.append(Finding("scheme-gap", "error", "scheme", "方案第4项没有草案任务落实" + evil, task=4,
                             against="draft", evidence={"scheme": "积极参与地方立法" + evil}))
    return found


def sample_rules(evil: str = "") -> list[SimpleNamespace]:
    """Rule modules as the report sees them: NAME, SEVERITY, TITLE, DESCRIPTION."""
    names = {
        "missing-lead-unit": ("error", "缺少牵头单位"),
        "missing-responsible-unit": ("warning", "缺少责任单位"),
        "duplicate-task": ("warning", "任务重复"),
        "dropped-task": ("warning", "去年任务未延续"),
        "weakened-target": ("error", "目标弱化"),
        "scheme-gap": ("error", "方案事项未落实"),
        "stale-reference": ("warning", "过时表述"),
        "numbering": ("info", "编号错误"),
    }
    return [SimpleNamespace(NAME=n, SEVERITY=s, TITLE=t + evil, DESCRIPTION="说明。错误示例:…" + evil)
            for n, (s, t) in names.items()]


def render(evil: str = "", baseline: bool = True, scheme: bool = True, **kw) -> str:
    return render_html(sample_analysis(evil, baseline, scheme), sample_findings(evil, baseline, scheme),
                       sample_rules(evil), **kw)


def ids(html: str) -> list[str]:
    return [el["id"] for el in BeautifulSoup(html, "html.parser").find_all(id=True)]


# ---------------------------------------------------------------- escaping


def test_document_text_is_escaped_everywhere():
    html = render(EVIL, generated_at=EVIL)
    for marker in EVIL_MARKERS:
        assert marker not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "{{ 7*7 }}" in html and "{% if 1 %}X{% endif %}" in html


def test_escaped_text_appears_in_every_field():
    html = render(EVIL)
    escaped = "&lt;img src=x onerror=alert(2)&gt;"
    # plan title, path, section, task title/text/units/targets, terms, evidence, rule title: all printed
    assert html.count(escaped) > 50


def test_no_active_content_from_documents():
    soup = BeautifulSoup(render(EVIL), "html.parser")
    scripts = soup.find_all("script")
    assert len(scripts) == 1 and not scripts[0].get("src")
    assert soup.find("img") is None
    for el in soup.find_all(True):
        assert not any(attr.startswith("on") for attr in el.attrs), el.name


# ---------------------------------------------------------------- self-contained


def test_self_contained_no_external_references():
    html = render()
    for needle in ("http://", "https://", "src=", "<link", "@import", "url("):
        assert needle not in html
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in html


def test_ids_are_unique():
    found = ids(render())
    assert len(found) == len(set(found))


def test_every_finding_link_has_a_target():
    html = render()
    soup = BeautifulSoup(html, "html.parser")
    targets = set(ids(html))
    hrefs = [a["href"] for a in soup.select("#findings a[href^='#']")]
    assert len(hrefs) >= 8
    assert all(h[1:] in targets for h in hrefs)
    assert "#draft-task-2" in hrefs and "#baseline-task-2" in hrefs and "#scheme-item-4" in hrefs


def test_every_in_page_link_resolves():
    html = render()
    soup = BeautifulSoup(html, "html.parser")
    targets = set(ids(html))
    assert all(a["href"][1:] in targets for a in soup.select("a[href^='#']"))


# ---------------------------------------------------------------- content


def test_header_documents_verdict_and_rule_counts():
    html = render(generated_at="2025-02-01 10:00")
    soup = BeautifulSoup(html, "html.parser")
    assert "3 个错误" in soup.select_one("#verdict").get_text()
    docs = soup.select("table.docs tbody tr")
    assert [d.select("td")[1].get_text() for d in docs] == ["示例县2025.txt", "示例县2024.txt", "示例县实施方案.txt"]
    assert [d.select("td")[4].get_text() for d in docs] == ["8", "7", "4"]
    counts = {r.select_one("code").get_text(): r.select("td")[3].get_text() for r in soup.select("table.rule-counts tbody tr")}
    assert counts["weakened-target"] == "1" and counts["missing-responsible-unit"] == "0"
    assert "2025-02-01 10:00" in html


def test_verdict_passes_without_errors():
    analysis = sample_analysis()
    findings = [f for f in sample_findings() if f.severity != "error"]
    soup = BeautifulSoup(render_html(analysis, findings), "html.parser")
    assert soup.select_one("#verdict strong").get_text() == "通过"


def test_findings_grouped_by_severity_then_rule():
    soup = BeautifulSoup(render(), "html.parser")
    groups = [g.select_one("h3").get_text() for g in soup.select(".sev-group")]
    assert groups == ["错误(3)", "警告(3)", "提示(1)"]
    rules = [g["data-rules"] for g in soup.select(".sev-group.sev-error .rule-group")]
    assert rules == ["missing-lead-unit", "weakened-target", "scheme-gap"]  # catalogue order


def test_redline_and_kinds():
    soup = BeautifulSoup(render(), "html.parser")
    pair = soup.select_one("#pair-2")
    assert pair.select_one("td.old del").get_text() == "每季度"
    assert pair.select_one("td.new ins").get_text() == "每半年"
    assert not pair.select("td.old ins") and not pair.select("td.new del")
    badges = [b.get_text() for b in soup.select("table.align td.mid .badge")]
    assert badges == ["沿用", "改写", "合并", "合并", "移动", "拆分", "拆分"]
    assert soup.select_one("#pair-5 .move .from").get_text() == SECTIONS["二"]
    assert soup.select_one("#pair-5 .decision").get_text() == "人工确认"


def test_units_and_targets_changes_marked():
    soup = BeautifulSoup(render(), "html.parser")
    pair = soup.select_one("#pair-2")
    assert [m.get_text() for m in pair.select("td.old .mark-removed")] == ["县直各部门", "评查覆盖率达到100%"]
    assert [m.get_text() for m in pair.select("td.new .mark-added")] == ["县直各行政执法部门", "评查覆盖率达到95%"]


def test_changed_flags_and_change_list():
    soup = BeautifulSoup(render(), "html.parser")
    groups = soup.select("table.align tbody.group")
    assert [g["data-changed"] for g in groups] == ["0", "1", "1", "1", "1"]
    assert groups[0]["data-rules"] == "duplicate-task"
    changes = soup.select("#changes li.change")
    assert len(changes) == 6 + 1 + 2  # changed pairs, dropped, added
    snippets = [a.get_text() for a in soup.select("#changes .snips a")]
    assert snippets == ["删 每季度", "增 每半年"]


def test_dropped_and_added_with_near_misses():
    soup = BeautifulSoup(render(), "html.parser")
    dropped = soup.select("#dropped table.near tbody tr")
    assert len(dropped) == 1
    assert dropped[0].select_one("#baseline-task-7")
    assert dropped[0].select_one("a")["href"] == "#draft-task-4"
    assert dropped[0].select_one("td.num").get_text() == "0.31"
    added = soup.select("#added table.near tbody tr")
    assert [r.select_one(".task")["id"] for r in added] == ["draft-task-7", "draft-task-8"]


def test_scheme_coverage():
    soup = BeautifulSoup(render(), "html.parser")
    rows = soup.select("#coverage tbody tr")
    assert len(rows) == 4
    assert [r["class"][-1] for r in rows] == ["ok", "ok", "ok", "lost"]
    assert "草案未覆盖" in rows[3].select_one("td.status").get_text()
    assert [a["href"] for a in rows[0].select("td.links")[1].select("a")] == ["#draft-task-1", "#draft-task-8"]


def test_filters_present():
    soup = BeautifulSoup(render(), "html.parser")
    assert soup.select_one("#f-changed") and soup.select_one("#f-issues")
    options = [o["value"] for o in soup.select("#f-rule option")]
    assert options[0] == "" and "weakened-target" in options and "missing-responsible-unit" not in options


def test_print_stylesheet():
    html = render()
    assert "@media print" in html and "size: A4" in html and "break-before: page" in html


# ---------------------------------------------------------------- missing documents


def test_without_baseline_sections_omitted():
    html = render(baseline=False)
    soup = BeautifulSoup(html, "html.parser")
    for gone in ("#changes", "#alignment", "#dropped", "#added", "#f-changed"):
        assert soup.select_one(gone) is None, gone
    assert len(soup.select("#draft-tasks .task")) == 8
    assert soup.select_one("#coverage") is not None
    assert "去年落实任务" not in soup.select_one("#coverage").get_text()
    assert all(a["href"][1:] in set(ids(html)) for a in soup.select("a[href^='#']"))


def test_without_scheme_or_baseline():
    soup = BeautifulSoup(render(baseline=False, scheme=False), "html.parser")
    assert soup.select_one("#coverage") is None
    assert [d.select("td")[0].get_text() for d in soup.select("table.docs tbody tr")] == ["草案"]


def test_no_findings_and_no_rules():
    html = render_html(sample_analysis(), [])
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("#verdict strong").get_text() == "通过"
    assert "未发现问题" in soup.select_one("#findings").get_text()


def test_findings_pointing_nowhere_are_not_links():
    findings = [Finding("numbering", "error", "draft", "不存在的任务", task=99),
                Finding("custom-rule", "warning", "elsewhere", "未知文件", task=1)]
    soup = BeautifulSoup(render_html(sample_analysis(), findings), "html.parser")
    assert not soup.select("#findings a[href^='#']")
    assert soup.select_one("#findings .nolink").get_text() == "草案任务 99"


def test_alignment_with_unknown_task_index_still_renders():
    analysis = replace(sample_analysis(), alignment=sample_analysis().alignment + (AlignedPair(99, 98, "carried", 1.0),))
    html = render_html(analysis, [])
    assert "未找到任务 99" in html
    found = ids(html)
    assert len(found) == len(set(found))


def test_rule_registry_records_are_accepted():
    record = SimpleNamespace(name="weakened-target", severity="error", title="目标弱化", description="说明")
    view = build_view(sample_analysis(), sample_findings(), [record])
    assert view.rule_counts[0].title == "目标弱化"


@pytest.mark.parametrize("role,index,expected", [("draft", 3, "draft-task-3"), ("scheme", 2, "scheme-item-2")])
def test_task_anchor(role, index, expected):
    assert task_anchor(role, index) == expected


def test_rendering_is_deterministic():
    assert render() == render()
    assert re.search(r"\d{4}-\d{2}-\d{2}", render()) is None  # no hidden timestamp


# ---------------------------------------------------------------- bundled example, real pipeline

EXAMPLES = Path(__file__).resolve().parents[1] / "plancheck" / "plans" / "examples"


def review_examples():
    """The bundled 示例县 draft, baseline and scheme through the real parser, aligner and checks."""
    from plancheck.pipeline import review_files

    return review_files(str(EXAMPLES / "plan_2025.txt"), str(EXAMPLES / "plan_2024.txt"),
                        str(EXAMPLES / "scheme_2021_2025.txt"))


def test_bundled_example_report_is_consistent_with_its_analysis():
    from plancheck.checks import all_rules

    result = review_examples()
    analysis = result.analysis
    html = render_html(analysis, result.findings, all_rules())
    soup = BeautifulSoup(html, "html.parser")
    found = ids(html)
    assert len(found) == len(set(found))
    assert all(a["href"][1:] in set(found) for a in soup.select("a[href^='#']"))
    assert len(soup.select("table.align tr.pair")) == len(analysis.alignment)
    assert len(soup.select("#dropped table.near tbody tr")) == len(analysis.dropped)
    assert len(soup.select("#added table.near tbody tr")) == len(analysis.added)
    assert len(soup.select("#coverage tbody tr")) == len(analysis.scheme.tasks)
    assert len(soup.select("li.finding")) == len(result.findings)
    for role, plan in (("draft", analysis.draft), ("baseline", analysis.baseline)):
        assert all(f"{role}-task-{t.index}" in found for t in plan.tasks)
    assert len(html.encode()) < 1_000_000
