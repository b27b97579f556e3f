"""The benchmark corpus (benchmarks/corpus.py): seeded, every locality worded its own way, and read as written."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from plancheck.plans import load_plan

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.fixture(scope="module")
def corpus():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        import corpus
    finally:
        sys.path.remove(str(BENCHMARKS))
    return corpus


def test_same_seed_same_documents_and_localities_differ(corpus):
    assert corpus.locality_documents(7, 3) == corpus.locality_documents(7, 3)
    texts = [corpus.locality_documents(7, k)[1] for k in range(6)]
    for name in texts[0]:
        assert len({t[name] for t in texts}) == 6, name


def test_three_distinct_documents_of_about_4500_characters(corpus):
    for k in range(6):
        _, texts = corpus.locality_documents(7, k)
        assert sorted(texts) == ["plan_2024.txt", "plan_2025.txt", "scheme_2021_2025.txt"]
        assert len(set(texts.values())) == 3
        assert all(3500 <= len(text) <= 6000 for text in texts.values()), [len(t) for t in texts.values()]


def test_the_draft_carries_most_of_last_years_topics(corpus):
    for k in range(6):
        rng = random.Random(f"7:{k}")
        place = corpus._locality(rng)
        scheme = corpus.scheme_items(rng, place)
        baseline = corpus.baseline_tasks(rng, place, scheme)
        draft = corpus.draft_tasks(rng, place, scheme, baseline)
        assert len(scheme) == corpus.SCHEME_ITEMS
        kept = {t.topic for t in baseline} & {t.topic for t in draft}
        assert 0.45 <= len(kept) / len(baseline) <= 0.95
        assert {t.topic for t in draft} - kept, "the draft adds tasks of its own"


@pytest.mark.parametrize("k", range(10))
def test_plancheck_reads_each_document_as_generated(corpus, tmp_path, k):
    rng = random.Random(f"7:{k}")
    place = corpus._locality(rng)
    scheme = corpus.scheme_items(rng, place)
    baseline = corpus.baseline_tasks(rng, place, scheme)
    draft = corpus.draft_tasks(rng, place, scheme, baseline)
    _, texts = corpus.locality_documents(7, k)
    for name, tasks in (("scheme_2021_2025.txt", scheme), ("plan_2024.txt", baseline), ("plan_2025.txt", draft)):
        path = tmp_path / name
        path.write_text(texts[name], encoding="utf-8")
        plan = load_plan(path, kind="scheme" if name.startswith("scheme") else "annual")
        assert [t.title for t in plan.tasks] == [t.title for t in tasks], (place.layout, name)
        if not name.startswith("scheme"):
            assert [list(t.lead_units) for t in plan.tasks] == [t.lead for t in tasks], place.unit_style


def test_a_draft_that_carries_every_task_may_add_none(corpus):
    """Seed 5, locality 42 carries all of last year's tasks and then draws a negative number of new ones."""
    _, texts = corpus.locality_documents(5, 42)
    assert sorted(texts) == ["plan_2024.txt", "plan_2025.txt", "scheme_2021_2025.txt"]
