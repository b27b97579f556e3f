"""The rules on the shared sample sets, given the gold alignment and scheme links: exactly the gold findings.

This isolates the rules from the aligner: any miss or extra here is the rules' own.
"""
from __future__ import annotations

import json

import pytest

from plancheck.checks import run_checks
from plancheck.compare.model import AlignedPair, Analysis, SchemeLink
from plancheck.plans import load_plan

SINGLE = {"missing-lead-unit", "missing-responsible-unit", "duplicate-task", "stale-reference", "numbering"}
PAIR = {"dropped-task", "weakened-target", "scheme-gap"}


def _key(finding: dict) -> tuple:
    where = tuple(sorted(finding["tasks"])) if finding.get("tasks") else finding.get("task")
    return finding["rule"], where, finding.get("old_task")


@pytest.mark.parametrize("set_name", ["qinghe", "donghu"])
def test_rules_find_exactly_the_gold_findings(shared_dir, set_name):
    folder = shared_dir / "samples" / set_name
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    plans = {pid: load_plan(folder / p["file"], kind=p.get("kind")) for pid, p in gold["plans"].items()}
    scheme_id = next((pid for pid, p in gold["plans"].items() if p.get("kind") == "scheme"), None)
    for pair in gold["pairs"]:
        old_id, new_id = pair["old"], pair["new"]
        links = {role: tuple(SchemeLink(link["task"], item, 1.0)
                             for link in gold["scheme_links"].get(pid, []) for item in link["items"])
                 for role, pid in (("baseline", old_id), ("draft", new_id))}
        analysis = Analysis(
            draft=plans[new_id], baseline=plans[old_id], scheme=plans.get(scheme_id) if scheme_id else None,
            alignment=tuple(AlignedPair(r["old"], r["new"], r["kind"], 1.0) for r in pair["alignment"]),
            dropped=tuple(pair["dropped"]), added=tuple(pair["added"]), scheme_links=links)
        found = [f for f in run_checks(analysis) if f.rule in SINGLE | PAIR]
        got = {("draft" if f.document == "draft" else "baseline" if f.document == "baseline" else "scheme",
                _key({"rule": f.rule, "task": f.task, "tasks": f.tasks, "old_task": f.old_task}))
               for f in found if f.rule != "scheme-gap" or f.against == "draft"}
        role_of = {new_id: "draft", old_id: "baseline", scheme_id: "scheme"}
        expected = {(role_of[f["plan"]], _key(f)) for f in gold["findings"]
                    if f["plan"] in role_of and (f["rule"] != "scheme-gap" or f.get("against") == new_id)}
        assert got == expected
