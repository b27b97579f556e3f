"""The batch dashboard (index.html) in a real headless Chromium: sort, filter, fold, read the charts, print.

The batch is the six localities of test_batch_dashboard, reviewed for real. Needs /usr/bin/chromium
(skipped otherwise, as test_report_browser). The screenshot is saved to test-output/dashboard.png.
"""
from __future__ import annotations

import pytest
from test_batch_dashboard import write_dashboard_corpus
from test_report_browser import CHROMIUM, OUTPUT, browser, open_page  # noqa: F401 - browser is a fixture

from plancheck.batch import VERDICT_FAIL, VERDICT_UNUSABLE, run_batch
from plancheck.checks import all_rules

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(),
                                                     reason="/usr/bin/chromium not found: apt-get install -y chromium")]

VISIBLE_ROWS = """() => Array.from(document.querySelectorAll('#locality-table tr.loc'))
    .filter(row => row.offsetParent !== null)
    .map(row => Array.from(row.cells).map(cell => cell.textContent.trim()))"""
HEAT_ROWS = """() => Array.from(document.querySelectorAll('svg.heatmap .heat-row')).map(row => ({
    locality: row.querySelector('.heat-label title').textContent,
    cells: Array.from(row.querySelectorAll('rect')).map(rect => rect.querySelector('title').textContent)}))"""


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = write_dashboard_corpus(tmp_path_factory.mktemp("plans"))
    return run_batch(root, tmp_path_factory.mktemp("out"), jobs=1)


@pytest.fixture
def page(browser, batch):  # noqa: F811 - browser is the fixture of test_report_browser
    page = open_page(browser, batch.files["index"])
    yield page
    assert page.problems == []
    page.context.close()


def localities(page) -> list[str]:
    """The visible rows' localities in table order, rebuilt from their level cells (市, 县)."""
    return ["/".join(level for level in cells[:2] if level) for cells in page.evaluate(VISIBLE_ROWS)]


def column(page, label: str) -> int:
    labels = page.eval_on_selector_all("#locality-table thead th", "ths => ths.map(th => th.textContent.trim())")
    return labels.index(label)


def names(batch, keep) -> set[str]:
    return {r.locality for r in batch.results if keep(r)}


def test_loads_with_every_locality_and_no_network(page, batch):
    assert page.title() == "批量审查汇总"
    assert sorted(localities(page)) == sorted(r.locality for r in batch.results)
    assert page.inner_text("#f-status") == f"共 {len(batch.results)} 个地区"


def test_sorting_by_a_number_column_and_back(page, batch):
    page.uncheck("#f-grouped")  # one flat list, so the order is across cities
    errors = column(page, "错误")
    page.click(f"#locality-table thead th:nth-child({errors + 1})")
    values = [cells[errors] for cells in page.evaluate(VISIBLE_ROWS)]
    counts = [int(v) for v in values if v != "—"]
    assert counts == sorted(counts) and values[-1] == "—"  # the unreviewed locality last either way
    assert page.get_attribute(f"#locality-table thead th:nth-child({errors + 1})", "aria-sort") == "ascending"
    page.click(f"#locality-table thead th:nth-child({errors + 1})")
    values = [cells[errors] for cells in page.evaluate(VISIBLE_ROWS)]
    counts = [int(v) for v in values if v != "—"]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0 and values[-1] == "—"


def test_sorting_chinese_names_by_pinyin(page):
    page.uncheck("#f-grouped")
    page.click(f"#locality-table thead th:nth-child({column(page, '县(市、区)') + 1})")
    counties = [cells[1] for cells in page.evaluate(VISIBLE_ROWS)]
    assert counties == ["安平县", "北林县", "东湖区", "江宁县", "清河县", "西江县"]  # an, bei, dong, jiang, qing, xi


def test_sorting_within_cities_keeps_them_together(page):
    share = column(page, "草案覆盖率")
    page.click(f"#locality-table thead th:nth-child({share + 1})")
    assert localities(page) == ["江宁县", "白云市/东湖区", "白云市/西江县",  # no coverage: last in their city
                                "青山市/安平县", "青山市/北林县", "青山市/清河县"]


def test_filter_by_verdict(page, batch):
    page.select_option("#f-verdict", VERDICT_FAIL)
    assert set(localities(page)) == names(batch, lambda r: r.verdict == VERDICT_FAIL) == {
        "青山市/北林县", "青山市/安平县"}
    assert "显示 2 / 6" in page.inner_text("#f-status")
    assert not page.is_visible("tr.group-row[data-group='白云市']")  # a city with no row left is hidden too
    page.click("#f-reset")
    assert len(localities(page)) == len(batch.results)


def test_filter_by_rule(page, batch):
    page.select_option("#f-rule", "scheme-gap")
    assert set(localities(page)) == names(batch, lambda r: r.rules.get("scheme-gap", 0) > 0) == {"青山市/安平县"}
    page.select_option("#f-rule", "missing-lead-unit")
    assert set(localities(page)) == names(batch, lambda r: r.rules.get("missing-lead-unit", 0) > 0)
    assert "缺少牵头单位" in page.inner_text("#f-status")


