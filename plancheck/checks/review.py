"""The whole review in one call: read the documents, compare them, run the rules."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..compare.model import Analysis
from .finding import Finding


@dataclass(frozen=True)
class Review:
    """A finished review: the analysis and its findings."""

    analysis: Analysis
    findings: tuple[Finding, ...]


def review_files(draft: str | Path, baseline: str | Path | None = None, scheme: str | Path | None = None,
                 config_path: str | Path | None = None) -> Review:
    """Read, align and check a draft against its baseline and scheme. Raises PlanInputError, ConfigError."""
    from ..compare import analyse
    from ..compare.decisions import load_decisions
    from ..plans import load_plan
    from . import run_checks
    from .config import load_config

    config = load_config(Path(config_path) if config_path else None, Path(draft).parent)
    draft_plan = load_plan(draft, kind="annual")
    if config.year and draft_plan.year is None:
        from dataclasses import replace

        draft_plan = replace(draft_plan, year=config.year)
    baseline_plan = load_plan(baseline, kind="annual") if baseline else None
    scheme_plan = load_plan(scheme, kind="scheme") if scheme else None
    decisions = load_decisions(Path(draft).parent)
    analysis = analyse(draft_plan, baseline_plan, scheme_plan, decisions=decisions)
    return Review(analysis=analysis, findings=tuple(run_checks(analysis, config)))
