"""`analyse` fills the Analysis: alignment with redlines, dropped/added with near misses, scheme links."""
from __future__ import annotations

import json

import pytest
from test_compare_align import REVIEW, THREE, TRAINING, TRAINING_2, plan_of
from test_compare_scheme import SCHEME

from plancheck.compare import analyse


def test_analysis_of_draft_baseline_and_scheme():
    baseline = plan_of(2023, [("一", "执法", [THREE, TRAINING])])
    draft = plan_of(2024, [("一", "执法", [TRAINING_2]), ("二", "纠纷", [REVIEW])])
    analysis = analyse(draft, baseline, SCHEME)
    row = analysis.alignment[0]
    assert (row.baseline, row.draft, row.kind) == (2, 1, "carried")
    assert [(s.op, s.text) for s in row.redline.spans if s.op] == [(-1, "3次"), (1, "2次")]
    assert analysis.dropped == (1,) and analysis.added == (2,)
    assert analysis.dropped_near[0].task == 1 and analysis.added_near[0].task == 2
    assert {link.item for link in analysis.scheme_links["baseline"] if link.task == 1} == {1}
    assert {link.item for link in analysis.scheme_links["draft"] if link.task == 2} == {4}


def test_draft_alone():
    draft = plan_of(2024, [("一", "执法", [THREE])])
    analysis = analyse(draft)
    assert analysis.alignment == () and analysis.scheme_links == {}


def test_sample_sets_align_as_gold(shared_dir):
    """Scores on the shared sample sets, when the parser can read them."""
    plans = pytest.importorskip("plancheck.plans")
    for name in ("qinghe", "donghu"):
        folder = shared_dir / "samples" / name
        gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
        pair = gold["pairs"][0]
        old = plans.load_plan(folder / gold["plans"][pair["old"]]["file"])
        new = plans.load_plan(folder / gold["plans"][pair["new"]]["file"])
        if len(old.tasks) != len(gold["plans"][pair["old"]]["tasks"]):
            pytest.skip("the parser does not find the gold tasks; alignment cannot be judged")
        analysis = analyse(new, old)
        expected = {(r["old"], r["new"]) for r in pair["alignment"]}
        found = {(r.baseline, r.draft) for r in analysis.alignment}
        assert len(expected & found) / len(expected | found) >= 0.9, name
