"""Consistency checks: turn an `Analysis` into a sorted list of `Finding`s.

Each rule lives in its own module of `rules/` (listed in `registry.RULE_MODULES`); the modules beside
it are the machinery: running, configuration, findings and the text helpers the rules share.
Configuration can switch any rule off or change its severity.
"""
from __future__ import annotations

from dataclasses import replace

from ..compare.model import Analysis
from .config import CheckConfig, ConfigError, load_config
from .finding import SEVERITIES, Finding
from .registry import Rule, all_rules, get_rule, rule_names

__all__ = [
    "CheckConfig", "ConfigError", "Finding", "Rule",
    "all_rules", "get_rule", "load_config", "rule_names", "run_checks", "sort_findings",
]

_DOCUMENT_ORDER = {"draft": 0, "baseline": 1, "scheme": 2}


def run_checks(analysis: Analysis, config: CheckConfig | None = None) -> list[Finding]:
    """Run every enabled rule over the analysis, apply severity overrides, and sort the findings.

    Single-plan findings about the baseline are `info`: last year's plan is published, its defects are
    context for the reviewer, not reasons to reject the draft.
    """
    config = config or CheckConfig()
    findings: list[Finding] = []
    for rule in all_rules():
        settings = config.settings(rule.name)
        if not settings.enabled:
            continue
        for finding in rule.check(analysis, config):
            severity = settings.severity or finding.severity
            if rule.single_plan and finding.document == "baseline":
                severity = "info"
            if severity != finding.severity:
                finding = replace(finding, severity=severity)
            findings.append(finding)
    return sort_findings(findings)


def _task_key(finding: Finding) -> int:
    if finding.task is not None:
        return finding.task
    return min(finding.tasks) if finding.tasks else 0


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Order by severity (errors first), then document (draft, baseline, scheme), then task."""
    return sorted(findings, key=lambda f: (
        SEVERITIES.index(f.severity) if f.severity in SEVERITIES else len(SEVERITIES),
        _DOCUMENT_ORDER.get(f.document, len(_DOCUMENT_ORDER)),
        _task_key(f),
        f.against or "",
        f.rule,
    ))
