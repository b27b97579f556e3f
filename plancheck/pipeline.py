"""One review, the same for `check`, `demo`, `batch` and `serve`: years, analysis, findings, verdict, reports.

The callers differ only in where documents come from and how a refusal reaches the user; what a plan's
year is, which settings apply, what counts as passing and how each report is rendered is decided here.
"""
from __future__ import annotations

import re
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

YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


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
    """The year 20XX a file name carries, if any."""
    match = YEAR_IN_NAME.search(Path(path).stem) if path else None
    return int(match.group(1)) if match else None


def dated(plan: Plan, *fallbacks: int | None) -> Plan:
    """The plan with a year: its title's, else the first fallback given, else its file name's."""
    if plan.year is not None:
        return plan
    year = next((y for y in fallbacks if y), None) or file_year(plan.path)
    return replace(plan, year=year) if year else plan


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
    analysis = analyse(dated(draft, config.year), dated(baseline) if baseline else None, scheme,
                       decisions=decisions)
    return Review(analysis=analysis, findings=tuple(run_checks(analysis, config)))


def review_files(draft: str | Path, baseline: str | Path | None = None, scheme: str | Path | None = None,
                 config_path: str | Path | None = None) -> Review:
    """Read the documents and the settings beside the draft, then `review`. Raises any PlancheckError."""
    from .plans import load_plan

    config, decisions = load_settings(Path(draft).parent, config_path)
    return review(load_plan(draft, kind="annual"), load_plan(baseline, kind="annual") if baseline else None,
                  load_plan(scheme, kind="scheme") if scheme else None, config, decisions)


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
