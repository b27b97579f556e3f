"""Report rendering cost for a 60-task pair: HTML render time and size, browser load time, xlsx write time.

Targets: the HTML file under 1 MB and loaded by Chromium in under 1 s.
Run: .venv/bin/pytest benchmarks/bench_report.py --benchmark-only -s
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

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
from plancheck.reports.xlsx_ledger import write_xlsx

TASKS = 60
MAX_BYTES = 1_000_000
MAX_BROWSER_SECONDS = 1.0
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
BODY = ("严格落实行政执法公示、执法全过程记录、重大执法决定法制审核制度,统一规范行政执法文书格式,"
        "行政执法主体、依据、结果等信息依法在县政府门户网站集中公示,评查结果在全县通报并纳入法治政府建设考核。")
NUMERALS = "一二三四五六七八九十"


def _task(index: int, year: int, sections: int = 8) -> Task:
    """A task of realistic length (about 150 characters) with units and one target."""
    section = NUMERALS[(index - 1) * sections // TASKS]
    rate = 100 if year == 2024 else 95 + index % 6
    return Task(
        index=index, number=str(index), section=f"{section}、健全行政执法工作体系第{section}部分",
        section_number=section, title=f"全面落实第{index}项重点工作",
        text=f"全面落实第{index}项重点工作。{BODY}覆盖率达到{rate}%。",
        lead_units=("县司法局",), responsible_units=("县直各行政执法部门", "各乡镇人民政府"),
        targets=(Target(f"覆盖率达到{rate}%", "percent", "覆盖率", ">=", float(rate), "%"),),
        deadline=f"{year}年12月底", source=Source(None, index),
    )


def _plan(year: int, count: int, kind: str = "annual") -> Plan:
    tasks = tuple(_task(i, year) for i in range(1, count + 1))
    sections = tuple(Section(n, f"{n}、部分", i) for i, n in enumerate(NUMERALS[:8], start=1))
    return Plan(f"示例县{year}.txt", f"示例县{year}年法治政府建设工作计划", year, kind, sections, tasks)


def _redline(old: Task, new: Task) -> Redline:
    head, tail = BODY[:40], BODY[40:]
    return Redline(
        spans=(DiffSpan(0, old.title + "。"), DiffSpan(0, head), DiffSpan(-1, "统一规范"), DiffSpan(1, "进一步规范"),
               DiffSpan(0, tail), DiffSpan(-1, old.targets[0].text), DiffSpan(1, new.targets[0].text)),
        sentences=(SentenceChange("changed", old.targets[0].text, new.targets[0].text),),
    )


def sixty_task_analysis() -> tuple[Analysis, list[Finding]]:
    """Baseline and draft of 60 tasks each (56 aligned, 4 dropped, 4 added), 30 scheme items, ~40 findings."""
    baseline, draft, scheme = _plan(2024, TASKS), _plan(2025, TASKS), _plan(2021, 30, "scheme")
    kinds = ("carried", "reworded", "moved", "rewritten")
    pairs = tuple(
        AlignedPair(i, i, kinds[i % 4], 0.6 + (i % 40) / 100, ("执法", "公示"),
                    _redline(baseline.tasks[i - 1], draft.tasks[i - 1]))
        for i in range(1, TASKS - 3)
    )
    gone = tuple(range(TASKS - 3, TASKS + 1))
    links = {role: tuple(SchemeLink(i, (i - 1) % 28 + 1, 0.7) for i in range(1, TASKS - 3))
             for role in ("baseline", "draft")}
    analysis = Analysis(
        draft=draft, baseline=baseline, scheme=scheme, alignment=pairs, dropped=gone, added=gone,
        dropped_near=tuple(NearMiss(i, 1, 0.3) for i in gone), added_near=tuple(NearMiss(i, 2, 0.3) for i in gone),
        scheme_links=links,
    )
    findings = [Finding("weakened-target", "error", "draft", f"覆盖率由100%降为{t.targets[0].value:.0f}%",
                        task=t.index, old_task=t.index, evidence={"baseline": "覆盖率达到100%", "draft": t.targets[0].text})
                for t in draft.tasks[:TASKS - 4] if t.targets[0].value < 100][:32]
    findings += [Finding("dropped-task", "warning", "baseline", f"去年第{i}项任务没有对应任务", task=i) for i in gone]
    findings += [Finding("scheme-gap", "error", "scheme", f"方案第{i}项没有落实任务", task=i, against="draft")
                 for i in (29, 30)]
    return analysis, findings


@pytest.fixture(scope="module")
def sixty():
    return sixty_task_analysis()


def test_render_html_60_tasks(benchmark, sixty, tmp_path_factory):
    analysis, findings = sixty
    html = benchmark(render_html, analysis, findings)
    size = len(html.encode("utf-8"))
    path = tmp_path_factory.mktemp("bench") / "report60.html"
    path.write_text(html, encoding="utf-8")
    print(f"\nHTML for {TASKS}-task pair: {size / 1024:.0f} KiB ({path})")
    assert size < MAX_BYTES


def test_write_xlsx_60_tasks(benchmark, sixty, tmp_path):
    analysis, findings = sixty
    benchmark(write_xlsx, analysis, findings, tmp_path / "ledger.xlsx")
    print(f"\nxlsx for {TASKS}-task pair: {(tmp_path / 'ledger.xlsx').stat().st_size / 1024:.0f} KiB")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium not found: apt-get install -y chromium")
def test_browser_load_60_tasks(sixty, tmp_path):
    """Time from navigation to the load event, plus the filter script's first pass, in real Chromium."""
    sync_api = pytest.importorskip("playwright.sync_api")
    analysis, findings = sixty
    path = tmp_path / "report60.html"
    path.write_text(render_html(analysis, findings), encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(path.as_uri())  # warm-up: fonts, process start
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            page.goto(path.as_uri(), wait_until="load")
            timings.append(time.perf_counter() - started)
        load_event = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
        started = time.perf_counter()
        page.check("#f-changed")
        filter_seconds = time.perf_counter() - started
        browser.close()
    best = min(timings)
    print(f"\nbrowser load {best * 1000:.0f} ms (load event at {load_event:.0f} ms), "
          f"filter toggle {filter_seconds * 1000:.0f} ms")
    assert best < MAX_BROWSER_SECONDS
