"""Batch review, step two: one locality read, checked, covered and reported; runs in a worker process.

Writes ``<locality>/report.html`` and ``report.json`` (the review, with the coverage summary under
``coverage``) and, when there is a scheme, ``<locality>/coverage.html``; returns a small
`LocalityResult` for the summary. A document that cannot be read is recorded, never raised.
"""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import PlancheckError, PlanInputError
from .jobs import LocalityJob, report_folder

if TYPE_CHECKING:
    from ..checks.config import CheckConfig

VERDICT_PASS, VERDICT_FAIL, VERDICT_UNUSABLE = "通过", "不通过", "无法审查"


@dataclass(frozen=True)
class SchemePart:
    """One part of a locality's scheme (`二、健全依法行政制度体系`): its items and those the draft implements."""

    title: str
    items: int
    covered: int


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
    parts: tuple[SchemePart, ...] = ()  # per scheme part, the draft's coverage (as scheme_share)
    problems: tuple[str, ...] = ()
    reports: dict[str, str] = field(default_factory=dict)  # 'review', 'coverage' -> path under the output
    config: str = ""  # the configuration the review used, as the summary names it
    seconds: float = 0.0

    @property
    def reviewed(self) -> bool:
        """Whether the locality was reviewed: an unreviewed one has no counts, not zero findings."""
        return self.tasks is not None


# One locality's review may take this long; past it the locality is 无法审查 and the batch goes on.
LOCALITY_SECONDS = 300.0


def review_locality(job: LocalityJob, out: str) -> LocalityResult:
    """Read, check and cover one locality and write its reports. Never raises: problems are recorded."""
    from ..time_limit import OutOfTime, call_within

    started = time.perf_counter()
    problems = list(job.problems)
    try:
        result = call_within(LOCALITY_SECONDS, _review, job, Path(out), problems)
    except OutOfTime:
        problems.append(f"审查超过 {LOCALITY_SECONDS:g} 秒仍未完成,已停止(文件可能过大或格式异常)")
        result = failed_result(job, "")
    except MemoryError:
        from ..memory_cap import memory_exceeded_message
        problems.append(memory_exceeded_message())
        result = failed_result(job, "")
    except Exception as exc:  # noqa: BLE001 - one locality's failure must not stop the batch
        problems.append(f"处理时出现意外错误({type(exc).__name__}: {exc})")
        result = failed_result(job, "")
    return replace(result, problems=tuple(problems), seconds=round(time.perf_counter() - started, 3))


def _name(path: str | None) -> str:
    return Path(path).name if path else ""


def _load(path: str | None, kind: str, problems: list[str], label: str, config: CheckConfig | None = None):
    """A plan read as the configuration says (its `[parse]`), or None with the reason appended to problems."""
    if not path:
        return None
    from ..pipeline import load_document

    try:
        return load_document(path, kind, config)
    except PlanInputError as exc:
        problems.append(f"{label}:{exc}")
    except Exception as exc:  # noqa: BLE001 - a broken document is skipped, not fatal
        problems.append(f"{label}:无法读取“{Path(path).name}”({type(exc).__name__}: {exc})")
    return None


def _review(job: LocalityJob, out: Path, problems: list[str]) -> LocalityResult:
    from ..compare.decisions import load_decisions
    from ..pipeline import review
    from .config import config_for

    names = {"draft": _name(job.draft), "baseline": _name(job.baseline), "scheme": _name(job.scheme)}
    try:  # a broken configuration or decisions file stops this locality, as it stops `plancheck check`
        config, config_used = config_for(job)
    except PlancheckError as exc:
        problems.append(str(exc))
        return LocalityResult(job.locality, VERDICT_UNUSABLE, **names)
    draft = _load(job.draft, "annual", problems, "草案", config)
    if draft is None:
        return LocalityResult(job.locality, VERDICT_UNUSABLE, **names)
    try:
        decisions = load_decisions(Path(job.draft).parent)
        result = review(draft, _load(job.baseline, "annual", problems, "去年计划", config),
                        _load(job.scheme, "scheme", problems, "实施方案", config), config, decisions)
    except PlancheckError as exc:
        problems.append(str(exc))
        return LocalityResult(job.locality, VERDICT_UNUSABLE, **names)
    cov = _coverage(job, result.analysis, problems) if result.analysis.scheme is not None else None
    reports = _write_reports(out, job, result, cov, problems)
    return replace(_result(job, names, result, cov, reports), config=config_used)


