"""Reviewer decisions override alignment and scheme links, and the analysis says what was applied."""
from __future__ import annotations

import json

import pytest
from test_compare_align import KEY_AREAS, LENIENT, REVIEW, THREE, TRAINING, TRAINING_2, plan_of
from test_compare_scheme import SCHEME

from plancheck.compare import analyse
from plancheck.compare.align import align_years
from plancheck.compare.decisions import (
    AlignmentDecision,
    Decisions,
    LinkDecision,
    load_decisions,
    resolve_task,
)
from plancheck.errors import DecisionsError, PlancheckError

BASELINE = plan_of(2023, [("一", "执法", [THREE, TRAINING, KEY_AREAS]), ("二", "纠纷", [REVIEW])])
DRAFT = plan_of(2024, [("一", "执法", [THREE, LENIENT, TRAINING_2]), ("二", "纠纷", [REVIEW])])


def pairs(result):
    return {(r.baseline, r.draft): (r.kind, r.decision) for r in result.alignment}


def test_without_decisions():
    result = align_years(BASELINE, DRAFT)
    assert set(pairs(result)) == {(1, 1), (2, 3), (4, 4)}
    assert result.dropped == (3,) and result.added == (2,)


def test_force_aligns_a_pair_the_scores_left_apart():
    decisions = Decisions(alignment=(AlignmentDecision(3, 2, "force", "rewritten"),))
    result = align_years(BASELINE, DRAFT, decisions)
    assert pairs(result)[(3, 2)] == ("rewritten", "forced")
    assert result.dropped == () and result.added == ()
    assert result.decisions_applied == ("已按审核决定:第2项与去年第3项强制对应",)


def test_reject_forbids_a_pair():
    decisions = Decisions(alignment=(AlignmentDecision(2, 3, "reject"),))
    result = align_years(BASELINE, DRAFT, decisions)
    assert (2, 3) not in pairs(result)
    assert 2 in result.dropped and 3 in result.added
    assert result.decisions_applied == ("已按审核决定:第3项不与去年第2项对应",)


def test_confirm_keeps_the_pair_and_marks_it():
    result = align_years(BASELINE, DRAFT, Decisions(alignment=(AlignmentDecision(1, 1, "confirm"),)))
    assert pairs(result)[(1, 1)] == ("carried", "confirmed")


def test_force_dropped_by_null_partner():
    result = align_years(BASELINE, DRAFT, Decisions(alignment=(AlignmentDecision(4, None, "force"),)))
    assert 4 in result.dropped and 4 in result.added
    assert "去年第4项视为删除" in result.decisions_applied[0]


def test_printed_numbers_resolve_and_unknown_ones_are_reported():
    assert resolve_task(DRAFT, "3") == 3
    assert resolve_task(DRAFT, "一3") == 3
    result = align_years(BASELINE, DRAFT, Decisions(alignment=(AlignmentDecision("(九)", 1, "force"),)))
    assert result.decisions_applied == ("审核决定未能应用:找不到或无法唯一确定去年计划中的“(九)”",)


def test_scheme_link_decisions_and_file_next_to_the_plans(tmp_path):
    path = tmp_path / "plancheck-decisions.json"
    path.write_text(json.dumps({
        "alignment": [{"baseline": 3, "draft": 2, "decision": "force"}],
        "scheme_links": [{"plan": "draft", "task": 2, "item": 5, "decision": "force"},
                         {"plan": "draft", "task": 1, "item": 1, "decision": "reject"}],
    }), encoding="utf-8")
    decisions = load_decisions(tmp_path)
    assert decisions.scheme_links[0] == LinkDecision("draft", 2, 5, "force")
    analysis = analyse(DRAFT, BASELINE, SCHEME, decisions=tmp_path)
    draft_links = {(link.task, link.item): link.decision for link in analysis.scheme_links["draft"]}
    assert draft_links[(2, 5)] == "forced"
    assert (1, 1) not in draft_links
    assert "已按审核决定:第2项与去年第3项强制对应" in analysis.decisions_applied
    assert "已按审核决定:强制第2项与实施方案第5项关联" in analysis.decisions_applied
    assert "已按审核决定:第1项不与实施方案第1项关联" in analysis.decisions_applied


def test_no_file_means_no_decisions(tmp_path):
    assert load_decisions(tmp_path) is None


@pytest.mark.parametrize(("text", "words"), [
    ('{"alignment": [{"baseline": 1, "decision": "maybe"}]}', "force、confirm 或 reject"),
    ('{"alignment": 3}', "alignment 应为列表"),
    ('{"scheme_links": {"task": 1}}', "scheme_links 应为列表"),
])
def test_malformed_file_is_an_input_error(tmp_path, text: str, words: str):
    (tmp_path / "plancheck-decisions.json").write_text(text, encoding="utf-8")
    with pytest.raises(DecisionsError) as caught:
        load_decisions(tmp_path)
    assert isinstance(caught.value, PlancheckError)
    assert words in str(caught.value)
