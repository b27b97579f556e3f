"""Batch review for an inspection: every locality below a folder, checked and covered in parallel.

Finding the documents
---------------------
If DIR holds ``manifest.csv`` (UTF-8, header ``locality,draft,baseline,scheme``), each row is one
locality; paths are relative to the manifest's folder and ``baseline`` / ``scheme`` may be empty.

Otherwise every folder below DIR that directly holds plan documents is one locality, named by its
path relative to DIR (``市甲/清河县``). In such a folder, among the readable formats
(.docx .pdf .txt .html .htm .xlsx .csv):

* a file whose name contains ``方案`` or ``scheme`` is the multi-year implementation scheme;
* a file whose name contains a year ``20XX`` is that year's annual plan: the newest is the draft, the
  one before it the baseline, and every plan counts for the multi-year scheme coverage;
* anything else (notes, ``plancheck.toml``, decisions, hidden and ``~$`` lock files) is ignored.

What is written
---------------
Under the output folder: ``<locality>/report.html`` and ``report.json`` (the review, with the
coverage summary under ``coverage``), ``<locality>/coverage.html`` when there is a scheme;
``summary.csv`` and ``summary.xlsx`` (one row per locality: findings per rule, coverage, verdict,
problems) and ``index.html`` linking every locality's reports.

A document that cannot be read is named in the summary and left out: without the draft a locality
is marked 无法审查, without the baseline or scheme it is reviewed without them. Nothing one locality
does stops the batch.
"""
from __future__ import annotations

import csv
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

from ..plans.errors import PlanInputError

MANIFEST_NAME = "manifest.csv"
MANIFEST_COLUMNS = ("locality", "draft", "baseline", "scheme")
DOCUMENT_SUFFIXES = {".docx", ".pdf", ".txt", ".html", ".htm", ".xlsx", ".csv"}
OWN_OUTPUTS = {"summary.csv", "summary.xlsx", "index.html", "report.html", "report.json", "coverage.html"}
YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
SCHEME_NAME = re.compile(r"方案|scheme", re.IGNORECASE)

VERDICT_PASS, VERDICT_FAIL, VERDICT_UNUSABLE = "通过", "不通过", "无法审查"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class LocalityJob:
    """The documents of one locality: paths as strings, plans oldest first (draft last)."""

    locality: str
    draft: str | None
    baseline: str | None
    scheme: str | None
    plans: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()


@dataclass(frozen=True)
class LocalityResult:
    """What the summary needs of one reviewed locality (small, so it crosses processes cheaply)."""

    locality: str
    verdict: str
    draft: str = ""
    baseline: str = ""
    scheme: str = ""
    tasks: int | None = None
    severities: dict[str, int] = field(default_factory=dict)
    rules: dict[str, int] = field(default_factory=dict)
    scheme_share: float | None = None  # scheme items the draft implements
    share_any: float | None = None  # scheme items some year's plan implements
    never_covered: int | None = None
    dropped: int | None = None
    problems: tuple[str, ...] = ()
    reports: dict[str, str] = field(default_factory=dict)  # 'review', 'coverage' -> path under the output
    seconds: float = 0.0


@dataclass(frozen=True)
class BatchResult:
    """A finished batch: one result per locality (sorted by name) and the files written."""

    results: tuple[LocalityResult, ...]
    out: Path
    files: dict[str, Path]

    def count(self, verdict: str) -> int:
        """Localities with this verdict."""
        return sum(1 for r in self.results if r.verdict == verdict)


# ---------------------------------------------------------------- finding the documents


def discover(root: str | Path, skip: Path | None = None) -> list[LocalityJob]:
    """The localities below root, from its manifest or the naming convention. Raises PlanInputError."""
    root = Path(root)
    if not root.is_dir():
        raise PlanInputError(root, "文件夹不存在")
    manifest = root / MANIFEST_NAME
    jobs = _from_manifest(manifest) if manifest.is_file() else _from_folders(root, skip)
    if not jobs:
        raise PlanInputError(root, "没有找到任何地区的计划文件(文件名需含年份 20XX,或提供 manifest.csv)")
    return _unique_names(jobs)


