"""Lead units renamed between the years: the same body under a new name, not a change of owner.

Two kinds of evidence, each enough on its own:

* the names are variants of one another: the shorter's characters appear in order in the longer and
  both end alike (县编办 -> 县委编办, 县发改局 -> 县发展改革局);
* a plan-wide swap: the old name is gone from the draft, the new one was absent from last year's
  plan, and every aligned task the old unit led is now led by the new one (a bureau merged into a
  new one: 县工商局 and 县质监局 -> 县市场监管局).
"""
from __future__ import annotations

from collections.abc import Sequence

from ..plans.model import Plan
from .features import unit_key
from .model import AlignedPair, UnitRename

# A shorter name this long at least, so 县委 is never taken for 县委编办.
MIN_VARIANT = 3


def unit_renames(baseline: Plan, draft: Plan, alignment: Sequence[AlignedPair]) -> tuple[UnitRename, ...]:
    """The lead units renamed between `baseline` and `draft`, judged on the aligned pairs."""
    in_baseline = _all_units(baseline)
    in_draft = _all_units(draft)
    # old unit -> for each aligned pair it led, the draft's new lead units
    replaced: dict[str, list[set[str]]] = {}
    names: dict[str, str] = {}
    for row in alignment:
        old_task, new_task = baseline.tasks[row.baseline - 1], draft.tasks[row.draft - 1]
        old_units = {unit_key(u): u for u in old_task.lead_units}
        new_units = {unit_key(u): u for u in new_task.lead_units}
        names.update(old_units)
        names.update(new_units)
        for key in set(old_units) - set(new_units):
            if key not in in_draft:
                replaced.setdefault(key, []).append({k for k in set(new_units) - set(old_units) if k not in in_baseline})
    found = []
    for old, candidates in sorted(replaced.items()):
        variants = sorted({new for c in candidates for new in c if is_variant(old, new)})
        common = set.intersection(*candidates) if candidates else set()
        if len(variants) == 1:
            found.append(UnitRename(names[old], names[variants[0]], "variant"))
        elif len(common) == 1:
            found.append(UnitRename(names[old], names[common.pop()], "swap"))
    return tuple(found)


def is_variant(a: str, b: str) -> bool:
    """Whether one unit name is a form of the other (characters in order, same last character)."""
    short, long = sorted((unit_key(a), unit_key(b)), key=len)
    if len(short) < MIN_VARIANT or short == long or short[-1] != long[-1] or short[0] != long[0]:
        return False
    chars = iter(long)
    return all(ch in chars for ch in short)


def _all_units(plan: Plan) -> set[str]:
    return {unit_key(u) for t in plan.tasks for u in (*t.lead_units, *t.responsible_units)}
