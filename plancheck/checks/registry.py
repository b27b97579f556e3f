"""The rule registry: every rule is one module of `checks.rules`; this list names them in report order.

A rule module defines NAME (stable, from docs/rules.md), SEVERITY (default), TITLE (short Chinese name),
DESCRIPTION (Chinese, with a bad and a good example) and `check(analysis, config) -> Iterable[Finding]`;
SINGLE_PLAN = True marks a rule that looks at each plan on its own (and so also at the baseline), and
THRESHOLDS the rule's tunable numbers with their defaults (`[thresholds]` in plancheck.toml).
Adding a rule is adding its module and one line here.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from ..compare.model import Analysis
from .finding import SEVERITIES, Finding

if TYPE_CHECKING:
    from .config import CheckConfig

RULE_MODULES = (
    "missing_lead_unit",
    "missing_responsible_unit",
    "duplicate_task",
    "dropped_task",
    "weakened_target",
    "scheme_gap",
    "stale_reference",
    "numbering",
    "unit_name_variant",
)


@dataclass(frozen=True)
class Rule:
    """One consistency check, as described by its module."""

    name: str
    severity: str
    title: str
    description: str
    check: Callable[[Analysis, CheckConfig], Iterable[Finding]]
    single_plan: bool = False
    thresholds: dict[str, float] = field(default_factory=dict)


def _load(module_name: str) -> Rule:
    module = importlib.import_module(f"{__package__}.rules.{module_name}")
    for attr in ("NAME", "SEVERITY", "TITLE", "DESCRIPTION", "check"):
        if not hasattr(module, attr):
            raise TypeError(f"rule module {module.__name__} lacks {attr}")
    if module.SEVERITY not in SEVERITIES:
        raise TypeError(f"rule module {module.__name__} has unknown severity {module.SEVERITY!r}")
    return Rule(module.NAME, module.SEVERITY, module.TITLE, module.DESCRIPTION.strip(), module.check,
                getattr(module, "SINGLE_PLAN", False), dict(getattr(module, "THRESHOLDS", {})))


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, in report order."""
    return tuple(_load(name) for name in RULE_MODULES)


@cache
def default_thresholds() -> dict[str, float]:
    """Every rule's thresholds with their defaults, by name."""
    return {name: value for rule in all_rules() for name, value in rule.thresholds.items()}


def rule_names() -> tuple[str, ...]:
    """The stable names of every rule."""
    return tuple(rule.name for rule in all_rules())


def get_rule(name: str) -> Rule:
    """The rule with this stable name; KeyError if there is none."""
    for rule in all_rules():
        if rule.name == name:
            return rule
    raise KeyError(name)