def _coverage(job: LocalityJob, analysis, problems: list[str]):
    """Coverage over every plan of the locality, reusing the links the analysis already made."""
    from ..compare.coverage import coverage
    from ..pipeline import dated

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
            plan = dated(plan)
            if plan.year is not None and plan.year not in plans:
                plans[plan.year] = plan
    if not plans:
        problems.append("计划没有可识别的年度,未做多年覆盖分析")
        return None
    return coverage(analysis.scheme, list(plans.values()), known_links=known)


def _write_reports(out: Path, job: LocalityJob, result, cov, problems: list[str]) -> dict[str, str]:
    from ..checks import all_rules
    from ..compare.changes import pair_changes
    from ..reports.coverage_report import coverage_json, render_coverage_html
    from ..reports.html_report import render_html
    from ..reports.json_report import dumps_compact, review_report
    from ..reports.output import write_atomic

    folder = report_folder(out, job.locality)
    folder.mkdir(parents=True, exist_ok=True)
    analysis, findings = result.analysis, result.findings
    changes = pair_changes(analysis)  # what changed per aligned pair, decided once for both reports
    report = review_report(analysis, findings, changes)  # written compact: thousands of them
    if cov is not None:
        report["coverage"] = coverage_json(cov)
    written, place = {}, folder.relative_to(out).as_posix()  # where the reports are, under the output
    pages = [("review", "report.html",
              lambda: render_html(analysis, findings, all_rules(), changes=changes).encode("utf-8")),
             ("json", "report.json", lambda: dumps_compact(report))]
    if cov is not None:
        pages.append(("coverage", "coverage.html", lambda: render_coverage_html(cov).encode("utf-8")))
    if job.opinion:
        pages.append(("opinion", "report-opinion.docx", lambda: _opinion(job, result)))
    for key, name, rendered in pages:
        try:
            write_atomic(folder / name, rendered(), durable=False)  # regenerated by a rerun
            written[key] = f"{place}/{name}"
        except Exception as exc:  # noqa: BLE001 - a report that fails to render is noted, the rest written
            problems.append(f"未能生成 {name}({type(exc).__name__}: {exc})")
    return written


def _opinion(job: LocalityJob, result) -> bytes:
    """The locality's 审查意见书, signed as the batch's configuration (or the locality's own) says."""
    from ..reports.word_opinion import render_opinion
    from ..reports.word_settings import document_settings

    settings = document_settings(job.config, job.draft if job.local_config else None)
    return render_opinion(result.analysis, result.findings, settings)


def _result(job, names, result, cov, reports) -> LocalityResult:
    analysis, findings = result.analysis, result.findings
    severities = Counter(f.severity for f in findings)
    scheme_share, parts = None, ()
    if cov is not None and analysis.draft.year in cov.years:
        year = cov.years.index(analysis.draft.year)
        scheme_share = cov.by_year[year].share
        parts = tuple(SchemePart(s.section, s.items, s.covered[year]) for s in cov.by_section)
    return LocalityResult(
        locality=job.locality,
        verdict=VERDICT_PASS if result.passes else VERDICT_FAIL,
        **names,
        tasks=len(analysis.draft.tasks),
        severities=dict(severities),
        rules=dict(Counter(f.rule for f in findings)),
        scheme_share=scheme_share,
        share_any=cov.share_any if cov is not None else None,
        never_covered=len(cov.never_covered) if cov is not None else None,
        dropped=len(cov.dropped) if cov is not None else None,
        parts=parts,
        reports=reports,
    )


def failed_result(job: LocalityJob, problem: str) -> LocalityResult:
    return LocalityResult(job.locality, VERDICT_UNUSABLE, draft=_name(job.draft), baseline=_name(job.baseline),
                          scheme=_name(job.scheme), problems=job.problems + (problem,))


def init_worker() -> None:
    """Load the segmenter and the heavy modules once per worker; leave Ctrl-C to the parent."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from ..memory_cap import cap_worker_memory

    from ..reviewing_process import no_blas_thread_pool, one_blas_thread, settle_collector

    no_blas_thread_pool()
    cap_worker_memory()
    prime_review()
    one_blas_thread()
    settle_collector()


def prime_review() -> None:
    """Load what every review needs once: the segmenter with its words, spaCy, the rules, compare."""
    from ..checks import all_rules
    from ..compare import analyse  # noqa: F401
    from ..plans.nlp import chinese_vocab, dictionary_cut, hmm_cut

    chinese_vocab()
    hmm_cut()
    dictionary_cut()
    all_rules()


# A worker holds the segmenter, spaCy, numpy and scipy: about 235 MiB resident, flat over thousands of localities.