def _from_manifest(manifest: Path) -> list[LocalityJob]:
    with manifest.open(encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        missing = [c for c in ("locality", "draft") if c not in (reader.fieldnames or ())]
        if missing:
            raise PlanInputError(manifest, f"缺少列 {'、'.join(missing)}(应为 {','.join(MANIFEST_COLUMNS)})")
        jobs = []
        for line, row in enumerate(reader, start=2):
            paths = {c: (row.get(c) or "").strip() for c in MANIFEST_COLUMNS[1:]}
            resolved = {c: str(manifest.parent / p) if p else None for c, p in paths.items()}
            name = (row.get("locality") or "").strip() or f"第{line}行"
            problems = () if resolved["draft"] else (f"manifest.csv 第{line}行没有填写草案",)
            plans = tuple(p for p in (resolved["baseline"], resolved["draft"]) if p)
            jobs.append(LocalityJob(name, resolved["draft"], resolved["baseline"], resolved["scheme"], plans,
                                    problems))
    return jobs


def _from_folders(root: Path, skip: Path | None) -> list[LocalityJob]:
    skip = skip.resolve() if skip else None
    jobs = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() != skip)
        job = _folder_job(root, here, sorted(files))
        if job is not None:
            jobs.append(job)
    return jobs


def _folder_job(root: Path, folder: Path, names: Sequence[str]) -> LocalityJob | None:
    """The locality of one folder, or None when it holds no plan and no scheme."""
    schemes: list[str] = []
    by_year: dict[int, list[str]] = {}
    for name in names:
        path = folder / name
        if (name.startswith((".", "~$")) or name in OWN_OUTPUTS or path.suffix.lower() not in DOCUMENT_SUFFIXES
                or name == MANIFEST_NAME):
            continue
        if SCHEME_NAME.search(path.stem):
            schemes.append(name)
        elif match := YEAR.search(path.stem):
            by_year.setdefault(int(match.group(1)), []).append(name)
    if not schemes and not by_year:
        return None
    problems = []
    for year, found in sorted(by_year.items()):
        if len(found) > 1:
            problems.append(f"{year}年有多份计划({'、'.join(found)}),使用“{found[0]}”")
    if len(schemes) > 1:
        problems.append(f"有多份实施方案({'、'.join(schemes)}),使用“{schemes[0]}”")
    plans = tuple(str(folder / by_year[year][0]) for year in sorted(by_year))
    if not plans:
        problems.append("没有找到年度计划(文件名需含年份 20XX)")
    name = folder.relative_to(root).as_posix()
    return LocalityJob(
        locality=root.resolve().name if name == "." else name,
        draft=plans[-1] if plans else None,
        baseline=plans[-2] if len(plans) > 1 else None,
        scheme=str(folder / schemes[0]) if schemes else None,
        plans=plans,
        problems=tuple(problems),
    )


def _unique_names(jobs: list[LocalityJob]) -> list[LocalityJob]:
    seen: Counter[str] = Counter()
    out = []
    for job in jobs:
        seen[job.locality] += 1
        out.append(job if seen[job.locality] == 1 else replace(job, locality=f"{job.locality}({seen[job.locality]})"))
    return out


def file_year(path: str | Path) -> int | None:
    """The year 20XX a file name carries, if any."""
    match = YEAR.search(Path(path).stem)
    return int(match.group(1)) if match else None


def report_folder(out: Path, locality: str) -> Path:
    """Where one locality's reports go: its name as a relative path, stripped of anything unsafe."""
    parts = [re.sub(r'[<>:"\\|?*\x00-\x1f]', "_", p).strip() for p in locality.split("/")]
    parts = [p if p not in ("", ".", "..") else "_" for p in parts]
    return out.joinpath(*parts)


# ---------------------------------------------------------------- one locality (runs in a worker)


def review_locality(job: LocalityJob, out: str) -> LocalityResult:
    """Read, check and cover one locality and write its reports. Never raises: problems are recorded."""
    started = time.perf_counter()
    problems = list(job.problems)
    try:
        result = _review(job, Path(out), problems)
    except Exception as exc:  # noqa: BLE001 - one locality's failure must not stop the batch
        problems.append(f"处理时出现意外错误({type(exc).__name__}: {exc})")
        result = _failed(job, "")
    return replace(result, problems=tuple(problems), seconds=round(time.perf_counter() - started, 3))


def _name(path: str | None) -> str:
    return Path(path).name if path else ""


