"""Batch review: finding localities, a corrupt document reported and skipped, summary and index."""
from __future__ import annotations

import io
import multiprocessing
import os
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest

from plancheck import batch
from plancheck.cli import main
from plancheck.plans.errors import PlanInputError
from plancheck.batch import (
    VERDICT_UNUSABLE,
    TextProgress,
    discover,
    report_folder,
    review_locality,
    run_batch,
)

pytestmark = pytest.mark.slow  # process pools

SCHEME = """{county}法治政府建设实施方案(2021-2025年)
一、总体要求
坚持以习近平法治思想为指导,加快建设法治政府。
二、健全依法行政制度体系
(一)加强行政规范性文件制定监督管理。严格落实行政规范性文件合法性审核和备案审查制度,做到有件必备、有备必审、有错必纠。
(二)积极参与地方立法工作。认真做好上级立法项目征求意见工作,发挥基层立法联系点作用。
三、健全社会矛盾纠纷行政预防调处化解体系
(一)发挥行政复议化解行政争议主渠道作用。深化行政复议体制改革,规范行政复议案件办理程序,加大行政复议纠错力度。
"""

PLAN = """{county}{year}年法治政府建设工作要点
一、健全依法行政制度体系
(一)加强行政规范性文件监督管理。严格落实合法性审核机制,规范性文件备案审查率达到{rate}%。
牵头单位:县司法局;责任单位:县直各部门
(二)积极参与地方立法工作。做好上级立法项目征求意见工作,发挥基层立法联系点作用。
牵头单位:县司法局;责任单位:县直有关部门
二、化解社会矛盾纠纷
(一)发挥行政复议主渠道作用。规范行政复议案件办理程序,加大行政复议纠错力度。
牵头单位:县司法局;责任单位:县直各部门
"""