def test_filter_by_coverage_threshold(page, batch):
    page.fill("#f-coverage", "90")
    assert set(localities(page)) == names(batch, lambda r: r.scheme_share is not None and r.scheme_share < 0.9)
    page.fill("#f-coverage", "100.5")
    assert set(localities(page)) == names(batch, lambda r: r.scheme_share is not None)  # none without a scheme
    page.fill("#f-coverage", "")
    assert len(localities(page)) == len(batch.results)


def test_fold_and_unfold_a_city(page, batch):
    fold = "tr.group-row[data-group='青山市'] button.fold"
    page.click(fold)
    assert page.get_attribute(fold, "aria-expanded") == "false"
    assert set(localities(page)) == names(batch, lambda r: not r.locality.startswith("青山市/"))
    page.click(fold)
    assert len(localities(page)) == len(batch.results)
    page.click("#fold-all")
    assert localities(page) == []
    page.click("#unfold-all")
    assert len(localities(page)) == len(batch.results)


def test_a_report_link_with_chinese_folders_opens_the_report(page):
    page.click("tr.loc:has(td:text-is('北林县')) td.links a:text-is('审查报告')")
    assert page.title().startswith("法治政府建设工作计划审查报告")
    assert page.url.endswith("/report.html") and "%E5%8C%97%E6%9E%97%E5%8E%BF" in page.url  # 北林县


def test_heat_map_has_one_cell_per_reviewed_locality_and_rule_with_its_count(page, batch):
    rules = all_rules()
    rows = {row["locality"]: row["cells"] for row in page.evaluate(HEAT_ROWS)}
    assert set(rows) == {r.locality for r in batch.results}
    for result in batch.results:
        if result.verdict == VERDICT_UNUSABLE:
            assert rows[result.locality] == []
            continue
        assert rows[result.locality] == [f"{rule.title}:{result.rules.get(rule.name, 0)}" for rule in rules]
    assert page.locator("svg.heatmap .heat-row rect").count() == len(rules) * sum(
        1 for r in batch.results if r.verdict != VERDICT_UNUSABLE)
    width = page.evaluate("() => document.querySelector('svg.heatmap .heat-row rect').getBBox().width")
    assert width > 10  # the cells take their size from the page's style


def test_histogram_bars_sum_to_the_localities_with_coverage(page, batch):
    counts = page.eval_on_selector_all("svg.histogram rect.bar", "bars => bars.map(b => +b.dataset.count)")
    titles = page.eval_on_selector_all("svg.histogram rect.bar title", "ts => ts.map(t => t.textContent)")
    with_coverage = [r.scheme_share for r in batch.results if r.scheme_share is not None]
    assert len(counts) == 10 and sum(counts) == len(with_coverage) == 4
    assert counts[6] == 1 and counts[9] == 3  # 安平县 67 %; three at 100 %
    assert titles[9] == "草案覆盖率 90–100%(含):3 个地区"


def test_parts_chart_lists_the_weakest_part_first(page):
    labels = page.eval_on_selector_all("svg.partchart .part-label", "ts => ts.map(t => t.textContent)")
    shares = page.eval_on_selector_all("svg.partchart .part-share", "ts => ts.map(t => t.textContent)")
    assert labels == ["健全社会矛盾纠纷行政预防调处化解体系", "健全依法行政制度体系"]
    assert shares == ["75%", "100%"]


def test_print_hides_the_controls_and_prints_everything(page, batch, tmp_path):
    import pdfplumber

    page.click("tr.group-row[data-group='青山市'] button.fold")  # folding is for the screen; print shows all
    page.emulate_media(media="print")
    assert not page.is_visible("#controls")
    assert page.is_visible("tr.loc >> text=北林县")
    path = tmp_path / "dashboard.pdf"
    path.write_bytes(page.pdf(format="A4", landscape=True, print_background=True))
    with pdfplumber.open(path) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    assert path.stat().st_size > 10_000
    for expected in ("批量审查汇总", "地区一览", "问题热力图", "方案各部分落实情况", "北林县", "安平县", "西江县"):
        assert expected in text.replace(" ", ""), expected


def test_screenshot(page):
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / "dashboard.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000


def test_a_batch_of_one_level_has_no_folding_and_still_sorts(browser, tmp_path):  # noqa: F811 - a fixture
    from plancheck.batch import VERDICT_PASS, render_index
    from plancheck.batch.review import LocalityResult

    path = tmp_path / "index.html"
    path.write_text(render_index([
        LocalityResult("西江县", VERDICT_PASS, tasks=3, scheme_share=0.5),
        LocalityResult("安平县", VERDICT_FAIL, tasks=5, severities={"error": 2}, rules={"numbering": 2}),
        LocalityResult("北林县", VERDICT_UNUSABLE),
    ]), encoding="utf-8")
    page = open_page(browser, path)
    try:
        assert page.locator("#f-grouped").count() == 0 and page.locator("tr.group-row").count() == 0
        page.click("#locality-table thead th:nth-child(1)")
        assert [cells[0] for cells in page.evaluate(VISIBLE_ROWS)] == ["安平县", "北林县", "西江县"]
        page.fill("#f-coverage", "60")
        assert [cells[0] for cells in page.evaluate(VISIBLE_ROWS)] == ["西江县"]
        assert page.problems == []
    finally:
        page.context.close()
