"""The review view's one-pass shortcuts give what each side or item made on its own gave.

A pair's redline spans are made for both sides in one pass over the redline, and each year's scheme links
are grouped by item in one pass over that year's links. Checked against the per-side and per-item
definitions on the corpus localities (each worded its own way) and the sample analysis, hostile text
included.
"""
from __future__ import annotations

import pytest
from test_report_html import EVIL, sample_analysis

from plancheck.reports.labels import SNIPPET_CHARS, shorten
from plancheck.reports.review_view import Link, Span
from plancheck.reports.review_view_builder import _item_links, _pair_spans, task_anchor


@pytest.fixture(scope="module")
def analyses(corpus_plans):
    """The sample analyses and each corpus locality's (its plans come as last year's, the draft, the scheme)."""
    from plancheck.compare import analyse

    found = [sample_analysis(), sample_analysis(EVIL), sample_analysis(EVIL, scheme=False)]
    localities = [corpus_plans[k:k + 3] for k in range(0, len(corpus_plans) - 2, 3)
                  if corpus_plans[k + 2].kind == "scheme"]
    found += [analyse(draft, baseline, scheme) for baseline, draft, scheme in localities]
    return found


def _side_spans(pair, side: str, pair_id: str) -> tuple[Span, ...] | None:
    """One side's spans on their own: the kept text plus that side's deletions or insertions, by position."""
    if pair.redline is None:
        return None
    wanted = -1 if side == "baseline" else 1
    return tuple(Span(0, s.text) if s.op == 0 else Span(s.op, s.text, f"{pair_id}-c{n}")
                 for n, s in enumerate(pair.redline.spans) if s.op in (0, wanted))


def test_both_sides_spans_in_one_pass_are_each_sides_own(analyses):
    checked = 0
    for analysis in analyses:
        for n, pair in enumerate(analysis.alignment, start=1):
            pair_id = f"pair-{n}"
            baseline, draft = _pair_spans(pair, pair_id)
            assert baseline == _side_spans(pair, "baseline", pair_id)
            assert draft == _side_spans(pair, "draft", pair_id)
            checked += pair.redline is not None and any(s.op for s in pair.redline.spans)
    assert checked > 50  # pairs with edits on at least one side, not only kept text


def _links_of_item(role: str, plan, links, item: int) -> tuple[Link, ...]:
    """One item's links to one plan's tasks on their own: in task order, each labelled from its task."""
    found = []
    for link in sorted((k for k in links if k.item == item), key=lambda k: k.task):
        task = plan.tasks[link.task - 1] if plan is not None and 1 <= link.task <= len(plan.tasks) else None
        title = task.title if task else ""
        found.append(Link(f"{link.task} {shorten(title, SNIPPET_CHARS)}".strip(),
                          f"#{task_anchor(role, link.task)}" if task else None, f"{title} · 相似度 {link.score:.2f}"))
    return tuple(found)


def test_links_grouped_in_one_pass_are_each_items_own(analyses):
    checked = 0
    for analysis in analyses:
        if analysis.scheme is None:
            continue
        for role, plan in (("baseline", analysis.baseline), ("draft", analysis.draft)):
            links = analysis.scheme_links.get(role, ())
            by_item = _item_links(role, plan, links)
            assert set(by_item) == {link.item for link in links}
            for item in analysis.scheme.tasks:
                assert by_item.get(item.index, ()) == _links_of_item(role, plan, links, item.index)
                checked += len(by_item.get(item.index, ())) > 1
    assert checked > 20  # items linked to several tasks, whose order counts