def _locality(folder: Path, county: str, years=(2023, 2024), scheme: bool = True) -> Path:
    folder.mkdir(parents=True)
    for year in years:
        (folder / f"plan_{year}.txt").write_text(PLAN.format(county=county, year=year, rate=100), encoding="utf-8")
    if scheme:
        (folder / "实施方案.txt").write_text(SCHEME.format(county=county), encoding="utf-8")
    return folder


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Three localities; 东湖区's draft is a corrupt Word file, 南山县's scheme is corrupt."""
    root = tmp_path / "plans"
    _locality(root / "清河县", "清河县", years=(2022, 2023, 2024))
    east = _locality(root / "东湖区", "东湖区", years=(2023,))
    (east / "东湖区2024年工作计划.docx").write_bytes(b"PK\x03\x04 this is not a zip archive")
    south = _locality(root / "某市" / "南山县", "南山县", scheme=False)
    (south / "scheme_2021_2025.pdf").write_bytes(b"%PDF-1.4 broken")
    (south / "说明.txt").write_text("不是计划", encoding="utf-8")
    return root


def test_discover_by_naming_convention(corpus):
    jobs = {job.locality: job for job in discover(corpus)}
    assert set(jobs) == {"清河县", "东湖区", "某市/南山县"}
    qinghe = jobs["清河县"]
    assert Path(qinghe.draft).name == "plan_2024.txt" and Path(qinghe.baseline).name == "plan_2023.txt"
    assert [Path(p).name for p in qinghe.plans] == ["plan_2022.txt", "plan_2023.txt", "plan_2024.txt"]
    assert Path(qinghe.scheme).name == "实施方案.txt"
    assert Path(jobs["东湖区"].draft).name == "东湖区2024年工作计划.docx"
    assert Path(jobs["某市/南山县"].scheme).name == "scheme_2021_2025.pdf"  # 说明.txt is ignored


def test_discover_manifest(tmp_path):
    _locality(tmp_path / "a", "甲县")
    (tmp_path / "manifest.csv").write_text(
        "locality,draft,baseline,scheme\n甲县,a/plan_2024.txt,a/plan_2023.txt,a/实施方案.txt\n乙县,b/missing.txt,,\n",
        encoding="utf-8")
    jobs = discover(tmp_path)
    assert [job.locality for job in jobs] == ["甲县", "乙县"]
    assert jobs[1].baseline is None and jobs[1].scheme is None
    result = review_locality(jobs[1], str(tmp_path / "out"))
    assert result.verdict == VERDICT_UNUSABLE and "文件不存在" in result.problems[0]


def test_discover_refuses_an_empty_folder(tmp_path):
    with pytest.raises(PlanInputError, match="没有找到"):
        discover(tmp_path)
    (tmp_path / "manifest.csv").write_text("name,file\n", encoding="utf-8")
    with pytest.raises(PlanInputError, match="缺少列"):
        discover(tmp_path)


def test_batch_reports_the_corrupt_documents_and_processes_the_rest(corpus, tmp_path):
    out = tmp_path / "out"
    seen = []
    result = run_batch(corpus, out, jobs=2, progress=lambda done, total: seen.append((done, total)))
    by_name = {r.locality: r for r in result.results}
    assert seen[-1] == (3, 3)

    east = by_name["东湖区"]
    assert east.verdict == VERDICT_UNUSABLE and east.tasks is None and not east.reports
    assert "东湖区2024年工作计划.docx" in east.problems[0]

    south = by_name["某市/南山县"]  # reviewed without its broken scheme
    assert south.tasks == 3 and south.scheme_share is None
    assert any("scheme_2021_2025.pdf" in p for p in south.problems)
    assert (out / "某市" / "南山县" / "report.html").is_file()

    qinghe = by_name["清河县"]
    assert qinghe.tasks == 3 and not qinghe.problems
    assert qinghe.scheme_share == pytest.approx(1.0) and qinghe.never_covered == 0
    assert {"review", "json", "coverage"} <= set(qinghe.reports)
    assert (out / "清河县" / "coverage.html").is_file()

    import pandas as pd

    summary = pd.read_csv(result.files["csv"], encoding="utf-8-sig")
    assert list(summary["地区"]) == ["东湖区", "某市/南山县", "清河县"]
    assert summary.loc[0, "结论"] == "无法审查" and "损坏" in summary.loc[0, "问题"]
    assert "missing-lead-unit" in summary.columns and "草案覆盖率" in summary.columns
    assert set(pd.read_excel(result.files["xlsx"], sheet_name=None)) == {"汇总", "按规则", "按方案部分"}
    index = result.files["index"].read_text(encoding="utf-8")
    assert 'href="清河县/report.html"' in index  # a Chinese path kept as an IRI
    assert "无法审查 1 个" in index


def _crash_on_bad_county(job, out):
    """Stands in for review_locality in the workers: the process dies outright on one locality."""
    if job.locality == "坏县":
        os._exit(3)
    return review_locality(job, out)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the stand-in reaches workers by fork")
def test_a_dying_worker_costs_only_its_own_locality(tmp_path, monkeypatch):
    root = tmp_path / "plans"
    for county in ("坏县", "甲县", "乙县"):
        _locality(root / county, county, scheme=False)
    monkeypatch.setattr(batch, "review_locality", _crash_on_bad_county)
    # Workers are forked from this process: warm it once instead of warming each of the four pools.
    review_locality(discover(root)[1], str(tmp_path / "warm"))
    monkeypatch.setattr(batch, "init_worker", lambda: None)
    result = run_batch(root, tmp_path / "out", jobs=2)
    by_name = {r.locality: r for r in result.results}
    assert by_name["坏县"].verdict == VERDICT_UNUSABLE and "异常退出" in by_name["坏县"].problems[-1]
    assert by_name["甲县"].tasks == 3 and by_name["乙县"].tasks == 3


def test_cli_batch_exit_code_and_progress(corpus, tmp_path, capsys):
    code = main(["batch", str(corpus), "--out", str(tmp_path / "out"), "--jobs", "1"])
    captured = capsys.readouterr()
    assert code == 1  # one locality could not be reviewed
    assert "共 3 个地区" in captured.out and "无法审查 1 个" in captured.out
    assert "审查进度" in captured.err and "3/3" in captured.err
    assert main(["batch", str(tmp_path / "nowhere")]) == 2


def test_text_progress_on_a_pipe_prints_every_tenth():
    stream = io.StringIO()
    progress = TextProgress(stream)
    for done in range(1, 101):
        progress(done, 100)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 10 and lines[-1].startswith("审查进度 [") and "100/100" in lines[-1]
    assert "\r" not in stream.getvalue()


def test_report_folder_keeps_names_inside_the_output(tmp_path):
    assert report_folder(tmp_path, "某市/清河县") == tmp_path / "某市" / "清河县"
    assert report_folder(tmp_path, "../../etc") == tmp_path / "_" / "_" / "etc"


def test_cli_import_stays_light():
    code = ("import sys, plancheck.cli; plancheck.cli._parser().format_help(); "
            "print(sorted(m for m in ('spacy', 'pandas', 'numpy', 'jieba', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_a_locality_past_its_time_limit_is_stopped_and_the_batch_finishes(tmp_path, monkeypatch):
    """Issue #14: one stalled locality no longer holds the batch; the summary is written with it as 无法审查."""
    from plancheck.batch import review as batch_review

    root = tmp_path / "plans"
    _locality(root / "白桦市", "白桦市", years=(2024,), scheme=False)
    _locality(root / "青松县", "青松县", years=(2024,), scheme=False)
    real_review = batch_review._review

    def stalling(job, out, problems):
        while job.locality == "白桦市":
            pass  # a reader stuck in a loop
        return real_review(job, out, problems)

    monkeypatch.setattr(batch_review, "_review", stalling)
    monkeypatch.setattr(batch_review, "LOCALITY_SECONDS", 1.0)
    result = run_batch(root, tmp_path / "out", jobs=1)
    by_name = {r.locality: r for r in result.results}
    assert by_name["白桦市"].verdict == VERDICT_UNUSABLE
    assert "超过 1 秒" in by_name["白桦市"].problems[-1]
    assert by_name["青松县"].tasks == 3
    assert result.files["xlsx"].is_file() and result.files["index"].is_file()


