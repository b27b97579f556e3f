"""`plancheck serve` in headless Chromium: log in, upload, read the report, reject a pair, see the history."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("httpx")
pytest.importorskip("uvicorn")
sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

from test_serve import BASELINE_2023, DRAFT_2024, SCHEME, Server

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TOKEN = "browser-test-token"
TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    srv = Server(tmp_path / "data", token=TOKEN).start()
    yield srv
    srv.stop()


def test_clerk_uploads_reviews_and_rejects_a_pair(browser, server: Server, tmp_path: Path) -> None:
    documents = {}
    for role, name, text in (("draft", "青山县2024年计划.txt", DRAFT_2024), ("baseline", "青山县2023年计划.txt", BASELINE_2023),
                             ("scheme", "实施方案.txt", SCHEME)):
        documents[role] = tmp_path / name
        documents[role].write_text(text, encoding="utf-8")

    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # Without the token the service asks for it; the login form sets the session cookie.
    page.goto(f"{server.url}/")
    assert "/login" in page.url
    page.fill("#token", "wrong")
    page.click("button[type=submit]")
    assert page.locator(".error").inner_text() == "访问令牌不正确"
    page.fill("#token", TOKEN)
    page.click("button[type=submit]")
    page.wait_for_selector("#upload-form")

    # A wrong file type is refused with a Chinese message, and the form keeps what was typed.
    bad = tmp_path / "草案.doc"
    bad.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64)
    page.fill("#locality", "青山县")
    page.fill("#uploader", "王科员")
    page.set_input_files("#draft", str(bad))
    page.click("#upload-form button[type=submit]")
    assert "不支持的文件格式" in page.locator(".error").inner_text()
    assert page.input_value("#locality") == "青山县"

    page.fill("#uploader", "王科员")
    for role, path in documents.items():
        page.set_input_files(f"#{role}", str(path))
    page.click("#upload-form button[type=submit]")
    page.wait_for_url("**/runs/*")
    assert "青山县" in page.locator("h1").inner_text()
    assert page.locator("#verdict").inner_text() in ("通过", "未通过")

    frame = page.frame_locator("iframe.report")
    frame.locator("body").wait_for()
    assert "审查报告" in frame.locator("body").inner_text()

    # Reject 去年 6 -> 草案 6 with the row's button; the page comes back re-rendered.
    row = page.locator('tr.alignment-row[data-baseline="6"][data-draft="6"]')
    assert row.count() == 1
    page.fill("#reviewer", "李审核")
    reject = row.get_by_role("button", name="否决")
    # Scroll first: headless Chromium without GPU may hit-test a click that scrolls the page in the
    # same step against the old layout, where the report's iframe was.
    reject.scroll_into_view_if_needed()
    with page.expect_navigation():
        reject.click()
    assert page.locator('tr.alignment-row[data-baseline="6"][data-draft="6"]').count() == 0
    assert page.locator('tr.dropped-row[data-baseline="6"]').count() == 1
    standing = page.locator("#standing-decisions").inner_text()
    assert "否决年度对照" in standing and "李审核" in standing
    assert "第6项" in page.locator("#decisions details").inner_text()

    # Withdraw it again: the pair is back.
    withdraw = page.locator("#standing-decisions").get_by_role("button", name="撤销")
    withdraw.scroll_into_view_if_needed()
    with page.expect_navigation():
        withdraw.click()
    assert page.locator('tr.alignment-row[data-baseline="6"][data-draft="6"]').count() == 1

    # The history lists the run: who, which files, the verdict.
    page.click("header >> text=历史记录")
    page.wait_for_url("**/history")
    history = page.locator("table.runs").inner_text()
    assert "青山县" in history and "王科员" in history and "青山县2024年计划.txt" in history

    # The Excel ledger downloads with the session cookie.
    page.goto(f"{server.url}/runs/1")
    with page.expect_download() as download:
        page.click("text=Excel 台账")
    assert download.value.suggested_filename.endswith(".xlsx")
    assert errors == []
    context.close()


def test_the_locality_page_charts_errors_warnings_and_coverage_across_runs(browser, server: Server) -> None:
    import httpx

    headers = {"Authorization": f"Bearer {TOKEN}"}
    files = {"draft": ("青山县2024年计划.txt", DRAFT_2024.encode(), "text/plain"),
             "baseline": ("青山县2023年计划.txt", BASELINE_2023.encode(), "text/plain")}
    with httpx.Client(base_url=server.url, headers=headers, timeout=TIMEOUT_MS / 1000) as client:
        first = client.post("/api/runs", data={"locality": "青山县", "uploader": "王科员"},
                            files={**files, "scheme": ("实施方案.txt", SCHEME.encode(), "text/plain")}).json()
        second = client.post("/api/runs", data={"locality": "青山县", "uploader": "李科员"}, files=files).json()
        operations = sum(len(methods) for methods in client.get("/openapi.json").json()["paths"].values())
    assert first["coverage"] is not None and second["coverage"] is None

    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    elsewhere: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("request", lambda request: request.url.startswith(server.url) or elsewhere.append(request.url))

    # From a run's page to its locality's page.
    page.goto(f"{server.url}/runs/{second['id']}?token={TOKEN}")
    page.click("#locality-trend")
    page.wait_for_selector("#trend-chart")
    assert page.locator("h1").inner_text() == "青山县:逐次审查情况"

    # Each series has a point per run that has the value; each point says what the table says.
    chart = page.locator("#trend-chart")
    assert chart.bounding_box()["width"] > 300
    for key in ("errors", "warnings"):
        points = chart.locator(f"g.series.{key} circle")
        assert points.count() == 2
        for k in range(2):
            point = points.nth(k)
            cell = page.locator(f'#locality-runs tr[data-run="{point.get_attribute("data-run")}"] td.{key}')
            assert point.get_attribute("data-value") == cell.inner_text()
    coverage = chart.locator("g.series.coverage circle")
    assert coverage.count() == 1 and coverage.get_attribute("data-run") == str(first["id"])
    assert "87.5%" in coverage.locator("title").text_content()
    assert page.locator(f'#locality-runs tr[data-run="{second["id"]}"] td.coverage').inner_text() == "—"
    first_x = float(chart.locator(f'g.series.errors circle[data-run="{first["id"]}"]').get_attribute("cx"))
    second_x = float(chart.locator(f'g.series.errors circle[data-run="{second["id"]}"]').get_attribute("cx"))
    assert first_x < second_x  # the older run on the left
    assert "草案方案覆盖率(右轴)" in page.locator("figcaption.legend").inner_text()

    # The API docs page shows every operation of the document, with a curl line.
    page.click("header >> text=接口说明")
    page.wait_for_selector("#api-intro")
    assert page.locator("section.operation").count() == operations
    assert page.locator("section.operation pre.curl").count() == operations
    assert errors == [] and elsewhere == []
    context.close()