def _load(path: str | None, kind: str, problems: list[str], label: str):
    """A plan, or None with the reason appended to problems."""
    if not path:
        return None
    from ..plans import load_plan

    try:
        return load_plan(path, kind=kind)
    except PlanInputError as exc:
        problems.append(f"{label}:{exc}")
    except Exception as exc:  # noqa: BLE001 - a broken document is skipped, not fatal
        problems.append(f"{label}:无法读取“{Path(path).name}”({type(exc).__name__}: {exc})")
    return None


def _review(job: LocalityJob, out: Path, problems: list[str]) -> LocalityResult:
    from ..checks import run_checks
    from ..checks.config import CheckConfig, load_config
    from ..compare import analyse
    from ..compare.decisions import load_decisions

    names = {"draft": _name(job.draft), "baseline": _name(job.baseline), "scheme": _name(job.scheme)}
    draft = _load(job.draft, "annual", problems, "草案")
    if draft is None:
        return LocalityResult(job.locality, VERDICT_UNUSABLE, **names)
    folder = Path(job.draft).parent
    try:
        config = load_config(None, folder)
    except Exception as exc:  # noqa: BLE001 - a bad plancheck.toml falls back to the defaults
        problems.append(f"配置文件无效,已按默认配置审查:{exc}")
        config = CheckConfig()
    draft = _with_year(draft, config.year or file_year(job.draft))
    baseline = _load(job.baseline, "annual", problems, "去年计划")
    baseline = _with_year(baseline, file_year(job.baseline)) if baseline else None
    scheme = _load(job.scheme, "scheme", problems, "实施方案")
    try:
        decisions = load_decisions(folder)
    except PlanInputError as exc:
        problems.append(f"审核决定文件无效,已忽略:{exc}")
        decisions = None
    analysis = analyse(draft, baseline, scheme, decisions=decisions)
    findings = tuple(run_checks(analysis, config))
    cov = _coverage(job, analysis, problems) if scheme is not None else None
    reports = _write_reports(out, job.locality, analysis, findings, cov, problems)
    return _result(job, names, analysis, findings, cov, reports)


def _with_year(plan, year: int | None):
    return replace(plan, year=year) if plan.year is None and year else plan


def _coverage(job: LocalityJob, analysis, problems: list[str]):
    """Coverage over every plan of the locality, reusing the links the analysis already made."""
    from ..compare.coverage import coverage

    plans = {}
    for plan in (analysis.baseline, analysis.draft):
        if plan is not None and plan.year is not None:
            plans[plan.year] = plan
    known = {plan.year: analysis.scheme_links.get(role, ()) for role, plan
             in (("baseline", analysis.baseline), ("draft", analysis.draft)) if plan is not None and plan.year}
    for path in job.plans:
        if path in (job.draft, job.baseline):
            continue
        plan = _load(path, "annual", problems, "往年计划")
        if plan is not None:
            plan = _with_year(plan, file_year(path))
            if plan.year is not None and plan.year not in plans:
                plans[plan.year] = plan
    if not plans:
        problems.append("计划没有可识别的年度,未做多年覆盖分析")
        return None
    return coverage(analysis.scheme, list(plans.values()), known_links=known)


def _write_reports(out: Path, locality: str, analysis, findings, cov, problems: list[str]) -> dict[str, str]:
    import json

    from ..checks import all_rules
    from . import json_report
    from .coverage_report import coverage_report, render_coverage_html
    from .html_report import render_html
    from .output import write_atomic

    folder = report_folder(out, locality)
    folder.mkdir(parents=True, exist_ok=True)
    report = json_report.review_report(analysis, findings)  # written compact: thousands of them, C encoder
    if cov is not None:
        report["coverage"] = coverage_report(cov)["coverage"]
    written = {}
    pages = [("review", "report.html", lambda: render_html(analysis, findings, all_rules())),
             ("json", "report.json", lambda: json.dumps(report, ensure_ascii=False, separators=(",", ":")))]
    if cov is not None:
        pages.append(("coverage", "coverage.html", lambda: render_coverage_html(cov)))
    for key, name, render in pages:
        try:
            write_atomic(folder / name, render().encode("utf-8"), durable=False)  # regenerated by a rerun
            written[key] = (folder / name).relative_to(out).as_posix()
        except Exception as exc:  # noqa: BLE001 - a report that fails to render is noted, the rest written
            problems.append(f"未能生成 {name}({type(exc).__name__}: {exc})")
    return written