def _review_stuck_in_c(real_review, job, out, problems):
    """Stands in for a reader caught in a long C call: PBKDF2 runs its rounds in C, where the timer
    signal inside the worker is not seen until it returns (minutes)."""
    import hashlib

    if job.locality == "白桦市":
        hashlib.pbkdf2_hmac("sha256", b"draft", b"baseline", 300_000_000)
    return real_review(job, out, problems)


@pytest.mark.slow
@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="the stand-in reaches workers by fork")
def test_a_locality_stuck_in_a_c_call_has_its_worker_killed_and_the_batch_finishes(tmp_path, monkeypatch):
    """Issue #14: the timer inside a worker cannot stop a C call; the pool kills the worker from outside."""
    from plancheck.batch import review as batch_review

    root = tmp_path / "plans"
    for county in ("白桦市", "青松县", "红枫县"):
        _locality(root / county, county, years=(2024,), scheme=False)
    monkeypatch.setattr(batch_review, "_review", partial(_review_stuck_in_c, batch_review._review))
    monkeypatch.setattr(batch_review, "LOCALITY_SECONDS", 1.0)
    monkeypatch.setattr(batch, "KILL_GRACE_SECONDS", 1.0)
    started = time.monotonic()
    result = run_batch(root, tmp_path / "out", jobs=1)
    assert time.monotonic() - started < 60  # the C call alone runs for minutes
    by_name = {r.locality: r for r in result.results}
    assert by_name["白桦市"].verdict == VERDICT_UNUSABLE and "处理进程已终止" in by_name["白桦市"].problems[-1]
    # the one worker was replaced: the localities after the stuck one were reviewed
    assert by_name["青松县"].tasks == 3 and by_name["红枫县"].tasks == 3
    assert result.files["xlsx"].is_file() and result.files["index"].is_file()


DISABLE_ALL = "".join(f"[rules.{rule}]\nenabled = false\n" for rule in (
    "missing-lead-unit", "missing-responsible-unit", "duplicate-task", "dropped-task", "weakened-target",
    "scheme-gap", "stale-reference", "numbering", "unit-name-variant"))


@pytest.fixture
def planted(tmp_path) -> Path:
    """白桦市's draft lacks a lead unit (不通过), and its folder holds a plancheck.toml switching every rule off."""
    root = tmp_path / "plans"
    folder = _locality(root / "白桦市", "白桦市", years=(2024,), scheme=False)
    draft = folder / "plan_2024.txt"
    draft.write_text(draft.read_text(encoding="utf-8").replace("牵头单位:县司法局;", "", 1), encoding="utf-8")
    (folder / "plancheck.toml").write_text(DISABLE_ALL, encoding="utf-8")
    return root


def _only(result):
    (locality,) = result.results
    return locality


def test_a_planted_local_config_is_ignored_unless_asked_for_and_the_summary_says_which(planted, tmp_path):
    ignored = _only(run_batch(planted, tmp_path / "a", jobs=1))
    assert (ignored.verdict, ignored.config) == ("不通过", "默认配置")
    used = run_batch(planted, tmp_path / "b", jobs=1, local_config=True)
    assert (_only(used).verdict, _only(used).config) == ("通过", "本地配置 plancheck.toml")
    import pandas as pd

    assert list(pd.read_csv(used.files["csv"], encoding="utf-8-sig")["配置"]) == ["本地配置 plancheck.toml"]


def test_the_inspectors_config_applies_to_every_locality(planted, tmp_path):
    inspector = tmp_path / "督查.toml"
    inspector.write_text('[rules.missing-lead-unit]\nseverity = "warning"\n', encoding="utf-8")
    result = _only(run_batch(planted, tmp_path / "out", jobs=1, config=inspector))
    assert (result.verdict, result.config) == ("通过", "统一配置 督查.toml")


def test_cli_batch_with_a_bad_config_is_one_line(planted, tmp_path, capsys):
    bad = tmp_path / "坏.toml"
    bad.write_text("colour = 1\n", encoding="utf-8")
    assert main(["batch", str(planted), "--out", str(tmp_path / "out"), "--config", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "坏.toml" in err[0] and not (tmp_path / "out").exists()


def test_batch_opinion_writes_each_localitys_review_opinion_and_links_it(corpus, tmp_path):
    import docx

    result = run_batch(corpus, tmp_path / "out", jobs=1, opinion=True)
    reviewed = [r for r in result.results if r.verdict != VERDICT_UNUSABLE]
    assert reviewed
    for locality in reviewed:
        path = tmp_path / "out" / locality.reports["opinion"]
        text = "\n".join(p.text for p in docx.Document(path).paragraphs)
        assert "审查意见" in text and "审查结论" in text
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "审查意见书" in index and "report-opinion.docx" in index
    plain = run_batch(corpus, tmp_path / "plain", jobs=1)
    assert all("opinion" not in r.reports for r in plain.results)
