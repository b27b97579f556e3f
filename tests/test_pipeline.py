"""`check`, `batch` and `serve` run one pipeline: one locality gives the same findings, verdict and JSON."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from plancheck.batch import VERDICT_FAIL, VERDICT_UNUSABLE, report_folder, run_batch
from plancheck.cli import main
from plancheck.pipeline import dated, file_year

# 白桦市: last year's plan, this year's draft and the scheme. Neither the draft's title nor its text names a
# year, so its year comes from the file name; 迎接党的二十大 is then a stale reference. 8次 -> 5次 is a
# weakened target and task 4 lacks its lead unit.
BASELINE = """白桦市2023年法治政府建设工作计划
一、健全依法行政制度体系
1.加强行政规范性文件合法性审核。规范性文件备案审查率达到100%,及时开展规范性文件清理。〔牵头单位:市司法局;责任单位:市直各部门〕
2.严格落实重大行政决策程序。年初公布年度重大行政决策事项目录,重大行政决策合法性审查率达到100%。〔牵头单位:市政府办公室;责任单位:市司法局〕
二、严格规范公正文明执法
3.开展行政执法案卷评查。每年组织行政执法案卷集中评查不少于8次,评查结果纳入法治政府建设考核。〔牵头单位:市司法局;责任单位:市直各行政执法部门〕
4.推进乡镇综合行政执法改革。动态调整乡镇赋权事项清单,完善市直部门与乡镇执法协作机制。〔牵头单位:市委编办;责任单位:各乡镇人民政府〕
"""

DRAFT = """白桦市法治政府建设工作计划
一、健全依法行政制度体系
1.加强行政规范性文件合法性审核。规范性文件备案审查率达到100%,按照“谁制定、谁清理”原则开展清理。〔牵头单位:市司法局;责任单位:市直各部门〕
2.严格落实重大行政决策程序。年初公布年度重大行政决策事项目录,以优异成绩迎接党的二十大胜利召开。〔牵头单位:市政府办公室;责任单位:市司法局〕
二、严格规范公正文明执法
3.常态化开展行政执法案卷评查。每年组织行政执法案卷集中评查不少于5次,评查结果在全市通报。〔牵头单位:市司法局;责任单位:市直各行政执法部门〕
4.规范涉企行政检查。推行跨部门联合检查,严禁随意检查、重复检查。〔责任单位:市直各行政执法部门〕
"""

SCHEME = """白桦市法治政府建设实施方案(2021-2025年)
一、健全依法行政制度体系
(一)加强行政规范性文件合法性审核和备案审查,定期开展规范性文件清理。
(二)严格落实重大行政决策程序,公布重大行政决策事项目录,开展合法性审查。
二、严格规范公正文明执法
(三)加强行政执法监督,定期开展行政执法案卷评查。
(四)深化乡镇综合行政执法改革,完善执法协作机制。
"""

LOCALITY = "白桦市"
FILES = {"draft": "计划_2024.txt", "baseline": "计划_2023.txt", "scheme": "实施方案.txt"}
BROKEN_TOML = "[rules.no-such-rule]\nenabled = false\n"


@pytest.fixture
def locality(tmp_path: Path) -> Path:
    """The locality's folder, laid out as `plancheck batch` expects it."""
    folder = tmp_path / "plans" / LOCALITY
    folder.mkdir(parents=True)
    for role, text in (("draft", DRAFT), ("baseline", BASELINE), ("scheme", SCHEME)):
        (folder / FILES[role]).write_text(text, encoding="utf-8")
    return folder


def via_check(folder: Path, out: Path, capsys) -> tuple[int, dict | None, str]:
    """Exit code, JSON report (None when refused) and standard error of `plancheck check`."""
    code = main(["check", str(folder / FILES["draft"]), "--baseline", str(folder / FILES["baseline"]),
                 "--scheme", str(folder / FILES["scheme"]), "--json", str(out)])
    report = json.loads(out.read_text(encoding="utf-8")) if out.exists() else None
    return code, report, capsys.readouterr().err


def via_batch(folder: Path, out: Path):
    """The locality's batch result and its JSON report (None when there is none). The locality's own
    plancheck.toml, which `check` reads beside the draft, is read by a batch only with --local-config."""
    result = run_batch(folder.parent, out, jobs=1, local_config=True).results[0]
    path = report_folder(out, LOCALITY) / "report.json"
    report = json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    return result, report


def via_serve(folder: Path, data: Path):
    """The HTTP response of an upload to the service (in-process, reviews in a thread) and its report."""
    pytest.importorskip("httpx")
    testclient = pytest.importorskip("starlette.testclient")
    from plancheck.serve.app import create_app

    app = create_app(data, None, processes=0, warm=False)
    with testclient.TestClient(app) as client:
        files = {role: (name, (folder / name).read_bytes(), "text/plain") for role, name in FILES.items()}
        response = client.post("/api/runs", data={"locality": LOCALITY, "uploader": "李科员"}, files=files)
        report = client.get(f"/api/runs/{response.json()['id']}/report").json() \
            if response.status_code == 201 else None
    return response, report


def comparable(report: dict) -> dict:
    """The report without what legitimately differs: where the files were kept, batch's coverage."""
    report = {key: value for key, value in report.items() if key != "coverage"}
    report["documents"] = [{**doc, "path": Path(doc["path"]).name} for doc in report["documents"]]
    return report