def _result(job, names, analysis, findings, cov, reports) -> LocalityResult:
    severities = Counter(f.severity for f in findings)
    scheme_share = None
    if cov is not None and analysis.draft.year in cov.years:
        scheme_share = cov.by_year[cov.years.index(analysis.draft.year)].share
    return LocalityResult(
        locality=job.locality,
        verdict=VERDICT_FAIL if severities["error"] else VERDICT_PASS,
        **names,
        tasks=len(analysis.draft.tasks),
        severities=dict(severities),
        rules=dict(Counter(f.rule for f in findings)),
        scheme_share=scheme_share,
        share_any=cov.share_any if cov is not None else None,
        never_covered=len(cov.never_covered) if cov is not None else None,
        dropped=len(cov.dropped) if cov is not None else None,
        reports=reports,
    )


# ---------------------------------------------------------------- the whole batch


def _init_worker() -> None:
    """Load the segmenter and the heavy modules once per worker; leave Ctrl-C to the parent."""
    import gc
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from ..checks import all_rules
    from ..compare import analyse  # noqa: F401
    from ..plans.nlp import chinese_pipeline

    chinese_pipeline()
    all_rules()
    # The segmenter, spaCy and the rules live as long as the worker: frozen, they are no longer walked by
    # every full garbage collection (about 1.5 ms a locality otherwise).
    gc.freeze()


# A worker holds the segmenter, spaCy, numpy and scipy: about 235 MiB resident, flat over thousands of localities.
WORKER_BYTES = 300 * 1024 ** 2


