"""A task none of whose words is a genre synonym is already in canonical wording: its wording, canonical words,
canonical word set and compact wording are taken from its own text, words, word set and compact text, and a task
that uses synonyms is made canonical sentence piece by piece. Both must give what making every token canonical
gives: on the benchmark corpus's plans, the bundled examples, generated plans and random texts.
"""
from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st
from plan_variants import variants


def _assert_canonical_features_are_the_full_ones(tasks) -> None:
    from plancheck.compare.features import _prepare
    from plancheck.compare.fuzzy import compact, word_sets
    from plancheck.compare.genre import canonical_tokens

    features = _prepare.__wrapped__(tuple(tasks))
    wording = tuple("".join(canonical_tokens(tokens)) for tokens in features.tokens)
    canonical_words = tuple(canonical_tokens(words) for words in features.words)
    assert features.wording == wording
    assert features.canonical_words == canonical_words
    assert features.canonical_word_sets == word_sets(canonical_words)
    assert features.compact_wording == compact(wording)
    assert all(same == (wording[k] == features.texts[k] and canonical_words[k] == features.words[k])
               for k, same in enumerate(features.canonical) if same)


def test_canonical_features_of_corpus_plans_are_the_full_ones(corpus_plans):
    from plancheck.compare.features import prepare

    canonical = 0
    for plan in corpus_plans:
        _assert_canonical_features_are_the_full_ones(plan.tasks)
        canonical += sum(prepare(plan.tasks).canonical)
    # Both kinds of task occur, so both paths are compared.
    assert 0 < canonical < sum(len(plan.tasks) for plan in corpus_plans)


@settings(max_examples=25, deadline=None, derandomize=True, database=None)
@given(variants(optional=("unit_share", "unit_style", "numbering")))
def test_canonical_features_of_generated_plans_are_the_full_ones(variant):
    _assert_canonical_features_are_the_full_ones(variant.read().tasks)


_TEXT = st.text(alphabet=st.sampled_from(list("。;,、 推动完善进一步强化执行组织法治95%年“”《》ab")), max_size=40)


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(st.lists(st.tuples(_TEXT, _TEXT), min_size=1, max_size=5))
def test_canonical_features_of_random_tasks_are_the_full_ones(fields):
    from test_checks_plans import task

    tasks = [replace(task(k + 1, "任务"), title=title, text=text) for k, (title, text) in enumerate(fields)]
    _assert_canonical_features_are_the_full_ones(tasks)