def test_file_year_reads_the_year_a_file_name_carries() -> None:
    assert file_year("plans/白桦市/计划_2024.txt") == 2024
    assert file_year("白桦市2023年度计划.docx") == 2023
    assert file_year("计划.txt") is None
    assert file_year("计划_120245.txt") is None
    assert file_year("3fa2064be1c94d0e9a7b.txt") is None  # a stored upload's random name


def test_a_stored_uploads_random_name_gives_no_year(tmp_path: Path) -> None:
    from plancheck.plans import load_plan

    stored = tmp_path / "9c2031f0a2064be1.txt"
    stored.write_text("一、深化依法行政\n1.加强规范性文件管理。备案审查率达到100%。\n", encoding="utf-8")
    assert load_plan(stored, kind="annual").year is None


def test_the_title_year_wins_over_settings_and_file_name(locality: Path) -> None:
    from plancheck.plans import load_plan

    titled = load_plan(locality / FILES["baseline"])
    assert dated(titled, 2022).year == 2023
    undated = load_plan(locality / FILES["draft"])
    assert undated.year_source != "title"
    assert dated(undated, 2022).year == 2022
    assert dated(undated).year == 2024
    assert dated(undated, None, 2031).year == 2024  # the file name's year before the year after the baseline's


def test_check_batch_and_serve_agree(locality: Path, tmp_path: Path, capsys) -> None:
    code, checked, _ = via_check(locality, tmp_path / "check.json", capsys)
    batched, batch_report = via_batch(locality, tmp_path / "batch-out")
    response, served = via_serve(locality, tmp_path / "serve-data")

    assert response.status_code == 201, response.text
    draft = next(doc for doc in checked["documents"] if doc["role"] == "draft")
    assert draft["year"] == 2024  # from the file name alone
    rules = {f["rule"] for f in checked["findings"] if f["document"] == "draft"}
    assert {"stale-reference", "weakened-target", "missing-lead-unit"} <= rules
    assert code == 1 and batched.verdict == VERDICT_FAIL and response.json()["verdict"] == "fail"
    assert comparable(batch_report) == comparable(checked)
    assert comparable(served) == comparable(checked)


def test_a_broken_config_stops_check_batch_and_serve_with_one_message(locality: Path, tmp_path: Path,
                                                                      capsys) -> None:
    (locality / "plancheck.toml").write_text(BROKEN_TOML, encoding="utf-8")
    data = tmp_path / "serve-data"
    data.mkdir()
    (data / "plancheck.toml").write_text(BROKEN_TOML, encoding="utf-8")
    message = "配置文件“plancheck.toml”有误:没有名为“no-such-rule”的规则"

    code, checked, err = via_check(locality, tmp_path / "check.json", capsys)
    batched, batch_report = via_batch(locality, tmp_path / "batch-out")
    response, served = via_serve(locality, data)

    assert code == 2 and checked is None and err.startswith(f"plancheck: {message}")
    assert batched.verdict == VERDICT_UNUSABLE and batch_report is None
    assert any(problem.startswith(message) for problem in batched.problems)
    assert response.status_code == 500 and response.json()["error"].startswith(message)
    assert served is None


def test_a_broken_decisions_file_stops_check_and_batch(locality: Path, tmp_path: Path, capsys) -> None:
    (locality / "plancheck-decisions.json").write_text('{"alignment": [{"baseline": 1}]}', encoding="utf-8")

    code, _, err = via_check(locality, tmp_path / "check.json", capsys)
    batched, _ = via_batch(locality, tmp_path / "batch-out")

    assert code == 2 and "审核决定" in err
    assert batched.verdict == VERDICT_UNUSABLE
    assert [p for p in batched.problems if "审核决定" in p] == [err.removeprefix("plancheck: ").strip()]


def test_the_package_exports_the_pipeline(locality: Path) -> None:
    import plancheck

    result = plancheck.review(plancheck.load_plan(locality / FILES["draft"]))
    assert isinstance(result, plancheck.Review) and result.analysis.draft.year == 2024
    assert all(isinstance(f, plancheck.Finding) for f in result.findings)
    with pytest.raises(AttributeError):
        plancheck.no_such_name  # noqa: B018


def test_an_untitled_draft_without_a_year_in_its_name_is_the_year_after_its_baseline(tmp_path: Path) -> None:
    from plancheck.plans import load_plan

    draft = tmp_path / "征求意见稿.txt"
    draft.write_text("为落实《法治政府建设实施方案(2021-2025年)》,巩固2022年工作成效,制定本计划。\n"
                     "一、深化依法行政\n1.加强规范性文件管理。备案审查率达到100%。\n", encoding="utf-8")
    plan = load_plan(draft, kind="annual")
    assert plan.year == 2022 and plan.year_source == "text"  # never 2025, the end of a range
    assert dated(plan, None, 2023).year == 2023  # the baseline is the 2022 plan


def test_check_writes_the_same_json_to_standard_output(locality: Path, tmp_path: Path, capsys) -> None:
    _, written, _ = via_check(locality, tmp_path / "check.json", capsys)
    code = main(["check", str(locality / FILES["draft"]), "--baseline", str(locality / FILES["baseline"]),
                 "--scheme", str(locality / FILES["scheme"]), "--json", "-"])
    printed = capsys.readouterr()
    assert code == 1 and printed.err == ""
    assert json.loads(printed.out) == written