def default_jobs() -> int:
    """All cores, but no more workers than the available memory holds."""
    cores = os.cpu_count() or 1
    try:
        with open("/proc/meminfo", encoding="ascii") as stream:
            available = next(int(line.split()[1]) * 1024 for line in stream if line.startswith("MemAvailable:"))
    except (OSError, StopIteration, ValueError, IndexError):
        return cores
    return max(1, min(cores, available // WORKER_BYTES))


def run_batch(root: str | Path, out: str | Path, jobs: int | None = None,
              progress: Progress | None = None) -> BatchResult:
    """Review every locality below root in parallel and write the per-locality reports, summary and index."""
    root, out = Path(root), Path(out)
    found = discover(root, skip=out if out.exists() else None)
    out.mkdir(parents=True, exist_ok=True)
    workers = max(1, min(jobs or default_jobs(), len(found)))
    results = _run_serial(found, out, progress) if workers == 1 else _run_pool(found, out, workers, progress)
    results.sort(key=lambda r: r.locality)
    files = write_summary(results, out)
    return BatchResult(tuple(results), out, files)


def _run_serial(found: Sequence[LocalityJob], out: Path, progress: Progress | None) -> list[LocalityResult]:
    results = []
    for job in found:
        results.append(review_locality(job, str(out)))
        if progress:
            progress(len(results), len(found))
    return results


def _run_pool(found: Sequence[LocalityJob], out: Path, workers: int,
              progress: Progress | None) -> list[LocalityResult]:
    """Run the jobs in worker processes, surviving a worker that dies (a crash or the OOM killer).

    A dead worker fails every unfinished job of its pool. Those are rerun in groups of `workers`, so
    a second crash costs one group; the jobs of such a group then run alone, and only the culprit fails.
    """
    results: list[LocalityResult] = []

    def advance() -> None:
        if progress:
            progress(len(results), len(found))

    lost = _run_in_pools([found], out, workers, results, advance)
    suspects = _run_in_pools([lost[k:k + workers] for k in range(0, len(lost), workers)], out, workers,
                             results, advance)
    for job in _run_in_pools([[job] for job in suspects], out, 1, results, advance):
        results.append(_failed(job, "处理进程异常退出(文件可能过大或已损坏)"))
        advance()
    return results


def _run_in_pools(groups: Sequence[Sequence[LocalityJob]], out: Path, workers: int,
                  results: list[LocalityResult], advance: Callable[[], None]) -> list[LocalityJob]:
    """Run the groups one after another in a pool, replaced when a worker dies; return the jobs lost."""
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    lost: list[LocalityJob] = []
    pool = None
    try:
        for group in groups:
            pool = pool or ProcessPoolExecutor(max_workers=workers, initializer=_init_worker)
            futures = {pool.submit(review_locality, job, str(out)): k for k, job in enumerate(group)}
            broken = []
            for future in as_completed(futures):
                job = group[futures[future]]
                try:
                    results.append(future.result())
                except BrokenProcessPool:
                    broken.append(futures[future])
                    continue
                except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be sent back
                    results.append(_failed(job, f"处理时出现意外错误({type(exc).__name__}: {exc})"))
                advance()
            if broken:
                lost += [group[k] for k in sorted(broken)]
                pool.shutdown(wait=False)
                pool = None
    except BaseException:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)  # Ctrl-C: do not wait for thousands of queued jobs
        raise
    if pool is not None:
        pool.shutdown()
    return lost


def _failed(job: LocalityJob, problem: str) -> LocalityResult:
    return LocalityResult(job.locality, VERDICT_UNUSABLE, draft=_name(job.draft), baseline=_name(job.baseline),
                          scheme=_name(job.scheme), problems=job.problems + (problem,))


class TextProgress:
    """A one-line progress bar redrawn with \\r on a terminal; every tenth on a pipe or log file."""

    def __init__(self, stream: TextIO = sys.stderr, label: str = "审查进度", width: int = 30) -> None:
        self.stream, self.label, self.width = stream, label, width
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.started = time.monotonic()
        self.shown = -1.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        final = done >= total
        if self.tty and not final and now - self.shown < 0.1:
            return
        if not self.tty and not final and done * 10 // max(total, 1) == (done - 1) * 10 // max(total, 1):
            return
        self.shown = now
        elapsed = now - self.started
        filled = self.width * done // max(total, 1)
        eta = elapsed / done * (total - done) if done else 0.0
        line = (f"{self.label} [{'#' * filled}{'.' * (self.width - filled)}] {done}/{total} "
                f"{done / max(total, 1):4.0%} 已用 {elapsed:.0f} 秒,预计还需 {eta:.0f} 秒")
        self.stream.write(("\r" + line + ("\n" if final else "")) if self.tty else line + "\n")
        self.stream.flush()


# ---------------------------------------------------------------- summary and index


def summary_frame(results: Sequence[LocalityResult]):
    """One row per locality: documents, findings per severity and per rule, coverage, verdict, problems."""
    import pandas as pd

    from ..checks import rule_names

    rules = list(rule_names())
    rules += sorted({rule for r in results for rule in r.rules} - set(rules))
    counts = [label for _, label in _SEVERITY_COLUMNS] + rules
    rows = []
    for r in results:
        reviewed = r.tasks is not None  # an unreviewed locality has no counts, not zero findings
        rows.append({
            "地区": r.locality, "结论": r.verdict, "草案": r.draft, "去年计划": r.baseline, "实施方案": r.scheme,
            "任务数": r.tasks,
            **{label: r.severities.get(key, 0) if reviewed else None for key, label in _SEVERITY_COLUMNS},
            **{rule: r.rules.get(rule, 0) if reviewed else None for rule in rules},
            "草案覆盖率": _rounded(r.scheme_share), "累计覆盖率": _rounded(r.share_any),
            "从未落实": r.never_covered, "落实后中断": r.dropped,
            "问题": ";".join(r.problems),
            "审查报告": r.reports.get("review", ""), "覆盖报告": r.reports.get("coverage", ""),
            "用时(秒)": r.seconds,
        })
    frame = pd.DataFrame(rows, columns=_LEADING_COLUMNS + counts + _TRAILING_COLUMNS)
    for column in ["任务数", "从未落实", "落实后中断", *counts]:
        frame[column] = frame[column].astype("Int64")
    return frame


_LEADING_COLUMNS = ["地区", "结论", "草案", "去年计划", "实施方案", "任务数"]
_TRAILING_COLUMNS = ["草案覆盖率", "累计覆盖率", "从未落实", "落实后中断", "问题", "审查报告", "覆盖报告", "用时(秒)"]


def _rounded(share: float | None) -> float | None:
    return None if share is None else round(share, 4)


_SEVERITY_COLUMNS = (("error", "错误"), ("warning", "警告"), ("info", "提示"))


def write_summary(results: Sequence[LocalityResult], out: Path) -> dict[str, Path]:
    """summary.csv (UTF-8 with BOM, for Excel), summary.xlsx and index.html in the output folder."""
    import io

    import pandas as pd

    from .output import write_atomic

    frame = summary_frame(results)
    files = {"csv": out / "summary.csv", "xlsx": out / "summary.xlsx", "index": out / "index.html"}
    write_atomic(files["csv"], frame.to_csv(index=False).encode("utf-8-sig"))
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name="汇总", index=False)
        sheet = writer.sheets["汇总"]
        sheet.freeze_panes = "B2"
        for name in ("草案覆盖率", "累计覆盖率"):
            col = list(frame.columns).index(name) + 1
            for row in range(2, len(frame) + 2):
                sheet.cell(row=row, column=col).number_format = "0%"
    write_atomic(files["xlsx"], buffer.getvalue())
    write_atomic(files["index"], render_index(results).encode("utf-8"))
    return files


