"""Terms shared by many pairs at once, and the specific-term test of scheme links, against their definitions."""
from __future__ import annotations

from pathlib import Path

import pytest


def _comparisons(plans):
    """The comparisons of each corpus locality: its two years aligned (genre wording), each year against its
    scheme; then the two bundled example plans."""
    from plancheck.compare.similarity import compare_tasks

    sims = []
    named = [(Path(p.path).name, p) for p in plans if p.tasks]
    annual = [p for name, p in named if "scheme" not in name]
    schemes = [p for name, p in named if "scheme" in name]
    for k, (baseline, draft) in enumerate(zip(annual[::2], annual[1::2])):
        sims.append(compare_tasks(baseline.tasks, draft.tasks, genre=True))
        if k < len(schemes):
            sims += [compare_tasks(plan.tasks, schemes[k].tasks) for plan in (baseline, draft)]
    return sims


@pytest.fixture(scope="module")
def comparisons(corpus_plans):
    return _comparisons(corpus_plans)


def test_shared_terms_of_many_pairs_are_each_pairs_shared_terms(comparisons):
    from plancheck.compare.shared_terms import shared_terms_of

    checked = 0
    for sim in comparisons:
        n, m = sim.score.shape
        pairs = [(i, j) for i in range(n) for j in range(m)]
        for limit in (6, 2):
            assert shared_terms_of(sim, pairs, limit) == [sim.shared_terms(i, j, limit) for i, j in pairs]
        # A subset, repeated and out of order, as callers pass them.
        some = pairs[::7] + pairs[:3]
        assert shared_terms_of(sim, some) == [sim.shared_terms(i, j) for i, j in some]
        checked += sum(1 for i, j in pairs if sim.shared_terms(i, j))
    assert checked > 5000
    assert shared_terms_of(comparisons[0], []) == []


def test_a_specific_term_in_common_is_a_long_term_of_both(comparisons):
    """The pair-by-pair test of select_links against its matrix form: incidence of the long terms, product."""
    from plancheck.compare.scheme import SPECIFIC_TERM, _share_specific_term
    from plancheck.compare.termspace import product

    share = found = 0
    for sim in comparisons:
        space = sim.terms
        a = space.incidence([[t for t in terms if len(t) >= SPECIFIC_TERM] for terms in sim.old.terms])
        b = space.incidence([[t for t in terms if len(t) >= SPECIFIC_TERM] for terms in sim.new.terms])
        matrix = product(a, b) > 0
        for i, old in enumerate(sim.old.term_sets):
            for j, new in enumerate(sim.new.term_sets):
                assert _share_specific_term(old & new) == matrix[i, j]
                share += 1
                found += bool(matrix[i, j])
    assert share > 5000 and 0 < found < share


def test_term_sets_are_made_once_per_plan_and_equal_to_the_terms():
    from plancheck.compare.features import TaskFeatures

    terms = (("行政复议", "听证"), (), ("证照分离", "证照分离"))
    features = TaskFeatures(titles=("",) * 3, texts=("",) * 3, words=((),) * 3, terms=terms,
                            phrases=(frozenset(),) * 3, units=(frozenset(),) * 3, sections=("",) * 3,
                            positions=(0.0, 0.5, 1.0))
    sets = features.term_sets
    assert sets == (frozenset({"行政复议", "听证"}), frozenset(), frozenset({"证照分离"}))
    assert features.term_sets is sets  # made once for the plan's features, not again for each comparison
