"""The HTML report in a real headless Chromium: no script errors, no network, working filters and links.

Needs the Debian `chromium` package at /usr/bin/chromium (skipped otherwise). The screenshot is
saved to test-output/report.png at the repository root.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from test_report_html import review_examples, sample_analysis, sample_findings, sample_rules

from plancheck.reports.html_report import render_html

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
OUTPUT = Path(__file__).resolve().parents[1] / "test-output"

sync_api = pytest.importorskip("playwright.sync_api", reason="python playwright is not installed")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(),
                                                     reason="/usr/bin/chromium not found: apt-get install -y chromium")]


@pytest.fixture(scope="module")
def report_file() -> Path:
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / "report.html"
    path.write_text(render_html(sample_analysis(), sample_findings(), sample_rules(), "2025-02-01 10:00"),
                    encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def example_file() -> Path:
    """The bundled 示例县 report through the real pipeline (skipped until the pipeline exists)."""
    from plancheck.checks import all_rules

    result = review_examples()
    OUTPUT.mkdir(exist_ok=True)
    path = OUTPUT / "example.html"
    path.write_text(render_html(result.analysis, result.findings, all_rules()), encoding="utf-8")
    return path


def open_page(browser, path: Path):
    """A fresh page on `path`; console errors and any non-file request are recorded in page.problems."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"pageerror: {e}"))

    def guard(route):
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            page.problems.append(f"network: {route.request.url}")
            route.abort()

    page.route("**/*", guard)
    page.goto(path.as_uri())
    return page


@pytest.fixture
def page(browser, report_file):
    page = open_page(browser, report_file)
    yield page
    page.context.close()


@pytest.fixture
def example_page(browser, example_file):
    page = open_page(browser, example_file)
    yield page
    page.context.close()


def visible(page, selector: str) -> bool:
    return page.locator(selector).first.is_visible()


def in_viewport(page, element_id: str) -> bool:
    return page.evaluate(
        """id => { const r = document.getElementById(id).getBoundingClientRect();
                   return r.bottom > 0 && r.top < window.innerHeight && r.height > 0; }""",
        element_id,
    )


def test_loads_without_errors_or_network(page):
    assert page.title().startswith("法治政府建设工作计划审查报告")
    assert visible(page, "#verdict")
    assert page.problems == []


def test_only_changes_filter(page):
    page.check("#f-changed")
    assert not visible(page, "#group-1")  # carried unchanged pair
    assert visible(page, "#group-2") and visible(page, "#group-5")
    assert visible(page, "#baseline-task-7") and visible(page, "#draft-task-8")  # dropped, added
    assert "显示" in page.inner_text("#f-status")
    page.uncheck("#f-changed")
    assert visible(page, "#group-1")


def test_only_issues_filter(page):
    page.check("#f-issues")
    assert visible(page, "#group-1")  # duplicate-task on draft 1
    assert visible(page, "#group-2")  # weakened-target
    assert not visible(page, "#group-3")  # merge without findings
    assert not visible(page, "#group-4")  # move without findings
    assert visible(page, "#scheme-item-4") and not visible(page, "#scheme-item-1")
    page.click("#f-reset")
    assert visible(page, "#group-3")


def test_rule_filter(page):
    page.select_option("#f-rule", "weakened-target")
    assert visible(page, "#rule-weakened-target")
    assert not visible(page, "#rule-missing-lead-unit")
    assert visible(page, "#group-2") and not visible(page, "#group-1")
    assert not visible(page, "#draft-task-7")
    page.select_option("#f-rule", "")
    assert visible(page, "#rule-missing-lead-unit") and visible(page, "#group-1")


def finding_links_land(page) -> None:
    """Click every finding link with a filter on; its target must exist, show and be on screen."""
    hrefs = page.eval_on_selector_all("#findings a[href^='#']", "els => els.map(e => e.getAttribute('href'))")
    assert len(hrefs) >= 8
    for n, href in enumerate(hrefs):
        target = href[1:]
        page.check("#f-issues") if n % 2 else page.check("#f-changed")
        page.locator(f"#findings a[href='{href}']").first.click()
        assert page.locator(f"[id='{target}']").count() == 1, href
        assert visible(page, f"[id='{target}']"), href
        assert in_viewport(page, target), href
        page.click("#f-reset")
    assert page.problems == []


def test_every_finding_link_lands_on_its_task(page):
    finding_links_land(page)


def test_example_report_links_land_and_screenshot(example_page):
    finding_links_land(example_page)
    example_page.goto(example_page.url.split("#")[0])
    path = OUTPUT / "example.png"
    example_page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    assert example_page.problems == []


def test_link_to_a_filtered_out_task_clears_the_filter(page):
    page.check("#f-changed")
    assert not visible(page, "#draft-task-1")
    page.locator("#findings a[href='#draft-task-1']").click()
    assert visible(page, "#draft-task-1") and in_viewport(page, "draft-task-1")
    assert not page.is_checked("#f-changed")


def test_change_list_jumps_to_each_edit(page):
    hrefs = page.eval_on_selector_all("#changes a[href^='#']", "els => els.map(e => e.getAttribute('href'))")
    assert "#pair-2" in hrefs and any(h.startswith("#pair-2-c") for h in hrefs)
    for href in hrefs:
        page.locator(f"#changes a[href='{href}']").first.click()
        assert in_viewport(page, href[1:]), href


def test_print_media_hides_filters(page):
    page.emulate_media(media="print")
    assert not visible(page, "#filters")
    assert page.evaluate("getComputedStyle(document.getElementById('alignment')).breakBefore") == "page"


def test_screenshot(page):
    path = OUTPUT / "report.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")
    assert path.stat().st_size > 10_000
