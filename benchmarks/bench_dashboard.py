"""The batch dashboard at province scale: index.html and summary.xlsx for 3,000 localities.

Targets (issue 16): rendering index.html for 3,000 localities under about 1 s in Python, the file of a
reasonable size (printed by this benchmark), and Chromium loading it, sorting and filtering it quickly.
The results are synthetic but shaped as a batch makes them: 300 cities of 10 counties, findings of
every rule, 9 scheme parts worded differently per locality, 5 % unreadable, 10 % without a scheme.

Run: .venv/bin/pytest benchmarks/bench_dashboard.py --benchmark-only -s
"""
from __future__ import annotations

import random
import time
from pathlib import Path

import pytest

from plancheck.batch.index_page import render_index
from plancheck.batch.part_groups import group_parts
from plancheck.batch.review import VERDICT_FAIL, VERDICT_PASS, VERDICT_UNUSABLE, LocalityResult, SchemePart
from plancheck.batch.summary import write_summary
from plancheck.checks import rule_names

LOCALITIES = 3000
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SYLLABLES = "青山白云东湖南岭北林西江安平长乐永宁清河临川华阳新城柳溪桃源松岗石门"
# The national outline's parts: (first clause, the second clause as written in some localities).
OUTLINE = (
    ("健全政府机构职能体系", "推动更好发挥政府作用"),
    ("健全依法行政制度体系", "加快推进政府治理规范化程序化法治化"),
    ("健全行政决策制度体系", "不断提升行政决策公信力和执行力"),
    ("健全行政执法工作体系", "全面推进严格规范公正文明执法"),
    ("健全突发事件应对体系", "依法预防处置重大突发事件"),
    ("健全社会矛盾纠纷行政预防调处化解体系", "不断促进社会公平正义"),
    ("健全行政权力制约和监督体系", "促进行政权力规范透明运行"),
    ("健全法治政府建设科技保障体系", "全面建设数字法治政府"),
    ("加强党的领导", "完善法治政府建设推进机制"),
)
NUMERALS = "二三四五六七八九十"


def _name(rng: random.Random, suffix: str) -> str:
    return rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + suffix


def _part_title(rng: random.Random, k: int, county: str) -> str:
    first, second = OUTLINE[k]
    wording = rng.random()
    if wording < 0.3:
        return f"{NUMERALS[k]}、{first}"
    if wording < 0.5:
        return f"{NUMERALS[k]}、{first},{county[:-1]}{second[2:]}"  # the locality's own second clause
    if wording < 0.6:
        return f"({NUMERALS[k]}){first.replace('体系', '工作体系')},{second}"
    return f"{NUMERALS[k]}、{first},{second}"


def synthetic_results(count: int = LOCALITIES, seed: int = 16) -> list[LocalityResult]:
    """`count` results as a province-wide batch returns them, sorted by locality."""
    rng = random.Random(seed)
    rules = rule_names()
    results = []
    cities = [_name(rng, "市") + f"{k:02d}" for k in range(count // 10 + 1)]
    for k in range(count):
        county = _name(rng, rng.choice("县区")) + f"{k:04d}"
        locality = f"{cities[k // 10]}/{county}"
        if rng.random() < 0.05:
            results.append(LocalityResult(locality, VERDICT_UNUSABLE, draft="plan_2025.docx",
                                          problems=("草案:无法读取“plan_2025.docx”(文件已损坏)",)))
            continue
        counts = {rule: n for rule in rules if (n := int(rng.expovariate(0.8))) > 0}
        parts = ()
        if rng.random() > 0.1:
            parts = tuple(SchemePart(_part_title(rng, p, county), items := rng.randint(3, 7),
                                     min(items, int(items * rng.uniform(0.3, 1.1))))
                          for p in range(len(OUTLINE)))
        items, covered = sum(p.items for p in parts), sum(p.covered for p in parts)
        errors = counts.get("missing-lead-unit", 0) + counts.get("numbering", 0)
        results.append(LocalityResult(
            locality=locality, verdict=VERDICT_FAIL if errors else VERDICT_PASS, draft="plan_2025.docx",
            baseline="plan_2024.docx", scheme="实施方案.docx" if parts else "", tasks=rng.randint(25, 60),
            severities={"error": errors, "warning": sum(counts.values()) - errors, "info": rng.randint(0, 3)},
            rules=counts, scheme_share=covered / items if parts else None,
            share_any=min(1.0, covered / items + 0.1) if parts else None,
            never_covered=items - covered if parts else None, dropped=rng.randint(0, 3) if parts else None,
            parts=parts, reports={"review": f"{locality}/report.html", "json": f"{locality}/report.json",
                                  **({"coverage": f"{locality}/coverage.html"} if parts else {})},
            config="默认配置", seconds=0.1,
        ))
    return sorted(results, key=lambda r: r.locality)


@pytest.fixture(scope="module")
def results() -> list[LocalityResult]:
    return synthetic_results()


def test_group_parts_3000(benchmark, results):
    groups = benchmark(group_parts, results)
    print(f"\n{len(groups)} part groups from {sum(len(r.parts) for r in results)} parts")


def test_render_index_3000(benchmark, results):
    parts = group_parts(results)
    html = benchmark(render_index, results, parts)
    print(f"\nindex.html for {len(results)} localities: {len(html.encode('utf-8')) / 1e6:.2f} MB")


def test_write_summary_3000(benchmark, results, tmp_path):
    files = benchmark.pedantic(write_summary, (results, tmp_path), rounds=1, iterations=1)
    print("\n" + ", ".join(f"{path.name} {path.stat().st_size / 1e6:.2f} MB" for path in files.values()))


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium not found")
def test_browser_load_sort_filter_3000(results, tmp_path):
    """Not a pytest-benchmark timer: Chromium's load, sort and filter times are printed."""
    sync_api = pytest.importorskip("playwright.sync_api")
    path = tmp_path / "index.html"
    path.write_text(render_index(results), encoding="utf-8")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page()
        started = time.perf_counter()
        page.goto(path.as_uri())
        loaded = time.perf_counter() - started
        started = time.perf_counter()
        page.click("#locality-table thead th:nth-child(6)")
        page.evaluate("() => document.querySelectorAll('tr.loc').length")
        sorted_in = time.perf_counter() - started
        started = time.perf_counter()
        page.select_option("#f-verdict", VERDICT_FAIL)
        page.evaluate("() => document.querySelectorAll('tr.loc').length")
        filtered_in = time.perf_counter() - started
        browser.close()
    print(f"\nChromium: load {loaded:.2f} s, sort {sorted_in:.2f} s, filter {filtered_in:.2f} s")
