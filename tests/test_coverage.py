"""Multi-year scheme coverage: the item x year matrix, never-covered and dropped items, its reports."""
from __future__ import annotations

import io
import json

import pytest

from plancheck.cli import main
from plancheck.compare.coverage import CoverageDrop, coverage
from plancheck.compare.model import SchemeLink
from plancheck.plans import load_plan
from plancheck.plans.errors import PlanInputError
from plancheck.plans.model import Plan, Source, Task
from plancheck.reports.coverage_report import (
    coverage_frames,
    coverage_report,
    coverage_xlsx_bytes,
    render_coverage_html,
)

SCHEME = """清河县法治政府建设实施方案(2021-2025年)
一、总体要求
坚持以习近平法治思想为指导,加快建设法治政府。
二、健全依法行政制度体系
(一)加强行政规范性文件制定监督管理。严格落实行政规范性文件合法性审核和备案审查制度,做到有件必备、有备必审、有错必纠。
(二)积极参与地方立法工作。认真做好上级立法项目征求意见工作,发挥基层立法联系点作用。
三、健全社会矛盾纠纷行政预防调处化解体系
(一)发挥行政复议化解行政争议主渠道作用。深化行政复议体制改革,规范行政复议案件办理程序,加大行政复议纠错力度。
(二)推进行政裁决工作。梳理公布县级行政裁决事项清单,规范行政裁决受理和审理程序。
"""

PLAN_2022 = """清河县2022年法治政府建设工作要点
一、健全依法行政制度体系
(一)加强行政规范性文件监督管理。严格落实合法性审核机制,规范性文件备案审查率达到100%。
牵头单位:县司法局;责任单位:县直各部门
(二)积极参与地方立法工作。做好上级立法项目征求意见工作,发挥基层立法联系点作用。
牵头单位:县司法局;责任单位:县直有关部门
二、化解社会矛盾纠纷
(一)发挥行政复议主渠道作用。规范行政复议案件办理程序,加大行政复议纠错力度。
牵头单位:县司法局;责任单位:县直各部门
"""

# 2023 no longer mentions 地方立法 (scheme item 2).
PLAN_2023 = """清河县2023年法治政府建设工作要点
一、健全依法行政制度体系
(一)加强行政规范性文件监督管理。严格落实合法性审核机制,规范性文件备案审查率达到100%。
牵头单位:县司法局;责任单位:县直各部门
二、化解社会矛盾纠纷
(一)发挥行政复议主渠道作用。规范行政复议案件办理程序,加大行政复议纠错力度。
牵头单位:县司法局;责任单位:县直各部门
"""

PLAN_2024 = """清河县2024年法治政府建设工作要点
一、化解社会矛盾纠纷
(一)深化行政复议体制改革。规范行政复议案件办理程序,推动行政争议实质性化解。
牵头单位:县司法局;责任单位:县直各部门
二、健全依法行政制度体系
(一)加强行政规范性文件监督管理。规范性文件报备率、备案审查率均达到100%,做到有错必纠。
牵头单位:县司法局;责任单位:县直各部门
"""


@pytest.fixture
def documents(write_plan):
    """The scheme and the three yearly plans on disk (paths)."""
    return {
        "scheme": write_plan(SCHEME, "scheme.txt"),
        2022: write_plan(PLAN_2022, "plan_2022.txt"),
        2023: write_plan(PLAN_2023, "plan_2023.txt"),
        2024: write_plan(PLAN_2024, "plan_2024.txt"),
    }


@pytest.fixture
def three_years(documents):
    scheme = load_plan(documents["scheme"], kind="scheme")
    plans = [load_plan(documents[year], kind="annual") for year in (2024, 2022, 2023)]  # any order
    return coverage(scheme, plans)


def test_three_years_matrix_never_covered_and_dropped(three_years):
    cov = three_years
    assert cov.years == (2022, 2023, 2024)
    assert [row.tasks for row in cov.matrix] == [
        ((1,), (1,), (2,)),  # 规范性文件: every year
        ((2,), (), ()),  # 地方立法: 2022 only
        ((3,), (2,), (1,)),  # 行政复议: every year, moving position
        ((), (), ()),  # 行政裁决: never
    ]
    assert cov.never_covered == (4,)
    # covered in 2022, gone in 2023; the gap is reported once, not again for 2024
    assert cov.dropped == (CoverageDrop(item=2, covered=2022, missing=2023),)
    assert cov.covered_any == 3 and cov.share_any == pytest.approx(0.75)


def test_coverage_per_section_and_per_year(three_years):
    sections = {s.number: s for s in three_years.by_section}
    assert sections["二"].items == 2 and sections["二"].covered == (2, 1, 1) and sections["二"].covered_any == 2
    assert sections["三"].items == 2 and sections["三"].covered == (1, 1, 1) and sections["三"].covered_any == 1
    per_year = [(y.year, y.covered, y.items) for y in three_years.by_year]
    assert per_year == [(2022, 3, 4), (2023, 2, 4), (2024, 2, 4)]
    assert three_years.by_year[0].share == pytest.approx(0.75)


