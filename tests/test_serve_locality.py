"""Issue #16: a locality's runs over time in `plancheck serve`: coverage kept with each run, the chart's
layout, and the locality page and its JSON twin (names with `/` or invisible characters)."""
from __future__ import annotations

import json
import sqlite3
import warnings
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")
pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx` with `starlette.testclient`")

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient  # noqa: E402

from plancheck.serve.store import MIGRATIONS, Run, Store, StoredFile  # noqa: E402
from plancheck.serve.trend import draft_coverage, locality_path, nice_ceiling, trend_chart  # noqa: E402


def _report(scheme_items: int | None, linked: list[list[int]]) -> dict:
    """A JSON report with a draft whose tasks link to the given scheme items (and a scheme of that size)."""
    documents = [{"role": "draft", "tasks": [{"index": k + 1} for k in range(len(linked))]}]
    if scheme_items is not None:
        documents.append({"role": "scheme", "tasks": [{"index": k + 1} for k in range(scheme_items)]})
    links = [{"task": k + 1, "items": items} for k, items in enumerate(linked) if items]
    return {"schema": "plancheck-report/1", "documents": documents, "scheme_links": {"draft": links}}


def test_draft_coverage_counts_each_scheme_item_once() -> None:
    assert draft_coverage(_report(8, [[1, 2], [2], [5], []])) == 0.375  # items 1, 2, 5 of 8
    assert draft_coverage(_report(3, [[]])) == 0.0
    assert draft_coverage(_report(0, [[]])) == 0.0
    assert draft_coverage(_report(None, [[1]])) is None  # no scheme uploaded: no coverage at all


def _run(run_id: int, errors: int, warnings: int, coverage: float | None, day: int) -> Run:
    stamp = f"2026-0{day}-01T12:00:00+00:00"  # noon UTC: the same date in any time zone
    return Run(run_id, "青山县", "王科员", stamp, "fail" if errors else "pass", errors, warnings, stamp,
               f"r{run_id}", (), coverage)


def test_the_chart_draws_the_oldest_run_on_the_left_and_breaks_where_coverage_is_missing() -> None:
    runs = [_run(3, 0, 2, 0.9, 3), _run(2, 5, 1, None, 2), _run(1, 7, 3, 0.5, 1)]  # newest first, as listed
    chart = trend_chart(runs)
    series = {s.key: s for s in chart.series}
    assert [p.run_id for p in series["errors"].points] == [1, 2, 3]
    xs = [p.x for p in series["errors"].points]
    assert xs == sorted(xs) and xs[0] == chart.left and xs[-1] == chart.width - chart.right
    assert [p.value for p in series["warnings"].points] == [3, 1, 2]
    assert [p.run_id for p in series["coverage"].points] == [1, 3]
    assert len(series["coverage"].segments) == 2  # run 2 had no scheme: the line is broken there
    assert [p.text for p in series["coverage"].points] == ["50.0%", "90.0%"]
    bottom = chart.height - chart.bottom
    errors = {p.run_id: p.y for p in series["errors"].points}
    assert errors[3] == bottom and errors[1] < errors[2] < bottom  # more errors, higher up
    assert [t.label for t in chart.counts] == ["0", "2", "4", "6", "8"]  # 7 errors: the axis goes to 8
    assert chart.dates[0].label.startswith("2026-01")


def test_one_run_sits_in_the_middle() -> None:
    chart = trend_chart([_run(1, 0, 0, 0.0, 1)])
    (point,) = chart.series[0].points
    assert point.x == chart.left + (chart.width - chart.left - chart.right) / 2
    assert [(t.label, t.note) for t in chart.dates] == [("2026-01-01", "第 1 号")]


@pytest.mark.parametrize("value, top", [(0, 1), (1, 1), (3, 4), (7, 8), (9, 10), (11, 20), (45, 50),
                                        (130, 200)])
def test_the_count_axis_ends_on_a_round_number(value: int, top: int) -> None:
    assert nice_ceiling(value) == top


def _old_database(path: Path) -> None:
    """A history written before runs kept their coverage (schema version 1)."""
    with sqlite3.connect(path) as conn:
        for statement in filter(str.strip, MIGRATIONS[0].split(";")):
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
        for run_id, report_dir in ((1, "with-scheme"), (2, "without-scheme")):
            conn.execute("INSERT INTO runs (id, locality, uploader, created_at, verdict, errors, warnings,"
                         " updated_at, report_dir) VALUES (?, '青山县', '王科员', '2025-03-01T02:00:00+00:00',"
                         " 'pass', 0, 1, '2025-03-01T02:00:00+00:00', ?)", (run_id, report_dir))
            conn.execute("INSERT INTO files VALUES (?, 'draft', '草案.txt', ?, 10)", (run_id, f"d{run_id}.txt"))
        conn.execute("INSERT INTO files VALUES (1, 'scheme', '方案.txt', 's1.txt', 10)")


def test_an_existing_history_gains_coverage_from_its_json_reports(tmp_path: Path) -> None:
    from plancheck.serve.runner import Runner
    from plancheck.serve.service import ReviewService

    data = tmp_path / "data"
    (data / "reports" / "with-scheme").mkdir(parents=True)
    (data / "reports" / "without-scheme").mkdir()
    (data / "uploads").mkdir()
    for name in ("d1.txt", "d2.txt", "s1.txt"):
        (data / "uploads" / name).write_text("示例县")
    (data / "reports" / "with-scheme" / "report.json").write_text(json.dumps(_report(4, [[1], [3]])))
    (data / "reports" / "without-scheme" / "report.json").write_text(json.dumps(_report(None, [[]])))
    _old_database(data / "plancheck.sqlite3")

    service = ReviewService(data, 20, Runner(processes=0))
    with sqlite3.connect(data / "plancheck.sqlite3") as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert [(r.id, r.coverage) for r in service.store.list_runs("青山县")] == [(2, None), (1, 0.5)]
    assert service.store.runs_without_coverage() == []  # filled in once, not read again at each start


def test_coverage_is_stored_with_a_run_and_its_re_review(tmp_path: Path) -> None:
    store = Store(tmp_path / "h.sqlite3")
    draft = StoredFile("draft", "草案.txt", "a.txt", 3)
    run_id = store.add_run("青山县", "王科员", "fail", 2, 1, [draft], "r1", 0.625)
    assert store.get_run(run_id).coverage == 0.625
    store.update_verdict(run_id, "pass", 0, 1, 0.75)
    assert store.get_run(run_id).coverage == 0.75


@pytest.fixture
def api(tmp_path: Path) -> TestClient:
    from plancheck.serve.app import create_app

    app = create_app(tmp_path / "data", None, processes=0, warm=False)
    store = app.state.service.store
    for locality, errors, coverage in (("某市/南山县", 3, 0.5), ("某市/南山县", 1, 0.75), ("青山县", 0, None)):
        draft = StoredFile("draft", f"{locality[-3:]}草案.docx", f"{errors}.docx", 9)
        verdict = "fail" if errors else "pass"
        store.add_run(locality, "王科员", verdict, errors, 2, [draft], f"r{errors}", coverage)
    return TestClient(app, base_url="http://127.0.0.1:8000")


def test_a_locality_with_a_slash_in_its_name_is_reachable(api: TestClient) -> None:
    assert locality_path("某市/南山县") == "/localities/%E6%9F%90%E5%B8%82%2F%E5%8D%97%E5%B1%B1%E5%8E%BF"
    page = api.get(locality_path("某市/南山县"))
    assert page.status_code == 200 and "某市/南山县:逐次审查情况" in page.text
    answer = api.get(locality_path("某市/南山县", api=True)).json()
    assert (answer["locality"], answer["total"]) == ("某市/南山县", 2)
    assert [(r["errors"], r["coverage"]) for r in answer["runs"]] == [(1, 0.75), (3, 0.5)]  # newest first
    assert answer["page"] == locality_path("某市/南山县")


def test_a_locality_typed_with_invisible_characters_is_the_same_locality(api: TestClient) -> None:
    answer = api.get("/api/localities/%E2%80%8B%E9%9D%92%E5%B1%B1%E5%8E%BF%E2%81%A0/runs")  # 青山县 with ZWSP, WJ
    assert answer.status_code == 200 and answer.json()["locality"] == "青山县"


def test_an_unknown_locality_is_404_in_chinese(api: TestClient) -> None:
    answer = api.get(locality_path("无此县", api=True))
    assert answer.status_code == 404 and "无此县" in answer.json()["error"]
    page = api.get(locality_path("无此县"))
    assert page.status_code == 404 and "没有地区“无此县”的审查记录" in page.text


def test_the_locality_page_lists_runs_and_draws_them(api: TestClient) -> None:
    page = api.get(locality_path("某市/南山县")).text
    assert page.count('<tr data-run="') == 2 and "75.0%" in page and "—" not in page.split("locality-runs")[1]
    assert page.count('class="series ') == 3 and "<script" not in page
    assert 'src="http' not in page and 'href="http' not in page  # nothing fetched from elsewhere
    history = api.get("/history?locality=" + "某市/南山县").text
    assert f'href="{locality_path("某市/南山县")}"' in history
