"""Scheme links carried forward from last year's counterpart: kept where the task still speaks of the item."""
from __future__ import annotations

from test_compare_align import plan_of
from test_compare_scheme import SCHEME

from plancheck.compare.decisions import Decisions, LinkDecision
from plancheck.compare.scheme import link_with_decisions

# Mostly about the 三项制度 item; its closing clause on settling disputes is what is left of last year's
# 行政复议 task, too little to link on its own.
DRAFT = plan_of(2024, [("一", "推进依法行政", [
    ("严格规范公正文明执法", ("全面推行行政执法公示、执法全过程记录、重大执法决定法制审核制度,统一行政执法文书格式。"
                              "推动调解和解化解争议。"), ("县司法局",)),
    ("加强机关食堂管理", "落实食品安全责任,改善干部职工就餐条件。", ("县机关事务中心",)),
])])
REVIEW_ITEM = 4  # 发挥行政复议化解行政争议主渠道作用
OPENNESS_ITEM = 7  # 全面主动落实政务公开


def _items(links, task):
    return {link.item for link in links if link.task == task}


def test_a_carried_link_is_kept_where_the_task_still_speaks_of_the_item():
    alone, _ = link_with_decisions(DRAFT, SCHEME, None, "draft")
    assert REVIEW_ITEM not in _items(alone, 1)
    links, _ = link_with_decisions(DRAFT, SCHEME, None, "draft", carried=[(1, REVIEW_ITEM)])
    assert REVIEW_ITEM in _items(links, 1)


def test_a_carried_link_needs_evidence_in_the_task_itself():
    links, _ = link_with_decisions(DRAFT, SCHEME, None, "draft", carried=[(2, OPENNESS_ITEM)])
    assert OPENNESS_ITEM not in _items(links, 2)


def test_a_reviewer_rejection_overrides_a_carried_link():
    decisions = Decisions(scheme_links=(LinkDecision(action="reject", plan="draft", task=1, item=REVIEW_ITEM),))
    links, messages = link_with_decisions(DRAFT, SCHEME, decisions, "draft", carried=[(1, REVIEW_ITEM)])
    assert REVIEW_ITEM not in _items(links, 1)
    assert messages
