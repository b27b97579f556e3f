"""plancheck: review annual 法治政府建设 work plans against last year's plan and the five-year scheme.

The public API: `load_plan` reads a document, `analyse` compares plans, `run_checks` applies the rules,
and `review` (`pipeline.review`) does all three with the years and the verdict decided in one place.
Names load on first use, so `plancheck --help` does not wait for spaCy.
"""
from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "load_plan": "plans", "Plan": "plans.model", "Section": "plans.model", "Task": "plans.model",
    "Target": "plans.model", "analyse": "compare", "Analysis": "compare.model", "run_checks": "checks",
    "CheckConfig": "checks.config", "Finding": "checks.finding", "review": "pipeline",
    "review_files": "pipeline", "Review": "pipeline", "PlancheckError": "errors",
    "PlanInputError": "errors", "ConfigError": "errors", "DecisionsError": "errors", "OutputError": "errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'plancheck' has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
