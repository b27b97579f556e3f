"""The report lists a dropped task's near miss with its evidence, flagged for review when it reads alike."""
from __future__ import annotations

from aligncorpus.generate import generate_corpus
from bs4 import BeautifulSoup

from plancheck.compare import analyse
from plancheck.reports.html_report import render_html
from plancheck.reports.json_report import review_report


def test_a_distractor_is_shown_for_review_with_its_evidence():
    pair = next(p for p in generate_corpus(10, 3) if p.truth.distractors)
    old, new = min(pair.truth.distractors)
    analysis = analyse(pair.draft, pair.baseline)
    assert old in analysis.dropped and new in analysis.added
    dropped = BeautifulSoup(render_html(analysis, []), "html.parser").find(id="dropped")
    row = next(tr for tr in dropped.select("tbody tr") if pair.draft.tasks[new - 1].title in tr.get_text())
    assert "待核对" in row.get_text() and "文字相似度" in row.get_text()
    [near] = [n for n in review_report(analysis, [])["near_misses"]["dropped"] if n["task"] == old]
    assert near["candidate"] == new and near["review"] and near["confidence"] < 0.5
