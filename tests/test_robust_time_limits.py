"""Issue #14, time: every diff has a deadline, assignment on huge matrices stays bounded, and the readers
cap pages and rows with a clear message. (Hang guards run in a forked process; no timing is asserted.)"""
from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest
from robust_fuzz import finishes_within, sample_pdf, write
from scipy.optimize import linear_sum_assignment

from plancheck.compare.assignment import best_pairs
from plancheck.compare.redline import diff_engine, redline
from plancheck.plans.errors import PlanInputError
from plancheck.plans.readers import read_document

WORDS = ("推进", "依法", "行政", "执法", "监督", "县司法局", "加强", "规范", "完善", "制度", "建设", "法治",
         "政府", "落实", "责任", "考核", "公开", "决策", "审查", "备案")


def _long_task(seed: int, size: int = 120_000) -> str:
    """A task of `size` characters of plan words, a sentence every twenty words or so."""
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < size:
        word = rng.choice(WORDS) + ("。" if rng.random() < 0.05 else "")
        parts.append(word)
        length += len(word)
    return "".join(parts)[:size]


def _redline_both_engines(old: str, new: str) -> None:
    redline(old, new)  # the C++ engine where installed
    diff_engine(prefer_native=False)(old, new)  # the reference Python engine


def test_a_pair_of_120000_character_tasks_is_diffed_within_the_review_limit() -> None:
    finishes_within(30, _redline_both_engines, _long_task(1), _long_task(2))


def test_best_pairs_is_the_optimal_assignment_of_the_candidates() -> None:
    rng = np.random.default_rng(14)
    score = rng.random((60, 50)) * (rng.random((60, 50)) < 0.1)  # sparse candidates, several groups
    rows, cols = linear_sum_assignment(np.where(score >= 0.3, 1.0 - score, 1.0))
    expected = sorted((int(r), int(c)) for r, c in zip(rows, cols) if score[r, c] >= 0.3)
    found = best_pairs(score, 0.3)
    assert sum(score[r, c] for r, c in found) == pytest.approx(sum(score[r, c] for r, c in expected))
    assert len({r for r, _ in found}) == len(found) == len({c for _, c in found})


def _assign_huge() -> None:
    score = np.full((4_000, 4_000), 0.9) - np.random.default_rng(1).random((4_000, 4_000)) * 0.01
    pairs = best_pairs(score, 0.5)  # one group of 16 million candidates: matched greedily
    assert len(pairs) == 4_000


def test_assignment_of_4000_by_4000_similar_tasks_is_bounded() -> None:
    finishes_within(30, _assign_huge)


def test_pdf_beyond_the_page_limit_is_refused_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("plancheck.plans.readers.pdf.MAX_PDF_PAGES", 1)
    with pytest.raises(PlanInputError) as caught:
        read_document(write(tmp_path, "两页.pdf", sample_pdf()))
    assert "页数过多(共 2 页)" in str(caught.value) and "两页.pdf" in str(caught.value)


def test_table_beyond_the_row_limit_is_refused_by_name(tmp_path: Path) -> None:
    rows = "\n".join(f"{n},示例县第{n}项任务,县司法局" for n in range(1, 100_002))
    with pytest.raises(PlanInputError) as caught:
        read_document(write(tmp_path, "十万行.csv", ("序号,工作任务,牵头单位\n" + rows).encode("utf-8")))
    assert "表格行数过多" in str(caught.value) and "十万行.csv" in str(caught.value)
