"""Comparing plans: align a draft with last year's plan, link both to the scheme, redline the changes.

`analyse` is the one entry point the rest of the tool needs. The heavy libraries (numpy, scipy,
rapidfuzz, jieba, diff-match-patch) are imported by the modules that use them, and those modules
are imported only when `analyse` runs, so `plancheck --help` stays fast.
"""
from __future__ import annotations

import os
from dataclasses import replace

from ..plans.model import Plan
from .decisions import Decisions
from .model import Analysis


def analyse(draft: Plan, baseline: Plan | None = None, scheme: Plan | None = None,
            decisions: Decisions | str | os.PathLike[str] | None = None) -> Analysis:
    """Align `draft` with `baseline`, link both to `scheme`, honour reviewer `decisions`.

    `decisions` may be a `Decisions`, the path of a decisions file (or of the folder holding
    `plancheck-decisions.json`), or None for none.
    """
    from .align import align_years
    from .decisions import load_decisions
    from .features import prepare
    from .redline import redlines
    from .renames import unit_renames
    from .scheme import link_with_decisions

    if isinstance(decisions, (str, os.PathLike)):
        decisions = load_decisions(decisions)
    applied: list[str] = []
    result: dict = {}
    if baseline is not None:
        aligned = align_years(baseline, draft, decisions)
        # The features alignment prepared hold each task's normalised text.
        old_texts, new_texts = prepare(baseline.tasks).texts, prepare(draft.tasks).texts
        lines = redlines((old_texts[row.baseline - 1], new_texts[row.draft - 1]) for row in aligned.alignment)
        result["alignment"] = tuple(replace(row, redline=line) for row, line in zip(aligned.alignment, lines))
        result["dropped"], result["added"] = aligned.dropped, aligned.added
        result["unit_renames"] = unit_renames(baseline, draft, aligned.alignment)
        result["dropped_near"], result["added_near"] = aligned.near_misses
        applied.extend(aligned.decisions_applied)
    if scheme is not None:
        links = {}
        if baseline is not None:
            links["baseline"], messages = link_with_decisions(baseline, scheme, decisions, "baseline")
            applied.extend(messages)
        items_of = {}
        for link in links.get("baseline", ()):
            items_of.setdefault(link.task, []).append(link.item)
        carried = [(row.draft, item) for row in result.get("alignment", ()) for item in items_of.get(row.baseline, ())]
        links["draft"], messages = link_with_decisions(draft, scheme, decisions, "draft", carried)
        applied.extend(messages)
        result["scheme_links"] = links
    return Analysis(draft=draft, baseline=baseline, scheme=scheme, decisions_applied=tuple(applied), **result)


__all__ = ["analyse"]
