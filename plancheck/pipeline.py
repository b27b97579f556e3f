"""One review, the same for `check`, `demo`, `batch` and `serve`: years, analysis, findings, verdict, reports.

The callers differ only in where documents come from and how a refusal reaches the user; what a plan's
year is, which settings apply, what counts as passing and how each report is rendered is decided here.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the heavy modules load on first use, so `plancheck --help` stays quick
    from .checks.config import CheckConfig
    from .checks.finding import Finding
    from .compare.decisions import Decisions
    from .compare.model import Analysis
    from .plans.model import Plan

REPORT_FORMATS = ("html", "json", "xlsx")
REPORT_NAMES = {fmt: f"report.{fmt}" for fmt in REPORT_FORMATS}
# The Word documents a bureau sends back (reports/word_*.py), as `demo` and `serve` name them.
WORD_NAMES = {"opinion": "report-opinion.docx", "table": "report-table.docx", "annotated": "report-annotated.docx"}



@dataclass(frozen=True)
class Review:
    """A finished review: the analysis and its findings, sorted as the reports show them."""

    analysis: Analysis
    findings: tuple[Finding, ...]

    @property
    def passes(self) -> bool:
        """The verdict: no finding is an error."""
        from .checks.finding import passes

        return passes(self.findings)

    def count(self, severity: str) -> int:
        """Findings of one severity."""
        return Counter(f.severity for f in self.findings)[severity]


def file_year(path: str | Path | None) -> int | None:
    """The year 20XX a file name carries, if any (never one end of a range)."""
    from .plans.titles import year_in

    return year_in(Path(path).stem) if path else None


def dated(plan: Plan, settings_year: int | None = None, after_baseline: int | None = None) -> Plan:
    """The plan with its year: its title's; else the year the settings give; else its file name's; else the
    year after its baseline's; else the one its text names most."""
    if plan.year_source == "title":
        return plan
    if settings_year:
        return replace(plan, year=settings_year, year_source="settings")
    if plan.year_source != "file" and file_year(plan.path):
        return replace(plan, year=file_year(plan.path), year_source="file")
    if plan.year_source != "file" and after_baseline:
        return replace(plan, year=after_baseline, year_source="baseline")
    return plan


def load_settings(folder: str | Path,
                  config_path: str | Path | None = None) -> tuple[CheckConfig, Decisions | None]:
    """`plancheck.toml` (or config_path) and `plancheck-decisions.json` of the draft's folder.

    Raises ConfigError or DecisionsError: a broken settings file stops the review wherever it runs."""
    from .checks.config import load_config
    from .compare.decisions import load_decisions

    config = load_config(Path(config_path) if config_path else None, Path(folder))
    return config, load_decisions(folder)


def review(draft: Plan, baseline: Plan | None = None, scheme: Plan | None = None,
           config: CheckConfig | None = None, decisions: Decisions | None = None) -> Review:
    """Date the plans, align them, run the rules. Raises DecisionsError when a decision cannot apply."""
    from .checks import CheckConfig, run_checks
    from .compare import analyse

    config = config or CheckConfig()
    baseline = dated(baseline) if baseline else None
    after_baseline = baseline.year + 1 if baseline and baseline.year else None
    analysis = analyse(dated(draft, config.year, after_baseline), baseline, scheme,
                       decisions=decisions)
    return Review(analysis=analysis, findings=tuple(run_checks(analysis, config)))


def load_document(path: str | Path, kind: str, config: CheckConfig | None = None) -> Plan:
    """Read one document as the settings say: with their `[parse]` overrides for its kind."""
    from .plans import load_plan

    return load_plan(path, kind=kind, options=config.reading.for_kind(kind) if config else None)


def with_task_levels(config: CheckConfig, annual: str | None, scheme: str | None) -> CheckConfig:
    """The settings with the task levels a user named on the command line, over those of `[parse]`."""
    reading = config.reading
    if annual:
        reading = replace(reading, annual=replace(reading.annual, task_level=annual))
    if scheme:
        reading = replace(reading, scheme=replace(reading.scheme, task_level=scheme))
    return replace(config, reading=reading)


def review_files(draft: str | Path, baseline: str | Path | None = None, scheme: str | Path | None = None,
                 config_path: str | Path | None = None, task_levels: tuple[str | None, str | None] = (None, None)
                 ) -> Review:
    """Read the documents and the settings beside the draft, then `review`. Raises any PlancheckError.

    task_levels: the task level of the annual plans and of the scheme, where the user names them.
    """
    config, decisions = load_settings(Path(draft).parent, config_path)
    config = with_task_levels(config, *task_levels)
    return review(load_document(draft, "annual", config),
                  load_document(baseline, "annual", config) if baseline else None,
                  load_document(scheme, "scheme", config) if scheme else None, config, decisions)


def report_json(review: Review) -> dict:
    """The JSON report of a review (docs/report.md), as a dict for callers that add to it."""
    from .reports.json_report import review_report

    return review_report(review.analysis, review.findings)


def render(review: Review, fmt: str) -> bytes:
    """One report of the review: 'html', 'json' or 'xlsx'."""
    if fmt == "json":
        from .reports.json_report import dumps

        return dumps(report_json(review)).encode("utf-8")
    if fmt == "html":
        from .checks import all_rules
        from .reports.html_report import render_html

        return render_html(review.analysis, review.findings, all_rules()).encode("utf-8")
    if fmt == "xlsx":
        from .reports.xlsx_ledger import ledger_bytes

        return ledger_bytes(review.analysis, review.findings)
    raise ValueError(f"unknown report format {fmt!r}")


def write_reports(review: Review, paths: dict[str, str | Path], durable: bool = True) -> None:
    """Write the reports of the review, format -> path, each atomically. Raises OutputError."""
    from .reports.output import write_atomic

    for fmt, path in paths.items():
        write_atomic(path, render(review, fmt), durable=durable)