# ------------------------------------------------------------- the computation alone, with given links


def _task(index: int, section: str, title: str) -> Task:
    return Task(index, f"({index})", section, section[0], title, title + "。", (), (), (), None,
                Source(None, index))


def _plan(year: int | None, titles: list[str], kind: str = "annual") -> Plan:
    tasks = tuple(_task(i, "一、甲" if i <= 2 else "二、乙", t) for i, t in enumerate(titles, start=1))
    return Plan(f"plan_{year}.txt", f"{year}年计划", year, kind, (), tasks)


def test_known_links_are_used_and_gaps_reopen():
    scheme = _plan(None, ["甲一", "甲二", "乙一"], kind="scheme")
    plans = [_plan(year, ["任务"]) for year in (2021, 2022, 2023, 2024)]
    links = {
        2021: [SchemeLink(1, 1, 0.9)],
        2022: [],
        2023: [SchemeLink(1, 1, 0.9), SchemeLink(1, 3, 0.5)],
        2024: [SchemeLink(1, 3, 0.9)],
    }
    cov = coverage(scheme, plans, known_links=links)
    assert [row.tasks for row in cov.matrix] == [((1,), (), (1,), ()), ((), (), (), ()), ((), (), (1,), (1,))]
    # item 1: covered 2021, gone 2022, back 2023, gone again 2024: two separate drops
    assert cov.dropped == (CoverageDrop(1, 2021, 2022), CoverageDrop(1, 2023, 2024))
    assert cov.never_covered == (2,)
    assert [y.linked_tasks for y in cov.by_year] == [1, 0, 1, 1]


def test_plan_without_year_or_repeated_year_is_refused():
    scheme = _plan(None, ["甲一"], kind="scheme")
    with pytest.raises(PlanInputError, match="年度"):
        coverage(scheme, [_plan(None, ["任务"])], known_links={})
    with pytest.raises(PlanInputError, match="2022"):
        coverage(scheme, [_plan(2022, ["任务"]), _plan(2022, ["任务"])], known_links={2022: []})


# ------------------------------------------------------------- reports


def test_json_uses_plan_year_roles(three_years):
    report = coverage_report(three_years)
    assert report["schema"] == "plancheck-report/1" and report["findings"] == []
    assert [d["role"] for d in report["documents"]] == ["scheme", "plan:2022", "plan:2023", "plan:2024"]
    assert set(report["scheme_links"]) == {"plan:2022", "plan:2023", "plan:2024"}
    item2 = report["coverage"]["items"][1]
    assert item2["tasks"] == {"plan:2022": [2], "plan:2023": [], "plan:2024": []}
    assert report["coverage"]["dropped"] == [{"item": 2, "covered": "plan:2022", "missing": "plan:2023"}]
    json.dumps(report, ensure_ascii=False)


def test_html_heat_map_is_self_contained_and_escaped(three_years):
    html = render_coverage_html(three_years)
    assert "覆盖矩阵" in html and "从未落实" in html and "落实后中断" in html
    assert 'class="num c-lost"' in html and 'class="num c-none"' in html and 'class="num c-one"' in html
    assert "http://" not in html and "https://" not in html and "<script" not in html and "<link" not in html
    hostile = _plan(2022, ["<script>alert(1)</script>"])
    scheme = _plan(None, ["甲一"], kind="scheme")
    cov = coverage(scheme, [hostile], known_links={2022: [SchemeLink(1, 1, 1.0)]})
    out = render_coverage_html(cov)
    assert "<script>alert" not in out and "&lt;script&gt;" in out


def test_xlsx_has_matrix_and_summaries(three_years):
    import pandas as pd

    sheets = pd.read_excel(io.BytesIO(coverage_xlsx_bytes(three_years)), sheet_name=None)
    assert set(sheets) == {"覆盖矩阵", "按部分", "按年度", "未落实与中断"}
    matrix = sheets["覆盖矩阵"]
    assert list(matrix.columns[4:7]) == ["2022年", "2023年", "2024年"]
    assert matrix.loc[1, "状态"] == "落实后中断" and matrix.loc[3, "状态"] == "从未落实"
    assert list(coverage_frames(three_years)["未落实与中断"]["问题"]) == ["从未落实", "落实后中断"]


def test_cli_coverage_writes_all_three(documents, tmp_path, capsys):
    out = {kind: tmp_path / f"cov.{kind}" for kind in ("json", "html", "xlsx")}
    code = main(["coverage", "--scheme", str(documents["scheme"]),
                 *(str(documents[y]) for y in (2022, 2023, 2024)),
                 "--json", str(out["json"]), "--html", str(out["html"]), "--xlsx", str(out["xlsx"])])
    assert code == 0
    assert all(path.stat().st_size > 0 for path in out.values())
    assert "从未落实 1 项,落实后中断 1 项" in capsys.readouterr().out


def test_cli_coverage_refuses_to_overwrite_an_input(documents):
    assert main(["coverage", "--scheme", str(documents["scheme"]), str(documents[2022]),
                 "--html", str(documents[2022])]) == 2