_INDEX = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>批量审查汇总</title>
<style>
body { margin:0 auto; max-width:1280px; padding:0 1.25rem 2rem; color:#1f2328; line-height:1.55; font-size:15px;
  font-family:"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",Arial,sans-serif; }
table { border-collapse:collapse; width:100%; }
th, td { border:1px solid #d0d7de; padding:.3rem .5rem; text-align:left; vertical-align:top; }
th { background:#f6f8fa; position:sticky; top:0; }
td.num { text-align:right; white-space:nowrap; }
.v-pass { color:#116329; font-weight:600; } .v-fail { color:#cf222e; font-weight:600; }
.v-unusable { color:#953800; font-weight:600; }
.problems { color:#953800; font-size:.9em; }
.meta { color:#656d76; }
</style>
</head>
<body>
<h1>批量审查汇总</h1>
<p>共 {{ rows|length }} 个地区:通过 {{ counts.pass }} 个,不通过 {{ counts.fail }} 个,无法审查 {{ counts.unusable }} 个。
汇总表:<a href="summary.xlsx">summary.xlsx</a> · <a href="summary.csv">summary.csv</a></p>
<table>
<thead><tr><th>地区</th><th>结论</th><th>任务数</th><th>错误</th><th>警告</th><th>草案覆盖率</th><th>累计覆盖率</th>
<th>报告</th><th>问题</th></tr></thead>
<tbody>
{% for r in rows %}
<tr><td>{{ r.locality }}</td><td class="v-{{ r.verdict_class }}">{{ r.verdict }}</td>
<td class="num">{{ r.tasks }}</td><td class="num">{{ r.errors }}</td><td class="num">{{ r.warnings }}</td>
<td class="num">{{ r.scheme_share }}</td><td class="num">{{ r.share_any }}</td>
<td>{% for label, href in r.links %}<a href="{{ href }}">{{ label }}</a>{% if not loop.last %} · {% endif %}{% endfor %}</td>
<td class="problems">{% for p in r.problems %}{{ p }}{% if not loop.last %}<br>{% endif %}{% endfor %}</td></tr>
{% endfor %}
</tbody>
</table>
<p class="meta">由 plancheck 生成。</p>
</body>
</html>
"""

_VERDICT_CLASSES = {VERDICT_PASS: "pass", VERDICT_FAIL: "fail", VERDICT_UNUSABLE: "unusable"}
_LINK_LABELS = (("review", "审查报告"), ("coverage", "方案覆盖"), ("json", "JSON"))


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def render_index(results: Sequence[LocalityResult]) -> str:
    """index.html: one row per locality with its verdict, counts and links to its reports."""
    from urllib.parse import quote

    from jinja2 import Environment, StrictUndefined

    rows = [{
        "locality": r.locality, "verdict": r.verdict, "verdict_class": _VERDICT_CLASSES.get(r.verdict, "unusable"),
        "tasks": "—" if r.tasks is None else r.tasks,
        "errors": r.severities.get("error", 0), "warnings": r.severities.get("warning", 0),
        "scheme_share": _percent(r.scheme_share), "share_any": _percent(r.share_any),
        "links": [(label, quote(r.reports[key])) for key, label in _LINK_LABELS if key in r.reports],
        "problems": r.problems,
    } for r in results]
    counts = {cls: sum(1 for r in results if _VERDICT_CLASSES.get(r.verdict) == cls)
              for cls in ("pass", "fail", "unusable")}
    env = Environment(autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    return env.from_string(_INDEX).render(rows=rows, counts=counts)
