"""Word deliverables: time to render the 审查意见书, the 新旧对照表 and the annotated draft of the bundled
示例县 review (24 draft tasks, 22 last year, 25 scheme items) written as a Word draft.

Run: .venv/bin/pytest benchmarks/bench_word.py --benchmark-only
"""
from __future__ import annotations

import pytest
from word_drafts import EXAMPLES, write_docx_draft

from plancheck.pipeline import review_files
from plancheck.reports.word_annotate import render_annotated
from plancheck.reports.word_comparison import render_comparison
from plancheck.reports.word_opinion import render_opinion
from plancheck.reports.word_settings import DocumentSettings


@pytest.fixture(scope="module")
def review(tmp_path_factory):
    draft = write_docx_draft(tmp_path_factory.mktemp("word") / "draft.docx")
    return review_files(draft, EXAMPLES / "plan_2024.txt", EXAMPLES / "scheme_2021_2025.txt")


@pytest.mark.parametrize("render", [render_opinion, render_comparison, render_annotated],
                         ids=["opinion", "table", "annotated"])
def test_render(benchmark, review, render):
    data = benchmark(render, review.analysis, review.findings, DocumentSettings(reviewer="王审查"))
    benchmark.extra_info["bytes"] = len(data)
    assert data[:2] == b"PK"
