"""scheme-gap: an item of the implementation scheme that no task of the plan implements."""
from __future__ import annotations

from test_checks_plans import analysis_of, findings_of, plan, task

from plancheck.compare.model import SchemeLink

RULE = "scheme-gap"

SCHEME = plan(task(1, "积极参与地方立法工作", lead=(), responsible=()),
              task(2, "有序推进行政裁决工作", lead=(), responsible=()),
              task(3, "全面推进政务公开", lead=(), responsible=()), kind="scheme", year=2022,
              title="清河县法治政府建设实施方案(2022-2025年)")
DRAFT = plan(task(1, "全面推进政务公开"), task(2, "有序推进行政裁决工作"))
BASELINE = plan(task(1, "全面推进政务公开"), year=2023)


def test_fires_on_items_no_draft_task_links_to():
    a = analysis_of(DRAFT, scheme=SCHEME,
                    scheme_links={"draft": (SchemeLink(1, 3, 0.9), SchemeLink(2, 2, 0.8))})
    [finding] = findings_of(RULE, a)
    assert (finding.document, finding.task, finding.against) == ("scheme", 1, "draft")
    assert "积极参与地方立法工作" in finding.message


def test_also_reports_gaps_of_the_baseline():
    a = analysis_of(DRAFT, BASELINE, scheme=SCHEME,
                    scheme_links={"draft": (SchemeLink(1, 3, 0.9), SchemeLink(2, 2, 0.8)),
                                  "baseline": (SchemeLink(1, 3, 0.9),)})
    gaps = {(f.against, f.task) for f in findings_of(RULE, a)}
    assert gaps == {("draft", 1), ("baseline", 1), ("baseline", 2)}


def test_silent_without_a_scheme_or_when_every_item_is_covered():
    assert findings_of(RULE, analysis_of(DRAFT)) == []
    links = {"draft": (SchemeLink(1, 3, 0.9), SchemeLink(2, 2, 0.8), SchemeLink(2, 1, 0.5))}
    assert findings_of(RULE, analysis_of(DRAFT, scheme=SCHEME, scheme_links=links)) == []
